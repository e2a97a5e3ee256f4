//! What the screen tests share: a wizard on the built-in steps, drawn into a `TestBackend`.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::App;
use crate::state::Target;
use crate::steps::StepsFile;

/// The wizard on the built-in `steps.toml`, against `target`, at `size`.
pub fn app_in(target: Target, size: (u16, u16)) -> App {
    App::new(StepsFile::load(None).unwrap(), target, size)
}

/// The sandbox wizard at `size`.
pub fn app(size: (u16, u16)) -> App {
    app_in(Target::Sandbox, size)
}

/// The whole screen as text, at the app's size.
pub fn draw(app: &App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|f| super::render(app, f)).unwrap();
    terminal.backend().to_string()
}
