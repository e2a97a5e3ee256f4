//! Authorization codes waiting for their exchange, in memory only: one use each, 60 s to
//! live, bound to the client, the redirect URI and the PKCE challenge they were issued for.
//! Codes are never logged.

use std::collections::HashMap;

use super::super::accounts::Account;
use crate::tenant::ids::random_id;

/// Seconds a code lives (Auth0 does not publish its value; a minute is ample for a redirect).
pub const CODE_LIFETIME_SECS: i64 = 60;
/// At most this many codes wait; expired ones are dropped first.
const CAPACITY: usize = 1000;

/// What a code was issued for.
#[derive(Debug, Clone)]
pub struct Issued {
    pub client_id: String,
    pub redirect_uri: String,
    /// BASE64URL(SHA-256(code_verifier)), as the application sent it (S256 only).
    pub code_challenge: String,
    pub audience: String,
    pub scopes: Vec<String>,
    pub account: Account,
    expires_at_ms: i64,
}

#[derive(Default)]
pub struct AuthCodes {
    by_code: HashMap<String, Issued>,
}

/// The request a code answers, before a user signed in.
pub struct Pending {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub audience: String,
    pub scopes: Vec<String>,
}

impl AuthCodes {
    /// A new code for `pending`, signed in as `account`; `None` when too many wait.
    pub fn issue(&mut self, pending: Pending, account: Account, now_ms: i64) -> Option<String> {
        self.by_code.retain(|_, c| c.expires_at_ms > now_ms);
        if self.by_code.len() >= CAPACITY {
            return None;
        }
        let code = random_id(32);
        self.by_code.insert(
            code.clone(),
            Issued {
                client_id: pending.client_id,
                redirect_uri: pending.redirect_uri,
                code_challenge: pending.code_challenge,
                audience: pending.audience,
                scopes: pending.scopes,
                account,
                expires_at_ms: now_ms + CODE_LIFETIME_SECS * 1000,
            },
        );
        Some(code)
    }

    /// Takes the code (a second exchange finds nothing), if it is live.
    pub fn take(&mut self, code: &str, now_ms: i64) -> Option<Issued> {
        self.by_code
            .remove(code)
            .filter(|issued| issued.expires_at_ms > now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Account {
        Account {
            user_id: "auth0|1".into(),
            email: "reader@authgate.test".into(),
            email_verified: true,
            name: "Reader".into(),
            nickname: "reader".into(),
        }
    }

    fn pending() -> Pending {
        Pending {
            client_id: "c".into(),
            redirect_uri: "http://127.0.0.1:5180/".into(),
            code_challenge: "x".into(),
            audience: "a".into(),
            scopes: vec![],
        }
    }

    #[test]
    fn a_code_works_once_and_not_after_a_minute() {
        let mut codes = AuthCodes::default();
        let code = codes.issue(pending(), account(), 0).unwrap();
        assert!(codes.take(&code, 1000).is_some());
        assert!(codes.take(&code, 1000).is_none(), "used");
        let late = codes.issue(pending(), account(), 0).unwrap();
        assert!(
            codes.take(&late, CODE_LIFETIME_SECS * 1000).is_none(),
            "expired"
        );
    }
}
