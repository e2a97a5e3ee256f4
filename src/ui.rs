//! `render(&App, &mut Frame)`: pure, reads only the model.

pub mod audit_panel;
pub mod code_view;
pub mod footer;
pub mod form_view;
pub mod glyphs;
pub mod help;
pub mod inspection;
pub mod inspector;
pub mod inspector_screen;
pub mod learn_panel;
pub mod login_screen;
pub mod results;
pub mod sandbox_screen;
pub mod sidebar;
pub mod status_screen;
pub mod step_screen;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, MIN_HEIGHT, MIN_WIDTH, Overlay};
use theme::Theme;

/// The sidebar gives up columns on narrow terminals so the prose keeps room.
const SIDEBAR_WIDTH: u16 = 32;
const SIDEBAR_WIDTH_NARROW: u16 = 26;

pub fn render(app: &App, frame: &mut Frame) {
    let theme = Theme::new(app.color);
    let area = frame.area();
    if app.too_small() {
        render_too_small(area, frame, &theme);
        return;
    }
    if let Some(model) = app.overlay.inspector() {
        let [header, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        frame.render_widget(title_line(&theme), header);
        inspector_screen::render(model, frame, body, &theme);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(1),
    ])
    .areas(area);
    let [side, main] = Layout::horizontal([
        Constraint::Length(if area.width < 100 {
            SIDEBAR_WIDTH_NARROW
        } else {
            SIDEBAR_WIDTH
        }),
        Constraint::Min(0),
    ])
    .areas(body);

    frame.render_widget(title_line(&theme), header);
    frame.render_widget(sidebar::Sidebar { app, theme: &theme }, side);
    let main = main.inner(ratatui::layout::Margin {
        horizontal: 1,
        vertical: 0,
    });
    frame.render_widget(step_screen::StepScreen { app, theme: &theme }, main);
    if let Some(view) = app.login_view() {
        let screen = login_screen::LoginScreen {
            view,
            target: app.target,
            now: app.now,
            spinner: app.spinner,
            theme: &theme,
        };
        frame.render_widget(screen, body);
    }
    frame.render_widget(footer::Footer { theme: &theme }, footer);
    render_overlay(app, frame, area, &theme);
}

/// The overlay over the step screen, as the model says (the inspector is drawn alone above).
fn render_overlay(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    match &app.overlay {
        Overlay::None | Overlay::Inspector { .. } => {}
        Overlay::Help => frame.render_widget(help::HelpOverlay { theme }, area),
        Overlay::Form(form) => {
            let inputs = &app.inputs;
            frame.render_widget(
                form_view::FormView {
                    form,
                    inputs,
                    theme,
                },
                area,
            );
        }
        Overlay::Status(view) => {
            let screen = status_screen::StatusScreen {
                view,
                state: &app.saved,
                now: app.now,
                spinner: app.spinner,
                theme,
            };
            frame.render_widget(screen, area);
        }
        Overlay::Code => {
            if let Some(request) = app.sent_request() {
                let view = code_view::CodeView {
                    request,
                    language: app.language,
                    notice: app.notice.as_deref(),
                    theme,
                };
                frame.render_widget(view, area);
            }
        }
        Overlay::SandboxTools(tools) => {
            let screen = sandbox_screen::SandboxScreen {
                tools,
                now: app.now,
                theme,
            };
            frame.render_widget(screen, area);
        }
    }
}

fn title_line(theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(" authgate ", theme.title),
        Span::styled(
            "· securing API Gateway with Auth0 tokens and a Lambda authorizer",
            theme.dim,
        ),
    ])
}

/// An overlay: `lines` in a bordered box titled `title`, `width` wide and as tall as its
/// lines, centred in `area` over whatever was drawn there (help, settings, status).
pub fn popup(
    lines: Vec<Line<'_>>,
    title: &str,
    width: u16,
    theme: &Theme,
    area: Rect,
    buf: &mut ratatui::buffer::Buffer,
) {
    use ratatui::widgets::{Block, Clear, Widget};
    let width = width.min(area.width);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    // As tall as the lines once wrapped, so the last ones (often the key hints) stay visible.
    let height = u16::try_from(paragraph.line_count(width.saturating_sub(2)))
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let rect = centered(area, width, height);
    Clear.render(rect, buf);
    paragraph
        .block(
            Block::bordered()
                .border_style(theme.border)
                .title(Span::styled(format!(" {title} "), theme.title)),
        )
        .render(rect, buf);
}

/// A rectangle of at most `width`×`height`, centred in `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    use ratatui::layout::Flex;
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

fn render_too_small(area: Rect, frame: &mut Frame, theme: &Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.failed),
        Line::raw(format!(
            "authgate needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}.",
            area.width, area.height
        )),
        Line::raw("Enlarge the window (or make the font smaller). q quits."),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

#[cfg(test)]
mod learn_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod audit_tests;
#[cfg(test)]
mod byo_tests;
#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod login_tests;
#[cfg(test)]
mod sandbox_tools_tests;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod wizard_tests;
