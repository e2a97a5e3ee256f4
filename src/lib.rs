//! authgate: a terminal companion to "Secure AWS API Gateway Endpoints Using Custom Authorizers".
//!
//! `run` is the boundary: it picks the wizard (TUI) or a subcommand. Everything below it
//! returns typed errors; only this layer speaks `color_eyre`.

pub mod app;
pub mod authorizer_code;
pub mod boot;
pub mod check;
pub mod cli;
pub mod commands;
pub mod event;
pub mod export;
pub mod flow;
pub mod logging;
pub mod scenario;
pub mod snippets;
pub mod state;
pub mod steps;
pub mod tasks;
pub mod ui;

use std::io::IsTerminal;
use std::process::ExitCode;

use cli::Cli;
use commands::out::EXIT_USAGE;

/// How an error or a panic that reaches the boundary is reported: without colour when
/// `NO_COLOR` is set (any non-empty value) or stderr is not a terminal, and with a backtrace
/// or span trace only when `RUST_BACKTRACE` (or `RUST_LIB_BACKTRACE`) asks for one.
pub fn report_hook() -> color_eyre::config::HookBuilder {
    let plain = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || !std::io::stderr().is_terminal();
    let traces = ["RUST_LIB_BACKTRACE", "RUST_BACKTRACE"]
        .into_iter()
        .any(|name| std::env::var(name).is_ok_and(|v| v != "0"));
    let hook = color_eyre::config::HookBuilder::new()
        .display_env_section(false)
        .capture_span_trace_by_default(traces);
    if plain {
        hook.theme(color_eyre::config::Theme::new())
    } else {
        hook
    }
}

/// The app as one boxed future, for `main` to await.
///
/// Boxed and type-erased here, not in the binary: an `async fn`'s state machines are only
/// compiled where something polls them, so awaiting `run_app` from `main` compiled every
/// screen's and subcommand's futures a second time, in the binary (BENCHMARKS.md, "Release
/// build"). The vtable made here keeps that work in this crate.
pub fn run(cli: Cli) -> std::pin::Pin<Box<dyn Future<Output = color_eyre::Result<ExitCode>>>> {
    Box::pin(run_app(cli))
}

async fn run_app(cli: Cli) -> color_eyre::Result<ExitCode> {
    logging::STARTED.get_or_init(std::time::Instant::now);
    let keeps_state = cli.command.as_ref().is_none_or(cli::Command::keeps_state);
    let _log_guard = logging::init(&cli.global.state_dir, keeps_state);
    let result = match cli.command {
        // `authgate --authorizer DIR setup` means `authgate setup --authorizer DIR`.
        Some(cli::Command::Setup(mut args)) if cli.authorizer.is_set() && !args.code.is_set() => {
            args.code = cli.authorizer;
            Box::pin(commands::setup::run(args, &cli.global)).await
        }
        Some(_) if cli.authorizer.is_set() => {
            eprintln!(
                "authgate: --authorizer before a subcommand is for the wizard and `setup`; \
                 `authorizer run` and `authorizer bundle` take it after their name"
            );
            Ok(ExitCode::from(EXIT_USAGE))
        }
        Some(command) => Box::pin(commands::dispatch(command, &cli.global)).await,
        None if !std::io::stdout().is_terminal() => {
            eprintln!(
                "authgate: stdout is not a terminal, so the wizard was not drawn. \
                 Run it in a terminal, or use `authgate setup --yes` (see `authgate --help`)."
            );
            Ok(ExitCode::from(EXIT_USAGE))
        }
        None => event::run_wizard(&cli.global, &cli.authorizer).await,
    };
    match result {
        // The reader of our stdout stopped early (`| head -1`): that is its choice, not an error.
        Err(report) if commands::out::closed(&report) => Ok(ExitCode::SUCCESS),
        other => other,
    }
}
