//! The `cloudformation` export: `template.yaml` with the REST API as explicit resources (the
//! `PetStore` definition's paths and methods), the IAM role, the Lambda function, the TOKEN
//! authorizer with its `AWS::Lambda::Permission`, a deployment that depends on every method
//! and the stage. CloudFormation has no Auth0 resources: the template takes the tenant as
//! parameters and its header says how to make the Auth0 side.

mod methods;

use std::fmt::Write as _;

use aws_lc_rs::digest::{SHA256, digest};
use serde_json::{Value as Json, json};
use serde_norway::{Mapping, Value};

use super::api::Definition;
use super::snapshot::Snapshot;
use super::yaml::{document, get_att, ordered, reference, resource, sub, y};
use super::{CODE_FILE, ExportError, File};

pub const TEMPLATE: &str = "template.yaml";

/// Parameters for the Auth0 values (and, for CloudFormation, where the code was uploaded).
pub fn parameters(s: &Snapshot, with_code: bool) -> Value {
    let mut domain = json!({
        "Type": "String",
        "Description": "Your Auth0 tenant's domain (tenant.eu.auth0.com or a custom domain): the issuer is https://DOMAIN/",
        "AllowedPattern": "^[A-Za-z0-9.-]+$",
    });
    if let Some(real) = s.source.real_domain() {
        domain["Default"] = json!(real);
    }
    let mut map = Mapping::new();
    map.insert("Auth0Domain".into(), y(domain));
    map.insert(
        "Auth0Audience".into(),
        y(json!({
            "Type": "String",
            "Description": "The identifier of the Auth0 API: the audience the authorizer expects",
            "Default": s.auth0.api.identifier,
        })),
    );
    if with_code {
        map.insert(
            "CodeS3Bucket".into(),
            y(json!({ "Type": "String", "Description": format!("The S3 bucket you uploaded {CODE_FILE} to") })),
        );
        map.insert(
            "CodeS3Key".into(),
            y(json!({ "Type": "String", "Default": CODE_FILE, "Description": format!("The key of {CODE_FILE} in that bucket") })),
        );
    }
    Value::Mapping(map)
}

/// The function's environment: the Auth0 values from the parameters, then the rest as read.
pub fn environment(s: &Snapshot) -> Json {
    let mut vars = json!({
        "TOKEN_ISSUER": sub("https://${Auth0Domain}/"),
        "JWKS_URI": sub("https://${Auth0Domain}/.well-known/jwks.json"),
        "AUDIENCE": reference("Auth0Audience"),
    });
    for (k, v) in &s.aws.function.env {
        vars[k] = json!(v);
    }
    json!({ "Variables": vars })
}

/// What CloudFormation and SAM cannot say, and how to do it by hand.
pub fn by_hand(s: &Snapshot) -> Vec<String> {
    let a = &s.auth0;
    let mut lines = vec![
        "Auth0 is not an AWS service, so this template does not create the Auth0 side. Make it once".to_owned(),
        "by hand (Auth0 Dashboard > Applications > APIs), with `authgate setup` against the tenant,".to_owned(),
        "or with the `sh` or `terraform` export of authgate:".to_owned(),
        format!(
            "  - the API \"{}\", identifier {}, signing algorithm {}, RBAC {}, token dialect {},",
            a.api.name,
            a.api.identifier,
            a.api.signing_alg,
            if a.api.rbac { "on" } else { "off" },
            a.api.token_dialect
        ),
        format!(
            "    permissions: {}",
            a.api.scopes.iter().map(|p| p.value.as_str()).collect::<Vec<_>>().join(", ")
        ),
    ];
    for c in &a.clients {
        lines.push(format!(
            "  - a Machine to Machine application \"{}\" authorized for the API with {}",
            c.name,
            c.scopes.join(", ")
        ));
    }
    for r in &a.roles {
        lines.push(format!(
            "  - the role {} with {}",
            r.name,
            r.permissions.join(", ")
        ));
    }
    if !s.aws.function.left_out_env.is_empty() {
        lines.push(format!(
            "The function's variables {} were not exported (authgate does not set them; they may be",
            s.aws.function.left_out_env.join(", ")
        ));
        lines.push("secret): add them to Environment.Variables yourself.".to_owned());
    }
    lines
}

