//! The AWS tests of `tests/aws_moto.rs` against the authgate sandbox (same scenarios, the
//! other backend), plus what only the sandbox does: functions really run in node, state
//! survives a restart, and errors reach the SDK as its typed variants.

use crate::aws_moto::backend;
mod cli;
mod environments;
mod errors;
use crate::aws_moto::harness;
mod restart;
use crate::aws_moto::scenarios;
use crate::aws_moto::steps;
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
