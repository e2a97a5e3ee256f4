use super::*;
use serde_json::json;

const NOW: i64 = 1_790_000_000;
const EXPECTED: Expected<'static> = Expected {
    issuer: "https://t.example/",
    audience: "https://api",
    leeway_secs: 60,
};

fn claims(value: &Value) -> Claims {
    let mut base = json!({"iss": "https://t.example/", "sub": "c@clients", "aud": "https://api", "exp": NOW + 3600});
    base.as_object_mut()
        .unwrap()
        .extend(value.as_object().unwrap().clone());
    base.as_object().unwrap().clone()
}

fn reason(extra: &Value) -> Option<Reason> {
    check(&claims(extra), EXPECTED, NOW).err().map(|f| f.reason)
}

#[test]
fn pinned_order_and_codes() {
    assert_eq!(reason(&json!({})), None);
    assert_eq!(reason(&json!({"aud": ["x", "https://api"]})), None);
    assert_eq!(reason(&json!({"exp": NOW - 60})), None, "inside the leeway");
    assert_eq!(reason(&json!({"exp": NOW - 61})), Some(Reason::Expired));
    assert_eq!(
        reason(&json!({"exp": "1790003600"})),
        Some(Reason::InvalidClaimType)
    );
    assert_eq!(
        reason(&json!({"iat": "x", "iss": "other"})),
        Some(Reason::InvalidClaimType)
    );
    assert_eq!(reason(&json!({"sub": 5})), Some(Reason::InvalidClaimType));
    assert_eq!(
        reason(&json!({"aud": ["x", 1]})),
        Some(Reason::InvalidClaimType)
    );
    assert_eq!(reason(&json!({"nbf": NOW + 61})), Some(Reason::NotYetValid));
    assert_eq!(reason(&json!({"nbf": NOW + 60})), None);
    assert_eq!(
        reason(&json!({"exp": NOW - 100, "iss": "x"})),
        Some(Reason::Expired)
    );
    assert_eq!(
        reason(&json!({"iss": "https://t.example", "aud": "x"})),
        Some(Reason::IssuerMismatch)
    );
    assert_eq!(reason(&json!({"aud": []})), Some(Reason::AudienceMismatch));
    let mut no_exp = claims(&json!({}));
    no_exp.remove("exp");
    assert_eq!(
        check(&no_exp, EXPECTED, NOW).unwrap_err().reason,
        Reason::MissingExp
    );
    let mut no_sub = claims(&json!({}));
    no_sub.remove("sub");
    assert_eq!(
        check(&no_sub, EXPECTED, NOW).unwrap_err().reason,
        Reason::InvalidClaimType
    );
}

#[test]
fn messages_explain_and_fix() {
    let expired = check(&claims(&json!({"exp": NOW - 7980})), EXPECTED, NOW).unwrap_err();
    assert!(
        expired.message.starts_with("token expired 2h13m ago (exp "),
        "{}",
        expired.message
    );
    assert!(expired.hint.contains("authgate token"));
    let slash = check(&claims(&json!({"iss": "https://t.example"})), EXPECTED, NOW).unwrap_err();
    assert!(slash.hint.contains("trailing slash"), "{}", slash.hint);
    let other = check(&claims(&json!({"iss": "https://evil/"})), EXPECTED, NOW).unwrap_err();
    assert!(!other.hint.contains("trailing slash"));
    assert!(
        lifetime_note(&claims(&json!({"iat": NOW})), NOW)
            .unwrap()
            .contains("lifetime 1h0m")
    );
}
