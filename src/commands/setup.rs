//! `authgate setup`.

use std::process::ExitCode;

use crate::cli::{GlobalArgs, SetupArgs};

#[allow(clippy::unused_async)]
pub async fn run(_args: SetupArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(super::not_yet_available("setup"))
}
