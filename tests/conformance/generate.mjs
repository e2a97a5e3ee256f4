// Writes the conformance corpus: one JSON file per case, next to this script.
// node >= 20, node:crypto only, real RSA-2048 keys and real signatures.
//   node tests/conformance/generate.mjs
// Semantics: tests/conformance/README.md. Keys are fresh on every run; commit the output.
import { generateKeyPairSync, sign, createHmac } from "node:crypto";
import { readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DIR = dirname(fileURLToPath(import.meta.url));
const NOW = 1790000000;
const ISS = "https://tenant.example/";
const AUD = "https://petstore.example";
const ARN = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";
const STAGE = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*";
const API = "arn:aws:execute-api:us-east-1:123456789012:abc123/*";
const ENV = { TOKEN_ISSUER: ISS, AUDIENCE: AUD };

const b64u = (b) => Buffer.from(b).toString("base64url");
const newKey = (kid) => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  return { kid, privateKey, publicKey, jwk: { kty: "RSA", use: "sig", alg: "RS256", kid, n: jwk.n, e: jwk.e } };
};
const K1 = newKey("key-1");
const K2 = newKey("key-2");
const ATTACKER = newKey("attacker-key");
const jwks = (...keys) => ({ status: 200, body: { keys: keys.map((k) => k.jwk) } });

const CLAIMS = {
  iss: ISS, sub: "client123@clients", aud: AUD, iat: NOW - 60, exp: NOW + 3600,
  azp: "client123", scope: "read:pets", gty: "client-credentials",
};

// Signs `claims` (merged over CLAIMS unless raw) with `key` and RS256 unless overridden.
function token({ key = K1, header = {}, claims = {}, raw = false, alg = "RS256", hash = "sha256" } = {}) {
  const h = { alg, typ: "JWT", kid: key.kid, ...header };
  for (const [k, v] of Object.entries(h)) if (v === undefined) delete h[k];
  const c = raw ? claims : { ...CLAIMS, ...claims };
  for (const [k, v] of Object.entries(c)) if (v === undefined) delete c[k];
  const input = `${b64u(JSON.stringify(h))}.${b64u(JSON.stringify(c))}`;
  return `${input}.${b64u(sign(hash, Buffer.from(input), key.privateKey))}`;
}
const bearer = (t) => `Bearer ${t}`;
const event = (authorizationToken, methodArn = ARN, type = "TOKEN") => {
  const e = { type, methodArn };
  if (authorizationToken !== undefined) e.authorizationToken = authorizationToken;
  return e;
};
const allowResponse = (resource, context = { scope: "read:pets", client_id: "client123" }, sub = CLAIMS.sub) => ({
  principalId: sub,
  policyDocument: { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: resource }] },
  context,
});

const cases = [];
// One step, JWKS = [key-1], unless told otherwise.
function simple(name, about, authorization, expect, { env = ENV, responses = [jwks(K1)], arn = ARN, type = "TOKEN", now = NOW } = {}) {
  cases.push({ name, about, env, jwks_responses: responses,
    steps: [{ now, serve: 0, event: event(authorization, arn, type), expect }] });
}
const un = (reason, jwks_fetches) => (jwks_fetches === undefined ? { outcome: "unauthorized", reason } : { outcome: "unauthorized", reason, jwks_fetches });
const allow = (response, jwks_fetches = 1) => ({ outcome: "allow", reason: null, jwks_fetches, ...(response ? { response } : {}) });
const valid = bearer(token());

// --- allow and the exact response per POLICY_SCOPE -------------------------------------
simple("allow_stage_scope_default", "valid token, no POLICY_SCOPE: stage-wide Resource", valid, allow(allowResponse(STAGE)));
simple("allow_method_scope", "POLICY_SCOPE=method: Resource is the methodArn itself", valid, allow(allowResponse(ARN)), { env: { ...ENV, POLICY_SCOPE: "method" } });
simple("allow_stage_scope_explicit", "POLICY_SCOPE=stage", valid, allow(allowResponse(STAGE)), { env: { ...ENV, POLICY_SCOPE: "stage" } });
simple("allow_api_scope", "POLICY_SCOPE=api: every stage of the API", valid, allow(allowResponse(API)), { env: { ...ENV, POLICY_SCOPE: "api" } });
simple("context_client_id_from_client_id", "RFC 9068 dialect: no azp, client_id claim feeds context.client_id",
  bearer(token({ claims: { azp: undefined, client_id: "rfc-client" } })), allow(allowResponse(STAGE, { scope: "read:pets", client_id: "rfc-client" })));
