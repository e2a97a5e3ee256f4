//! The sandbox tenant's objects (resource servers, clients, client grants, users and roles),
//! persisted as one JSON file written atomically after every change, so a restart keeps
//! them. The store sits behind one mutex, so there is one writer at a time.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::directory::Directory;
use crate::error::SandboxError;
use crate::persist::write_atomically;

/// Objects are kept as Auth0-shaped JSON so PATCH can merge any field the client sends.
#[derive(Default, Serialize, Deserialize)]
pub struct Objects {
    pub resource_servers: Vec<Value>,
    pub clients: Vec<Value>,
    pub client_grants: Vec<Value>,
    /// Users and roles; a tenant file from before they existed gets the seeds.
    #[serde(default = "Directory::seeded")]
    pub directory: Directory,
}

pub struct Store {
    path: PathBuf,
    pub objects: Objects,
}

impl Store {
    pub fn load_or_create(dir: &Path) -> Result<Self, SandboxError> {
        let path = dir.join("tenant.json");
        if path.exists() {
            let text = std::fs::read_to_string(&path).map_err(|e| SandboxError::io(&path, e))?;
            let objects =
                serde_json::from_str(&text).map_err(|e| SandboxError::corrupt(&path, &e))?;
            return Ok(Self { path, objects });
        }
        // Written at once, so the seeded ids and hashes survive a restart.
        let objects = Objects {
            directory: Directory::seeded(),
            ..Objects::default()
        };
        let store = Self { path, objects };
        store.save()?;
        Ok(store)
    }

    pub fn save(&self) -> Result<(), SandboxError> {
        // JSON values serialize; to_vec cannot fail on them.
        #[allow(clippy::expect_used)]
        let bytes = serde_json::to_vec_pretty(&self.objects).expect("objects serialise");
        write_atomically(&self.path, &bytes)
    }
}
