//! IAM roles: create, read, list, delete, trust policy, managed and inline policies. The
//! AWS managed policies authgate attaches exist; others are refused as unknown.

use axum::http::StatusCode;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::params::Params;
use super::xml::Node;
use crate::aws::model::Role;
use crate::aws::state::AwsState;
use crate::aws::store::{gateway_id, iam_timestamp};
use crate::aws::wire::{ACCOUNT_ID, Fault};

/// The AWS managed policies the sandbox knows (name, ARN).
pub const MANAGED_POLICIES: &[(&str, &str)] = &[
    (
        "AWSLambdaRole",
        "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
    ),
    (
        "AWSLambdaBasicExecutionRole",
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    ),
];

/// RFC 3986 unreserved characters stay, as IAM encodes policy documents.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn no_such_entity(message: String) -> Fault {
    Fault::new(StatusCode::NOT_FOUND, "NoSuchEntity", message)
}

fn role_not_found(name: &str) -> Fault {
    no_such_entity(format!("The role with name {name} cannot be found."))
}

fn role_xml(role: &Role) -> Node {
    let document = utf8_percent_encode(&role.assume_role_policy_document, ENCODE).to_string();
    Node::parent(
        "Role",
        vec![
            Node::leaf("Path", role.path.clone()),
            Node::leaf("RoleName", role.role_name.clone()),
            Node::leaf("RoleId", role.role_id.clone()),
            Node::leaf("Arn", role.arn.clone()),
            Node::leaf("CreateDate", role.create_date.clone()),
            Node::leaf("AssumeRolePolicyDocument", document),
            Node::leaf("Description", role.description.clone()),
            Node::leaf("MaxSessionDuration", "3600"),
        ],
    )
}

/// `None` for an action this module does not implement.
pub fn handle(state: &AwsState, action: &str, p: &Params) -> Result<Option<Vec<Node>>, Fault> {
    let out = match action {
        "CreateRole" => create_role(state, p)?,
        "GetRole" => {
            let name = p.required("RoleName")?;
            state.read(|s| {
                let role = s.doc.roles.get(name).ok_or_else(|| role_not_found(name))?;
                Ok(vec![role_xml(role)])
            })?
        }
        "ListRoles" => state.read(|s| {
            let roles = s.doc.roles.values().map(|r| match role_xml(r) {
                Node::Parent(_, children) => children,
                Node::Leaf(..) => unreachable!("a role is a parent node"),
            });
            Ok(vec![
                Node::members("Roles", roles.collect()),
                Node::leaf("IsTruncated", "false"),
            ])
        })?,
        "DeleteRole" => {
            let name = p.required("RoleName")?;
            state.write(|s| {
                let role = s.doc.roles.get(name).ok_or_else(|| role_not_found(name))?;
                if !role.attached_policies.is_empty() || !role.inline_policies.is_empty() {
                    return Err(Fault::new(
                        StatusCode::CONFLICT,
                        "DeleteConflict",
                        "Cannot delete entity, must detach all policies first.",
                    ));
                }
                s.doc.roles.remove(name);
                Ok(vec![])
            })?
        }
        "UpdateAssumeRolePolicy" => {
            let name = p.required("RoleName")?;
            let document = policy_document(p, "PolicyDocument")?;
            with_role(state, name, |role| {
                role.assume_role_policy_document = document;
                Ok(())
            })?
        }
        _ => return policies(state, action, p),
    };
    Ok(Some(out))
}

