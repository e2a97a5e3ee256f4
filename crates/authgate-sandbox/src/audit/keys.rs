//! The audit's own RSA keys, fresh for every audit: the issuer's signing key (published in
//! the audit's JWKS), a foreign key (never published) and the attacker key that carries a
//! certificate for `x5c` injection. Compact JWS signing for every algorithm the cases use.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _, RsaEncoding};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};

use super::AuditError;

/// The attacker's key and a self-signed certificate for it (test material, public on purpose:
/// see tests/fixtures/README.md). Used only to forge tokens.
const ATTACKER_KEY_PEM: &str = include_str!("../../../../tests/fixtures/rsa-test-key.pem");
const ATTACKER_CERT_PEM: &str = include_str!("../../../../tests/fixtures/rsa-test-cert.pem");

/// The kid the audit's issuer signs with.
pub const ISSUER_KID: &str = "audit-key-1";

pub struct AuditKey {
    pub kid: String,
    pair: KeyPair,
}

/// How a token is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Rs256,
    Rs384,
    Ps256,
}

impl Alg {
    pub fn name(self) -> &'static str {
        match self {
            Self::Rs256 => "RS256",
            Self::Rs384 => "RS384",
            Self::Ps256 => "PS256",
        }
    }

    fn encoding(self) -> &'static dyn RsaEncoding {
        match self {
            Self::Rs256 => &signature::RSA_PKCS1_SHA256,
            Self::Rs384 => &signature::RSA_PKCS1_SHA384,
            Self::Ps256 => &signature::RSA_PSS_SHA256,
        }
    }
}

impl AuditKey {
    pub fn generate(kid: &str) -> Result<Self, AuditError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| AuditError::Crypto)?;
        Ok(Self {
            kid: kid.to_owned(),
            pair,
        })
    }

    /// The attacker's fixed key (its certificate is [`AuditKey::attacker_x5c`]).
    pub fn attacker() -> Result<Self, AuditError> {
        let pair =
            KeyPair::from_der(&pem_body(ATTACKER_KEY_PEM)?).map_err(|_| AuditError::Crypto)?;
        Ok(Self {
            kid: "attacker-key".to_owned(),
            pair,
        })
    }

    /// The attacker certificate's DER, base64 (standard), as an `x5c` entry carries it.
    pub fn attacker_x5c() -> Result<String, AuditError> {
        Ok(STANDARD.encode(pem_body(ATTACKER_CERT_PEM)?))
    }

    /// The public key as a JWK (what a JWKS publishes).
    pub fn jwk(&self) -> Value {
        let public = self.pair.public_key();
        json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
            "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
        })
    }

    /// The public key as SPKI PEM, the way Node's `KeyObject.export` writes it: the string
    /// an HS256 key-confusion attack uses as the HMAC secret.
    pub fn public_pem(&self) -> Result<String, AuditError> {
        let der = self
            .pair
            .public_key()
            .as_der()
            .map_err(|_| AuditError::Crypto)?;
        let body = STANDARD.encode(der.as_ref());
        let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
        for line in body.as_bytes().chunks(64) {
            pem.push_str(&String::from_utf8_lossy(line));
            pem.push('\n');
        }
        pem.push_str("-----END PUBLIC KEY-----\n");
        Ok(pem)
    }

    /// A compact JWS over `header` and `claims`, signed with this key and `alg`.
    // aws-lc signs with a key it generated and a buffer of its modulus length.
    #[allow(clippy::expect_used)]
    pub fn sign(&self, alg: Alg, header: &Value, claims: &Value) -> String {
        let input = signing_input(header, claims);
        let mut sig = vec![0; self.pair.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        self.pair
            .sign(alg.encoding(), &rng, input.as_bytes(), &mut sig)
            .expect("RSA signing with a generated key");
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }
}

/// `base64url(header).base64url(claims)`.
pub fn signing_input(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// An HS256 token whose secret is `secret` (the key-confusion forgery).
pub fn hs256(secret: &[u8], header: &Value, claims: &Value) -> String {
    let input = signing_input(header, claims);
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, secret);
    let tag = aws_lc_rs::hmac::sign(&key, input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(tag.as_ref()))
}

fn pem_body(pem: &str) -> Result<Vec<u8>, AuditError> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).map_err(|_| AuditError::Crypto)
}
