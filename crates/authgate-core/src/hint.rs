//! One error shape: every error the user can meet says what went wrong and how to fix it, and
//! may carry the raw detail (a response body, the whole error chain) to show on demand.
//!
//! Only `std` here: the file is meant to move into a core crate unchanged.

/// An error that knows its fix. `what` is the one-line error itself (its `Display`), `fix`
/// the next thing to do, `raw` what a curious user can open (the wizard's `r` key).
pub trait Hint: std::fmt::Display {
    /// What went wrong, one line.
    fn what(&self) -> String {
        self.to_string()
    }

    /// What the user can do about it.
    fn fix(&self) -> String;

    /// The full detail behind `what`, when there is more than fits on a line.
    fn raw(&self) -> Option<String> {
        None
    }
}

/// `text` cut to at most `max` characters (an ellipsis marks the cut), on a char boundary.
pub fn capped(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep = max.saturating_sub(1);
    let at = text
        .char_indices()
        .nth(keep)
        .map_or(text.len(), |(at, _)| at);
    format!("{}…", &text[..at])
}

#[cfg(test)]
mod tests {
    use super::capped;

    #[test]
    fn capped_keeps_short_text_and_cuts_long_text() {
        assert_eq!(capped("short", 10), "short");
        assert_eq!(capped("exactly10!", 10), "exactly10!");
        assert_eq!(capped("eleven char", 10), "eleven ch…");
        assert_eq!(capped("ééééééééééé", 5), "éééé…");
        assert_eq!(capped("ééééé", 5), "ééééé");
    }
}
