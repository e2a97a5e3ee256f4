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
        if let Some(region) = &settings.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(endpoint) = &settings.endpoint {
            loader = loader.endpoint_url(endpoint);
        }
        Self::from_sdk_config(&loader.load().await)
    }

    /// Builds the clients from an already loaded configuration.
    pub fn from_sdk_config(config: &SdkConfig) -> Result<Self, AwsError> {
        let endpoint = config.endpoint_url().map(str::to_owned);
        let loopback = endpoint.as_deref().is_some_and(is_loopback_url);
        let mut builder = config.to_builder();
        if loopback {
            builder.set_credentials_provider(Some(SharedCredentialsProvider::new(
                Credentials::new("testing", "testing", None, None, "authgate-loopback"),
            )));
            if config.region().is_none() {
                builder.set_region(Some(Region::new(LOOPBACK_REGION)));
            }
        }
        let config = builder.build();
        let region = config
            .region()
            .map(ToString::to_string)
            .ok_or_else(|| AwsError::Config("no AWS region configured".to_owned()))?;
        if let Some(url) = &endpoint
            && !loopback
            && !url.starts_with("https://")
        {
            return Err(AwsError::Config(format!(
                "endpoint {url} is plain http but not a loopback address"
            )));
        }
        Ok(Self {
            apigateway: aws_sdk_apigateway::Client::new(&config),
            lambda: aws_sdk_lambda::Client::new(&config),
            iam: aws_sdk_iam::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            region,
            endpoint,
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
