//! What an action hands back: a one-line summary, detail lines and structured panels for the
//! screen, or a failure that says what happened, the likely cause and the fix.

use crate::authorizer_code::audit::Report as AuditReport;
use crate::snippets::SnippetRequest;
use authgate_core::jwt::inspect::Inspection;
use authgate_providers::auth0::Secret;
use authgate_providers::aws::http::Exchange;

/// The result of an action, as the results panel shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionOutput {
    pub summary: String,
    pub details: Vec<String>,
    pub panels: Vec<Panel>,
    /// The action ran, but what it proves fell short (a security finding, a call that
    /// passed without the authorizer): shown as ⚠, never ✓, and not recorded as finished.
    pub warning: Option<ActionFailure>,
    /// The token the action fetched, in memory only (never drawn, logged or recorded): the
    /// inspector opens with it.
    pub token: Option<Secret>,
}

impl ActionOutput {
    pub fn new(summary: impl Into<String>) -> Self {
        Self {
            summary: summary.into(),
            ..Self::default()
        }
    }

    #[must_use]
    pub fn detail(mut self, line: impl Into<String>) -> Self {
        self.details.push(line.into());
        self
    }

    #[must_use]
    pub fn panel(mut self, panel: Panel) -> Self {
        self.panels.push(panel);
        self
    }

    #[must_use]
    pub fn warn(mut self, warning: ActionFailure) -> Self {
        self.warning = Some(warning);
        self
    }
}

/// Structured results the screen draws as widgets rather than lines.
#[derive(Debug, Clone, PartialEq)]
pub enum Panel {
    /// A decoded and checked token (never the token itself).
    Token(Box<Inspection>),
    /// HTTP calls to the invoke URL, each with the status the tutorial expects.
    Exchanges(Vec<CheckedExchange>),
    /// A console-style test: a method, the Lambda function or the authorizer.
    TestResult(TestResult),
    /// The request just sent, to show as code in the tutorial's languages and copy (`c`).
    Request(SentRequest),
    /// Step 3's audit: your authorizer's verdicts beside the bundled one's.
    Audit(Box<AuditComparison>),
}

/// The audit of the chosen authorizer: with your own code, `yours` and the bundled one side
/// by side; with the bundled authorizer, `bundled` alone.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditComparison {
    pub yours: Option<AuditReport>,
    pub bundled: AuditReport,
}

/// A request step 5 sent. The header is a [`Secret`]: the screen shortens it, only a copy
/// (OSC 52, by choice) carries it whole, and `Debug` prints `***`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRequest {
    pub url: String,
    pub authorization: Option<Secret>,
    /// A POST's JSON body; `None` for a GET.
    pub json_body: Option<String>,
}

impl SentRequest {
    /// The request with its header whole, for the clipboard.
    pub fn snippet(&self) -> SnippetRequest {
        self.request(self.authorization.as_ref().map(Secret::expose))
    }

    fn request(&self, authorization: Option<&str>) -> SnippetRequest {
        match &self.json_body {
            None => SnippetRequest::get(&self.url, authorization),
            Some(body) => SnippetRequest::post_json(&self.url, authorization, body),
        }
    }

    /// The request with the token cut to its first characters, for the screen.
    pub fn shortened(&self) -> SnippetRequest {
        let short = self.authorization.as_ref().map(|value| {
            let value = value.expose();
            match value.char_indices().nth(SHOWN_CHARS) {
                Some((at, _)) => format!("{}…", &value[..at]),
                None => value.to_owned(),
            }
        });
        self.request(short.as_deref())
    }
}

/// How much of an `Authorization` header the screen shows ("Bearer " and the JWT header's start).
const SHOWN_CHARS: usize = 24;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedExchange {
    pub exchange: Exchange,
    /// What a working setup answers; `None` when any success will do.
    pub expected: Option<u16>,
    /// Whether a token was sent (the header itself is never kept).
    pub with_token: &'static str,
}

impl CheckedExchange {
    pub fn as_expected(&self) -> bool {
        self.expected.map_or_else(
            || (200..300).contains(&self.exchange.status),
            |want| want == self.exchange.status,
        )
    }
}

/// What a test button returned: status, the interesting part of the body, the log tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    pub title: String,
    pub status: String,
    pub principal: Option<String>,
    /// The policy or body, pretty-printed when it is JSON.
    pub body: String,
    pub log: String,
    pub latency_ms: Option<i64>,
}

/// Every error on screen says what happened, the likely cause and the fix.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActionFailure {
    pub what: String,
    pub cause: String,
    pub fix: String,
    /// The raw response or error chain, shown on demand.
    pub raw: Option<String>,
}

impl ActionFailure {
    pub fn new(what: impl Into<String>, cause: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            cause: cause.into(),
            fix: fix.into(),
            raw: None,
        }
    }

    #[must_use]
    pub fn with_raw(mut self, raw: impl Into<String>) -> Self {
        self.raw = Some(raw.into());
        self
    }
}

/// What, then the cause and the fix on lines of their own: how the subcommands print a
/// failure (`commands::out::fail`), and the teardown's `✗` line.
impl std::fmt::Display for ActionFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}\n  cause: {}\n  fix:   {}",
            self.what, self.cause, self.fix
        )
    }
}

/// JSON text pretty-printed; anything else as it came.
pub fn pretty(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_owned())
}
