//! The Management API client: a management token by client credentials, then JSON calls
//! with Auth0's retry rules (429 → wait until `x-ratelimit-reset`; 5xx → jittered backoff),
//! both bounded, and error bodies mapped by status and `errorCode`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rand::Rng as _;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use super::{
    Auth0Error, ClientCredentials, Report, Secret, TenantUrl, TokenFor, client_credentials,
};

/// How long and how often to retry.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts per call, counting the first.
    pub max_attempts: u32,
    /// First backoff after a 5xx; doubles, with full jitter, up to `max_backoff`.
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// The longest a 429 is waited out; a later reset fails the call instead.
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            max_rate_limit_wait: Duration::from_mins(1),
        }
    }
}

pub struct Management {
    http: reqwest::Client,
    tenant: TenantUrl,
    token: Secret,
    report: Arc<dyn Report>,
    retry: RetryPolicy,
}

impl Management {
    /// Gets a Management API token for the user's management app and returns a client.
    pub async fn connect(
        http: reqwest::Client,
        tenant: TenantUrl,
        credentials: &ClientCredentials,
        report: Arc<dyn Report>,
    ) -> Result<Self, Auth0Error> {
        report.line(format!("Requesting a Management API token from {tenant}"));
        let audience = tenant.management_audience();
        let grant =
            client_credentials(&http, &tenant, credentials, &audience, TokenFor::Management)
                .await?;
        Ok(Self {
            http,
            tenant,
            token: grant.access_token,
            report,
            retry: RetryPolicy::default(),
        })
    }

    #[must_use]
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
    pub fn tenant(&self) -> &TenantUrl {
        &self.tenant
    }
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
    pub(super) fn report(&self, text: String) {
        self.report.line(text);
    }

    /// One Management API call. `scope` is what the endpoint needs; it names the fix when
    /// Auth0 answers `403 insufficient_scope`. 204 yields `Value::Null`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        scope: &str,
        body: Option<&Value>,
    ) -> Result<Value, Auth0Error> {
        let url = self.tenant.url(path);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let mut request = self
                .http
                .request(method.clone(), &url)
                .bearer_auth(self.token.expose());
            if let Some(body) = body {
                request = request.json(body);
            }
            let response = request.send().await.map_err(|e| Auth0Error::Transport {
                url: url.clone(),
                detail: e.to_string(),
            })?;
            let status = response.status();
            let headers = response.headers().clone();
            let text = response.text().await.unwrap_or_default();
            if status.is_success() {
                if text.trim().is_empty() {
                    return Ok(Value::Null);
                }
                return serde_json::from_str(&text).map_err(|e| Auth0Error::Unexpected {
                    what: format!("{method} {path}"),
                    detail: e.to_string(),
                });
            }
            let last = attempt >= self.retry.max_attempts;
            if status == StatusCode::TOO_MANY_REQUESTS {
                let wait = rate_limit_wait(&headers);
                if last || wait > self.retry.max_rate_limit_wait {
                    return Err(Auth0Error::RateLimited { attempts: attempt });
                }
                self.count_down(wait).await;
                continue;
            }
            if matches!(status.as_u16(), 500 | 502 | 503 | 504 | 524) {
                if last {
                    return Err(Auth0Error::ServerError {
                        status: status.as_u16(),
                        attempts: attempt,
                    });
                }
                let delay = self.backoff(attempt);
                self.report(format!(
                    "Auth0 answered {status}; retrying in {} ms",
                    delay.as_millis()
                ));
                tokio::time::sleep(delay).await;
                continue;
            }
            return Err(map_error(&method, path, scope, status, &text));
        }
    }

    /// The first item of a paged list (`path` without paging) that `wanted` accepts, reading
    /// 100 a page and at most 20 pages. `wanted` sees every item until it accepts one, so a
    /// caller that never accepts can gather what it needs on the way.
    pub(crate) async fn find_paged(
        &self,
        path: &str,
        scope: &str,
        mut wanted: impl FnMut(&Value) -> bool,
    ) -> Result<Option<Value>, Auth0Error> {
        const PER_PAGE: usize = 100;
        const MAX_PAGES: usize = 20;
        let join = if path.contains('?') { '&' } else { '?' };
        for page in 0..MAX_PAGES {
            let paged = format!("{path}{join}per_page={PER_PAGE}&page={page}");
            let list = self.call(Method::GET, &paged, scope, None).await?;
            let items = list.as_array().map_or(&[][..], Vec::as_slice);
            if let Some(found) = items.iter().find(|item| wanted(item)) {
                return Ok(Some(found.clone()));
            }
            if items.len() < PER_PAGE {
                break;
            }
        }
        Ok(None)
    }

    /// Full jitter: uniform in [0, min(max, base·2^(attempt-1))].
    fn backoff(&self, attempt: u32) -> Duration {
        let cap = self
            .retry
            .base_backoff
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(self.retry.max_backoff);
        let millis = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::rng().random_range(0..=millis))
    }

    async fn count_down(&self, wait: Duration) {
        crate::count_down(&*self.report, "Auth0 rate limit reached", wait).await;
    }
}

/// `Retry-After` (seconds) first, then `x-ratelimit-reset` (epoch seconds), else 5 s.
fn rate_limit_wait(headers: &reqwest::header::HeaderMap) -> Duration {
    let number = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    if let Some(seconds) = number("retry-after") {
        return Duration::from_secs(seconds);
    }
    if let Some(reset) = number("x-ratelimit-reset") {
        let reset = UNIX_EPOCH + Duration::from_secs(reset);
        return reset
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO);
    }
    Duration::from_secs(5)
}

/// Maps an error answer by status and `errorCode`; the message is only carried along.
fn map_error(
    method: &Method,
    path: &str,
    scope: &str,
    status: StatusCode,
    text: &str,
) -> Auth0Error {
    let body: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let error_code = body["errorCode"].as_str().map(str::to_owned);
    let message = body["message"]
        .as_str()
        .map_or_else(|| text.chars().take(200).collect(), str::to_owned);
    match (status.as_u16(), error_code.as_deref()) {
        (403, Some("insufficient_scope")) => Auth0Error::InsufficientScope {
            scope: scope.to_owned(),
            method: method.to_string(),
            path: path.split('?').next().unwrap_or(path).to_owned(),
        },
        (401, _) => Auth0Error::ManagementUnauthorized { message },
        (status, _) => Auth0Error::Management {
            method: method.to_string(),
            path: path.split('?').next().unwrap_or(path).to_owned(),
            status,
            error_code,
            message,
        },
    }
}
