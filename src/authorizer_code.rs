//! Authorizer code on this machine: the one place where the real and the fake meet. Your own
//! code (`--authorizer`) or the bundled one, prepared for deployment, run once locally (with
//! `node`, or in the sandbox crate's Lambda runtime) and audited through the sandbox's audit
//! engine. The providers deploy what this prepares; the sandbox runs it.

pub mod audit;
pub mod custom_authorizer;
pub mod local_runner;
