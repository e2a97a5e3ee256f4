//! `authgate authorizer`.

use std::process::ExitCode;

use crate::cli::{AuthorizerCommand, GlobalArgs};

#[allow(clippy::unused_async)]
pub async fn run(_args: AuthorizerCommand, _global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    Ok(super::not_yet_available("authorizer"))
}
