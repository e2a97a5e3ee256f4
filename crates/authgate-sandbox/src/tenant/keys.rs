//! The sandbox tenant's RS256 signing keys: generated on first start, persisted under the
//! sandbox directory, rotated on request with the previous key kept in the JWKS (kid rollover).

use std::path::{Path, PathBuf};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::{self, KeyPair as _};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::SandboxError;
use crate::persist::write_atomically;

/// How many keys the JWKS publishes: the signing key and the one it replaced.
const KEYS_PUBLISHED: usize = 2;

pub struct SigningKey {
    pub kid: String,
    pair: KeyPair,
    pkcs8: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
struct StoredKey {
    kid: String,
    pkcs8: String,
}

/// Keys oldest first; the last one signs.
pub struct KeyRing {
    path: PathBuf,
    keys: Vec<SigningKey>,
}

impl KeyRing {
    /// Loads `keys.json` from `dir`, or generates and persists a first key.
    pub fn load_or_create(dir: &Path) -> Result<Self, SandboxError> {
        let path = dir.join("keys.json");
        if path.exists() {
            let text = std::fs::read_to_string(&path).map_err(|e| SandboxError::io(&path, e))?;
            let stored: Vec<StoredKey> =
                serde_json::from_str(&text).map_err(|e| SandboxError::corrupt(&path, &e))?;
            let keys = stored
                .into_iter()
                .map(|s| {
                    let pkcs8 = STANDARD
                        .decode(&s.pkcs8)
                        .map_err(|e| SandboxError::corrupt(&path, &e))?;
                    let pair = KeyPair::from_pkcs8(&pkcs8)
                        .map_err(|e| SandboxError::corrupt(&path, &e))?;
                    Ok(SigningKey {
                        kid: s.kid,
                        pair,
                        pkcs8,
                    })
                })
                .collect::<Result<Vec<_>, SandboxError>>()?;
            if !keys.is_empty() {
                return Ok(Self { path, keys });
            }
        }
        let mut ring = Self {
            path,
            keys: Vec::new(),
        };
        ring.rotate()?;
        Ok(ring)
    }

    /// Generates a new signing key; the previous one stays published.
    pub fn rotate(&mut self) -> Result<&str, SandboxError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| SandboxError::Crypto)?;
        let pkcs8 = pair
            .as_der()
            .map_err(|_| SandboxError::Crypto)?
            .as_ref()
            .to_vec();
        let kid = thumbprint(&pair);
        self.keys.push(SigningKey { kid, pair, pkcs8 });
        let excess = self.keys.len().saturating_sub(KEYS_PUBLISHED);
        self.keys.drain(..excess);
        self.save()?;
        Ok(&self.current().kid)
    }

    fn save(&self) -> Result<(), SandboxError> {
        let stored: Vec<StoredKey> = self
            .keys
            .iter()
            .map(|k| StoredKey {
                kid: k.kid.clone(),
                pkcs8: STANDARD.encode(&k.pkcs8),
            })
            .collect();
        // Strings only: serializing them cannot fail.
        #[allow(clippy::expect_used)]
        let text = serde_json::to_vec_pretty(&stored).expect("keys serialise");
        write_atomically(&self.path, &text)
    }

    // Loading makes a key when the file has none, and rotation only adds.
    #[allow(clippy::expect_used)]
    pub fn current(&self) -> &SigningKey {
        self.keys.last().expect("a key ring always holds a key")
    }

    /// The public JWKS document, as Auth0 serves it at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .keys
            .iter()
            .rev()
            .map(|k| {
                let public = k.pair.public_key();
                json!({
                    "kty": "RSA", "use": "sig", "alg": "RS256", "kid": k.kid,
                    "n": URL_SAFE_NO_PAD.encode(public.modulus().big_endian_without_leading_zero()),
                    "e": URL_SAFE_NO_PAD.encode(public.exponent().big_endian_without_leading_zero()),
                })
            })
            .collect();
        json!({ "keys": keys })
    }

    /// Signs `claims` as a compact RS256 JWT with the current key.
    // aws-lc signs with a key it made or parsed and a buffer of its modulus length.
    #[allow(clippy::expect_used)]
    pub fn sign(&self, typ: &str, claims: &Value) -> String {
        let key = self.current();
        let header = json!({ "alg": "RS256", "typ": typ, "kid": key.kid });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut sig = vec![0; key.pair.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        key.pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &rng,
                signing_input.as_bytes(),
                &mut sig,
            )
            .expect("RSA signing with a valid key");
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }

    /// Verifies an RS256 JWT signed by any published key; returns its claims.
    pub fn verify(&self, token: &str) -> Option<Value> {
        let (signing_input, sig) = token.rsplit_once('.')?;
        let (header, claims) = signing_input.split_once('.')?;
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
        if header["alg"] != "RS256" {
            return None;
        }
        let key = self.keys.iter().find(|k| header["kid"] == k.kid.as_str())?;
        let public = key.pair.public_key();
        let components = signature::RsaPublicKeyComponents {
            n: public.modulus().big_endian_without_leading_zero(),
            e: public.exponent().big_endian_without_leading_zero(),
        };
        let sig = URL_SAFE_NO_PAD.decode(sig).ok()?;
        components
            .verify(
                &signature::RSA_PKCS1_2048_8192_SHA256,
                signing_input.as_bytes(),
                &sig,
            )
            .ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).ok()?).ok()
    }
}

/// A stable kid: base64url of the SHA-256 of the public key's DER (like a JWK thumbprint).
fn thumbprint(pair: &KeyPair) -> String {
    // A key pair aws-lc generated or loaded has a DER public key.
    #[allow(clippy::expect_used)]
    let der = pair.public_key().as_der().expect("public key DER");
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, der.as_ref());
    URL_SAFE_NO_PAD.encode(&digest.as_ref()[..16])
}
