//! The `sh` export: `deploy.sh`, one bash script that rebuilds the tutorial from nothing in
//! another tenant and account. The values read back come first, as shell variables (JSON for
//! the lists, which the script reads with jq); the rebuild itself is `assets/export/deploy.sh`,
//! the same in every export.

use std::fmt::Write as _;

use serde_json::json;

use super::File;
use super::snapshot::Snapshot;

const REBUILD: &str = include_str!("../../assets/export/deploy.sh");
pub const SCRIPT: &str = "deploy.sh";

/// `text` as one single-quoted bash word.
pub fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

pub fn render(s: &Snapshot) -> File {
    let a = &s.auth0;
    let w = &s.aws;
    let clients: Vec<_> = a
        .clients
        .iter()
        .map(|c| json!({ "tag": c.tag, "name": c.name, "scopes": c.scopes }))
        .collect();
    let roles: Vec<_> = a
        .roles
        .iter()
        .map(|r| json!({ "name": r.name, "description": r.description, "permissions": r.permissions }))
        .collect();
    let secured: Vec<String> = w.secured.iter().map(|(v, p)| format!("{v} {p}")).collect();
    let values: Vec<(&str, String)> = vec![
        ("API_NAME", a.api.name.clone()),
        ("API_IDENTIFIER", a.api.identifier.clone()),
        ("API_SIGNING_ALG", a.api.signing_alg.clone()),
        ("API_TOKEN_DIALECT", a.api.token_dialect.clone()),
        ("API_RBAC", a.api.rbac.to_string()),
        ("API_SCOPES", json!(a.api.scopes).to_string()),
        ("CLIENTS", json!(clients).to_string()),
        ("ROLES", json!(roles).to_string()),
        ("LOGIN_APP_NAME", a.login_app.clone().unwrap_or_default()),
        ("REST_API_NAME", w.rest_api.name.clone()),
        ("STAGE_NAME", w.stage.name.clone()),
        ("STAGE_DESCRIPTION", w.stage.description.clone()),
        ("ROLE_NAME", w.role.name.clone()),
        ("ROLE_TRUST_POLICY", w.role.trust_policy.to_string()),
        ("ROLE_POLICIES", json!(w.role.managed_policies).to_string()),
        ("FUNCTION_NAME", w.function.name.clone()),
        ("FUNCTION_RUNTIME", w.function.runtime.clone()),
        ("FUNCTION_HANDLER", w.function.handler.clone()),
        ("FUNCTION_TIMEOUT", w.function.timeout_secs.to_string()),
        ("FUNCTION_MEMORY", w.function.memory_mb.to_string()),
        ("FUNCTION_ENV", json!(w.function.env).to_string()),
        ("AUTHORIZER_NAME", w.authorizer.name.clone()),
        (
            "AUTHORIZER_IDENTITY_SOURCE",
            w.authorizer.identity_source.clone(),
        ),
        ("AUTHORIZER_VALIDATION", w.authorizer.validation.clone()),
        ("AUTHORIZER_TTL", w.authorizer.ttl_secs.to_string()),
        ("AUTHORIZER_USES_ROLE", w.authorizer.uses_role.to_string()),
        ("SECURED_METHODS", json!(secured).to_string()),
    ];
    let mut text = String::from(
        "#!/usr/bin/env bash\n\
         # Rebuilds what authgate set up: the Auth0 API, its clients, grants and roles, then the\n\
         # IAM role, the authorizer's Lambda function, the PetStore REST API, its TOKEN authorizer,\n\
         # the secured methods and the stage. Written by `authgate export --format sh`; README.md\n\
         # beside it says how to run it. Needs bash, curl, jq and the AWS CLI.\n\
         #\n\
         # Reads AUTH0_DOMAIN (a host, or http://127.0.0.1:PORT for an authgate sandbox),\n\
         # AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (an application authorized for the Management\n\
         # API), and the AWS CLI's own configuration (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL...).\n\
         # Stops at the first failed call and names it; safe to run again. The last line it prints\n\
         # is INVOKE_URL=<url>; the clients' ids come just before it.\n\
         set -euo pipefail\n\n\
         # --- What was exported (TOKEN_ISSUER, JWKS_URI and AUDIENCE follow AUTH0_DOMAIN below) ---\n",
    );
    for (name, value) in values {
        let _ = writeln!(text, "{name}={}", quote(&value));
    }
    if !w.function.left_out_env.is_empty() {
        let _ = writeln!(
            text,
            "# Not exported (values unknown to authgate, possibly secret): set them by hand with\n\
             # `aws lambda update-function-configuration --environment`: {}",
            w.function.left_out_env.join(", ")
        );
    }
    text.push('\n');
    text.push_str(REBUILD);
    File {
        name: SCRIPT.to_owned(),
        bytes: text.into_bytes(),
        executable: true,
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quoting_keeps_every_character() {
        assert_eq!(quote("it's $HOME"), r"'it'\''s $HOME'");
        assert_eq!(
            quote(r"^Bearer [-0-9a-zA-Z\._]*$"),
            r"'^Bearer [-0-9a-zA-Z\._]*$'"
        );
    }
}
