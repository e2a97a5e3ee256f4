//! Pending device authorizations, in memory only: a restart of the sandbox forgets them, so
//! a login in progress must start again (as its code would have expired anyway). Codes are
//! never logged.

use std::collections::HashMap;

use rand::Rng as _;

use super::super::accounts::Account;
use crate::tenant::ids::random_id;

/// Seconds a device code and its user code live (Auth0's 900).
pub const EXPIRES_IN: i64 = 900;
/// Seconds a client must wait between polls (Auth0's 5).
pub const INTERVAL: i64 = 5;
/// Polls may arrive this much early before `slow_down` (timer and scheduling jitter).
const POLL_LEEWAY_MS: i64 = 250;
/// At most this many live authorizations; expired ones are dropped first.
const CAPACITY: usize = 1000;
/// Auth0's default user code alphabet: consonants only, so no word can be spelt.
const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

/// What the user did on the activation page.
#[derive(Debug, Clone)]
pub enum Decision {
    Waiting,
    /// Signed in; `ticket` lets the consent form that follows act for this user only.
    SignedIn {
        account: Account,
        ticket: String,
    },
    Approved(Account),
    Denied,
}

#[derive(Debug, Clone)]
pub struct Authorization {
    pub client_id: String,
    pub audience: String,
    pub scopes: Vec<String>,
    pub user_code: String,
    pub expires_at_ms: i64,
    pub decision: Decision,
    last_poll_ms: Option<i64>,
    expiry_reported: bool,
}

impl Authorization {
    pub fn expired(&self, now_ms: i64) -> bool {
        now_ms >= self.expires_at_ms
    }
}

/// The answer to one poll of the token endpoint.
#[derive(Debug)]
pub enum Poll {
    Pending,
    SlowDown,
    Expired,
    Denied,
    /// Unknown, already used, issued to another client, or expired and reported once.
    Invalid,
    Approved(Box<Authorization>, Account),
}

#[derive(Default)]
pub struct DeviceCodes {
    by_device_code: HashMap<String, Authorization>,
}

/// `ABCDEFGH` → `ABCD-EFGH`.
fn format_user_code(raw: &str) -> String {
    format!("{}-{}", &raw[..4], &raw[4..])
}

/// What a person typed, as the code it may be: upper case, dashes and spaces dropped.
pub fn normalize_user_code(typed: &str) -> String {
    let letters: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if letters.len() == 8 {
        format_user_code(&letters)
    } else {
        letters
    }
}

fn new_user_code() -> String {
    let mut rng = rand::rng();
    let raw: String = (0..8)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format_user_code(&raw)
}

impl DeviceCodes {
    /// Starts an authorization: `(device_code, user_code)`, or `None` when the sandbox holds
    /// too many already.
    pub fn start(
        &mut self,
        client_id: &str,
        audience: &str,
        scopes: Vec<String>,
        now_ms: i64,
    ) -> Option<(String, String)> {
        self.by_device_code.retain(|_, a| !a.expired(now_ms));
        if self.by_device_code.len() >= CAPACITY {
            return None;
        }
        // 20^8 codes for at most CAPACITY live ones: a clash is rare, a second one rarer.
        let user_code = (0..8)
            .map(|_| new_user_code())
            .find(|code| self.by_user_code(code).is_none())?;
        let device_code = random_id(40);
        self.by_device_code.insert(
            device_code.clone(),
            Authorization {
                client_id: client_id.to_owned(),
                audience: audience.to_owned(),
                scopes,
                user_code: user_code.clone(),
                expires_at_ms: now_ms + EXPIRES_IN * 1000,
                decision: Decision::Waiting,
                last_poll_ms: None,
                expiry_reported: false,
            },
        );
        Some((device_code, user_code))
    }

    /// The live authorization a typed user code names.
    pub fn by_user_code(&self, typed: &str) -> Option<(&String, &Authorization)> {
        let code = normalize_user_code(typed);
        self.by_device_code
            .iter()
            .find(|(_, a)| a.user_code == code)
    }

    fn live_mut(&mut self, user_code: &str, now_ms: i64) -> Option<&mut Authorization> {
        let code = normalize_user_code(user_code);
        self.by_device_code
            .values_mut()
            .find(|a| a.user_code == code && !a.expired(now_ms))
    }

    /// A user signed in for `user_code`; returns the ticket the consent form carries.
    pub fn sign_in(&mut self, user_code: &str, account: Account, now_ms: i64) -> Option<String> {
        let authorization = self.live_mut(user_code, now_ms)?;
        if !matches!(
            authorization.decision,
            Decision::Waiting | Decision::SignedIn { .. }
        ) {
            return None;
        }
        let ticket = random_id(32);
        authorization.decision = Decision::SignedIn {
            account,
            ticket: ticket.clone(),
        };
        Some(ticket)
    }

    /// The signed-in user's answer; `None` when the code or the ticket does not match.
    pub fn decide(
        &mut self,
        user_code: &str,
        ticket: &str,
        approve: bool,
        now_ms: i64,
    ) -> Option<()> {
        let authorization = self.live_mut(user_code, now_ms)?;
        let Decision::SignedIn {
            account,
            ticket: expected,
        } = &authorization.decision
        else {
            return None;
        };
        if expected != ticket {
            return None;
        }
        authorization.decision = if approve {
            Decision::Approved(account.clone())
        } else {
            Decision::Denied
        };
        Some(())
    }

    /// One poll by `client_id` (RFC 8628 §3.5, with Auth0's rule that `expired_token` is
    /// answered once and `invalid_grant` after it).
    pub fn poll(&mut self, device_code: &str, client_id: &str, now_ms: i64) -> Poll {
        let Some(authorization) = self.by_device_code.get_mut(device_code) else {
            return Poll::Invalid;
        };
        if authorization.client_id != client_id {
            return Poll::Invalid;
        }
        if authorization.expired(now_ms) {
            if authorization.expiry_reported {
                self.by_device_code.remove(device_code);
                return Poll::Invalid;
            }
            authorization.expiry_reported = true;
            return Poll::Expired;
        }
        let too_soon = authorization
            .last_poll_ms
            .is_some_and(|last| now_ms - last < INTERVAL * 1000 - POLL_LEEWAY_MS);
        authorization.last_poll_ms = Some(now_ms);
        if too_soon {
            return Poll::SlowDown;
        }
        match &authorization.decision {
            Decision::Waiting | Decision::SignedIn { .. } => Poll::Pending,
            Decision::Denied => {
                self.by_device_code.remove(device_code);
                Poll::Denied
            }
            Decision::Approved(account) => {
                let account = account.clone();
                match self.by_device_code.remove(device_code) {
                    Some(done) => Poll::Approved(Box::new(done), account),
                    None => Poll::Invalid,
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "codes_tests.rs"]
mod tests;
