//! Where the session's clients point: the user's tenant and AWS account, or the sandbox.
//! `--sandbox` changes endpoints and credentials only; the calls are the same.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use super::Session;
use super::failure::OrFail;
use super::outcome::ActionFailure;
use crate::state::Target;
use authgate_providers::Report;
use authgate_providers::auth0::{ClientCredentials, Management, Secret, TenantUrl};
use authgate_providers::aws::{Aws, AwsSettings, CallerIdentity};

/// What the command line and environment said about the targets.
#[derive(Debug, Clone)]
pub struct Settings {
    pub target: Target,
    pub state_dir: PathBuf,
    pub auth0_domain: Option<String>,
    pub auth0_client_id: Option<String>,
    pub auth0_client_secret: Option<Secret>,
    /// Step 3's audit leaves out the rows that only wait (`setup`: off the critical path).
    pub quick_audit: bool,
}

/// Forwards the providers' progress lines to whoever runs the current action.
#[derive(Default)]
pub struct Relay(Mutex<Option<Arc<dyn Report>>>);

impl Relay {
    pub fn set(&self, to: Arc<dyn Report>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(to);
    }
}

impl Report for Relay {
    fn line(&self, text: String) {
        tracing::info!(target: "flow", "{text}");
        let to = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(to) = to {
            to.line(text);
        }
    }

    fn device_login(&self, event: authgate_providers::auth0::DeviceLoginEvent) {
        let to = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(to) = to {
            to.device_login(event);
        }
    }
}

/// The AWS clients and the account they act in.
pub struct AwsLink {
    pub aws: Aws,
    pub identity: CallerIdentity,
}

impl Session {
    /// With `--sandbox`: finds the running sandbox or starts one for as long as the session
    /// lives. Called before any action runs (not from a spawned task: the sandbox's start-up
    /// future is not `Send` for every lifetime, which `tokio::spawn` would require).
    pub async fn attach_sandbox(&mut self) -> Result<(), ActionFailure> {
        if self.settings.target.is_sandbox() && self.sandbox.is_none() {
            let dir = self.settings.state_dir.join("sandbox");
            // Before any screen is drawn (the wizard attaches first), so stderr is free.
            let progress = |line: String| {
                tracing::info!(target: "flow", "{line}");
                eprintln!("authgate: {line}");
            };
            // A directory set up before the sandbox kept its own address: come back on the
            // port its records name, so they answer again.
            let wanted = super::sandbox_address::recorded_port(&self.store.snapshot().await)
                .map_or(authgate_sandbox::Wanted::Directory, |hint| {
                    authgate_sandbox::Wanted::DirectoryOr { hint }
                });
            let link = authgate_sandbox::connect_or_start(&dir, wanted, &progress)
                .await
                .or_fail("starting the sandbox")?;
            tracing::info!(base_url = link.base_url(), "sandbox attached");
            self.sandbox = Some(link);
        }
        Ok(())
    }

    fn attached_sandbox_url(&self) -> Result<String, ActionFailure> {
        self.sandbox_url().map(str::to_owned).ok_or_else(|| {
            ActionFailure::new(
                "the sandbox is not attached",
                "a bug in authgate: the session was started without it",
                "restart authgate with --sandbox",
            )
        })
    }

    /// The Management API client, connected on first use.
    pub async fn management(&mut self) -> Result<Arc<Management>, ActionFailure> {
        if let Some(m) = &self.auth0 {
            return Ok(Arc::clone(m));
        }
        let (tenant, credentials) = self.auth0_target()?;
        let relay: Arc<dyn Report> = self.relay.clone();
        let m = Management::connect(self.http.clone(), tenant, &credentials, relay)
            .await
            .or_fail("getting a Management API token")?;
        let m = Arc::new(m);
        self.auth0 = Some(Arc::clone(&m));
        Ok(m)
    }

    fn auth0_target(&self) -> Result<(TenantUrl, ClientCredentials), ActionFailure> {
        if self.settings.target.is_sandbox() {
            let url = self.attached_sandbox_url()?;
            let tenant = TenantUrl::parse(&url).or_fail("reading the sandbox's address")?;
            let credentials = ClientCredentials {
                client_id: authgate_sandbox::MANAGEMENT_CLIENT_ID.into(),
                client_secret: Secret::new(authgate_sandbox::MANAGEMENT_CLIENT_SECRET),
            };
            return Ok((tenant, credentials));
        }
        let s = &self.settings;
        let missing = [
            ("AUTH0_DOMAIN", "--auth0-domain", s.auth0_domain.is_none()),
            (
                "AUTH0_CLIENT_ID",
                "--auth0-client-id",
                s.auth0_client_id.is_none(),
            ),
            (
                "AUTH0_CLIENT_SECRET",
                "--auth0-client-secret",
                s.auth0_client_secret.is_none(),
            ),
        ];
        if let Some((var, flag, _)) = missing.iter().find(|m| m.2) {
            return Err(ActionFailure::new(
                format!("{var} is not set"),
                "authgate needs your Auth0 management application to create the API and the test client",
                format!(
                    "set {var} (or pass {flag}) to your management application's value, or run with --sandbox"
                ),
            ));
        }
        let tenant = TenantUrl::parse(s.auth0_domain.as_deref().unwrap_or_default())
            .or_fail("reading AUTH0_DOMAIN")?;
        let credentials = ClientCredentials {
            client_id: s.auth0_client_id.clone().unwrap_or_default(),
            client_secret: s
                .auth0_client_secret
                .clone()
                .unwrap_or_else(|| Secret::new("")),
        };
        Ok((tenant, credentials))
    }

    /// The AWS clients, connected (and the credentials proven) on first use.
    pub async fn aws(&mut self) -> Result<Arc<AwsLink>, ActionFailure> {
        if let Some(link) = &self.aws {
            return Ok(Arc::clone(link));
        }
        {
            let endpoint = if self.settings.target.is_sandbox() {
                // An explicit AWS_ENDPOINT_URL wins, so the sandbox's tenant can be paired
                // with another AWS stand-in (the tests pair it with moto).
                match std::env::var("AWS_ENDPOINT_URL") {
                    Ok(url) if !url.is_empty() => Some(url),
                    _ => Some(self.attached_sandbox_url()?),
                }
            } else {
                None
            };
            let settings = AwsSettings {
                endpoint,
                ..AwsSettings::default()
            };
            let aws = Aws::connect(&settings)
                .await
                .or_fail("loading the AWS configuration")?;
            let identity = aws
                .caller_identity()
                .await
                .or_fail("checking the AWS credentials")?;
            self.report(format!("AWS: {}", identity.summary()));
            let link = Arc::new(AwsLink { aws, identity });
            self.aws = Some(Arc::clone(&link));
            Ok(link)
        }
    }
}
