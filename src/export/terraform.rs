//! The `terraform` export: `.tf` files for the `auth0` and `aws` providers, built as HCL values
//! with `hcl-rs` (references parsed as HCL expressions, strings escaped by its formatter), each
//! file with a comment header. `versions.tf` and `variables.tf` (the credentials),
//! `auth0.tf`, `aws.tf` (the REST API from the definition in `petstore-body.json`), `outputs.tf`.

mod auth0;
mod aws;
mod build;
mod methods;

use hcl::expr::Expression;
use hcl::{Block, Body};
use serde_json::json;

use super::api::Definition;
use super::snapshot::Snapshot;
use super::{ExportError, File};
use build::{expr, value};

/// A file: a comment header, then the body.
fn file(name: &str, comments: &[&str], body: &Body) -> Result<File, ExportError> {
    let mut text = String::new();
    for line in comments {
        text.push_str(if line.is_empty() { "#" } else { "# " });
        text.push_str(line);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&hcl::to_string(body)?);
    Ok(File::text(name, text))
}

fn variable(name: &str, description: &str, default: Option<&str>, sensitive: bool) -> Block {
    let mut b = Block::builder("variable")
        .add_label(name)
        .add_attribute((
            "type",
            Expression::Variable(hcl::Variable::unchecked("string")),
        ))
        .add_attribute(("description", description));
    if let Some(default) = default {
        b = b.add_attribute(("default", default));
    }
    if sensitive {
        b = b.add_attribute(("sensitive", true));
    }
    b.build()
}

pub fn render(s: &Snapshot, definition: &Definition) -> Result<Vec<File>, ExportError> {
    let versions = Body::builder()
        .add_block(
            Block::builder("terraform")
                .add_attribute(("required_version", ">= 1.5.0"))
                .add_block(
                    Block::builder("required_providers")
                        .add_attribute((
                            "auth0",
                            value(json!({ "source": "auth0/auth0", "version": ">= 1.0.0" }))?,
                        ))
                        .add_attribute((
                            "aws",
                            value(json!({ "source": "hashicorp/aws", "version": ">= 5.0" }))?,
                        ))
                        .build(),
                )
                .build(),
        )
        .add_block(
            Block::builder("provider")
                .add_label("auth0")
                .add_attribute(("domain", expr("var.auth0_domain")?))
                .add_attribute(("client_id", expr("var.auth0_client_id")?))
                .add_attribute(("client_secret", expr("var.auth0_client_secret")?))
                .build(),
        )
        .add_block(
            Block::builder("provider")
                .add_label("aws")
                .add_attribute(("region", expr("var.aws_region")?))
                .build(),
        )
        .build();
    let variables = Body::builder()
        .add_block(variable(
            "auth0_domain",
            "Your Auth0 tenant's domain (tenant.eu.auth0.com); the authorizer trusts https://DOMAIN/",
            s.source.real_domain(),
            false,
        ))
        .add_block(variable(
            "auth0_client_id",
            "The client id of an application authorized for the Management API (or AUTH0_CLIENT_ID)",
            None,
            false,
        ))
        .add_block(variable(
            "auth0_client_secret",
            "Its client secret (or AUTH0_CLIENT_SECRET); never commit it",
            None,
            true,
        ))
        .add_block(variable(
            "aws_region",
            "The AWS region to build in",
            Some(&s.source.region),
            false,
        ))
        .build();
    let mut outputs = Body::builder().add_block(
        Block::builder("output")
            .add_label("invoke_url")
            .add_attribute(("value", expr("aws_api_gateway_stage.petstore.invoke_url")?))
            .build(),
    );
    for c in &s.auth0.clients {
        let key = c.key();
        outputs = outputs.add_block(
            Block::builder("output")
                .add_label(format!("{key}_id"))
                .add_attribute(("value", expr(&format!("auth0_client.{key}.client_id"))?))
                .build(),
        );
    }
    let (aws, body_json) = aws::render(s, definition)?;
    Ok(vec![
        file(
            "versions.tf",
            &[
                "Written by `authgate export --format terraform`: the auth0 and aws providers.",
                "README.md beside it says how to apply it.",
            ],
            &versions,
        )?,
        file(
            "variables.tf",
            &[
                "The credentials and where to build: set them in terraform.tfvars or TF_VAR_* variables.",
            ],
            &variables,
        )?,
        file("auth0.tf", auth0::COMMENTS, &auth0::render(s)?)?,
        file("aws.tf", aws::COMMENTS, &aws)?,
        file(
            "outputs.tf",
            &["What `terraform output` shows."],
            &outputs.build(),
        )?,
        File::text(aws::BODY_FILE, body_json),
    ])
}
