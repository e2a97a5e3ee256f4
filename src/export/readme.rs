//! The README.md of an export directory: what was read from where, the files, how to apply
//! them, how to test the result, and what the format leaves to you.

use std::fmt::Write as _;

use super::snapshot::Snapshot;
use super::{CODE_FILE, DEFINITION_FILE, Format};

fn apply(format: Format) -> &'static str {
    match format {
        Format::Sh => {
            "Needs bash, curl, jq and the AWS CLI (v2, or v1.29 or newer for `AWS_ENDPOINT_URL`).\n\
             The Auth0 application must be authorized for the Management API with the scopes\n\
             `read:resource_servers create:resource_servers update:resource_servers read:clients\n\
             create:clients update:clients read:client_grants create:client_grants\n\
             update:client_grants read:roles create:roles update:roles`.\n\n\
             ```sh\n\
             export AUTH0_DOMAIN=your-tenant.eu.auth0.com AUTH0_CLIENT_ID=… AUTH0_CLIENT_SECRET=…\n\
             export AWS_PROFILE=… AWS_REGION=eu-west-1\n\
             ./deploy.sh            # progress on stderr; the last line is INVOKE_URL=…\n\
             ```\n\n\
             Into an authgate sandbox instead (an empty directory, `authgate sandbox` running there;\n\
             it prints its address and its public management credentials):\n\n\
             ```sh\n\
             AUTH0_DOMAIN=http://127.0.0.1:PORT AUTH0_CLIENT_ID=authgate-sandbox-management \\\n  \
             AUTH0_CLIENT_SECRET=… AWS_ENDPOINT_URL=http://127.0.0.1:PORT AWS_REGION=us-east-1 \\\n  \
             AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test ./deploy.sh\n\
             ```\n\n\
             It stops at the first call that fails and names it. Run it again after fixing the cause:\n\
             every step finds what exists first, so a rerun converges without duplicates (each run\n\
             does make a new deployment of the stage).\n"
        }
        Format::Cloudformation => {
            "First the Auth0 side (the template's header lists it): by hand in the Auth0 Dashboard,\n\
             with `authgate setup` against the tenant, or with the `sh` or `terraform` export.\n\
             CloudFormation reads Lambda code from S3, so upload the code first:\n\n\
             ```sh\n\
             aws s3 cp authorizer.zip s3://YOUR-BUCKET/authorizer.zip\n\
             aws cloudformation deploy --template-file template.yaml --stack-name authgate-petstore \\\n  \
             --capabilities CAPABILITY_NAMED_IAM \\\n  \
             --parameter-overrides Auth0Domain=your-tenant.eu.auth0.com CodeS3Bucket=YOUR-BUCKET\n\
             aws cloudformation describe-stacks --stack-name authgate-petstore --query 'Stacks[0].Outputs'\n\
             ```\n\n\
             `CAPABILITY_NAMED_IAM`: the role keeps its name. Check it first with\n\
             `cfn-lint template.yaml`.\n"
        }
        Format::Sam => {
            "First the Auth0 side (the template's header lists it): by hand in the Auth0 Dashboard,\n\
             with `authgate setup` against the tenant, or with the `sh` or `terraform` export. Then,\n\
             with the SAM CLI (it uploads `authorizer.zip`, the `CodeUri`):\n\n\
             ```sh\n\
             sam validate --lint\n\
             sam deploy --guided --capabilities CAPABILITY_NAMED_IAM   # asks for Auth0Domain\n\
             ```\n"
        }
        Format::Terraform => {
            "Terraform 1.5 or newer. The Auth0 application needs the Management API scopes for\n\
             resource servers, clients, client grants and roles (read, create, update, delete).\n\n\
             ```sh\n\
             export TF_VAR_auth0_domain=your-tenant.eu.auth0.com\n\
             export TF_VAR_auth0_client_id=… TF_VAR_auth0_client_secret=…\n\
             export AWS_PROFILE=…            # and TF_VAR_aws_region to build elsewhere\n\
             terraform init\n\
             terraform apply\n\
             terraform output invoke_url\n\
             ```\n\n\
             The test client's secret: `terraform state show auth0_client_credentials.test_client`\n\
             (sensitive), or the Auth0 Dashboard.\n"
        }
    }
}

