//! `steps.toml` → typed specs. The text and order come from the file; what each action does
//! is code, chosen by the closed `ActionId` enum, so a typo fails to parse.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;

use authgate_core::hint::Hint;

/// The steps file built into the binary.
pub const BUILTIN_STEPS: &str = include_str!("../steps.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    Auth0Api,
    PetstoreApi,
    Authorizer,
    SecureApi,
    TestDeployment,
}

impl StepId {
    /// The tutorial's order; a steps file must follow it.
    pub const ALL: [Self; 5] = [
        Self::Auth0Api,
        Self::PetstoreApi,
        Self::Authorizer,
        Self::SecureApi,
        Self::TestDeployment,
    ];
}

/// Every action the wizard knows how to perform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionId {
    EnsureResourceServer,
    EnsureTestClient,
    EnsureClientGrant,
    EnsureWriterClient,
    EnsureRoles,
    FetchTestToken,
    LogInUser,
    ImportApi,
    TestInvokePostPets,
    DeployStage,
    CallInvokeUrl,
    RunAuthorizerLocally,
    AuditAuthorizer,
    EnsureIamRole,
    DeployLambda,
    TestInvokeLambda,
    EnsureGatewayAuthorizer,
    TestGatewayAuthorizer,
    SecureMethods,
    EnableCors,
    CorsGatewayResponses,
    RedeployStage,
    CallWithoutToken,
    CallWithBadToken,
    CallWithTestToken,
    PostWithReadToken,
    PostWithWriteToken,
    OpenWebPage,
}

impl ActionId {
    /// The id as written in `steps.toml` and the state file.
    pub fn key(self) -> &'static str {
        match self {
            Self::EnsureResourceServer => "ensure_resource_server",
            Self::EnsureTestClient => "ensure_test_client",
            Self::EnsureClientGrant => "ensure_client_grant",
            Self::EnsureWriterClient => "ensure_writer_client",
            Self::EnsureRoles => "ensure_roles",
            Self::FetchTestToken => "fetch_test_token",
            Self::LogInUser => "log_in_user",
            Self::ImportApi => "import_api",
            Self::TestInvokePostPets => "test_invoke_post_pets",
            Self::DeployStage => "deploy_stage",
            Self::CallInvokeUrl => "call_invoke_url",
            Self::RunAuthorizerLocally => "run_authorizer_locally",
            Self::AuditAuthorizer => "audit_authorizer",
            Self::EnsureIamRole => "ensure_iam_role",
            Self::DeployLambda => "deploy_lambda",
            Self::TestInvokeLambda => "test_invoke_lambda",
            Self::EnsureGatewayAuthorizer => "ensure_gateway_authorizer",
            Self::TestGatewayAuthorizer => "test_gateway_authorizer",
            Self::SecureMethods => "secure_methods",
            Self::EnableCors => "enable_cors",
            Self::CorsGatewayResponses => "cors_gateway_responses",
            Self::RedeployStage => "redeploy_stage",
            Self::CallWithoutToken => "call_without_token",
            Self::CallWithBadToken => "call_with_bad_token",
            Self::CallWithTestToken => "call_with_test_token",
            Self::PostWithReadToken => "post_with_read_token",
            Self::PostWithWriteToken => "post_with_write_token",
            Self::OpenWebPage => "open_web_page",
        }
    }

    /// Waits for a person (a sign-in in a browser): `a`, `setup` and a step's ✓ leave it
    /// out; it runs only when chosen.
    pub fn is_interactive(self) -> bool {
        matches!(self, Self::LogInUser | Self::OpenWebPage)
    }

    pub const ALL: [Self; 28] = [
        Self::EnsureResourceServer,
        Self::EnsureTestClient,
        Self::EnsureClientGrant,
        Self::EnsureWriterClient,
        Self::EnsureRoles,
        Self::FetchTestToken,
        Self::LogInUser,
        Self::ImportApi,
        Self::TestInvokePostPets,
        Self::DeployStage,
        Self::CallInvokeUrl,
        Self::RunAuthorizerLocally,
        Self::AuditAuthorizer,
        Self::EnsureIamRole,
        Self::DeployLambda,
        Self::TestInvokeLambda,
        Self::EnsureGatewayAuthorizer,
        Self::TestGatewayAuthorizer,
        Self::SecureMethods,
        Self::EnableCors,
        Self::CorsGatewayResponses,
        Self::RedeployStage,
        Self::CallWithoutToken,
        Self::CallWithBadToken,
        Self::CallWithTestToken,
        Self::PostWithReadToken,
        Self::PostWithWriteToken,
        Self::OpenWebPage,
    ];
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepsFile {
    pub steps: Vec<StepSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub id: StepId,
    pub title: String,
    /// What the step is for and why, in a few sentences.
    pub teach: String,
    /// What the step says instead when your own authorizer code is chosen (`--authorizer`).
    #[serde(default)]
    pub teach_own_code: Option<String>,
    pub actions: Vec<ActionSpec>,
}

