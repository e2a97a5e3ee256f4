//! Subcommands that run without the wizard screen. Each lives in its own file.

pub mod authorizer;
pub mod check;
pub mod confirm;
pub mod export;
pub mod inspect;
pub mod out;
pub mod sandbox;
pub mod scenario;
pub mod setup;
pub mod status;
pub mod teardown;
pub mod token;
mod user_token;
pub mod verify;
pub mod web;

use std::process::ExitCode;

use clap::CommandFactory;

pub(crate) use crate::boot::{load_state, open_session, session_from_flags};
use crate::cli::{Cli, Command, GlobalArgs};

pub async fn dispatch(command: Command, global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    match command {
        Command::Verify(args) => verify::run(args, global).await,
        Command::Inspect(args) => inspect::run(args, global).await,
        Command::Authorizer(args) => authorizer::run(args, global).await,
        Command::Sandbox(args) => sandbox::run(args, global).await,
        Command::Setup(args) => Box::pin(setup::run(args, global)).await,
        Command::Status(args) => Box::pin(status::run(args, global)).await,
        Command::Token(args) => Box::pin(token::run(args, global)).await,
        Command::Export(args) => Box::pin(export::run(args, global)).await,
        Command::Teardown(args) => Box::pin(teardown::run(args, global)).await,
        Command::Web(args) => Box::pin(web::run(args, global)).await,
        Command::Check(args) => Box::pin(check::run(args, global)).await,
        Command::Scenario(args) => Box::pin(scenario::run(args, global)).await,
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
