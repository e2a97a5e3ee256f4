//! What several test modules share: the binary as a user runs it, a foreground sandbox,
//! the AWS CLI, Management API calls, tmux.

pub mod aws_cli;
pub mod cli;
pub mod foreground;
pub mod management;
pub mod tmux;
