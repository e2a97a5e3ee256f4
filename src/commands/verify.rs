//! `authgate verify`.

use std::process::ExitCode;

use crate::cli::{GlobalArgs, VerifyArgs};

#[allow(clippy::unused_async)]
pub async fn run(_args: VerifyArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(super::not_yet_available("verify"))
}
