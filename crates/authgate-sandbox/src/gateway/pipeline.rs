//! One invoke-URL request, in API Gateway's order: stage, route, authorization (identity
//! source, validation, cache, function, policy against this request's methodArn), API key,
//! integration. Every answer carries `x-amzn-RequestId`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use axum::response::{IntoResponse, Response};

use super::authorizer::{self, Judged};
use super::errors::GatewayError;
use super::integration::{self, IntegrationRequest};
use super::{DeployedApi, Gateway, routes};
use authgate_core::policy::{self, Evaluation};

/// The invoke URL prefix before the resource path.
const USER_REQUEST: &str = "/_user_request_";

/// The axum handler of `/restapis/{api}/{stage}/_user_request_[/{*path}]`.
pub async fn handle(
    State(gateway): State<Gateway>,
    Path(params): Path<Vec<(String, String)>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    let call = Call {
        api_id: param("api"),
        stage: param("stage"),
        method: method.as_str(),
        path: resource_path(uri.path()),
        query: uri.query().unwrap_or_default(),
        headers: &headers,
        body: &body,
        request_id: &request_id,
    };
    let mut response = match run(&gateway, &call).await {
        Ok(response) => response,
        Err(error) => {
            tracing::info!(api = call.api_id, stage = call.stage, %error, "gateway refused a request");
            error.into_response()
        }
    };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-amzn-requestid", value);
    }
    response
}

struct Call<'a> {
    api_id: &'a str,
    stage: &'a str,
    method: &'a str,
    /// The resource path with a leading `/`, still percent-encoded.
    path: &'a str,
    query: &'a str,
    headers: &'a HeaderMap,
    body: &'a [u8],
    request_id: &'a str,
}

/// The part of the URL path after `_user_request_`, as `/…` (`/` for the stage root).
fn resource_path(full: &str) -> &str {
    match full.find(USER_REQUEST) {
        Some(at) => {
            let rest = &full[at + USER_REQUEST.len()..];
            if rest.is_empty() { "/" } else { rest }
        }
        None => "/",
    }
}

async fn run(gateway: &Gateway, call: &Call<'_>) -> Result<Response, GatewayError> {
    let api = gateway
        .control
        .deployed(call.api_id, call.stage)
        .ok_or(GatewayError::StageNotFound)?;
    let route = routes::find(&api, call.method, call.path)
        .ok_or(GatewayError::MissingAuthenticationToken)?;
    match route.method.authorization_type.as_str() {
        "NONE" => {}
        "CUSTOM" => authorize(gateway, &api, route.method.authorizer_id.as_deref(), call).await?,
        other => return Err(GatewayError::Unsupported(other.to_owned())),
    }
    if route.method.api_key_required && !call.headers.contains_key("x-api-key") {
        return Err(GatewayError::ApiKeyRequired);
    }
    let target = route
        .method
        .integration
        .as_ref()
        .ok_or(GatewayError::NoIntegration)?;
    let request = IntegrationRequest {
        method: call.method.to_owned(),
        resource_path: route.resource.path.clone(),
        path_params: route.path_params,
        query: url::form_urlencoded::parse(call.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        headers: call
            .headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect(),
        body: call.body.to_vec(),
        stage: call.stage.to_owned(),
        request_id: call.request_id.to_owned(),
    };
    let answer = integration::execute(target, &request);
    let mut response = (
        axum::http::StatusCode::from_u16(answer.status)
            .unwrap_or(axum::http::StatusCode::BAD_GATEWAY),
        answer.body,
    )
        .into_response();
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response)
}

/// The CUSTOM authorizer step and the policy evaluation against this request's methodArn.
async fn authorize(
    gateway: &Gateway,
    api: &DeployedApi,
    authorizer_id: Option<&str>,
    call: &Call<'_>,
) -> Result<(), GatewayError> {
    let authorizer = authorizer_id
        .and_then(|id| api.authorizers.get(id))
        .ok_or_else(|| {
            GatewayError::configuration(match authorizer_id {
                Some(id) => format!(
                    "the method uses authorizer '{id}', which this deployment does not have"
                ),
                None => "the method is CUSTOM but names no authorizer".to_owned(),
            })
        })?;
    let method_arn = method_arn(api, call.method, call.path);
    let judged = Judged {
        api_id: &api.api_id,
        stage: &api.stage,
        headers: call.headers,
        method_arn: &method_arn,
    };
    let result = authorizer::authorize(
        gateway.control.as_ref(),
        &gateway.cache,
        &gateway.validators,
        authorizer,
        &judged,
    )
    .await?;
    match policy::evaluate(&result.policy_document, &method_arn) {
        Evaluation::Allow => Ok(()),
        Evaluation::ExplicitDeny => Err(GatewayError::AccessDenied { explicit: true }),
        Evaluation::ImplicitDeny => Err(GatewayError::AccessDenied { explicit: false }),
    }
}

/// `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`; the path is the
/// request's, without its leading slash or a trailing one (`…/GET/` for the root).
pub fn method_arn(api: &DeployedApi, method: &str, path: &str) -> String {
    let trimmed = path.trim_start_matches('/');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    format!(
        "arn:aws:execute-api:{}:{}:{}/{}/{}/{}",
        api.region,
        api.account_id,
        api.api_id,
        api.stage,
        method.to_ascii_uppercase(),
        trimmed
    )
}
