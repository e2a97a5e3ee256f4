//! `auth0.tf`: the API (`auth0_resource_server`) and its permissions
//! (`auth0_resource_server_scopes`), the machine-to-machine clients with their credentials
//! settings and grants, the roles with their permissions, the device-login application.

use hcl::{Block, Body};
use serde_json::json;

use super::build::{expr, resource, value};
use crate::export::ExportError;
use crate::export::names::sanitize;
use crate::export::snapshot::{M2mClient, Role, Snapshot};

pub const COMMENTS: &[&str] = &[
    "The Auth0 side. auth0_resource_server_scopes owns every permission of the API: a permission",
    "added in the dashboard and not listed here is removed by the next apply. Add it here instead.",
    "The clients' secrets stay in Auth0: read them in the dashboard (Applications > … > Settings) or",
    "with `terraform state show` of auth0_client_credentials; this directory holds none.",
    "The client_metadata tags let `authgate` find these clients again.",
];

fn metadata(tag: &str, audience: &str) -> serde_json::Value {
    json!({ "created_by": "authgate", "authgate_role": tag, "authgate_audience": audience })
}

const API_REF: &str = "auth0_resource_server.petstore.identifier";

/// The client, its credentials settings and its grant for the API.
fn client(
    mut body: hcl::BodyBuilder,
    c: &M2mClient,
    audience: &str,
) -> Result<hcl::BodyBuilder, ExportError> {
    let api_ref = API_REF;

    let key = c.key();
    let meta = value(metadata(c.tag, audience))?;
    body = body
        .add_block(
            resource("auth0_client", &key)
                .add_attribute(("name", c.name.as_str()))
                .add_attribute(("app_type", "non_interactive"))
                .add_attribute(("grant_types", value(json!(["client_credentials"]))?))
                .add_attribute(("oidc_conformant", true))
                .add_attribute(("client_metadata", meta))
                .add_block(
                    Block::builder("jwt_configuration")
                        .add_attribute(("alg", "RS256"))
                        .build(),
                )
                .build(),
        )
        .add_block(
            resource("auth0_client_credentials", &key)
                .add_attribute(("client_id", expr(&format!("auth0_client.{key}.id"))?))
                .add_attribute(("authentication_method", "client_secret_post"))
                .build(),
        )
        .add_block(
            resource("auth0_client_grant", &key)
                .add_attribute(("client_id", expr(&format!("auth0_client.{key}.id"))?))
                .add_attribute(("audience", expr(api_ref)?))
                .add_attribute(("scopes", value(json!(c.scopes))?))
                // A grant names permissions the API must already define.
                .add_attribute((
                    "depends_on",
                    expr("[auth0_resource_server_scopes.petstore]")?,
                ))
                .build(),
        );
    Ok(body)
}

/// The role and its permissions on the API.
fn role(mut body: hcl::BodyBuilder, r: &Role) -> Result<hcl::BodyBuilder, ExportError> {
    let api_ref = API_REF;

    let key = sanitize(&r.name);
    let mut permissions = resource("auth0_role_permissions", &key)
        .add_attribute(("role_id", expr(&format!("auth0_role.{key}.id"))?));
    for p in &r.permissions {
        permissions = permissions.add_block(
            Block::builder("permissions")
                .add_attribute(("name", p.as_str()))
                .add_attribute(("resource_server_identifier", expr(api_ref)?))
                .build(),
        );
    }
    body = body
        .add_block(
            resource("auth0_role", &key)
                .add_attribute(("name", r.name.as_str()))
                .add_attribute(("description", r.description.as_str()))
                .build(),
        )
        .add_block(
            permissions
                .add_attribute((
                    "depends_on",
                    expr("[auth0_resource_server_scopes.petstore]")?,
                ))
                .build(),
        );
    Ok(body)
}

pub fn render(s: &Snapshot) -> Result<Body, ExportError> {
    let a = &s.auth0;
    let api_ref = API_REF;
    let mut body = Body::builder().add_block(
        resource("auth0_resource_server", "petstore")
            .add_attribute(("name", a.api.name.as_str()))
            .add_attribute(("identifier", a.api.identifier.as_str()))
            .add_attribute(("signing_alg", a.api.signing_alg.as_str()))
            .add_attribute(("enforce_policies", a.api.rbac))
            .add_attribute(("token_dialect", a.api.token_dialect.as_str()))
            .build(),
    );
    let mut scopes = resource("auth0_resource_server_scopes", "petstore")
        .add_attribute(("resource_server_identifier", expr(api_ref)?));
    for p in &a.api.scopes {
        scopes = scopes.add_block(
            Block::builder("scopes")
                .add_attribute(("name", p.value.as_str()))
                .add_attribute(("description", p.description.as_str()))
                .build(),
        );
    }
    body = body.add_block(scopes.build());
    for c in &a.clients {
        body = client(body, c, &a.api.identifier)?;
    }
    for r in &a.roles {
        body = role(body, r)?;
    }
    if let Some(name) = &a.login_app {
        body = body
            .add_block(
                resource("auth0_client", "login_app")
                    .add_attribute(("name", name.as_str()))
                    .add_attribute(("app_type", "native"))
                    .add_attribute((
                        "grant_types",
                        value(json!([
                            "urn:ietf:params:oauth:grant-type:device_code",
                            "refresh_token"
                        ]))?,
                    ))
                    .add_attribute(("oidc_conformant", true))
                    .add_attribute((
                        "client_metadata",
                        value(metadata("login-app", &a.api.identifier))?,
                    ))
                    .build(),
            )
            .add_block(
                resource("auth0_client_credentials", "login_app")
                    .add_attribute(("client_id", expr("auth0_client.login_app.id")?))
                    .add_attribute(("authentication_method", "none"))
                    .build(),
            );
    }
    Ok(body.build())
}
