//! Drift of what a browser needs: step 4's CORS setup (each secured resource's `OPTIONS`
//! still there, without an authorizer, allowing the origin and `Authorization`; the CORS
//! gateway responses still customised with that origin) and `authgate web`'s application
//! (present, public, with each page's callback and web origin).

use super::{Finding, found};
use crate::auth0::{Auth0Error, Management, encode_segment, spa_app_differences};
use crate::aws::apigateway::resources;
use crate::aws::cors::read::{allows_authorization, read_gateway_cors, read_preflight};
use crate::aws::secure::SecureScope;
use crate::aws::{Aws, AwsError};

/// What step 4's browser actions left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsWant<'a> {
    pub api_id: &'a str,
    pub origin: &'a str,
    /// The methods step 4 secures: their resources have a preflight.
    pub scope: SecureScope,
    /// "Answer the browser's preflight" ran: the `OPTIONS` methods are checked.
    pub preflights: bool,
    /// The gateway response types step 4 customised.
    pub gateway_responses: Vec<String>,
}

/// Step 4's CORS setup against `want`; `Missing` when the API is gone.
pub async fn cors(aws: &Aws, want: &CorsWant<'_>) -> Result<Finding, AwsError> {
    let Some(by_path) = found(resources(aws, want.api_id).await)? else {
        return Ok(Finding::Missing);
    };
    let origin = want.origin;
    let mut differences = Vec::new();
    let mut paths: Vec<_> = by_path.iter().collect();
    paths.sort_by(|a, b| a.0.cmp(b.0));
    for (path, resource) in paths.into_iter().filter(|_| want.preflights) {
        let secured = resource
            .resource_methods()
            .into_iter()
            .flatten()
            .any(|(verb, _)| verb != "OPTIONS" && want.scope.wants(path, verb));
        let Some(id) = resource.id().filter(|_| secured) else {
            continue;
        };
        let Some(options) = read_preflight(aws, want.api_id, id).await? else {
            differences.push(format!("OPTIONS {path} is missing"));
            continue;
        };
        if options.authorization_type != "NONE" {
            differences.push(format!(
                "OPTIONS {path} uses authorization {} (step 4 set NONE)",
                options.authorization_type
            ));
        }
        if options.is_proxy() {
            continue;
        }
        if options.allow_origin.as_deref() != Some(origin) {
            differences.push(format!(
                "OPTIONS {path} answers Access-Control-Allow-Origin {} (step 4 set {origin})",
                options.allow_origin.as_deref().unwrap_or("unset")
            ));
        }
        if !allows_authorization(options.allow_headers.as_deref()) {
            differences.push(format!(
                "OPTIONS {path}'s Access-Control-Allow-Headers ({}) lacks Authorization",
                options.allow_headers.as_deref().unwrap_or("unset")
            ));
        }
    }
    if !want.gateway_responses.is_empty() {
        let customised = read_gateway_cors(aws, want.api_id).await?;
        for kind in &want.gateway_responses {
            match customised.get(kind) {
                None => differences.push(format!(
                    "gateway response {kind} is missing (API Gateway's default has no CORS headers; step 4 set Access-Control-Allow-Origin {origin})"
                )),
                Some(value) if value.as_deref() != Some(origin) => differences.push(format!(
                    "gateway response {kind} has Access-Control-Allow-Origin {} (step 4 set {origin})",
                    value.as_deref().unwrap_or("unset")
                )),
                Some(_) => {}
            }
        }
    }
    Ok(Finding::from_differences(differences))
}

/// `authgate web`'s application, for the pages at `origins` (none recorded: presence only).
pub async fn spa_app(
    m: &Management,
    client_id: &str,
    origins: &[&str],
) -> Result<Finding, Auth0Error> {
    let path = format!("/api/v2/clients/{}", encode_segment(client_id));
    let Some(client) = super::auth0_object(m, &path, "read:clients").await? else {
        return Ok(Finding::Missing);
    };
    Ok(Finding::from_differences(spa_app_differences(
        &client, origins,
    )))
}
