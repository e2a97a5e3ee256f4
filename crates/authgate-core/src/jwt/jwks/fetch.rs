//! One JWKS fetch: https (or loopback http), a file, or an inline document.
//! 5 s timeout, 1 MiB cap, no redirects; every failure is a message for the log and the user.

use std::time::Duration;

use serde_json::Value;

use super::{JwksError, KeySet, parse_keys};
use crate::jwt::config::JwksSource;

/// The largest JWKS accepted, in bytes.
pub const MAX_JWKS_BYTES: usize = 1024 * 1024;

pub(super) struct Fetcher {
    source: JwksSource,
    timeout: Duration,
    client: reqwest::Client,
}

impl Fetcher {
    pub fn new(source: JwksSource, timeout: Duration) -> Self {
        let mut builder = crate::http::client_builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("authgate/", env!("CARGO_PKG_VERSION")));
        if let JwksSource::Url(url) = &source
            && url.scheme() == "http"
        {
            // Loopback only (checked by the config): never route it through a proxy.
            builder = builder.no_proxy();
        }
        let client = builder.build().unwrap_or_default();
        Self {
            source,
            timeout,
            client,
        }
    }

    pub fn describe(&self) -> String {
        self.source.describe()
    }

    pub async fn fetch(&self) -> Result<KeySet, JwksError> {
        let document = match &self.source {
            JwksSource::Inline(document) => document.clone(),
            JwksSource::File(path) => {
                let bytes = tokio::fs::read(path)
                    .await
                    .map_err(|source| JwksError::Read {
                        path: path.clone(),
                        source,
                    })?;
                json(&bytes)?
            }
            JwksSource::Url(url) => {
                let request = self.get(url.clone());
                tokio::time::timeout(self.timeout, request)
                    .await
                    .map_err(|_| JwksError::NoAnswer {
                        secs: self.timeout.as_secs(),
                    })??
            }
        };
        parse_keys(&document)
    }

    async fn get(&self, url: url::Url) -> Result<Value, JwksError> {
        let mut response = self.client.get(url).send().await?;
        let status = response.status();
        if !status.is_success() {
            return Err(JwksError::Status(status));
        }
        if response
            .content_length()
            .is_some_and(|len| len > MAX_JWKS_BYTES as u64)
        {
            return Err(JwksError::TooLarge);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > MAX_JWKS_BYTES {
                return Err(JwksError::TooLarge);
            }
            body.extend_from_slice(&chunk);
        }
        json(&body)
    }
}

fn json(bytes: &[u8]) -> Result<Value, JwksError> {
    if bytes.len() > MAX_JWKS_BYTES {
        return Err(JwksError::TooLarge);
    }
    serde_json::from_slice(bytes).map_err(JwksError::NotJson)
}
