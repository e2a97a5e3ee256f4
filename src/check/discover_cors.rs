//! The browser side, read-only: which origin the page has (`--browser-origin`, else step 4's
//! setting in the state file, else the origin a hand-made 4XX gateway response allows), the
//! `OPTIONS` method of each resource the page calls with a token, the customised gateway
//! responses, and, where the target serves invoke URLs, the stage's live answers to a
//! preflight and to a call without a token from that origin.

use std::collections::BTreeMap;

use super::discover_aws::Stop;
use super::facts::{Browser, BrowserFacts, CorsResource, Facts, OriginFrom, probe_origin};
use authgate_providers::aws::Aws;
use authgate_providers::aws::cors::live::{get_without_token, preflight};
use authgate_providers::aws::cors::read::{read_gateway_cors, read_preflight};
use authgate_providers::aws::cors::valid_origin;
use authgate_providers::aws::http::invoke_url;

/// What the caller knows about the page before reading the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// No page calls the API; why check knows.
    NoBrowser(String),
    Origin(String, OriginFrom),
    /// Nothing said: a 4XX gateway response that allows an origin tells.
    Infer,
}

/// `check --browser-origin`: the page's origin, or `none`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginFlag {
    NoBrowser,
    Origin(String),
}

/// The value of `--browser-origin`: an origin, or `none`.
pub fn parse_flag(value: &str) -> Result<OriginFlag, String> {
    match value {
        "" | "none" => Ok(OriginFlag::NoBrowser),
        origin if valid_origin(origin) => Ok(OriginFlag::Origin(origin.to_owned())),
        other => Err(format!(
            "{other} is not an origin: scheme://host[:port] with no path (http://127.0.0.1:5180), `*` or `none`"
        )),
    }
}

/// `--browser-origin` first, then step 4's setting (`Some("")`: none).
pub fn intent(flag: Option<&OriginFlag>, settings: Option<&str>) -> Intent {
    match (flag, settings) {
        (Some(OriginFlag::NoBrowser), _) => Intent::NoBrowser("--browser-origin none".to_owned()),
        (Some(OriginFlag::Origin(origin)), _) => Intent::Origin(origin.clone(), OriginFrom::Flag),
        (None, Some("")) => Intent::NoBrowser(
            "step 4's setting says no browser calls the API (browser origin: none)".to_owned(),
        ),
        (None, Some(origin)) => Intent::Origin(origin.to_owned(), OriginFrom::Settings),
        (None, None) => Intent::Infer,
    }
}

/// The resources a page calls with a token: a method other than `OPTIONS` with an
/// authorizer, or one step 4 secures.
fn secured_paths(f: &Facts) -> Vec<String> {
    let Some(api) = &f.aws.rest_api else {
        return Vec::new();
    };
    let mut paths: Vec<String> = api
        .methods
        .iter()
        .filter(|(_, methods)| {
            methods
                .iter()
                .any(|(verb, m)| verb != "OPTIONS" && m.authorization_type != "NONE")
        })
        .map(|(path, _)| path.clone())
        .collect();
    for (path, _) in super::step4::wanted(f) {
        if api.methods.contains_key(&path) && !paths.contains(&path) {
            paths.push(path);
        }
    }
    paths.sort();
    paths
}

/// Reads the browser setup of the graded API.
pub async fn discover(aws: &Aws, f: &Facts, intent: Intent) -> Result<Browser, Stop> {
    let Some(api) = &f.aws.rest_api else {
        return Ok(match intent {
            Intent::Origin(origin, from) => Browser::Set(Box::new(BrowserFacts {
                origin,
                from,
                resources: Vec::new(),
                responses: Ok(BTreeMap::new()),
                no_token: None,
            })),
            Intent::NoBrowser(why) => Browser::NotSet(why),
            Intent::Infer => Browser::NotSet("there is no API to read".to_owned()),
        });
    };
    if let Intent::NoBrowser(why) = intent {
        return Ok(Browser::NotSet(why));
    }
    let responses = read_gateway_cors(aws, &api.id)
        .await
        .map_err(|e| e.to_string());
    let (origin, from) = if let Intent::Origin(origin, from) = intent {
        (origin, from)
    } else {
        {
            let found = responses.as_ref().ok().and_then(|all| {
                ["UNAUTHORIZED", "ACCESS_DENIED", "DEFAULT_4XX"]
                    .into_iter()
                    .find_map(|kind| Some((kind, all.get(kind)?.clone()?)))
            });
            let Some((kind, origin)) = found else {
                return Ok(Browser::NotSet(
                    "no --browser-origin, no browser origin in the state file, and no 4XX \
                     gateway response allows an origin"
                        .to_owned(),
                ));
            };
            (origin, OriginFrom::GatewayResponse(kind.to_owned()))
        }
    };
    let mut resources = Vec::new();
    for path in secured_paths(f) {
        let id = api.resource_ids.get(&path).cloned().unwrap_or_default();
        let methods = api
            .methods
            .get(&path)
            .into_iter()
            .flatten()
            .filter(|(verb, _)| *verb != "OPTIONS")
            .map(|(verb, m)| (verb.clone(), m.authorization_type.clone()))
            .collect();
        let options = if api
            .methods
            .get(&path)
            .is_some_and(|m| m.contains_key("OPTIONS"))
        {
            read_preflight(aws, &api.id, &id).await?
        } else {
            None
        };
        resources.push(CorsResource {
            path,
            id,
            methods,
            options,
            live: None,
        });
    }
    Ok(Browser::Set(Box::new(BrowserFacts {
        origin,
        from,
        resources,
        responses,
        no_token: None,
    })))
}

/// The stage's answers to the page: a preflight per resource, and `GET /pets` without a
/// token. Only where the target serves invoke URLs.
pub async fn probe(aws: &Aws, http: &reqwest::Client, f: &mut Facts) {
    let (Some(api), true) = (&f.aws.rest_api, f.aws.executes) else {
        return;
    };
    let Some(stage) = &api.stage else {
        return;
    };
    let base = invoke_url(aws.endpoint.as_deref(), &aws.region, &api.id, &stage.name);
    let Browser::Set(browser) = &mut f.aws.browser else {
        return;
    };
    let origin = probe_origin(&browser.origin);
    for resource in &mut browser.resources {
        let path = super::step4::sample_path(&resource.path);
        let seen = preflight(http, &base, &path, &origin, resource.verb()).await;
        resource.live = Some(seen.map_err(|e| e.to_string()));
    }
    let seen = get_without_token(http, &base, "/pets", &origin).await;
    browser.no_token = Some(seen.map_err(|e| e.to_string()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_comes_first_then_the_settings_then_the_api_tells() {
        let page = "http://127.0.0.1:5180";
        let flag = OriginFlag::Origin(page.into());
        assert_eq!(
            intent(Some(&flag), Some("")),
            Intent::Origin(page.into(), OriginFrom::Flag)
        );
        assert!(matches!(
            intent(Some(&OriginFlag::NoBrowser), Some(page)),
            Intent::NoBrowser(_)
        ));
        assert_eq!(
            intent(None, Some(page)),
            Intent::Origin(page.into(), OriginFrom::Settings)
        );
        assert!(matches!(intent(None, Some("")), Intent::NoBrowser(_)));
        assert_eq!(intent(None, None), Intent::Infer);
    }

    #[test]
    fn the_flag_takes_an_origin_or_none() {
        assert_eq!(parse_flag("none"), Ok(OriginFlag::NoBrowser));
        assert_eq!(parse_flag("*"), Ok(OriginFlag::Origin("*".into())));
        assert!(parse_flag("http://a:1/path").is_err());
    }
}
