//! `authgate status`: what authgate made or reused, from the state file.

use std::process::ExitCode;

use serde_json::json;

use crate::cli::{GlobalArgs, StatusArgs};
use crate::flow::status::Status;
use crate::state::State;

#[allow(clippy::unused_async)]
pub async fn run(args: StatusArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let state = match State::load(&global.state_dir) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("authgate status: {e}\n  fix: {}", e.hint());
            return Ok(ExitCode::from(crate::EXIT_USAGE));
        }
    };
    let status = Status::of(&state);
    if args.json {
        let out = json!({
            "state_file": State::path(&global.state_dir),
            "target": status.target,
            "actions_done": status.done,
            "actions_total": status.total,
            "invoke_url": status.invoke_url(),
            "verifier": state.verifier.as_ref().map(|v| json!({
                "issuer": v.issuer, "audience": v.audience, "jwks_uri": v.jwks_uri,
            })),
            "resources": status.rows.iter().map(|r| json!({
                "key": r.key,
                "label": r.label,
                "exists": r.id.is_some(),
                "id": r.id,
                "created": r.created,
                "details": r.details.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{} · target {} · {}/{} actions done",
        State::path(&global.state_dir).display(),
        status.target.as_deref().unwrap_or("none yet"),
        status.done,
        status.total
    );
    for line in status.lines() {
        println!("{line}");
    }
    if let Some(url) = status.invoke_url() {
        println!("invoke URL: {url}");
    }
    Ok(ExitCode::SUCCESS)
}
