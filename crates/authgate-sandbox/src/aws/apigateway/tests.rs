use super::*;

#[test]
fn an_empty_body_reads_as_an_empty_object() {
    let value: serde_json::Value = body(b"  ").unwrap();
    assert_eq!(value, serde_json::json!({}));
    let err = body::<serde_json::Value>(b"{").unwrap_err();
    assert_eq!(err.code, "BadRequestException");
}
