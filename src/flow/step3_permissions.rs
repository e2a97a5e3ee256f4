//! `REQUIRED_PERMISSIONS` in step 3: derived from the methods step 4 secures and the read /
//! write permission settings, set on the function beside `TOKEN_ISSUER`, `JWKS_URI`, `AUDIENCE`.

use std::collections::BTreeMap;

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput};
use authgate_core::policy::RoutePermissions;
use authgate_providers::aws::lambda;
use authgate_providers::aws::secure::targets;
use authgate_providers::required_permissions::{derive, lines, with_env};

/// Why the policy lists every mapped route, for the step's output.
const CACHE_NOTE: &str = "the policy lists every route above (Allow where the token has the \
                          permission, Deny where not): API Gateway caches it per token, so it \
                          must be right for the next route too";

/// What a bring-your-own authorizer is told about the variable.
const BYO_NOTE: &str = "your code gets REQUIRED_PERMISSIONS too; it may ignore it, and then any \
                        valid token reaches every route (step 5's POST with the read-only token \
                        shows which)";

impl Session {
    /// The map for the methods step 4 secures now (it reads the API's methods).
    pub(super) async fn required_permissions(&mut self) -> Result<RoutePermissions, ActionFailure> {
        let api = self.rest_api(false).await?;
        let inputs = self.inputs().await;
        let link = self.aws().await?;
        let secured = targets(&link.aws, &api, inputs.secure_scope)
            .await
            .or_fail("reading the API's methods")?;
        derive(&secured, &inputs.read_permission, &inputs.write_permission)
            .or_fail("building REQUIRED_PERMISSIONS")
    }

    /// The map when the API is known already (the local run may come before step 2).
    pub(super) async fn required_permissions_if_known(
        &mut self,
    ) -> Result<Option<RoutePermissions>, ActionFailure> {
        if self.recorded().await.rest_api.is_none() {
            return Ok(None);
        }
        self.required_permissions().await.map(Some)
    }

    /// The map authgate would set now, for drift: `None` when it cannot be known (no API
    /// recorded, or the API is gone, which drift reports on its own row).
    pub(super) async fn wanted_required_permissions(&mut self) -> Option<RoutePermissions> {
        self.required_permissions_if_known().await.ok().flatten()
    }

    /// `env` with `REQUIRED_PERMISSIONS` for the secured methods.
    pub(super) async fn with_required_permissions(
        &mut self,
        env: BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, ActionFailure> {
        let map = self.required_permissions().await?;
        Ok(with_env(env, &map))
    }

    /// The map's lines for the step's output, with what they mean for the chosen code.
    pub(super) async fn required_permissions_output(
        &mut self,
        mut out: ActionOutput,
        custom_code: bool,
    ) -> Result<ActionOutput, ActionFailure> {
        let map = self.required_permissions().await?;
        out = out.detail(format!(
            "{} (from the secured methods and the read/write permission settings):",
            RoutePermissions::ENV
        ));
        for line in lines(&map) {
            out = out.detail(line);
        }
        Ok(out.detail(if custom_code { BYO_NOTE } else { CACHE_NOTE }))
    }

    /// Step 4 with a secure scope changed since step 3: the function's map must cover the
    /// methods secured now, or they answer 403 to every token. Updates the function when its
    /// `REQUIRED_PERMISSIONS` differs; returns what it did, for the step's output.
    pub(super) async fn sync_required_permissions(
        &mut self,
    ) -> Result<Option<String>, ActionFailure> {
        let Some(function) = self.recorded().await.function else {
            return Ok(None);
        };
        let wanted = self.required_permissions().await?.to_env_json();
        let link = self.aws().await?;
        let live = lambda::environment_variable(&link.aws, &function.id, RoutePermissions::ENV)
            .await
            .or_fail("reading the function's environment")?;
        if live.as_deref() == Some(wanted.as_str()) {
            return Ok(None);
        }
        self.report(format!(
            "the function's {} does not match the methods to secure; updating it",
            RoutePermissions::ENV
        ));
        self.function_arn(true).await?;
        self.authorizer_changed = true;
        Ok(Some(format!(
            "{} on the function updated to {wanted} (cached policies flushed)",
            RoutePermissions::ENV
        )))
    }
}
