//! The wizard's work without a screen: a session holding the inputs, the connected clients
//! and the in-memory secrets, and what each [`ActionId`] does with the providers. The TUI's task
//! runner and the `setup` / `status` / `teardown` commands share it, so both take one path.
//!
//! Secrets (the test and writer clients' secrets, their access tokens) live only in the session:
//! never in the state file, the log or an [`ActionOutput`].

pub mod connect;
pub mod drift;
pub mod failure;
pub mod inputs;
mod keyring;
pub mod live_check;
mod login;
pub mod outcome;
mod record;
pub mod sandbox_address;
pub mod status;
mod step1;
mod step1_roles;
mod step1_text;
mod step1_writer;
mod step2;
mod step3;
mod step3_audit;
mod step3_checks;
mod step3_custom;
mod step3_permissions;
mod step4;
mod step4_cors;
mod step5;
mod step5_live;
mod step5_post;
mod step5_tokens;
pub mod teardown;
pub mod web;

use std::sync::Arc;

use connect::{AwsLink, Relay, Settings};
use failure::OrFail;
pub use outcome::{ActionFailure, ActionOutput, Panel};
pub use step3_audit::{AuditJob, audit_output};

use crate::state::Inputs;
use crate::state::store::StateStore;
use crate::steps::ActionId;
use authgate_providers::Report;
use authgate_providers::auth0::Management;
use authgate_sandbox::SandboxLink;
use keyring::Keyring;

pub struct Session {
    settings: Settings,
    pub store: StateStore,
    relay: Arc<Relay>,
    http: reqwest::Client,
    sandbox: Option<SandboxLink>,
    auth0: Option<Arc<Management>>,
    aws: Option<Arc<AwsLink>>,
    /// The clients and tokens one step hands another, in memory only.
    keys: Keyring,
    /// Step 3 created or changed the authorizer: step 4 flushes the stage's policy cache.
    authorizer_changed: bool,
    /// `authgate web` started by step 5, with its URL; killed when the session ends.
    web_server: Option<(tokio::process::Child, String)>,
}

impl Session {
    pub fn new(settings: Settings, store: StateStore) -> Self {
        let http = authgate_core::http::client_builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap_or_default();
        Self {
            settings,
            store,
            relay: Arc::new(Relay::default()),
            http,
            sandbox: None,
            auth0: None,
            aws: None,
            keys: Keyring::default(),
            authorizer_changed: false,
            web_server: None,
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The inputs the state file remembers, or the tutorial's defaults.
    pub async fn inputs(&self) -> Inputs {
        self.store.snapshot().await.inputs.unwrap_or_default()
    }

    fn report(&self, line: String) {
        self.relay.line(line);
    }

    /// Runs one action; on success records it (and what it made) in the state file.
    pub async fn perform(
        &mut self,
        action: ActionId,
        report: Arc<dyn Report>,
    ) -> Result<ActionOutput, ActionFailure> {
        self.relay.set(report);
        self.claim_target().await?;
        let output = match action {
            ActionId::EnsureResourceServer => self.ensure_resource_server().await,
            ActionId::EnsureTestClient => self.ensure_test_client().await,
            ActionId::EnsureClientGrant => self.ensure_client_grant().await,
            ActionId::EnsureWriterClient => self.ensure_writer_client().await,
            ActionId::EnsureRoles => self.ensure_roles().await,
            ActionId::FetchTestToken => self.fetch_test_token().await,
            ActionId::LogInUser => self.log_in_user().await,
            ActionId::ImportApi => self.import_api().await,
            ActionId::TestInvokePostPets => self.test_invoke_post_pets().await,
            ActionId::DeployStage => self.deploy_stage().await,
            ActionId::CallInvokeUrl => self.call_invoke_url().await,
            ActionId::RunAuthorizerLocally => self.run_authorizer_locally().await,
            ActionId::AuditAuthorizer => self.audit_authorizer().await,
            ActionId::EnsureIamRole => self.ensure_iam_role().await,
            ActionId::DeployLambda => self.deploy_lambda().await,
            ActionId::TestInvokeLambda => self.test_invoke_lambda().await,
            ActionId::EnsureGatewayAuthorizer => self.ensure_gateway_authorizer().await,
            ActionId::TestGatewayAuthorizer => self.test_gateway_authorizer().await,
            ActionId::SecureMethods => self.secure_methods().await,
            ActionId::EnableCors => self.enable_cors().await,
            ActionId::CorsGatewayResponses => self.cors_gateway_responses().await,
            ActionId::RedeployStage => self.redeploy_stage().await,
            ActionId::CallWithoutToken => self.call_pets(step5::Call::NoToken).await,
            ActionId::CallWithBadToken => self.call_pets(step5::Call::BadToken).await,
            ActionId::CallWithTestToken => self.call_pets(step5::Call::TestToken).await,
            ActionId::PostWithReadToken => self.post_pets(step5_post::PostCall::ReadToken).await,
            ActionId::PostWithWriteToken => self.post_pets(step5_post::PostCall::WriteToken).await,
            ActionId::OpenWebPage => self.open_web_page().await,
        }?;
        self.record(action, &output).await?;
        Ok(output)
    }

    /// An action's result into the state file: finished, or (with a warning) not finished,
    /// so `setup` and the next wizard run it again.
    pub async fn record(
        &self,
        action: ActionId,
        output: &ActionOutput,
    ) -> Result<(), ActionFailure> {
        if output.warning.is_some() {
            self.store
                .update(|s| {
                    s.actions.remove(action.key());
                })
                .await
                .or_fail("saving the state file")
        } else {
            self.store
                .record_action(action, &output.summary)
                .await
                .or_fail("saving the state file")
        }
    }

    /// A state file belongs to one target: resources made in the sandbox mean nothing live.
    async fn claim_target(&self) -> Result<(), ActionFailure> {
        let want = self.settings.target;
        let found = self.store.snapshot().await.target;
        match found {
            Some(t) if t == want => Ok(()),
            Some(other) => Err(ActionFailure::new(
                format!(
                    "the state in {} is for the {other} target, not {want}",
                    self.settings.state_dir.display()
                ),
                "its ids and ARNs name resources that do not exist on this target",
                format!(
                    "use another state directory (--state-dir .authgate-{want}), or run with{} --sandbox",
                    if other.is_sandbox() { "" } else { "out" }
                ),
            )),
            None => self
                .store
                .update(move |s| s.target = Some(want))
                .await
                .or_fail("saving the state file"),
        }
    }
}

impl Session {
    /// The sandbox's base URL, once attached (`--sandbox`).
    pub fn sandbox_url(&self) -> Option<&str> {
        self.sandbox.as_ref().map(SandboxLink::base_url)
    }

    /// True when this process started the sandbox (it stops when the process ends).
    pub fn sandbox_in_process(&self) -> bool {
        matches!(self.sandbox, Some(SandboxLink::InProcess(_)))
    }
}
