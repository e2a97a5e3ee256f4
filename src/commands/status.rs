//! `authgate status`.

use std::process::ExitCode;

use crate::cli::{GlobalArgs, StatusArgs};

#[allow(clippy::unused_async)]
pub async fn run(_args: StatusArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(super::not_yet_available("status"))
}
