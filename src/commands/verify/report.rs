//! The readable report of `verify` and `inspect`: the verdict, a ✓/✗ checklist with the fix
//! under each ✗, and the policy with its evaluation on a second route. Plain text, no colour,
//! never the token itself.

use std::fmt::Write as _;

use serde_json::Value;

use authgate_core::jwt::Decision;
use authgate_core::jwt::inspect::{CheckStatus, Inspection};
use authgate_core::policy::Evaluation;

pub fn render(decision: Option<&Decision>, inspection: &Inspection, with_claims: bool) -> String {
    let mut out = String::new();
    if let Some(decision) = decision {
        let mark = if decision.is_allow() { "✓" } else { "✗" };
        let reason = decision
            .reason
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{mark} {}{reason}: {}",
            decision.outcome.as_str(),
            decision.message
        );
        if let Some(hint) = &decision.hint {
            let _ = writeln!(out, "  fix: {hint}");
        }
        out.push('\n');
    }
    let width = inspection
        .checks
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0);
    for check in &inspection.checks {
        let mark = match check.status {
            CheckStatus::Pass => "✓",
            CheckStatus::Fail => "✗",
            CheckStatus::Skipped => "-",
        };
        let _ = writeln!(out, "  {mark} {:width$}  {}", check.name, check.detail);
        if let Some(fix) = &check.fix {
            let label = if check.status == CheckStatus::Fail {
                "fix"
            } else {
                "to check"
            };
            let _ = writeln!(out, "    {:width$}  {label}: {fix}", "");
        }
    }
    for warning in &inspection.warnings {
        let _ = writeln!(out, "  ! {warning}");
    }
    if let Some(check) = &inspection.permission {
        let mark = if check.has_it { "✓" } else { "✗" };
        let _ = writeln!(out, "  {mark} {:width$}  {}", "permission", check.summary());
        if let Some(fix) = check.fix() {
            let _ = writeln!(out, "    {:width$}  fix: {fix}", "");
        }
    }
    observations_section(&mut out, inspection);
    if with_claims {
        claims_section(&mut out, inspection);
    }
    policy_section(&mut out, inspection);
    out
}

/// The policy the authorizer returns and its evaluation on the methodArn and a second route.
fn policy_section(out: &mut String, inspection: &Inspection) {
    let Some(policy) = &inspection.policy else {
        return;
    };
    let resource = authgate_core::policy::first_resource(&policy.response);
    let returned = if policy.returned {
        "returned"
    } else {
        "would be returned if the token were valid"
    };
    let _ = writeln!(
        out,
        "\npolicy ({} scope, {returned}):",
        policy.scope.as_str()
    );
    let _ = writeln!(
        out,
        "  principalId {}",
        policy.response["principalId"].as_str().unwrap_or_default()
    );
    let statements = authgate_core::policy::statement_resources(&policy.response["policyDocument"]);
    if inspection.permission.is_some() {
        for (effect, resource) in statements {
            let _ = writeln!(out, "  {effect:<11} {resource}");
        }
    } else {
        let _ = writeln!(out, "  Resource    {resource}");
    }
    let placeholder = if policy.placeholder {
        "  (placeholder: pass --method-arn)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  {} {}{placeholder}",
        evaluation(policy.evaluation),
        policy.method_arn
    );
    let _ = writeln!(
        out,
        "  {} {}",
        evaluation(policy.second_evaluation),
        policy.second_arn
    );
    if policy.second_evaluation != Evaluation::Allow && inspection.permission.is_none() {
        let _ = writeln!(
            out,
            "  ! with authorizer caching (TTL > 0) this policy is reused for the second route → 403; \
             use --policy-scope stage"
        );
    }
}

fn evaluation(evaluation: Evaluation) -> &'static str {
    match evaluation {
        Evaluation::Allow => "allow        ",
        Evaluation::ExplicitDeny => "explicit deny",
        Evaluation::ImplicitDeny => "deny (403)   ",
    }
}

/// Auth0 findings: problems with their fix, then background.
fn observations_section(out: &mut String, inspection: &Inspection) {
    if inspection.observations.is_empty() {
        return;
    }
    out.push('\n');
    for observation in &inspection.observations {
        let mark = if observation.problem { "!" } else { "i" };
        let _ = writeln!(out, "  {mark} {}", observation.what);
        if let Some(fix) = &observation.fix {
            let _ = writeln!(out, "    fix: {fix}");
        }
    }
}

fn claims_section(out: &mut String, inspection: &Inspection) {
    let pretty = |v: &Value| serde_json::to_string_pretty(v).unwrap_or_default();
    let _ = writeln!(out, "\nheader {}", pretty(&inspection.header));
    let _ = writeln!(out, "claims {}", pretty(&inspection.claims));
    if !inspection.times.is_empty() {
        let _ = writeln!(out, "\ntimes (now {}):", inspection.now_rfc3339);
        for time in &inspection.times {
            let _ = writeln!(out, "  {:9} {}  {}", time.name, time.rfc3339, time.relative);
        }
    }
    if !inspection.notes.is_empty() || inspection.dialect.is_some() {
        let _ = writeln!(out, "\nAuth0:");
        if let Some(dialect) = inspection.dialect {
            let _ = writeln!(out, "  dialect   {dialect} (guessed from the claims)");
        }
        for note in &inspection.notes {
            let _ = writeln!(out, "  {:9} {}", note.claim, note.meaning);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::render;
    use authgate_core::jwt::inspect::inspect;
    use authgate_core::jwt::test_tokens::{ARN, NOW, token, verifier};

    #[tokio::test]
    async fn report_lists_every_failure_with_its_fix_and_never_the_token() {
        let verifier = verifier();
        let token = token(&json!({"exp": NOW - 7980, "iss": "https://tenant.example"}));
        let header = format!("Bearer {token}");
        let decision = crate::commands::verify::decide(&verifier, &header, Some(ARN), NOW).await;
        let inspection = inspect(&header, Some(&verifier), Some(ARN), NOW).await;
        let text = render(Some(&decision), &inspection, true);
        assert!(
            text.starts_with("✗ unauthorized (expired): token expired 2h13m ago"),
            "{text}"
        );
        assert!(text.contains("✗ iss"), "{text}");
        assert!(text.contains("trailing slash"), "{text}");
        assert!(text.contains("dialect   access_token"), "{text}");
        assert!(!text.contains(&token), "the token must never be printed");
    }
}
