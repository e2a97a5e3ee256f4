//! The authorizer policy cache: per API, stage and authorizer, keyed by the token's SHA-256
//! (the token itself is never kept), for the authorizer's TTL on the sandbox clock. A cached
//! result is evaluated again against each request's methodArn, which is how a method-scoped
//! policy cached for one route denies the next one (the tutorial's cache trap).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_json::{Map, Value};

use super::authorizer_result::AuthorizerResult;
use crate::clock::SandboxClock;

/// At most this many cached results; when full, expired ones go first, then the oldest.
const MAX_ENTRIES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CacheKey {
    api_id: String,
    stage: String,
    authorizer_id: String,
    token_sha256: [u8; 32],
}

struct Entry {
    result: Arc<AuthorizerResult>,
    expires_at_millis: i64,
}

/// Cheap to clone; clones share the cache. The control plane keeps one to serve
/// `FlushStageAuthorizersCache`.
#[derive(Clone)]
pub struct AuthorizerCache {
    entries: Arc<Mutex<HashMap<CacheKey, Entry>>>,
    clock: SandboxClock,
}

/// One cached result as the `/sandbox/authorizer-cache` hook shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacheView {
    pub api_id: String,
    pub stage: String,
    pub authorizer_id: String,
    /// Hex SHA-256 of the identity source value (`Bearer …`): `printf %s "$H" | sha256sum`.
    pub token_sha256: String,
    pub principal_id: String,
    pub policy_document: Value,
    pub context: Map<String, Value>,
    pub seconds_left: i64,
}

impl AuthorizerCache {
    pub fn new(clock: SandboxClock) -> Self {
        Self {
            entries: Arc::new(Mutex::new(HashMap::new())),
            clock,
        }
    }

    pub fn clock(&self) -> &SandboxClock {
        &self.clock
    }

    pub fn key(&self, api_id: &str, stage: &str, authorizer_id: &str, token: &str) -> CacheKey {
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, token.as_bytes());
        let mut token_sha256 = [0u8; 32];
        token_sha256.copy_from_slice(digest.as_ref());
        CacheKey {
            api_id: api_id.to_owned(),
            stage: stage.to_owned(),
            authorizer_id: authorizer_id.to_owned(),
            token_sha256,
        }
    }

    /// The cached result, if there is one that has not expired.
    pub fn get(&self, key: &CacheKey) -> Option<Arc<AuthorizerResult>> {
        let now = self.clock.now_millis();
        let mut entries = crate::sync::lock(&self.entries);
        match entries.get(key) {
            Some(entry) if entry.expires_at_millis > now => Some(entry.result.clone()),
            Some(_) => {
                entries.remove(key);
                None
            }
            None => None,
        }
    }

    pub fn put(&self, key: CacheKey, result: Arc<AuthorizerResult>, ttl_secs: u32) {
        let now = self.clock.now_millis();
        let mut entries = crate::sync::lock(&self.entries);
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.retain(|_, e| e.expires_at_millis > now);
            let oldest = entries
                .iter()
                .min_by_key(|(_, e)| e.expires_at_millis)
                .map(|(k, _)| k.clone());
            if let (true, Some(oldest)) = (entries.len() >= MAX_ENTRIES, oldest) {
                entries.remove(&oldest);
            }
        }
        let expires_at_millis = now + i64::from(ttl_secs) * 1000;
        entries.insert(
            key,
            Entry {
                result,
                expires_at_millis,
            },
        );
    }

    /// Drops every cached result of one stage (API Gateway's `FlushStageAuthorizersCache`);
    /// returns how many there were.
    pub fn flush_stage(&self, api_id: &str, stage: &str) -> usize {
        let mut entries = crate::sync::lock(&self.entries);
        let before = entries.len();
        entries.retain(|k, _| !(k.api_id == api_id && k.stage == stage));
        before - entries.len()
    }

    /// Drops everything; returns how many results there were.
    pub fn flush_all(&self) -> usize {
        let mut entries = crate::sync::lock(&self.entries);
        let count = entries.len();
        entries.clear();
        count
    }

    /// The live entries, sorted by API, stage and authorizer; expired ones are dropped.
    pub fn view(&self) -> Vec<CacheView> {
        let now = self.clock.now_millis();
        let mut entries = crate::sync::lock(&self.entries);
        entries.retain(|_, e| e.expires_at_millis > now);
        let mut views: Vec<CacheView> = entries
            .iter()
            .map(|(k, e)| CacheView {
                api_id: k.api_id.clone(),
                stage: k.stage.clone(),
                authorizer_id: k.authorizer_id.clone(),
                token_sha256: k.token_sha256.iter().fold(String::new(), |mut s, b| {
                    let _ = write!(s, "{b:02x}");
                    s
                }),
                principal_id: e.result.principal_id.clone(),
                policy_document: e.result.policy_document.clone(),
                context: e.result.context.clone(),
                seconds_left: (e.expires_at_millis - now + 999) / 1000,
            })
            .collect();
        views.sort_by(|a, b| {
            (&a.api_id, &a.stage, &a.authorizer_id, &a.token_sha256).cmp(&(
                &b.api_id,
                &b.stage,
                &b.authorizer_id,
                &b.token_sha256,
            ))
        });
        views
    }
}
