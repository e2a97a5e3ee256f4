//! Auth0 mistakes and distinctions worth saying out loud, each with its fix: an ID token sent
//! where the access token belongs, `permissions` (RBAC) vs `scope`, user vs client subjects.

use serde::Serialize;
use serde_json::Value;

/// One finding about the token as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    /// Stable: `id_token_as_access_token`, `permissions_and_scope`, `user_without_permissions`,
    /// `user_subject`, `client_subject`.
    pub code: &'static str,
    /// Whether it explains a failure (else it is background).
    pub problem: bool,
    pub what: String,
    pub fix: Option<String>,
}

impl Observation {
    fn new(code: &'static str, problem: bool, what: String, fix: Option<String>) -> Self {
        Self {
            code,
            problem,
            what,
            fix,
        }
    }
}

/// What the claims say about the kind of token. `audience` is the expected API identifier,
/// when known.
pub fn observations(claims: &Value, audience: Option<&str>) -> Vec<Observation> {
    let mut found = Vec::new();
    if !claims.is_object() {
        return found;
    }
    let has = |name: &str| claims.get(name).is_some();
    let api = audience.unwrap_or("<API identifier>");
    let id_token_claims: Vec<&str> = ["nonce", "at_hash"]
        .into_iter()
        .filter(|c| has(c))
        .collect();
    let client_aud = client_id_audience(claims, audience);
    // The device flow's ID token has neither nonce nor at_hash: its audience (an application)
    // and its profile claims without a scope give it away.
    let profile_claims: Vec<&str> = PROFILE_CLAIMS.into_iter().filter(|c| has(c)).collect();
    let evidence = if !id_token_claims.is_empty() && (client_aud.is_some() || !has("scope")) {
        Some(id_token_claims.join(" and "))
    } else if client_aud.is_some() && !has("scope") && !profile_claims.is_empty() {
        Some(format!("{} (profile claims)", profile_claims.join(" and ")))
    } else {
        None
    };
    let id_token = evidence.is_some();
    if let Some(evidence) = evidence {
        let aud = client_aud.map_or_else(String::new, |id| {
            format!("its aud is the application `{id}`, not an API; ")
        });
        found.push(Observation::new(
            "id_token_as_access_token",
            true,
            format!(
                "this is an ID token, not an access token: {aud}it carries {evidence} and no \
                 scope. ID tokens tell the application who signed in; they are not for calling APIs"
            ),
            Some(format!(
                "send the access token instead: request it with audience={api} (auth0-spa-js: \
                 authorizationParams.audience; then getTokenSilently()), and send that as \
                 `Authorization: Bearer …`"
            )),
        ));
    }
    let sub = claims
        .get("sub")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let user = sub.contains('|') && !sub.ends_with("@clients");
    if let Some(client) = sub.strip_suffix("@clients") {
        found.push(Observation::new(
            "client_subject",
            false,
            format!(
                "a machine-to-machine token: sub `{sub}` is the application `{client}` itself \
                 (client credentials); what its grant allows arrives in `scope`"
            ),
            None,
        ));
    } else if user {
        let connection = sub.split_once('|').map_or("", |(c, _)| c);
        found.push(Observation::new(
            "user_subject",
            false,
            format!(
                "a user token: sub `{sub}` is a user of the `{connection}` connection (auth0| for \
                 username-password, google-oauth2| for Google, …); the user's RBAC permissions \
                 arrive in `permissions`"
            ),
            None,
        ));
    }
    if has("permissions") {
        found.push(Observation::new(
            "permissions_and_scope",
            false,
            "`permissions` is Auth0's RBAC list (API setting \"Add Permissions in the Access \
             Token\", token dialect access_token_authz): the permissions of the user's roles, or \
             of the application's grant. `scope` holds the scopes granted to a machine-to-machine \
             client or consented by a user. The authorizer grants the union of both"
                .to_owned(),
            None,
        ));
    } else if user && !id_token {
        // (An ID token never has `permissions`: the observation above explains it.)
        found.push(Observation::new(
            "user_without_permissions",
            true,
            "a user token without `permissions`: the user's roles do not reach the authorizer, \
             so only `scope` can grant a route"
                .to_owned(),
            Some(
                "on the Auth0 API turn on RBAC and \"Add Permissions in the Access Token\" \
                 (enforce_policies: true, token_dialect: access_token_authz), then log in again"
                    .to_owned(),
            ),
        ));
    }
    found
}

/// Claims of an ID token's profile (standard OIDC claims) that an access token
/// for an API does not carry unless a rule adds them.
const PROFILE_CLAIMS: [&str; 6] = [
    "email",
    "email_verified",
    "name",
    "nickname",
    "picture",
    "updated_at",
];

/// The audience when it looks like an application's client id rather than an API: no `:` or
/// `/` (Auth0 API identifiers are usually URLs) and not the expected API identifier.
fn client_id_audience<'a>(claims: &'a Value, audience: Option<&str>) -> Option<&'a str> {
    let aud = match claims.get("aud")? {
        Value::String(one) => one.as_str(),
        Value::Array(items) if items.len() == 1 => items[0].as_str()?,
        _ => return None,
    };
    let client_like = !aud.is_empty() && !aud.contains([':', '/']) && Some(aud) != audience;
    client_like.then_some(aud)
}

#[cfg(test)]
mod tests;