pub fn render(s: &Snapshot, definition: &Definition) -> Result<File, ExportError> {
    let w = &s.aws;
    let mut resources = Mapping::new();
    let mut add = |id: &str, value: Value| {
        resources.insert(Value::String(id.to_owned()), value);
    };
    add(
        "AuthorizerRole",
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
    add(
        "AuthorizerFunction",
        resource(
            "AWS::Lambda::Function",
            None,
            json!({
                "FunctionName": w.function.name,
                "Runtime": w.function.runtime,
                "Handler": w.function.handler,
                "Role": get_att("AuthorizerRole", "Arn"),
                "Timeout": w.function.timeout_secs,
                "MemorySize": w.function.memory_mb,
                "Code": { "S3Bucket": reference("CodeS3Bucket"), "S3Key": reference("CodeS3Key") },
                "Environment": environment(s),
            }),
        ),
    );
    add(
        "RestApi",
        resource(
            "AWS::ApiGateway::RestApi",
            None,
            json!({
                "Name": w.rest_api.name,
                "Description": w.rest_api.description,
                "EndpointConfiguration": { "Types": ["REGIONAL"] },
            }),
        ),
    );
    for (id, props) in methods::resources(definition) {
        add(&id, resource("AWS::ApiGateway::Resource", None, props));
    }
    let mut authorizer = json!({
        "Name": w.authorizer.name,
        "RestApiId": reference("RestApi"),
        "Type": "TOKEN",
        "AuthorizerUri": sub("arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${AuthorizerFunction.Arn}/invocations"),
        "IdentitySource": w.authorizer.identity_source,
        "AuthorizerResultTtlInSeconds": w.authorizer.ttl_secs,
    });
    if !w.authorizer.validation.is_empty() {
        authorizer["IdentityValidationExpression"] = json!(w.authorizer.validation);
    }
    if w.authorizer.uses_role {
        authorizer["AuthorizerCredentials"] = get_att("AuthorizerRole", "Arn");
    }
    add(
        "Authorizer",
        resource("AWS::ApiGateway::Authorizer", None, authorizer),
    );
    add(
        "AuthorizerPermission",
        resource(
            "AWS::Lambda::Permission",
            None,
            json!({
                "Action": "lambda:InvokeFunction",
                "FunctionName": get_att("AuthorizerFunction", "Arn"),
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": sub("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${RestApi}/authorizers/*"),
            }),
        ),
    );
    let methods = methods::methods(definition, &w.secured);
    let fingerprint = digest(&SHA256, json!(methods).to_string().as_bytes());
    let hash = fingerprint.as_ref()[..4]
        .iter()
        .fold(String::new(), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        });
    let deployment = format!("Deployment{hash}");
    let method_ids: Vec<&str> = methods.iter().map(|(id, _)| id.as_str()).collect();
    for (id, props) in &methods {
        add(id, resource("AWS::ApiGateway::Method", None, props.clone()));
    }
    add(
        &deployment,
        resource(
            "AWS::ApiGateway::Deployment",
            Some(json!(method_ids)),
            json!({ "RestApiId": reference("RestApi"), "Description": "the PetStore with its authorizer" }),
        ),
    );
    add(
        "Stage",
        resource(
            "AWS::ApiGateway::Stage",
            None,
            json!({
                "RestApiId": reference("RestApi"),
                "DeploymentId": reference(&deployment),
                "StageName": w.stage.name,
                "Description": w.stage.description,
            }),
        ),
    );
    let template = template(s, None, resources, "RestApi", &w.stage.name);
    let mut comments = vec![
        "Written by `authgate export --format cloudformation`; README.md beside it says how to deploy it.".to_owned(),
        String::new(),
        format!("The function's code is {CODE_FILE} beside this file: upload it to S3 and pass its bucket and key"),
        "(CodeS3Bucket, CodeS3Key). CloudFormation reads Lambda code from S3 only.".to_owned(),
        String::new(),
        format!(
            "{deployment} depends on every method (else: \"The REST API doesn't contain any methods\"). Its logical"
        ),
        "id carries a hash of the methods: a changed method must get a new id, or the stage keeps serving".to_owned(),
        "the old deployment. Edit a method by hand? Change that suffix too.".to_owned(),
        String::new(),
    ];
    comments.extend(by_hand(s));
    Ok(File {
        name: TEMPLATE.to_owned(),
        bytes: document(&comments, &template)?.into_bytes(),
        executable: false,
    })
}

/// The template around `resources`: the format version, SAM's `transform` when given, the
/// description, the parameters and, as the output, the invoke URL of the stage `stage` of the
/// API whose logical id is `api`. Only the plain template takes the code as a parameter (SAM
/// packages it from `CodeUri`).
pub fn template(
    s: &Snapshot,
    transform: Option<&str>,
    resources: Mapping,
    api: &str,
    stage: &str,
) -> Value {
    let text = |t: &str| Value::String(t.to_owned());
    let url =
        format!("https://${{{api}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage}");
    ordered([
        ("AWSTemplateFormatVersion", text("2010-09-09")),
        ("Transform", transform.map_or(Value::Null, text)),
        (
            "Description",
            text(
                "The PetStore REST API behind an Auth0 JWT TOKEN authorizer (exported by authgate)",
            ),
        ),
        ("Parameters", parameters(s, transform.is_none())),
        ("Resources", Value::Mapping(resources)),
        (
            "Outputs",
            y(json!({ "InvokeUrl": {
                "Description": "The stage's invoke URL",
                "Value": sub(&url),
            }})),
        ),
    ])
}
