//! Discovery in the tenant, read-only: the APIs, the one to grade, the applications granted
//! for it (their secrets read through the Management API, `read:client_keys`), and the test
//! and writer tokens from them (or `--token`). Tokens and secrets stay in [`Secrets`].

use reqwest::Method;
use serde_json::Value;

use super::facts::{ApiChoice, Auth0Api, Auth0Facts, GrantedClient, TokenFacts};
use authgate_core::jwt::inspect::inspect;
use authgate_core::jwt::{JwksSource, Verifier, VerifierConfig};
use authgate_providers::auth0::{
    Auth0Error, ClientCredentials, Management, Secret, TenantUrl, TokenFor, client_credentials,
};

const PER_PAGE: usize = 100;
const MAX_PAGES: usize = 20;

/// The tokens check calls with, and every secret it saw (masked out of every message).
#[derive(Default)]
pub struct Secrets {
    pub reader: Option<Secret>,
    pub writer: Option<Secret>,
    pub seen: Vec<Secret>,
}

/// What the caller knows before looking: the authorizer's `AUDIENCE`, the state file's API
/// identifier, and `--token`.
pub struct Clues<'a> {
    pub audience: Option<&'a str>,
    pub from_state: Option<&'a str>,
    pub token: Option<&'a Secret>,
    pub required: &'a [String],
}

pub async fn discover(
    m: &Management,
    clues: &Clues<'_>,
    facts: &mut Auth0Facts,
) -> Result<Secrets, Auth0Error> {
    let tenant = m.tenant().clone();
    facts.issuer = tenant.issuer();
    facts.jwks_uri = tenant.jwks_uri();
    tenant.origin().clone_into(&mut facts.base_url);
    facts.apis = apis(m, &tenant).await?;
    let pick = |want: &str| facts.apis.iter().find(|a| a.identifier == want).cloned();
    (facts.api, facts.api_choice) = if let Some(api) = clues.audience.and_then(pick) {
        (Some(api), ApiChoice::ByAudience)
    } else if let Some(api) = clues.from_state.and_then(pick) {
        (Some(api), ApiChoice::FromState)
    } else if facts.apis.len() == 1 {
        (facts.apis.first().cloned(), ApiChoice::Only)
    } else if let Some(api) = clues.audience.and_then(|aud| closest(&facts.apis, aud)) {
        (Some(api), ApiChoice::Closest)
    } else {
        (None, ApiChoice::None)
    };
    let mut secrets = Secrets::default();
    let Some(api) = facts.api.clone() else {
        return Ok(secrets);
    };
    let granted = granted(m, &api.identifier, &mut secrets).await?;
    facts.granted = granted.iter().map(|(c, _)| c.clone()).collect();
    let usable = || granted.iter().filter(|(c, _)| c.client_credentials);
    let holds_all = |c: &GrantedClient| clues.required.iter().all(|p| c.scopes.contains(p));
    let reader = usable()
        .find(|(c, _)| c.tagged_test)
        .or_else(|| usable().find(|(c, _)| !holds_all(c)))
        .or_else(|| usable().next());
    let writer = (!clues.required.is_empty())
        .then(|| {
            usable()
                .filter(|(c, _)| holds_all(c))
                .min_by_key(|(c, _)| reader.is_some_and(|(r, _)| r.client_id == c.client_id))
        })
        .flatten();
    facts.reader = reader.map(|(c, _)| c.client_id.clone());
    facts.writer = writer.map(|(c, _)| c.client_id.clone());
    let http = m.http();
    let fetch = async |client: &GrantedClient, secret: &Secret| {
        let credentials = ClientCredentials {
            client_id: client.client_id.clone(),
            client_secret: secret.clone(),
        };
        client_credentials(
            http,
            &tenant,
            &credentials,
            &api.identifier,
            TokenFor::TestClient,
        )
        .await
        .map(|grant| grant.access_token)
    };
    let (source, reader_token) = match (clues.token, reader) {
        (Some(token), _) => ("--token".to_owned(), Ok(token.clone())),
        (None, Some((client, secret))) => (client.name.clone(), fetch(client, secret).await),
        (None, None) => return Ok(secrets),
    };
    facts.token = Some(match reader_token {
        Ok(token) => {
            let t = describe(&tenant, source, &token, &api.identifier).await;
            secrets.seen.push(token.clone());
            secrets.reader = Some(token);
            t
        }
        Err(e) => TokenFacts {
            source,
            error: Some(e.to_string()),
            ..TokenFacts::default()
        },
    });
    if let Some((client, secret)) = writer {
        let same = reader.is_some_and(|(r, _)| r.client_id == client.client_id);
        secrets.writer = if same && clues.token.is_none() {
            secrets.reader.clone()
        } else {
            fetch(client, secret).await.ok()
        };
        secrets.seen.extend(secrets.writer.clone());
    }
    Ok(secrets)
}