simple("context_without_scope_or_client", "no scope, azp or client_id: scope is \"\", client_id omitted",
  bearer(token({ claims: { azp: undefined, scope: undefined } })), allow(allowResponse(STAGE, { scope: "" })));
simple("context_non_string_scope", "scope claim is an array: context.scope is \"\" (strings only)",
  bearer(token({ claims: { scope: ["read:pets"], azp: 7 } })), allow(allowResponse(STAGE, { scope: "" })));
simple("allow_aud_array", "aud is an array that contains AUDIENCE",
  bearer(token({ claims: { aud: ["https://other.example", AUD] } })), allow(allowResponse(STAGE)));
simple("allow_expired_within_leeway", "exp 30 s ago: inside the 60 s leeway",
  bearer(token({ claims: { exp: NOW - 30 } })), allow(allowResponse(STAGE)));
simple("allow_nbf_within_leeway", "nbf 30 s ahead: inside the 60 s leeway",
  bearer(token({ claims: { nbf: NOW + 30 } })), allow(allowResponse(STAGE)));
simple("allow_root_resource_arn", "methodArn of GET / ends with a slash",
  valid, allow(allowResponse(ARN.replace("/pets", "/")), 1), { env: { ...ENV, POLICY_SCOPE: "method" }, arn: ARN.replace("/pets", "/") });

// --- event and header ----------------------------------------------------------------
simple("event_type_request", "type is REQUEST, not TOKEN", valid, un("malformed", 0), { type: "REQUEST" });
simple("header_absent", "no authorizationToken in the event", undefined, un("missing_token", 0));
simple("header_empty", "authorizationToken is empty", "", un("missing_token", 0));
simple("bearer_lowercase", "scheme is case-sensitive", `bearer ${token()}`, un("not_bearer", 0));
simple("bare_token", "no scheme at all", token(), un("not_bearer", 0));
simple("basic_scheme", "Basic credentials", "Basic dXNlcjpwYXNz", un("not_bearer", 0));
simple("token_too_large", "header over 8192 bytes (a validly signed token with a padded claim)",
  bearer(token({ claims: { pad: "x".repeat(9000) } })), un("token_too_large", 0));
simple("method_arn_without_path", "methodArn ends at the verb (no `/` after it): not the API/STAGE/VERB/PATH shape", valid, un("malformed"), { arn: "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET" });
simple("method_arn_malformed", "valid token, but the methodArn has no API/STAGE/VERB shape", valid, un("malformed"), { arn: "not-an-arn" });

// --- token format -----------------------------------------------------------------------
const [vh, vp] = token().split(".");
simple("empty_token", "`Bearer ` and nothing", "Bearer ", un("malformed", 0));
simple("two_segments", "header.payload only", bearer(`${vh}.${vp}`), un("malformed", 0));
simple("five_segments_jwe", "an encrypted token (JWE)", bearer(`${vh}.${vp}.a.b.c`), un("malformed", 0));
simple("bad_base64", "payload is not base64url", bearer(`${vh}.***.c2ln`), un("malformed", 0));
simple("header_not_json", "header decodes to text, not JSON", bearer(`${b64u("hello")}.${vp}.c2ln`), un("malformed", 0));
simple("payload_not_object", "payload is a JSON array", bearer(`${vh}.${b64u("[1,2]")}.c2ln`), un("malformed", 0));

