//! `authgate token --user`: a user's access token by the device flow (step 1's "Log in as a
//! user"). The API is ensured first (the token's audience). The verification URL, the code
//! and the URL's QR code go to stderr, and so does the poll's progress; stdout carries only
//! the token, so `TOKEN=$(authgate token --user)` works, or with `--json` the token response
//! (there is no refresh token: `offline_access` is not asked for). Ctrl-C stops the poll.

use std::io::{IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::sync::Arc;

use super::out::outln;
use crate::cli::{GlobalArgs, TokenArgs};
use crate::steps::ActionId;
use authgate_providers::Report;
use authgate_providers::auth0::{DeviceLoginEvent, PollEvent};

/// Exit status after Ctrl-C, as shells report SIGINT.
const EXIT_INTERRUPTED: u8 = 130;

/// Progress on stderr: lines, the prompt with its QR code, polls on one rewritten line when
/// stderr is a terminal.
struct StderrLogin {
    terminal: bool,
}

impl Report for StderrLogin {
    fn line(&self, text: String) {
        tracing::info!(target: "auth0", "{text}");
        eprintln!("{text}");
    }

    fn device_login(&self, event: DeviceLoginEvent) {
        match &event {
            DeviceLoginEvent::Prompt(prompt) => {
                eprintln!();
                eprintln!("  Open {} and enter the code", prompt.verification_uri);
                eprintln!();
                eprintln!("      {}", prompt.user_code);
                eprintln!();
                if let Some(complete) = &prompt.verification_uri_complete {
                    eprintln!("  or open {complete} (or scan it):");
                }
                for line in
                    crate::ui::login_screen::qr_lines(prompt.qr_target()).unwrap_or_default()
                {
                    if self.terminal {
                        // White on black whatever the terminal's colours: a readable code.
                        eprintln!("  \x1b[97;40m{line}\x1b[0m");
                    } else {
                        eprintln!("  {line}");
                    }
                }
                eprintln!(
                    "  The code expires in {} minutes. Ctrl-C stops waiting.",
                    prompt.expires_in.as_secs().div_ceil(60)
                );
            }
            DeviceLoginEvent::Poll(PollEvent::Polled { .. }) if self.terminal => {
                eprint!("\r\x1b[2K  {event}");
                let _ = std::io::stderr().flush();
            }
            DeviceLoginEvent::Poll(_) => eprintln!("  {event}"),
        }
    }
}

pub async fn run(args: TokenArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let mut session = match super::session_from_flags(global, "authgate token --user").await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    let terminal = std::io::stderr().is_terminal();
    let report: Arc<dyn Report> = Arc::new(StderrLogin { terminal });
    for action in [ActionId::EnsureResourceServer, ActionId::LogInUser] {
        let outcome = tokio::select! {
            outcome = session.perform(action, Arc::clone(&report)) => outcome,
            _ = tokio::signal::ctrl_c() => {
                eprintln!("\nauthgate: stopped waiting for the sign-in (Ctrl-C); no token");
                return Ok(ExitCode::from(EXIT_INTERRUPTED));
            }
        };
        if terminal && action == ActionId::LogInUser {
            eprintln!();
        }
        if let Err(f) = outcome {
            crate::commands::out::fail("authgate", &f);
            return Ok(if action == ActionId::EnsureResourceServer {
                ExitCode::from(crate::commands::out::EXIT_USAGE)
            } else {
                ExitCode::FAILURE
            });
        }
    }
    let Some(token) = session.user_token_response() else {
        return Ok(ExitCode::FAILURE);
    };
    if args.json {
        outln!("{}", serde_json::to_string_pretty(token)?)?;
    } else {
        outln!("{}", token.access_token.expose())?;
    }
    Ok(ExitCode::SUCCESS)
}
