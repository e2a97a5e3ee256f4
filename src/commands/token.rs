//! `authgate token`: a fresh test token for the API the state file names (or the tutorial's
//! default), through the wizard's step 1: the API, the test client and its grant are found or
//! created and recorded (so teardown knows them), then the token is fetched and verified.
//! stdout carries only the token (or, with `--json`, one JSON object); progress goes to stderr.

use std::process::ExitCode;
use std::sync::Arc;

use serde_json::json;

use super::out::outln;
use crate::cli::{GlobalArgs, TokenArgs};
use crate::flow::outcome::Panel;
use crate::steps::ActionId;
use authgate_providers::Report;

/// Step 1, in order; the last one fetches and verifies the token.
const STEP_ONE: [ActionId; 4] = [
    ActionId::EnsureResourceServer,
    ActionId::EnsureTestClient,
    ActionId::EnsureClientGrant,
    ActionId::FetchTestToken,
];

pub async fn run(args: TokenArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    if args.user {
        return Box::pin(super::user_token::run(args, global)).await;
    }
    let mut session = match super::session_from_flags(global, "authgate token").await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    if let Some(moved) = session.sandbox_moved().await {
        eprintln!(
            "authgate token: warning: {}; this token is for the sandbox on {}, which the \
             deployed authorizer does not trust yet\n  fix: {}",
            moved.what(),
            moved.now,
            moved.fix()
        );
    }
    if session.sandbox_in_process() {
        eprintln!(
            "authgate token: note: no sandbox was running for this directory, so one runs inside \
             this command on {} (its keys are the directory's, so the token stays valid); run \
             `authgate sandbox` here to call the invoke URL with it",
            session.sandbox_url().unwrap_or_default()
        );
    }
    let report: Arc<dyn Report> = Arc::new(|line: String| {
        tracing::info!(target: "auth0", "{line}");
        eprintln!("{line}");
    });
    let mut last = None;
    for action in STEP_ONE {
        match session.perform(action, Arc::clone(&report)).await {
            Ok(output) => last = Some(output),
            Err(f) => {
                crate::commands::out::fail("authgate", &f);
                return Ok(if action == ActionId::EnsureResourceServer {
                    // Nothing reached the tenant: a setting is missing or wrong.
                    ExitCode::from(crate::commands::out::EXIT_USAGE)
                } else {
                    ExitCode::FAILURE
                });
            }
        }
    }
    let token = session.current_test_token().unwrap_or_default();
    if args.json {
        let inspection = last.iter().flat_map(|o| &o.panels).find_map(|p| match p {
            Panel::Token(inspection) => Some(inspection),
            _ => None,
        });
        let out = json!({
            "access_token": token,
            "token_type": "Bearer",
            "audience": session.inputs().await.api_identifier,
            "inspection": inspection,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?)?;
    } else {
        outln!("{token}")?;
    }
    Ok(ExitCode::SUCCESS)
}
