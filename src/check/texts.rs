//! `checks.toml` → each check's title, nudge and fix, with `{placeholder}`s filled from what
//! check found. The file is data an instructor may edit (`--checks FILE`); its ids and
//! placeholders are a closed set, so a typo is refused with the line, as `--steps` is.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::ids::ALL_IDS;
use authgate_core::hint::Hint;

/// The check texts built into the binary.
pub const BUILTIN_CHECKS: &str = include_str!("../../checks.toml");

/// Every `{name}` the texts may use.
pub const PLACEHOLDERS: &[&str] = &[
    "aws",
    "tenant",
    "issuer",
    "jwks_uri",
    "audience",
    "auth0_api_id",
    "client_id",
    "grant_id",
    "api_id",
    "stage",
    "region",
    "resource_id",
    "authorizer_id",
    "function",
    "role",
    "env_json",
    "permissions",
    "origin",
    "preflight_path",
    "preflight_resource_id",
    "preflight_methods",
    "preflight_status",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecksFile {
    checks: Vec<CheckText>,
}

/// One check's words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckText {
    pub id: String,
    pub title: String,
    pub hint: String,
    pub console: String,
    pub cli: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TextsError {
    #[error("cannot read checks file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("checks file is not valid: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("checks file is not valid: {0}")]
    Invalid(String),
}

impl Hint for TextsError {
    fn fix(&self) -> String {
        match self {
            Self::Read { .. } => "check the path given to --checks, or drop --checks to use the \
                built-in texts"
                .to_owned(),
            Self::Parse(_) | Self::Invalid(_) => format!(
                "compare your copy with the built-in checks.toml: every check id once, fields \
                 id, title, hint, console, cli; placeholders are {}",
                PLACEHOLDERS.join(", ")
            ),
        }
    }
}

/// The texts by check id.
#[derive(Debug, Clone)]
pub struct Texts(BTreeMap<String, CheckText>);

impl Texts {
    /// The built-in file, or `path` when given.
    pub fn load(path: Option<&Path>) -> Result<Self, TextsError> {
        match path {
            None => Self::parse(BUILTIN_CHECKS),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| TextsError::Read {
                    path: path.display().to_string(),
                    source,
                })?;
                Self::parse(&text)
            }
        }
    }

    pub fn parse(text: &str) -> Result<Self, TextsError> {
        let file: ChecksFile = toml::from_str(text)?;
        let mut by_id = BTreeMap::new();
        for check in file.checks {
            if !ALL_IDS.contains(&check.id.as_str()) {
                return Err(TextsError::Invalid(format!(
                    "unknown check id {:?} (line {})",
                    check.id,
                    line_of(text, &check.id)
                )));
            }
            for field in [&check.title, &check.hint, &check.console, &check.cli] {
                if let Some(name) = placeholders(field).find(|p| !PLACEHOLDERS.contains(p)) {
                    return Err(TextsError::Invalid(format!(
                        "check {}: unknown placeholder {{{name}}} (line {})",
                        check.id,
                        line_of(text, &format!("{{{name}}}"))
                    )));
                }
            }
            let id = check.id.clone();
            if by_id.insert(id.clone(), check).is_some() {
                return Err(TextsError::Invalid(format!("check {id} appears twice")));
            }
        }
        if let Some(missing) = ALL_IDS.iter().find(|id| !by_id.contains_key(**id)) {
            return Err(TextsError::Invalid(format!("check {missing} is missing")));
        }
        Ok(Self(by_id))
    }

    pub fn get(&self, id: &str) -> Option<&CheckText> {
        self.0.get(id)
    }
}

/// The 1-based line where `needle` first appears (0 when it does not).
pub(crate) fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .map_or(0, |at| text[..at].matches('\n').count() + 1)
}

/// The `{name}`s in `text` (lower case and `_` only, so JSON and `{petId}` are left alone).
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let name = rest.split('}').next()?;
        let is_name = rest.contains('}')
            && !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        is_name.then_some(name)
    })
}

/// `text` with each known `{name}` replaced by its value, or `<name>` when there is none.
pub fn fill(text: &str, values: &BTreeMap<&'static str, String>) -> String {
    let mut out = text.to_owned();
    for name in PLACEHOLDERS {
        let key = format!("{{{name}}}");
        if out.contains(&key) {
            let value = values
                .get(name)
                .cloned()
                .unwrap_or_else(|| format!("<{name}>"));
            out = out.replace(&key, &value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_texts_cover_every_check_once() {
        let texts = Texts::load(None).unwrap();
        for id in ALL_IDS {
            assert!(texts.get(id).is_some(), "{id}");
        }
    }

    #[test]
    fn unknown_ids_fields_and_placeholders_are_refused_with_the_line() {
        let text =
            BUILTIN_CHECKS.replacen("id = \"step1.api.exists\"", "id = \"step1.api.exist\"", 1);
        let err = Texts::parse(&text).unwrap_err().to_string();
        assert!(
            err.contains("step1.api.exist") && err.contains("line"),
            "{err}"
        );
        let text = BUILTIN_CHECKS.replacen("{tenant}/api", "{tennant}/api", 1);
        let line = line_of(&text, "{tennant}");
        assert!(line > 20, "the first check's cli, after the header comment");
        let err = Texts::parse(&text).unwrap_err().to_string();
        assert!(err.contains(&format!("{{tennant}} (line {line})")), "{err}");
        let text = BUILTIN_CHECKS.replacen("hint = ", "colour = \"red\"\nhint = ", 1);
        let err = Texts::parse(&text).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
        assert!(
            err.to_string().contains("line"),
            "toml names the line: {err}"
        );
        assert!(err.fix().contains("placeholders are aws"), "{}", err.fix());
    }

    #[test]
    fn placeholders_are_filled_or_shown_as_missing() {
        let values = BTreeMap::from([("api_id", "abc".to_owned())]);
        assert_eq!(
            fill(
                "--rest-api-id {api_id} --stage-name {stage} /pets/{petId} '{\"a\":1}'",
                &values
            ),
            "--rest-api-id abc --stage-name <stage> /pets/{petId} '{\"a\":1}'"
        );
    }
}
