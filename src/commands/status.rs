//! `authgate status`: what authgate made or reused, from the state file, then each of them
//! read back live (drift), unless `--offline`.

use std::process::ExitCode;

use serde_json::json;

use super::out::{OutError, outln};
use crate::cli::{GlobalArgs, StatusArgs};
use crate::flow::drift::DriftRow;
use crate::flow::outcome::ActionFailure;
use crate::flow::sandbox_address::Moved;
use crate::flow::status::{Status, label};
use crate::state::{State, Target};
use authgate_providers::drift::Finding;

pub async fn run(args: StatusArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let state = match super::load_state(global, "authgate status") {
        Ok(state) => state,
        Err(code) => return Ok(code),
    };
    let status = Status::of(&state);
    let drift = if args.offline || state.resources.is_empty() {
        None
    } else {
        Some(check(global, &state).await)
    };
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
            "sandbox_moved": match &drift {
                Some(Ok(Live { moved: Some(m), .. })) => json!({ "recorded": m.recorded, "now": m.now, "fix": m.fix() }),
                _ => json!(null),
            },
            "drift": match &drift {
                None => json!(null),
                Some(Ok(live)) => json!(live.rows),
                Some(Err(f)) => json!({ "error": f.what, "cause": f.cause, "fix": f.fix }),
            },
        });
        outln!("{}", serde_json::to_string_pretty(&out)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    outln!(
        "{} · target {} · {}/{} actions done",
        State::path(&global.state_dir).display(),
        status.target.map_or("none yet", Target::as_str),
        status.done,
        status.total
    )?;
    // • = recorded in the state file; the live check below says what answers now.
    for line in status.lines() {
        outln!("{line}")?;
    }
    if let Some(url) = status.invoke_url() {
        outln!("invoke URL: {url}")?;
    }
    match drift {
        None => {}
        Some(Ok(live)) => {
            if let Some(url) = &live.in_process {
                outln!(
                    "live check: no sandbox was running for this directory, so one ran inside \
                     this command on {url} (it has stopped); run `authgate sandbox` here to keep \
                     the invoke URL answering"
                )?;
            }
            if let Some(m) = &live.moved {
                outln!("live check: {}\n  fix: {}", m.what(), m.fix())?;
            }
            print_drift(&live.rows, live.moved.is_some())?;
        }
        Some(Err(f)) => {
            outln!("live check: not done, so nothing above is known to answer now: {f}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What the live check found: a moved sandbox, each record read back, and the address of a
/// sandbox started inside this command for the check (none was running).
struct Live {
    moved: Option<Moved>,
    rows: Vec<DriftRow>,
    in_process: Option<String>,
}

/// Reads every recorded resource back, in the mode the state file was made in.
async fn check(global: &GlobalArgs, state: &State) -> Result<Live, ActionFailure> {
    let settings = crate::boot::settings(global);
    if let Some(target) = state.target
        && target != settings.target
    {
        return Err(ActionFailure::new(
            format!("the state file was made against {}", target.describe()),
            format!("this run is against {}", settings.target.describe()),
            if target.is_sandbox() {
                "run `authgate --sandbox status`"
            } else {
                "run `authgate status` without --sandbox"
            },
        ));
    }
    let mut session = crate::commands::open_session(global, state.clone(), settings)
        .await
        .map_err(|_| {
            ActionFailure::new(
                "the sandbox could not be reached or started",
                "the message above (on stderr) says why",
                "the fix printed above (on stderr), then `authgate --sandbox status` again",
            )
        })?;
    let moved = session.sandbox_moved().await;
    let in_process = session
        .sandbox_in_process()
        .then(|| session.sandbox_url().unwrap_or_default().to_owned());
    Ok(Live {
        moved,
        rows: session.check_drift().await?,
        in_process,
    })
}

/// Each record read back. After the sandbox moved, a differing object is as authgate left
/// it: what changed is the sandbox's address, so it is not worded as a change of the object.
fn print_drift(rows: &[DriftRow], sandbox_moved: bool) -> Result<(), OutError> {
    let drifted = rows
        .iter()
        .filter(|r| r.finding != Finding::Present)
        .count();
    let moved = if sandbox_moved {
        ", but for the sandbox's old address: they answer again after the fix above"
    } else {
        ""
    };
    outln!(
        "live check: {} of {} as authgate left them{moved}",
        rows.len() - drifted,
        rows.len()
    )?;
    for row in rows {
        let name = label(row.key);
        match &row.finding {
            Finding::Present => outln!("  ✓ {name}: present")?,
            Finding::Missing => outln!("  ✗ {name}: missing")?,
            Finding::Drifted(differences) => {
                if sandbox_moved {
                    outln!("  ! {name}: made for the sandbox's old address")?;
                } else {
                    outln!("  ! {name}: changed since authgate set it")?;
                }
                for d in differences {
                    outln!("      {d}")?;
                }
            }
        }
        if let Some(fix) = row.fix {
            outln!("      fix: {fix}")?;
        }
    }
    Ok(())
}
