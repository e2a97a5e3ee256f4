//! Lambda's execution environments behind the gateway's uncached path (authorizer TTL 0):
//! concurrent requests get environments of their own (their REPORT lines carry
//! `Init Duration`), later requests reuse warm ones, and a function that runs past its
//! timeout is a 500 at the gateway, "Task timed out" in its log, and a new environment.

use std::io::Write as _;

use aws_sdk_lambda::primitives::Blob;
use serde_json::Value;

use super::backend::Backend;
use super::tutorial::{Deployed, deploy, secure_get_pets};

const FUNCTION: &str = "jwtRsaCustomAuthorizer";

fn pets_url(d: &Deployed) -> String {
    format!("{}/restapis/{}/test/_user_request_/pets", d.base, d.api_id)
}

/// The function's invocation logs so far (the sandbox's `CloudWatch` stand-in).
async fn logs(d: &Deployed) -> Vec<String> {
    let url = format!("{}/sandbox/functions/{FUNCTION}/log", d.base);
    let body: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    body["invocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect()
}

fn cold_starts(logs: &[String]) -> usize {
    logs.iter()
        .filter(|l| l.contains("\tInit Duration: "))
        .count()
}

#[tokio::test]
async fn concurrent_uncached_requests_get_environments_and_later_ones_reuse_them() {
    let d = deploy(0).await;
    secure_get_pets(&d).await;
    let client = authgate_core::http::client();
    let get = || async {
        client
            .get(pets_url(&d))
            .header("authorization", &d.bearer)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    let burst = futures::future::join_all((0..8).map(|_| get())).await;
    assert!(burst.iter().all(|s| *s == 200), "{burst:?}");
    let after_burst = logs(&d).await;
    assert_eq!(after_burst.len(), 8, "TTL 0: one invocation per request");
    let cold = cold_starts(&after_burst);
    assert!((1..=8).contains(&cold), "up to 8 environments, got {cold}");
    for _ in 0..8 {
        assert_eq!(get().await, 200);
    }
    let all = logs(&d).await;
    assert_eq!(all.len(), 16);
    assert_eq!(
        cold_starts(&all),
        cold,
        "later requests ran in warm environments"
    );
}

#[tokio::test]
async fn a_function_past_its_timeout_is_a_500_and_gets_a_new_environment() {
    let d = deploy(0).await;
    secure_get_pets(&d).await;
    let Backend::Sandbox(_) = &d.backend else {
        unreachable!()
    };
    let sleeps = "export const handler = async (e) => { if (e.authorizationToken.endsWith('slow')) await new Promise((r) => setTimeout(r, 5000)); throw new Error('Unauthorized'); };";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("index.mjs", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(sleeps.as_bytes()).unwrap();
    let zip = zip.finish().unwrap().into_inner();
    d.aws
        .lambda
        .update_function_code()
        .function_name(FUNCTION)
        .zip_file(Blob::new(zip))
        .send()
        .await
        .unwrap();
    d.aws
        .lambda
        .update_function_configuration()
        .function_name(FUNCTION)
        .timeout(1)
        .send()
        .await
        .unwrap();
    let client = authgate_core::http::client();
    let call = |token: &'static str| {
        client
            .get(pets_url(&d))
            .header("authorization", format!("Bearer {token}"))
            .send()
    };
    let started = std::time::Instant::now();
    assert_eq!(call("a.b.slow").await.unwrap().status(), 500);
    assert!(
        started.elapsed().as_secs() < 4,
        "killed at the 1 s deadline"
    );
    let timed_out = logs(&d).await;
    let last = timed_out.last().unwrap();
    assert!(last.contains("Task timed out after 1.00 seconds"), "{last}");
    assert_eq!(call("a.b.fast").await.unwrap().status(), 401);
    let after = logs(&d).await;
    assert!(
        after.last().unwrap().contains("\tInit Duration: "),
        "the killed environment was replaced: {}",
        after.last().unwrap()
    );
}

#[tokio::test]
async fn get_function_names_a_url_that_serves_the_deployed_zip() {
    let d = deploy(300).await;
    let got = d
        .aws
        .lambda
        .get_function()
        .function_name(FUNCTION)
        .send()
        .await
        .unwrap();
    let location = got.code().and_then(|c| c.location()).unwrap().to_owned();
    assert!(location.starts_with("http://127.0.0.1:"), "{location}");
    let zip = reqwest::get(&location)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let sha = authgate_core::bundle::Bundle {
        bytes: zip.to_vec(),
    }
    .code_sha256();
    assert_eq!(
        Some(sha.as_str()),
        got.configuration().and_then(|c| c.code_sha256())
    );
}

#[tokio::test]
async fn reserved_concurrency_is_set_read_and_removed_through_the_sdk() {
    let d = deploy(300).await;
    let lambda = &d.aws.lambda;
    let put = lambda
        .put_function_concurrency()
        .function_name(FUNCTION)
        .reserved_concurrent_executions(1)
        .send()
        .await
        .unwrap();
    assert_eq!(put.reserved_concurrent_executions(), Some(1));
    let got = lambda
        .get_function()
        .function_name(FUNCTION)
        .send()
        .await
        .unwrap();
    assert_eq!(
        got.concurrency()
            .and_then(aws_sdk_lambda::types::Concurrency::reserved_concurrent_executions),
        Some(1)
    );
    let read = lambda
        .get_function_concurrency()
        .function_name(FUNCTION)
        .send()
        .await
        .unwrap();
    assert_eq!(read.reserved_concurrent_executions(), Some(1));
    lambda
        .delete_function_concurrency()
        .function_name(FUNCTION)
        .send()
        .await
        .unwrap();
    let read = lambda
        .get_function_concurrency()
        .function_name(FUNCTION)
        .send()
        .await
        .unwrap();
    assert_eq!(read.reserved_concurrent_executions(), None);
}
