//! `authgate sandbox`: the local Auth0 tenant and AWS subset, in the foreground on 127.0.0.1.

use authgate_core::hint::Hint as _;
use std::process::ExitCode;

use super::out::{OutError, outln};
use crate::cli::{GlobalArgs, SandboxArgs};
use authgate_sandbox::Wanted;
use authgate_sandbox::{ACCOUNT_ID, DEFAULT_REGION};
use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET, SandboxError, server};

pub async fn run(args: SandboxArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let wanted = args.port.map_or(Wanted::Directory, Wanted::Explicit);
    let handle = match server::start_on(&args.dir, wanted).await {
        Ok(h) => h,
        Err(e) => {
            let (cause, code) = match &e {
                SandboxError::AlreadyServed { .. } => (
                    "one sandbox serves a directory, so that two never overwrite each other's state",
                    crate::commands::out::EXIT_USAGE,
                ),
                SandboxError::PortTaken { .. } => (
                    "a directory's sandbox keeps its port, so that the URLs recorded with it keep answering",
                    crate::commands::out::EXIT_USAGE,
                ),
                SandboxError::Bind { .. } | SandboxError::PortInUse { .. } => (
                    "another process listens there, or the port is not allowed",
                    crate::commands::out::EXIT_USAGE,
                ),
                _ => ("the sandbox could not start", 1),
            };
            let failure = crate::flow::ActionFailure::new(e.to_string(), cause, e.fix());
            crate::commands::out::fail("authgate sandbox", &failure);
            return Ok(ExitCode::from(code));
        }
    };
    if let Some(old) = handle.moved_from() {
        eprintln!(
            "authgate sandbox: this directory's sandbox moved from :{old} to {}; what was set up \
             with :{old} answers no more until `authgate --sandbox setup` moves it",
            handle.base_url()
        );
    }
    let base = handle.base_url().to_owned();
    if let Err(e) = banner(&base, &args.dir) {
        // Nobody reads what it serves: stop as if Ctrl-C had been pressed (the endpoint file
        // goes with the clean stop).
        handle.shutdown().await;
        return Err(e.into());
    }
    stopped().await;
    handle.shutdown().await;
    eprintln!("authgate sandbox: stopped");
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn stopped() {
    #[cfg(unix)]
    {
        let ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
        // Without a SIGTERM handler (none could be installed), Ctrl-C still stops it.
        let Ok(mut term) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        else {
            let _ = ctrl_c.await;
            return;
        };
        // futures' select, not tokio::select!: the house keeps one select! (src/event.rs).
        let term = std::pin::pin!(term.recv());
        futures::future::select(ctrl_c, term).await;
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// Where everything answers, for the user and for tools that read the first lines.
fn banner(base: &str, dir: &std::path::Path) -> Result<(), OutError> {
    outln!("authgate sandbox (Auth0 tenant + AWS subset) on 127.0.0.1 — Ctrl-C stops it")?;
    outln!("  base URL        {base}")?;
    outln!("  Auth0 domain    {}", base.trim_start_matches("http://"))?;
    outln!("  issuer          {base}/")?;
    outln!("  JWKS URI        {base}/.well-known/jwks.json")?;
    outln!("  token endpoint  {base}/oauth/token")?;
    outln!("  management app  client id     {}", MANAGEMENT_CLIENT_ID)?;
    outln!(
        "                  client secret {}",
        MANAGEMENT_CLIENT_SECRET
    )?;
    outln!("                  (fixed, loopback-only sandbox values, not secrets)")?;
    outln!("  AWS endpoint    {base}  (API Gateway, Lambda, IAM, STS; any credentials)")?;
    outln!("                  account {ACCOUNT_ID}, region from your config or {DEFAULT_REGION}")?;
    outln!("                  aws --endpoint-url {base} apigateway get-rest-apis")?;
    outln!("  invoke URLs     {base}/restapis/{{api}}/{{stage}}/_user_request_/{{path}}")?;
    outln!("  hooks           POST {base}/sandbox/rotate-keys")?;
    outln!("                  POST {base}/sandbox/management-scopes {{\"scopes\":[…]}}")?;
    outln!("                  POST {base}/sandbox/rate-limit {{\"count\":N,\"reset_in\":S}}")?;
    outln!(
        "                  GET|DELETE {base}/sandbox/authorizer-cache (the gateway's policy cache)"
    )?;
    outln!("                  POST {base}/sandbox/clock-skew {{\"skew_secs\":S}}")?;
    outln!("  state           {}", dir.display())?;
    outln!("Other commands use it with --sandbox, e.g. `authgate --sandbox token`.")?;
    Ok(())
}
