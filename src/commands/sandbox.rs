//! `authgate sandbox`.

use std::process::ExitCode;

use crate::cli::{GlobalArgs, SandboxArgs};

#[allow(clippy::unused_async)]
pub async fn run(_args: SandboxArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(super::not_yet_available("sandbox"))
}
