//! The building blocks every file of the Terraform export is made of: HCL expressions and
//! values, `resource` blocks, and the address of the REST API the AWS blocks hang on.

use hcl::Block;
use hcl::expr::Expression;

use crate::export::ExportError;

/// The REST API's Terraform address (`aws.tf` declares it; methods and stages refer to it).
pub(super) const API: &str = "aws_api_gateway_rest_api.petstore";

/// An HCL expression written as HCL (`aws_iam_role.authorizer.arn`, `"https://${var.x}/"`).
pub(super) fn expr(text: &str) -> Result<Expression, ExportError> {
    Ok(text.parse::<Expression>()?)
}

/// Any serialisable value as an HCL expression (strings, lists, objects with quoted keys).
pub(super) fn value(value: serde_json::Value) -> Result<Expression, ExportError> {
    Ok(hcl::to_expression(value)?)
}

/// `resource "kind" "name" { … }`.
pub(super) fn resource(kind: &str, name: &str) -> hcl::BlockBuilder {
    Block::builder("resource").add_label(kind).add_label(name)
}
