//! `authgate teardown`.

use std::process::ExitCode;

use crate::cli::{GlobalArgs, TeardownArgs};

#[allow(clippy::unused_async)]
pub async fn run(_args: TeardownArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(super::not_yet_available("teardown"))
}