/// The "What it builds" section.
fn builds(s: &Snapshot) -> String {
    let w = &s.aws;
    let mut t = String::new();
    t.push_str("## What it builds\n\n");
    let a = &s.auth0;
    let _ = writeln!(
        t,
        "- the Auth0 API `{}` ({}), permissions {}",
        a.api.name,
        a.api.identifier,
        a.api
            .scopes
            .iter()
            .map(|p| format!("`{}`", p.value))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for c in &a.clients {
        let _ = writeln!(
            t,
            "- the M2M application `{}`, granted {}",
            c.name,
            c.scopes.join(", ")
        );
    }
    for r in &a.roles {
        let _ = writeln!(t, "- the role `{}`: {}", r.name, r.permissions.join(", "));
    }
    if let Some(app) = &a.login_app {
        let _ = writeln!(t, "- the device-login application `{app}`");
    }
    let secured: Vec<String> = w
        .secured
        .iter()
        .map(|(v, p)| format!("`{v} {p}`"))
        .collect();
    let _ = writeln!(
        t,
        "- the IAM role `{}`, the Lambda function `{}`, the REST API `{}` with the TOKEN authorizer\n  \
         `{}` (identity source `{}`, TTL {} s) on {}, deployed to the stage `{}`\n",
        w.role.name,
        w.function.name,
        w.rest_api.name,
        w.authorizer.name,
        w.authorizer.identity_source,
        w.authorizer.ttl_secs,
        secured.join(", "),
        w.stage.name
    );
    t
}

pub fn render(s: &Snapshot, format: Format) -> String {
    let w = &s.aws;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# The authgate tutorial as `{}`\n\n\
         `authgate export --format {}` read these objects back from {} (Auth0 tenant {}, AWS\n\
         account {}, region {}) and wrote them here. Nothing secret is in this directory: no\n\
         client secret, no token.\n",
        format.as_str(),
        format.as_str(),
        if s.source.sandbox {
            "the authgate sandbox"
        } else {
            "your tenant and account"
        },
        s.source.tenant,
        s.source.account,
        s.source.region
    );
    let main_files: &[&str] = match format {
        Format::Sh => &["deploy.sh"],
        Format::Cloudformation | Format::Sam => &["template.yaml"],
        Format::Terraform => &[
            "versions.tf",
            "variables.tf",
            "auth0.tf",
            "aws.tf",
            "outputs.tf",
            "petstore-body.json",
        ],
    };
    t.push_str("## Files\n\n");
    for f in main_files {
        let _ = writeln!(t, "- `{f}`");
    }
    let origin = w.function.custom_source.as_ref().map_or_else(
        || "the bundled authorizer (`authgate authorizer bundle` writes the same zip)".to_owned(),
        |p| format!("your own authorizer, from `{}`", p.display()),
    );
    let _ = writeln!(
        t,
        "- `{CODE_FILE}`: the code the function `{}` runs now ({} on {}): {origin}\n\
         - `{DEFINITION_FILE}`: the PetStore definition the REST API was imported from\n",
        w.function.name, w.function.handler, w.function.runtime
    );
    t.push_str(&builds(s));
    if format != Format::Sh && format != Format::Terraform {
        t.push_str("The Auth0 objects are listed for you to make: this format cannot.\n\n");
    }
    t.push_str("## Apply\n\n");
    t.push_str(apply(format));
    let test = "\n## Test\n\n\
         ```sh\n\
         curl -i \"$INVOKE_URL/pets\"                                    # 401: no token\n\
         curl -i \"$INVOKE_URL/pets\" -H 'Authorization: Bearer nope'     # 401: a bad token\n\
         TOKEN=$(curl -s \"https://$AUTH0_DOMAIN/oauth/token\" -d grant_type=client_credentials \\\n  \
         -d client_id=TEST_CLIENT_ID -d client_secret=… -d audience=AUDIENCE | jq -r .access_token)\n\
         curl -i \"$INVOKE_URL/pets\" -H \"Authorization: Bearer $TOKEN\"   # 200\n\
         ```\n";
    t.push_str(&test.replace(
        "audience=AUDIENCE",
        &format!("audience={}", s.auth0.api.identifier),
    ));
    let mut notes: Vec<String> = w.rest_api.differences.clone();
    if !w.function.left_out_env.is_empty() {
        notes.push(format!(
            "the function's variables {} were left out (authgate does not set them; they may be \
             secret): set them yourself",
            w.function.left_out_env.join(", ")
        ));
    }
    if !notes.is_empty() {
        t.push_str("\n## Left to you\n\n");
        for n in notes {
            let _ = writeln!(t, "- {n}");
        }
    }
    t
}
