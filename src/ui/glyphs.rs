//! Status glyphs and the spinner, shared by the sidebar and the step screen.

use std::time::Duration;

use ratatui::text::Span;

use super::theme::Theme;
use crate::app::{ActionState, StepStatus};

const SPINNER: [&str; 4] = ["◐", "◓", "◑", "◒"];

pub fn step(status: StepStatus, spinner: usize, theme: &Theme) -> Span<'static> {
    match status {
        StepStatus::Done => Span::styled("✓", theme.done),
        StepStatus::Running => Span::styled(SPINNER[spinner % SPINNER.len()], theme.running),
        StepStatus::Warned => Span::styled("⚠", theme.warned),
        StepStatus::Failed => Span::styled("✗", theme.failed),
        StepStatus::Pending => Span::styled("○", theme.pending),
    }
}

/// A recorded step whose objects are being read back: neither ✓ nor ○ yet.
pub fn checking(spinner: usize, theme: &Theme) -> Span<'static> {
    Span::styled(SPINNER[spinner % SPINNER.len()], theme.dim)
}

/// An action's mark in the wizard: its state's, or [`checking`] while the start-up check
/// reads back what its record says was made.
pub fn action_of(
    app: &crate::app::App,
    id: crate::steps::ActionId,
    theme: &Theme,
) -> Span<'static> {
    if app.being_checked(id) {
        checking(app.spinner, theme)
    } else {
        action(app.state_of(id), app.spinner, theme)
    }
}

pub fn action(state: &ActionState, spinner: usize, theme: &Theme) -> Span<'static> {
    step(StepStatus::of([state]), spinner, theme)
}

/// `1.2s`, `14s`, `2m05s`.
pub fn elapsed(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 10 {
        format!("{:.1}s", d.as_secs_f64())
    } else if secs < 60 {
        format!("{secs}s")
    } else {
        format!("{}m{:02}s", secs / 60, secs % 60)
    }
}

/// A line of logged text with its tabs as spaces: a terminal cell has no tab stops, so
/// ratatui would drop them and glue Lambda's `REPORT` fields together.
pub fn untabbed(line: &str) -> String {
    line.replace('\t', "  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_fields_stay_apart() {
        assert_eq!(
            untabbed("REPORT\tDuration: 1 ms\tBilled Duration: 1 ms"),
            "REPORT  Duration: 1 ms  Billed Duration: 1 ms"
        );
    }

    #[test]
    fn elapsed_is_short_and_readable() {
        assert_eq!(elapsed(Duration::from_millis(1250)), "1.2s");
        assert_eq!(elapsed(Duration::from_secs(14)), "14s");
        assert_eq!(elapsed(Duration::from_secs(125)), "2m05s");
    }
}
