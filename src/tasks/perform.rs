//! Runs one action through the session. One action at a time: the session is locked for
//! the run, so actions that share a client or a prerequisite never race.

use std::sync::Arc;

use crate::app::{ActionFailure, ActionOutput};
use crate::steps::ActionId;

use super::{Progress, TaskContext};

pub async fn perform(
    action: ActionId,
    context: &TaskContext,
    progress: &Progress,
) -> Result<ActionOutput, ActionFailure> {
    let mut session = context.session.lock().await;
    session.perform(action, Arc::new(progress.clone())).await
}
