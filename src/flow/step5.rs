//! Step 5: the three calls that prove the setup — no token, a bad token, the test token.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput, CheckedExchange, Panel, SentRequest};
use authgate_providers::auth0::Secret;
use authgate_providers::aws::http::get;

/// A token that is well-formed but signed by no one the tenant knows.
pub const BAD_TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImJhZCJ9.eyJzdWIiOiJub2JvZHkifQ.c2ln";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // the tutorial's three calls differ by their token
pub enum Call {
    NoToken,
    BadToken,
    TestToken,
}

impl Call {
    pub fn expected(self) -> u16 {
        match self {
            Self::NoToken | Self::BadToken => 401,
            Self::TestToken => 200,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::NoToken => "no token",
            Self::BadToken => "bad token",
            Self::TestToken => "test token",
        }
    }

    /// Why a working setup would not answer this, for the failure pane.
    fn cause_and_fix(self, status: u16) -> (&'static str, &'static str) {
        match (self, status) {
            (Self::NoToken | Self::BadToken, 200) => (
                "the method is not protected on the deployed stage",
                "run step 4 (secure, then redeploy) and call again",
            ),
            (Self::TestToken, 401) => (
                "the authorizer refused the test token (expired, or issuer/audience/JWKS differ from step 1)",
                "rerun step 1's Fetch a test access token, then this call; check the function's environment in step 3",
            ),
            (Self::TestToken, 403) => (
                "the authorizer's policy does not allow GET /pets for this token (its permissions lack the route's, or the policy names another resource)",
                "look at the policy in step 3's Test the authorizer; check REQUIRED_PERMISSIONS and the test client's grant in step 1",
            ),
            (_, 500) => (
                "the authorizer failed instead of answering (configuration error or a malformed response)",
                "run step 3's Test the function to see its log",
            ),
            _ => (
                "the stage does not answer as the tutorial expects",
                "rerun steps 2 and 4 (they converge), then call again",
            ),
        }
    }
}

impl Session {
    pub(super) async fn call_pets(&mut self, call: Call) -> Result<ActionOutput, ActionFailure> {
        let url = self.invoke_url(false).await?;
        let gap = self.step4_gap().await?;
        self.warn_before_calling(gap.as_deref());
        if call != Call::NoToken {
            self.flush_policy_cache().await?;
        }
        let header = match call {
            Call::NoToken => None,
            Call::BadToken => Some(format!("Bearer {BAD_TOKEN}")),
            Call::TestToken => Some(format!("Bearer {}", self.test_token().await?.expose())),
        };
        let exchange = get(&self.http, &url, "/pets", header.as_deref())
            .await
            .or_fail("calling GET /pets")?;
        let checked = CheckedExchange {
            expected: Some(call.expected()),
            with_token: call.label(),
            exchange,
        };
        let e = &checked.exchange;
        let ms = e.latency.as_millis();
        if !checked.as_expected() {
            let (cause, fix) = call.cause_and_fix(e.status);
            let cause = match (&gap, e.status) {
                (Some(gap), 200) => gap.as_str(),
                _ => cause,
            };
            let error_type = e.error_type.as_deref().unwrap_or("none");
            return Err(ActionFailure::new(
                format!(
                    "GET /pets with {} answered {}, expected {}",
                    call.label(),
                    e.status,
                    call.expected()
                ),
                cause,
                fix,
            )
            .with_raw(format!("x-amzn-ErrorType: {error_type}\n{}", e.body)));
        }
        let summary = format!("{} → {} as expected ({ms} ms)", call.label(), e.status);
        let request = SentRequest {
            url: e.url.clone(),
            authorization: header.map(Secret::new),
            json_body: None,
        };
        let mut out = ActionOutput::new(summary);
        if call != Call::NoToken {
            out = out.detail(
                "the stage's policy cache was flushed first: the authorizer ran for this call",
            );
        }
        if let Some(gap) = gap.filter(|_| call == Call::TestToken) {
            out = out.warn(super::step5_live::untested(gap));
        }
        out = out
            .panel(Panel::Request(request))
            .panel(Panel::Exchanges(vec![checked]));
        if call == Call::TestToken {
            let token = self.test_token().await?;
            out = out
                .detail("below: what a Lambda proxy backend would receive about this caller")
                .panel(self.backend_view(&token).await?);
        }
        Ok(out)
    }
}
