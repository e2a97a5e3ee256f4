//! One invoke-URL request, in API Gateway's order: stage, route, authorization (identity
//! source, validation, cache, function, policy against this request's methodArn), API key,
//! integration (`AWS_PROXY` with the authorizer's answer in `requestContext.authorizer`).
//! Errors become the deployment's gateway responses. Every answer carries `x-amzn-RequestId`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Uri};
use axum::response::{IntoResponse, Response};

use super::authorizer::{self, Judged};
use super::context::{AuthorizerFacts, RequestContext, stringify};
use super::errors::GatewayError;
use super::integration;
use super::request::IntegrationRequest;
use super::{DeployedApi, Gateway, responses, routes};
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
    let (api_id, stage) = (param("api"), param("stage"));
    let api = gateway.control.deployed(api_id, stage);
    let path = resource_path(uri.path());
    let mut request = method_request(&method, &uri, &headers, &body, stage, &request_id);
    request.context = RequestContext::now(api_id, stage, &request_id);
    request.context.http_method = request.method.clone();
    request.context.path = format!("/{stage}{path}");
    request.context.domain_name = request.header("host").unwrap_or_default().to_owned();
    request.context.user_agent = request.header("user-agent").map(str::to_owned);
    if let Some(api) = &api {
        request.context.account_id.clone_from(&api.account_id);
        request.stage_variables.clone_from(&api.stage_variables);
    }
    let mut response = match run(&gateway, api.as_deref(), path, &mut request).await {
        Ok(response) => response,
        Err(error) => {
            tracing::info!(api = api_id, stage, %error, "gateway refused a request");
            responses::answer(api.as_deref(), &error, &mut request)
        }
    };
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-amzn-requestid", value);
    }
    response
}

/// What the client sent, as integrations and templates read it.
fn method_request(
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    stage: &str,
    request_id: &str,
) -> IntegrationRequest {
    IntegrationRequest {
        method: method.as_str().to_owned(),
        query: url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        headers: headers
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect(),
        body: body.to_vec(),
        stage: stage.to_owned(),
        request_id: request_id.to_owned(),
        ..IntegrationRequest::default()
    }
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

async fn run(
    gateway: &Gateway,
    api: Option<&DeployedApi>,
    path: &str,
    request: &mut IntegrationRequest,
) -> Result<Response, GatewayError> {
    let api = api.ok_or(GatewayError::StageNotFound)?;
    let route =
        routes::find(api, &request.method, path).ok_or(GatewayError::MissingAuthenticationToken)?;
    request.resource_path.clone_from(&route.resource.path);
    request.path_params.clone_from(&route.path_params);
    request
        .context
        .resource_path
        .clone_from(&route.resource.path);
    request.context.resource_id.clone_from(&route.resource.id);
    match route.method.authorization_type.as_str() {
        "NONE" => {}
        "CUSTOM" => {
            let facts = authorize(
                gateway,
                api,
                route.method.authorizer_id.as_deref(),
                path,
                request,
            )
            .await?;
            request.context.authorizer = Some(facts);
        }
        other => return Err(GatewayError::Unsupported(other.to_owned())),
    }
    if route.method.api_key_required && request.header("x-api-key").is_none() {
        return Err(GatewayError::ApiKeyRequired);
    }
    let target = route
        .method
        .integration
        .as_ref()
        .ok_or(GatewayError::NoIntegration)?;
    let answer = if target.kind.eq_ignore_ascii_case("AWS_PROXY") {
        integration::lambda_proxy::execute(gateway.control.as_ref(), target, request).await?
    } else {
        integration::execute(target, request)
    };
    let mut response = (
        axum::http::StatusCode::from_u16(answer.status)
            .unwrap_or(axum::http::StatusCode::BAD_GATEWAY),
        answer.body,
    )
        .into_response();
    let mut seen = Vec::new();
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            // The first value replaces axum's default (content-type); repeats add up.
            if seen.contains(&name) {
                response.headers_mut().append(name, value);
            } else {
                seen.push(name.clone());
                response.headers_mut().insert(name, value);
            }
        }
    }
    Ok(response)
}

/// The CUSTOM authorizer step and the policy evaluation against this request's methodArn;
/// what the backend then learns about the caller.
async fn authorize(
    gateway: &Gateway,
    api: &DeployedApi,
    authorizer_id: Option<&str>,
    path: &str,
    request: &IntegrationRequest,
) -> Result<AuthorizerFacts, GatewayError> {
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
    let method_arn = method_arn(api, &request.method, path);
    let headers: HeaderMap = request
        .headers
        .iter()
        .filter_map(|(k, v)| {
            Some((
                HeaderName::try_from(k.as_str()).ok()?,
                HeaderValue::from_str(v).ok()?,
            ))
        })
        .collect();
    let judged = Judged {
        api_id: &api.api_id,
        stage: &api.stage,
        headers: &headers,
        method_arn: &method_arn,
    };
    let started = std::time::Instant::now();
    let result = authorizer::authorize(
        gateway.control.as_ref(),
        &gateway.cache,
        &gateway.validators,
        authorizer,
        &judged,
    )
    .await?;
    let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match policy::evaluate(&result.policy_document, &method_arn) {
        Evaluation::Allow => Ok(AuthorizerFacts {
            principal_id: result.principal_id.clone(),
            context: result
                .context
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), stringify(v)?)))
                .collect(),
            integration_latency: latency,
        }),
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
