//! `REQUIRED_PERMISSIONS`: which permission each route needs (DESIGN.md, "The authorizer
//! contract", Permissions). A JSON object `"METHOD /path"` → permission, where a path segment
//! `*` matches exactly one segment of the request path and METHOD `*` any verb, e.g.
//! `{"GET /pets":"read:pets","GET /pets/*":"read:pets","POST /pets":"write:pets"}`.
//!
//! The bundled JS authorizer validates the same way (`parseRequiredPermissions` in
//! `assets/authorizer/index.mjs`); the conformance corpus holds both to it.

mod error;

use serde_json::{Map, Value};

pub use error::RoutePermissionsError;

use super::MethodArn;

/// One mapped route: `METHOD /path` needs `permission`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteRule {
    /// An uppercase verb (`GET`) or `*`.
    pub method: String,
    /// Starts with `/`; `*` segments match one segment each.
    pub path: String,
    pub permission: String,
}

impl RouteRule {
    /// `METHOD /path`, the map's key.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    fn segments(&self) -> impl Iterator<Item = &str> {
        self.path[1..].split('/').filter(|s| !s.is_empty())
    }

    /// Whether a request (verb, path after the verb without its leading slash) is this route.
    pub fn matches(&self, verb: &str, path: &str) -> bool {
        let request: Vec<&str> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('/').collect()
        };
        (self.method == "*" || self.method == verb)
            && self.segments().count() == request.len()
            && self
                .segments()
                .zip(request)
                .all(|(rule, seg)| rule == seg || (rule == "*" && !seg.is_empty()))
    }

    fn wildcards(&self) -> usize {
        usize::from(self.method == "*") + self.segments().filter(|s| *s == "*").count()
    }
}

/// The parsed `REQUIRED_PERMISSIONS` map; rules in key order (byte order of `METHOD /path`),
/// which is also the order the policy lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutePermissions {
    rules: Vec<RouteRule>,
}

impl RoutePermissions {
    /// The authorizer's environment variable.
    pub const ENV: &'static str = "REQUIRED_PERMISSIONS";

    /// Parses the environment variable's value. Not an object, empty, a malformed key or a
    /// value that is not a non-empty string without whitespace: an error (the authorizer then
    /// refuses to load, like a missing TOKEN_ISSUER).
    pub fn parse(json: &str) -> Result<Self, RoutePermissionsError> {
        let value: Value = serde_json::from_str(json)
            .map_err(|e| RoutePermissionsError::NotJson(e.to_string()))?;
        let Value::Object(map) = value else {
            return Err(RoutePermissionsError::NotAnObject);
        };
        Self::from_map(&map)
    }

    fn from_map(map: &Map<String, Value>) -> Result<Self, RoutePermissionsError> {
        let mut rules = Vec::with_capacity(map.len());
        for (key, value) in map {
            let permission = value.as_str().ok_or_else(|| RoutePermissionsError::Value {
                key: key.clone(),
                found: value.to_string(),
            })?;
            rules.push(rule(key, permission)?);
        }
        Self::from_rules(rules)
    }

    /// Builds the map from `(method, path, permission)` triples, e.g. the secured methods of
    /// an API. API Gateway's path parameters (`/pets/{petId}`) become `*`.
    pub fn from_routes<M, P, Q>(
        routes: impl IntoIterator<Item = (M, P, Q)>,
    ) -> Result<Self, RoutePermissionsError>
    where
        M: AsRef<str>,
        P: AsRef<str>,
        Q: AsRef<str>,
    {
        let mut rules = Vec::new();
        for (method, path, permission) in routes {
            let path: Vec<&str> = path
                .as_ref()
                .split('/')
                .map(|s| {
                    if s.starts_with('{') && s.ends_with('}') {
                        "*"
                    } else {
                        s
                    }
                })
                .collect();
            let key = format!("{} {}", method.as_ref(), path.join("/"));
            rules.push(rule(&key, permission.as_ref())?);
        }
        Self::from_rules(rules)
    }

    fn from_rules(mut rules: Vec<RouteRule>) -> Result<Self, RoutePermissionsError> {
        if rules.is_empty() {
            return Err(RoutePermissionsError::Empty);
        }
        rules.sort_by_key(RouteRule::key);
        if let Some(pair) = rules.windows(2).find(|w| w[0].key() == w[1].key()) {
            if pair[0].permission != pair[1].permission {
                return Err(RoutePermissionsError::Key {
                    key: pair[0].key(),
                    why: "the route is listed twice with different permissions",
                });
            }
        }
        rules.dedup_by(|a, b| a.key() == b.key());
        Ok(Self { rules })
    }

    /// The value to set `REQUIRED_PERMISSIONS` to (compact JSON, keys in order).
    pub fn to_env_json(&self) -> String {
        let map: Map<String, Value> = self
            .rules
            .iter()
            .map(|r| (r.key(), Value::String(r.permission.clone())))
            .collect();
        Value::Object(map).to_string()
    }

    pub fn rules(&self) -> &[RouteRule] {
        &self.rules
    }

    /// The rule for the methodArn's route: the one with the fewest wildcards when several
    /// match. `None` for a route not in the map, or a string that is not a methodArn.
    pub fn rule_for(&self, method_arn: &str) -> Option<&RouteRule> {
        let arn = MethodArn::parse(method_arn).ok()?;
        self.rules
            .iter()
            .filter(|r| r.matches(arn.verb(), arn.path()))
            .min_by_key(|r| r.wildcards())
    }

    /// The permission the methodArn's route needs (see [`Self::rule_for`]).
    pub fn required_for(&self, method_arn: &str) -> Option<&str> {
        self.rule_for(method_arn).map(|r| r.permission.as_str())
    }
}

/// Validates one `"METHOD /path"` → permission entry (the same rules as the JS authorizer).
fn rule(key: &str, permission: &str) -> Result<RouteRule, RoutePermissionsError> {
    let bad_key = |why: &'static str| RoutePermissionsError::Key {
        key: key.to_owned(),
        why,
    };
    let (method, path) = key
        .split_once(' ')
        .ok_or_else(|| bad_key("it is not `METHOD /path` (one space)"))?;
    if method != "*" && (method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(bad_key(
            "METHOD must be an uppercase verb such as GET, or *",
        ));
    }
    if !path.starts_with('/') || !path.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        return Err(bad_key(
            "the path must start with / and hold printable ASCII only",
        ));
    }
    if path != "/" && path[1..].split('/').any(str::is_empty) {
        return Err(bad_key(
            "the path has an empty segment (// or a trailing /)",
        ));
    }
    if path[1..]
        .split('/')
        .any(|s| s != "*" && (s.contains('*') || s.contains('?')))
    {
        return Err(bad_key(
            "`*` stands for one whole segment (/pets/*), and `?` is not allowed",
        ));
    }
    if path.contains(['{', '}']) {
        return Err(bad_key(
            "write a path parameter as * (/pets/* for /pets/{petId})",
        ));
    }
    if permission.is_empty() || permission.bytes().any(|b| b.is_ascii_whitespace()) {
        return Err(RoutePermissionsError::Value {
            key: key.to_owned(),
            found: Value::String(permission.to_owned()).to_string(),
        });
    }
    Ok(RouteRule {
        method: method.to_owned(),
        path: path.to_owned(),
        permission: permission.to_owned(),
    })
}

#[cfg(test)]
mod tests;
