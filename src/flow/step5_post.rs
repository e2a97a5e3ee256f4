//! Step 5's permission calls: `POST /pets` with the read-only test token (403: the token is
//! valid, but its permissions lack the one the route requires) and with a token that has it
//! (200). A 200 where 403 was expected is a failure: something ignores the permissions.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput, CheckedExchange, Panel, SentRequest};
use authgate_core::jwt::inspect::PermissionCheck;
use authgate_providers::auth0::Secret;
use authgate_providers::aws::http::{Exchange, post_json};
use authgate_providers::aws::lambda::invoke::method_arn;

/// The tutorial's new pet (step 2's test-invoke sends the same).
pub const NEW_PET: &str = r#"{"type":"dog","price":249.99}"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostCall {
    /// The test client's token: read permission only.
    ReadToken,
    /// A token with the write permission (the writer client's, or a logged-in writer's).
    WriteToken,
}

impl PostCall {
    pub fn expected(self) -> u16 {
        match self {
            Self::ReadToken => 403,
            Self::WriteToken => 200,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::ReadToken => "read-only token",
            Self::WriteToken => "write token",
        }
    }
}

/// The token sent, what it is (for the output) and its permission check on `POST /pets`.
struct Sent {
    token: Secret,
    source: String,
    check: PermissionCheck,
}

impl Session {
    /// `POST /pets` on the recorded stage, as a methodArn.
    async fn post_pets_arn(&mut self) -> Result<String, ActionFailure> {
        let api = self.rest_api(false).await?;
        let region_account = self
            .recorded()
            .await
            .rest_api
            .map(|r| (r.details.region, r.details.account))
            .unwrap_or_default();
        let stage = self.inputs().await.stage_name;
        Ok(method_arn(
            &region_account.0,
            &region_account.1,
            &api,
            &stage,
            "POST",
            "/pets",
        ))
    }

    /// What `token` was granted, against the route's required permission.
    pub(super) async fn permission_check(
        &mut self,
        token: &Secret,
        arn: &str,
    ) -> Result<PermissionCheck, ActionFailure> {
        let map = self.required_permissions().await?;
        let inspection = self.inspection(token, Some(arn)).await?;
        let claims = inspection.claims.as_object().cloned().unwrap_or_default();
        Ok(PermissionCheck::new(&map, arn, &claims))
    }

    pub(super) async fn post_pets(
        &mut self,
        call: PostCall,
    ) -> Result<ActionOutput, ActionFailure> {
        let url = self.invoke_url(false).await?;
        let arn = self.post_pets_arn().await?;
        let sent = match call {
            PostCall::ReadToken => {
                let token = self.test_token().await?;
                let check = self.permission_check(&token, &arn).await?;
                let source = "the test token (step 1's test client, client credentials)".into();
                Sent {
                    token,
                    source,
                    check,
                }
            }
            PostCall::WriteToken => {
                let required = self.inputs().await.write_permission;
                let (token, source) = self.write_token(&required).await?;
                let check = self.permission_check(&token, &arn).await?;
                Sent {
                    token,
                    source,
                    check,
                }
            }
        };
        let gap = self.step4_gap().await?;
        self.warn_before_calling(gap.as_deref());
        self.flush_policy_cache().await?;
        let header = format!("Bearer {}", sent.token.expose());
        let exchange = post_json(&self.http, &url, "/pets", Some(&header), NEW_PET)
            .await
            .or_fail("calling POST /pets")?;
        let custom = self.inputs().await.authorizer.is_some();
        let ignores_permissions = call == PostCall::ReadToken
            && (200..300).contains(&exchange.status)
            && !sent.check.has_it
            && custom
            && gap.is_none();
        if ignores_permissions {
            return self.permissions_ignored(&sent, exchange, &header).await;
        }
        if exchange.status != call.expected() {
            let mut failure = unexpected(call, &sent, &exchange, custom);
            if let Some(gap) = gap.filter(|_| (200..300).contains(&exchange.status)) {
                failure.cause = gap;
                "run step 4 (Secure the methods, then Redeploy the stage), then this call"
                    .clone_into(&mut failure.fix);
            }
            return Err(failure);
        }
        let ms = exchange.latency.as_millis();
        let mut out = ActionOutput::new(format!(
            "{} → {} as expected ({ms} ms)",
            call.label(),
            exchange.status
        ))
        .detail(format!("sent: {}", sent.source))
        .detail(sent.check.summary());
        out = match call {
            PostCall::ReadToken => out
                .detail(
                    "the token is valid (authentication passed), but its permissions lack the \
                     route's: the authorizer's policy Denies POST /pets, so API Gateway answers \
                     403 and never calls the pet store",
                )
                .detail(format!(
                    "to be allowed: grant {} to the test client in step 1's settings, or log in \
                     as a writer; the next call uses a token that has it",
                    sent.check
                        .required
                        .as_deref()
                        .unwrap_or("the write permission")
                )),
            PostCall::WriteToken => out.detail(
                "same route, same authorizer: only the token's permissions differ, and this one \
                 has the permission POST /pets requires",
            ),
        };
        let request = SentRequest {
            url: exchange.url.clone(),
            authorization: Some(Secret::new(header)),
            json_body: Some(NEW_PET.to_owned()),
        };
        let checked = CheckedExchange {
            expected: Some(call.expected()),
            with_token: call.label(),
            exchange,
        };
        if let Some(gap) = gap.filter(|_| call == PostCall::WriteToken) {
            out = out.warn(super::step5_live::untested(gap));
        }
        Ok(out
            .detail("the stage's policy cache was flushed first: the authorizer ran for this call")
            .panel(Panel::Request(request))
            .panel(Panel::Exchanges(vec![checked])))
    }

