use crossterm::event::{KeyCode, KeyEvent};

use super::*;

fn app() -> App {
    App::new(StepsFile::load(None).unwrap(), Target::Sandbox, (120, 40))
}

fn key(app: &mut App, code: KeyCode) -> Option<Command> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

#[test]
fn steps_move_with_arrows_vim_keys_and_tab_and_stop_at_the_ends() {
    let mut app = app();
    key(&mut app, KeyCode::Left);
    assert_eq!(app.selected_step, 0);
    key(&mut app, KeyCode::Right);
    key(&mut app, KeyCode::Char('l'));
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.selected_step, 3);
    for _ in 0..5 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(app.selected_step, 4);
    key(&mut app, KeyCode::Char('h'));
    key(&mut app, KeyCode::BackTab);
    assert_eq!(app.selected_step, 2);
}

#[test]
fn actions_move_within_the_step_and_each_step_remembers_its_selection() {
    let mut app = app();
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('j'));
    assert_eq!(app.selected_action().id, ActionId::EnsureClientGrant);
    for _ in 0..10 {
        key(&mut app, KeyCode::Down);
    }
    assert_eq!(app.selected_action().id, ActionId::LogInUser);
    key(&mut app, KeyCode::Right);
    assert_eq!(app.selected_action().id, ActionId::ImportApi);
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Char('k'));
    assert_eq!(app.selected_action().id, ActionId::FetchTestToken);
}

#[test]
fn help_opens_swallows_navigation_and_closes_with_question_mark_or_esc() {
    let mut app = app();
    key(&mut app, KeyCode::Char('?'));
    assert!(matches!(app.overlay, Overlay::Help));
    assert_eq!(key(&mut app, KeyCode::Right), None);
    assert_eq!(app.selected_step, 0);
    assert!(
        matches!(app.overlay, Overlay::Help),
        "navigation does not close help"
    );
    key(&mut app, KeyCode::Char('?'));
    assert!(app.overlay.is_none());
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(key(&mut app, KeyCode::Esc), None);
    assert!(app.overlay.is_none());
    key(&mut app, KeyCode::Char('?'));
    assert_eq!(key(&mut app, KeyCode::Char('q')), Some(Command::Quit));
}

#[test]
fn q_and_esc_quit_when_nothing_runs() {
    let mut app = app();
    assert_eq!(key(&mut app, KeyCode::Char('q')), Some(Command::Quit));
    assert_eq!(key(&mut app, KeyCode::Esc), Some(Command::Quit));
}

#[test]
fn enter_runs_the_selected_action_once_and_esc_cancels_it() {
    let mut app = app();
    let Some(Command::Run { run, action }) = key(&mut app, KeyCode::Enter) else {
        panic!("Enter should run");
    };
    assert_eq!(action, ActionId::EnsureResourceServer);
    assert!(app.is_animating());
    assert_eq!(
        key(&mut app, KeyCode::Enter),
        None,
        "no second run while running"
    );
    assert_eq!(key(&mut app, KeyCode::Esc), Some(Command::Cancel(run)));
    assert!(!app.is_animating());
    assert!(matches!(
        app.state_of(action),
        ActionState::Pending { note: Some(_) }
    ));
}

#[test]
fn results_of_stale_runs_are_ignored() {
    let mut app = app();
    let Some(Command::Run { run: first, action }) = key(&mut app, KeyCode::Enter) else {
        panic!()
    };
    key(&mut app, KeyCode::Esc);
    let Some(Command::Run { run: second, .. }) = key(&mut app, KeyCode::Enter) else {
        panic!()
    };
    let finished = |run| {
        Msg::Task(TaskEvent {
            run,
            action,
            kind: TaskEventKind::Finished {
                result: Ok(ActionOutput::default()),
                took: Duration::from_secs(1),
            },
        })
    };
    app.update(finished(first));
    assert!(matches!(app.state_of(action), ActionState::Running { .. }));
    app.update(finished(second));
    assert!(matches!(app.state_of(action), ActionState::Done { .. }));
}

#[test]
fn progress_and_failure_land_on_the_action_and_the_step_status() {
    let mut app = app();
    let Some(Command::Run { run, action }) = key(&mut app, KeyCode::Enter) else {
        panic!()
    };
    let step = app.step().clone();
    assert_eq!(app.step_status(&step), StepStatus::Running);
    app.update(Msg::Task(TaskEvent {
        run,
        action,
        kind: TaskEventKind::Progress("working".into()),
    }));
    let ActionState::Running { progress, .. } = app.state_of(action) else {
        panic!()
    };
    assert_eq!(progress, &["working"]);
    let failure = ActionFailure::new("w", "c", "f");
    let took = Duration::ZERO;
    app.update(Msg::Task(TaskEvent {
        run,
        action,
        kind: TaskEventKind::Finished {
            result: Err(failure),
            took,
        },
    }));
    assert_eq!(app.step_status(&step), StepStatus::Failed);
}

