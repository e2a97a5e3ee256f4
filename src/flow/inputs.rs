//! The settings form's logic over [`Inputs`] (the data lives in `state::inputs`): which
//! fields each step shows, and each field read and set as text, one at a time, checked.

use crate::authorizer_code::custom_authorizer::{AuthorizerSource, Family};
use crate::state::Inputs;
use authgate_core::hint::Hint as _;
use authgate_core::policy::PolicyScope;
use authgate_core::tutorial::{TtlError, authorizer_ttl};
use authgate_providers::auth0::validate_api_identifier;
use authgate_providers::aws::secure::SecureScope;

mod error;
mod field;
mod permissions;
pub use error::InputError;
pub use field::{BUNDLED, DETECT, Field};

impl Inputs {
    /// The fields each step's form shows (step index 0–4).
    pub fn fields_of_step(step: usize) -> &'static [Field] {
        match step {
            0 => &[
                Field::ApiName,
                Field::ApiIdentifier,
                Field::TokenDialect,
                Field::Rbac,
                Field::ApiPermissions,
                Field::TestClientPermissions,
            ],
            1 => &[
                Field::StageName,
                Field::StageDescription,
                Field::DeploymentDescription,
            ],
            2 => &[
                Field::RoleName,
                Field::FunctionName,
                Field::AuthorizerName,
                Field::Ttl,
                Field::PolicyScope,
                Field::AuthorizerCode,
                Field::AuthorizerHandler,
                Field::AuthorizerRuntime,
                Field::ReadPermission,
                Field::WritePermission,
            ],
            3 => &[Field::SecureScope, Field::BrowserOrigin],
            _ => &[],
        }
    }

    pub fn get(&self, field: Field) -> String {
        match field {
            Field::ApiName => self.api_name.clone(),
            Field::ApiIdentifier => self.api_identifier.clone(),
            Field::TokenDialect => self.token_dialect.as_str().to_owned(),
            Field::Rbac => if self.rbac { "on" } else { "off" }.to_owned(),
            Field::ApiPermissions => permissions::show_api(&self.api_permissions),
            Field::TestClientPermissions => permissions::show_names(&self.test_client_permissions),
            Field::StageName => self.stage_name.clone(),
            Field::StageDescription => self.stage_description.clone(),
            Field::DeploymentDescription => self.deployment_description.clone(),
            Field::RoleName => self.role_name.clone(),
            Field::FunctionName => self.function_name.clone(),
            Field::AuthorizerName => self.authorizer_name.clone(),
            Field::Ttl => self.ttl_secs.to_string(),
            Field::PolicyScope => self.policy_scope.as_str().to_owned(),
            Field::SecureScope => self.secure_scope.as_str().to_owned(),
            Field::BrowserOrigin if self.browser_origin.is_empty() => NO_BROWSER.to_owned(),
            Field::BrowserOrigin => self.browser_origin.clone(),
            Field::ReadPermission => self.read_permission.clone(),
            Field::WritePermission => self.write_permission.clone(),
            Field::AuthorizerCode => self
                .authorizer
                .as_ref()
                .map_or_else(|| BUNDLED.to_owned(), |a| a.path.display().to_string()),
            Field::AuthorizerHandler => self
                .authorizer
                .as_ref()
                .and_then(|a| a.handler.clone())
                .unwrap_or_else(|| DETECT.to_owned()),
            Field::AuthorizerRuntime => self
                .authorizer
                .as_ref()
                .and_then(|a| a.runtime.clone())
                .unwrap_or_else(|| DETECT.to_owned()),
        }
    }

    /// Sets a field from text, or says what is wrong with it (nothing changes then).
    pub fn set(&mut self, field: Field, value: &str) -> Result<(), InputError> {
        let value = value.trim();
        match field {
            Field::ApiName => self.api_name = text(value, 1, 128)?,
            Field::ApiIdentifier => {
                validate_api_identifier(value).map_err(|e| InputError::Identifier {
                    message: e.to_string(),
                    fix: e.fix(),
                })?;
                value.clone_into(&mut self.api_identifier);
            }
            Field::TokenDialect
            | Field::Rbac
            | Field::ApiPermissions
            | Field::TestClientPermissions => self.set_access(field, value)?,
            Field::StageName => self.stage_name = name(value, 128, "_-")?,
            Field::StageDescription => self.stage_description = text(value, 0, 1024)?,
            Field::DeploymentDescription => self.deployment_description = text(value, 0, 1024)?,
            Field::RoleName => self.role_name = name(value, 64, "+=,.@_-")?,
            Field::FunctionName => self.function_name = name(value, 64, "_-")?,
            Field::AuthorizerName => self.authorizer_name = text(value, 1, 128)?,
            Field::Ttl => {
                let secs = value.parse().map_err(|_| InputError::Ttl)?;
                self.ttl_secs = authorizer_ttl(secs).map_err(|e| match e {
                    TtlError::Negative(_) => InputError::TtlNegative(e),
                    TtlError::TooLong(_) => InputError::Ttl,
                })?;
            }
            Field::PolicyScope => {
                self.policy_scope =
                    PolicyScope::parse(value).ok_or(InputError::Choose("stage, method or api"))?;
            }
            Field::SecureScope => {
                self.secure_scope = match value {
                    "pets" | "pets-get" => SecureScope::Pets,
                    "all-but-options" => SecureScope::AllButOptions,
                    _ => return Err(InputError::Choose("pets or all-but-options")),
                };
            }
            Field::BrowserOrigin => {
                self.browser_origin = match value {
                    "" | NO_BROWSER => String::new(),
                    origin if authgate_providers::aws::cors::valid_origin(origin) => {
                        origin.to_owned()
                    }
                    _ => return Err(InputError::Origin),
                };
            }
            Field::ReadPermission => self.read_permission = self.defined_permission(value)?,
            Field::WritePermission => self.write_permission = self.defined_permission(value)?,
            Field::AuthorizerCode => self.set_code(value),
            Field::AuthorizerHandler => {
                let handler = match value {
                    "" | DETECT => None,
                    h if valid_handler(h) => Some(h.to_owned()),
                    _ => return Err(InputError::Handler),
                };
                self.authorizer
                    .as_mut()
                    .ok_or(InputError::NeedsCode)?
                    .handler = handler;
            }
            Field::AuthorizerRuntime => {
                let runtime = match value {
                    "" | DETECT => None,
                    r if Family::of(r).is_some() => Some(r.to_owned()),
                    _ => return Err(InputError::Choose("detect or a runtime from the list")),
                };
                self.authorizer
                    .as_mut()
                    .ok_or(InputError::NeedsCode)?
                    .runtime = runtime;
            }
        }
        Ok(())
    }

    /// The names of the API's permissions, in the settings' order.
    /// A permission for `REQUIRED_PERMISSIONS`: one the API defines (step 1's settings),
    /// or no token could ever carry it.
    fn defined_permission(&self, value: &str) -> Result<String, InputError> {
        let name = permission(value)?;
        let defined = self.api_names();
        if defined.contains(&name) {
            Ok(name)
        } else {
            Err(InputError::NotDefined {
                name,
                defined: defined.join(", "),
            })
        }
    }

    pub fn api_names(&self) -> Vec<String> {
        self.api_permissions
            .iter()
            .map(|p| p.value.clone())
            .collect()
    }

    /// A new path forgets the handler and runtime chosen for the old code (they are
    /// detected again). The path is checked when the code is used, not here: no I/O.
    fn set_code(&mut self, value: &str) {
        match value {
            "" | BUNDLED => self.authorizer = None,
            path if self
                .authorizer
                .as_ref()
                .is_some_and(|a| a.path.as_os_str() == path) => {}
            path => self.authorizer = Some(AuthorizerSource::new(path)),
        }
    }
}

