use std::collections::BTreeMap;

use super::super::facts::{
    AwsFacts, Browser, BrowserFacts, CorsResource, Facts, MethodFacts, OriginFrom, RestApiFacts,
    StageFacts,
};
use super::super::model::{Report, Status, StepReport, TargetKind};
use super::super::verdict::Ctx;
use super::super::{Texts, root_cause};
use authgate_providers::aws::cors::read::PreflightSetup;
use authgate_providers::aws::cors::verdict::Seen;

const PAGE: &str = "http://127.0.0.1:5180";

fn method(auth: &str) -> MethodFacts {
    MethodFacts {
        authorization_type: auth.to_owned(),
        authorizer_id: (auth == "CUSTOM").then(|| "z1".to_owned()),
        api_key_required: false,
    }
}

/// `OPTIONS` as the console's Enable CORS makes it.
fn preflight() -> PreflightSetup {
    PreflightSetup {
        authorization_type: "NONE".into(),
        integration: Some("MOCK".into()),
        status: Some("200".into()),
        allow_origin: Some("*".into()),
        allow_headers: Some("Content-Type,X-Amz-Date,Authorization,X-Api-Key".into()),
        allow_methods: Some("GET,OPTIONS,POST".into()),
    }
}

fn answered(status: u16, origin: Option<&str>, headers: Option<&str>) -> Seen {
    Seen {
        status,
        allow_origin: origin.map(str::to_owned),
        allow_headers: headers.map(str::to_owned),
        allow_methods: None,
        error_type: (status >= 400).then(|| "UnauthorizedException".to_owned()),
    }
}

/// `/pets` with `GET` secured and the browser setup step 4 makes, deployed and live.
fn facts() -> Facts {
    let mut api = RestApiFacts {
        id: "api1".into(),
        name: "PetStore".into(),
        ..RestApiFacts::default()
    };
    api.methods.insert(
        "/pets".into(),
        BTreeMap::from([
            ("GET".to_owned(), method("CUSTOM")),
            ("OPTIONS".to_owned(), method("NONE")),
        ]),
    );
    api.resource_ids.insert("/pets".into(), "r1".into());
    let served = BTreeMap::from([(
        "/pets".to_owned(),
        BTreeMap::from([
            ("GET".to_owned(), ("CUSTOM".to_owned(), false)),
            ("OPTIONS".to_owned(), ("NONE".to_owned(), false)),
        ]),
    )]);
    api.stage = Some(StageFacts {
        name: "test".into(),
        deployment_id: "d1".into(),
        served: Some(served),
    });
    let browser = BrowserFacts {
        origin: PAGE.into(),
        from: OriginFrom::Settings,
        resources: vec![CorsResource {
            path: "/pets".into(),
            id: "r1".into(),
            methods: BTreeMap::from([("GET".to_owned(), "CUSTOM".to_owned())]),
            options: Some(preflight()),
            live: Some(Ok(answered(
                200,
                Some("*"),
                Some("Content-Type,Authorization"),
            ))),
        }],
        responses: Ok(BTreeMap::from([(
            "DEFAULT_4XX".to_owned(),
            Some(PAGE.to_owned()),
        )])),
        no_token: Some(Ok(answered(401, Some(PAGE), None))),
    };
    Facts {
        target: TargetKind::Sandbox,
        auth0: super::super::facts::Auth0Facts::default(),
        aws: AwsFacts {
            executes: true,
            rest_api: Some(api),
            browser: Browser::Set(Box::new(browser)),
            ..AwsFacts::default()
        },
        required_permissions: None,
        aws_cli: "aws".into(),
    }
}

fn browser(f: &mut Facts) -> &mut BrowserFacts {
    match &mut f.aws.browser {
        Browser::Set(b) => b,
        Browser::NotSet(_) => unreachable!(),
    }
}

/// The browser checks alone, root causes marked among them.
fn graded(f: &Facts) -> Report {
    let texts = Texts::load(None).unwrap();
    let cx = Ctx::new(f, &texts);
    let mut checks = super::checks(&cx);
    root_cause::apply(&mut checks);
    Report {
        target: f.target,
        subject: String::new(),
        steps: vec![StepReport {
            step: 4,
            title: String::new(),
            checks,
        }],
    }
}

/// Each browser check's status, and every failed one with what it says.
fn cors(f: &Facts) -> (Vec<(String, Status)>, Report) {
    let report = graded(f);
    let statuses = report
        .checks()
        .filter(|c| c.id.starts_with("step4.cors."))
        .map(|c| (c.id.trim_start_matches("step4.cors.").to_owned(), c.status))
        .collect();
    (statuses, report)
}

fn failed(f: &Facts) -> Vec<String> {
    cors(f)
        .0
        .into_iter()
        .filter(|(_, s)| *s == Status::Fail)
        .map(|(id, _)| id)
        .collect()
}

fn what<'a>(report: &'a Report, id: &str) -> &'a str {
    &report
        .checks()
        .find(|c| c.id == format!("step4.cors.{id}"))
        .unwrap()
        .what
}

#[test]
fn without_a_browser_the_checks_pass_saying_so() {
    let mut f = facts();
    f.aws.browser = Browser::NotSet("--browser-origin none".into());
    let (statuses, report) = cors(&f);
    assert_eq!(statuses.len(), 5);
    assert!(statuses.iter().all(|(_, s)| *s == Status::Pass));
    assert!(what(&report, "deployed").starts_with("not set up for a browser"));
}

