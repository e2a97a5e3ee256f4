//! `authgate inspect`.

use std::process::ExitCode;

use crate::cli::{GlobalArgs, InspectArgs};

#[allow(clippy::unused_async)]
pub async fn run(_args: InspectArgs, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(super::not_yet_available("inspect"))
}
