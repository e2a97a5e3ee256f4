//! Mints the audit's tokens at run time, against the real clock: a foreign authorizer's clock
//! cannot be faked, so every case is signed fresh, relative to `now`, for the audit's issuer.

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::AuditError;
use super::keys::{Alg, AuditKey, ISSUER_KID};

/// The audience the audit sets as `AUDIENCE`.
pub const AUDIENCE: &str = "https://api.audit.authgate.test";
/// The methodArn every case is sent with: `GET /pets` of a `prod` stage.
pub const METHOD_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:audit00001/prod/GET/pets";
/// `POST /pets` of the same stage: the route the audit's read-only token must not write to.
pub const POST_ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:audit00001/prod/POST/pets";
/// The per-route permissions the permissions phase sets as `REQUIRED_PERMISSIONS`; the
/// audit's tokens carry `read:pets` only.
pub const ROUTE_PERMISSIONS: &str = r#"{"GET /pets":"read:pets","POST /pets":"write:pets"}"#;
/// What API Gateway would send for the route a cached policy is next checked against.
pub const SIBLING_ROUTES: &[(&str, &str, &str)] = &[
    ("GET", "pets/42", "GET /pets/{petId}"),
    ("POST", "pets", "POST /pets"),
];

/// The keys of one audit: generated once, shared by its issuers.
pub struct Keys {
    /// The issuer's key, published in the JWKS.
    pub issuer: AuditKey,
    /// A key nobody published.
    pub foreign: AuditKey,
    /// The attacker's key with a certificate (`x5c`).
    pub attacker: AuditKey,
    pub attacker_x5c: String,
    /// The issuer key's SPKI PEM (the HS256 confusion secret).
    pub issuer_pem: String,
}

impl Keys {
    pub fn generate() -> Result<Self, AuditError> {
        let issuer = AuditKey::generate(ISSUER_KID)?;
        let issuer_pem = issuer.public_pem()?;
        Ok(Self {
            issuer,
            foreign: AuditKey::generate("foreign-key")?,
            attacker: AuditKey::attacker()?,
            attacker_x5c: AuditKey::attacker_x5c()?,
            issuer_pem,
        })
    }

    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.issuer.jwk()] })
    }

    pub fn attacker_jwks(&self) -> Value {
        json!({ "keys": [self.attacker.jwk()] })
    }
}

/// Token minting for one issuer (one audit server) at one moment.
pub struct Mint {
    pub keys: Arc<Keys>,
    /// `TOKEN_ISSUER`: the issuer server's URL with a trailing slash, as Auth0 writes it.
    pub issuer: String,
    /// The issuer server's URL, no trailing slash (the `jku`/`x5u` targets live there).
    pub base_url: String,
    pub now: i64,
}

impl Mint {
    pub fn new(keys: Arc<Keys>, base_url: &str) -> Self {
        Self {
            keys,
            issuer: format!("{base_url}/"),
            base_url: base_url.to_owned(),
            now: jiff::Timestamp::now().as_second(),
        }
    }

    /// An Auth0 client-credentials access token's claims for this issuer and audience.
    pub fn claims(&self) -> Value {
        json!({
            "iss": self.issuer, "sub": "audit-client@clients", "aud": AUDIENCE,
            "iat": self.now - 10, "exp": self.now + 3600,
            "azp": "audit-client", "scope": "read:pets", "gty": "client-credentials",
        })
    }

    /// The default claims with `patch` merged over them (`null` removes a claim).
    pub fn claims_with(&self, patch: &Value) -> Value {
        merged(self.claims(), patch)
    }

    /// A JWT signed by `key` with `alg`; header `{alg, typ, kid}` merged with `header`.
    pub fn token(&self, key: &AuditKey, alg: Alg, header: &Value, claims: &Value) -> String {
        let base = json!({ "alg": alg.name(), "typ": "JWT", "kid": key.kid });
        key.sign(alg, &merged(base, header), &self.claims_with(claims))
    }

    /// A token from the issuer's key with claims patched.
    pub fn issued(&self, claims: &Value) -> String {
        self.token(&self.keys.issuer, Alg::Rs256, &json!({}), claims)
    }

    /// `Bearer ` + a valid token.
    pub fn valid(&self) -> String {
        bearer(&self.issued(&json!({})))
    }

    /// A token with an unknown `kid`, signed by the foreign key (the refetch-burst probe).
    pub fn unknown_kid(&self, n: usize) -> String {
        let header = json!({ "kid": format!("audit-unknown-{n}") });
        bearer(&self.token(&self.keys.foreign, Alg::Rs256, &header, &json!({})))
    }
}

pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `base` with `patch`'s members over it; a `null` member removes the key.
fn merged(base: Value, patch: &Value) -> Value {
    let mut out: Map<String, Value> = match base {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if let Value::Object(patch) = patch {
        for (key, value) in patch {
            if value.is_null() {
                out.remove(key);
            } else {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Value::Object(out)
}

/// The TOKEN event API Gateway sends for `authorization` on `method_arn`.
pub fn token_event_on(authorization: &str, method_arn: &str) -> Value {
    json!({ "type": "TOKEN", "authorizationToken": authorization, "methodArn": method_arn })
}
