//! `aws.tf`: the IAM role, the Lambda function from `authorizer.zip`, the REST API from the
//! definition (`body`), the TOKEN authorizer and its Lambda permission, the secured methods as
//! resources of their own, the deployment (redeployed by `triggers`, replaced
//! `create_before_destroy`) and the stage.

use hcl::expr::{Expression, FuncCall};
use hcl::{Block, Body};
use serde_json::json;

use super::build::{API, expr, resource, value};
use super::methods::method;
use crate::export::api::Definition;
use crate::export::names::sanitize;
use crate::export::snapshot::Snapshot;
use crate::export::{CODE_FILE, ExportError};

/// The definition without the methods `aws.tf` declares itself.
pub const BODY_FILE: &str = "petstore-body.json";

pub const COMMENTS: &[&str] = &[
    "The AWS side. The REST API is imported from petstore-body.json: authgate's PetStore definition",
    "without the methods the authorizer secures, which are declared below so that they can name the",
    "authorizer. put_rest_api_mode = \"merge\" keeps those methods when the body changes (\"overwrite\"",
    "would delete them). The deployment's triggers hash every method, integration and the body: a",
    "change redeploys, and create_before_destroy keeps the stage served meanwhile.",
];

/// `func(arg)`.
fn call(func: &str, arg: Expression) -> Expression {
    FuncCall::builder(func).arg(arg).build().into()
}

