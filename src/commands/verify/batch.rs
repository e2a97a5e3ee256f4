//! `verify --batch`: one Authorization value per stdin line, one JSON object per stdout line,
//! in input order, with one verifier (the JWKS is fetched once and each key parsed once).
//!
//! The RSA signature check is most of the cost, so the lines are verified on every core: a
//! reader thread feeds lines into a channel; each round takes what is already waiting (at
//! least one line, at most `ROUND_LINES`), splits it into one slice per core, verifies the
//! slices on the runtime's worker threads and writes their output in order. A line that
//! arrives alone is answered at once, so a caller feeding one token at a time still works.

use std::io::BufRead;
use std::process::ExitCode;
use std::sync::Arc;

use super::{decide, exit_code, to_json};
use crate::commands::out;
use authgate_core::jwt::Verifier;

/// The most lines verified per round: enough to keep every core busy between two writes.
const ROUND_LINES: usize = 1024;
/// Lines read ahead of the verifiers.
const QUEUE_LINES: usize = 4 * ROUND_LINES;

pub async fn run(verifier: Verifier, method_arn: Option<&str>) -> color_eyre::Result<ExitCode> {
    let verifier = Arc::new(verifier);
    let method_arn: Option<Arc<str>> = method_arn.map(Arc::from);
    let slices = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (sender, mut lines) = tokio::sync::mpsc::channel::<std::io::Result<String>>(QUEUE_LINES);
    // Ends at end of input, on a read error (sent on), or when the receiver is gone.
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            let failed = line.is_err();
            if sender.blocking_send(line).is_err() || failed {
                break;
            }
        }
    });

    let mut all_allowed = true;
    while let Some(first) = lines.recv().await {
        let mut round = vec![first?];
        while round.len() < ROUND_LINES {
            match lines.try_recv() {
                Ok(line) => round.push(line?),
                Err(_) => break,
            }
        }
        let per_slice = round.len().div_ceil(slices);
        let mut tasks = Vec::with_capacity(slices);
        while !round.is_empty() {
            let rest = round.split_off(per_slice.min(round.len()));
            let slice = std::mem::replace(&mut round, rest);
            let verifier = Arc::clone(&verifier);
            let method_arn = method_arn.clone();
            tasks.push(tokio::spawn(async move {
                verify_slice(&verifier, &slice, method_arn.as_deref()).await
            }));
        }
        for task in tasks {
            let (allowed, text) = task.await?;
            all_allowed &= allowed;
            out::write_bytes(text.as_bytes())?;
        }
    }
    Ok(exit_code(all_allowed))
}

/// The slice's JSON lines, and whether every one was allowed.
async fn verify_slice(
    verifier: &Verifier,
    lines: &[String],
    method_arn: Option<&str>,
) -> (bool, String) {
    let mut allowed = true;
    let mut text = String::with_capacity(lines.len() * 1536);
    for line in lines {
        let now = jiff::Timestamp::now().as_second();
        let decision = decide(verifier, line.trim_end_matches('\r'), method_arn, now).await;
        allowed &= decision.is_allow();
        text.push_str(&to_json(verifier, &decision, method_arn).to_string());
        text.push('\n');
    }
    (allowed, text)
}
