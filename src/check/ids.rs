//! Every check's stable id, in the order `check` reports them. `checks.toml` must give each
//! one its words; the JSON, `JUnit` and learn mode name checks by these ids.

pub const ALL_IDS: &[&str] = &[
    "step1.api.exists",
    "step1.api.signing_alg",
    "step1.api.permissions",
    "step1.client.granted",
    "step1.client.client_credentials",
    "step1.client.writer",
    "step1.token.issued",
    "step1.token.valid",
    "step2.api.imported",
    "step2.stage.deployed",
    "step2.call.root",
    "step2.call.pet",
    "step3.authorizer.exists",
    "step3.authorizer.type",
    "step3.authorizer.validation",
    "step3.function.exists",
    "step3.function_env.issuer",
    "step3.function_env.jwks_uri",
    "step3.function_env.audience",
    "step3.function_env.required_permissions",
    "step3.role.trust",
    "step3.role.invoke",
    "step3.authorizer.test_invoke",
    "step4.methods.secured",
    "step4.stage.deployed",
    "step4.cache.policy_scope",
    "step4.cors.preflight_open",
    "step4.cors.any_method",
    "step4.cors.allow_headers",
    "step4.cors.gateway_responses",
    "step4.cors.deployed",
    "step5.call.no_token",
    "step5.call.bad_token",
    "step5.call.token",
    "step5.call.post_read",
    "step5.call.post_write",
];

/// The step an id belongs to (`step3.…` → 3).
pub fn step_of(id: &str) -> u8 {
    id.strip_prefix("step")
        .and_then(|rest| rest.bytes().next())
        .map_or(0, |b| b - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_in_step_order() {
        let mut seen = std::collections::HashSet::new();
        let mut last = 1;
        for id in ALL_IDS {
            assert!(seen.insert(id), "{id} twice");
            let step = step_of(id);
            assert!((last..=5).contains(&step), "{id}");
            last = step;
        }
    }
}
