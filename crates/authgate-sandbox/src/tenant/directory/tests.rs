use super::{Directory, Permission, SEED_PASSWORD};
use crate::tenant::TenantState;

fn grant(dir: &mut Directory, role: &str, api: &str, name: &str) {
    let id = dir
        .roles
        .iter()
        .find(|r| r.name == role)
        .unwrap()
        .id
        .clone();
    dir.role_mut(&id).unwrap().permissions.push(Permission {
        resource_server_identifier: api.to_owned(),
        permission_name: name.to_owned(),
    });
}

#[test]
fn seeds_two_users_and_two_roles_without_permissions() {
    let dir = Directory::seeded();
    let names: Vec<&str> = dir.roles.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["pets-reader", "pets-writer"]);
    assert!(dir.roles.iter().all(|r| r.permissions.is_empty()));
    assert!(dir.roles.iter().all(|r| r.id.starts_with("rol_")));
    let reader = dir.user_by_email("reader@authgate.test").unwrap();
    let writer = dir.user_by_email("WRITER@authgate.test").unwrap();
    assert!(reader.id().starts_with("auth0|") && reader.id().len() == 30);
    assert_eq!(reader.roles.len(), 1);
    assert_eq!(writer.roles.len(), 2);
    let shown = serde_json::to_string(&dir).unwrap();
    assert!(!shown.contains(SEED_PASSWORD), "only hashes are stored");
}

#[test]
fn effective_permissions_are_the_union_over_roles_for_one_api() {
    let mut dir = Directory::seeded();
    grant(&mut dir, "pets-reader", "https://pets", "read:pets");
    grant(&mut dir, "pets-writer", "https://pets", "write:pets");
    grant(&mut dir, "pets-writer", "https://pets", "read:pets");
    grant(&mut dir, "pets-writer", "https://other", "admin");
    let reader = dir
        .user_by_email("reader@authgate.test")
        .unwrap()
        .id()
        .to_owned();
    let writer = dir
        .user_by_email("writer@authgate.test")
        .unwrap()
        .id()
        .to_owned();
    assert_eq!(dir.user_permissions(&reader, "https://pets"), ["read:pets"]);
    assert_eq!(
        dir.user_permissions(&writer, "https://pets"),
        ["read:pets", "write:pets"]
    );
    assert!(
        dir.user_permissions("auth0|nobody", "https://pets")
            .is_empty()
    );
    dir.forget_api("https://pets");
    assert!(dir.user_permissions(&writer, "https://pets").is_empty());
    let pets_writer = dir.roles[1].id.clone();
    assert!(dir.remove_role(&pets_writer));
    assert_eq!(
        dir.user_permissions(&writer, "https://other"),
        Vec::<String>::new()
    );
}

#[test]
fn the_tenant_authenticates_seeded_users_and_keeps_them_across_restarts() {
    let tmp = tempfile::tempdir().unwrap();
    let tenant = TenantState::open(tmp.path(), "http://127.0.0.1:1").unwrap();
    let reader = tenant
        .authenticate("reader@authgate.test", SEED_PASSWORD)
        .expect("the seeded reader signs in");
    assert!(
        tenant
            .authenticate("reader@authgate.test", "wrong")
            .is_none()
    );
    assert!(
        tenant
            .authenticate("nobody@authgate.test", SEED_PASSWORD)
            .is_none()
    );
    assert!(tenant.user_permissions(&reader, "https://pets").is_empty());
    assert_eq!(
        tenant.user_profile(&reader).unwrap()["email"],
        "reader@authgate.test"
    );
    drop(tenant);
    let again = TenantState::open(tmp.path(), "http://127.0.0.1:1").unwrap();
    assert_eq!(
        again.authenticate("reader@authgate.test", SEED_PASSWORD),
        Some(reader),
        "same id after a restart"
    );
}

#[test]
fn the_management_app_has_every_scope_authgate_requires() {
    for scope in authgate_core::tutorial::REQUIRED_MANAGEMENT_SCOPES {
        assert!(
            crate::tenant::management_scopes().any(|s| s == *scope),
            "{scope}"
        );
    }
}
