//! Step 3's `REQUIRED_PERMISSIONS`: one entry per method step 4 secures, the reading verbs
//! requiring the read permission and every other verb the write permission. Deriving it
//! from the secured methods keeps the two in step: a secured method missing from the map
//! would be a 403 for every token (no statement of the policy covers it).

use std::collections::BTreeMap;

use super::aws::secure::Target;
use authgate_core::policy::{RoutePermissions, RoutePermissionsError};

/// Verbs that only read: they require the read permission.
const READING_VERBS: [&str; 2] = ["GET", "HEAD"];

/// The map for these secured methods (`/pets/{petId}` becomes `/pets/*`).
pub fn derive(
    secured: &[Target],
    read: &str,
    write: &str,
) -> Result<RoutePermissions, RoutePermissionsError> {
    RoutePermissions::from_routes(secured.iter().map(|t| {
        let permission = if READING_VERBS.contains(&t.verb.as_str()) {
            read
        } else {
            write
        };
        (t.verb.as_str(), t.path.as_str(), permission)
    }))
}

/// The map as the step's output shows it: one `METHOD /path → permission` per line.
pub fn lines(map: &RoutePermissions) -> Vec<String> {
    let width = map
        .rules()
        .iter()
        .map(|r| r.key().chars().count())
        .max()
        .unwrap_or(0);
    map.rules()
        .iter()
        .map(|r| format!("  {:width$} → {}", r.key(), r.permission))
        .collect()
}

/// Adds `REQUIRED_PERMISSIONS` to an authorizer's environment.
pub fn with_env(
    mut env: BTreeMap<String, String>,
    map: &RoutePermissions,
) -> BTreeMap<String, String> {
    env.insert(RoutePermissions::ENV.to_owned(), map.to_env_json());
    env
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(verb: &str, path: &str) -> Target {
        Target {
            path: path.to_owned(),
            verb: verb.to_owned(),
            resource_id: "r".to_owned(),
        }
    }

    #[test]
    fn reading_verbs_need_the_read_permission_the_others_the_write_one() {
        let secured = [
            target("GET", "/pets"),
            target("POST", "/pets"),
            target("GET", "/pets/{petId}"),
        ];
        let map = derive(&secured, "read:pets", "write:pets").unwrap();
        assert_eq!(
            map.to_env_json(),
            r#"{"GET /pets":"read:pets","GET /pets/*":"read:pets","POST /pets":"write:pets"}"#
        );
        assert_eq!(
            lines(&map),
            [
                "  GET /pets   → read:pets",
                "  GET /pets/* → read:pets",
                "  POST /pets  → write:pets",
            ]
        );
        let env = with_env(BTreeMap::new(), &map);
        assert_eq!(env["REQUIRED_PERMISSIONS"], map.to_env_json());
    }

    #[test]
    fn the_root_resource_and_other_names_are_mapped_too() {
        let secured = [target("GET", "/"), target("DELETE", "/pets/{petId}")];
        let map = derive(&secured, "pets:read", "pets:admin").unwrap();
        assert_eq!(
            map.to_env_json(),
            r#"{"DELETE /pets/*":"pets:admin","GET /":"pets:read"}"#
        );
    }

    #[test]
    fn nothing_secured_is_an_error_not_an_empty_map() {
        assert!(derive(&[], "read:pets", "write:pets").is_err());
    }
}
