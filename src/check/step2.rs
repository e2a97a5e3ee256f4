//! Step 2's checks: the `PetStore` API imported, deployed to a stage, and the tutorial's two
//! calls on the invoke URL (`GET /`, `GET /pets/1`).

use super::facts::Facts;
use super::model::CheckResult;
use super::verdict::Ctx;
use authgate_core::hint::capped;
use authgate_providers::aws::http::Exchange;

const IMPORTED: &str = "step2.api.imported";
const STAGE: &str = "step2.stage.deployed";
/// The methods the example API must have for the tutorial.
const NEEDED: [(&str, &str); 3] = [
    ("/pets", "GET"),
    ("/pets", "POST"),
    ("/pets/{petId}", "GET"),
];

pub fn checks(cx: &Ctx) -> Vec<CheckResult> {
    let aws = &cx.facts.aws;
    let Some(api) = &aws.rest_api else {
        return vec![
            cx.fail(
                IMPORTED,
                "no REST API named PetStore in this account and region",
            ),
            cx.blocked(STAGE, IMPORTED, "no API"),
            cx.blocked("step2.call.root", IMPORTED, "no API"),
            cx.blocked("step2.call.pet", IMPORTED, "no API"),
        ];
    };
    let missing: Vec<String> = NEEDED
        .iter()
        .filter(|(path, verb)| {
            !api.methods
                .get(*path)
                .is_some_and(|m| m.contains_key(*verb))
        })
        .map(|(path, verb)| format!("{verb} {path}"))
        .collect();
    let mut out = vec![cx.judge(
        IMPORTED,
        missing.is_empty(),
        if missing.is_empty() {
            format!(
                "{} ({}) has GET /pets, POST /pets, GET /pets/{{petId}}",
                api.name, api.id
            )
        } else {
            format!("{} ({}) lacks {}", api.name, api.id, missing.join(", "))
        },
    )];
    let Some(stage) = &api.stage else {
        out.push(cx.fail(STAGE, "the API is deployed to no stage"));
        out.push(cx.blocked("step2.call.root", STAGE, "no stage"));
        out.push(cx.blocked("step2.call.pet", STAGE, "no stage"));
        return out;
    };
    let others = if api.stages.len() > 1 {
        format!(
            " (stages: {}; graded: {})",
            api.stages.join(", "),
            stage.name
        )
    } else {
        String::new()
    };
    out.push(cx.pass(
        STAGE,
        format!(
            "stage {} serves deployment {}{others}",
            stage.name, stage.deployment_id
        ),
    ));
    out.push(call(
        cx,
        "step2.call.root",
        "/",
        aws.calls.root.as_ref(),
        |ex| ex.status == 200,
    ));
    out.push(call(
        cx,
        "step2.call.pet",
        "/pets/1",
        aws.calls.pet.as_ref(),
        |ex| ex.status == 200 && ex.body.contains("\"id\""),
    ));
    out
}

/// A data-plane call's check; a 401 on a method secured on the stage still proves it answers.
fn call(
    cx: &Ctx,
    id: &'static str,
    path: &str,
    answer: Option<&Result<Exchange, String>>,
    good: impl Fn(&Exchange) -> bool,
) -> CheckResult {
    let f = cx.facts;
    if !f.aws.executes {
        return cx.not_checkable(id, stand_in(f));
    }
    match answer {
        None => cx.blocked(id, STAGE, "no invoke URL"),
        Some(Err(e)) => cx.fail(id, format!("GET {path} could not be sent: {e}")),
        Some(Ok(ex)) if good(ex) => cx.pass(id, format!("GET {path} → {}", ex.status)),
        Some(Ok(ex)) if ex.status == 401 && served_custom(f, path) => cx.pass(
            id,
            format!("GET {path} → 401: the stage answers, and the method is secured (step 4)"),
        ),
        Some(Ok(ex)) => cx.fail(id, format!("GET {path} → {}", describe(ex))),
    }
}

fn served_custom(f: &Facts, path: &str) -> bool {
    let resource = if path == "/" { "/" } else { "/pets/{petId}" };
    f.aws
        .rest_api
        .as_ref()
        .and_then(|a| {
            a.stage
                .as_ref()?
                .served
                .as_ref()?
                .get(resource)?
                .get("GET")
                .cloned()
        })
        .is_some_and(|(auth, _)| auth == "CUSTOM")
}

/// `401 UnauthorizedException {"message":"Unauthorized"}`, cut short.
pub fn describe(ex: &Exchange) -> String {
    let mut text = ex.status.to_string();
    if let Some(kind) = &ex.error_type {
        text.push(' ');
        text.push_str(kind);
    }
    let body = ex.body.trim();
    if !body.is_empty() {
        text.push(' ');
        text.push_str(&capped(&body.replace('\n', " "), 120));
    }
    text
}

/// Why the target cannot answer calls: its AWS endpoint runs no code.
pub fn stand_in(f: &Facts) -> String {
    f.aws.stand_in.clone().unwrap_or_else(|| {
        "the AWS endpoint is a stand-in that runs no code and serves no invoke URL".to_owned()
    })
}
