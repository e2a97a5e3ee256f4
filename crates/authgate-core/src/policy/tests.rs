use super::*;

const ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";

fn doc(statements: &Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

#[test]
fn allow_for_each_scope_matches_its_own_arn_and_the_trap_shows() {
    let arn = MethodArn::parse(ARN).unwrap();
    let other = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1";
    let other_stage = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/pets";
    for (scope, other_ok, stage_ok) in [
        (PolicyScope::Method, false, false),
        (PolicyScope::Stage, true, false),
        (PolicyScope::Api, true, true),
    ] {
        let response = allow_response("sub", &scope.resource(&arn), &json!({}));
        let document = &response["policyDocument"];
        assert_eq!(evaluate(document, ARN), Evaluation::Allow, "{scope:?}");
        assert_eq!(evaluate(document, other).is_allow(), other_ok, "{scope:?}");
        assert_eq!(
            evaluate(document, other_stage).is_allow(),
            stage_ok,
            "{scope:?}"
        );
    }
}

#[test]
fn explicit_deny_wins_and_no_allow_is_implicit_deny() {
    let allow = json!({"Effect": "Allow", "Action": "execute-api:*", "Resource": "*"});
    let deny = json!({"Effect": "Deny", "Action": ["execute-api:Invoke"],
                      "Resource": ["arn:aws:execute-api:*:*:abc123/prod/GET/pe?s"]});
    assert_eq!(
        evaluate(&doc(&json!([allow, deny])), ARN),
        Evaluation::ExplicitDeny
    );
    assert_eq!(evaluate(&doc(&json!([allow])), ARN), Evaluation::Allow);
    assert_eq!(evaluate(&doc(&allow), ARN), Evaluation::Allow);
    assert_eq!(evaluate(&doc(&json!([])), ARN), Evaluation::ImplicitDeny);
    assert_eq!(evaluate(&json!({}), ARN), Evaluation::ImplicitDeny);
    let other_action = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"});
    assert_eq!(
        evaluate(&doc(&json!([other_action])), ARN),
        Evaluation::ImplicitDeny
    );
    let lower = json!({"Effect": "Allow", "Action": "EXECUTE-API:invoke", "Resource": "*"});
    assert_eq!(evaluate(&doc(&json!([lower])), ARN), Evaluation::Allow);
}

#[test]
fn scope_names_round_trip() {
    for scope in [PolicyScope::Method, PolicyScope::Stage, PolicyScope::Api] {
        assert_eq!(PolicyScope::parse(scope.as_str()), Some(scope));
    }
    assert_eq!(PolicyScope::parse("Stage"), None);
}
