//! The permission settings as one line of text each: the API's permissions as
//! `read:pets=Read the pets, write:pets=Add pets`, the test client's as `read:pets`, and the
//! access settings checked against each other.

use authgate_providers::auth0::{ApiPermission, TokenDialect};

use super::{Field, InputError, Inputs};

impl Inputs {
    /// The settings that decide who may do what: dialect, RBAC, the API's permissions and
    /// the test client's. They are checked against each other, not only one by one.
    pub(super) fn set_access(&mut self, field: Field, value: &str) -> Result<(), InputError> {
        match field {
            Field::TokenDialect => {
                let dialect = TokenDialect::parse(value).ok_or(InputError::Choose(
                    "access_token_authz, access_token, rfc9068_profile_authz or rfc9068_profile",
                ))?;
                if dialect.adds_permissions() && !self.rbac {
                    return Err(InputError::DialectNeedsRbac {
                        dialect: dialect.as_str(),
                    });
                }
                self.token_dialect = dialect;
            }
            Field::Rbac => {
                let rbac = match value {
                    "on" => true,
                    "off" => false,
                    _ => return Err(InputError::Choose("on or off")),
                };
                if !rbac && self.token_dialect.adds_permissions() {
                    return Err(InputError::DialectNeedsRbac {
                        dialect: self.token_dialect.as_str(),
                    });
                }
                self.rbac = rbac;
            }
            Field::ApiPermissions => {
                let defined = parse_api(value)?;
                let names: Vec<String> = defined.iter().map(|p| p.value.clone()).collect();
                if let Some(name) = self
                    .test_client_permissions
                    .iter()
                    .find(|g| !names.contains(g))
                {
                    return Err(InputError::StillGranted { name: name.clone() });
                }
                self.api_permissions = defined;
            }
            Field::TestClientPermissions => {
                let granted = parse_names(value)?;
                if let Some(name) = undefined(&granted, &self.api_permissions) {
                    return Err(InputError::NotDefined {
                        name: name.clone(),
                        defined: show_names(&self.api_names()),
                    });
                }
                self.test_client_permissions = granted;
            }
            _ => {}
        }
        Ok(())
    }
}

/// Auth0 sends permissions in a space-delimited `scope`, so a name has no spaces; `,` and
/// `=` separate the entries of the text field.
const NAME_MAX: usize = 280;
const DESCRIPTION_MAX: usize = 500;

pub fn show_api(permissions: &[ApiPermission]) -> String {
    permissions
        .iter()
        .map(|p| {
            if p.description.is_empty() {
                p.value.clone()
            } else {
                format!("{}={}", p.value, p.description)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn show_names(names: &[String]) -> String {
    names.join(" ")
}

/// `name=description, …`; at least one, each name once.
pub fn parse_api(text: &str) -> Result<Vec<ApiPermission>, InputError> {
    let mut out: Vec<ApiPermission> = Vec::new();
    for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let (name, description) = entry.split_once('=').unwrap_or((entry, ""));
        let name = permission_name(name.trim())?;
        let description = description.trim();
        if description.chars().count() > DESCRIPTION_MAX {
            return Err(InputError::TooLong {
                max: DESCRIPTION_MAX,
            });
        }
        if out.iter().any(|p| p.value == name) {
            return Err(InputError::Permission(format!("`{name}` is listed twice")));
        }
        out.push(ApiPermission::new(&name, description));
    }
    if out.is_empty() {
        return Err(InputError::Permission(
            "the API needs at least one permission, e.g. read:pets=Read the pets".into(),
        ));
    }
    Ok(out)
}

/// Names separated by spaces or commas, each once; empty means none.
pub fn parse_names(text: &str) -> Result<Vec<String>, InputError> {
    let mut out: Vec<String> = Vec::new();
    for name in text.split([',', ' ']).filter(|n| !n.is_empty()) {
        let name = permission_name(name)?;
        if !out.contains(&name) {
            out.push(name);
        }
    }
    Ok(out)
}

fn permission_name(name: &str) -> Result<String, InputError> {
    if name.is_empty() {
        return Err(InputError::Permission(
            "a permission needs a name before its `=description`".into(),
        ));
    }
    if name.chars().count() > NAME_MAX {
        return Err(InputError::TooLong { max: NAME_MAX });
    }
    if let Some(bad) = name
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '=' || *c == '"')
    {
        return Err(InputError::Permission(format!(
            "`{bad:?}` cannot be part of a permission name such as read:pets"
        )));
    }
    Ok(name.to_owned())
}

/// The first granted permission the API does not define.
pub fn undefined<'a>(granted: &'a [String], api: &[ApiPermission]) -> Option<&'a String> {
    granted.iter().find(|g| !api.iter().any(|p| &p.value == *g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_permissions_read_and_show_the_same_text() {
        let text = "read:pets=Read the pets, write:pets=Add pets";
        let parsed = parse_api(text).unwrap();
        assert_eq!(parsed, authgate_providers::auth0::default_permissions());
        assert_eq!(show_api(&parsed), text);
        assert_eq!(parse_api(" admin ").unwrap()[0].description, "");
    }

    #[test]
    fn bad_permission_text_is_refused() {
        assert!(parse_api("").is_err());
        assert!(parse_api("read pets=x").is_err());
        assert!(parse_api("=Read").is_err());
        assert!(parse_api("a:b=x, a:b=y").is_err());
        assert_eq!(
            parse_names("read:pets, write:pets read:pets").unwrap(),
            ["read:pets", "write:pets"]
        );
        assert_eq!(parse_names("  ").unwrap(), Vec::<String>::new());
    }
}
