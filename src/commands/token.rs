//! `authgate token`.

use std::process::ExitCode;

use crate::cli::{GlobalArgs, TokenArgs};

#[allow(clippy::unused_async)]
pub async fn run(_args: TokenArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(super::not_yet_available("token"))
}
