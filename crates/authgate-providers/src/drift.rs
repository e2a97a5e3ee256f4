//! Drift: whether what the state file records still exists, as authgate left it. Each check
//! reads one object (never writes) and answers present, missing, or drifted with what differs.
//! What a browser needs (step 4's CORS setup, `authgate web`'s application): `browser`.

mod browser;

use std::collections::BTreeMap;

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::auth0::{
    Auth0Error, Desired, Management, drifted, encode_segment, login_app_desired,
    m2m_client_desired, resource_server_always, role_permissions_on,
};
use super::aws::secure::SecureScope;
use super::aws::{Aws, AwsError, error::sdk};

pub use browser::{CorsWant, cors, spa_app};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "live", content = "differences", rename_all = "snake_case")]
pub enum Finding {
    Present,
    Missing,
    /// It exists, but these fields are not what authgate set.
    Drifted(Vec<String>),
}

impl Finding {
    fn from_differences(differences: Vec<String>) -> Self {
        if differences.is_empty() {
            Self::Present
        } else {
            Self::Drifted(differences)
        }
    }
}

/// `Ok(None)` for a not-found answer; other errors stay errors.
fn found<T>(result: Result<T, AwsError>) -> Result<Option<T>, AwsError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn rest_api(aws: &Aws, id: &str) -> Result<Finding, AwsError> {
    let got = aws.apigateway.get_rest_api().rest_api_id(id).send().await;
    let got = found(got.map_err(|e| sdk("apigateway:GET /restapis/{id}", e)))?;
    Ok(got.map_or(Finding::Missing, |_| Finding::Present))
}

pub async fn stage(aws: &Aws, api: &str, name: &str) -> Result<Finding, AwsError> {
    let got = aws
        .apigateway
        .get_stage()
        .rest_api_id(api)
        .stage_name(name)
        .send()
        .await;
    let got = found(got.map_err(|e| sdk("apigateway:GET /restapis/{id}/stages/{name}", e)))?;
    Ok(got.map_or(Finding::Missing, |_| Finding::Present))
}

pub async fn role(aws: &Aws, name: &str) -> Result<Finding, AwsError> {
    let got = aws.iam.get_role().role_name(name).send().await;
    let got = found(got.map_err(|e| sdk("iam:GetRole", e)))?;
    Ok(got.map_or(Finding::Missing, |_| Finding::Present))
}

/// What authgate left the function with: its environment (the verifier step 1 recorded),
/// and, when known, its code, runtime and handler (the bundled or the user's own authorizer).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunctionWant {
    pub env: BTreeMap<String, String>,
    /// base64 SHA-256 of the zip authgate deployed, as `CodeSha256` reports it.
    pub code_sha256: Option<String>,
    pub runtime: Option<String>,
    pub handler: Option<String>,
}

/// The function, against `want`.
pub async fn function(aws: &Aws, name: &str, want: &FunctionWant) -> Result<Finding, AwsError> {
    let got = aws
        .lambda
        .get_function_configuration()
        .function_name(name)
        .send()
        .await;
    let Some(config) = found(got.map_err(|e| sdk("lambda:GetFunctionConfiguration", e)))? else {
        return Ok(Finding::Missing);
    };
    let env = config
        .environment()
        .and_then(|e| e.variables())
        .cloned()
        .unwrap_or_default();
    let mut differences: Vec<String> = want
        .env
        .iter()
        .filter(|(k, v)| env.get(*k) != Some(*v))
        .map(|(k, v)| {
            let is = env.get(k).map_or("unset", String::as_str);
            format!("{k} is {is}, where step 1's tenant and the settings give {v}")
        })
        .collect();
    let runtime = config.runtime().map(aws_sdk_lambda::types::Runtime::as_str);
    let settings = [
        ("code", config.code_sha256(), want.code_sha256.as_deref()),
        ("runtime", runtime, want.runtime.as_deref()),
        ("handler", config.handler(), want.handler.as_deref()),
    ];
    for (what, is, set) in settings {
        if let Some(set) = set
            && is != Some(set)
        {
            differences.push(format!(
                "{what} is {} (authgate set {set})",
                is.unwrap_or("unset")
            ));
        }
    }
    Ok(Finding::from_differences(differences))
}

/// The authorizer, and whether it still calls `function_arn`.
pub async fn authorizer(
    aws: &Aws,
    api: &str,
    id: &str,
    function_arn: Option<&str>,
) -> Result<Finding, AwsError> {
    let got = aws
        .apigateway
        .get_authorizer()
        .rest_api_id(api)
        .authorizer_id(id)
        .send()
        .await;
    let got = got.map_err(|e| sdk("apigateway:GET /restapis/{id}/authorizers/{id}", e));
    let Some(authorizer) = found(got)? else {
        return Ok(Finding::Missing);
    };
    let uri = authorizer.authorizer_uri().unwrap_or_default();
    let differences = function_arn
        .filter(|arn| !uri.contains(arn))
        .map(|arn| vec![format!("it calls {uri}, not {arn}")])
        .unwrap_or_default();
    Ok(Finding::from_differences(differences))
}

