//! The live probes: the authorizer's console Test with the test token, and the tutorial's
//! calls on the invoke URL (steps 2 and 5). Only where the AWS side runs code; never changes
//! anything but the example backend's pets (the tutorial's own `POST /pets`).

use serde_json::Value;

use super::discover_auth0::Secrets;
use super::facts::{Facts, TestInvoke};
use authgate_core::hint::capped;
use authgate_providers::aws::Aws;
use authgate_providers::aws::apigateway::TEST_PET;
use authgate_providers::aws::authorizer::test_authorizer;
use authgate_providers::aws::http::{Exchange, get, invoke_url, post_json};

/// A JWT-shaped token no key signed (no `kid` either): the tutorial's "bad token".
pub const BAD_TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln";

pub async fn probe(aws: &Aws, http: &reqwest::Client, f: &mut Facts, secrets: &Secrets) {
    if !f.aws.executes {
        return;
    }
    let Some(api) = f.aws.rest_api.clone() else {
        return;
    };
    let bearer = |t: &authgate_providers::auth0::Secret| format!("Bearer {}", t.expose());
    if let (Some(z), Some(token)) = (&f.aws.authorizer, &secrets.reader) {
        f.aws.test_invoke = Some(
            match test_authorizer(aws, &api.id, &z.id, &bearer(token)).await {
                Ok(t) => {
                    let (reason, log_tail) = read_log(&t.log);
                    TestInvoke {
                        status: t.client_status,
                        policy: t
                            .policy
                            .as_deref()
                            .and_then(|p| serde_json::from_str(p).ok()),
                        reason,
                        log_tail,
                    }
                }
                Err(e) => TestInvoke {
                    status: 0,
                    log_tail: e.to_string(),
                    ..TestInvoke::default()
                },
            },
        );
    }
    let Some(stage) = &api.stage else {
        return;
    };
    let base = invoke_url(aws.endpoint.as_deref(), &aws.region, &api.id, &stage.name);
    f.aws.invoke_url = Some(base.clone());
    let call = async |path: &str, auth: Option<String>| -> Result<Exchange, String> {
        get(http, &base, path, auth.as_deref())
            .await
            .map_err(|e| e.to_string())
    };
    let calls = &mut f.aws.calls;
    calls.root = Some(call("/", None).await);
    calls.pet = Some(call("/pets/1", None).await);
    calls.no_token = Some(call("/pets", None).await);
    calls.bad_token = Some(call("/pets", Some(format!("Bearer {BAD_TOKEN}"))).await);
    if let Some(token) = &secrets.reader {
        calls.token = Some(call("/pets", Some(bearer(token))).await);
    }
    let post = async |auth: String| -> Result<Exchange, String> {
        post_json(http, &base, "/pets", Some(&auth), TEST_PET)
            .await
            .map_err(|e| e.to_string())
    };
    let Some(permission) = super::step5::post_permission(f) else {
        return;
    };
    let reader_may_write = f
        .auth0
        .token
        .as_ref()
        .is_some_and(|t| granted(&t.claims).contains(&permission));
    if let Some(token) = &secrets.reader
        && !reader_may_write
    {
        f.aws.calls.post_read = Some(post(bearer(token)).await);
    }
    if let Some(token) = &secrets.writer {
        f.aws.calls.post_write = Some(post(bearer(token)).await);
    }
}

/// The permissions a token's claims grant (`scope` and `permissions`).
fn granted(claims: &Value) -> Vec<String> {
    claims
        .as_object()
        .map(authgate_core::policy::granted_permissions)
        .unwrap_or_default()
}

/// The reason code the bundled authorizer logged (its JSON line's `reason`), and the lines
/// that say why the Test ended as it did.
fn read_log(log: &str) -> (Option<String>, String) {
    let reason = log.lines().rev().find_map(|line| {
        let at = line.find("{\"decision\"")?;
        let value: Value = serde_json::from_str(line[at..].trim()).ok()?;
        value["reason"].as_str().map(str::to_owned)
    });
    let telling: Vec<&str> = log
        .lines()
        .map(str::trim)
        .filter_map(|l| {
            if let Some(at) = l.find("{\"decision\"") {
                return Some(&l[at..]);
            }
            let gateway = [
                "Authorizer function failed",
                "Execution failed",
                "Unauthorized request",
            ];
            gateway.iter().any(|m| l.starts_with(m)).then_some(l)
        })
        .collect();
    let tail = telling[telling.len().saturating_sub(2)..].join(" | ");
    (reason, capped(&tail, 300))
}

#[cfg(test)]
mod tests {
    use super::read_log;

    #[test]
    fn the_reason_and_the_telling_lines_come_from_the_log() {
        let log = "Starting authorizer: a\nFunction log:\nSTART\n\
            {\"decision\":\"deny\",\"reason\":\"issuer_mismatch\",\"kid\":\"k\",\"iss\":\"x\",\"sub\":\"s\"}\n\
            END\nAuthorizer function failed: Unauthorized";
        let (reason, tail) = read_log(log);
        assert_eq!(reason.as_deref(), Some("issuer_mismatch"));
        assert!(
            tail.contains("issuer_mismatch") && tail.contains("failed: Unauthorized"),
            "{tail}"
        );
        assert_eq!(read_log("nothing").0, None);
    }
}