    /// A read-only token allowed to write by the user's own authorizer (the tutorial's sample
    /// checks no permissions): the tutorial's steps hold, the permissions do not. A warning,
    /// with the policy the authorizer returned for the same token.
    async fn permissions_ignored(
        &mut self,
        sent: &Sent,
        exchange: Exchange,
        header: &str,
    ) -> Result<ActionOutput, ActionFailure> {
        let policy = self.policy_for(&sent.token).await?;
        let warning = ActionFailure::new(
            format!(
                "POST /pets with the read-only token answered {}, expected 403",
                exchange.status
            ),
            format!(
                "{}, yet your authorizer allowed POST /pets: it checks no permissions (the \
                 tutorial's sample does not): the policy it returned for this token allows the \
                 route, as it would for any valid token",
                sent.check.summary()
            ),
            "make your handler compare the token's permissions with REQUIRED_PERMISSIONS (Deny \
             the routes it lacks), or use the bundled authorizer (settings: authorizer code = \
             bundled); then rerun steps 3 to 5",
        );
        let request = SentRequest {
            url: exchange.url.clone(),
            authorization: Some(Secret::new(header.to_owned())),
            json_body: Some(NEW_PET.to_owned()),
        };
        let checked = CheckedExchange {
            expected: Some(PostCall::ReadToken.expected()),
            with_token: PostCall::ReadToken.label(),
            exchange,
        };
        Ok(ActionOutput::new(format!(
            "read-only token → {}: your authorizer does not check permissions",
            checked.exchange.status
        ))
        .detail(format!("sent: {}", sent.source))
        .detail("the stage's policy cache was flushed first: the authorizer ran for this call")
        .warn(warning)
        .panel(Panel::Request(request))
        .panel(Panel::Exchanges(vec![checked]))
        .panel(policy))
    }
}

/// The failure for an answer a working setup would not give, with its likely cause.
fn unexpected(call: PostCall, sent: &Sent, e: &Exchange, custom: bool) -> ActionFailure {
    let what = format!(
        "POST /pets with the {} answered {}, expected {}",
        call.label(),
        e.status,
        call.expected()
    );
    let (cause, fix): (String, String) = match (call, e.status) {
        (PostCall::ReadToken, 200..=299) if sent.check.has_it => (
            format!(
                "{}: this token is not read-only (step 1's grant gives it the write permission)",
                sent.check.summary()
            ),
            "remove the write permission from the test client's permissions in step 1's settings, \
             rerun step 1, then this call"
                .into(),
        ),
        (PostCall::ReadToken, 200..=299) if custom => (
            format!(
                "{}, yet your authorizer allowed it: it ignores REQUIRED_PERMISSIONS",
                sent.check.summary()
            ),
            "make your handler check the token's scope/permissions against REQUIRED_PERMISSIONS \
             and list every mapped route in its policy, or use the bundled authorizer (settings: \
             authorizer code = bundled); then rerun steps 3 and 4"
                .into(),
        ),
        (PostCall::ReadToken, 200..=299) => (
            format!(
                "{}, yet the gateway let it through: a function deployed without \
                 REQUIRED_PERMISSIONS, or POST /pets not secured on the deployed stage",
                sent.check.summary()
            ),
            "rerun step 3 (Deploy the Lambda function sets REQUIRED_PERMISSIONS) and step 4 \
             (secures POST /pets, redeploys and flushes the authorizer cache), then call again"
                .into(),
        ),
        (PostCall::WriteToken, 403) if !sent.check.has_it => (
            format!("{} ({})", sent.check.summary(), sent.source),
            sent.check.fix().unwrap_or_default(),
        ),
        (PostCall::WriteToken, 403) => (
            "the token has the permission, so the policy that denied it is an older one: cached \
             for this token from an earlier authorizer, or the function's REQUIRED_PERMISSIONS \
             maps POST /pets to another permission"
                .into(),
            "rerun step 3 (Deploy the Lambda function) and step 4 (its redeploy flushes the \
             authorizer cache), then call again"
                .into(),
        ),
        (_, 401) => (
            "the authorizer refused the token (expired, or issuer/audience/JWKS differ from step 1)"
                .into(),
            "rerun step 1, then this call; check the function's environment in step 3".into(),
        ),
        (_, 500) => (
            "the authorizer failed instead of answering (an invalid REQUIRED_PERMISSIONS stops \
             the bundled authorizer from loading)"
                .into(),
            "run step 3's Test the function to see its log".into(),
        ),
        (PostCall::ReadToken, 403) | (_, _) => (
            "the stage does not answer as the tutorial expects".into(),
            "rerun steps 2 to 4 (they converge), then call again".into(),
        ),
    };
    let error_type = e.error_type.as_deref().unwrap_or("none");
    ActionFailure::new(what, cause, fix)
        .with_raw(format!("x-amzn-ErrorType: {error_type}\n{}", e.body))
}
