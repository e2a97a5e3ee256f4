//! Salted password hashes for the sandbox's database users (PBKDF2-HMAC-SHA256 from
//! aws-lc-rs). Only the hash is kept; a password is never stored, echoed or logged.

use std::num::NonZeroU32;

use aws_lc_rs::pbkdf2;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use rand::RngCore as _;
use serde::{Deserialize, Serialize};

const ALGORITHM: pbkdf2::Algorithm = pbkdf2::PBKDF2_HMAC_SHA256;
/// OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600 000; the sandbox guards sandbox-only
/// test accounts on loopback, and every fresh tenant hashes its seeded users, so it takes
/// fewer. The count is stored with each hash, so raising it later keeps old hashes valid.
const ITERATIONS: u32 = 100_000;
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;

/// A stored password hash: `{iterations, salt, hash}` (salt and hash base64).
#[derive(Clone, Serialize, Deserialize)]
pub struct PasswordHash {
    iterations: u32,
    salt: String,
    hash: String,
}

impl std::fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

impl PasswordHash {
    pub fn new(password: &str) -> Self {
        let mut salt = [0u8; SALT_LEN];
        rand::rng().fill_bytes(&mut salt);
        let mut hash = [0u8; HASH_LEN];
        pbkdf2::derive(
            ALGORITHM,
            iterations(ITERATIONS),
            &salt,
            password.as_bytes(),
            &mut hash,
        );
        Self {
            iterations: ITERATIONS,
            salt: B64.encode(salt),
            hash: B64.encode(hash),
        }
    }

    /// Constant-time comparison by aws-lc-rs; a malformed stored hash never matches.
    pub fn matches(&self, password: &str) -> bool {
        let (Ok(salt), Ok(hash)) = (B64.decode(&self.salt), B64.decode(&self.hash)) else {
            return false;
        };
        pbkdf2::verify(
            ALGORITHM,
            iterations(self.iterations),
            &salt,
            password.as_bytes(),
            &hash,
        )
        .is_ok()
    }

    /// Spends the same work as a real check, so an unknown email answers no faster than a
    /// wrong password.
    pub fn burn(password: &str) {
        let mut hash = [0u8; HASH_LEN];
        pbkdf2::derive(
            ALGORITHM,
            iterations(ITERATIONS),
            &[0u8; SALT_LEN],
            password.as_bytes(),
            &mut hash,
        );
    }
}

fn iterations(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN)
}

#[cfg(test)]
mod tests {
    use super::PasswordHash;

    #[test]
    fn a_hash_matches_its_password_only_and_hides_it() {
        let hash = PasswordHash::new("authgate-sandbox");
        assert!(hash.matches("authgate-sandbox"));
        assert!(!hash.matches("authgate-sandbox "));
        assert!(!hash.matches(""));
        let stored = serde_json::to_string(&hash).unwrap();
        assert!(!stored.contains("authgate-sandbox"));
        assert_eq!(format!("{hash:?}"), "PasswordHash(..)");
        let other = PasswordHash::new("authgate-sandbox");
        assert_ne!(stored, serde_json::to_string(&other).unwrap(), "salted");
    }
}
