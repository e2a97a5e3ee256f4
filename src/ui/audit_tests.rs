//! Snapshots of step 3's audit: your authorizer beside the bundled one (a fixed report built
//! through the engine's public types: yours misses the algorithm pin and signals refusals
//! with a 500), and the bundled one alone.

use std::time::Duration;

use insta::assert_snapshot;

use super::test_support::{app, draw};
use crate::app::ActionState;
use crate::authorizer_code::audit::{JwtAnswer, Kind, Report, Row};
use crate::flow::audit_output;
use crate::steps::ActionId;
use authgate_sandbox::audit::{HttpApiJwt, Timings};

/// (id, kind, security, expected, status) of the rows drawn.
const ROWS: [(&str, Kind, bool, &str, Option<u16>); 10] = [
    ("valid_token", Kind::Case, false, "allow", Some(200)),
    ("alg_none", Kind::Case, true, "unauthorized", Some(401)),
    (
        "alg_hs256_public_key",
        Kind::Case,
        true,
        "unauthorized",
        Some(401),
    ),
    ("alg_rs384", Kind::Case, false, "unauthorized", Some(401)),
    ("jku_injection", Kind::Case, true, "unauthorized", Some(401)),
    ("expired", Kind::Case, true, "unauthorized", Some(401)),
    (
        "token_in_logs",
        Kind::Behaviour,
        true,
        "no token in any log",
        None,
    ),
    ("jwks_down", Kind::Behaviour, false, "401", Some(401)),
    (
        "policy_cache_trap",
        Kind::Behaviour,
        false,
        "covers the stage",
        None,
    ),
    (
        "unauthorized_signal",
        Kind::Behaviour,
        false,
        "401 for every refusal",
        None,
    ),
];

/// A report in which the rows named in `failed` failed (with `status`).
fn report(runtime: &str, failed: &[(&str, Option<u16>)]) -> Report {
    let rows = ROWS
        .iter()
        .map(|&(id, kind, security, expected, status)| {
            let failure = failed.iter().find(|(f, _)| *f == id);
            Row {
                id,
                kind,
                security,
                expected: expected.to_owned(),
                got: String::new(),
                passed: failure.is_none(),
                status: failure.map_or(status, |(_, s)| *s),
                why: "why it matters",
                reference: "RFC 8725 §2.1",
                fix: "verify with an allowlist of exactly RS256, never the header's alg",
                http_api_jwt: HttpApiJwt {
                    answer: match (kind, expected) {
                        (Kind::Behaviour, _) => JwtAnswer::NotApplicable,
                        (Kind::Case, "allow") => JwtAnswer::Allow,
                        (Kind::Case, _) => JwtAnswer::Unauthorized,
                    },
                    note: "checks the signature",
                },
            }
        })
        .collect();
    let timings = Timings {
        cold_init_ms: Some(80.0),
        warm_p50_ms: Some(6.0),
        warm_p99_ms: Some(10.0),
        warm_calls: 20,
        audit_ms: 6000,
    };
    Report::new(runtime, "index.handler", rows, timings)
}

fn audited(size: (u16, u16), yours: Option<Report>) -> String {
    let mut app = app(size);
    app.selected_step = 2;
    let output = audit_output(yours, report("nodejs24.x", &[]));
    let took = Duration::from_secs(12);
    app.actions.insert(
        ActionId::AuditAuthorizer,
        ActionState::Done { output, took },
    );
    app.selected_action_for_test(1);
    draw(&app)
}

#[test]
fn audit_side_by_side() {
    let yours = report(
        "nodejs22.x",
        &[
            ("alg_hs256_public_key", Some(200)),
            ("alg_rs384", Some(200)),
            ("unauthorized_signal", None),
            ("jwks_down", Some(500)),
        ],
    );
    for size in [(80, 24), (120, 40)] {
        let screen = audited(size, Some(yours.clone()));
        assert_snapshot!(format!("audit_side_by_side_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn audit_of_the_bundled_authorizer_alone() {
    assert_snapshot!("audit_bundled_alone_120x40", audited((120, 40), None));
}
