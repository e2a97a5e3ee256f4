//! A sandbox on 127.0.0.1 with the pets API (RBAC, permissions in the token) and a native
//! application allowed the device-code grant, set up through the Management API.

use std::net::{Ipv4Addr, SocketAddr};

use reqwest::StatusCode;
use serde_json::{Value, json};

use authgate_sandbox::DEVICE_GRANT;
use authgate_sandbox::server::{SandboxHandle, start};
use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET};

pub const AUDIENCE: &str = "https://pets.authgate.test";
pub const PASSWORD: &str = "authgate-sandbox";

pub struct Tenant {
    _sandbox: SandboxHandle,
    pub base: String,
    pub http: reqwest::Client,
    pub native_id: String,
    pub m2m_id: String,
    pub m2m_secret: String,
    _dir: tempfile::TempDir,
}

pub struct Started {
    pub device_code: String,
    pub user_code: String,
    pub body: Value,
}

impl Tenant {
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let sandbox = start(dir.path(), addr).await.unwrap();
        let base = sandbox.base_url().to_owned();
        let http = authgate_core::http::client_builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let token: Value = http
            .post(format!("{base}/oauth/token"))
            .json(&json!({
                "grant_type": "client_credentials", "client_id": MANAGEMENT_CLIENT_ID,
                "client_secret": MANAGEMENT_CLIENT_SECRET, "audience": format!("{base}/api/v2/"),
            }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let bearer = token["access_token"].as_str().unwrap().to_owned();
        let create = |path: &str, body: Value| {
            let request = http
                .post(format!("{base}/api/v2/{path}"))
                .bearer_auth(&bearer)
                .json(&body);
            async move {
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), StatusCode::CREATED);
                response.json::<Value>().await.unwrap()
            }
        };
        create(
            "resource-servers",
            json!({
                "name": "Pets", "identifier": AUDIENCE, "enforce_policies": true,
                "token_dialect": "access_token_authz",
                "scopes": [{"value": "read:pets", "description": "Read pets"},
                           {"value": "write:pets", "description": "Add pets"}],
            }),
        )
        .await;
        let native = create(
            "clients",
            json!({
                "name": "authgate CLI", "app_type": "native",
                "grant_types": [DEVICE_GRANT], "token_endpoint_auth_method": "none",
            }),
        )
        .await;
        let m2m = create(
            "clients",
            json!({
                "name": "authgate test client", "app_type": "non_interactive",
                "grant_types": ["client_credentials"],
            }),
        )
        .await;
        let m2m_id = m2m["client_id"].as_str().unwrap().to_owned();
        // The seeded roles start without permissions, as the wizard's step 1 finds them.
        let roles: Value = http
            .get(format!("{base}/api/v2/roles"))
            .bearer_auth(&bearer)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for (role, permission) in [("pets-reader", "read:pets"), ("pets-writer", "write:pets")] {
            let id = roles
                .as_array()
                .and_then(|r| r.iter().find(|r| r["name"] == role))
                .and_then(|r| r["id"].as_str())
                .unwrap_or_else(|| panic!("no role {role} in {roles}"));
            create(
                &format!("roles/{id}/permissions"),
                json!({"permissions": [
                    {"resource_server_identifier": AUDIENCE, "permission_name": permission}
                ]}),
            )
            .await;
        }
        create(
            "client-grants",
            json!({
                "client_id": m2m_id, "audience": AUDIENCE, "scope": ["read:pets"],
            }),
        )
        .await;
        Self {
            _sandbox: sandbox,
            base,
            http,
            native_id: native["client_id"].as_str().unwrap().to_owned(),
            m2m_id,
            m2m_secret: m2m["client_secret"].as_str().unwrap().to_owned(),
            _dir: dir,
        }
    }

    /// `POST /oauth/device/code` as a form, as RFC 8628 clients send it.
    pub async fn device_code(&self, client_id: &str, scope: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}/oauth/device/code", self.base))
            .form(&[
                ("client_id", client_id),
                ("scope", scope),
                ("audience", AUDIENCE),
            ])
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    pub async fn started(&self, scope: &str) -> Started {
        let (status, body) = self.device_code(&self.native_id, scope).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        Started {
            device_code: body["device_code"].as_str().unwrap().to_owned(),
            user_code: body["user_code"].as_str().unwrap().to_owned(),
            body,
        }
    }

    pub async fn poll(&self, device_code: &str) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}/oauth/token", self.base))
            .form(&[
                ("grant_type", DEVICE_GRANT),
                ("device_code", device_code),
                ("client_id", &self.native_id),
            ])
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    /// Moves the sandbox clock (token issuance, device code expiry) by `secs` from now.
    pub async fn skew(&self, secs: i64) {
        let response = self
            .http
            .post(format!("{}/sandbox/clock-skew", self.base))
            .json(&json!({ "skew_secs": secs }))
            .send()
            .await
            .unwrap();
        assert!(response.status().is_success());
    }

    /// One `/activate` form post, as the page's own form sends it (same origin).
    pub async fn activate(&self, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self
            .http
            .post(format!("{}/activate", self.base))
            .header("origin", &self.base)
            .header("sec-fetch-site", "same-origin")
            .form(fields)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// Signs in as `email` and answers `decision` (`accept` or `deny`) through the page.
    pub async fn sign_in_and(&self, user_code: &str, email: &str, decision: &str) {
        let (status, html) = self
            .activate(&[
                ("step", "login"),
                ("user_code", user_code),
                ("email", email),
                ("password", PASSWORD),
            ])
            .await;
        assert_eq!(status, StatusCode::OK, "{html}");
        let ticket = hidden(&html, "ticket");
        let (status, html) = self
            .activate(&[
                ("step", "consent"),
                ("user_code", user_code),
                ("ticket", &ticket),
                ("decision", decision),
            ])
            .await;
        assert_eq!(status, StatusCode::OK, "{html}");
    }
}

/// The value of the hidden field `name` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {html}"))
        + marker.len();
    let end = html[start..].find('"').unwrap() + start;
    html[start..end].to_owned()
}

/// The claims of a JWT, unverified (the tests verify against the JWKS separately).
pub fn claims(jwt: &str) -> Value {
    authgate_core::jwt::decode_unverified(jwt).unwrap().1
}
