//! `authgate check`'s engine: grade the tutorial's setup in the target, whoever built it,
//! read-only. Discovery from the account alone (the state file is a hint at most), then one
//! result per check and tutorial step, root cause first. No screen code here: the CLI
//! (`commands/check.rs`) and the wizard's learn mode both call [`run`].

mod cors_reading;
mod discover_auth0;
mod discover_aws;
mod discover_cors;
mod discover_role;
pub mod facts;
pub mod ids;
pub mod junit;
pub mod model;
mod probe;
mod root_cause;
mod step1;
mod step1_token;
mod step2;
mod step3;
mod step3_invoke;
mod step4;
mod step4_cors;
mod step4_cors_deployed;
mod step4_cors_headers;
mod step5;
pub mod texts;
mod values;
mod verdict;

use discover_aws::Stop;
pub use discover_cors::{OriginFlag, parse_flag as parse_browser_origin};
use facts::{AwsFacts, Facts};
pub use model::{CheckResult, Fix, Report, Status, StepReport, TargetKind};
pub use texts::Texts;

use crate::flow::{ActionFailure, Session};
use authgate_providers::auth0::Secret;

/// What to grade and with what.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only this step's results (causes are still found across every step).
    pub step: Option<u8>,
    pub api_id: Option<String>,
    /// Test with this token instead of one from a granted application.
    pub token: Option<Secret>,
    /// `--browser-origin`; `None`: step 4's setting in the state file.
    pub browser_origin: Option<OriginFlag>,
    pub texts: Texts,
    /// The five steps' titles, in order (from the steps file).
    pub titles: Vec<String>,
}

/// What discovery found, with the tokens it got (in memory only).
pub struct Discovery {
    pub facts: Facts,
    secrets: discover_auth0::Secrets,
}

impl Discovery {
    /// The test token (from a granted application, or `--token`).
    pub fn reader_token(&self) -> Option<&Secret> {
        self.secrets.reader.as_ref()
    }
}

/// Grades the target the session points at. `Err`: nothing could be checked (no
/// credentials, an `--api-id` that does not exist, several `PetStore` APIs).
pub async fn run(session: &mut Session, options: &Options) -> Result<Report, ActionFailure> {
    let found = Box::pin(discover(
        session,
        &Clues {
            api_id: options.api_id.as_deref(),
            token: options.token.as_ref(),
            browser_origin: options.browser_origin.as_ref(),
        },
        options.step == Some(1),
    ))
    .await?;
    let token = found.reader_token().map(Secret::expose);
    let report = grade(&found.facts, options, token);
    Ok(mask(report, &found.secrets.seen))
}

/// What the caller tells discovery: `--api-id`, `--token`, `--browser-origin`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clues<'a> {
    pub api_id: Option<&'a str>,
    pub token: Option<&'a Secret>,
    /// `--browser-origin`; `None`: step 4's setting in the state file.
    pub browser_origin: Option<&'a OriginFlag>,
}

/// Reads the tenant and the account (and probes them) as `check` does. `auth0_only`: an AWS
/// side that cannot be reached is left empty instead of stopping discovery.
pub async fn discover(
    session: &mut Session,
    clues: &Clues<'_>,
    auth0_only: bool,
) -> Result<Discovery, ActionFailure> {
    let Clues { api_id, token, .. } = *clues;
    let state = session.store.snapshot().await;
    let sandbox_url = session
        .sandbox_url()
        .map(|u| u.trim_end_matches('/').to_owned());
    let mut aws_facts = AwsFacts::default();
    let mut aws_cli = "aws".to_owned();
    let link = match session.aws().await {
        Ok(link) => Some(link),
        Err(_) if auth0_only => None,
        Err(e) => return Err(e),
    };
    if let Some(link) = &link {
        let aws = &link.aws;
        aws_facts.region.clone_from(&aws.region);
        aws_facts.account.clone_from(&link.identity.account);
        let endpoint = aws.endpoint.as_deref().map(|e| e.trim_end_matches('/'));
        aws_facts.executes = endpoint.is_none() || endpoint == sandbox_url.as_deref();
        if let Some(endpoint) = endpoint {
            aws_cli = format!("aws --endpoint-url {endpoint} --region {}", aws.region);
            if !aws_facts.executes {
                aws_facts.stand_in = Some(format!(
                    "the AWS endpoint {endpoint} is not AWS and not the authgate sandbox, so \
                     nothing there is known to run code or serve invoke URLs"
                ));
            }
        } else {
            aws_cli = format!("aws --region {}", aws.region);
        }
        let stage_hint = state.resources.stage.as_ref().map(|s| s.id.as_str());
        discover_aws::discover(aws, api_id, stage_hint, &mut aws_facts)
            .await
            .map_err(stopped)?;
        discover_role::function_and_role(aws, &mut aws_facts).await;
    }
    let target = if aws_facts.executes && sandbox_url.is_some() {
        TargetKind::Sandbox
    } else {
        TargetKind::Aws
    };
    let mut f = Facts {
        target,
        auth0: facts::Auth0Facts::default(),
        aws: aws_facts,
        required_permissions: None,
        aws_cli,
    };
    f.required_permissions = f
        .env(authgate_core::policy::RoutePermissions::ENV)
        .and_then(|text| authgate_core::policy::RoutePermissions::parse(text).ok());
    if let Some(link) = &link {
        let settings = state.inputs.as_ref().map(|i| i.browser_origin.as_str());
        let settings = settings.or(state.resources.cors.as_ref().map(|r| r.id.as_str()));
        let intent = discover_cors::intent(clues.browser_origin, settings);
        f.aws.browser = discover_cors::discover(&link.aws, &f, intent)
            .await
            .map_err(stopped)?;
    }
    let management = session.management().await?;
    let required = f.required();
    let from_state = state
        .resources
        .resource_server
        .as_ref()
        .map(|r| r.details.identifier.clone());
    let clues = discover_auth0::Clues {
        audience: f.env("AUDIENCE"),
        from_state: from_state.as_deref(),
        token,
        required: &required,
    };
    let mut auth0 = facts::Auth0Facts::default();
    let secrets = discover_auth0::discover(&management, &clues, &mut auth0)
        .await
        .map_err(|e| crate::flow::failure::failure("reading the Auth0 tenant", &e))?;
    f.auth0 = auth0;
    if let Some(base) = &sandbox_url {
        f.auth0.clock_skew_secs = clock_skew(management.http(), base).await;
    }
    if let Some(link) = &link {
        probe::probe(&link.aws, management.http(), &mut f, &secrets).await;
        discover_cors::probe(&link.aws, management.http(), &mut f).await;
    }
    Ok(Discovery { facts: f, secrets })
}

