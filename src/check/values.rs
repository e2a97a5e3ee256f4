//! The placeholder values of `checks.toml`'s fixes, from what discovery found: ids, names,
//! the tenant's URLs and the function's variables put right. Never a secret.

use std::collections::BTreeMap;

use super::facts::{Browser, CorsResource, Facts};

/// Each placeholder that has a value.
pub fn of(f: &Facts) -> BTreeMap<&'static str, String> {
    let mut v = BTreeMap::new();
    let mut put = |name: &'static str, value: Option<&str>| {
        if let Some(value) = value.filter(|s| !s.is_empty()) {
            v.insert(name, value.to_owned());
        }
    };
    let a = &f.auth0;
    let aws = &f.aws;
    put("aws", Some(&f.aws_cli));
    put("tenant", Some(&a.base_url));
    put("issuer", Some(&a.issuer));
    put("jwks_uri", Some(&a.jwks_uri));
    let audience = a
        .api
        .as_ref()
        .map(|api| api.identifier.as_str())
        .or_else(|| f.env("AUDIENCE"));
    put("audience", audience);
    put("auth0_api_id", a.api.as_ref().map(|api| api.id.as_str()));
    let reader = a.reader.as_ref().and_then(|id| client(f, id));
    let writer = a.writer.as_ref().and_then(|id| client(f, id));
    let any = reader.or(writer).or_else(|| a.granted.first());
    put("client_id", any.map(|c| c.client_id.as_str()));
    put(
        "grant_id",
        writer
            .or_else(|| a.granted.iter().find(|c| !c.tagged_test))
            .or(any)
            .map(|c| c.grant_id.as_str()),
    );
    put("region", Some(&aws.region));
    let api = aws.rest_api.as_ref();
    put("api_id", api.map(|r| r.id.as_str()));
    put(
        "stage",
        api.and_then(|r| r.stage.as_ref())
            .map_or(Some("test"), |s| Some(s.name.as_str())),
    );
    put(
        "resource_id",
        api.and_then(|r| r.resource_ids.get("/pets"))
            .map(String::as_str),
    );
    put(
        "authorizer_id",
        aws.authorizer.as_ref().map(|z| z.id.as_str()),
    );
    let function = aws
        .function
        .as_ref()
        .map(|fun| fun.name.clone())
        .or_else(|| {
            let arn = aws.authorizer.as_ref()?.function_arn.as_deref()?;
            Some(arn.rsplit(':').next()?.to_owned())
        });
    put("function", function.as_deref());
    let role = aws
        .authorizer
        .as_ref()
        .and_then(|z| z.credentials.as_deref())
        .and_then(|arn| arn.rsplit('/').next());
    put("role", role);
    put("env_json", Some(&env_json(f, audience)));
    if let Browser::Set(b) = &aws.browser {
        put("origin", Some(&b.origin));
        if let Some(r) = super::cors_reading::focus(b) {
            put("preflight_path", Some(&r.path));
            put("preflight_resource_id", Some(&r.id));
            put("preflight_methods", Some(&allowed_methods(r)));
            let status = r.options.as_ref().and_then(|o| o.status.as_deref());
            put("preflight_status", status.or(Some("200")));
        }
    }
    let mut permissions = f.required();
    if permissions.is_empty() {
        permissions = a
            .api
            .as_ref()
            .map(|api| api.permissions.clone())
            .unwrap_or_default();
    }
    put(
        "permissions",
        Some(&serde_json::to_string(&permissions).unwrap_or_default()),
    );
    v
}

/// `Access-Control-Allow-Methods` for a resource: its verbs (every verb for `ANY`) and
/// `OPTIONS`.
fn allowed_methods(r: &CorsResource) -> String {
    const EVERY_VERB: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
    let mut verbs: Vec<&str> = r.methods.keys().map(String::as_str).collect();
    if r.methods.contains_key("ANY") {
        verbs = EVERY_VERB.to_vec();
    }
    verbs.push("OPTIONS");
    verbs.sort_unstable();
    verbs.dedup();
    verbs.join(",")
}

fn client<'a>(f: &'a Facts, id: &str) -> Option<&'a super::facts::GrantedClient> {
    f.auth0.granted.iter().find(|c| c.client_id == id)
}

/// `{"Variables": {...}}`: the function's variables with `TOKEN_ISSUER`, `JWKS_URI` and `AUDIENCE`
/// as the tenant and the API need them, and a method-wide policy widened when it is cached.
fn env_json(f: &Facts, audience: Option<&str>) -> String {
    let mut env = f
        .aws
        .function
        .as_ref()
        .map(|fun| fun.env.clone())
        .unwrap_or_default();
    env.insert("TOKEN_ISSUER".to_owned(), f.auth0.issuer.clone());
    env.insert("JWKS_URI".to_owned(), f.auth0.jwks_uri.clone());
    if let Some(audience) = audience {
        env.insert("AUDIENCE".to_owned(), audience.to_owned());
    }
    let cached = f.aws.authorizer.as_ref().is_some_and(|z| z.ttl_secs > 0);
    if cached && env.get("POLICY_SCOPE").map(String::as_str) == Some("method") {
        env.insert("POLICY_SCOPE".to_owned(), "stage".to_owned());
    }
    serde_json::json!({ "Variables": env }).to_string()
}
