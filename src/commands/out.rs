//! Standard output for the subcommands. A reader that stops early (`| head -1`) closes the
//! pipe: authgate then stops quietly with success, as `cat` does when SIGPIPE is ignored.
//! `println!` would panic there instead (a crash report, and an abort under `panic = "abort"`),
//! so every line goes through `outln!` and a failed write comes back as an `OutError`.

use std::fmt;
use std::io::{self, Write};

use crate::flow::ActionFailure;
use authgate_core::hint::Hint;

/// Exit code for usage or configuration errors (0 = success, 1 = a negative outcome).
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, thiserror::Error)]
pub enum OutError {
    /// The reader went away (EPIPE). Not a failure: `lib::run` turns it into a quiet exit 0.
    #[error("stdout was closed by its reader")]
    Closed,
    #[error("cannot write to stdout: {0}")]
    Write(#[source] io::Error),
}

impl Hint for OutError {
    fn fix(&self) -> String {
        match self {
            Self::Closed => "nothing to fix: the reader had what it needed",
            Self::Write(_) => "check where stdout goes (a full disk, a file that is not writable)",
        }
        .to_owned()
    }
}

impl From<io::Error> for OutError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Self::Closed
        } else {
            Self::Write(e)
        }
    }
}

/// A failed action on stderr, as every subcommand prints one: `{who}: what`, then its cause
/// and its fix.
pub fn fail(who: &str, failure: &ActionFailure) {
    eprintln!("{who}: {failure}");
}

/// An error that knows its fix on stderr: `{who}: error`, then its fix.
pub fn fail_hint(who: &str, error: &dyn Hint) {
    eprintln!("{who}: {error}\n  fix: {}", error.fix());
}

/// Formatted text to stdout, flushed, so a closed pipe shows up here and not at exit.
pub fn write_fmt(args: fmt::Arguments<'_>) -> Result<(), OutError> {
    let mut out = io::stdout().lock();
    out.write_fmt(args)?;
    out.flush()?;
    Ok(())
}

/// Bytes to stdout, flushed.
pub fn write_bytes(bytes: &[u8]) -> Result<(), OutError> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}

/// True when `report` is, or was caused by, a closed stdout.
pub fn closed(report: &color_eyre::Report) -> bool {
    report
        .chain()
        .any(|e| matches!(e.downcast_ref::<OutError>(), Some(OutError::Closed)))
}

/// `println!` that returns `Result<(), OutError>` instead of panicking on a closed pipe.
macro_rules! outln {
    () => {
        $crate::commands::out::write_fmt(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::commands::out::write_fmt(format_args!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use outln;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_pipe_is_a_closed_stdout_and_other_errors_are_not() {
        let closed: OutError = io::Error::from(io::ErrorKind::BrokenPipe).into();
        assert!(matches!(closed, OutError::Closed));
        let report = color_eyre::Report::from(closed);
        assert!(super::closed(&report));
        let full: OutError = io::Error::from(io::ErrorKind::StorageFull).into();
        assert!(matches!(full, OutError::Write(_)));
        assert!(!super::closed(&color_eyre::Report::from(full)));
        let other = color_eyre::Report::from(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(!super::closed(&other), "only stdout's EPIPE is quiet");
    }
}