/// Every method `scope` secures (`GET /pets` and `POST /pets` by default) still uses the
/// authorizer.
pub async fn secured(
    aws: &Aws,
    api: &str,
    authorizer_id: &str,
    scope: SecureScope,
) -> Result<Finding, AwsError> {
    let Some(resources) = found(super::aws::apigateway::resources(aws, api).await)? else {
        return Ok(Finding::Missing);
    };
    let mut wanted = 0;
    let mut differences = Vec::new();
    for (path, resource) in &resources {
        for (verb, method) in resource.resource_methods().into_iter().flatten() {
            if !scope.wants(path, verb) {
                continue;
            }
            wanted += 1;
            let kind = method.authorization_type().unwrap_or("NONE");
            let uses = method.authorizer_id().unwrap_or("none");
            if kind != "CUSTOM" || uses != authorizer_id {
                differences.push(format!(
                    "{verb} {path} has authorizationType {kind}, authorizer {uses} (authgate set CUSTOM, {authorizer_id})"
                ));
            }
        }
    }
    if wanted == 0 {
        return Ok(Finding::Missing);
    }
    differences.sort();
    Ok(Finding::from_differences(differences))
}

/// One Auth0 object by its Management API path; 404 is `None`.
async fn auth0_object(
    m: &Management,
    path: &str,
    scope: &str,
) -> Result<Option<Value>, Auth0Error> {
    match m.call(Method::GET, path, scope, None).await {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

/// What `desired` (the list the object's create and patch use) finds otherwise in `found`.
fn differences(found: &Value, desired: Desired) -> Finding {
    let show = |v: &Value| match v {
        Value::Null => "unset".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let differences = drifted(found, desired)
        .into_iter()
        .map(|(key, want)| {
            format!(
                "{key} is {} (authgate set {})",
                show(&found[&key]),
                show(&want)
            )
        })
        .collect();
    Finding::from_differences(differences)
}

/// The API, and what authgate sets on it whatever the settings (RS256: the authorizer
/// accepts nothing else).
pub async fn resource_server(m: &Management, id: &str) -> Result<Finding, Auth0Error> {
    let path = format!("/api/v2/resource-servers/{}", encode_segment(id));
    let api = auth0_object(m, &path, "read:resource_servers").await?;
    Ok(api.map_or(Finding::Missing, |api| {
        differences(&api, resource_server_always())
    }))
}

/// An M2M client (the test client or the writer client), as authgate makes one.
pub async fn test_client(m: &Management, client_id: &str) -> Result<Finding, Auth0Error> {
    let path = format!("/api/v2/clients/{}", encode_segment(client_id));
    let client = auth0_object(m, &path, "read:clients").await?;
    Ok(client.map_or(Finding::Missing, |c| differences(&c, m2m_client_desired())))
}

/// The login application, as the device flow needs it.
pub async fn login_app(m: &Management, client_id: &str) -> Result<Finding, Auth0Error> {
    let path = format!("/api/v2/clients/{}", encode_segment(client_id));
    let client = auth0_object(m, &path, "read:clients").await?;
    Ok(client.map_or(Finding::Missing, |c| differences(&c, login_app_desired())))
}

pub async fn client_grant(m: &Management, id: &str) -> Result<Finding, Auth0Error> {
    let path = format!("/api/v2/client-grants/{}", encode_segment(id));
    let got = auth0_object(m, &path, "read:client_grants").await?;
    Ok(got.map_or(Finding::Missing, |_| Finding::Present))
}

/// A role, and whether its permissions on the API `audience` are still the ones authgate
/// set (`want`); without a recorded API only its existence is checked.
pub async fn auth0_role(
    m: &Management,
    id: &str,
    audience: Option<&str>,
    want: &[&str],
) -> Result<Finding, Auth0Error> {
    let path = format!("/api/v2/roles/{}", encode_segment(id));
    if auth0_object(m, &path, "read:roles").await?.is_none() {
        return Ok(Finding::Missing);
    }
    let Some(audience) = audience else {
        return Ok(Finding::Present);
    };
    let have = role_permissions_on(m, &format!("{path}/permissions"), audience).await?;
    let mut have: Vec<&str> = have.iter().map(String::as_str).collect();
    let mut want = want.to_vec();
    have.sort_unstable();
    want.sort_unstable();
    let differences = (have != want)
        .then(|| {
            format!(
                "permissions are [{}] (authgate set [{}])",
                have.join(" "),
                want.join(" ")
            )
        })
        .into_iter()
        .collect();
    Ok(Finding::from_differences(differences))
}
