//! Subcommands that run without the wizard screen. Each lives in its own file.

pub mod authorizer;
pub mod confirm;
pub mod inspect;
pub mod out;
pub mod sandbox;
pub mod setup;
pub mod status;
pub mod teardown;
pub mod token;
pub mod verify;

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, Command, GlobalArgs};
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

pub async fn dispatch(command: Command, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    match command {
        Command::Verify(args) => verify::run(args, global).await,
        Command::Inspect(args) => inspect::run(args, global).await,
        Command::Authorizer(args) => authorizer::run(args, global).await,
        Command::Sandbox(args) => sandbox::run(args, global).await,
        Command::Setup(args) => setup::run(args, global).await,
        Command::Status(args) => status::run(args, global).await,
        Command::Token(args) => token::run(args, global).await,
        Command::Teardown(args) => teardown::run(args, global).await,
        Command::Completions { shell } => {
            completions(shell)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Print completions. Generated into memory first: `clap_complete` panics on a write error.
pub fn completions(shell: clap_complete::Shell) -> Result<(), out::OutError> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "authgate", &mut script);
    out::write_bytes(&script)
}
