//! Step 1, Auth0: the API with its permissions, the test client, its grant and the test
//! token. The writer client and the roles are in `step1_writer` and `step1_roles`.

use std::sync::Arc;

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput, Panel};
use super::step1_text::{permission_list, what_it_allows};
use crate::state::{
    ClientGrantDetails, ResourceServerDetails, TestClientDetails, VerifierSettings,
};
use authgate_core::jwt::inspect::{CheckStatus, Inspection, inspect};
use authgate_core::jwt::{JwksSource, Verifier, VerifierConfig};
use authgate_providers::auth0::{
    ApiSpec, Management, Provisioned, Secret, TestClient, ensure_client_grant,
    ensure_resource_server, ensure_test_client, fetch_test_token,
};

fn verb<T>(p: &Provisioned<T>) -> &'static str {
    if p.created { "created" } else { "found" }
}

impl Session {
    pub(super) async fn api_spec(&self) -> ApiSpec {
        let inputs = self.inputs().await;
        ApiSpec {
            name: inputs.api_name,
            identifier: inputs.api_identifier,
            dialect: inputs.token_dialect,
            permissions: inputs.api_permissions,
            rbac: inputs.rbac,
        }
    }

    pub(super) async fn ensure_resource_server(&mut self) -> Result<ActionOutput, ActionFailure> {
        let m = self.management().await?;
        let spec = self.api_spec().await;
        let api = ensure_resource_server(&m, &spec)
            .await
            .or_fail("registering the Auth0 API")?;
        let rs = &api.value;
        let details = ResourceServerDetails {
            identifier: rs.identifier.clone(),
            name: rs.name.clone(),
        };
        self.remember(|r| &mut r.resource_server, &rs.id, api.created, details)
            .await?;
        let tenant = m.tenant();
        let verifier = VerifierSettings {
            issuer: tenant.issuer(),
            audience: rs.identifier.clone(),
            jwks_uri: tenant.jwks_uri(),
            required_permissions: None,
        };
        let mut out = ActionOutput::new(format!("API {} {} ({})", rs.name, verb(&api), rs.id))
            .detail(format!("identifier (aud): {}", rs.identifier))
            .detail(format!(
                "signing: {}, dialect: {}, RBAC: {}",
                rs.signing_alg.as_deref().unwrap_or("?"),
                rs.token_dialect.as_deref().unwrap_or("?"),
                if rs.enforce_policies == Some(true) {
                    "on"
                } else {
                    "off"
                }
            ))
            .detail(format!("permissions: {}", permission_list(&rs.scopes)))
            .detail(format!("TOKEN_ISSUER = {}", verifier.issuer))
            .detail(format!("JWKS_URI     = {}", verifier.jwks_uri));
        if !api.patched.is_empty() {
            out = out.detail(format!("corrected: {}", api.patched.join(", ")));
        }
        self.remember_verifier(verifier).await?;
        Ok(out)
    }

    /// The test client (its secret in memory); `refresh` asks Auth0 even when one is cached.
    pub(super) async fn test_client(
        &mut self,
        refresh: bool,
    ) -> Result<(TestClient, bool), ActionFailure> {
        if !refresh && let Some(client) = &self.keys.test_client {
            return Ok((client.clone(), false));
        }
        let m = self.management().await?;
        let inputs = self.inputs().await;
        let client = ensure_test_client(&m, &inputs.test_client_name, &inputs.api_identifier)
            .await
            .or_fail("creating the test application")?;
        let c = &client.value;
        let details = TestClientDetails {
            name: c.name.clone(),
        };
        self.remember(
            |r| &mut r.test_client,
            &c.client_id,
            client.created,
            details,
        )
        .await?;
        self.keys.test_client = Some(c.clone());
        Ok((c.clone(), client.created))
    }

    pub(super) async fn ensure_test_client(&mut self) -> Result<ActionOutput, ActionFailure> {
        let (client, created) = self.test_client(true).await?;
        Ok(ActionOutput::new(format!(
            "test application {} {} ({})",
            client.name,
            if created { "created" } else { "found" },
            client.client_id
        ))
        .detail("type: machine to machine, grant: client_credentials")
        .detail("its secret is kept in memory only"))
    }