// --- algorithm and header parameters -----------------------------------------------------
simple("alg_none", "alg none, empty signature", bearer(`${b64u(JSON.stringify({ alg: "none", typ: "JWT", kid: "key-1" }))}.${vp}.`), un("alg_not_allowed", 0));
{
  const pem = K1.publicKey.export({ type: "spki", format: "pem" });
  const h = b64u(JSON.stringify({ alg: "HS256", typ: "JWT", kid: "key-1" }));
  const input = `${h}.${vp}`;
  const mac = createHmac("sha256", pem).update(input).digest();
  simple("hs256_with_public_key_as_secret", "key confusion: HS256 MACed with the RSA public key PEM", bearer(`${input}.${b64u(mac)}`), un("alg_not_allowed", 0));
}
simple("rs384", "RS384 is not in the allowlist (even though the key would verify it)", bearer(token({ alg: "RS384", hash: "sha384" })), un("alg_not_allowed", 0));
simple("alg_missing", "no alg in the header", bearer(token({ header: { alg: undefined } })), un("alg_not_allowed", 0));
simple("crit_header", "crit lists an extension", bearer(token({ header: { crit: ["exp"] } })), un("crit_header", 0));
simple("missing_kid", "no kid", bearer(token({ header: { kid: undefined } })), un("missing_kid", 0));
simple("kid_not_string", "kid is a number", bearer(token({ header: { kid: 1 } })), un("missing_kid", 0));
simple("kid_path_traversal", "kid is a path; it is only ever a lookup key",
  bearer(token({ header: { kid: "../../etc/passwd" } })), un("unknown_kid", 1));
{
  const keyHeaders = { jku: "http://localhost/attacker/jwks.json", x5u: "http://localhost/attacker/cert.pem" };
  simple("jku_pointing_elsewhere", "attacker-signed, header jku/x5u point elsewhere: never fetched",
    bearer(token({ key: ATTACKER, header: keyHeaders })), { ...un("unknown_kid", 1), other_fetches: 0 });
  simple("embedded_jwk_same_kid", "attacker-signed with kid key-1 and its own key embedded as `jwk`: ignored",
    bearer(token({ key: ATTACKER, header: { kid: "key-1", jwk: ATTACKER.jwk, ...keyHeaders } })), { ...un("bad_signature", 1), other_fetches: 0 });
}
// --- signature ------------------------------------------------------------------------
{
  const [h, , s] = token().split(".");
  const forged = b64u(JSON.stringify({ ...CLAIMS, sub: "admin@clients" }));
  simple("tampered_payload", "payload changed after signing", bearer(`${h}.${forged}.${s}`), un("bad_signature", 1));
}
simple("signed_by_other_key_same_kid", "kid key-1 but signed by another key", bearer(token({ key: { ...ATTACKER, kid: "key-1" } })), un("bad_signature", 1));

// --- claims -----------------------------------------------------------------------------
simple("issuer_trailing_slash", "iss lacks the trailing slash TOKEN_ISSUER has", bearer(token({ claims: { iss: "https://tenant.example" } })), un("issuer_mismatch", 1));
simple("issuer_other_tenant", "iss is another tenant", bearer(token({ claims: { iss: "https://evil.example/" } })), un("issuer_mismatch", 1));
simple("issuer_missing", "no iss", bearer(token({ claims: { iss: undefined } })), un("issuer_mismatch", 1));
simple("audience_mismatch", "aud is another API", bearer(token({ claims: { aud: "https://other.example" } })), un("audience_mismatch", 1));
simple("audience_array_without", "aud array without AUDIENCE", bearer(token({ claims: { aud: ["https://a.example", "https://b.example"] } })), un("audience_mismatch", 1));
simple("missing_exp", "no exp", bearer(token({ claims: { exp: undefined } })), un("missing_exp", 1));
simple("expired", "exp 2 minutes ago, beyond the leeway", bearer(token({ claims: { exp: NOW - 120 } })), un("expired", 1));
simple("not_yet_valid", "nbf 2 minutes ahead", bearer(token({ claims: { nbf: NOW + 120 } })), un("not_yet_valid", 1));
simple("exp_string", "exp is a numeric string", bearer(token({ claims: { exp: String(NOW + 3600) } })), un("invalid_claim_type", 1));
simple("sub_missing", "no sub (principalId needs it)", bearer(token({ claims: { sub: undefined } })), un("invalid_claim_type", 1));
simple("aud_number", "aud is a number", bearer(token({ claims: { aud: 42 } })), un("invalid_claim_type", 1));
simple("type_before_expiry", "non-numeric iat is reported before an expired exp", bearer(token({ claims: { iat: "yesterday", exp: NOW - 500 } })), un("invalid_claim_type", 1));
simple("expired_before_issuer", "expired and wrong issuer: expired wins (pinned order)", bearer(token({ claims: { exp: NOW - 500, iss: "https://evil.example/" } })), un("expired", 1));

// --- JWKS -------------------------------------------------------------------------------
simple("jwks_use_enc_ignored", "the only key with the token's kid has use=enc",
  valid, un("unknown_kid", 1), { responses: [{ status: 200, body: { keys: [{ ...K1.jwk, use: "enc" }] } }] });
