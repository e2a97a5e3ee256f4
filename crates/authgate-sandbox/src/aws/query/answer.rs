//! The query protocol's XML answers: `<{Action}Response>` around a result, and IAM's
//! `<ErrorResponse>`, which the sandbox's guard uses for its refusals too.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::xml::Node;
use crate::aws::store::uuid_like;
use crate::aws::wire::Fault;

pub(super) const IAM_NS: &str = "https://iam.amazonaws.com/doc/2010-05-08/";
pub(super) const STS_NS: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// A refusal of the sandbox's guard, in IAM's XML error shape.
pub fn refusal(fault: &Fault) -> Response {
    error(IAM_NS, fault)
}

/// `<{Action}Response><{Action}Result>…</{Action}Result><ResponseMetadata>…`.
pub(super) fn ok(namespace: &str, action: &str, result: Vec<Node>) -> Response {
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
pub(super) fn error(namespace: &str, fault: &Fault) -> Response {
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
