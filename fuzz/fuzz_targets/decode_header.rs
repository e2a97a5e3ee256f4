//! Authorization header → bearer token → decoded JWT → claim checks, plus the display decoder
//! and the methodArn parser: none may panic, and the decoder must agree with itself.
#![no_main]

use authgate_core::jwt::{self, Reason, claims};
use authgate_core::policy::{self, MethodArn};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(header) = std::str::from_utf8(data) else { return };
    match jwt::bearer_token(Some(header)) {
        Ok(token) => {
            assert!(header.len() <= jwt::MAX_HEADER_BYTES);
            if let Ok(decoded) = jwt::decode(token) {
                let expected = claims::Expected { issuer: "https://t.example/", audience: "https://api", leeway_secs: 60 };
                let _ = claims::check(&decoded.claims, expected, 1_790_000_000);
                let _ = claims::lifetime_note(&decoded.claims, 1_790_000_000);
                let (h, c) = jwt::decode_unverified(token).expect("decode and decode_unverified agree");
                assert_eq!(h, serde_json::Value::Object(decoded.header.clone()));
                assert_eq!(c, serde_json::Value::Object(decoded.claims.clone()));
                assert_eq!(decoded.signing_input.len() + decoded.signature.len() + 1, token.len());
            }
        }
        Err(failure) => assert!(matches!(
            failure.reason,
            Reason::MissingToken | Reason::NotBearer | Reason::TokenTooLarge
        )),
    }
    if let Ok(arn) = MethodArn::parse(header) {
        let document = policy::allow_response("p", &policy::PolicyScope::Stage.resource(&arn), &serde_json::json!({}));
        assert!(policy::evaluate(&document["policyDocument"], arn.as_str()).is_allow());
    }
});
