//! The AWS subset's shared state: the document (`aws.json`) behind one lock, the Lambda
//! runtime, and the deployed-API snapshots the data plane reads, dropped on every change.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use crate::aws::model::Document;
use crate::aws::runtime::Runtime;
use crate::aws::store::Store;
use crate::aws::wire::Fault;
use crate::error::SandboxError;
use crate::gateway::DeployedApi;

/// Shared state of the AWS subset (cheap to clone).
#[derive(Clone)]
pub struct AwsState(Arc<Inner>);

struct Inner {
    store: Mutex<Store>,
    runtime: Runtime,
    /// `DeployedApi` snapshots by (api, stage), dropped on every change.
    deployed: RwLock<HashMap<(String, String), Arc<DeployedApi>>>,
    /// `FlushStageAuthorizersCache` calls by (api, stage).
    flushes: Mutex<HashMap<(String, String), u64>>,
    /// The data plane's policy cache, flushed by `FlushStageAuthorizersCache`.
    gateway_cache: std::sync::OnceLock<crate::gateway::AuthorizerCache>,
}

impl AwsState {
    /// Loads (or starts empty) the state under `dir`.
    pub fn open(dir: &Path) -> Result<Self, SandboxError> {
        std::fs::create_dir_all(dir).map_err(|e| SandboxError::io(dir, e))?;
        // Workers run with their unpacked function as the working directory, so a relative
        // sandbox dir (`--dir .authgate/sandbox`) would no longer resolve from there.
        let dir = std::path::absolute(dir).map_err(|e| SandboxError::io(dir, e))?;
        Ok(Self::with_runtime(
            Store::load_or_create(&dir)?,
            Runtime::new(dir.join("lambda-run")),
        ))
    }

    pub fn with_runtime(store: Store, runtime: Runtime) -> Self {
        Self(Arc::new(Inner {
            store: Mutex::new(store),
            runtime,
            deployed: RwLock::new(HashMap::new()),
            flushes: Mutex::new(HashMap::new()),
            gateway_cache: std::sync::OnceLock::new(),
        }))
    }

    /// Connects the data plane's policy cache, so `FlushStageAuthorizersCache` empties it.
    pub fn attach_gateway_cache(&self, cache: crate::gateway::AuthorizerCache) {
        let _ = self.0.gateway_cache.set(cache);
    }

    pub(crate) fn runtime(&self) -> &Runtime {
        &self.0.runtime
    }

    /// Reads the state.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T, Fault>) -> Result<T, Fault> {
        f(&crate::sync::lock(&self.0.store))
    }

    /// Changes the state and saves it. `f` checks everything before it changes anything,
    /// so a refused request leaves the state as it was.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, Fault>,
    ) -> Result<T, Fault> {
        let mut store = crate::sync::lock(&self.0.store);
        let value = f(&mut store)?;
        crate::sync::write(&self.0.deployed).clear();
        store.save().map_err(|e| Fault::storage(&e))?;
        Ok(value)
    }

    /// The deployed snapshot of (api, stage): the one kept since the last change, or `build`'s,
    /// kept until the next change.
    pub(crate) fn snapshot_or_build(
        &self,
        api: &str,
        stage: &str,
        build: impl FnOnce() -> Option<DeployedApi>,
    ) -> Option<Arc<DeployedApi>> {
        let key = (api.to_owned(), stage.to_owned());
        if let Some(found) = crate::sync::read(&self.0.deployed).get(&key) {
            return Some(found.clone());
        }
        let snapshot = Arc::new(build()?);
        crate::sync::write(&self.0.deployed).insert(key, snapshot.clone());
        Some(snapshot)
    }

    /// `FlushStageAuthorizersCache`: counted, and the stage's snapshot is rebuilt.
    pub(crate) fn flush_authorizer_cache(&self, api: &str, stage: &str) {
        let key = (api.to_owned(), stage.to_owned());
        *crate::sync::lock(&self.0.flushes)
            .entry(key.clone())
            .or_default() += 1;
        crate::sync::write(&self.0.deployed).remove(&key);
        if let Some(cache) = self.0.gateway_cache.get() {
            cache.flush_stage(api, stage);
        }
    }

    /// How often the stage's authorizer cache was flushed: the data plane drops the
    /// policies it cached for this stage when the number changes.
    pub fn authorizer_cache_epoch(&self, api: &str, stage: &str) -> u64 {
        let key = (api.to_owned(), stage.to_owned());
        crate::sync::lock(&self.0.flushes)
            .get(&key)
            .copied()
            .unwrap_or(0)
    }

    /// A copy of the whole document (tests, the control plane's snapshots).
    pub fn document(&self) -> Document {
        crate::sync::lock(&self.0.store).doc.clone()
    }
}
