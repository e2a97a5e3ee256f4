//! The `sam` export: `template.yaml` for the SAM transform. The REST API is an
//! `AWS::Serverless::Api` whose `DefinitionBody` is the `PetStore` definition, its TOKEN
//! authorizer in `Auth.Authorizers` (`FunctionPayloadType: TOKEN`), the function an
//! `AWS::Serverless::Function` with `CodeUri`. SAM adds the authorizer's security scheme, the
//! `AWS::Lambda::Permission` on `…/authorizers/*`, the deployment and the stage itself.

use serde_json::json;
use serde_norway::Mapping;

use super::api::Definition;
use super::cloudformation::{by_hand, environment, template};
use super::names::path_part;
use super::snapshot::Snapshot;
use super::yaml::{document, get_att, resource};
use super::{CODE_FILE, ExportError, File};

pub const TEMPLATE: &str = "template.yaml";

/// `Auth`: the TOKEN authorizer under `key`, the default one when it secures every method.
fn auth(s: &Snapshot, key: &str, every_method: bool) -> serde_json::Value {
    let w = &s.aws;
    let header = w
        .authorizer
        .identity_source
        .strip_prefix("method.request.header.")
        .unwrap_or("Authorization");
    let mut identity = json!({ "Header": header, "ReauthorizeEvery": w.authorizer.ttl_secs });
    if !w.authorizer.validation.is_empty() {
        identity["ValidationExpression"] = json!(w.authorizer.validation);
    }
    let mut authorizer = json!({
        "FunctionPayloadType": "TOKEN",
        "FunctionArn": get_att("AuthorizerFunction", "Arn"),
        "Identity": identity,
    });
    if w.authorizer.uses_role {
        authorizer["FunctionInvokeRole"] = get_att("AuthorizerRole", "Arn");
    }
    let mut auth = json!({
        "Authorizers": { key: authorizer },
        // OPTIONS preflights carry no token: they must stay open.
        "AddDefaultAuthorizerToCorsPreflight": false,
    });
    if every_method {
        auth["DefaultAuthorizer"] = json!(key);
    }
    auth
}

/// The template's header: how to deploy, how the authorizer is attached.
fn comments(key: &str, name: &str, every_method: bool) -> Vec<String> {
    vec![
        "Written by `authgate export --format sam`; README.md beside it says how to deploy it"
            .to_owned(),
        "(sam deploy --guided, which uploads CodeUri).".to_owned(),
        String::new(),
        format!(
            "The authorizer is named {key} (SAM names it by its key; authgate named it {}).",
            name
        ),
        if every_method {
            "DefaultAuthorizer secures every method; AddDefaultAuthorizerToCorsPreflight: false keeps the\nOPTIONS preflights open.".to_owned()
        } else {
            "The secured methods name it in the definition (`security`); a DefaultAuthorizer would\nsecure the open methods too. OPTIONS preflights stay open.".to_owned()
        },
        String::new(),
    ]
}

pub fn render(s: &Snapshot, definition: &Definition) -> Result<File, ExportError> {
    let w = &s.aws;
    // SAM names the authorizer by its key in Auth.Authorizers: letters and digits only.
    let key = match path_part(&w.authorizer.name, false) {
        k if k.is_empty() => "Auth0Authorizer".to_owned(),
        k => k,
    };
    let every_method = definition
        .routes
        .iter()
        .filter(|r| r.verb != "OPTIONS")
        .all(|r| w.secured.iter().any(|(v, p)| *v == r.verb && *p == r.path));
    // With every method but the preflights secured, the default authorizer says it; else each
    // secured method names the authorizer in the definition (a default would also cover GET /).
    let body = if every_method {
        definition.document.clone()
    } else {
        definition.edited(|path, verb, op| {
            if w.secured.iter().any(|(v, p)| v == verb && p == path) {
                op.insert("security".into(), json!([{ key.clone(): [] }]));
            }
        })
    };
    let auth = auth(s, &key, every_method);
    let mut resources = Mapping::new();
    resources.insert(
        "AuthorizerRole".into(),
        resource(
            "AWS::IAM::Role",
            None,
            json!({
                "RoleName": w.role.name,
                "Description": "API Gateway invokes the Auth0 JWT authorizer with it; the function runs as it",
                "AssumeRolePolicyDocument": w.role.trust_policy,
                "ManagedPolicyArns": w.role.managed_policies,
            }),
        ),
    );
    resources.insert(
        "AuthorizerFunction".into(),
        resource(
            "AWS::Serverless::Function",
            None,
            json!({
                "FunctionName": w.function.name,
                "CodeUri": CODE_FILE,
                "Runtime": w.function.runtime,
                "Handler": w.function.handler,
                "Role": get_att("AuthorizerRole", "Arn"),
                "Timeout": w.function.timeout_secs,
                "MemorySize": w.function.memory_mb,
                "Environment": environment(s),
            }),
        ),
    );
    resources.insert(
        "PetStoreApi".into(),
        resource(
            "AWS::Serverless::Api",
            None,
            json!({
                "Name": w.rest_api.name,
                "Description": w.rest_api.description,
                "StageName": w.stage.name,
                "EndpointConfiguration": { "Type": "REGIONAL" },
                "DefinitionBody": body,
                "Auth": auth,
            }),
        ),
    );
    let template = template(
        s,
        Some("AWS::Serverless-2016-10-31"),
        resources,
        "PetStoreApi",
        &w.stage.name,
    );
    let mut comments = comments(&key, &s.aws.authorizer.name, every_method);
    comments.extend(by_hand(s));
    Ok(File {
        name: TEMPLATE.to_owned(),
        bytes: document(&comments, &template)?.into_bytes(),
        executable: false,
    })
}
