//! What to do about a function error, by the `errorType` the runtime reported: the fixes a
//! learner needs most when their own authorizer fails in Lambda (or the sandbox).

use serde_json::Value;

/// The likely cause and the fix for a function error payload (`{"errorType", "errorMessage"}`).
pub fn advice(payload: &str) -> (String, String) {
    let parsed: Value = serde_json::from_str(payload).unwrap_or_default();
    let error_type = parsed["errorType"].as_str().unwrap_or_default();
    let message = parsed["errorMessage"].as_str().unwrap_or(payload);
    let (cause, fix) = match error_type {
        "Runtime.CallbackHandlerDeprecated" => (
            "nodejs24.x runs only async handlers: a handler with a callback parameter is refused at init",
            "make the handler `async (event, context)`, return the policy and `throw new Error(\"Unauthorized\")` instead of calling callback or context.fail; or deploy it on nodejs22.x (--runtime nodejs22.x)",
        ),
        "Runtime.ImportModuleError" | "Runtime.UserCodeSyntaxError" => (
            "the handler's module (or one of its dependencies) could not be loaded",
            "check that the zip holds the handler file and its node_modules (run `npm install --omit=dev` before bundling) or, for Python, the packages installed with `pip install --target`",
        ),
        "Runtime.HandlerNotFound" | "Runtime.MalformedHandlerName" => (
            "the handler setting names a function the module does not export",
            "set the handler as FILE.FUNCTION (for example index.handler or app.handler) to match the code (--handler)",
        ),
        "Runtime.InvalidEntrypoint" => (
            "a custom runtime needs an executable `bootstrap` at the zip's root",
            "add the `bootstrap` file and make it executable (chmod +x) before zipping",
        ),
        "Runtime.ExitError" => (
            "the runtime process exited during the invocation",
            "read the function's log (r): an uncaught error or process.exit ended it",
        ),
        "Sandbox.Timedout" => (
            "the function ran past its timeout",
            "check that JWKS_URI is reachable from the function, or raise its timeout",
        ),
        _ if message == "Unauthorized" => (
            "the function refused the token (\"Unauthorized\")",
            "check TOKEN_ISSUER, JWKS_URI and AUDIENCE in the function's environment (rerun Deploy the Lambda function)",
        ),
        _ => (
            "the function threw an error other than \"Unauthorized\", which API Gateway answers with 500",
            "read the function's log (r); to refuse a token, throw exactly \"Unauthorized\"",
        ),
    };
    (
        format!("{cause}: {error_type} {message}")
            .trim_end()
            .to_owned(),
        fix.to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::advice;

    #[test]
    fn each_runtime_error_gets_its_own_fix() {
        let (cause, fix) =
            advice(r#"{"errorType":"Runtime.CallbackHandlerDeprecated","errorMessage":"x"}"#);
        assert!(cause.contains("nodejs24.x"), "{cause}");
        assert!(fix.contains("async"), "{fix}");
        let (cause, _) =
            advice(r#"{"errorType":"string","errorMessage":"Unauthorized","trace":[]}"#);
        assert!(cause.contains("refused the token"), "{cause}");
        let (_, fix) = advice(r#"{"errorType":"Error","errorMessage":"jwt malformed"}"#);
        assert!(fix.contains("exactly \"Unauthorized\""), "{fix}");
    }
}
