//! Starting a run: the state file loaded and a session opened on it (with the sandbox
//! attached under `--sandbox`), shared by the wizard (`event`) and the subcommands, so that
//! neither imports the other.

use std::process::ExitCode;

use crate::cli::GlobalArgs;
use crate::commands::out::{EXIT_USAGE, fail, fail_hint};
use crate::flow::connect::Settings;
use crate::state::Target;
use authgate_providers::auth0::Secret;

/// The session's settings from the global flags and their environment variables (the
/// targets and the Auth0 management credentials); `flow` never sees the clap struct.
pub(crate) fn settings(global: &GlobalArgs) -> Settings {
    Settings {
        target: Target::from_sandbox_flag(global.sandbox),
        state_dir: global.state_dir.clone(),
        auth0_domain: global.auth0_domain.clone(),
        auth0_client_id: global.auth0_client_id.clone(),
        auth0_client_secret: global.auth0_client_secret.clone().map(Secret::new),
        quick_audit: false,
    }
}

/// The state file, or (printed as what and fix) the usage exit code: a file from a newer
/// authgate or a broken one is refused, never silently dropped. `who` prefixes the message.
pub(crate) fn load_state(global: &GlobalArgs, who: &str) -> Result<crate::state::State, ExitCode> {
    crate::state::State::load(&global.state_dir).map_err(|e| {
        fail_hint(who, &e);
        ExitCode::from(EXIT_USAGE)
    })
}

/// A session on `state`, with the sandbox attached under `--sandbox` (found, or started for
/// as long as the session lives). A failure is printed as what/cause/fix and becomes the
/// usage exit code: nothing has run yet.
pub(crate) async fn open_session(
    global: &GlobalArgs,
    state: crate::state::State,
    settings: Settings,
) -> Result<crate::flow::Session, ExitCode> {
    let store = crate::state::store::StateStore::new(global.state_dir.clone(), state);
    let mut session = crate::flow::Session::new(settings, store);
    if let Err(f) = session.attach_sandbox().await {
        fail("authgate", &f);
        return Err(ExitCode::from(EXIT_USAGE));
    }
    Ok(session)
}

/// [`load_state`], then [`open_session`] with the settings of the global flags: what a
/// subcommand that only runs actions needs first. `Err` is the exit code, already explained.
pub(crate) async fn session_from_flags(
    global: &GlobalArgs,
    who: &str,
) -> Result<crate::flow::Session, ExitCode> {
    let state = load_state(global, who)?;
    open_session(global, state, settings(global)).await
}

/// `--authorizer PATH [--handler H] [--runtime R]`: checked now (detection and bundling run,
/// so a wrong path, or a callback handler on nodejs24.x, stops here with its fix, before any
/// screen or action), then remembered in the state file's inputs so reruns use it. `bundled`
/// goes back to the bundled authorizer. Returns whether the choice changed.
pub(crate) fn choose_authorizer(
    global: &GlobalArgs,
    state: &mut crate::state::State,
    args: &crate::cli::AuthorizerArgs,
    who: &str,
) -> Result<bool, ExitCode> {
    use crate::authorizer_code::custom_authorizer::{AuthorizerSource, prepare};
    let Some(path) = &args.authorizer else {
        return Ok(false);
    };
    let source = if path.as_os_str() == "bundled" && !path.exists() {
        None
    } else {
        // Absolute, so a rerun from another directory finds the same code.
        let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        Some(AuthorizerSource {
            path,
            handler: args.handler.clone(),
            runtime: args.runtime.clone(),
        })
    };
    match prepare(source.as_ref()) {
        Ok(code) => {
            eprintln!(
                "{who}: authorizer {}: {} on {}",
                code.origin(),
                code.handler,
                code.runtime
            );
        }
        Err(e) => {
            fail_hint(who, &e);
            return Err(ExitCode::from(EXIT_USAGE));
        }
    }
    let inputs = state.inputs.get_or_insert_with(Default::default);
    let changed = inputs.authorizer != source;
    inputs.authorizer = source;
    if changed {
        state.save(&global.state_dir).map_err(|e| {
            fail_hint(who, &e);
            ExitCode::from(EXIT_USAGE)
        })?;
    }
    Ok(changed)
}

/// `--browser-origin ORIGIN`: checked, remembered in the state file's inputs; when it
/// changed, step 4's browser actions are no longer done, so `setup` runs them again.
pub(crate) fn choose_browser_origin(
    global: &GlobalArgs,
    state: &mut crate::state::State,
    origin: Option<&str>,
    who: &str,
) -> Result<(), ExitCode> {
    use crate::flow::inputs::Field;
    use crate::steps::ActionId;
    let Some(origin) = origin else {
        return Ok(());
    };
    let inputs = state.inputs.get_or_insert_with(Default::default);
    let before = inputs.browser_origin.clone();
    if let Err(e) = inputs.set(Field::BrowserOrigin, origin) {
        fail_hint(&format!("{who}: --browser-origin {origin}"), &e);
        return Err(ExitCode::from(EXIT_USAGE));
    }
    if inputs.browser_origin == before {
        return Ok(());
    }
    for action in [ActionId::EnableCors, ActionId::CorsGatewayResponses] {
        state.actions.remove(action.key());
    }
    state.save(&global.state_dir).map_err(|e| {
        fail_hint(who, &e);
        ExitCode::from(EXIT_USAGE)
    })
}

/// Your own authorizer code differs from what step 3 deployed (it was edited since): `setup`
/// then runs step 3 on again. The bundled code changes only with authgate itself, and code
/// that cannot be read now is left for Deploy to report.
pub(crate) fn code_changed_since_deploy(state: &crate::state::State) -> bool {
    let Some(source) = state.inputs.as_ref().and_then(|i| i.authorizer.as_ref()) else {
        return false;
    };
    let Some(deployed) = &state.resources.function else {
        return false;
    };
    let changed = crate::authorizer_code::custom_authorizer::prepare(Some(source))
        .is_ok_and(|code| code.code_sha256() != deployed.details.code_sha256);
    if changed {
        eprintln!(
            "authgate setup: {} changed since it was deployed; step 3 runs again",
            source.path.display()
        );
    }
    changed
}
