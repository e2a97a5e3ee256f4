//! The sandbox's teaching hooks a scenario uses: its clock and its signing keys. Only the
//! sandbox's tenant is ours to change that way.

use serde_json::json;

use super::Ops;
use crate::flow::ActionFailure;

impl Ops<'_> {
    fn hooks(&self) -> Result<&str, ActionFailure> {
        self.sandbox.ok_or_else(|| {
            ActionFailure::new(
                "this change needs the sandbox",
                "only the sandbox's tenant lets authgate move its clock or rotate its keys",
                "run it with --sandbox",
            )
        })
    }

    /// The sandbox clock's skew now, and sets it to `secs`.
    pub async fn clock(&self, secs: i64) -> Result<i64, ActionFailure> {
        let url = format!("{}/sandbox/clock-skew", self.hooks()?);
        let http = self.management.http();
        let hook = |e: reqwest::Error| {
            ActionFailure::new(
                "the sandbox's clock hook did not answer",
                e.to_string(),
                "start the sandbox again",
            )
        };
        let now: serde_json::Value = http
            .get(&url)
            .send()
            .await
            .map_err(hook)?
            .json()
            .await
            .map_err(hook)?;
        http.post(&url)
            .json(&json!({ "skew_secs": secs }))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(hook)?;
        Ok(now["skew_secs"].as_i64().unwrap_or(0))
    }

    pub async fn rotate_keys(&self) -> Result<(), ActionFailure> {
        let url = format!("{}/sandbox/rotate-keys", self.hooks()?);
        self.management
            .http()
            .post(url)
            .json(&json!({}))
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| {
                ActionFailure::new(
                    "the sandbox did not rotate its keys",
                    e.to_string(),
                    "start the sandbox again",
                )
            })?;
        Ok(())
    }
}
