//! Asking before doing something big, and refusing politely when no one can answer.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

/// `Ok(true)` when `--yes` was given or the person typed y; `Err(code)` when stdin is not a
/// terminal, so a script never blocks on a question it cannot answer.
pub fn confirm(yes: bool, command: &str, question: &str) -> Result<bool, ExitCode> {
    if yes {
        return Ok(true);
    }
    answerable(yes, command)?;
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    if std::io::stdin().lock().read_line(&mut answer).is_err() {
        return Ok(false);
    }
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

/// `Err(code)`, said, when a question could not be answered (no `--yes`, stdin not a
/// terminal): for a command to check before it starts anything.
pub fn answerable(yes: bool, command: &str) -> Result<(), ExitCode> {
    if yes || std::io::stdin().is_terminal() {
        return Ok(());
    }
    eprintln!(
        "authgate {command}: not confirmed: stdin is not a terminal, so no one can answer.\n  \
         fix: rerun with --yes to go ahead without asking"
    );
    Err(ExitCode::from(crate::commands::out::EXIT_USAGE))
}
