//! A reopened wizard against the live target, keys pressed while something runs, and ⚠.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::flow::live_check::Stale;

fn app() -> App {
    App::new(StepsFile::load(None).unwrap(), Target::Sandbox, (120, 40))
}

fn key(app: &mut App, code: KeyCode) -> Option<Command> {
    app.update(Msg::Key(KeyEvent::from(code)))
}

fn finish(
    app: &mut App,
    command: Option<&Command>,
    result: Result<ActionOutput, ActionFailure>,
) -> Option<Command> {
    let Some(&Command::Run { run, action }) = command else {
        panic!("expected a run, got {command:?}")
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

/// Every action of steps 1 to 3 recorded as finished.
fn resumed_through_step_3() -> App {
    let mut app = app();
    let mut state = crate::state::State::new();
    for step in &app.steps.steps[..3] {
        for action in &step.actions {
            state.actions.insert(
                action.id.key().into(),
                crate::state::ActionRecord {
                    summary: "recorded".into(),
                    at: "2026-12-06T20:00:00Z".into(),
                },
            );
        }
    }
    app.resume(&state);
    app
}

#[test]
fn a_stale_step_and_the_steps_after_it_drop_to_needs_rerun_with_the_reason() {
    let mut app = resumed_through_step_3();
    assert_eq!(
        app.step_status(&app.steps.steps[1].clone()),
        StepStatus::Done
    );
    let Some(Command::CheckLive(run)) = app.check_live() else {
        panic!("a resumed wizard checks what it recorded")
    };
    // One action of step 3 ran again since start: its own result stands.
    let rerun = app.steps.steps[2].actions[0].id;
    app.resumed.remove(&rerun);
    let stale = vec![Stale {
        step: 1,
        reason: "stage test is missing".into(),
    }];
    app.update(Msg::Live {
        run: RunId(run.0 + 1),
        result: Ok(stale.clone()),
    });
    assert_eq!(
        app.step_status(&app.steps.steps[1].clone()),
        StepStatus::Done,
        "a stale run id is ignored"
    );
    app.update(Msg::Live {
        run,
        result: Ok(stale),
    });
    let status = |app: &App, i: usize| app.step_status(&app.steps.steps[i].clone());
    assert_eq!(status(&app, 0), StepStatus::Done);
    assert_eq!(status(&app, 1), StepStatus::Pending);
    let first = app.steps.steps[1].actions[0].id;
    assert!(matches!(
        app.state_of(first),
        ActionState::Pending { note: Some(n) } if n.contains("needs rerun: stage test is missing")
    ));
    let later = app.steps.steps[2].actions[1].id;
    assert!(matches!(
        app.state_of(later),
        ActionState::Pending { note: Some(n) } if n.contains("builds on step 2")
    ));
    assert!(matches!(app.state_of(rerun), ActionState::Done { .. }));
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("from step 2 on"))
    );
}

#[test]
fn nothing_recorded_means_nothing_to_check_and_a_failed_check_keeps_the_records() {
    let mut fresh = app();
    assert_eq!(fresh.check_live(), None);
    let mut app = resumed_through_step_3();
    let Some(Command::CheckLive(run)) = app.check_live() else {
        panic!()
    };
    app.update(Msg::Live {
        run,
        result: Err(ActionFailure::new(
            "AWS is unreachable",
            "c",
            "check the network",
        )),
    });
    assert_eq!(
        app.step_status(&app.steps.steps[2].clone()),
        StepStatus::Done
    );
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("could not check"))
    );
}

#[test]
fn a_on_another_step_while_one_runs_queues_behind_it_and_says_so() {
    let mut app = app();
    let first = key(&mut app, KeyCode::Enter);
    assert!(matches!(first, Some(Command::Run { .. })));
    key(&mut app, KeyCode::Char('l'));
    assert_eq!(
        key(&mut app, KeyCode::Char('a')),
        None,
        "nothing starts beside the running one"
    );
    let queued = app.steps.steps[1].actions.len();
    assert_eq!(app.queue.len(), queued);
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("queued") && n.contains("step 2")),
        "{:?}",
        app.notice
    );
    // The running action finishes: the queue goes on with step 2.
    let next = finish(&mut app, first.as_ref(), Ok(ActionOutput::new("ok")));
    assert!(
        matches!(next, Some(Command::Run { action, .. }) if action == app.steps.steps[1].actions[0].id)
    );
    // A failure says what did not run.
    finish(
        &mut app,
        next.as_ref(),
        Err(ActionFailure::new("w", "c", "f")),
    );
    assert!(app.queue.is_empty());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("did not run")),
        "{:?}",
        app.notice
    );
}

