"""Drives the sandbox tenant's Management API with Auth0's official Python SDK
(auth0-python, generated from Auth0's API definition), as an instructor would.

Usage: AUTHGATE_MANAGEMENT_TOKEN=… drive.py BASE_URL. Prints one line per check; exits 0 when all
pass, 1 on the first failure, 3 when auth0-python is not installed.
"""

import os
import sys

try:
    from auth0.management import Auth0, BadRequestError
except ImportError:
    print("auth0-python is not installed")
    sys.exit(3)

API = "https://pets.authgate.test"


def refused(call, message):
    """`call` must raise the SDK's 400 with exactly `message` in Auth0's envelope."""
    try:
        call()
    except BadRequestError as e:
        body = e.body
        assert e.status_code == 400, e.status_code
        assert body["error"] == "Bad Request", body
        assert body["errorCode"] == "invalid_body", body
        assert body["message"] == message, f"{body['message']!r} != {message!r}"
        print(f"refused as Auth0 does: {message}")
        return
    raise AssertionError(f"accepted, but Auth0 answers 400: {message}")


def main(base, token):
    # The generated client takes a base URL; ManagementClient(domain=...) is https only.
    mgmt = Auth0(base_url=f"{base}/api/v2", token=token, max_retries=0)

    api = mgmt.resource_servers.create(
        identifier=API,
        name="Pets",
        scopes=[
            {"value": "read:pets", "description": "Read pets"},
            {"value": "write:pets", "description": "Add pets"},
        ],
        enforce_policies=True,
        token_dialect="access_token_authz",
    )
    assert [s.value for s in api.scopes] == ["read:pets", "write:pets"], api.scopes
    assert api.enforce_policies is True and api.token_dialect == "access_token_authz"
    print("created an API with permissions, RBAC and permissions in the token")

    refused(
        lambda: mgmt.resource_servers.create(
            identifier="https://bogus.authgate.test",
            request_options={"additional_body_parameters": {"bogus": 1}},
        ),
        "Payload validation error: 'Additional properties not allowed: bogus'.",
    )
    refused(
        lambda: mgmt.resource_servers.create(
            identifier="https://typed.authgate.test",
            request_options={"additional_body_parameters": {"scopes": "x"}},
        ),
        "Payload validation error: 'Expected type array but found type string' on property scopes.",
    )

    updated = mgmt.resource_servers.update(
        api.id,
        skip_consent_for_verifiable_first_party_clients=True,
        allow_offline_access=True,
        token_dialect="rfc9068_profile_authz",
    )
    assert updated.skip_consent_for_verifiable_first_party_clients is True
    assert updated.allow_offline_access is True
    assert updated.token_dialect == "rfc9068_profile_authz"
    assert mgmt.resource_servers.get(api.id).enforce_policies is True
    print("PATCH updated the API's settings and kept the others")

    app = mgmt.clients.create(
        name="Pets test client",
        app_type="non_interactive",
        grant_types=["client_credentials"],
    )
    undefined = "Payload validation error: scope must be a subset of resource server scopes"
    refused(
        lambda: mgmt.client_grants.create(
            client_id=app.client_id, audience=API, scope=["delete:pets"]
        ),
        undefined,
    )
    grant = mgmt.client_grants.create(
        client_id=app.client_id, audience=API, scope=["read:pets"]
    )
    assert grant.scope == ["read:pets"], grant.scope
    refused(
        lambda: mgmt.client_grants.update(grant.id, scope=["read:pets", "admin:pets"]),
        undefined,
    )
    print("a grant gets only the permissions the API defines")

    role = mgmt.roles.create(name="pets-admin", description="Everything on pets")
    assert role.id.startswith("rol_"), role.id
    mgmt.roles.permissions.add(
        role.id,
        permissions=[
            {"resource_server_identifier": API, "permission_name": "read:pets"},
            {"resource_server_identifier": API, "permission_name": "write:pets"},
        ],
    )
    names = sorted(p.permission_name for p in mgmt.roles.permissions.list(role.id))
    assert names == ["read:pets", "write:pets"], names
    user = mgmt.users.create(
        connection="Username-Password-Authentication",
        email="admin@authgate.test",
        password="a sandbox password",
        name="Pets admin",
    )
    assert user.user_id.startswith("auth0|"), user.user_id
    mgmt.roles.users.assign(role.id, users=[user.user_id])
    roles = [r.name for r in mgmt.users.roles.list(user.user_id)]
    assert roles == ["pets-admin"], roles
    granted = sorted(p.permission_name for p in mgmt.users.permissions.list(user.user_id))
    assert granted == ["read:pets", "write:pets"], granted
    seeded = sorted(r.name for r in mgmt.roles.list(name_filter="pets-"))
    assert seeded == ["pets-admin", "pets-reader", "pets-writer"], seeded
    print("created a role with permissions and assigned it to a new user")


if __name__ == "__main__":
    try:
        main(sys.argv[1], os.environ["AUTHGATE_MANAGEMENT_TOKEN"])
    except AssertionError as e:
        print(f"FAILED: {e}")
        sys.exit(1)
    print("all checks passed")
