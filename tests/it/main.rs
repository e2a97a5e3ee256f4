//! Every integration test, in one binary: each module was once a test binary of its own, and
//! linking the AWS SDK into each of them cost more than running them. Run one module with
//! `cargo test --test it aws_sandbox::`.

// Test helpers panic on what they cannot set up, with the reason as the message.
#![allow(clippy::expect_used)]

mod auth0_client;
mod authorizer_audit_cli;
mod authorizer_cli;
mod authorizer_parity;
mod aws_moto;
mod aws_sandbox;
mod browser_api;
mod byo_authorizers;
mod byo_setup;
mod check_cli;
mod conformance;
mod device_login;
mod export;
mod learn_mode;
mod parity;
mod pipes;
mod sandbox_address;
mod sandbox_e2e;
mod sandbox_ownership;
mod sandbox_security;
mod scenario_cli;
mod step_reset;
mod support;
mod tui_flow;
mod tui_smoke;
mod verify_batch;
mod wizard_cli;
