//! What several test modules share: the binary as a user runs it, a foreground sandbox,
//! the AWS CLI, Management API calls, tmux.

pub mod aws_cli;
/// The sandbox crate's headless-Chromium driver (CDP), shared rather than copied.
#[path = "../../../crates/authgate-sandbox/tests/device_login/cdp.rs"]
pub mod browser;
pub mod cli;
pub mod foreground;
pub mod management;
pub mod tmux;
