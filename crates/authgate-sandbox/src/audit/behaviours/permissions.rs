//! Per-route permissions: with `REQUIRED_PERMISSIONS` set, a read-only token reads but does
//! not write, neither on its own call nor through the policy the gateway cached for its read.

use authgate_core::policy::{Evaluation, evaluate};

use super::super::mint::POST_ARN;
use super::super::phases::PermissionsRun;
use super::super::report::{JwtAnswer, Outcome, Row};
use super::{describe, explain, jwt, row};

pub fn route_permissions(run: &PermissionsRun) -> Row {
    let cached_allows_post = run
        .get
        .call
        .policy
        .as_ref()
        .is_some_and(|p| evaluate(p, POST_ARN) == Evaluation::Allow);
    let (got, passed) = if run.get.call.outcome != Outcome::Allow {
        (
            format!(
                "GET /pets with read:pets was refused: {}",
                describe(&run.get)
            ),
            false,
        )
    } else if run.post.call.outcome == Outcome::Allow {
        (
            "POST /pets with read:pets only was allowed: the permissions are not checked"
                .to_owned(),
            false,
        )
    } else if cached_allows_post {
        (
            "POST /pets was refused, but the policy for GET /pets (cached for the token's TTL) \
             allows POST /pets"
                .to_owned(),
            false,
        )
    } else {
        (
            format!(
                "GET /pets allowed, POST /pets {}; the cached GET policy does not cover POST",
                run.post.call.outcome.as_str()
            ),
            true,
        )
    };
    explain(
        row(
            "route_permissions",
            true,
            "with REQUIRED_PERMISSIONS {GET /pets: read:pets, POST /pets: write:pets}, a \
             read:pets token may GET and not POST"
                .to_owned(),
            got,
            passed,
        ),
        "step 5's read-only POST expects 403: an authorizer that checks no permissions lets \
         every valid token reach every route, and a stage-wide Allow cached after a read lets \
         it write",
        "authgate's REQUIRED_PERMISSIONS contract (README, Permissions per route)",
        "compare the token's scope/permissions with REQUIRED_PERMISSIONS: Allow the routes it \
         has, Deny the rest (in the same policy, so a cached policy stays right)",
        jwt(
            JwtAnswer::NotApplicable,
            "a JWT authorizer checks a route's authorizationScopes itself, per route",
        ),
    )
}
