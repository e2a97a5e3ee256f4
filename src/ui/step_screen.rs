//! One step: what it is for, its actions with their status, and the selected action's
//! result (or, with `e`, its console and CLI equivalents).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::{glyphs, results, theme::Theme};
use crate::app::learn::Mode;
use crate::app::{ActionState, App};
use crate::steps::{ActionId, StepId};

pub struct StepScreen<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for StepScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Self { app, theme } = self;
        let step = app.step();
        let learning = app.learn.mode(app.selected_step) == Mode::IllDoIt;
        let title = format!(
            " Step {} of {} · {} ",
            app.selected_step + 1,
            app.steps.steps.len(),
            step.title
        );
        let own_code = app.inputs.authorizer.is_some();
        let teach = Paragraph::new(step.teach_for(own_code)).wrap(Wrap { trim: true });
        let width = area.width.saturating_sub(2);
        // "I'll do it" lists no actions: one line picks whose instructions the pane shows.
        let action_rows = if learning {
            1
        } else {
            u16::try_from(step.actions.len()).unwrap_or(u16::MAX)
        };
        // The teaching text gets what it needs, as long as the result panel keeps 4 rows; once
        // the selected action has a result, the result comes first and the step's text (read
        // already) gives way down to 2 rows.
        let room = area.height.saturating_sub(1 + action_rows + 2 + 4);
        let wanted = u16::try_from(teach.line_count(width)).unwrap_or(u16::MAX);
        let detail = if learning {
            super::learn_panel::pane(app, theme)
        } else {
            detail(app, theme)
        };
        // In "I'll do it" the pane (checks, instructions) comes before the step's text.
        let has_result = if learning {
            true
        } else {
            !matches!(
                app.state_of(app.selected_action().id),
                ActionState::Pending { .. }
            )
        };
        let teach_height = if has_result && !app.explain {
            let result_rows = u16::try_from(detail.line_count(width.saturating_sub(2)))
                .unwrap_or(u16::MAX)
                .saturating_add(1);
            let left = area
                .height
                .saturating_sub(1 + action_rows + 2 + result_rows);
            wanted.min(room).min(left.max(2))
        } else {
            wanted.min(room)
        };
        let [title_area, teach_area, actions_area, detail_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(teach_height),
            Constraint::Length(action_rows + 2),
            Constraint::Min(3),
        ])
        .areas(area);

        Line::styled(title, theme.title).render(title_area, buf);
        teach
            .block(Block::new().padding(ratatui::widgets::Padding::horizontal(1)))
            .render(teach_area, buf);
        actions(app, theme, learning).render(actions_area, buf);
        detail.render(detail_area, buf);
    }
}

fn actions<'a>(app: &'a App, theme: &Theme, learning: bool) -> Paragraph<'a> {
    let selected = app.selected_action_index();
    if learning {
        let count = app.step().actions.len();
        let line = Line::from(vec![
            Span::styled(format!(" ↑↓ {}/{count} ", selected + 1), theme.dim),
            Span::raw(app.selected_action().title.as_str()),
        ]);
        return Paragraph::new(line).block(
            Block::new()
                .borders(Borders::TOP | Borders::BOTTOM)
                .border_style(theme.border)
                .title(Span::styled(" Do it yourself ", theme.title))
                .title(Line::styled(" c check · m mode ", theme.dim).right_aligned()),
        );
    }
    let lines: Vec<Line> = app
        .step()
        .actions
        .iter()
        .enumerate()
        .map(|(i, spec)| {
            let state = app.state_of(spec.id);
            let mut spans = vec![
                Span::raw(" "),
                glyphs::action_of(app, spec.id, theme),
                Span::raw(format!(" {}", spec.title)),
            ];
            let timing = match state {
                ActionState::Running { started, .. } => {
                    Some(glyphs::elapsed(app.now.saturating_sub(*started)))
                }
                ActionState::Done { took, .. } | ActionState::Failed { took, .. } => {
                    Some(glyphs::elapsed(*took))
                }
                ActionState::Pending { .. } => None,
            };
            if let Some(timing) = timing {
                spans.push(Span::styled(format!("  {timing}"), theme.dim));
            }
            let line = Line::from(spans);
            if i == selected {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).block(
        Block::new()
            .borders(Borders::TOP | Borders::BOTTOM)
            .border_style(theme.border)
            .title(Span::styled(" Actions ", theme.title))
            .title(
                Line::styled(" Enter run · a all · f settings · s status ", theme.dim)
                    .right_aligned(),
            ),
    )
}

fn detail<'a>(app: &'a App, theme: &Theme) -> Paragraph<'a> {
    let spec = app.selected_action();
    let mut text = Text::default();
    if app.explain {
        text.push_line(Line::styled("Console", theme.title));
        text.push_line(Line::raw(spec.console.as_str()));
        text.push_line(Line::raw(""));
        text.push_line(Line::styled("CLI", theme.title));
        for line in spec.cli.lines() {
            text.push_line(Line::styled(line, theme.code));
        }
    } else {
        if let Some(notice) = &app.notice {
            text.push_line(Line::styled(notice.as_str(), theme.running));
        }
        if app.step().id == StepId::TestDeployment {
            text.push_line(expected_outcomes(app, theme));
        }
        // The result first: at 80×24 the pane has a few rows, and a failure's cause and fix
        // matter more than the action's description, which follows.
        push_state(&mut text, app, app.state_of(spec.id), theme);
        text.push_line(Line::raw(""));
        text.push_line(Line::styled(spec.teach.as_str(), theme.dim));
    }
    let title = if app.explain {
        " Explain (e to close) "
    } else {
        " Result "
    };
    Paragraph::new(text).wrap(Wrap { trim: false }).block(
        Block::new()
            .title(Span::styled(title, theme.title))
            .padding(ratatui::widgets::Padding::horizontal(1)),
    )
}

