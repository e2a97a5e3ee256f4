//! `scenarios.toml` → typed scenarios. Each break is exactly one primitive of a closed enum
//! (`deny_unknown_fields` everywhere), so a typo fails to load with the line and the fix,
//! as `--steps` does.

use std::path::Path;

use serde::Deserialize;

use crate::check::ids::ALL_IDS;
use crate::check::texts::line_of;
use authgate_core::hint::Hint;

/// The scenarios built into the binary.
pub const BUILTIN_SCENARIOS: &str = include_str!("../../scenarios.toml");

/// The `{name}`s a break's value may use.
pub const VALUE_PLACEHOLDERS: &[&str] = &["tenant", "issuer", "jwks_uri", "audience"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenariosFile {
    pub scenarios: Vec<Scenario>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub title: String,
    pub symptom: String,
    pub steps: Vec<u8>,
    /// The check that fails while it is broken.
    pub check: String,
    pub hint: String,
    pub fix: String,
    /// Safe and reversible on a real account (else sandbox only).
    pub real_account: bool,
    #[serde(rename = "break")]
    pub breaks: Vec<Break>,
}

/// One change a scenario makes: the documented primitives.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Break {
    SetFunctionEnv { name: String, value: String },
    UnsetFunctionEnv { name: String },
    PatchAuthorizer { path: String, value: String },
    SecureWithoutRedeploy { method: String, path: String },
    DetachRolePolicy { policy: String },
    SetSigningAlg { alg: String },
    DropGrantPermission { permission: String },
    RotateKeys {},
    MoveClock { secs: i64 },
    DropGatewayCors { response_type: String },
}

impl Break {
    /// Only the sandbox has a tenant whose keys and clock are ours to change.
    pub fn sandbox_only(&self) -> bool {
        matches!(self, Self::RotateKeys {} | Self::MoveClock { .. })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScenariosError {
    #[error("cannot read scenarios file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("scenarios file is not valid: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("scenarios file is not valid: {0}")]
    Invalid(String),
}

impl Hint for ScenariosError {
    fn fix(&self) -> String {
        match self {
            Self::Read { .. } => "check the path given to --scenarios, or drop --scenarios to use \
                the built-in scenarios"
                .to_owned(),
            Self::Parse(_) | Self::Invalid(_) => "compare your copy with the built-in \
                scenarios.toml: its header lists the fields and the primitives ([[scenarios.break]] \
                holds exactly one of set_function_env, unset_function_env, patch_authorizer, secure_without_redeploy, \
                detach_role_policy, set_signing_alg, drop_grant_permission, rotate_keys, move_clock)"
                .to_owned(),
        }
    }
}

impl ScenariosFile {
    /// The built-in file, or `path` when given.
    pub fn load(path: Option<&Path>) -> Result<Self, ScenariosError> {
        match path {
            None => Self::parse(BUILTIN_SCENARIOS),
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|source| ScenariosError::Read {
                        path: path.display().to_string(),
                        source,
                    })?;
                Self::parse(&text)
            }
        }
    }

    pub fn parse(text: &str) -> Result<Self, ScenariosError> {
        let file: Self = toml::from_str(text)?;
        let mut seen = std::collections::HashSet::new();
        for s in &file.scenarios {
            let at = || format!("scenario {} (line {})", s.name, line_of(text, &s.name));
            let invalid = |why: String| Err(ScenariosError::Invalid(format!("{}: {why}", at())));
            let well_named = !s.name.is_empty()
                && s.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !well_named {
                return invalid("a name is lower-case letters, digits and dashes".to_owned());
            }
            if !seen.insert(s.name.clone()) {
                return invalid("the name appears twice".to_owned());
            }
            if s.steps.is_empty() || s.steps.iter().any(|n| !(1..=5).contains(n)) {
                return invalid(format!(
                    "steps must be tutorial steps 1-5, not {:?}",
                    s.steps
                ));
            }
            if !ALL_IDS.contains(&s.check.as_str()) {
                return invalid(format!(
                    "check {:?} is not a check id (see checks.toml)",
                    s.check
                ));
            }
            if s.breaks.is_empty() {
                return invalid("it breaks nothing: add a [[scenarios.break]]".to_owned());
            }
            if s.real_account && s.breaks.iter().any(Break::sandbox_only) {
                return invalid(
                    "rotate_keys and move_clock exist only in the sandbox: set real_account = false"
                        .to_owned(),
                );
            }
            for b in &s.breaks {
                let (Break::SetFunctionEnv { value, .. } | Break::PatchAuthorizer { value, .. }) =
                    b
                else {
                    continue;
                };
                if let Some(name) = placeholders(value).find(|p| !VALUE_PLACEHOLDERS.contains(p)) {
                    return invalid(format!(
                        "unknown placeholder {{{name}}} (known: {})",
                        VALUE_PLACEHOLDERS.join(", ")
                    ));
                }
            }
        }
        Ok(file)
    }

    pub fn find(&self, name: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.name == name)
    }
}

fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let name = rest.split('}').next()?;
        (rest.contains('}')
            && !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .then_some(name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_scenarios_load_and_say_where_they_work() {
        let file = ScenariosFile::load(None).unwrap();
        assert!(file.scenarios.len() >= 10);
        let sandbox_only: Vec<&str> = file
            .scenarios
            .iter()
            .filter(|s| !s.real_account)
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(sandbox_only, ["expired-token", "keys-rotated"]);
    }

    #[test]
    fn a_bad_file_is_refused_with_the_line_and_the_fix() {
        let typo =
            BUILTIN_SCENARIOS.replacen("\nset_function_env = {", "\nset_function_vars = {", 1);
        let err = ScenariosFile::parse(&typo).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("set_function_vars") && text.contains("line"),
            "{text}"
        );
        assert!(err.fix().contains("set_function_env"), "{}", err.fix());
        let check = BUILTIN_SCENARIOS.replacen(
            "check = \"step3.function_env.issuer\"",
            "check = \"step3.issuer\"",
            1,
        );
        let text = ScenariosFile::parse(&check).unwrap_err().to_string();
        let line = line_of(&check, "issuer-without-slash");
        assert!(
            text.contains(&format!("(line {line})")) && text.contains("step3.issuer"),
            "{text}"
        );
        let clock = BUILTIN_SCENARIOS.replacen("real_account = false", "real_account = true", 1);
        assert!(
            ScenariosFile::parse(&clock)
                .unwrap_err()
                .to_string()
                .contains("only in the sandbox")
        );
        let field = BUILTIN_SCENARIOS.replacen("symptom = ", "colour = \"red\"\nsymptom = ", 1);
        assert!(
            ScenariosFile::parse(&field)
                .unwrap_err()
                .to_string()
                .contains("colour")
        );
    }
}
