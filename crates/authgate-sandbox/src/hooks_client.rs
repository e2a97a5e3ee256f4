//! The wizard's side of the sandbox's teaching hooks, over HTTP like any other client:
//! rotate the signing key, move the clock, read and flush the authorizer cache. A snapshot
//! gathers what the sandbox tools overlay shows.

use serde::Deserialize;
use serde_json::{Value, json};

/// One of the hooks, as the wizard asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookOp {
    /// Only read the snapshot.
    Refresh,
    /// A new signing key; the old one stays in the JWKS.
    RotateKey,
    /// Move the sandbox clock by this many seconds (from where it is).
    SkewBy(i64),
    ResetClock,
    FlushCache,
}

/// What the sandbox looks like right now, for the overlay.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HooksSnapshot {
    /// The signing keys' ids, in JWKS order: newest first, and the sandbox signs with it.
    pub kids: Vec<String>,
    pub skew_secs: i64,
    pub cache: Vec<CachedResult>,
}

/// One cached authorizer result: whose it is (by hash, never the token) and what it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedResult {
    pub api_id: String,
    pub stage: String,
    pub token_sha256: String,
    pub principal_id: String,
    /// `Allow arn:…/*/*`, one line per statement.
    pub policy: Vec<String>,
    pub seconds_left: i64,
}

#[derive(Debug, thiserror::Error)]
#[error("the sandbox at {base} did not answer {what}: {source}")]
pub struct HookError {
    base: String,
    what: &'static str,
    #[source]
    source: reqwest::Error,
}

impl authgate_core::hint::Hint for HookError {
    fn fix(&self) -> String {
        "is the sandbox still running? Restart it with `authgate sandbox`, or rerun with --sandbox"
            .to_owned()
    }
}

pub struct HooksClient {
    http: reqwest::Client,
    base: String,
}

impl HooksClient {
    pub fn new(http: reqwest::Client, base_url: &str) -> Self {
        Self {
            http,
            base: base_url.trim_end_matches('/').to_owned(),
        }
    }

    /// Carries out `op`, then reads the snapshot. The note says what `op` did.
    pub async fn apply(&self, op: HookOp) -> Result<(Option<String>, HooksSnapshot), HookError> {
        let note = match op {
            HookOp::Refresh => None,
            HookOp::RotateKey => {
                let answer = self
                    .send("rotate-keys", reqwest::Method::POST, None)
                    .await?;
                let kid = answer["kid"].as_str().unwrap_or("?");
                Some(format!(
                    "new signing key {kid}: new tokens carry it; the authorizer refetches the JWKS for an unknown kid (at most once per 30 s)"
                ))
            }
            HookOp::SkewBy(by) => {
                let now = self.snapshot().await?.skew_secs;
                self.set_skew(now + by).await?;
                Some(format!("clock moved by {by:+} s"))
            }
            HookOp::ResetClock => {
                self.set_skew(0).await?;
                Some("clock reset to real time".to_owned())
            }
            HookOp::FlushCache => {
                let answer = self
                    .send("authorizer-cache", reqwest::Method::DELETE, None)
                    .await?;
                let n = answer["flushed"].as_u64().unwrap_or(0);
                Some(format!(
                    "flushed {n} cached result(s): the next call runs the authorizer"
                ))
            }
        };
        Ok((note, self.snapshot().await?))
    }

    async fn set_skew(&self, secs: i64) -> Result<Value, HookError> {
        let body = json!({ "skew_secs": secs });
        self.send("clock-skew", reqwest::Method::POST, Some(body))
            .await
    }

    pub async fn snapshot(&self) -> Result<HooksSnapshot, HookError> {
        let cache: CacheDoc = self.get("/sandbox/authorizer-cache", "the cache").await?;
        let jwks: Jwks = self.get("/.well-known/jwks.json", "the JWKS").await?;
        Ok(HooksSnapshot {
            kids: jwks.keys.into_iter().map(|k| k.kid).collect(),
            skew_secs: cache.skew_secs,
            cache: cache
                .stages
                .into_iter()
                .flat_map(|stage| {
                    let (api, name) = (stage.api_id, stage.stage);
                    stage.entries.into_iter().map(move |e| CachedResult {
                        api_id: api.clone(),
                        stage: name.clone(),
                        token_sha256: e.token_sha256,
                        principal_id: e.principal_id,
                        policy: statements(&e.policy_document),
                        seconds_left: e.seconds_left,
                    })
                })
                .collect(),
        })
    }

