//! Payload validation as Auth0's Management API answers it: a JSON-schema subset (types,
//! string enums, required and additional properties) checked against the tables in
//! [`super::schema`], and the first failure reported in Auth0's words.
//!
//! Auth0 validates with z-schema and formats with its z-schema-errors reporter, whose format
//! is `{context} '{message}'{ on property {path}}.`, z-schema's message texts being
//! `Additional properties not allowed: a,b`, `Missing required property: x`,
//! `Expected type array but found type string` and `No enum match for: x`. Real answers:
//! `{"statusCode":400,"error":"Bad Request","message":"Payload validation error:
//! 'Additional properties not allowed: scopes'.","errorCode":"invalid_body"}` and
//! `… 'Additional properties not allowed: enabled' on property error_page (Tenant error page
//! customization).` Auth0 appends `(description)` from its internal schema, which is not
//! published; the sandbox leaves it out.

use super::error::MgmtError;
use serde_json::Value;

/// A property's accepted JSON.
#[derive(Clone, Copy)]
pub enum Ty {
    Str,
    Bool,
    Int,
    /// An object whose fields the sandbox does not check (metadata, nested settings).
    Obj,
    Any,
    /// A string from this list.
    OneOf(&'static [&'static str]),
    List(&'static Ty),
    Shape(&'static Shape),
    OrNull(&'static Ty),
}

/// An object's accepted properties; any other property is refused.
pub struct Shape {
    pub props: &'static [(&'static str, Ty)],
    pub required: &'static [&'static str],
}

/// Checks `body` against `shape`, or the 400 Auth0 would answer.
pub fn check(shape: &Shape, body: &Value) -> Result<(), MgmtError> {
    object(shape, body, "").map_err(MgmtError::invalid_body)
}

/// The refusal for a property a handler requires beyond the definition (a rule the
/// definition cannot state), worded as the definition's own.
pub fn missing_property(property: &str) -> MgmtError {
    MgmtError::invalid_body(at("", &format!("Missing required property: {property}")))
}

/// The message text alone.
#[cfg(test)]
pub fn message(shape: &Shape, body: &Value) -> Option<String> {
    object(shape, body, "").err()
}

fn at(path: &str, message: &str) -> String {
    if path.is_empty() {
        format!("Payload validation error: '{message}'.")
    } else {
        format!("Payload validation error: '{message}' on property {path}.")
    }
}

/// z-schema's type names: an integral number is `integer`.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn expected(ty: Ty) -> String {
    match ty {
        Ty::Str | Ty::OneOf(_) => "string".into(),
        Ty::Bool => "boolean".into(),
        Ty::Int => "integer".into(),
        Ty::Obj | Ty::Shape(_) => "object".into(),
        Ty::Any => String::new(),
        Ty::List(_) => "array".into(),
        Ty::OrNull(inner) => format!("{},null", expected(*inner)),
    }
}

fn type_ok(ty: Ty, v: &Value) -> bool {
    match ty {
        Ty::Str | Ty::OneOf(_) => v.is_string(),
        Ty::Bool => v.is_boolean(),
        Ty::Int => type_name(v) == "integer",
        Ty::Obj | Ty::Shape(_) => v.is_object(),
        Ty::Any => true,
        Ty::List(_) => v.is_array(),
        Ty::OrNull(inner) => v.is_null() || type_ok(*inner, v),
    }
}

fn object(shape: &Shape, v: &Value, path: &str) -> Result<(), String> {
    let Some(map) = v.as_object() else {
        let found = type_name(v);
        return Err(at(
            path,
            &format!("Expected type object but found type {found}"),
        ));
    };
    let known = |k: &str| shape.props.iter().any(|(name, _)| *name == k);
    let extra: Vec<&str> = map
        .keys()
        .map(String::as_str)
        .filter(|k| !known(k))
        .collect();
    if !extra.is_empty() {
        let message = format!("Additional properties not allowed: {}", extra.join(","));
        return Err(at(path, &message));
    }
    if let Some(missing) = shape.required.iter().find(|r| !map.contains_key(**r)) {
        return Err(at(path, &format!("Missing required property: {missing}")));
    }
    for (name, ty) in shape.props {
        if let Some(x) = map.get(*name) {
            let inner = if path.is_empty() {
                (*name).to_owned()
            } else {
                format!("{path}.{name}")
            };
            value(*ty, x, &inner)?;
        }
    }
    Ok(())
}

fn value(ty: Ty, v: &Value, path: &str) -> Result<(), String> {
    if !type_ok(ty, v) {
        let message = format!(
            "Expected type {} but found type {}",
            expected(ty),
            type_name(v)
        );
        return Err(at(path, &message));
    }
    match (ty, v) {
        (Ty::OrNull(inner), v) if !v.is_null() => value(*inner, v, path),
        (Ty::OneOf(allowed), Value::String(s)) if !allowed.contains(&s.as_str()) => {
            Err(at(path, &format!("No enum match for: {s}")))
        }
        (Ty::List(inner), Value::Array(items)) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, x)| value(*inner, x, &format!("{path}[{i}]"))),
        (Ty::Shape(shape), v) => object(shape, v, path),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
