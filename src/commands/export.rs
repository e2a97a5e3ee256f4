//! `authgate export --format sh|cloudformation|sam|terraform --out DIR`: what the state file
//! records, read back live from the target it was made against, written to DIR as
//! infrastructure code with the authorizer's code, the definition and a README. Progress on
//! stderr; stdout lists the files written.

use std::process::ExitCode;

use super::out::outln;
use crate::cli::{ExportArgs, GlobalArgs};
use crate::export::{self, read};

use authgate_core::hint::Hint;

const WHO: &str = "authgate export";

pub async fn run(args: ExportArgs, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    let state = match super::load_state(global, WHO) {
        Ok(state) => state,
        Err(code) => return Ok(code),
    };
    let settings = crate::boot::settings(global);
    if let Some(target) = state.target
        && target != settings.target
    {
        eprintln!(
            "{WHO}: the state file was made against {}, not {}\n  fix: run `authgate{} export …`",
            target.describe(),
            settings.target.describe(),
            if target.is_sandbox() {
                " --sandbox"
            } else {
                ""
            }
        );
        return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE));
    }
    if let Err(f) = read::check_complete(&state) {
        eprintln!(
            "{WHO}: {}\n  cause: {}\n  fix:   {}",
            f.what, f.cause, f.fix
        );
        return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE));
    }
    let mut session = match super::open_session(global, state, settings).await {
        Ok(session) => session,
        Err(code) => return Ok(code),
    };
    eprintln!("{WHO}: reading what the state file records back from the target");
    let snapshot = match read::snapshot(&mut session).await {
        Ok(snapshot) => snapshot,
        Err(f) => {
            eprintln!(
                "{WHO}: {}\n  cause: {}\n  fix:   {}",
                f.what, f.cause, f.fix
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let files = export::render(&snapshot, args.format)
        .and_then(|files| export::write(&args.out, &files).map(|()| files));
    let files = match files {
        Ok(files) => files,
        Err(e) => {
            eprintln!("{WHO}: {e}\n  fix: {}", e.fix());
            return Ok(ExitCode::FAILURE);
        }
    };
    for file in &files {
        outln!("{}", args.out.join(&file.name).display())?;
    }
    eprintln!(
        "{WHO}: {} files in {}; its README.md says how to apply them",
        files.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}
