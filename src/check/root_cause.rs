//! Root cause first: a failed check whose earlier dependency also failed says "follows from"
//! that one, which keeps the fix; the follower points there instead of repeating it.

use super::ids::{ALL_IDS, step_of};
use super::model::{CheckResult, Status};

/// The id prefixes a check depends on: a failure among them (earlier in report order) is
/// taken as the cause of this one's failure.
fn depends_on(id: &str) -> &'static [&'static str] {
    match id {
        "step1.api.exists" | "step2.api.imported" | "step3.authorizer.exists" => &[],
        "step1.token.issued" => &[
            "step1.api.exists",
            "step1.client.granted",
            "step1.client.client_credentials",
        ],
        "step1.token.valid" => &[
            "step1.api.exists",
            "step1.api.signing_alg",
            "step1.token.issued",
        ],
        id if id.starts_with("step1.") => &["step1.api.exists"],
        "step2.stage.deployed" => &["step2.api.imported"],
        id if id.starts_with("step2.call.") => &["step2.api.imported", "step2.stage.deployed"],
        "step3.function_env.audience" => &[
            "step2.api.imported",
            "step3.authorizer.exists",
            "step3.function.exists",
            "step1.api.exists",
        ],
        id if id.starts_with("step3.function_env.") || id == "step3.role.invoke" => &[
            "step2.api.imported",
            "step3.authorizer.exists",
            "step3.function.exists",
        ],
        "step3.authorizer.test_invoke" => &[
            "step1.api.exists",
            "step1.api.signing_alg",
            "step1.client.granted",
            "step1.client.client_credentials",
            "step1.token.",
            "step2.api.imported",
            "step3.",
        ],
        id if id.starts_with("step3.") => &["step2.api.imported", "step3.authorizer.exists"],
        "step4.methods.secured" => &["step2.api.imported", "step3.authorizer.exists"],
        "step4.stage.deployed" => &["step2.", "step4.methods.secured"],
        "step4.cache.policy_scope" => &["step3.authorizer.exists", "step3.authorizer.test_invoke"],
        "step4.cors.deployed" => &["step2.", "step4.stage.deployed", "step4.cors."],
        id if id.starts_with("step4.cors.") => &["step2.api.imported"],
        "step5.call.no_token" => &["step2.", "step4.methods.secured", "step4.stage.deployed"],
        "step5.call.bad_token" => &["step2.", "step3.", "step4.methods.", "step4.stage."],
        "step5.call.post_write" => &[
            "step1.api.",
            "step1.client.",
            "step1.token.",
            "step2.",
            "step3.",
            "step4.methods.",
            "step4.stage.",
            "step4.cache.",
        ],
        id if id.starts_with("step5.") => &[
            "step1.api.",
            "step1.client.granted",
            "step1.client.client_credentials",
            "step1.token.",
            "step2.",
            "step3.",
            "step4.methods.",
            "step4.stage.",
            "step4.cache.",
        ],
        _ => &[],
    }
}

/// Marks each failure that an earlier failed dependency explains.
pub fn apply(results: &mut [CheckResult]) {
    results.sort_by_key(|r| ALL_IDS.iter().position(|id| *id == r.id));
    for i in 0..results.len() {
        if results[i].status != Status::Fail || results[i].follows_from.is_some() {
            continue;
        }
        let prefixes = depends_on(results[i].id);
        let cause = results[..i]
            .iter()
            .find(|r| r.status == Status::Fail && prefixes.iter().any(|p| r.id.starts_with(p)))
            .map(|r| root(results, r.id));
        if let Some(cause) = cause {
            let r = &mut results[i];
            r.follows_from = Some(cause);
            r.what = format!(
                "{} — follows from step {} ({cause})",
                r.what,
                step_of(cause)
            );
        }
    }
    let roots: Vec<Option<&'static str>> = results
        .iter()
        .map(|r| r.follows_from.map(|cause| root(results, cause)))
        .collect();
    for (r, cause) in results.iter_mut().zip(roots) {
        r.follows_from = cause;
        if let Some(cause) = cause {
            r.hint = Some(format!(
                "This follows from {cause} (step {}): fix that first, then check again.",
                step_of(cause)
            ));
            r.fix = None;
        }
    }
}

/// Follows `follows_from` back to the first cause.
fn root(results: &[CheckResult], id: &'static str) -> &'static str {
    let mut id = id;
    for _ in 0..ALL_IDS.len() {
        match results
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| r.follows_from)
        {
            Some(next) => id = next,
            None => break,
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::model::Fix;

    fn result(id: &'static str, status: Status) -> CheckResult {
        CheckResult {
            id,
            step: step_of(id),
            title: id.to_owned(),
            status,
            what: "found".to_owned(),
            hint: Some("nudge".to_owned()),
            fix: Some(Fix::default()),
            follows_from: None,
        }
    }

    #[test]
    fn a_later_failure_follows_from_the_earliest_failed_dependency() {
        let mut results = vec![
            result("step5.call.token", Status::Fail),
            result("step5.call.no_token", Status::Pass),
            result("step3.function_env.issuer", Status::Fail),
            result("step3.authorizer.test_invoke", Status::Fail),
            result("step2.call.root", Status::Fail),
        ];
        apply(&mut results);
        let by = |id: &str| results.iter().find(|r| r.id == id).unwrap();
        assert_eq!(results[0].id, "step2.call.root", "report order");
        assert_eq!(by("step2.call.root").follows_from, None, "its own root");
        let issuer = by("step3.function_env.issuer");
        assert_eq!((issuer.follows_from, issuer.fix.is_some()), (None, true));
        for id in ["step3.authorizer.test_invoke", "step5.call.token"] {
            let r = by(id);
            assert!(r.fix.is_none() && r.hint.as_deref().unwrap().contains("fix that first"));
        }
        assert_eq!(
            by("step3.authorizer.test_invoke").follows_from,
            Some("step3.function_env.issuer")
        );
        assert_eq!(
            by("step5.call.token").follows_from,
            Some("step2.call.root"),
            "the earliest cause"
        );
        assert_eq!(
            by("step5.call.no_token").follows_from,
            None,
            "a pass follows nothing"
        );
    }
}