simple("jwks_http_500", "the JWKS endpoint answers 500", valid, un("jwks_unavailable", 1), { responses: [{ status: 500, raw: "Internal Server Error" }] });
simple("jwks_not_json", "the JWKS endpoint answers HTML", valid, un("jwks_unavailable", 1), { responses: [{ status: 200, raw: "<html>hello</html>" }] });
simple("jwks_no_keys_array", "JSON without a keys array", valid, un("jwks_unavailable", 1), { responses: [{ status: 200, body: { error: "nope" } }] });
simple("jwks_too_large", "a JWKS body over 1 MiB", valid, un("jwks_unavailable", 1), { responses: [{ oversize: true }] });
simple("jwks_hang", "the JWKS endpoint never answers: the 5 s timeout fires", valid, un("jwks_unavailable", 1), { responses: [{ hang: true }] });

const steps = (list) => list.map(([now, serve, authorization, expect]) => ({ now, serve, event: event(authorization), expect }));
const t2 = bearer(token({ key: K2 }));
const unknown = bearer(token({ header: { kid: "key-9" } }));
cases.push({ name: "key_rotation_prepublished", about: "both keys published, then key-1 removed; stale keys refetched after 600 s",
  env: ENV, jwks_responses: [jwks(K1, K2), jwks(K2)],
  steps: steps([
    [NOW, 0, valid, allow(undefined, 1)],
    [NOW + 10, 1, t2, allow(undefined, 1)],
    [NOW + 700, 1, valid, un("unknown_kid", 2)],
    [NOW + 701, 1, t2, allow(undefined, 2)],
  ]) });
cases.push({ name: "key_rotation_new_key", about: "JWKS switches to a new key: its kid triggers one refetch; the old kid is then unknown",
  env: ENV, jwks_responses: [jwks(K1), jwks(K2)],
  steps: steps([
    [NOW, 0, valid, allow(undefined, 1)],
    [NOW + 40, 1, t2, allow(undefined, 2)],
    [NOW + 41, 1, valid, un("unknown_kid", 2)],
  ]) });
cases.push({ name: "unknown_kid_refresh_throttled", about: "unknown kids refetch at most once per 30 s",
  env: ENV, jwks_responses: [jwks(K1)],
  steps: steps([
    [NOW, 0, unknown, un("unknown_kid", 1)],
    [NOW + 10, 0, unknown, un("unknown_kid", 1)],
    [NOW + 29, 0, unknown, un("unknown_kid", 1)],
    [NOW + 30, 0, unknown, un("unknown_kid", 2)],
    [NOW + 31, 0, valid, allow(undefined, 2)],
    [NOW + 59, 0, unknown, un("unknown_kid", 2)],
    [NOW + 61, 0, unknown, un("unknown_kid", 3)],
  ]) });
cases.push({ name: "jwks_failure_then_recovery", about: "a failed fetch counts as an attempt; the next is allowed 30 s later",
  env: ENV, jwks_responses: [{ status: 500, raw: "down" }, jwks(K1)],
  steps: steps([
    [NOW, 0, valid, un("jwks_unavailable", 1)],
    [NOW + 10, 1, valid, un("jwks_unavailable", 1)],
    [NOW + 30, 1, valid, allow(undefined, 2)],
  ]) });
cases.push({ name: "jwks_failure_keeps_previous_keys", about: "stale keys are refreshed after 600 s; a failed refresh keeps them",
  env: ENV, jwks_responses: [jwks(K1), { status: 503, raw: "busy" }],
  steps: steps([
    [NOW, 0, valid, allow(undefined, 1)],
    [NOW + 700, 1, bearer(token({ claims: { exp: NOW + 3600 } })), allow(undefined, 2)],
    [NOW + 710, 1, valid, allow(undefined, 2)],
  ]) });

// --- configuration ------------------------------------------------------------------------
for (const missing of ["TOKEN_ISSUER", "AUDIENCE"]) {
  const env = { ...ENV };
  delete env[missing];
  simple(`config_missing_${missing.toLowerCase()}`, `${missing} is not set: the authorizer refuses to load`, valid, { outcome: "config_error" }, { env });
}

// permissions_*.json are written by generate_permissions.mjs.
for (const f of readdirSync(DIR)) if (f.endsWith(".json") && !f.startsWith("permissions_")) unlinkSync(join(DIR, f));
for (const c of cases) writeFileSync(join(DIR, `${c.name}.json`), `${JSON.stringify(c, null, 2)}\n`);
console.log(`wrote ${cases.length} cases to ${DIR}`);
