//! The state file as the tasks share it: one lock, and writes off the async threads.

use std::path::PathBuf;
use std::sync::Arc;

use tokio::sync::Mutex;

use crate::state::{ActionRecord, State, StateError};
use crate::steps::ActionId;

#[derive(Clone)]
pub struct StateStore {
    dir: PathBuf,
    state: Arc<Mutex<State>>,
}

impl StateStore {
    pub fn new(dir: PathBuf, state: State) -> Self {
        Self {
            dir,
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Apply a change and save it before anyone else can change it again.
    pub async fn update(&self, change: impl FnOnce(&mut State)) -> Result<(), StateError> {
        let mut state = self.state.lock().await;
        change(&mut state);
        let (snapshot, dir) = (state.clone(), self.dir.clone());
        let path = State::path(&self.dir);
        // Owned captures only: a closure borrowing `self` makes the future !Send for some
        // lifetimes, which tokio::spawn cannot accept.
        match tokio::task::spawn_blocking(move || snapshot.save(&dir)).await {
            Ok(saved) => saved,
            Err(e) => Err(StateError::Write {
                path,
                source: std::io::Error::other(e),
            }),
        }
    }

    pub async fn record_action(&self, action: ActionId, summary: &str) -> Result<(), StateError> {
        let at = jiff::Timestamp::now().to_string();
        let record = ActionRecord {
            summary: summary.to_owned(),
            at,
        };
        self.update(|state| {
            state.actions.insert(action.key().to_owned(), record);
        })
        .await
    }

    pub async fn snapshot(&self) -> State {
        self.state.lock().await.clone()
    }
}
