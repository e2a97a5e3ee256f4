//! A deployed function's code and configuration, read with `GetFunction` (the one call
//! `authorizer audit --function` makes to AWS): the zip is downloaded from `Code.Location`
//! (a presigned S3 URL on AWS, the sandbox's own route under `--sandbox`).

use std::collections::BTreeMap;
use std::time::Duration;

use super::super::error::{AwsError, sdk};
use super::super::http::is_loopback_url;
use super::Aws;

/// Lambda takes zips up to 50 MB directly and 250 MB unzipped; a download past this is not
/// a function's code.
pub(crate) const MAX_CODE_BYTES: u64 = 256 * 1024 * 1024;
const DOWNLOAD_TIMEOUT: Duration = Duration::from_mins(5);

/// What `GetFunction` says about a function, with its code downloaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployedCode {
    pub name: String,
    pub runtime: String,
    pub handler: String,
    pub env: BTreeMap<String, String>,
    pub timeout_secs: Option<u32>,
    pub memory_mb: Option<u32>,
    pub zip: Vec<u8>,
}

/// Reads `name`'s configuration and downloads its code. Nothing is written to AWS.
pub async fn read_deployed_code(
    aws: &Aws,
    http: &reqwest::Client,
    name: &str,
) -> Result<DeployedCode, AwsError> {
    let out = aws
        .lambda
        .get_function()
        .function_name(name)
        .send()
        .await
        .map_err(|e| sdk("lambda:GetFunction", e))?;
    let config = out.configuration.ok_or_else(|| {
        AwsError::Invalid(format!("lambda:GetFunction: {name} has no configuration"))
    })?;
    let runtime = config.runtime.as_ref().map(|r| r.as_str().to_owned());
    let (Some(runtime), Some(handler)) = (runtime, config.handler.clone()) else {
        return Err(AwsError::Invalid(format!(
            "{name} is a container image function (no runtime and handler); only zip \
             functions can be audited"
        )));
    };
    let location = out.code.and_then(|c| c.location).ok_or_else(|| {
        AwsError::Invalid(format!("lambda:GetFunction: {name} has no Code.Location"))
    })?;
    let zip = download(http, &location).await?;
    Ok(DeployedCode {
        name: config.function_name.unwrap_or_else(|| name.to_owned()),
        runtime,
        handler,
        env: config
            .environment
            .and_then(|e| e.variables)
            .map(|v| v.into_iter().collect())
            .unwrap_or_default(),
        timeout_secs: config.timeout.and_then(|t| u32::try_from(t).ok()),
        memory_mb: config.memory_size.and_then(|m| u32::try_from(m).ok()),
        zip,
    })
}

/// The URL without its query: a presigned URL's query is a credential.
fn shown(url: &str) -> String {
    url.split('?').next().unwrap_or_default().to_owned()
}

async fn download(http: &reqwest::Client, url: &str) -> Result<Vec<u8>, AwsError> {
    let fail = |detail: String| AwsError::Http {
        url: shown(url),
        detail,
    };
    if !url.starts_with("https://") && !is_loopback_url(url) {
        return Err(fail(
            "refusing plain http to a non-loopback host".to_owned(),
        ));
    }
    // `without_url`: reqwest's errors quote the URL, query and all.
    let mut response = http
        .get(url)
        .timeout(DOWNLOAD_TIMEOUT)
        .send()
        .await
        .map_err(|e| fail(e.without_url().to_string()))?;
    if !response.status().is_success() {
        return Err(fail(format!(
            "the code download answered {}",
            response.status()
        )));
    }
    if response
        .content_length()
        .is_some_and(|n| n > MAX_CODE_BYTES)
    {
        return Err(fail(format!(
            "the code is larger than {MAX_CODE_BYTES} bytes"
        )));
    }
    let mut zip = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| fail(e.without_url().to_string()))?
    {
        zip.extend_from_slice(&chunk);
        if zip.len() as u64 > MAX_CODE_BYTES {
            return Err(fail(format!(
                "the code is larger than {MAX_CODE_BYTES} bytes"
            )));
        }
    }
    Ok(zip)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_presigned_url_is_shown_without_its_query() {
        assert_eq!(
            super::shown("https://s3.example/x.zip?X-Amz-Signature=abc"),
            "https://s3.example/x.zip"
        );
    }
}
