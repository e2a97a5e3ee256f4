//! The audit's result: a score and one row per case and behaviour. Its JSON form is
//! documented field by field in docs/audit-json.md; keep the two in step.

use serde::Serialize;

/// How API Gateway (REST API, TOKEN authorizer) answers the request, from the function's
/// outcome: `Unauthorized` → 401, an Allow covering the methodArn → 200, otherwise a policy
/// → 403, any other error, a timeout or a malformed result → 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allow,
    Unauthorized,
    Forbidden,
    Error,
    Timeout,
}

impl Outcome {
    /// The HTTP status the client sees.
    pub fn status(self) -> u16 {
        match self {
            Self::Allow => 200,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::Error | Self::Timeout => 500,
        }
    }

    /// The request does not reach the integration.
    pub fn refused(self) -> bool {
        self != Self::Allow
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::Error => "error",
            Self::Timeout => "timeout",
        }
    }
}

/// A row is one hostile or edge-case token, or one measured behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Case,
    Behaviour,
}

/// What API Gateway's HTTP API JWT authorizer (no Lambda) would answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JwtAnswer {
    Allow,
    Unauthorized,
    /// AWS's documentation does not say.
    NotDocumented,
    /// Not a per-token answer: see the note.
    NotApplicable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpApiJwt {
    pub answer: JwtAnswer,
    pub note: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: &'static str,
    pub kind: Kind,
    pub security: bool,
    pub expected: String,
    pub got: String,
    pub passed: bool,
    /// The HTTP status the client got (cases, and behaviours that send one request).
    pub status: Option<u16>,
    pub why: &'static str,
    pub reference: &'static str,
    pub fix: &'static str,
    pub http_api_jwt: HttpApiJwt,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub passed: usize,
    pub total: usize,
    pub security_failed: usize,
}

/// Timings, in milliseconds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timings {
    /// `Init Duration` of the first cold start.
    pub cold_init_ms: Option<f64>,
    pub warm_p50_ms: Option<f64>,
    pub warm_p99_ms: Option<f64>,
    pub warm_calls: usize,
    /// The whole audit, wall clock.
    pub audit_ms: u64,
}

/// The cases side by side with API Gateway's HTTP API JWT authorizer: would it have decided
/// the same without a Lambda?
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HttpApiJwtSummary {
    /// Every security case gets the expected answer from it.
    pub security_cases_agree: bool,
    /// Cases where its documented answer differs from the expected one.
    pub differs: Vec<&'static str>,
    /// Cases AWS's documentation leaves open.
    pub not_documented: Vec<&'static str>,
}

impl HttpApiJwtSummary {
    fn of(rows: &[Row]) -> Self {
        let cases = || rows.iter().filter(|r| r.kind == Kind::Case);
        let agrees = |r: &Row| match r.http_api_jwt.answer {
            JwtAnswer::Allow => r.expected == "allow",
            JwtAnswer::Unauthorized => r.expected == "unauthorized",
            JwtAnswer::NotDocumented | JwtAnswer::NotApplicable => false,
        };
        let documented = |r: &&Row| {
            matches!(
                r.http_api_jwt.answer,
                JwtAnswer::Allow | JwtAnswer::Unauthorized
            )
        };
        Self {
            security_cases_agree: cases().filter(|r| r.security).all(agrees),
            differs: cases()
                .filter(documented)
                .filter(|r| !agrees(r))
                .map(|r| r.id)
                .collect(),
            not_documented: cases()
                .filter(|r| r.http_api_jwt.answer == JwtAnswer::NotDocumented)
                .map(|r| r.id)
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The version of this JSON shape.
    pub format: u32,
    pub runtime: String,
    pub handler: String,
    pub score: Score,
    pub timings: Timings,
    pub http_api_jwt: HttpApiJwtSummary,
    pub rows: Vec<Row>,
    /// Rows a quick audit left out (they only wait); `authgate authorizer audit` runs them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<&'static str>,
}

pub const FORMAT: u32 = 1;

impl Report {
    pub fn new(runtime: &str, handler: &str, rows: Vec<Row>, timings: Timings) -> Self {
        let score = Score {
            passed: rows.iter().filter(|r| r.passed).count(),
            total: rows.len(),
            security_failed: rows.iter().filter(|r| r.security && !r.passed).count(),
        };
        Self {
            format: FORMAT,
            runtime: runtime.to_owned(),
            handler: handler.to_owned(),
            score,
            timings,
            http_api_jwt: HttpApiJwtSummary::of(&rows),
            rows,
            skipped: Vec::new(),
        }
    }

    /// 1 when any security row failed (a CI gate), else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.score.security_failed > 0)
    }

    /// The ids of the rows that failed, in report order.
    pub fn failed(&self) -> Vec<&'static str> {
        self.rows
            .iter()
            .filter(|r| !r.passed)
            .map(|r| r.id)
            .collect()
    }

    pub fn row(&self, id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &'static str, security: bool, passed: bool) -> Row {
        Row {
            id,
            kind: Kind::Case,
            security,
            expected: "unauthorized".to_owned(),
            got: String::new(),
            passed,
            status: None,
            why: "",
            reference: "",
            fix: "",
            http_api_jwt: HttpApiJwt {
                answer: JwtAnswer::NotDocumented,
                note: "",
            },
        }
    }

    fn timings() -> Timings {
        Timings {
            cold_init_ms: None,
            warm_p50_ms: None,
            warm_p99_ms: None,
            warm_calls: 0,
            audit_ms: 0,
        }
    }

    #[test]
    fn exit_code_is_one_only_when_a_security_row_fails() {
        let passing = Report::new(
            "r",
            "h",
            vec![row("a", true, true), row("b", false, false)],
            timings(),
        );
        assert_eq!(passing.exit_code(), 0);
        assert_eq!((passing.score.passed, passing.score.total), (1, 2));
        let failing = Report::new(
            "r",
            "h",
            vec![row("a", true, false), row("b", false, true)],
            timings(),
        );
        assert_eq!(failing.exit_code(), 1);
        assert_eq!(failing.score.security_failed, 1);
        assert_eq!(failing.failed(), ["a"]);
    }
}