    async fn get<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        what: &'static str,
    ) -> Result<T, HookError> {
        let fail = |source| HookError {
            base: self.base.clone(),
            what,
            source,
        };
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(fail)?;
        response.json().await.map_err(fail)
    }

    async fn send(
        &self,
        hook: &'static str,
        method: reqwest::Method,
        body: Option<Value>,
    ) -> Result<Value, HookError> {
        let fail = |source| HookError {
            base: self.base.clone(),
            what: hook,
            source,
        };
        let mut request = self
            .http
            .request(method, format!("{}/sandbox/{hook}", self.base));
        // The sandbox's guard takes hooks that change something only as JSON.
        request = request.json(&body.unwrap_or_else(|| Value::Object(serde_json::Map::new())));
        let response = request
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(fail)?;
        response.json().await.map_err(fail)
    }
}

/// `Effect Resource` per statement of an IAM policy document.
fn statements(policy: &Value) -> Vec<String> {
    let list = match &policy["Statement"] {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    list.iter()
        .map(|s| {
            let resource = match &s["Resource"] {
                Value::Array(r) => r
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(", "),
                r => r.as_str().unwrap_or("?").to_owned(),
            };
            format!("{} {resource}", s["Effect"].as_str().unwrap_or("?"))
        })
        .collect()
}

#[derive(Deserialize)]
struct CacheDoc {
    skew_secs: i64,
    stages: Vec<CacheStage>,
}

#[derive(Deserialize)]
struct CacheStage {
    api_id: String,
    stage: String,
    entries: Vec<CacheEntry>,
}

#[derive(Deserialize)]
struct CacheEntry {
    token_sha256: String,
    principal_id: String,
    policy_document: Value,
    seconds_left: i64,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<JwksKey>,
}

#[derive(Deserialize)]
struct JwksKey {
    kid: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::hint::Hint as _;

    #[tokio::test]
    async fn rotate_skew_and_flush_against_a_real_sandbox() {
        let dir = tempfile::tempdir().unwrap();
        let addr = "127.0.0.1:0".parse().unwrap();
        let sandbox = super::super::server::start(dir.path(), addr).await.unwrap();
        let client = HooksClient::new(authgate_core::http::client(), sandbox.base_url());

        let (note, before) = client.apply(HookOp::Refresh).await.unwrap();
        assert_eq!((note, before.skew_secs), (None, 0));
        assert!(before.cache.is_empty());
        let (note, after) = client.apply(HookOp::RotateKey).await.unwrap();
        assert_ne!(after.kids[0], before.kids[0], "a new signing key");
        assert!(
            after.kids.contains(&before.kids[0]),
            "the old key stays published"
        );
        assert!(note.unwrap().contains(&after.kids[0]));

        client.apply(HookOp::SkewBy(3600)).await.unwrap();
        let (_, skewed) = client.apply(HookOp::SkewBy(3600)).await.unwrap();
        assert_eq!(skewed.skew_secs, 7200, "skews add up");
        let (_, reset) = client.apply(HookOp::ResetClock).await.unwrap();
        assert_eq!(reset.skew_secs, 0);
        let (note, _) = client.apply(HookOp::FlushCache).await.unwrap();
        assert!(note.unwrap().starts_with("flushed 0"));
        sandbox.shutdown().await;
    }

    #[tokio::test]
    async fn a_stopped_sandbox_is_named_with_a_fix() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        drop(listener);
        let err = HooksClient::new(authgate_core::http::client(), &base)
            .apply(HookOp::Refresh)
            .await
            .unwrap_err();
        assert!(err.to_string().contains(&base), "{err}");
        assert!(err.fix().contains("authgate sandbox"));
    }

    #[test]
    fn statements_read_one_or_many() {
        let one = json!({"Statement": {"Effect": "Allow", "Resource": "arn:a"}});
        assert_eq!(statements(&one), ["Allow arn:a"]);
        let many = json!({"Statement": [{"Effect": "Deny", "Resource": ["arn:a", "arn:b"]}]});
        assert_eq!(statements(&many), ["Deny arn:a, arn:b"]);
    }
}
