//! Step 1's writer client: a second M2M client granted every permission of the API, so step
//! 5 can show a token with `write:pets` getting through where the read-only test token gets
//! 403 — without a browser. Its secret and token live in this session only.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput};
use crate::state::{ClientGrantDetails, TestClientDetails};
use authgate_providers::auth0::{
    Secret, TestClient, ensure_client_grant, ensure_writer_client, fetch_test_token,
};

impl Session {
    pub(super) async fn ensure_writer_client(&mut self) -> Result<ActionOutput, ActionFailure> {
        let m = self.management().await?;
        let inputs = self.inputs().await;
        let audience = inputs.api_identifier.clone();
        let client = ensure_writer_client(&m, &inputs.writer_client_name, &audience)
            .await
            .or_fail("creating the writer application")?;
        let c = client.value.clone();
        let details = TestClientDetails {
            name: c.name.clone(),
        };
        self.remember(
            |r| &mut r.writer_client,
            &c.client_id,
            client.created,
            details,
        )
        .await?;
        self.keys.writer_client = Some(c.clone());
        self.keys.writer_token = None;
        let everything = inputs.api_names();
        let grant = ensure_client_grant(&m, &c.client_id, &audience, &everything)
            .await
            .or_fail("authorizing the writer application for the API")?;
        let g = &grant.value;
        let details = ClientGrantDetails {
            audience: g.audience.clone(),
            client_id: g.client_id.clone(),
        };
        self.remember(|r| &mut r.writer_grant, &g.id, grant.created, details)
            .await?;
        let how = |created| if created { "created" } else { "found" };
        let mut out = ActionOutput::new(format!(
            "writer application {} {} ({})",
            c.name,
            how(client.created),
            c.client_id
        ))
        .detail(format!("grant {} {}", g.id, how(grant.created)))
        .detail(format!(
            "permissions (scope): {} — every permission of the API",
            g.scope.join(" ")
        ))
        .detail("step 5 uses its token to show POST /pets succeeding with write:pets")
        .detail("its secret and tokens are kept in memory only");
        let patched: Vec<String> = client
            .patched
            .iter()
            .map(|f| format!("client {f}"))
            .chain(grant.patched.iter().map(|f| format!("grant {f}")))
            .collect();
        if !patched.is_empty() {
            out = out.detail(format!("corrected: {}", patched.join(", ")));
        }
        Ok(out)
    }

    /// The writer client, its secret in memory: ensured (and recorded) when this session has
    /// not met it yet.
    async fn writer_client(&mut self) -> Result<TestClient, ActionFailure> {
        if self.keys.writer_client.is_none() {
            self.ensure_writer_client().await?;
        }
        self.keys.writer_client.clone().ok_or_else(|| {
            ActionFailure::new(
                "the writer application is not known",
                "ensuring it returned no client",
                "rerun step 1 (Create a writer test client)",
            )
        })
    }

    /// An access token of the writer client, carrying every permission of the API (for step
    /// 5's "POST /pets with write:pets gets 200"). Fetched by client credentials on first use,
    /// verified like the test token, then kept in this session only: never on disk or in a
    /// log. Ensures the writer client and its grant first when step 1 has not.
    pub async fn writer_token(&mut self) -> Result<Secret, ActionFailure> {
        if let Some(token) = &self.keys.writer_token {
            return Ok(token.clone());
        }
        let client = self.writer_client().await?;
        let m = self.management().await?;
        let audience = self.inputs().await.api_identifier;
        let verifier = self.verifier().await?;
        let token = fetch_test_token(m.http(), m.tenant(), &client, &audience, &verifier)
            .await
            .or_fail("fetching the writer client's access token")?;
        let what = "the writer client's token does not verify";
        if let Some(failure) = super::step1::unverified(&token.inspection, what) {
            return Err(failure);
        }
        let secret = token.response.access_token;
        self.keys.writer_token = Some(secret.clone());
        Ok(secret)
    }
}