#[test]
fn a_on_a_finished_step_says_so_and_step_5_names_a_step_that_has_not_run() {
    let mut app = resumed_through_step_3();
    key(&mut app, KeyCode::Char('a'));
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("every action of step 1 has finished"))
    );
    for _ in 0..4 {
        key(&mut app, KeyCode::Char('l'));
    }
    let run = key(&mut app, KeyCode::Char('a'));
    assert!(matches!(run, Some(Command::Run { .. })));
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("step 4 has not finished")),
        "{:?}",
        app.notice
    );
}

#[test]
fn esc_on_a_rerun_of_a_finished_action_puts_its_result_back() {
    let mut app = resumed_through_step_3();
    let Some(Command::Run { run, .. }) = key(&mut app, KeyCode::Enter) else {
        panic!()
    };
    assert_eq!(key(&mut app, KeyCode::Esc), Some(Command::Cancel(run)));
    assert!(matches!(
        app.state_of(app.selected_action().id),
        ActionState::Done { output, .. } if output.summary == "recorded"
    ));
}

/// The case: the audit (read-only) run again and cancelled stays done, and stays
/// subject to the start-up live check like the other recorded actions.
#[test]
fn esc_on_a_rerun_of_the_audit_keeps_it_done_and_still_checked() {
    let mut app = resumed_through_step_3();
    let check = app.check_live();
    let Some(Command::CheckLive(check)) = check else {
        panic!("{check:?}")
    };
    app.selected_step = 2;
    let at = app
        .step()
        .actions
        .iter()
        .position(|a| a.id == ActionId::AuditAuthorizer)
        .unwrap();
    app.selected_action_for_test(at);
    let Some(Command::Run { run, .. }) = key(&mut app, KeyCode::Enter) else {
        panic!()
    };
    assert_eq!(key(&mut app, KeyCode::Esc), Some(Command::Cancel(run)));
    assert!(matches!(
        app.state_of(ActionId::AuditAuthorizer),
        ActionState::Done { output, .. } if output.summary == "recorded"
    ));
    assert!(app.resumed.contains(&ActionId::AuditAuthorizer));
    // The live check then finds step 3 stale: the audit drops with the rest of the step.
    app.update(Msg::Live {
        run: check,
        result: Ok(vec![Stale {
            step: 2,
            reason: "the function is gone".into(),
        }]),
    });
    assert!(matches!(
        app.state_of(ActionId::AuditAuthorizer),
        ActionState::Pending { .. }
    ));
}

/// Enter on an action while another one runs queues it behind, and says so.
#[test]
fn enter_while_another_action_runs_queues_with_a_notice() {
    let mut app = app();
    let first = key(&mut app, KeyCode::Enter);
    assert!(matches!(first, Some(Command::Run { .. })));
    key(&mut app, KeyCode::Char('l'));
    assert_eq!(key(&mut app, KeyCode::Enter), None);
    let notice = app.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("queued") && notice.contains("Esc cancels"),
        "{notice}"
    );
    let next = finish(&mut app, first.as_ref(), Ok(ActionOutput::new("done")));
    assert!(
        matches!(
            next,
            Some(Command::Run {
                action: ActionId::ImportApi,
                ..
            })
        ),
        "{next:?}"
    );
}

#[test]
fn a_warning_makes_the_step_warned_not_done_and_a_reruns_it() {
    let mut app = app();
    for _ in 0..4 {
        key(&mut app, KeyCode::Char('l'));
    }
    let step = app.step().clone();
    for action in &step.actions {
        let mut output = ActionOutput::new("ok");
        if action.id == ActionId::PostWithReadToken {
            output = output.warn(ActionFailure::new(
                "POST answered 200",
                "no permissions checked",
                "check them",
            ));
        }
        app.actions.insert(
            action.id,
            ActionState::Done {
                output,
                took: Duration::ZERO,
            },
        );
    }
    assert_eq!(app.step_status(&step), StepStatus::Warned);
    let run = key(&mut app, KeyCode::Char('a'));
    assert!(matches!(
        run,
        Some(Command::Run {
            action: ActionId::PostWithReadToken,
            ..
        })
    ));
}
