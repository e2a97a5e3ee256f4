//! What every API Gateway handler reads first: the request body, and the REST API, resource,
//! method or authorizer a path names, each missing one with API Gateway's own 404.

use serde::de::DeserializeOwned;

use crate::aws::model::{Authorizer, Document, Method, Resource, RestApi};
use crate::aws::wire::{ACCOUNT_ID, Fault};

/// A JSON request body; an empty one reads as `{}`.
pub(crate) fn body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Fault> {
    let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        bytes
    };
    serde_json::from_slice(bytes).map_err(|e| {
        Fault::bad_request(format!(
            "the request body is not what API Gateway takes: {e}"
        ))
    })
}

/// The REST API `id`, or API Gateway's 404.
pub(crate) fn api<'a>(doc: &'a Document, id: &str) -> Result<&'a RestApi, Fault> {
    doc.rest_apis.get(id).ok_or_else(|| {
        Fault::not_found(format!(
            "Invalid API identifier specified {ACCOUNT_ID}:{id}"
        ))
    })
}

/// [`api`], to change.
pub(crate) fn api_mut<'a>(doc: &'a mut Document, id: &str) -> Result<&'a mut RestApi, Fault> {
    doc.rest_apis.get_mut(id).ok_or_else(|| {
        Fault::not_found(format!(
            "Invalid API identifier specified {ACCOUNT_ID}:{id}"
        ))
    })
}

/// The resource `id` of `api`, or API Gateway's 404.
pub(crate) fn resource<'a>(api: &'a RestApi, id: &str) -> Result<&'a Resource, Fault> {
    api.resources
        .get(id)
        .ok_or_else(|| Fault::not_found(format!("Invalid Resource identifier specified {id}")))
}

/// [`resource`], to change.
pub(crate) fn resource_mut<'a>(api: &'a mut RestApi, id: &str) -> Result<&'a mut Resource, Fault> {
    api.resources
        .get_mut(id)
        .ok_or_else(|| Fault::not_found(format!("Invalid Resource identifier specified {id}")))
}

/// The method `verb` on the resource, or API Gateway's 404.
pub(crate) fn method<'a>(
    api: &'a RestApi,
    resource_id: &str,
    verb: &str,
) -> Result<&'a Method, Fault> {
    resource(api, resource_id)?
        .methods
        .get(&verb.to_ascii_uppercase())
        .ok_or_else(|| Fault::not_found("Invalid Method identifier specified"))
}

/// [`method`], to change.
pub(crate) fn method_mut<'a>(
    api: &'a mut RestApi,
    resource_id: &str,
    verb: &str,
) -> Result<&'a mut Method, Fault> {
    resource_mut(api, resource_id)?
        .methods
        .get_mut(&verb.to_ascii_uppercase())
        .ok_or_else(|| Fault::not_found("Invalid Method identifier specified"))
}

/// The authorizer `id` of `api`, or API Gateway's 404.
pub(crate) fn authorizer<'a>(api: &'a RestApi, id: &str) -> Result<&'a Authorizer, Fault> {
    api.authorizers
        .get(id)
        .ok_or_else(|| Fault::not_found(format!("Invalid Authorizer identifier specified {id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_body_reads_as_an_empty_object() {
        let value: serde_json::Value = body(b"  ").unwrap();
        assert_eq!(value, serde_json::json!({}));
        let err = body::<serde_json::Value>(b"{").unwrap_err();
        assert_eq!(err.code, "BadRequestException");
    }
}
