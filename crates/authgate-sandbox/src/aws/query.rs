//! IAM and STS: the AWS query protocol (form `POST /` with `Action=…`, XML answers).
//! Both services share the path; the `Action` decides (`GetCallerIdentity` is STS).

mod iam;
mod xml;

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;

use super::wire::{ACCOUNT_ID, Fault, service};
use super::{AwsState, store::uuid_like};
pub use xml::Node;

const IAM_NS: &str = "https://iam.amazonaws.com/doc/2010-05-08/";
const STS_NS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

pub fn routes() -> Router<AwsState> {
    Router::new().route("/", post(dispatch))
}

/// The form's fields (`RoleName`, `PolicyArn`, …).
pub struct Params(HashMap<String, String>);

impl Params {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
    pub fn required(&self, name: &str) -> Result<&str, Fault> {
        self.get(name).filter(|v| !v.is_empty()).ok_or_else(|| {
            Fault::new(
                StatusCode::BAD_REQUEST,
                "ValidationError",
                format!("1 validation error detected: {name} must not be null"),
            )
        })
    }
}

async fn dispatch(State(state): State<AwsState>, headers: HeaderMap, bytes: Bytes) -> Response {
    let params = Params(url::form_urlencoded::parse(&bytes).into_owned().collect());
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

/// A refusal of the sandbox's guard, in IAM's XML error shape.
pub fn refusal(fault: &Fault) -> Response {
    error(IAM_NS, fault)
}

/// `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…`.
fn ok(namespace: &str, action: &str, result: Vec<Node>) -> Response {
    let document = Node::parent(
        &format!("{action}Response"),
        vec![
            Node::parent(&format!("{action}Result"), result),
            Node::parent(
                "ResponseMetadata",
                vec![Node::leaf("RequestId", uuid_like())],
            ),
        ],
    );
    xml_response(StatusCode::OK, &document.render(namespace))
}

/// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
pub fn error(namespace: &str, fault: &Fault) -> Response {
    let kind = if fault.status.is_server_error() {
        "Receiver"
    } else {
        "Sender"
    };
    let document = Node::parent(
        "ErrorResponse",
        vec![
            Node::parent(
                "Error",
                vec![
                    Node::leaf("Type", kind),
                    Node::leaf("Code", fault.code),
                    Node::leaf("Message", fault.message.clone()),
                ],
            ),
            Node::leaf("RequestId", uuid_like()),
        ],
    );
    xml_response(fault.status, &document.render(namespace))
}

fn xml_response(status: StatusCode, body: &str) -> Response {
    (status, [("content-type", "text/xml")], body.to_owned()).into_response()
}
