//! The JWKS cache, with the pinned refresh rule: at most one fetch attempt per 30 s, ever.
//!
//! A fetch is wanted when no keys are cached, when they are older than 600 s, or when the
//! token's `kid` is not cached. Throttled requests carry on with what is cached. A failed
//! fetch counts as an attempt and keeps the previous keys. Concurrent requests share one
//! in-flight fetch (the second waits on `fetch_lock`, then finds the attempt fresh).

mod error;
mod fetch;
mod keys;
mod x5c;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use jsonwebtoken::DecodingKey;

use super::config::JwksSource;

pub use error::JwksError;
pub use keys::parse_keys;

/// Seconds between two fetch attempts, at least.
pub const MIN_REFETCH_SECS: i64 = 30;
/// Cached keys older than this are refreshed (subject to the throttle).
pub const MAX_KEY_AGE_SECS: i64 = 600;

pub(crate) type KeySet = HashMap<String, Arc<DecodingKey>>;

/// The outcome of a key lookup.
#[derive(Clone)]
pub enum Lookup {
    Found(Arc<DecodingKey>),
    /// Keys are cached but none has this `kid`.
    UnknownKid,
    /// No keys have ever been fetched; the last attempt's error.
    Unavailable(String),
}

#[derive(Default)]
struct State {
    keys: Option<Arc<KeySet>>,
    fetched_at: i64,
    last_attempt: Option<i64>,
    last_error: Option<String>,
}

pub(crate) struct KeyCache {
    fetcher: fetch::Fetcher,
    state: Mutex<State>,
    fetch_lock: tokio::sync::Mutex<()>,
}

impl KeyCache {
    pub fn new(source: JwksSource, timeout: std::time::Duration) -> Self {
        Self {
            fetcher: fetch::Fetcher::new(source, timeout),
            state: Mutex::new(State::default()),
            fetch_lock: tokio::sync::Mutex::new(()),
        }
    }

    pub fn describe_source(&self) -> String {
        self.fetcher.describe()
    }

    /// The key for `kid` at time `now` (Unix seconds), fetching if wanted and allowed.
    pub async fn key(&self, kid: &str, now: i64) -> Lookup {
        if let Some(key) = self.fresh_key(kid, now) {
            return Lookup::Found(key);
        }
        let _in_flight = self.fetch_lock.lock().await;
        {
            let mut state = self.lock();
            if let Some(key) = fresh(&state, kid, now) {
                return Lookup::Found(key);
            }
            if state
                .last_attempt
                .is_some_and(|at| now - at < MIN_REFETCH_SECS)
            {
                return cached(&state, kid);
            }
            state.last_attempt = Some(now);
        }
        let result = self.fetcher.fetch().await;
        let mut state = self.lock();
        match result {
            Ok(keys) => {
                tracing::debug!(source = %self.fetcher.describe(), keys = keys.len(), "JWKS fetched");
                state.keys = Some(Arc::new(keys));
                state.fetched_at = now;
                state.last_error = None;
            }
            Err(error) => {
                tracing::warn!(source = %self.fetcher.describe(), %error, "JWKS fetch failed");
                state.last_error = Some(error.to_string());
            }
        }
        cached(&state, kid)
    }

    /// The `kid`s currently cached (for the inspector).
    pub fn cached_kids(&self) -> Vec<String> {
        let state = self.lock();
        let mut kids: Vec<String> = state.keys.iter().flat_map(|k| k.keys().cloned()).collect();
        kids.sort();
        kids
    }

    fn fresh_key(&self, kid: &str, now: i64) -> Option<Arc<DecodingKey>> {
        fresh(&self.lock(), kid, now)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn fresh(state: &State, kid: &str, now: i64) -> Option<Arc<DecodingKey>> {
    let keys = state.keys.as_ref()?;
    if now - state.fetched_at >= MAX_KEY_AGE_SECS {
        return None;
    }
    keys.get(kid).cloned()
}

fn cached(state: &State, kid: &str) -> Lookup {
    match &state.keys {
        Some(keys) => keys
            .get(kid)
            .map_or(Lookup::UnknownKid, |key| Lookup::Found(key.clone())),
        None => Lookup::Unavailable(
            state
                .last_error
                .clone()
                .unwrap_or_else(|| "no JWKS fetched yet".to_owned()),
        ),
    }
}
