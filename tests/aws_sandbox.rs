//! The AWS tests of `tests/aws_moto.rs` against the authgate sandbox (same scenarios, the
//! other backend), plus what only the sandbox does: functions really run in node, state
//! survives a restart, and errors reach the SDK as its typed variants.

#[path = "support/aws_cli.rs"]
mod aws_cli;
#[path = "aws_moto/backend.rs"]
mod backend;
#[path = "aws_moto/checks.rs"]
mod checks;
#[path = "aws_sandbox/cli.rs"]
mod cli;
#[path = "aws_sandbox/environments.rs"]
mod environments;
#[path = "aws_sandbox/errors.rs"]
mod errors;
#[allow(dead_code)]
#[path = "aws_moto/harness.rs"]
mod harness;
#[path = "aws_sandbox/restart.rs"]
mod restart;
#[path = "aws_moto/scenarios.rs"]
mod scenarios;
#[path = "aws_moto/steps.rs"]
mod steps;
#[path = "aws_sandbox/tutorial.rs"]
mod tutorial;

use backend::{Backend, Sandbox};

pub use harness::FAST;

#[tokio::test]
async fn steps_two_to_four_converge_and_teardown_leaves_nothing() {
    let backend = Backend::Sandbox(Sandbox::start().await);
    Box::pin(scenarios::converge_and_teardown(&backend)).await;
}

#[tokio::test]
async fn every_method_but_options_can_be_secured() {
    let backend = Backend::Sandbox(Sandbox::start().await);
    scenarios::every_method_but_options(&backend).await;
}