    pub(super) async fn ensure_client_grant(&mut self) -> Result<ActionOutput, ActionFailure> {
        let (client, _) = self.test_client(false).await?;
        let m = self.management().await?;
        let inputs = self.inputs().await;
        let grant = ensure_client_grant(
            &m,
            &client.client_id,
            &inputs.api_identifier,
            &inputs.test_client_permissions,
        )
        .await
        .or_fail("authorizing the test application for the API")?;
        let g = &grant.value;
        let details = ClientGrantDetails {
            audience: g.audience.clone(),
            client_id: g.client_id.clone(),
        };
        self.remember(|r| &mut r.client_grant, &g.id, grant.created, details)
            .await?;
        let mut out = ActionOutput::new(format!("grant {} {}", g.id, verb(&grant)))
            .detail(format!("{} may get tokens for {}", g.client_id, g.audience))
            .detail(format!("permissions (scope): {}", g.scope.join(" ")));
        if !grant.patched.is_empty() {
            out = out.detail(format!("corrected: {}", grant.patched.join(", ")));
        }
        Ok(out)
    }

    /// The test token, fetched on first use (a new process has none: it is never saved).
    /// The test token this session fetched, for the one place that prints it (`token`).
    pub fn current_test_token(&self) -> Option<String> {
        self.keys.test_token.as_ref().map(|t| t.expose().to_owned())
    }

    pub(super) async fn test_token(&mut self) -> Result<Secret, ActionFailure> {
        if let Some(token) = &self.keys.test_token {
            return Ok(token.clone());
        }
        self.fetch_test_token().await?;
        Ok(self
            .keys
            .test_token
            .clone()
            .unwrap_or_else(|| Secret::new("")))
    }

    pub(super) async fn fetch_test_token(&mut self) -> Result<ActionOutput, ActionFailure> {
        let (client, _) = self.test_client(false).await?;
        let m: Arc<Management> = self.management().await?;
        let audience = self.inputs().await.api_identifier;
        let verifier = self.verifier().await?;
        let token = fetch_test_token(m.http(), m.tenant(), &client, &audience, &verifier)
            .await
            .or_fail("fetching a test access token")?;
        let secret = token.response.access_token.clone();
        self.keys.test_token = Some(secret.clone());
        let inspection = token.inspection;
        if let Some(failure) = unverified(&inspection, "the test token does not verify") {
            return Err(failure);
        }
        let exp = inspection
            .times
            .iter()
            .find(|t| t.name == "exp")
            .map(|t| format!("expires {}", t.relative))
            .unwrap_or_default();
        let api = self.inputs().await.api_permissions;
        let mut out = ActionOutput::new(format!("token verified ({exp})")).detail(format!(
            "kid {}, sub {}",
            inspection.header["kid"].as_str().unwrap_or("?"),
            inspection.claims["sub"].as_str().unwrap_or("?")
        ));
        for line in what_it_allows(&inspection.claims, &api) {
            out = out.detail(line);
        }
        out.token = Some(secret);
        Ok(out
            .detail("kept in memory only; `authgate token` prints a fresh one")
            .panel(Panel::Token(Box::new(inspection))))
    }

    /// The verifier the authorizer is configured as: the issuer, audience and JWKS URI step 1
    /// recorded, and the policy scope of the settings. The one source for every token this
    /// session checks (fetched tokens and the panels alike).
    pub(super) async fn verifier(&self) -> Result<Verifier, ActionFailure> {
        let settings = self.store.snapshot().await.verifier.ok_or_else(|| {
            ActionFailure::new(
                "the API's issuer and audience are not known yet",
                "step 1's first action has not run in this state directory",
                "run step 1 (Register the API) first",
            )
        })?;
        let mut config = VerifierConfig::new(
            settings.issuer,
            settings.audience,
            JwksSource::url(&settings.jwks_uri).or_fail("reading the JWKS URI")?,
        );
        config.policy_scope = self.inputs().await.policy_scope;
        Verifier::new(config).or_fail("preparing the verifier")
    }

    /// Decodes and checks a token with [`Session::verifier`].
    pub(super) async fn inspection(
        &self,
        token: &Secret,
        method_arn: Option<&str>,
    ) -> Result<Inspection, ActionFailure> {
        let verifier = self.verifier().await?;
        let now = jiff::Timestamp::now().as_second();
        Ok(inspect(token.expose(), Some(&verifier), method_arn, now).await)
    }
}

/// A fetched token that did not verify, as a failure: its first failed check says why.
pub(super) fn unverified(inspection: &Inspection, what: &str) -> Option<ActionFailure> {
    if inspection.all_passed() {
        return None;
    }
    let check = inspection
        .checks
        .iter()
        .find(|c| c.status != CheckStatus::Pass);
    Some(ActionFailure::new(
        what,
        check.map(|c| c.detail.clone()).unwrap_or_default(),
        check
            .and_then(|c| c.fix.clone())
            .unwrap_or_else(|| "check the API's signing algorithm (RS256)".into()),
    ))
}
