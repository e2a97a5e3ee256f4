//! `authgate token`: a fresh test token for the configured API, decoded and verified.
//! stdout carries only the token (or, with `--json`, one JSON object); progress goes to stderr.

use std::process::ExitCode;
use std::sync::Arc;

use serde_json::json;

use crate::cli::{GlobalArgs, TokenArgs};
use crate::domain::auth0::{
    Auth0Error, ClientCredentials, Management, ProvisionSpec, Secret, TenantUrl, fetch_test_token,
    provision,
};
use crate::sandbox::{self, tenant};

/// Where the Auth0 side is: the user's tenant, or the sandbox (kept alive by `_link`).
pub(crate) struct Auth0Target {
    pub tenant: TenantUrl,
    pub credentials: ClientCredentials,
    pub _link: Option<sandbox::SandboxLink>,
}

/// Resolves `--sandbox` or the AUTH0_* settings; a missing one is a usage error naming it.
pub(crate) async fn resolve(
    global: &GlobalArgs,
) -> color_eyre::Result<Result<Auth0Target, ExitCode>> {
    if global.sandbox {
        let link = sandbox::connect_or_start(&global.state_dir.join("sandbox")).await?;
        let tenant = TenantUrl::parse(link.base_url())?;
        let credentials = ClientCredentials {
            client_id: tenant::MANAGEMENT_CLIENT_ID.into(),
            client_secret: Secret::new(tenant::MANAGEMENT_CLIENT_SECRET),
        };
        return Ok(Ok(Auth0Target {
            tenant,
            credentials,
            _link: Some(link),
        }));
    }
    let missing = [
        (
            "AUTH0_DOMAIN",
            "--auth0-domain",
            global.auth0_domain.is_none(),
        ),
        (
            "AUTH0_CLIENT_ID",
            "--auth0-client-id",
            global.auth0_client_id.is_none(),
        ),
        (
            "AUTH0_CLIENT_SECRET",
            "--auth0-client-secret",
            global.auth0_client_secret.is_none(),
        ),
    ];
    if let Some((var, flag, _)) = missing.iter().find(|m| m.2) {
        eprintln!(
            "authgate: {var} is not set. Set it (or pass {flag}) to your Auth0 management \
             application's value, or use --sandbox to run against the local sandbox."
        );
        return Ok(Err(ExitCode::from(crate::EXIT_USAGE)));
    }
    let domain = global.auth0_domain.as_deref().unwrap_or_default();
    let tenant = match TenantUrl::parse(domain) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("authgate: {e}\nhint: {}", e.hint());
            return Ok(Err(ExitCode::from(crate::EXIT_USAGE)));
        }
    };
    let credentials = ClientCredentials {
        client_id: global.auth0_client_id.clone().unwrap_or_default(),
        client_secret: Secret::new(global.auth0_client_secret.clone().unwrap_or_default()),
    };
    Ok(Ok(Auth0Target {
        tenant,
        credentials,
        _link: None,
    }))
}

fn failed(e: &Auth0Error) -> ExitCode {
    eprintln!("authgate: {e}\nhint: {}", e.hint());
    ExitCode::FAILURE
}

pub async fn run(args: TokenArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let target = match resolve(global).await? {
        Ok(t) => t,
        Err(code) => return Ok(code),
    };
    let report = Arc::new(|line: String| {
        tracing::info!(target: "auth0", "{line}");
        eprintln!("{line}");
    });
    let http = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()?;
    let m =
        match Management::connect(http, target.tenant.clone(), &target.credentials, report).await {
            Ok(m) => m,
            Err(e) => return Ok(failed(&e)),
        };
    let spec = ProvisionSpec::default();
    let provisioned = match provision(&m, &spec).await {
        Ok(p) => p,
        Err(e) => return Ok(failed(&e)),
    };
    let token = match fetch_test_token(
        m.http(),
        m.tenant(),
        &provisioned.test_client.value,
        &spec.api.identifier,
    )
    .await
    {
        Ok(t) => t,
        Err(e) => return Ok(failed(&e)),
    };
    let valid = token.verification.valid;
    if args.json {
        let out = json!({
            "token_response": token.response,
            "header": token.header,
            "claims": token.claims,
            "verification": token.verification,
            "objects": provisioned,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else if valid {
        println!("{}", token.response.access_token.expose());
    }
    if !valid {
        let reason = token.verification.reason.as_deref().unwrap_or("unknown");
        eprintln!(
            "authgate: the token did not verify against {}: {reason}",
            token.verification.jwks_uri
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
