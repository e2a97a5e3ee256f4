//! The event loop: the one `select!` (terminal input | task events | slow tick). It draws
//! after each message and only ticks while something runs, so an idle wizard costs nothing.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use crossterm::clipboard::CopyToClipboard;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste, EventStream};
use futures::StreamExt;
use ratatui::DefaultTerminal;

use crate::app::{App, Command, Msg};
use crate::cli::GlobalArgs;
use crate::flow::Session;
use crate::state::Target;
use crate::state::store::StateStore;
use crate::steps::StepsFile;
use crate::tasks::{Runner, TaskContext};
use crate::ui;
use authgate_core::hint::Hint;

/// Spinner and elapsed-time refresh while an action runs.
pub const TICK: Duration = Duration::from_millis(250);

pub async fn run_wizard(
    global: &GlobalArgs,
    code: &crate::cli::AuthorizerArgs,
) -> color_eyre::Result<ExitCode> {
    run_app(global, None, code).await
}

/// What `authgate inspect` opens the inspector with; unset settings come from the state file.
pub struct InspectorStart {
    pub token: String,
    pub settings: Option<crate::state::VerifierSettings>,
    pub method_arn: Option<String>,
    /// `--required-permissions` (or env `REQUIRED_PERMISSIONS`).
    pub required_permissions: Option<String>,
}

/// `authgate inspect` on a terminal: the inspector alone, prefilled; Esc quits.
pub async fn run_inspector(
    global: &GlobalArgs,
    start: InspectorStart,
) -> color_eyre::Result<ExitCode> {
    run_app(global, Some(start), &crate::cli::AuthorizerArgs::default()).await
}

async fn run_app(
    global: &GlobalArgs,
    inspect: Option<InspectorStart>,
    code: &crate::cli::AuthorizerArgs,
) -> color_eyre::Result<ExitCode> {
    // Everything that can fail on input is checked before the terminal is taken over.
    let steps = match StepsFile::load(global.steps.as_deref()) {
        Ok(steps) => steps,
        Err(e) => {
            eprintln!("authgate: {e}\nhint: {}", e.fix());
            return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE));
        }
    };
    let texts = match crate::check::Texts::load(global.checks.as_deref()) {
        Ok(texts) => texts,
        Err(e) => {
            eprintln!("authgate: {e}\nhint: {}", e.fix());
            return Ok(ExitCode::from(crate::commands::out::EXIT_USAGE));
        }
    };
    let titles = steps.steps.iter().map(|s| s.title.clone()).collect();
    let mut state = match crate::boot::load_state(global, "authgate") {
        Ok(state) => state,
        Err(code) => return Ok(code),
    };
    if let Err(exit) = crate::boot::choose_authorizer(global, &mut state, code, "authgate") {
        return Ok(exit);
    }
    let target = Target::from_sandbox_flag(global.sandbox);
    let size = crossterm::terminal::size()?;
    let mut app = App::new(steps, target, size);
    app.resume(&state);
    let settings = crate::boot::settings(global);
    // The inspector alone runs no action, so it needs no sandbox started for it.
    let session = if inspect.is_some() {
        Session::new(settings, StateStore::new(global.state_dir.clone(), state))
    } else {
        match crate::boot::open_session(global, state, settings).await {
            Ok(session) => session,
            Err(code) => return Ok(code),
        }
    };
    app.color = ui::theme::Theme::color_from_env();
    let standalone = inspect.is_some();
    let first = inspect.map(|start| {
        if start.settings.is_some() {
            app.verifier_defaults = start.settings;
        }
        let mut effect = app.open_inspector(&start.token, start.method_arn.as_deref());
        if let Some(model) = app.overlay.inspector_mut() {
            model.standalone = true;
            if let Some(map) = &start.required_permissions {
                model.set(crate::app::inspector::Field::Permissions, map);
                effect = crate::app::inspector::InspectorEffect::Inspect(model.request());
            }
        }
        effect
    });
    tracing::info!(?target, standalone, "wizard started");

    let mut terminal = ratatui::init();
    // Paste arrives as one event (a token is not typed key by key, and Enter in it is text).
    crossterm::execute!(std::io::stdout(), EnableBracketedPaste)?;
    let first = match first {
        Some(effect) => app.apply_inspector_effect(effect),
        // A reopened wizard checks its records against the live target, in the background.
        None => app.check_live(),
    };
    let context = TaskContext {
        target,
        sandbox_url: session.sandbox_url().map(str::to_owned),
        session: tokio::sync::Mutex::new(session),
        checks: crate::check::Options {
            step: None,
            api_id: None,
            token: None,
            browser_origin: None,
            texts,
            titles,
        },
    };
    let result = event_loop(&mut terminal, &mut app, context, first).await;
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    tracing::info!("wizard stopped");
    result.map(|()| ExitCode::SUCCESS)
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    context: TaskContext,
    first: Option<Command>,
) -> color_eyre::Result<()> {
    let (mut runner, mut runner_messages) = Runner::new(context);
    if let Some(command) = first {
        runner.execute(command);
    }
    let mut input = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let start = Instant::now();
    terminal.draw(|frame| ui::render(app, frame))?;
    if let Some(started) = crate::logging::STARTED.get() {
        let micros = started.elapsed().as_micros();
        tracing::info!(since_start_us = micros, "first frame drawn");
    }
    loop {
        let msg = tokio::select! {
            event = input.next() => match event {
                Some(event) => match Msg::from_terminal(&event?) {
                    Some(msg) => msg,
                    None => continue,
                },
                None => break,
            },
            Some(msg) = runner_messages.recv() => msg,
            _ = tick.tick(), if app.is_animating() => Msg::Tick,
        };
        app.now = start.elapsed();
        match app.update(msg) {
            Some(Command::Quit) => break,
            // OSC 52: the terminal puts it on the clipboard, also over SSH.
            Some(Command::Copy(text)) => {
                crossterm::execute!(
                    std::io::stdout(),
                    CopyToClipboard::to_clipboard_from(text.expose())
                )?;
            }
            Some(command) => runner.execute(command),
            None => {}
        }
        terminal.draw(|frame| ui::render(app, frame))?;
    }
    runner.shutdown();
    Ok(())
}