#[test]
fn resize_below_the_minimum_is_too_small() {
    let mut app = app();
    app.update(Msg::Resize(79, 24));
    assert!(app.too_small());
    app.update(Msg::Resize(80, 24));
    assert!(!app.too_small());
}

#[test]
fn resume_marks_recorded_actions_done() {
    let mut app = app();
    let mut state = crate::state::State::new();
    state.actions.insert(
        "ensure_resource_server".into(),
        crate::state::ActionRecord {
            summary: "API created".into(),
            at: "2026-11-23T20:00:00Z".into(),
        },
    );
    app.resume(&state);
    assert!(
        matches!(app.state_of(ActionId::EnsureResourceServer), ActionState::Done { output, .. } if output.summary == "API created")
    );
    assert!(matches!(
        app.state_of(ActionId::EnsureTestClient),
        ActionState::Pending { .. }
    ));
}

fn finish(app: &mut App, command: Option<&Command>, ok: bool) -> Option<Command> {
    let Some(&Command::Run { run, action }) = command else {
        panic!("expected a run, got {command:?}")
    };
    let result = if ok {
        Ok(ActionOutput::new("ok"))
    } else {
        Err(ActionFailure::new("w", "c", "f"))
    };
    app.update(Msg::Task(TaskEvent {
        run,
        action,
        kind: TaskEventKind::Finished {
            result,
            took: Duration::ZERO,
        },
    }))
}

#[test]
fn a_runs_the_remaining_actions_in_order_and_stops_at_a_failure() {
    let mut app = app();
    app.actions.insert(
        ActionId::EnsureTestClient,
        ActionState::Done {
            output: ActionOutput::new("done before"),
            took: Duration::ZERO,
        },
    );
    let first = key(&mut app, KeyCode::Char('a'));
    assert!(matches!(
        first,
        Some(Command::Run {
            action: ActionId::EnsureResourceServer,
            ..
        })
    ));
    assert_eq!(
        key(&mut app, KeyCode::Char('a')),
        None,
        "no second queue while running"
    );
    let second = finish(&mut app, first.as_ref(), true);
    assert!(matches!(
        second,
        Some(Command::Run {
            action: ActionId::EnsureClientGrant,
            ..
        })
    ));
    let after_failure = finish(&mut app, second.as_ref(), false);
    assert_eq!(after_failure, None);
    assert!(app.queue.is_empty());
    assert!(matches!(
        app.state_of(ActionId::FetchTestToken),
        ActionState::Pending { .. }
    ));
}

#[test]
fn esc_cancels_the_running_action_of_a_queue_even_when_another_is_selected() {
    let mut app = app();
    let Some(Command::Run { run, .. }) = key(&mut app, KeyCode::Char('a')) else {
        panic!()
    };
    key(&mut app, KeyCode::Down);
    assert_eq!(key(&mut app, KeyCode::Esc), Some(Command::Cancel(run)));
    assert!(app.queue.is_empty());
    assert!(!app.is_animating());
}

#[test]
fn the_settings_form_saves_a_valid_value_and_the_status_view_asks_before_teardown() {
    let mut app = app();
    key(&mut app, KeyCode::Char('f'));
    key(&mut app, KeyCode::Enter);
    for _ in 0..30 {
        key(&mut app, KeyCode::Backspace);
    }
    for c in "My API".chars() {
        key(&mut app, KeyCode::Char(c));
    }
    let saved = key(&mut app, KeyCode::Enter);
    assert!(matches!(saved, Some(Command::SaveInputs(i)) if i.api_name == "My API"));
    key(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    let mut state = crate::state::State::new();
    state.resources.role = Some(crate::state::Record {
        id: "Auth0Integration".into(),
        created: true,
        details: crate::state::RoleDetails::default(),
    });
    app.update(Msg::Saved(Box::new(state)));
    key(&mut app, KeyCode::Char('s'));
    key(&mut app, KeyCode::Char('d'));
    let go = key(&mut app, KeyCode::Char('y'));
    assert!(matches!(go, Some(Command::Teardown(_))));
    assert!(app.is_animating());
}

#[test]
fn run_all_leaves_the_interactive_login_out_and_step_1_is_done_without_it() {
    let mut app = app();
    let Some(Command::Run { run, action }) =
        app.update(Msg::Key(KeyEvent::from(KeyCode::Char('a'))))
    else {
        panic!("a starts the step");
    };
    assert_eq!(action, ActionId::EnsureResourceServer);
    assert!(!app.queue.contains(&ActionId::LogInUser), "{:?}", app.queue);
    let mut next = Some((run, action));
    while let Some((run, action)) = next.take() {
        let output = crate::app::ActionOutput::new("ok");
        let kind = TaskEventKind::Finished {
            result: Ok(output),
            took: std::time::Duration::ZERO,
        };
        if let Some(Command::Run { run, action }) =
            app.update(Msg::Task(TaskEvent { run, action, kind }))
        {
            next = Some((run, action));
        }
    }
    assert_eq!(app.step_status(&app.step().clone()), StepStatus::Done);
    assert!(matches!(
        app.state_of(ActionId::LogInUser),
        ActionState::Pending { .. }
    ));
}
