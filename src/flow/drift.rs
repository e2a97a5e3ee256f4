//! Drift on load: every resource the state file records, read back from the account (or the
//! sandbox) and compared with what authgate left. Read-only; for `status` and the status view.

use serde::Serialize;

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use crate::authorizer_code::custom_authorizer::prepare;
use crate::state::{ResourceKey, Resources};
use crate::steps::ActionId;
use authgate_providers::aws::cors::CORS_RESPONSE_TYPES;
use authgate_providers::aws::lambda::authorizer_env;
use authgate_providers::drift::{self, CorsWant, Finding, FunctionWant};
use authgate_providers::required_permissions::with_env;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DriftRow {
    pub key: ResourceKey,
    #[serde(flatten)]
    pub finding: Finding,
    /// What converges it again, when it is not present as left.
    pub fix: Option<&'static str>,
}

/// The step that makes (and corrects) the resource under `key`.
fn fix_for(key: ResourceKey) -> &'static str {
    match key {
        ResourceKey::ResourceServer
        | ResourceKey::TestClient
        | ResourceKey::ClientGrant
        | ResourceKey::WriterClient
        | ResourceKey::WriterGrant
        | ResourceKey::ReaderRole
        | ResourceKey::WriterRole => {
            "rerun step 1 (authgate setup --from-step 1): it finds, recreates or corrects it"
        }
        ResourceKey::LoginApp => {
            "rerun step 1's Log in as a user (authgate token --user): it recreates or corrects it"
        }
        ResourceKey::SpaApp => "run authgate web again: it recreates or corrects it",
        ResourceKey::RestApi | ResourceKey::Stage => {
            "rerun step 2 (authgate setup --from-step 2): it finds, recreates or corrects it"
        }
        ResourceKey::Role | ResourceKey::Function | ResourceKey::Authorizer => {
            "rerun step 3 (authgate setup --from-step 3): it finds, recreates or corrects it"
        }
        ResourceKey::SecuredMethods => {
            "rerun step 4 (authgate setup --from-step 4): it secures GET and POST /pets and redeploys"
        }
        ResourceKey::Cors => {
            "rerun step 4 (authgate setup --from-step 4): it puts the preflights and CORS gateway responses back"
        }
    }
}

fn row(key: ResourceKey, finding: Finding) -> DriftRow {
    let fix = (finding != Finding::Present).then(|| fix_for(key));
    DriftRow { key, finding, fix }
}