/// Step 5's calls, checked off as each answers as expected.
fn expected_outcomes(app: &App, theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled("Expected: ", theme.title)];
    for (id, label) in [
        (ActionId::CallWithoutToken, "no token → 401"),
        (ActionId::CallWithBadToken, "bad token → 401"),
        (ActionId::CallWithTestToken, "test token → 200"),
        (ActionId::PostWithReadToken, "POST read-only → 403"),
        (ActionId::PostWithWriteToken, "POST write → 200"),
    ] {
        spans.push(glyphs::action_of(app, id, theme));
        spans.push(Span::raw(format!(" {label}   ")));
    }
    Line::from(spans)
}

fn push_state<'a>(text: &mut Text<'a>, app: &App, state: &'a ActionState, theme: &Theme) {
    let show_raw = app.show_raw;
    match state {
        ActionState::Pending { note: None } => {
            text.push_line(Line::styled(
                "Not run yet: press Enter to run it, e to see the console and CLI equivalents.",
                theme.dim,
            ));
        }
        ActionState::Pending { note: Some(note) } => {
            text.push_line(Line::styled(note.as_str(), theme.dim));
        }
        ActionState::Running { progress, .. } => {
            text.push_line(Line::styled("Running… (Esc cancels)", theme.running));
            for line in progress.iter().rev().take(3).rev() {
                text.push_line(Line::raw(format!("  {line}")));
            }
        }
        ActionState::Done { output, .. } => {
            let (mark, style) = match &output.warning {
                Some(_) => ("⚠", theme.warned),
                None if app.being_checked(app.selected_action().id) => ("…", theme.dim),
                None => ("✓", theme.done),
            };
            text.push_line(Line::styled(format!("{mark} {}", output.summary), style));
            for line in &output.details {
                text.push_line(Line::raw(format!("  {line}")));
            }
            if let Some(warning) = &output.warning {
                text.push_line(Line::styled(format!("⚠ {}", warning.what), theme.warned));
                text.push_line(Line::raw(format!("  cause: {}", warning.cause)));
                text.push_line(Line::raw(format!("  fix:   {}", warning.fix)));
            }
            for panel in &output.panels {
                for line in results::lines(panel, app.language, theme) {
                    text.push_line(line);
                }
            }
        }
        ActionState::Failed { failure, .. } => {
            text.push_line(Line::styled(format!("✗ {}", failure.what), theme.failed));
            text.push_line(Line::raw(format!("  cause: {}", failure.cause)));
            text.push_line(Line::raw(format!("  fix:   {}", failure.fix)));
            match (&failure.raw, show_raw) {
                (Some(raw), true) => {
                    text.push_line(Line::styled("  raw (r hides):", theme.dim));
                    for line in raw.lines() {
                        let line = glyphs::untabbed(line);
                        text.push_line(Line::styled(format!("    {line}"), theme.code));
                    }
                }
                (Some(_), false) => {
                    text.push_line(Line::styled(
                        "  r shows the raw response · Enter retries",
                        theme.dim,
                    ));
                }
                (None, _) => text.push_line(Line::styled("  Enter retries", theme.dim)),
            }
        }
    }
}