/// Every check's result from the facts, root causes marked, grouped by step.
pub fn grade(f: &Facts, options: &Options, token: Option<&str>) -> Report {
    let cx = verdict::Ctx::new(f, &options.texts);
    let mut results = step1::checks(&cx);
    results.extend(step2::checks(&cx));
    results.extend(step3::checks(&cx, token));
    results.extend(step4::checks(&cx));
    results.extend(step4_cors::checks(&cx));
    results.extend(step5::checks(&cx));
    root_cause::apply(&mut results);
    let steps = (1..=5u8)
        .map(|n| StepReport {
            step: n,
            title: options
                .titles
                .get(usize::from(n - 1))
                .cloned()
                .unwrap_or_else(|| format!("Step {n}")),
            checks: results.iter().filter(|r| r.step == n).cloned().collect(),
        })
        .collect();
    let subject = subject(f);
    let report = Report {
        target: f.target,
        subject,
        steps,
    };
    match options.step {
        Some(n) => report.only_step(n),
        None => report,
    }
}

fn subject(f: &Facts) -> String {
    let api = f.aws.rest_api.as_ref().map_or_else(
        || "no PetStore API".to_owned(),
        |a| {
            let stage = a.stage.as_ref().map_or("no stage", |s| s.name.as_str());
            format!("{} {} (stage {stage})", a.name, a.id)
        },
    );
    let auth0 = f.auth0.api.as_ref().map_or_else(
        || "no Auth0 API".to_owned(),
        |a| format!("Auth0 API {}", a.identifier),
    );
    format!("{api} · {auth0}")
}

/// Any secret seen during discovery, should a message quote it, becomes `***`.
fn mask(mut report: Report, secrets: &[Secret]) -> Report {
    let secrets: Vec<&str> = secrets
        .iter()
        .map(Secret::expose)
        .filter(|s| s.len() >= 8)
        .collect();
    let clean = |text: &mut String| {
        for secret in &secrets {
            if text.contains(secret) {
                *text = text.replace(secret, "***");
            }
        }
    };
    for step in &mut report.steps {
        for check in &mut step.checks {
            clean(&mut check.what);
            if let Some(hint) = &mut check.hint {
                clean(hint);
            }
        }
    }
    report
}

async fn clock_skew(http: &reqwest::Client, base: &str) -> Option<i64> {
    let value: serde_json::Value = http
        .get(format!("{base}/sandbox/clock-skew"))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    value["skew_secs"].as_i64()
}

fn stopped(stop: Stop) -> ActionFailure {
    match stop {
        Stop::NoSuchApi(id) => ActionFailure::new(
            format!("there is no REST API {id} here"),
            "--api-id names an API this account and region do not have",
            "list them with `aws apigateway get-rest-apis` (with --sandbox: `authgate --sandbox check` finds PetStore by name) and pass one id",
        ),
        Stop::Ambiguous(ids) => ActionFailure::new(
            format!(
                "{} REST APIs are named PetStore: {}",
                ids.len(),
                ids.join(", ")
            ),
            "check grades one API and cannot tell which one you built",
            format!("pass the one to grade: authgate check --api-id {}", ids[0]),
        ),
        Stop::Aws(e) => crate::flow::failure::failure("reading the AWS account", &e),
    }
}
