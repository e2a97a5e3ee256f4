//! The event loop.

use std::process::ExitCode;

use crate::cli::GlobalArgs;

#[allow(clippy::unused_async)]
pub async fn run_wizard(_global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(ExitCode::SUCCESS)
}
