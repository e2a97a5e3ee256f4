//! authgate: a terminal companion to "Secure AWS API Gateway Endpoints Using Custom Authorizers".
//!
//! `run` is the boundary: it picks the wizard (TUI) or a subcommand. Everything below it
//! returns typed errors; only this layer speaks `color_eyre`.

pub mod app;
pub mod cli;
pub mod commands;
pub mod domain;
pub mod event;
pub mod flow;
pub mod hint;
pub mod logging;
pub mod sandbox;
pub mod snippets;
pub mod state;
pub mod steps;
pub mod tasks;
pub mod ui;

use std::io::IsTerminal;
use std::process::ExitCode;

use cli::{Cli, Command};

/// Exit code for usage or configuration errors (0 = success, 1 = a negative outcome).
pub const EXIT_USAGE: u8 = 2;

/// When `run` began: the first frame's latency is logged against it (bench/tui reads it).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

pub async fn run(cli: Cli) -> color_eyre::Result<ExitCode> {
    STARTED.get_or_init(std::time::Instant::now);
    let _log_guard = logging::init(&cli.global.state_dir);
    match cli.command {
        Some(Command::Completions { shell }) => {
            commands::completions(shell);
            Ok(ExitCode::SUCCESS)
        }
        Some(command) => commands::dispatch(command, &cli.global).await,
        None if !std::io::stdout().is_terminal() => {
            eprintln!(
                "authgate: stdout is not a terminal, so the wizard was not drawn. \
                 Run it in a terminal, or use `authgate setup --yes` (see `authgate --help`)."
            );
            Ok(ExitCode::from(EXIT_USAGE))
        }
        None => event::run_wizard(&cli.global).await,
    }
}