#[test]
fn step_4s_browser_setup_passes_and_the_fix_names_the_origin() {
    let f = facts();
    assert_eq!(failed(&f), Vec::<String>::new(), "{:#?}", graded(&f));
    let report = graded(&f);
    let fix = report
        .checks()
        .find(|c| c.id == "step4.cors.gateway_responses")
        .and_then(|c| c.fix.clone())
        .unwrap();
    assert!(fix.cli.contains(&format!("'{PAGE}'")), "{}", fix.cli);
    assert!(fix.cli.contains("--rest-api-id api1"), "{}", fix.cli);
}

#[test]
fn an_authorizer_on_options_is_found_and_the_stage_agrees() {
    let mut f = facts();
    let b = browser(&mut f);
    b.resources[0].options.as_mut().unwrap().authorization_type = "CUSTOM".into();
    b.resources[0].live = Some(Ok(answered(401, None, None)));
    let api = f.aws.rest_api.as_mut().unwrap();
    let served = api.stage.as_mut().unwrap().served.as_mut().unwrap();
    served
        .get_mut("/pets")
        .unwrap()
        .get_mut("OPTIONS")
        .unwrap()
        .0 = "CUSTOM".into();
    assert_eq!(failed(&f), ["preflight_open"]);
    let report = graded(&f);
    let text = what(&report, "preflight_open");
    assert!(
        text.contains("OPTIONS /pets uses authorization CUSTOM"),
        "{text}"
    );
    assert!(text.contains("401 UnauthorizedException"), "live: {text}");
}

#[test]
fn the_same_change_not_deployed_follows_from_it() {
    let mut f = facts();
    browser(&mut f).resources[0]
        .options
        .as_mut()
        .unwrap()
        .authorization_type = "CUSTOM".into();
    assert_eq!(failed(&f), ["preflight_open", "deployed"]);
    let report = graded(&f);
    let deployed = report
        .checks()
        .find(|c| c.id == "step4.cors.deployed")
        .unwrap();
    assert_eq!(deployed.follows_from, Some("step4.cors.preflight_open"));
}

#[test]
fn an_authorized_any_without_options_and_no_options_at_all() {
    let mut f = facts();
    let r = &mut browser(&mut f).resources[0];
    r.options = None;
    r.methods.insert("ANY".into(), "CUSTOM".into());
    r.live = Some(Ok(answered(401, None, None)));
    let served = f.aws.rest_api.as_mut().unwrap().stage.as_mut().unwrap();
    served
        .served
        .as_mut()
        .unwrap()
        .get_mut("/pets")
        .unwrap()
        .remove("OPTIONS");
    assert_eq!(failed(&f), ["any_method", "allow_headers"]);
    let report = graded(&f);
    assert!(what(&report, "any_method").contains("ANY /pets uses authorization CUSTOM"));
    let headers = report
        .checks()
        .find(|c| c.id == "step4.cors.allow_headers")
        .unwrap();
    assert_eq!(headers.follows_from, Some("step4.cors.any_method"));

    browser(&mut f).resources[0].methods.remove("ANY");
    assert_eq!(failed(&f), ["preflight_open", "allow_headers"]);
}

#[test]
fn authorization_missing_from_allow_headers_and_a_star_not_covering_it() {
    for headers in ["Content-Type,X-Amz-Date", "*"] {
        let mut f = facts();
        let r = &mut browser(&mut f).resources[0];
        r.options.as_mut().unwrap().allow_headers = Some(headers.into());
        r.live = Some(Ok(answered(200, Some("*"), Some(headers))));
        assert_eq!(failed(&f), ["allow_headers"], "{headers}");
        let report = graded(&f);
        assert!(
            what(&report, "allow_headers").contains("without Authorization"),
            "{}",
            what(&report, "allow_headers")
        );
    }
}

#[test]
fn a_401_or_403_without_the_origin_is_found() {
    let mut f = facts();
    let b = browser(&mut f);
    b.responses = Ok(BTreeMap::new());
    b.no_token = Some(Ok(answered(401, None, None)));
    assert_eq!(failed(&f), ["gateway_responses"]);
    let report = graded(&f);
    let text = what(&report, "gateway_responses");
    assert!(
        text.contains("401 (UNAUTHORIZED) is API Gateway's default"),
        "{text}"
    );
    assert!(text.contains("Failed to fetch"), "{text}");

    let b = browser(&mut f);
    b.responses = Ok(BTreeMap::from([
        ("DEFAULT_4XX".to_owned(), Some(PAGE.to_owned())),
        ("ACCESS_DENIED".to_owned(), None),
    ]));
    b.no_token = Some(Ok(answered(401, Some(PAGE), None)));
    assert_eq!(failed(&f), ["gateway_responses"]);
    let report = graded(&f);
    assert!(
        what(&report, "gateway_responses")
            .contains("403 (ACCESS_DENIED, from the ACCESS_DENIED response)")
    );
}

#[test]
fn a_gateway_response_put_but_not_deployed() {
    let mut f = facts();
    browser(&mut f).no_token = Some(Ok(answered(401, None, None)));
    assert_eq!(failed(&f), ["deployed"]);
    let report = graded(&f);
    let text = what(&report, "deployed");
    assert!(
        text.contains("the 401") && text.contains("not deployed"),
        "{text}"
    );
}

#[test]
fn a_stand_in_cannot_say_what_is_deployed() {
    let mut f = facts();
    f.aws.executes = false;
    f.aws
        .rest_api
        .as_mut()
        .unwrap()
        .stage
        .as_mut()
        .unwrap()
        .served = None;
    let b = browser(&mut f);
    b.resources[0].live = None;
    b.no_token = None;
    let (statuses, _) = cors(&f);
    assert!(statuses.contains(&("deployed".to_owned(), Status::NotCheckable)));
    assert_eq!(failed(&f), Vec::<String>::new());
}
