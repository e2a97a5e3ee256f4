//! Drift on load: every resource the state file records, read back from the account (or the
//! sandbox) and compared with what authgate left. Read-only; for `status` and the status view.

use serde::Serialize;

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use super::record::key;
use crate::domain::aws::lambda::authorizer_env;
use crate::domain::drift::{self, Finding};
use crate::state::Resource;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriftRow {
    pub key: &'static str,
    #[serde(flatten)]
    pub finding: Finding,
    /// What converges it again, when it is not present as left.
    pub fix: Option<&'static str>,
}

/// The step that makes (and corrects) the resource under `key`.
fn fix_for(key: &str) -> &'static str {
    match key {
        key::RESOURCE_SERVER | key::TEST_CLIENT | key::CLIENT_GRANT => {
            "rerun step 1 (authgate setup --from-step 1): it finds, recreates or corrects it"
        }
        key::REST_API | key::STAGE => {
            "rerun step 2 (authgate setup --from-step 2): it finds, recreates or corrects it"
        }
        key::ROLE | key::FUNCTION | key::AUTHORIZER => {
            "rerun step 3 (authgate setup --from-step 3): it finds, recreates or corrects it"
        }
        _ => "rerun step 4 (authgate setup --from-step 4): it secures GET /pets and redeploys",
    }
}

fn row(key: &'static str, finding: Finding) -> DriftRow {
    let fix = (finding != Finding::Present).then(|| fix_for(key));
    DriftRow { key, finding, fix }
}

fn detail<'a>(resource: &'a Resource, name: &str) -> &'a str {
    resource.details.get(name).map_or("", String::as_str)
}

impl Session {
    /// Each recorded resource, checked live. Connecting may fail (credentials, a stopped
    /// sandbox): that is the error, with its fix; nothing is changed either way.
    pub async fn check_drift(&mut self) -> Result<Vec<DriftRow>, ActionFailure> {
        let state = self.store.snapshot().await;
        let recorded = |k: &str| state.resources.get(k).cloned();
        let mut rows = Vec::new();
        let auth0 = [key::RESOURCE_SERVER, key::TEST_CLIENT, key::CLIENT_GRANT];
        if auth0.iter().any(|k| recorded(k).is_some()) {
            let m = self.management().await?;
            let what = "reading the Auth0 object";
            if let Some(r) = recorded(key::RESOURCE_SERVER) {
                let found = drift::resource_server(&m, &r.id).await.or_fail(what)?;
                rows.push(row(key::RESOURCE_SERVER, found));
            }
            if let Some(r) = recorded(key::TEST_CLIENT) {
                let found = drift::test_client(&m, &r.id).await.or_fail(what)?;
                rows.push(row(key::TEST_CLIENT, found));
            }
            if let Some(r) = recorded(key::CLIENT_GRANT) {
                let found = drift::client_grant(&m, &r.id).await.or_fail(what)?;
                rows.push(row(key::CLIENT_GRANT, found));
            }
        }
        let aws_keys = [
            key::REST_API,
            key::STAGE,
            key::ROLE,
            key::FUNCTION,
            key::AUTHORIZER,
            key::SECURED,
        ];
        if !aws_keys.iter().any(|k| recorded(k).is_some()) {
            return Ok(rows);
        }
        let link = self.aws().await?;
        let aws = &link.aws;
        let what = "reading the AWS resource";
        for k in aws_keys {
            let Some(r) = recorded(k) else { continue };
            let api = detail(&r, "api_id");
            let found = match k {
                key::REST_API => drift::rest_api(aws, &r.id).await,
                key::STAGE => drift::stage(aws, api, &r.id).await,
                key::ROLE => drift::role(aws, &r.id).await,
                key::FUNCTION => {
                    let want = state.verifier.as_ref().map_or_else(Default::default, |v| {
                        authorizer_env(&v.issuer, &v.jwks_uri, &v.audience, None)
                    });
                    drift::function(aws, &r.id, &want).await
                }
                key::AUTHORIZER => {
                    let function = recorded(key::FUNCTION);
                    let arn = function.as_ref().map(|f| detail(f, "arn"));
                    drift::authorizer(aws, api, &r.id, arn.filter(|a| !a.is_empty())).await
                }
                _ => drift::secured(aws, api, detail(&r, "authorizer_id")).await,
            };
            rows.push(row(k, found.or_fail(what)?));
        }
        Ok(rows)
    }
}
