//! `authgate authorizer audit [PATH | --function NAME]`: the code (a directory or zip, a
//! deployed function's, or the bundled authorizer) through the audit engine, printed for
//! people or as JSON. Exit code: the report's (1 when a security row fails, else 0); 2 when
//! the audit cannot run (a bad path, no interpreter, AWS unreachable…).

use std::process::ExitCode;

use super::super::out::outln;
use super::{AuthorizerError, audit_text};
use crate::authorizer_code::audit::{AuditSubject, audit};
use crate::authorizer_code::custom_authorizer::{AuthorizerCode, AuthorizerSource, prepare};
use crate::cli::{AuditArgs, GlobalArgs};
use authgate_core::hint::Hint as _;
use authgate_providers::aws::lambda::deployed_code::read_deployed_code;
use authgate_providers::aws::{Aws, AwsSettings};

const WHO: &str = "authgate authorizer audit";
/// The human report's width.
const WIDTH: usize = 80;

pub(super) async fn run(args: AuditArgs, global: &GlobalArgs) -> Result<ExitCode, AuthorizerError> {
    let (subject, origin) = match &args.function {
        Some(name) => match deployed(name, global).await {
            Ok(found) => found,
            Err(code) => return Ok(code),
        },
        None => local(&args)?,
    };
    eprintln!(
        "{WHO}: auditing {origin} ({} on {}) in the sandbox's Lambda runtime…",
        subject.code.handler, subject.code.runtime
    );
    let report = audit(subject).await?;
    if args.json {
        // Strings, numbers and enums only: serializing it cannot fail.
        #[allow(clippy::expect_used)]
        let text = serde_json::to_string_pretty(&report).expect("a report serializes");
        outln!("{text}")?;
    } else {
        outln!("{}", audit_text::render(&report, &origin, WIDTH).trim_end())?;
    }
    let failed = report.score.security_failed;
    if failed > 0 {
        eprintln!("{WHO}: exit 1: {failed} security row(s) failed");
    }
    Ok(ExitCode::from(
        u8::try_from(report.exit_code()).unwrap_or(crate::commands::out::EXIT_USAGE),
    ))
}

/// PATH (prepared like `--authorizer PATH`: detection, then the deterministic zip), or the
/// bundled authorizer.
fn local(args: &AuditArgs) -> Result<(AuditSubject, String), AuthorizerError> {
    let source = args.path.as_ref().map(|path| AuthorizerSource {
        path: path.clone(),
        handler: args.handler.clone(),
        runtime: args.runtime.clone(),
    });
    let code = prepare(source.as_ref())?;
    for note in &code.notes {
        eprintln!("{WHO}: {note}");
    }
    let origin = code.origin();
    Ok((AuditSubject::new(code), origin))
}

/// The deployed function's code and configuration, read with `GetFunction` (through the
/// sandbox under `--sandbox`). Failures are printed here (what, cause, fix) as exit 2.
async fn deployed(name: &str, global: &GlobalArgs) -> Result<(AuditSubject, String), ExitCode> {
    let session = super::super::session_from_flags(global, WHO).await?;
    let usage = |what: &str, cause: &str, fix: &str| {
        crate::commands::out::fail(WHO, &crate::flow::ActionFailure::new(what, cause, fix));
        ExitCode::from(crate::commands::out::EXIT_USAGE)
    };
    // The sandbox's endpoint under --sandbox (or AWS_ENDPOINT_URL, as for the session),
    // else the standard chain. No STS call: GetFunction is the only request to AWS.
    let endpoint = match std::env::var("AWS_ENDPOINT_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => session.sandbox_url().map(str::to_owned),
    };
    let settings = AwsSettings {
        endpoint,
        ..AwsSettings::default()
    };
    let aws = Aws::connect(&settings).await.map_err(|e| {
        usage(
            "loading the AWS configuration failed",
            &e.to_string(),
            &e.fix(),
        )
    })?;
    let http = authgate_core::http::client();
    let code = read_deployed_code(&aws, &http, name).await.map_err(|e| {
        usage(
            &format!("reading function {name} failed"),
            &e.to_string(),
            &e.fix(),
        )
    })?;
    let origin = format!("function {} (region {})", code.name, aws.region);
    let subject = AuditSubject {
        code: AuthorizerCode {
            zip: code.zip,
            runtime: code.runtime,
            handler: code.handler,
            custom: None,
            notes: Vec::new(),
        },
        env: code.env,
        timeout_secs: code.timeout_secs,
        memory_mb: code.memory_mb,
        quick: false,
    };
    Ok((subject, origin))
}