/// The actions on a role's managed and inline policies.
fn policies(state: &AwsState, action: &str, p: &Params) -> Result<Option<Vec<Node>>, Fault> {
    let out = match action {
        "AttachRolePolicy" => {
            let name = p.required("RoleName")?;
            let arn = p.required("PolicyArn")?;
            if !MANAGED_POLICIES.iter().any(|(_, a)| *a == arn) {
                return Err(no_such_entity(format!(
                    "Policy {arn} does not exist or is not attachable."
                )));
            }
            with_role(state, name, |role| {
                if !role.attached_policies.iter().any(|a| a == arn) {
                    role.attached_policies.push(arn.to_owned());
                }
                Ok(())
            })?
        }
        "DetachRolePolicy" => {
            let name = p.required("RoleName")?;
            let arn = p.required("PolicyArn")?;
            with_role(state, name, |role| {
                let before = role.attached_policies.len();
                role.attached_policies.retain(|a| a != arn);
                if role.attached_policies.len() == before {
                    return Err(no_such_entity(format!("Policy {arn} was not found.")));
                }
                Ok(())
            })?
        }
        "ListAttachedRolePolicies" => {
            let name = p.required("RoleName")?;
            state.read(|s| {
                let role = s.doc.roles.get(name).ok_or_else(|| role_not_found(name))?;
                let items = role.attached_policies.iter().map(|arn| {
                    let policy = arn.rsplit('/').next().unwrap_or(arn);
                    vec![
                        Node::leaf("PolicyName", policy),
                        Node::leaf("PolicyArn", arn.clone()),
                    ]
                });
                Ok(vec![
                    Node::members("AttachedPolicies", items.collect()),
                    Node::leaf("IsTruncated", "false"),
                ])
            })?
        }
        "PutRolePolicy" => {
            let name = p.required("RoleName")?;
            let policy = p.required("PolicyName")?.to_owned();
            let document = policy_document(p, "PolicyDocument")?;
            with_role(state, name, |role| {
                role.inline_policies.insert(policy, document);
                Ok(())
            })?
        }
        "DeleteRolePolicy" => {
            let name = p.required("RoleName")?;
            let policy = p.required("PolicyName")?;
            with_role(state, name, |role| {
                role.inline_policies
                    .remove(policy)
                    .map(|_| ())
                    .ok_or_else(|| {
                        no_such_entity(format!(
                            "The role policy with name {policy} cannot be found."
                        ))
                    })
            })?
        }
        "GetRolePolicy" => get_role_policy(state, p)?,
        "ListRolePolicies" => {
            let name = p.required("RoleName")?;
            state.read(|s| {
                let role = s.doc.roles.get(name).ok_or_else(|| role_not_found(name))?;
                let names = role
                    .inline_policies
                    .keys()
                    .map(|n| Node::leaf("member", n.clone()));
                Ok(vec![
                    Node::parent("PolicyNames", names.collect()),
                    Node::leaf("IsTruncated", "false"),
                ])
            })?
        }
        _ => return Ok(None),
    };
    Ok(Some(out))
}

/// `GetRolePolicy`: one inline policy, its document URL-encoded as IAM returns it.
fn get_role_policy(state: &AwsState, p: &Params) -> Result<Vec<Node>, Fault> {
    let name = p.required("RoleName")?;
    let policy = p.required("PolicyName")?;
    state.read(|s| {
        let role = s.doc.roles.get(name).ok_or_else(|| role_not_found(name))?;
        let document = role.inline_policies.get(policy).ok_or_else(|| {
            no_such_entity(format!(
                "The role policy with name {policy} cannot be found."
            ))
        })?;
        Ok(vec![
            Node::leaf("RoleName", name.to_owned()),
            Node::leaf("PolicyName", policy.to_owned()),
            Node::leaf(
                "PolicyDocument",
                utf8_percent_encode(document, ENCODE).to_string(),
            ),
        ])
    })
}

fn policy_document(p: &Params, field: &str) -> Result<String, Fault> {
    let document = p.required(field)?;
    if serde_json::from_str::<serde_json::Value>(document).is_err() {
        return Err(Fault::new(
            StatusCode::BAD_REQUEST,
            "MalformedPolicyDocument",
            "This policy contains invalid Json",
        ));
    }
    Ok(document.to_owned())
}

fn with_role(
    state: &AwsState,
    name: &str,
    change: impl FnOnce(&mut Role) -> Result<(), Fault>,
) -> Result<Vec<Node>, Fault> {
    state.write(|s| {
        let mut role = s
            .doc
            .roles
            .get(name)
            .ok_or_else(|| role_not_found(name))?
            .clone();
        change(&mut role)?;
        s.doc.roles.insert(name.to_owned(), role);
        Ok(vec![])
    })
}

fn create_role(state: &AwsState, p: &Params) -> Result<Vec<Node>, Fault> {
    let name = p.required("RoleName")?.to_owned();
    let document = policy_document(p, "AssumeRolePolicyDocument")?;
    let path = p.get("Path").unwrap_or("/").to_owned();
    let role = Role {
        arn: format!("arn:aws:iam::{ACCOUNT_ID}:role{path}{name}"),
        role_id: format!("AROA{}", gateway_id().to_ascii_uppercase()),
        role_name: name.clone(),
        path,
        description: p.get("Description").unwrap_or_default().to_owned(),
        assume_role_policy_document: document,
        create_date: iam_timestamp(),
        attached_policies: Vec::new(),
        inline_policies: std::collections::BTreeMap::new(),
    };
    state.write(|s| {
        if s.doc.roles.contains_key(&name) {
            return Err(Fault::new(
                StatusCode::CONFLICT,
                "EntityAlreadyExists",
                format!("Role with name {name} already exists."),
            ));
        }
        let xml = role_xml(&role);
        s.doc.roles.insert(name, role);
        Ok(vec![xml])
    })
}
