//! Starting a run: the state file loaded and a session opened on it (with the sandbox
//! attached under `--sandbox`), shared by the wizard (`event`) and the subcommands, so that
//! neither imports the other.

use std::process::ExitCode;

use crate::cli::GlobalArgs;
use crate::hint::Hint;

/// The state file, or (printed as what and fix) the usage exit code: a file from a newer
/// authgate or a broken one is refused, never silently dropped. `who` prefixes the message.
pub(crate) fn load_state(global: &GlobalArgs, who: &str) -> Result<crate::state::State, ExitCode> {
    crate::state::State::load(&global.state_dir).map_err(|e| {
        eprintln!("{who}: {e}\n  fix: {}", e.fix());
        ExitCode::from(crate::EXIT_USAGE)
    })
}

/// A session on `state`, with the sandbox attached under `--sandbox` (found, or started for
/// as long as the session lives). A failure is printed as what/cause/fix and becomes the
/// usage exit code: nothing has run yet.
pub(crate) async fn open_session(
    global: &GlobalArgs,
    state: crate::state::State,
    settings: crate::flow::connect::Settings,
) -> Result<crate::flow::Session, ExitCode> {
    let store = crate::state::store::StateStore::new(global.state_dir.clone(), state);
    let mut session = crate::flow::Session::new(settings, store);
    if let Err(f) = session.attach_sandbox().await {
        eprintln!(
            "authgate: {}\n  cause: {}\n  fix:   {}",
            f.what, f.cause, f.fix
        );
        return Err(ExitCode::from(crate::EXIT_USAGE));
    }
    Ok(session)
}