/// What the browser-origin field shows (and accepts) for "no browser: no CORS actions".
pub const NO_BROWSER: &str = "none";

/// A permission name as Auth0 accepts it in an API's `scopes` (and the authorizer in
/// `REQUIRED_PERMISSIONS`): non-empty, no whitespace.
fn permission(value: &str) -> Result<String, InputError> {
    let value = text(value, 1, 280)?;
    if value.contains(char::is_whitespace) {
        return Err(InputError::Permission(
            "one permission name without spaces, e.g. read:pets".to_owned(),
        ));
    }
    Ok(value)
}

/// `FILE.FUNCTION`: a module path, a dot, a function name; no spaces.
fn valid_handler(handler: &str) -> bool {
    handler.len() <= 128
        && !handler.contains(char::is_whitespace)
        && handler
            .rsplit_once('.')
            .is_some_and(|(module, function)| !module.is_empty() && !function.is_empty())
}

fn text(value: &str, min: usize, max: usize) -> Result<String, InputError> {
    let n = value.chars().count();
    if n < min {
        return Err(InputError::Empty);
    }
    if n > max {
        return Err(InputError::TooLong { max });
    }
    Ok(value.to_owned())
}

/// Letters, digits and the given punctuation only (AWS naming rules).
fn name(value: &str, max: usize, extra: &'static str) -> Result<String, InputError> {
    let value = text(value, 1, max)?;
    match value
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !extra.contains(*c))
    {
        Some(bad) => Err(InputError::Character { bad, extra }),
        None => Ok(value),
    }
}

#[cfg(test)]
mod tests;
