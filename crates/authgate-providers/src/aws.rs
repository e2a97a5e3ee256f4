//! AWS for the tutorial's steps 2–4 with the official SDK: import and deploy the `PetStore`
//! API, create the IAM role, the Lambda function and the TOKEN authorizer, secure the
//! methods, and tear it all down again.
//!
//! Every `ensure_*` call is idempotent: it finds what exists, compares, updates what
//! differs and creates only what is missing, and returns a small serde record (ids, ARNs,
//! `created`) for the state file. Progress goes to a [`Report`].
//!
//! `created` describes the call that returned the record: a rerun reports `false` for what
//! an earlier run created, so the state file keeps the first `true` (teardown deletes only
//! what authgate created, see [`teardown::TeardownPlan::from_records`]).

pub mod apigateway;
pub mod authorizer;
mod config;
pub mod cors;
pub(crate) mod error;
pub mod http;
pub mod iam;
pub mod lambda;
pub mod retry;
pub mod secure;
pub mod teardown;

pub use config::{Aws, AwsSettings, CallerIdentity, LOOPBACK_REGION};
pub use error::{AwsError, sdk};

pub(crate) use crate::Report;

/// "created" or "reused", for report lines.
pub(crate) fn verb(created: bool) -> &'static str {
    if created { "created" } else { "reused" }
}
