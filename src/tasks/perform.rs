//! What each action does. Actions whose domain code has not landed yet fail honestly.

use crate::app::{ActionFailure, ActionOutput};
use crate::steps::ActionId;

use super::{Progress, TaskContext};

pub async fn perform(
    action: ActionId,
    _context: &TaskContext,
    progress: &Progress,
) -> Result<ActionOutput, ActionFailure> {
    progress.line(format!("starting {action:?}"));
    tokio::task::yield_now().await;
    Err(not_yet_available(action))
}

fn not_yet_available(action: ActionId) -> ActionFailure {
    ActionFailure {
        what: format!("this action ({action:?}) is not yet available in this build"),
        cause: "this action's implementation has not landed yet; nothing was changed".into(),
        fix: "press e for the console click-path and CLI command that do the same by hand".into(),
    }
}