impl Session {
    /// Each recorded resource, checked live. Connecting may fail (credentials, a stopped
    /// sandbox): that is the error, with its fix; nothing is changed either way.
    pub async fn check_drift(&mut self) -> Result<Vec<DriftRow>, ActionFailure> {
        let state = self.store.snapshot().await;
        let r = &state.resources;
        let mut rows = Vec::new();
        if ResourceKey::ALL
            .into_iter()
            .any(|k| k.is_auth0() && r.contains(k))
        {
            rows.extend(self.auth0_drift(r).await?);
        }
        if !ResourceKey::ALL
            .into_iter()
            .any(|k| k.is_aws() && r.contains(k))
        {
            return Ok(rows);
        }
        let link = self.aws().await?;
        let aws = &link.aws;
        let what = "reading the AWS resource";
        if let Some(api) = &r.rest_api {
            let found = drift::rest_api(aws, &api.id).await.or_fail(what)?;
            rows.push(row(ResourceKey::RestApi, found));
        }
        if let Some(stage) = &r.stage {
            let found = drift::stage(aws, &stage.details.api_id, &stage.id).await;
            rows.push(row(ResourceKey::Stage, found.or_fail(what)?));
        }
        if let Some(role) = &r.role {
            let found = drift::role(aws, &role.id).await.or_fail(what)?;
            rows.push(row(ResourceKey::Role, found));
        }
        if let Some(function) = &r.function {
            let mut env = state.verifier.as_ref().map_or_else(Default::default, |v| {
                authorizer_env(&v.issuer, &v.jwks_uri, &v.audience, None)
            });
            if let Some(map) = self.wanted_required_permissions().await {
                env = with_env(env, &map);
            }
            // The runtime and handler of the code chosen now (bundled or the user's); when
            // that code cannot be read any more, only the recorded code and env are compared.
            let source = state.inputs.as_ref().and_then(|i| i.authorizer.clone());
            let code = tokio::task::spawn_blocking(move || prepare(source.as_ref()))
                .await
                .ok()
                .and_then(Result::ok);
            let want = FunctionWant {
                env,
                code_sha256: Some(function.details.code_sha256.clone())
                    .filter(|sha| !sha.is_empty()),
                runtime: code.as_ref().map(|c| c.runtime.clone()),
                handler: code.map(|c| c.handler),
            };
            let found = drift::function(aws, &function.id, &want).await;
            rows.push(row(ResourceKey::Function, found.or_fail(what)?));
        }
        if let Some(authorizer) = &r.authorizer {
            let arn = r.function.as_ref().map(|f| f.details.arn.as_str());
            let api = &authorizer.details.api_id;
            let found = drift::authorizer(aws, api, &authorizer.id, arn.filter(|a| !a.is_empty()));
            rows.push(row(ResourceKey::Authorizer, found.await.or_fail(what)?));
        }
        if let Some(secured) = &r.secured_methods {
            let d = &secured.details;
            let scope = state
                .inputs
                .as_ref()
                .map(|i| i.secure_scope)
                .unwrap_or_default();
            let found = drift::secured(aws, &d.api_id, &d.authorizer_id, scope).await;
            rows.push(row(ResourceKey::SecuredMethods, found.or_fail(what)?));
        }
        if let Some(cors) = &r.cors {
            let d = &cors.details;
            let done = |action: ActionId| state.actions.contains_key(action.key());
            let list = |text: &str| -> Vec<String> {
                text.split(',')
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect()
            };
            let gateway_responses = if done(ActionId::CorsGatewayResponses) {
                CORS_RESPONSE_TYPES.map(str::to_owned).to_vec()
            } else {
                list(&d.gateway_responses)
            };
            let want = CorsWant {
                api_id: &d.api_id,
                origin: &cors.id,
                scope: state
                    .inputs
                    .as_ref()
                    .map(|i| i.secure_scope)
                    .unwrap_or_default(),
                preflights: done(ActionId::EnableCors) || !d.preflights_created.is_empty(),
                gateway_responses,
            };
            let found = drift::cors(aws, &want).await;
            rows.push(row(ResourceKey::Cors, found.or_fail(what)?));
        }
        Ok(rows)
    }
}

impl Session {
    /// The recorded Auth0 objects, checked live.
    async fn auth0_drift(&mut self, r: &Resources) -> Result<Vec<DriftRow>, ActionFailure> {
        let m = self.management().await?;
        let what = "reading the Auth0 object";
        let mut rows = Vec::new();
        if let Some(rs) = &r.resource_server {
            let found = drift::resource_server(&m, &rs.id).await.or_fail(what)?;
            rows.push(row(ResourceKey::ResourceServer, found));
        }
        let pairs = [
            (
                ResourceKey::TestClient,
                &r.test_client,
                ResourceKey::ClientGrant,
                &r.client_grant,
            ),
            (
                ResourceKey::WriterClient,
                &r.writer_client,
                ResourceKey::WriterGrant,
                &r.writer_grant,
            ),
        ];
        for (client_key, client, grant_key, grant) in pairs {
            if let Some(client) = client {
                let found = drift::test_client(&m, &client.id).await.or_fail(what)?;
                rows.push(row(client_key, found));
            }
            if let Some(grant) = grant {
                let found = drift::client_grant(&m, &grant.id).await.or_fail(what)?;
                rows.push(row(grant_key, found));
            }
        }
        let audience = r
            .resource_server
            .as_ref()
            .map(|rs| rs.details.identifier.as_str());
        for (key, role) in [
            (ResourceKey::ReaderRole, &r.reader_role),
            (ResourceKey::WriterRole, &r.writer_role),
        ] {
            if let Some(role) = role {
                let want: Vec<&str> = role.details.permissions.split_whitespace().collect();
                let found = drift::auth0_role(&m, &role.id, audience, &want);
                rows.push(row(key, found.await.or_fail(what)?));
            }
        }
        if let Some(app) = &r.login_app {
            let found = drift::login_app(&m, &app.id).await.or_fail(what)?;
            rows.push(row(ResourceKey::LoginApp, found));
        }
        if let Some(app) = &r.spa_app {
            let origins: Vec<&str> = app
                .details
                .origins
                .split(',')
                .filter(|o| !o.is_empty())
                .collect();
            let found = drift::spa_app(&m, &app.id, &origins).await;
            rows.push(row(ResourceKey::SpaApp, found.or_fail(what)?));
        }
        Ok(rows)
    }
}
