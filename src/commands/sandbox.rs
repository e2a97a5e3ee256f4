//! `authgate sandbox`: the local Auth0 tenant and AWS subset, in the foreground on 127.0.0.1.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use crate::cli::{GlobalArgs, SandboxArgs};
use crate::sandbox::aws::{ACCOUNT_ID, DEFAULT_REGION};
use crate::sandbox::{server, tenant};

pub async fn run(args: SandboxArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let handle = match server::start(
        &args.dir,
        SocketAddr::from((Ipv4Addr::LOCALHOST, args.port)),
    )
    .await
    {
        Ok(h) => h,
        Err(e @ tenant::TenantError::AlreadyServed { .. }) => {
            eprintln!(
                "authgate sandbox: {e}\n  cause: one sandbox serves a directory, so that two never overwrite each other's state\n  fix:   {}",
                e.hint()
            );
            return Ok(ExitCode::from(crate::EXIT_USAGE));
        }
        Err(e) => {
            eprintln!("authgate sandbox: {e}\nhint: {}", e.hint());
            return Ok(ExitCode::FAILURE);
        }
    };
    let base = handle.base_url().to_owned();
    println!("authgate sandbox (Auth0 tenant + AWS subset) on 127.0.0.1 — Ctrl-C stops it");
    println!("  base URL        {base}");
    println!("  Auth0 domain    {}", base.trim_start_matches("http://"));
    println!("  issuer          {base}/");
    println!("  JWKS URI        {base}/.well-known/jwks.json");
    println!("  token endpoint  {base}/oauth/token");
    println!(
        "  management app  client id     {}",
        tenant::MANAGEMENT_CLIENT_ID
    );
    println!(
        "                  client secret {}",
        tenant::MANAGEMENT_CLIENT_SECRET
    );
    println!("                  (fixed, loopback-only sandbox values, not secrets)");
    println!("  AWS endpoint    {base}  (API Gateway, Lambda, IAM, STS; any credentials)");
    println!("                  account {ACCOUNT_ID}, region from your config or {DEFAULT_REGION}");
    println!("                  aws --endpoint-url {base} apigateway get-rest-apis");
    println!("  invoke URLs     {base}/restapis/{{api}}/{{stage}}/_user_request_/{{path}}");
    println!("  hooks           POST {base}/sandbox/rotate-keys");
    println!("                  POST {base}/sandbox/management-scopes {{\"scopes\":[…]}}");
    println!("                  POST {base}/sandbox/rate-limit {{\"count\":N,\"reset_in\":S}}");
    println!(
        "                  GET|DELETE {base}/sandbox/authorizer-cache (the gateway's policy cache)"
    );
    println!("                  POST {base}/sandbox/clock-skew {{\"skew_secs\":S}}");
    println!("  state           {}", args.dir.display());
    println!("Other commands use it with --sandbox, e.g. `authgate --sandbox token`.");
    stopped().await;
    handle.shutdown().await;
    eprintln!("authgate sandbox: stopped");
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
async fn stopped() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("installing a SIGTERM handler");
        // futures' select, not tokio::select!: the house keeps one select! (src/event.rs).
        let ctrl_c = std::pin::pin!(tokio::signal::ctrl_c());
        let term = std::pin::pin!(term.recv());
        futures::future::select(ctrl_c, term).await;
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
