//! The execution environments of one revision of one function: warm ones wait in `idle`;
//! a concurrent invocation gets a new one, up to the function's reserved concurrency
//! (beyond it Lambda throttles) or else [`default_concurrency`] (beyond it the sandbox
//! queues: AWS's account limit is 1,000, which a laptop cannot host).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::environment::Environment;

/// Environments per function when no reserved concurrency is set: twice the machine's
/// cores, between 4 and 16: more runtime processes than that only take turns on the CPU.
pub fn default_concurrency() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    u32::try_from(cores * 2).unwrap_or(16).clamp(4, 16)
}

pub struct Pool {
    pub revision: String,
    pub reserved: Option<u32>,
    permits: Arc<Semaphore>,
    idle: Mutex<Vec<Environment>>,
    /// The unpacked zip, shared by the revision's environments (Lambda's `/var/task`).
    task_root: tokio::sync::OnceCell<PathBuf>,
}

/// The function's reserved concurrency is in use (Lambda's 429).
#[derive(Debug)]
pub struct Throttled;

impl Pool {
    pub fn new(revision: &str, reserved: Option<u32>) -> Self {
        let limit = reserved.unwrap_or_else(default_concurrency);
        Self {
            revision: revision.to_owned(),
            reserved,
            permits: Arc::new(Semaphore::new(limit as usize)),
            idle: Mutex::new(Vec::new()),
            task_root: tokio::sync::OnceCell::new(),
        }
    }

    /// A slot for one invocation: at once, after a wait in the queue, or throttled.
    pub async fn slot(&self) -> Result<OwnedSemaphorePermit, Throttled> {
        if self.reserved.is_some() {
            return self
                .permits
                .clone()
                .try_acquire_owned()
                .map_err(|_| Throttled);
        }
        self.permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Throttled)
    }

    /// A warm environment, the most recently used first (as Lambda tends to reuse).
    pub fn warm(&self) -> Option<Environment> {
        crate::sync::lock(&self.idle).pop()
    }

    /// Returns an environment that can take another invocation.
    pub fn put_back(&self, environment: Environment) {
        crate::sync::lock(&self.idle).push(environment);
    }

    /// The unpacked code, unpacking it on first use.
    pub async fn task_root<E, F>(&self, unpack: impl FnOnce() -> F) -> Result<&PathBuf, E>
    where
        F: Future<Output = Result<PathBuf, E>>,
    {
        self.task_root.get_or_try_init(unpack).await
    }
}
