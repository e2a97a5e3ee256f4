//! `authgate web`: a small single-page app on 127.0.0.1 that signs a user in (Authorization
//! Code + PKCE, against the tenant's `/authorize`) and calls the secured API with `fetch`,
//! showing each call's status, its CORS headers, the decoded token and, when the browser
//! blocks an answer, why. The web-page application is found or created first (a public SPA
//! whose callback and web origin are this page). Ctrl-C stops it.
//!
//! The PKCE client is a few lines of the page's own script, not Auth0's SPA SDK: the SDK
//! would have to be vendored as a minified bundle (the binary works offline), it insists on
//! an ID token `nonce` and silent authentication in an iframe, which the sandbox tenant does
//! not emulate, and it hides the protocol steps this page exists to show.

mod probe;
mod server;

use std::process::ExitCode;

use crate::cli::{GlobalArgs, WebArgs};

pub async fn run(args: WebArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let listener = match tokio::net::TcpListener::bind(("127.0.0.1", args.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!(
                "authgate web: cannot listen on 127.0.0.1:{}: {e}\n  fix:   stop what uses \
                 the port, or pass --port N (and set step 4's browser origin to that page)",
                args.port
            );
            return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE));
        }
    };
    let origin = format!("http://{}", listener.local_addr()?);
    let mut session = match super::session_from_flags(global, "authgate web").await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    let page = match session.web_page(&origin).await {
        Ok(page) => page,
        Err(f) => {
            eprintln!(
                "authgate web: {}\n  cause: {}\n  fix:   {}",
                f.what, f.cause, f.fix
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    if page.allowed_origin != origin && page.allowed_origin != "*" {
        eprintln!(
            "authgate web: warning: step 4 allows the browser origin {}, not this page's \
             ({origin}); its calls will be blocked\n  fix:   set `called from a browser at \
             origin` to {origin} in step 4's settings and rerun step 4",
            if page.allowed_origin.is_empty() {
                "none"
            } else {
                &page.allowed_origin
            }
        );
    }
    let url = format!("{origin}/");
    eprintln!("authgate web: {url} (Ctrl-C stops)");
    super::out::outln!("{url}")?;
    if !args.no_open {
        open_in_browser(&url);
    }
    axum::serve(listener, server::router(page))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(ExitCode::SUCCESS)
}

/// The desktop's browser, if it has one; without one the URL printed above is enough.
fn open_in_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let launched = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if launched.is_err() {
        eprintln!("authgate web: open {url} in a browser");
    }
}
