use std::collections::BTreeMap;

use super::*;
use crate::gateway::fixtures;

fn api_with(paths: &[(&str, &[&str])]) -> DeployedApi {
    let mut api = fixtures::petstore_api(None);
    api.resources = paths
        .iter()
        .enumerate()
        .map(|(i, (path, methods))| DeployedResource {
            id: format!("r{i}"),
            path: (*path).to_owned(),
            methods: methods
                .iter()
                .map(|m| ((*m).to_owned(), fixtures::open_method(fixtures::mock(200))))
                .collect(),
        })
        .collect();
    api
}

fn resolve<'a>(
    api: &'a DeployedApi,
    method: &str,
    path: &str,
) -> Option<(&'a str, BTreeMap<String, String>)> {
    find(api, method, path).map(|m| (m.resource.path.as_str(), m.path_params))
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn petstore_routes_resolve_with_their_path_parameters() {
    let api = fixtures::petstore_api(None);
    assert_eq!(resolve(&api, "GET", "/"), Some(("/", params(&[]))));
    assert_eq!(resolve(&api, "GET", ""), Some(("/", params(&[]))));
    assert_eq!(resolve(&api, "get", "/pets"), Some(("/pets", params(&[]))));
    assert_eq!(resolve(&api, "GET", "/pets/"), Some(("/pets", params(&[]))));
    assert_eq!(
        resolve(&api, "GET", "/pets/42"),
        Some(("/pets/{petId}", params(&[("petId", "42")])))
    );
    assert_eq!(
        resolve(&api, "GET", "/pets/a%20b"),
        Some(("/pets/{petId}", params(&[("petId", "a b")])))
    );
}

#[test]
fn no_resource_or_no_method_is_no_route() {
    let api = fixtures::petstore_api(None);
    assert_eq!(resolve(&api, "GET", "/cats"), None);
    assert_eq!(resolve(&api, "GET", "/pets/1/toys"), None);
    assert_eq!(resolve(&api, "DELETE", "/pets/1"), None);
    assert_eq!(resolve(&api, "GET", "/pets//1"), None);
    // Paths are case-sensitive, as on API Gateway.
    assert_eq!(resolve(&api, "GET", "/Pets"), None);
}

#[test]
fn literal_beats_parameter_beats_greedy_and_any_catches_other_methods() {
    let api = api_with(&[
        ("/items/{id}", &["GET"]),
        ("/items/special", &["GET"]),
        ("/{proxy+}", &["ANY"]),
    ]);
    assert_eq!(
        resolve(&api, "GET", "/items/special").unwrap().0,
        "/items/special"
    );
    assert_eq!(resolve(&api, "GET", "/items/7").unwrap().0, "/items/{id}");
    assert_eq!(
        resolve(&api, "PATCH", "/a/b%2Fc/d"),
        Some(("/{proxy+}", params(&[("proxy", "a/b/c/d")])))
    );
    // The best resource wins even when it lacks the method: no fallback to a worse one.
    assert_eq!(resolve(&api, "POST", "/items/7"), None);
    // A greedy parameter needs at least one segment.
    assert_eq!(resolve(&api, "GET", "/"), None);
}
