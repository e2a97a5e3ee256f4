"""Checks authgate's CloudFormation, SAM and Terraform exports with tools nobody here wrote.

    python check_iac.py cfn|sam|terraform DIR

Prints one JSON object: what cfn-lint said (errors only count), the resource types of the
SAM template translated offline by aws-sam-translator (CodeUri moved to S3 first, as
`sam package` does), or the blocks python-hcl2 parsed from every .tf file.
"""

import glob
import json
import os
import subprocess
import sys


def cfn_lint(template):
    run = subprocess.run(
        [sys.executable, "-m", "cfnlint", "--format", "json", template],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        matches = json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        return {"crashed": run.stdout + run.stderr}
    return {
        "errors": [f"{m['Rule']['Id']}: {m['Message']}" for m in matches if m["Level"] == "Error"],
        "warnings": [f"{m['Rule']['Id']}: {m['Message']}" for m in matches if m["Level"] == "Warning"],
    }


def sam_translate(template):
    import yaml
    from samtranslator.translator.transform import transform

    class NoManagedPolicies:
        def load(self):
            return {}

    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    with open(template) as f:
        tpl = yaml.safe_load(f)
    for resource in tpl["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://bucket/" + resource["Properties"]["CodeUri"]
    out = transform(tpl, {"Auth0Domain": "tenant.example.com"}, NoManagedPolicies())
    resources = out["Resources"]
    api = next(r for r in resources.values() if r["Type"] == "AWS::ApiGateway::RestApi")
    body = api["Properties"]["Body"]
    security = {
        f"{verb.upper()} {path}": [list(s) for s in op.get("security", [])]
        for path, item in body["paths"].items()
        for verb, op in item.items()
    }
    schemes = body.get("components", {}).get("securitySchemes") or body.get("securityDefinitions") or {}
    permissions = [
        r["Properties"].get("SourceArn") for r in resources.values() if r["Type"] == "AWS::Lambda::Permission"
    ]
    return {
        "types": sorted(r["Type"] for r in resources.values()),
        "security": security,
        "schemes": {k: v.get("x-amazon-apigateway-authorizer", {}).get("type") for k, v in schemes.items()},
        "permissions": [json.dumps(p) for p in permissions],
    }


def terraform(directory):
    import hcl2

    blocks = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.tf"))):
        with open(path) as f:
            parsed = hcl2.load(f)
        for kind in ("resource", "data", "variable", "provider", "output"):
            for entry in parsed.get(kind, []):
                for name, inner in entry.items():
                    name = name.strip('"')
                    labels = [name] + [k.strip('"') for k in inner] if kind in ("resource", "data") else [name]
                    blocks.setdefault(kind, []).append(".".join(labels))
    return blocks


if __name__ == "__main__":
    what, where = sys.argv[1], sys.argv[2]
    if what == "terraform":
        print(json.dumps(terraform(where)))
    elif what == "sam":
        template = os.path.join(where, "template.yaml")
        print(json.dumps({"lint": cfn_lint(template), "translated": sam_translate(template)}))
    else:
        print(json.dumps({"lint": cfn_lint(os.path.join(where, "template.yaml"))}))
