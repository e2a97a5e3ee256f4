use std::process::Command;

use axum::Router;
use axum::http::HeaderMap;
use axum::routing::get;

use super::{Language, SnippetRequest, quoted, render, shell_quoted, single_quoted};

const URL: &str = "https://abc123.execute-api.eu-west-1.amazonaws.com/dev/pets";
const HEADER: &str = "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

#[test]
fn every_language_matches_its_snapshot() {
    let request = SnippetRequest::get(URL, Some(HEADER));
    for language in Language::ALL {
        insta::assert_snapshot!(format!("snippet_{language:?}"), render(language, &request));
    }
}

#[test]
fn every_snippet_carries_the_url_and_the_header() {
    let request = SnippetRequest::get(URL, Some(HEADER));
    for language in Language::ALL {
        let code = render(language, &request);
        assert!(
            code.contains(HEADER),
            "{language:?} lost the header:\n{code}"
        );
        if language == Language::Python {
            assert!(
                code.contains("HTTPSConnection(\"abc123.execute-api.eu-west-1.amazonaws.com\")")
            );
            assert!(code.contains("\"/dev/pets\""));
        } else {
            assert!(code.contains(URL), "{language:?} lost the URL:\n{code}");
        }
    }
}

#[test]
fn a_post_carries_its_json_body_in_every_language() {
    let body = r#"{"type":"dog","price":249.99}"#;
    let request = SnippetRequest::post_json(URL, Some(HEADER), body);
    for language in Language::ALL {
        let code = render(language, &request);
        assert!(
            code.contains("POST") || code.contains("Post") || code.contains("post("),
            "{language:?}:\n{code}"
        );
        assert!(
            code.contains("dog") && code.contains("249.99"),
            "{language:?} lost the body:\n{code}"
        );
        assert!(code.contains("application/json"), "{language:?}:\n{code}");
    }
    insta::assert_snapshot!("post_snippet_Curl", render(Language::Curl, &request));
}

#[test]
fn without_a_token_no_header_is_sent() {
    let request = SnippetRequest::get(URL, None);
    for language in Language::ALL {
        let code = render(language, &request);
        assert!(
            !code.to_lowercase().contains("authorization"),
            "{language:?}:\n{code}"
        );
    }
}

#[test]
fn quoting_escapes_what_would_end_or_change_the_literal() {
    assert_eq!(quoted(r#"a"b\c"#), r#""a\"b\\c""#);
    assert_eq!(single_quoted(r"it's \ here"), r"'it\'s \\ here'");
    assert_eq!(shell_quoted("it's"), r"'it'\''s'");
}

#[test]
fn languages_cycle_both_ways() {
    let mut language = Language::Curl;
    for _ in 0..Language::ALL.len() {
        language = language.next();
    }
    assert_eq!(language, Language::Curl);
    assert_eq!(Language::Curl.previous(), Language::Swift);
}

/// The snippets we can run on this machine, run for real against a loopback server that
/// answers 200 only when the header arrived intact.
#[tokio::test]
async fn curl_and_python_snippets_run_against_a_loopback_server() {
    async fn pets(headers: HeaderMap) -> (axum::http::StatusCode, &'static str) {
        match headers.get("authorization").and_then(|v| v.to_str().ok()) {
            Some(HEADER) => (axum::http::StatusCode::OK, "[{\"id\":1}]"),
            _ => (axum::http::StatusCode::UNAUTHORIZED, "no"),
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/dev/pets", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        axum::serve(listener, Router::new().route("/dev/pets", get(pets)))
            .await
            .unwrap();
    });
    let request = SnippetRequest::get(url, Some(HEADER));
    let runs = [
        (
            "sh",
            vec!["-c".to_owned(), render(Language::Curl, &request)],
        ),
        (
            "python3",
            vec!["-c".to_owned(), render(Language::Python, &request)],
        ),
    ];
    for (program, args) in runs {
        let tool = if program == "sh" { "curl" } else { program };
        if Command::new(tool).arg("--version").output().is_err() {
            eprintln!("skipped: {tool} is not installed");
            continue;
        }
        let output = tokio::task::spawn_blocking(move || Command::new(program).args(args).output())
            .await
            .unwrap();
        let output = output.unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{program}: {output:?}");
        assert!(stdout.contains("[{\"id\":1}]"), "{program} got: {stdout}");
    }
    server.abort();
}
