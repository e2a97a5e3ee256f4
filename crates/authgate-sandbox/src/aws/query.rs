//! IAM and STS: the AWS query protocol (form `POST /` with `Action=…`, XML answers).
//! Both services share the path; the `Action` decides (`GetCallerIdentity` is STS).

pub(crate) mod answer;
mod iam;
mod params;
mod xml;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;

use crate::aws::state::AwsState;
use crate::aws::wire::{ACCOUNT_ID, Fault, service};
use answer::{IAM_NS, STS_NS, error, ok};
use params::Params;
use xml::Node;

pub fn routes() -> Router<AwsState> {
    Router::new().route("/", post(dispatch))
}

async fn dispatch(State(state): State<AwsState>, headers: HeaderMap, bytes: Bytes) -> Response {
    let params = Params::parse(&bytes);
    let action = params.get("Action").unwrap_or_default().to_owned();
    if action == "GetCallerIdentity" {
        return ok(
            STS_NS,
            &action,
            vec![
                Node::leaf("Arn", format!("arn:aws:iam::{ACCOUNT_ID}:user/sandbox")),
                Node::leaf("UserId", "AIDASANDBOXUSER0000000"),
                Node::leaf("Account", ACCOUNT_ID),
            ],
        );
    }
    match iam::handle(&state, &action, &params) {
        Ok(Some(result)) => ok(IAM_NS, &action, result),
        Ok(None) => {
            let named = service(&headers).unwrap_or_else(|| "iam".to_owned());
            let mut fault = Fault::unsupported(&format!("{named}:{action}"));
            fault.code = "InvalidAction";
            fault.status = StatusCode::BAD_REQUEST;
            let ns = if named == "sts" { STS_NS } else { IAM_NS };
            error(ns, &fault)
        }
        Err(fault) => error(IAM_NS, &fault),
    }
}
