//! The accepted request bodies of the Management API calls the sandbox serves, property by
//! property, from Auth0's published API definition as its generated SDK carries it:
//! auth0/node-auth0 v6.1.0 (commit 74170bb0a599), `src/management/api/requests/requests.ts`
//! (`Create…RequestContent`, `Update…RequestContent`) and `src/management/api/types/types.ts`
//! (the enums and `ResourceServerScope`, `PermissionRequestPayload`). Nested settings
//! objects are checked as objects only. `client_id` on a client grant is optional there
//! (user-subject grants); the sandbox serves client grants only, so it requires it.

mod clients;

pub use clients::{CLIENT_CREATE, CLIENT_UPDATE};

use super::validate::{Shape, Ty};

const STR: Ty = Ty::Str;
const BOOL: Ty = Ty::Bool;
const INT: Ty = Ty::Int;
const OBJ: Ty = Ty::Obj;
const STRINGS: Ty = Ty::List(&STR);

pub const SIGNING_ALGS: &[&str] = &["HS256", "RS256", "RS512", "PS256"];
pub const TOKEN_DIALECTS: &[&str] = &[
    "access_token",
    "access_token_authz",
    "rfc9068_profile",
    "rfc9068_profile_authz",
];
const ORGANIZATION_USAGE: &[&str] = &["deny", "allow", "require"];

const SCOPE: Shape = Shape {
    props: &[("value", STR), ("description", STR)],
    required: &["value"],
};
const SCOPES: Ty = Ty::List(&Ty::Shape(&SCOPE));

/// The properties shared by `CreateResourceServerRequestContent` and its update.
macro_rules! resource_server_props {
    ($($extra:expr),*) => {
        &[
            $($extra,)*
            ("name", STR),
            ("scopes", SCOPES),
            ("signing_alg", Ty::OneOf(SIGNING_ALGS)),
            ("signing_secret", STR),
            ("allow_offline_access", BOOL),
            ("allow_online_access", BOOL),
            ("allow_online_access_with_ephemeral_sessions", BOOL),
            ("token_lifetime", INT),
            ("token_dialect", Ty::OneOf(TOKEN_DIALECTS)),
            ("skip_consent_for_verifiable_first_party_clients", BOOL),
            ("enforce_policies", BOOL),
            ("token_encryption", Ty::OrNull(&OBJ)),
            ("consent_policy", Ty::OrNull(&STR)),
            ("authorization_details", Ty::OrNull(&Ty::List(&Ty::Any))),
            ("proof_of_possession", Ty::OrNull(&OBJ)),
            ("subject_type_authorization", OBJ),
            ("authorization_policy", Ty::OrNull(&OBJ)),
        ]
    };
}

pub const RESOURCE_SERVER_CREATE: Shape = Shape {
    props: resource_server_props!(("identifier", STR)),
    required: &["identifier"],
};

pub const RESOURCE_SERVER_UPDATE: Shape = Shape {
    props: resource_server_props!(),
    required: &[],
};

pub const CLIENT_GRANT_CREATE: Shape = Shape {
    props: &[
        ("client_id", STR),
        ("audience", STR),
        ("default_for", Ty::OneOf(&["third_party_clients"])),
        ("organization_usage", Ty::OneOf(ORGANIZATION_USAGE)),
        ("allow_any_organization", BOOL),
        ("scope", STRINGS),
        ("subject_type", Ty::OneOf(&["client", "user"])),
        ("authorization_details_types", STRINGS),
        ("allow_all_scopes", BOOL),
    ],
    required: &["client_id", "audience"],
};

pub const CLIENT_GRANT_UPDATE: Shape = Shape {
    props: &[
        ("scope", Ty::OrNull(&STRINGS)),
        (
            "organization_usage",
            Ty::OrNull(&Ty::OneOf(ORGANIZATION_USAGE)),
        ),
        ("allow_any_organization", Ty::OrNull(&BOOL)),
        ("authorization_details_types", STRINGS),
        ("allow_all_scopes", Ty::OrNull(&BOOL)),
    ],
    required: &[],
};

pub const ROLE_CREATE: Shape = Shape {
    props: &[("name", STR), ("description", STR)],
    required: &["name"],
};

pub const ROLE_UPDATE: Shape = Shape {
    props: &[("name", STR), ("description", STR)],
    required: &[],
};

const PERMISSION: Shape = Shape {
    props: &[
        ("resource_server_identifier", STR),
        ("permission_name", STR),
    ],
    required: &["resource_server_identifier", "permission_name"],
};

/// `AddRolePermissionsRequestContent` and `DeleteRolePermissionsRequestContent`.
pub const ROLE_PERMISSIONS: Shape = Shape {
    props: &[("permissions", Ty::List(&Ty::Shape(&PERMISSION)))],
    required: &["permissions"],
};

/// `AssignRoleUsersRequestContent`.
pub const ROLE_USERS: Shape = Shape {
    props: &[("users", STRINGS)],
    required: &["users"],
};

/// `AssignUserRolesRequestContent` and `DeleteUserRolesRequestContent`.
pub const USER_ROLES: Shape = Shape {
    props: &[("roles", STRINGS)],
    required: &["roles"],
};

pub const USER_CREATE: Shape = Shape {
    props: &[
        ("email", STR),
        ("phone_number", STR),
        ("user_metadata", OBJ),
        ("blocked", BOOL),
        ("email_verified", BOOL),
        ("phone_verified", BOOL),
        ("app_metadata", OBJ),
        ("given_name", STR),
        ("family_name", STR),
        ("name", STR),
        ("nickname", STR),
        ("picture", STR),
        ("user_id", STR),
        ("connection", STR),
        ("password", STR),
        ("verify_email", BOOL),
        ("username", STR),
    ],
    required: &["connection"],
};

const NULLABLE_STR: Ty = Ty::OrNull(&STR);

pub const USER_UPDATE: Shape = Shape {
    props: &[
        ("blocked", BOOL),
        ("email_verified", BOOL),
        ("email", NULLABLE_STR),
        ("phone_number", NULLABLE_STR),
        ("phone_verified", BOOL),
        ("user_metadata", OBJ),
        ("app_metadata", OBJ),
        ("given_name", NULLABLE_STR),
        ("family_name", NULLABLE_STR),
        ("name", NULLABLE_STR),
        ("nickname", NULLABLE_STR),
        ("picture", NULLABLE_STR),
        ("verify_email", BOOL),
        ("verify_phone_number", BOOL),
        ("password", NULLABLE_STR),
        ("connection", STR),
        ("client_id", STR),
        ("username", NULLABLE_STR),
    ],
    required: &[],
};
