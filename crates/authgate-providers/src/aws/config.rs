//! Where the AWS clients point and who they act as: the standard chain (profile, region,
//! SSO, env, `AWS_ENDPOINT_URL`), plus an explicit endpoint override for tests and the
//! sandbox. A loopback endpoint gets fixed test credentials, never the user's real ones.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_sts::config::{Credentials, SharedCredentialsProvider};

use super::error::{AwsError, sdk};
use super::http::is_loopback_url;

/// Region used against a loopback endpoint when none is configured.
pub const LOOPBACK_REGION: &str = "us-east-1";

/// What the user chose; every field falls back to the standard AWS chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Overrides every client's endpoint (tests, `--sandbox`).
    pub endpoint: Option<String>,
}

impl AwsSettings {
    /// What points every SDK client at a sandbox at `base_url` (any credentials work).
    pub fn sandbox(base_url: &str) -> Self {
        Self {
            profile: None,
            region: Some(LOOPBACK_REGION.to_owned()),
            endpoint: Some(base_url.trim_end_matches('/').to_owned()),
        }
    }
}

/// The four clients authgate uses, sharing one configuration.
#[derive(Debug, Clone)]
pub struct Aws {
    pub apigateway: aws_sdk_apigateway::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub iam: aws_sdk_iam::Client,
    pub sts: aws_sdk_sts::Client,
    pub region: String,
    /// The custom endpoint, when not talking to AWS itself.
    pub endpoint: Option<String>,
}

/// Who the credentials belong to (STS `GetCallerIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    pub region: String,
}

impl CallerIdentity {
    /// "account 123456789012, region eu-west-1": shown before anything is created.
    pub fn summary(&self) -> String {
        format!("account {}, region {}", self.account, self.region)
    }
}

impl Aws {
    /// Loads the standard chain with the overrides in `settings`.
    pub async fn connect(settings: &AwsSettings) -> Result<Self, AwsError> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(profile) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        // Against a loopback stand-in the region comes from the environment or the default,
        // never from the instance metadata service: its lookup fails slowly (and logs a
        // warning) on any machine that is not an EC2 instance.
        let loopback_region = || {
            settings
                .endpoint
                .as_deref()
                .filter(|url| is_loopback_url(url))
                .map(|_| loopback_region())
        };
        if let Some(region) = settings.region.clone().or_else(loopback_region) {
            loader = loader.region(Region::new(region));
        }
        if let Some(endpoint) = &settings.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        Self::from_sdk_config(&loader.load().await)
    }

    /// Builds the clients from an already loaded configuration.
    pub fn from_sdk_config(config: &SdkConfig) -> Result<Self, AwsError> {
        let config = effective_config(config)?;
        let region = config
            .region()
            .map(ToString::to_string)
            .ok_or_else(|| AwsError::Config("no AWS region configured".to_owned()))?;
        Ok(Self {
            apigateway: aws_sdk_apigateway::Client::new(&config),
            lambda: aws_sdk_lambda::Client::new(&config),
            iam: aws_sdk_iam::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            region,
            endpoint: config.endpoint_url().map(str::to_owned),
        })
    }

    /// The account behind the credentials; also proves they work.
    pub async fn caller_identity(&self) -> Result<CallerIdentity, AwsError> {
        let out = self
            .sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| sdk("sts:GetCallerIdentity", e))?;
        Ok(CallerIdentity {
            account: out.account.unwrap_or_default(),
            arn: out.arn.unwrap_or_default(),
            region: self.region.clone(),
        })
    }
}

/// `AWS_REGION` (or `AWS_DEFAULT_REGION`) when set, else [`LOOPBACK_REGION`].
fn loopback_region() -> String {
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .into_iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| LOOPBACK_REGION.to_owned())
}

/// The configuration the clients use: a loopback endpoint gets fixed test credentials
/// (and a region if none is set); plain http is refused anywhere else.
pub(crate) fn effective_config(config: &SdkConfig) -> Result<SdkConfig, AwsError> {
    let endpoint = config.endpoint_url().map(str::to_owned);
    let loopback = endpoint.as_deref().is_some_and(is_loopback_url);
    let mut builder = config.to_builder();
    if loopback {
        builder.set_credentials_provider(Some(SharedCredentialsProvider::new(Credentials::new(
            "testing",
            "testing",
            None,
            None,
            "authgate-loopback",
        ))));
        if config.region().is_none() {
            builder.set_region(Some(Region::new(LOOPBACK_REGION)));
        }
    }
    let config = builder.build();
    if let Some(url) = &endpoint
        && !loopback
        && !url.starts_with("https://")
    {
        return Err(AwsError::Config(format!(
            "endpoint {url} is plain http but not a loopback address"
        )));
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::hint::Hint;
    use aws_sdk_sts::config::ProvideCredentials;

    fn with_endpoint(url: &str) -> SdkConfig {
        SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .endpoint_url(url)
            .build()
    }

    #[tokio::test]
    async fn loopback_endpoint_gets_test_credentials_and_a_default_region() {
        let config = effective_config(&with_endpoint("http://127.0.0.1:5000")).unwrap();
        let provider = config.credentials_provider().unwrap();
        let creds = provider.provide_credentials().await.unwrap();
        assert_eq!(creds.access_key_id(), "testing");
        let aws = Aws::from_sdk_config(&config).unwrap();
        assert_eq!(aws.region, LOOPBACK_REGION);
        assert_eq!(aws.endpoint.as_deref(), Some("http://127.0.0.1:5000"));
    }

    #[test]
    fn plain_http_to_a_remote_endpoint_is_refused() {
        let mut config = with_endpoint("http://aws.example.com").to_builder();
        config.set_region(Some(Region::new("eu-west-1")));
        let err = Aws::from_sdk_config(&config.build()).unwrap_err();
        assert!(matches!(err, AwsError::Config(_)), "{err}");
    }

    #[test]
    fn aws_itself_needs_a_region() {
        let config = SdkConfig::builder()
            .behavior_version(BehaviorVersion::latest())
            .build();
        let err = Aws::from_sdk_config(&config).unwrap_err();
        assert!(err.fix().contains("AWS_REGION"), "{}", err.fix());
    }

    #[test]
    fn summary_names_account_and_region() {
        let id = CallerIdentity {
            account: "123456789012".into(),
            arn: "arn:aws:iam::123456789012:user/me".into(),
            region: "eu-west-1".into(),
        };
        assert_eq!(id.summary(), "account 123456789012, region eu-west-1");
    }
}
