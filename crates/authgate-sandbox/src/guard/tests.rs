use axum::http::{HeaderMap, Method};

use super::{Guard, Refused, Surface};

const SIGNED: &str = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/iam/aws4_request, \
                      SignedHeaders=host, Signature=00";

fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        headers.insert(*name, value.parse().unwrap());
    }
    headers
}

fn check(method: &Method, path: &str, pairs: &[(&'static str, &str)]) -> Result<(), Refused> {
    Guard::new(4566).check(method, path, &headers(pairs))
}

#[test]
fn paths_belong_to_the_provider_they_imitate() {
    assert_eq!(Surface::of("/"), Surface::AwsQuery);
    assert_eq!(
        Surface::of("/restapis/abc/prod/_user_request_/pets"),
        Surface::DataPlane
    );
    assert_eq!(
        Surface::of("/restapis/abc/prod/_user_request_"),
        Surface::DataPlane
    );
    assert_eq!(
        Surface::of("/restapis/abc/stages/prod"),
        Surface::AwsRestJson
    );
    assert_eq!(
        Surface::of("/2015-03-31/functions/f/invocations"),
        Surface::AwsRestJson
    );
    assert_eq!(Surface::of("/oauth/token"), Surface::Auth0OAuth);
    assert_eq!(Surface::of("/api/v2/clients"), Surface::Auth0Management);
    assert_eq!(
        Surface::of("/.well-known/jwks.json"),
        Surface::Auth0Management
    );
    assert_eq!(Surface::of("/sandbox/rotate-keys"), Surface::Hooks);
}

#[test]
fn only_the_sandboxs_own_loopback_authority_is_served() {
    for host in [
        "127.0.0.1:4566",
        "localhost:4566",
        "LOCALHOST:4566",
        "[::1]:4566",
    ] {
        assert_eq!(
            check(&Method::GET, "/.well-known/jwks.json", &[("host", host)]),
            Ok(())
        );
    }
    for host in [
        "evil.example:4566",
        "127.0.0.1:80",
        "127.0.0.1",
        "127.0.0.2:4566",
        "[::1]",
    ] {
        let refused = check(
            &Method::GET,
            "/restapis/a/s/_user_request_/",
            &[("host", host)],
        );
        assert_eq!(
            refused,
            Err(Refused::ForeignHost(host.to_owned())),
            "{host}"
        );
    }
    assert!(matches!(
        check(&Method::GET, "/.well-known/jwks.json", &[]),
        Err(Refused::ForeignHost(_))
    ));
}

#[test]
fn cross_origin_requests_are_refused_except_on_the_data_plane() {
    let host = ("host", "127.0.0.1:4566");
    for (name, value) in [
        ("origin", "http://evil.example"),
        ("origin", "null"),
        ("origin", "http://127.0.0.1:8000"),
        ("origin", "https://127.0.0.1:4566"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ] {
        let refused = check(&Method::POST, "/oauth/device/code", &[host, (name, value)]);
        assert!(
            matches!(refused, Err(Refused::CrossOrigin(_))),
            "{name}: {value}"
        );
        // A web app's sign-in: the page navigates to /authorize and exchanges its code; the
        // token endpoint itself answers a page only for that grant (tenant::oauth).
        for (method, path) in [(Method::GET, "/authorize"), (Method::POST, "/oauth/token")] {
            let web_app = check(&method, path, &[host, (name, value)]);
            assert_eq!(web_app, Ok(()), "{method} {path} from {value}");
        }
        let form_post = check(&Method::POST, "/authorize", &[host, (name, value)]);
        assert!(matches!(form_post, Err(Refused::CrossOrigin(_))), "{value}");
        let data = check(
            &Method::POST,
            "/restapis/a/s/_user_request_/pets",
            &[host, (name, value)],
        );
        assert_eq!(data, Ok(()), "the data plane stays open to {value}");
    }
    let own = [
        host,
        ("origin", "http://localhost:4566"),
        ("sec-fetch-site", "same-origin"),
    ];
    assert_eq!(check(&Method::POST, "/oauth/token", &own), Ok(()));
}

#[test]
fn aws_control_plane_calls_need_a_sigv4_header() {
    let host = ("host", "127.0.0.1:4566");
    for path in ["/", "/restapis", "/2015-03-31/functions/f/invocations"] {
        assert_eq!(
            check(&Method::POST, path, &[host]),
            Err(Refused::Unsigned),
            "{path}"
        );
        let bearer = check(&Method::POST, path, &[host, ("authorization", "Bearer x")]);
        assert_eq!(bearer, Err(Refused::Unsigned), "{path}");
        let signed = check(&Method::POST, path, &[host, ("authorization", SIGNED)]);
        assert_eq!(signed, Ok(()), "{path}");
    }
}

#[test]
fn hooks_that_change_something_take_json_only() {
    let host = ("host", "127.0.0.1:4566");
    let text = ("content-type", "text/plain");
    assert_eq!(
        check(&Method::POST, "/sandbox/rotate-keys", &[host, text]),
        Err(Refused::NotJson)
    );
    assert_eq!(
        check(&Method::DELETE, "/sandbox/authorizer-cache", &[host]),
        Err(Refused::NotJson)
    );
    let json = ("content-type", "application/json; charset=utf-8");
    assert_eq!(
        check(&Method::POST, "/sandbox/rotate-keys", &[host, json]),
        Ok(())
    );
    assert_eq!(
        check(&Method::GET, "/sandbox/authorizer-cache", &[host]),
        Ok(())
    );
}

#[test]
fn refusals_come_in_the_providers_shape() {
    let xml = Surface::AwsQuery.refuse(&Refused::Unsigned);
    assert_eq!(xml.status(), 403);
    assert_eq!(xml.headers()["content-type"], "text/xml");
    let json = Surface::AwsRestJson.refuse(&Refused::CrossOrigin("origin null".into()));
    assert_eq!(json.headers()["x-amzn-ErrorType"], "AccessDeniedException");
    let hook = Surface::Hooks.refuse(&Refused::NotJson);
    assert_eq!(hook.status(), 415);
    assert!(
        Refused::CrossOrigin("origin null".into())
            .to_string()
            .starts_with(
                "cross-origin request refused: the sandbox only takes control-plane calls"
            )
    );
}

#[test]
fn the_activate_page_takes_its_own_form_posts_and_refuses_other_sites() {
    assert_eq!(Surface::of("/activate"), Surface::LoginPage);
    let host = ("host", "127.0.0.1:4566");
    let own = [
        host,
        ("origin", "http://127.0.0.1:4566"),
        ("sec-fetch-site", "same-origin"),
    ];
    assert_eq!(check(&Method::POST, "/activate", &own), Ok(()));
    assert_eq!(
        check(
            &Method::GET,
            "/activate",
            &[host, ("sec-fetch-site", "none")]
        ),
        Ok(())
    );
    for foreign in [
        [
            host,
            ("origin", "http://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        [host, ("origin", "null"), ("sec-fetch-site", "same-origin")],
        [
            host,
            ("origin", "http://127.0.0.1:4566"),
            ("sec-fetch-site", "same-site"),
        ],
    ] {
        assert!(
            matches!(
                check(&Method::POST, "/activate", &foreign),
                Err(Refused::CrossOrigin(_))
            ),
            "{foreign:?}"
        );
    }
}