/// The function's environment: the tenant's values from the variables, then the rest as read.
fn variables(s: &Snapshot) -> Result<Expression, ExportError> {
    let w = &s.aws;
    let mut env = serde_json::Map::new();
    for (k, v) in &w.function.env {
        env.insert(k.clone(), json!(v));
    }
    let mut vars = value(serde_json::Value::Object(env))?;
    if let Expression::Object(object) = &mut vars {
        object.insert(
            hcl::ObjectKey::from("TOKEN_ISSUER"),
            expr(r#""https://${var.auth0_domain}/""#)?,
        );
        object.insert(
            hcl::ObjectKey::from("JWKS_URI"),
            expr(r#""https://${var.auth0_domain}/.well-known/jwks.json""#)?,
        );
        object.insert(
            hcl::ObjectKey::from("AUDIENCE"),
            expr("auth0_resource_server.petstore.identifier")?,
        );
    }
    Ok(vars)
}

/// The TOKEN authorizer, as read.
fn authorizer(s: &Snapshot) -> Result<Block, ExportError> {
    let w = &s.aws;
    let mut authorizer = resource("aws_api_gateway_authorizer", "auth0")
        .add_attribute(("name", w.authorizer.name.as_str()))
        .add_attribute(("rest_api_id", expr(&format!("{API}.id"))?))
        .add_attribute(("type", "TOKEN"))
        .add_attribute((
            "authorizer_uri",
            expr("aws_lambda_function.authorizer.invoke_arn")?,
        ))
        .add_attribute(("identity_source", w.authorizer.identity_source.as_str()))
        .add_attribute(("authorizer_result_ttl_in_seconds", w.authorizer.ttl_secs));
    if !w.authorizer.validation.is_empty() {
        authorizer = authorizer.add_attribute((
            "identity_validation_expression",
            w.authorizer.validation.as_str(),
        ));
    }
    if w.authorizer.uses_role {
        authorizer = authorizer.add_attribute((
            "authorizer_credentials",
            expr("aws_iam_role.authorizer.arn")?,
        ));
    }
    Ok(authorizer.build())
}

pub fn render(s: &Snapshot, definition: &Definition) -> Result<(Body, String), ExportError> {
    let w = &s.aws;
    let code = format!("\"${{path.module}}/{CODE_FILE}\"");
    let vars = variables(s)?;
    let mut body = Body::builder().add_block(
        resource("aws_iam_role", "authorizer")
            .add_attribute(("name", w.role.name.as_str()))
            .add_attribute((
                "description",
                "API Gateway invokes the Auth0 JWT authorizer with it; the function runs as it",
            ))
            .add_attribute((
                "assume_role_policy",
                call("jsonencode", value(w.role.trust_policy.clone())?),
            ))
            .build(),
    );
    for policy in &w.role.managed_policies {
        let name = sanitize(policy.rsplit('/').next().unwrap_or(policy));
        body = body.add_block(
            resource("aws_iam_role_policy_attachment", &name)
                .add_attribute(("role", expr("aws_iam_role.authorizer.name")?))
                .add_attribute(("policy_arn", policy.as_str()))
                .build(),
        );
    }
    body = body
        .add_block(
            resource("aws_lambda_function", "authorizer")
                .add_attribute(("function_name", w.function.name.as_str()))
                .add_attribute(("role", expr("aws_iam_role.authorizer.arn")?))
                .add_attribute(("runtime", w.function.runtime.as_str()))
                .add_attribute(("handler", w.function.handler.as_str()))
                .add_attribute(("timeout", w.function.timeout_secs))
                .add_attribute(("memory_size", w.function.memory_mb))
                .add_attribute(("filename", expr(&code)?))
                .add_attribute(("source_code_hash", call("filebase64sha256", expr(&code)?)))
                .add_block(
                    Block::builder("environment")
                        .add_attribute(("variables", vars))
                        .build(),
                )
                .build(),
        )
        .add_block(
            resource("aws_api_gateway_rest_api", "petstore")
                .add_attribute(("name", w.rest_api.name.as_str()))
                .add_attribute(("description", w.rest_api.description.as_str()))
                .add_attribute((
                    "body",
                    call("file", expr(&format!("\"${{path.module}}/{BODY_FILE}\""))?),
                ))
                .add_attribute(("put_rest_api_mode", "merge"))
                .add_block(
                    Block::builder("endpoint_configuration")
                        .add_attribute(("types", value(json!(["REGIONAL"]))?))
                        .build(),
                )
                .build(),
        );
    let mut paths: Vec<&str> = w
        .secured
        .iter()
        .map(|(_, p)| p.as_str())
        .filter(|p| *p != "/")
        .collect();
    paths.dedup();
    for path in paths {
        body = body.add_block(
            Block::builder("data")
                .add_label("aws_api_gateway_resource")
                .add_label(sanitize(path))
                .add_attribute(("rest_api_id", expr(&format!("{API}.id"))?))
                .add_attribute(("path", path))
                .build(),
        );
    }
    let authorizer = authorizer(s)?;
    body = body.add_block(authorizer).add_block(
        resource("aws_lambda_permission", "authorizer")
            .add_attribute(("statement_id", "authgate-apigateway-authorizers"))
            .add_attribute(("action", "lambda:InvokeFunction"))
            .add_attribute((
                "function_name",
                expr("aws_lambda_function.authorizer.function_name")?,
            ))
            .add_attribute(("principal", "apigateway.amazonaws.com"))
            .add_attribute((
                "source_arn",
                expr(&format!("\"${{{API}.execution_arn}}/authorizers/*\""))?,
            ))
            .build(),
    );
    let mut hashed = vec![
        format!("{API}.body"),
        "aws_api_gateway_authorizer.auth0".to_owned(),
    ];
    for route in definition
        .routes
        .iter()
        .filter(|r| w.secured.iter().any(|(v, p)| *v == r.verb && *p == r.path))
    {
        hashed.extend(method(&mut body, route)?);
    }
    // Redeploy when any of them changes; depend on the resources themselves (not the body).
    let mut triggers = hcl::Object::new();
    let list = expr(&format!("[{}]", hashed.join(", ")))?;
    triggers.insert(
        hcl::ObjectKey::from("redeployment"),
        call("sha1", call("jsonencode", list)),
    );
    let depends: Vec<&str> = hashed.iter().skip(1).map(String::as_str).collect();
    let body = body
        .add_block(
            resource("aws_api_gateway_deployment", "petstore")
                .add_attribute(("rest_api_id", expr(&format!("{API}.id"))?))
                .add_attribute(("description", "the PetStore with its authorizer"))
                .add_attribute(("triggers", Expression::Object(triggers)))
                .add_attribute(("depends_on", expr(&format!("[{}]", depends.join(", ")))?))
                .add_block(
                    Block::builder("lifecycle")
                        .add_attribute(("create_before_destroy", true))
                        .build(),
                )
                .build(),
        )
        .add_block(
            resource("aws_api_gateway_stage", "petstore")
                .add_attribute(("rest_api_id", expr(&format!("{API}.id"))?))
                .add_attribute((
                    "deployment_id",
                    expr("aws_api_gateway_deployment.petstore.id")?,
                ))
                .add_attribute(("stage_name", w.stage.name.as_str()))
                .add_attribute(("description", w.stage.description.as_str()))
                .build(),
        )
        .build();
    let json_body =
        serde_json::to_string_pretty(&definition.without(&w.secured)).unwrap_or_default() + "\n";
    Ok((body, json_body))
}
