//! Building one check's result: the words from `checks.toml` with the placeholders filled
//! from the facts, and the status and `what` the check decided.

use std::collections::BTreeMap;

use super::facts::Facts;
use super::ids::step_of;
use super::model::{CheckResult, Fix, Status};
use super::texts::{Texts, fill};

/// What the step functions use to write results.
pub struct Ctx<'a> {
    pub facts: &'a Facts,
    texts: &'a Texts,
    values: BTreeMap<&'static str, String>,
}

impl<'a> Ctx<'a> {
    pub fn new(facts: &'a Facts, texts: &'a Texts) -> Self {
        Self {
            facts,
            texts,
            values: super::values::of(facts),
        }
    }

    fn result(&self, id: &'static str, status: Status, what: String) -> CheckResult {
        let text = self.texts.get(id);
        let fill = |t: &str| fill(t, &self.values);
        CheckResult {
            id,
            step: step_of(id),
            title: text.map_or_else(|| id.to_owned(), |t| fill(&t.title)),
            status,
            what,
            hint: text.map(|t| fill(&t.hint)),
            fix: (status != Status::NotCheckable)
                .then(|| {
                    text.map(|t| Fix {
                        console: fill(&t.console),
                        cli: fill(&t.cli),
                    })
                })
                .flatten(),
            follows_from: None,
        }
    }

    pub fn pass(&self, id: &'static str, what: impl Into<String>) -> CheckResult {
        self.result(id, Status::Pass, what.into())
    }

    pub fn fail(&self, id: &'static str, what: impl Into<String>) -> CheckResult {
        self.result(id, Status::Fail, what.into())
    }

    /// `ok` decides between [`Self::pass`] and [`Self::fail`].
    pub fn judge(&self, id: &'static str, ok: bool, what: impl Into<String>) -> CheckResult {
        if ok {
            self.pass(id, what)
        } else {
            self.fail(id, what)
        }
    }

    /// The target cannot answer this check; `why` says so ("not checkable here: …").
    pub fn not_checkable(&self, id: &'static str, why: impl AsRef<str>) -> CheckResult {
        self.result(
            id,
            Status::NotCheckable,
            format!("not checkable here: {}", why.as_ref()),
        )
    }

    /// A check that needs an earlier one's object (`blocker`): failed, following from it.
    pub fn blocked(&self, id: &'static str, blocker: &'static str, what: &str) -> CheckResult {
        let mut result = self.fail(id, format!("{what} (follows from {blocker})"));
        result.follows_from = Some(blocker);
        result
    }
}