impl StepSpec {
    /// The step's text for the authorizer chosen: the bundled one, or your own code.
    pub fn teach_for(&self, own_code: bool) -> &str {
        match &self.teach_own_code {
            Some(text) if own_code => text,
            _ => &self.teach,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    pub id: ActionId,
    pub title: String,
    pub teach: String,
    /// The equivalent click-path in the Auth0 dashboard or AWS console.
    pub console: String,
    /// The equivalent AWS CLI / curl command.
    pub cli: String,
}

#[derive(Debug, thiserror::Error)]
pub enum StepsError {
    #[error("cannot read steps file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("steps file is not valid: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("steps file is not valid: {0}")]
    Invalid(String),
}

impl Hint for StepsError {
    fn fix(&self) -> String {
        match self {
            Self::Read { .. } => {
                "check the path given to --steps, or drop --steps to use the built-in steps"
            }
            Self::Parse(_) | Self::Invalid(_) => {
                "compare your copy with the built-in steps.toml: ids are fixed, fields are id, title, teach, actions (and console, cli for actions)"
            }
        }
        .to_owned()
    }
}

impl StepsFile {
    /// The built-in file, or `path` when given.
    pub fn load(path: Option<&Path>) -> Result<Self, StepsError> {
        match path {
            None => Self::parse(BUILTIN_STEPS),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| StepsError::Read {
                    path: path.display().to_string(),
                    source,
                })?;
                Self::parse(&text)
            }
        }
    }

    pub fn parse(text: &str) -> Result<Self, StepsError> {
        let file: Self = toml::from_str(text)?;
        file.validate()?;
        Ok(file)
    }

    /// The five steps in the tutorial's order, every action exactly once.
    fn validate(&self) -> Result<(), StepsError> {
        let ids: Vec<StepId> = self.steps.iter().map(|s| s.id).collect();
        if ids != StepId::ALL {
            return Err(StepsError::Invalid(format!(
                "expected the five steps in order {:?}, found {ids:?}",
                StepId::ALL
            )));
        }
        let mut seen = HashSet::new();
        for action in self.steps.iter().flat_map(|s| &s.actions) {
            if !seen.insert(action.id) {
                return Err(StepsError::Invalid(format!(
                    "action {:?} appears twice",
                    action.id
                )));
            }
        }
        if let Some(missing) = ActionId::ALL.iter().find(|id| !seen.contains(id)) {
            return Err(StepsError::Invalid(format!(
                "action {missing:?} is missing"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_steps_parse_with_every_action_once() {
        let file = StepsFile::load(None).unwrap();
        assert_eq!(file.steps.len(), 5);
        let count: usize = file.steps.iter().map(|s| s.actions.len()).sum();
        assert_eq!(count, ActionId::ALL.len());
    }

    #[test]
    fn action_keys_match_the_serde_names() {
        for id in ActionId::ALL {
            let parsed: ActionId = toml::Value::String(id.key().into()).try_into().unwrap();
            assert_eq!(parsed, id);
        }
    }

    #[test]
    fn unknown_action_id_is_rejected() {
        let text = BUILTIN_STEPS.replacen("id = \"import_api\"", "id = \"import_the_api\"", 1);
        let err = StepsFile::parse(&text).unwrap_err();
        assert!(err.to_string().contains("import_the_api"), "{err}");
    }

    #[test]
    fn unknown_field_is_rejected() {
        let text = BUILTIN_STEPS.replacen(
            "title = \"Create an Auth0 API\"",
            "title = \"x\"\ncolour = \"red\"",
            1,
        );
        let err = StepsFile::parse(&text).unwrap_err();
        assert!(err.to_string().contains("colour"), "{err}");
    }

    #[test]
    fn missing_or_duplicated_action_is_rejected() {
        let dup = BUILTIN_STEPS.replacen("id = \"deploy_stage\"", "id = \"import_api\"", 1);
        assert!(
            StepsFile::parse(&dup)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
    }

    #[test]
    fn steps_out_of_order_are_rejected() {
        let text = BUILTIN_STEPS.replacen("id = \"secure_api\"", "id = \"authorizer\"", 1);
        assert!(StepsFile::parse(&text).is_err());
    }
}
