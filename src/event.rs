//! The event loop: the one `select!` (terminal input | task events | slow tick). It draws
//! after each message and only ticks while something runs, so an idle wizard costs nothing.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use crossterm::event::EventStream;
use futures::StreamExt;
use ratatui::DefaultTerminal;

use crate::app::{App, Command, Mode, Msg};
use crate::cli::GlobalArgs;
use crate::flow::Session;
use crate::flow::connect::Settings;
use crate::state::State;
use crate::steps::StepsFile;
use crate::tasks::store::StateStore;
use crate::tasks::{Runner, TaskContext};
use crate::ui;

/// Spinner and elapsed-time refresh while an action runs.
pub const TICK: Duration = Duration::from_millis(250);

pub async fn run_wizard(global: &GlobalArgs) -> color_eyre::Result<ExitCode> {
    // Everything that can fail on input is checked before the terminal is taken over.
    let steps = match StepsFile::load(global.steps.as_deref()) {
        Ok(steps) => steps,
        Err(e) => {
            eprintln!("authgate: {e}\nhint: {}", e.hint());
            return Ok(ExitCode::from(crate::EXIT_USAGE));
        }
    };
    let state = match State::load(&global.state_dir) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("authgate: {e}\nhint: {}", e.hint());
            return Ok(ExitCode::from(crate::EXIT_USAGE));
        }
    };
    let mode = if global.sandbox {
        Mode::Sandbox
    } else {
        Mode::Live
    };
    let size = crossterm::terminal::size()?;
    let mut app = App::new(steps, mode, size);
    app.resume(&state);
    let store = StateStore::new(global.state_dir.clone(), state);
    let mut session = Session::new(Settings::from_global(global), store);
    if let Err(f) = session.attach_sandbox().await {
        eprintln!(
            "authgate: {}\n  cause: {}\n  fix:   {}",
            f.what, f.cause, f.fix
        );
        return Ok(ExitCode::from(crate::EXIT_USAGE));
    }
    app.color = ui::theme::Theme::color_from_env();
    tracing::info!(?mode, "wizard started");

    let mut terminal = ratatui::init();
    let result = event_loop(
        &mut terminal,
        &mut app,
        TaskContext {
            mode,
            session: tokio::sync::Mutex::new(session),
        },
    )
    .await;
    ratatui::restore();
    tracing::info!("wizard stopped");
    result.map(|()| ExitCode::SUCCESS)
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    context: TaskContext,
) -> color_eyre::Result<()> {
    let (mut runner, mut task_events) = Runner::new(context);
    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let start = Instant::now();
    terminal.draw(|frame| ui::render(app, frame))?;
    loop {
        let msg = tokio::select! {
            event = input.next() => match event {
                Some(event) => match Msg::from_terminal(&event?) {
                    Some(msg) => msg,
                    None => continue,
                },
                None => break,
            },
            Some(msg) = task_events.recv() => msg,
            _ = tick.tick(), if app.is_animating() => Msg::Tick,
        };
        app.now = start.elapsed();
        match app.update(msg) {
            Some(Command::Quit) => break,
            Some(command) => runner.execute(command),
            None => {}
        }
        terminal.draw(|frame| ui::render(app, frame))?;
    }
    runner.shutdown();
    Ok(())
}
