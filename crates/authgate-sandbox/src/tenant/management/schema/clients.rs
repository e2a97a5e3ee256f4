//! `CreateClientRequestContent` and `UpdateClientRequestContent` (source: see the parent
//! module). Enumerations with many values (`app_type`, organization settings) are checked
//! as strings.

use super::super::validate::{Shape, Ty};
use super::{BOOL, INT, OBJ, STR, STRINGS};

const AUTH_METHODS: &[&str] = &["none", "client_secret_post", "client_secret_basic"];
const NULLABLE_OBJ: Ty = Ty::OrNull(&OBJ);

/// Properties both calls accept with the same type.
macro_rules! client_props {
    ($($extra:expr),*) => {
        &[
            $($extra,)*
            ("name", STR),
            ("description", STR),
            ("logo_uri", STR),
            ("callbacks", STRINGS),
            ("oidc_logout", OBJ),
            ("oidc_backchannel_logout", OBJ),
            ("session_transfer", NULLABLE_OBJ),
            ("allowed_origins", STRINGS),
            ("web_origins", STRINGS),
            ("client_aliases", STRINGS),
            ("allowed_clients", STRINGS),
            ("allowed_logout_urls", STRINGS),
            ("grant_types", STRINGS),
            ("is_token_endpoint_ip_header_trusted", BOOL),
            ("app_type", STR),
            ("is_first_party", BOOL),
            ("oidc_conformant", BOOL),
            ("jwt_configuration", OBJ),
            ("encryption_key", NULLABLE_OBJ),
            ("sso", BOOL),
            ("cross_origin_authentication", BOOL),
            ("sso_disabled", BOOL),
            ("custom_login_page_on", BOOL),
            ("custom_login_page", STR),
            ("custom_login_page_preview", STR),
            ("form_template", STR),
            ("addons", OBJ),
            ("client_metadata", OBJ),
            ("mobile", OBJ),
            ("initiate_login_uri", STR),
            ("refresh_token", NULLABLE_OBJ),
            ("default_organization", NULLABLE_OBJ),
            ("require_pushed_authorization_requests", BOOL),
            ("require_proof_of_possession", BOOL),
            ("signed_request_object", OBJ),
            ("token_vault_privileged_access", OBJ),
            ("compliance_level", Ty::OrNull(&STR)),
            ("par_request_expiry", Ty::OrNull(&INT)),
            ("third_party_security_mode", STR),
            ("redirection_policy", STR),
        ]
    };
}

pub const CLIENT_CREATE: Shape = Shape {
    props: client_props!(
        ("token_endpoint_auth_method", Ty::OneOf(AUTH_METHODS)),
        ("cross_origin_loc", STR),
        ("native_social_login", OBJ),
        ("fedcm_login", OBJ),
        ("organization_usage", STR),
        ("organization_require_behavior", STR),
        ("organization_discovery_methods", STRINGS),
        ("client_authentication_methods", OBJ),
        ("skip_non_verifiable_callback_uri_confirmation_prompt", BOOL),
        ("token_exchange", OBJ),
        ("token_quota", OBJ),
        ("resource_server_identifier", STR),
        ("identity_assertion_authorization_grant", OBJ),
        ("express_configuration", OBJ),
        ("my_organization_configuration", OBJ),
        ("async_approval_notification_channels", STRINGS)
    ),
    required: &["name"],
};

pub const CLIENT_UPDATE: Shape = Shape {
    props: client_props!(
        ("client_secret", STR),
        (
            "token_endpoint_auth_method",
            Ty::OrNull(&Ty::OneOf(AUTH_METHODS))
        ),
        ("cross_origin_loc", Ty::OrNull(&STR)),
        ("native_social_login", NULLABLE_OBJ),
        ("fedcm_login", NULLABLE_OBJ),
        ("organization_usage", Ty::OrNull(&STR)),
        ("organization_require_behavior", Ty::OrNull(&STR)),
        ("organization_discovery_methods", Ty::OrNull(&STRINGS)),
        ("client_authentication_methods", NULLABLE_OBJ),
        (
            "skip_non_verifiable_callback_uri_confirmation_prompt",
            Ty::OrNull(&BOOL)
        ),
        ("token_exchange", NULLABLE_OBJ),
        ("token_quota", NULLABLE_OBJ),
        ("identity_assertion_authorization_grant", NULLABLE_OBJ),
        ("express_configuration", NULLABLE_OBJ),
        ("my_organization_configuration", NULLABLE_OBJ),
        ("async_approval_notification_channels", Ty::OrNull(&STRINGS))
    ),
    required: &[],
};