async fn apis(m: &Management, tenant: &TenantUrl) -> Result<Vec<Auth0Api>, Auth0Error> {
    let mut out = Vec::new();
    for page in 0..MAX_PAGES {
        let path = format!("/api/v2/resource-servers?per_page={PER_PAGE}&page={page}");
        let list = m
            .call(Method::GET, &path, "read:resource_servers", None)
            .await?;
        let items = list.as_array().cloned().unwrap_or_default();
        let count = items.len();
        out.extend(items.iter().filter_map(|r| {
            let identifier = r["identifier"].as_str()?;
            let system = r["is_system"] == true || identifier == tenant.management_audience();
            (!system).then(|| Auth0Api {
                id: str_of(r, "id"),
                name: str_of(r, "name"),
                identifier: identifier.to_owned(),
                signing_alg: r["signing_alg"].as_str().unwrap_or("RS256").to_owned(),
                permissions: r["scopes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s["value"].as_str().map(str::to_owned))
                    .collect(),
            })
        }));
        if count < PER_PAGE {
            break;
        }
    }
    Ok(out)
}

/// The applications with a grant for `audience`, each with its secret.
async fn granted(
    m: &Management,
    audience: &str,
    secrets: &mut Secrets,
) -> Result<Vec<(GrantedClient, Secret)>, Auth0Error> {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("audience", audience)
        .append_pair("per_page", &PER_PAGE.to_string())
        .finish();
    let grants = m
        .call(
            Method::GET,
            &format!("/api/v2/client-grants?{query}"),
            "read:client_grants",
            None,
        )
        .await?;
    let mut out = Vec::new();
    for grant in grants.as_array().into_iter().flatten() {
        let client_id = str_of(grant, "client_id");
        let path = format!(
            "/api/v2/clients/{}",
            authgate_providers::auth0::encode_segment(&client_id)
        );
        let client = match m.call(Method::GET, &path, "read:clients", None).await {
            Ok(client) => client,
            Err(e) if e.status() == Some(404) => continue,
            Err(e) => return Err(e),
        };
        let secret = Secret::new(client["client_secret"].as_str().unwrap_or_default());
        secrets.seen.push(secret.clone());
        // Auth0 gives a machine-to-machine application client_credentials by default.
        let client_credentials = match client["grant_types"].as_array() {
            Some(types) => types.iter().any(|t| t == "client_credentials"),
            None => client["app_type"] == "non_interactive",
        };
        out.push((
            GrantedClient {
                client_id,
                name: str_of(&client, "name"),
                grant_id: str_of(grant, "id"),
                scopes: grant["scope"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect(),
                client_credentials,
                tagged_test: client["client_metadata"]["authgate_role"] == "test-client",
            },
            secret,
        ));
    }
    Ok(out)
}

/// The token decoded and verified as the authorizer would (nothing of the token kept).
async fn describe(
    tenant: &TenantUrl,
    source: String,
    token: &Secret,
    audience: &str,
) -> TokenFacts {
    // The tenant's issuer and JWKS with the API's audience: what the authorizer checks.
    let verifier = JwksSource::url(&tenant.jwks_uri())
        .ok()
        .and_then(|jwks| Verifier::new(VerifierConfig::new(tenant.issuer(), audience, jwks)).ok());
    let now = jiff::Timestamp::now().as_second();
    let inspection = inspect(token.expose(), verifier.as_ref(), None, now).await;
    let refusal = inspection.failed().next().map(|check| {
        (
            check.reason.map_or("refused", |r| r.code()).to_owned(),
            check.detail.clone(),
        )
    });
    let observations = inspection
        .observations
        .iter()
        .filter(|o| o.problem)
        .map(|o| o.what.clone())
        .collect();
    TokenFacts {
        source,
        error: None,
        issued: true,
        header: inspection.header,
        claims: inspection.claims,
        refusal,
        observations,
    }
}

/// The API whose identifier is nearest to `audience`, when it is near (a typo, a slash).
fn closest(apis: &[Auth0Api], audience: &str) -> Option<Auth0Api> {
    apis.iter()
        .map(|api| (strsim::levenshtein(&api.identifier, audience), api))
        .filter(|(distance, api)| *distance * 3 <= api.identifier.len().max(audience.len()))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, api)| api.clone())
}

fn str_of(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_owned()
}
