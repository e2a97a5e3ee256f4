//! Step 1's roles for user logins: `pets-reader` (the API's `read:` permissions) and
//! `pets-writer` (all of them). Users get permissions through roles; a user token's
//! `permissions` claim lists those of the user's roles on the API.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput};
use super::record::Slot;
use crate::state::Auth0RoleDetails;
use authgate_providers::auth0::{RoleSpec, ensure_role};
use authgate_sandbox::SEED_PASSWORD;

impl Session {
    pub(super) async fn ensure_roles(&mut self) -> Result<ActionOutput, ActionFailure> {
        let m = self.management().await?;
        let inputs = self.inputs().await;
        let slots: [Slot<Auth0RoleDetails>; 2] = [|r| &mut r.reader_role, |r| &mut r.writer_role];
        let mut said = Vec::new();
        let mut corrected = Vec::new();
        for (spec, slot) in RoleSpec::for_api(&inputs.api_permissions)
            .into_iter()
            .zip(slots)
        {
            let role = ensure_role(&m, &spec, &inputs.api_identifier)
                .await
                .or_fail(&format!("ensuring the role {}", spec.name))?;
            let r = &role.value;
            let permissions = r.permissions.join(" ");
            let details = Auth0RoleDetails {
                name: r.name.clone(),
                permissions: permissions.clone(),
            };
            self.remember(slot, &r.id, role.created, details).await?;
            let how = if role.created { "created" } else { "found" };
            said.push(format!(
                "{} ({}, {how}): {}",
                r.name,
                r.id,
                if permissions.is_empty() {
                    "no permissions (the API has no read: permission)"
                } else {
                    &permissions
                }
            ));
            if !role.patched.is_empty() {
                corrected.push(format!("{} permissions", r.name));
            }
        }
        let mut out = ActionOutput::new("roles pets-reader and pets-writer ready");
        for line in said {
            out = out.detail(line);
        }
        if !corrected.is_empty() {
            out = out.detail(format!("corrected: {}", corrected.join(", ")));
        }
        out = out.detail(
            "users get permissions through roles: a user's token lists its roles' permissions \
             in `permissions` (RBAC on, dialect *_authz)",
        );
        let out = if self.settings.target.is_sandbox() {
            out.detail(format!(
                "sandbox: reader@authgate.test holds pets-reader, writer@authgate.test both \
                 (password {SEED_PASSWORD}, sandbox only)"
            ))
        } else {
            out.detail(
                "assign them: Dashboard > User Management > Users > (user) > Roles > Assign Roles",
            )
            .detail("  or: auth0 users roles assign USER_ID --roles ROLE_ID")
            .detail(
                "  or: curl -X POST https://$AUTH0_DOMAIN/api/v2/users/USER_ID/roles \
                 -H \"Authorization: Bearer $MGMT_TOKEN\" -H 'Content-Type: application/json' \
                 -d '{\"roles\":[\"ROLE_ID\"]}'",
            )
        };
        Ok(out)
    }
}
