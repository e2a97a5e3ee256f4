// A Lambda TOKEN authorizer for API Gateway that accepts Auth0 (or any OIDC) RS256 access
// tokens. One file, no npm dependencies: node:crypto verifies, the global fetch gets the JWKS.
//
// Configuration (Lambda environment variables, all read once at cold start):
//   TOKEN_ISSUER  expected `iss`, exactly (Auth0: https://TENANT/ with the trailing slash)
//   JWKS_URI      the issuer's key set (Auth0: https://TENANT/.well-known/jwks.json)
//   AUDIENCE      expected audience: the Auth0 API identifier
//   POLICY_SCOPE  optional: stage (default) | method | api, how wide the Allow policy is
//   REQUIRED_PERMISSIONS  optional: JSON {"METHOD /path": "permission"}, `*` = one path
//                 segment, e.g. {"GET /pets":"read:pets","POST /pets":"write:pets"}. The
//                 policy then Allows the mapped routes whose permission the token has (in
//                 `scope` or `permissions`) and Denies the other mapped routes.
//
// Any rejection ends in `throw new Error("Unauthorized")`: API Gateway turns exactly that
// message into a 401. Any other error would become a 500. One JSON line is logged per
// decision (reason, kid, iss, sub); the token itself is never logged.

import { X509Certificate, createPublicKey, verify } from "node:crypto";

const LEEWAY_S = 60; // tolerated clock skew between the issuer and this function
const MAX_HEADER_BYTES = 8192; // a bigger Authorization value is refused before parsing
const JWKS_MAX_BYTES = 1024 * 1024;
const JWKS_TIMEOUT_MS = 5000;
const JWKS_MIN_INTERVAL_S = 30; // at most one JWKS request per 30 s, whatever tokens say
const JWKS_MAX_AGE_S = 600; // refresh cached keys after 10 minutes (key rotation)
const SCOPES = ["stage", "method", "api"];

// Missing configuration fails the cold start loudly. The tutorial's sample silently skipped
// the iss/aud checks when a variable was unset, which accepts tokens minted for other APIs.
function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`authorizer configuration: environment variable ${name} is required`);
  return value;
}
const ISSUER = requireEnv("TOKEN_ISSUER");
const JWKS_URI = requireEnv("JWKS_URI");
const AUDIENCE = requireEnv("AUDIENCE");
const POLICY_SCOPE = process.env.POLICY_SCOPE || "stage";
if (!SCOPES.includes(POLICY_SCOPE)) {
  throw new Error(`authorizer configuration: POLICY_SCOPE must be one of ${SCOPES.join(", ")}`);
}
const REQUIRED = parseRequiredPermissions(process.env.REQUIRED_PERMISSIONS);
{
  // Keys fetched over plain HTTP could be swapped by anyone on the path; allow it only for
  // a JWKS on this machine (local testing).
  const url = new URL(JWKS_URI);
  const loopback = ["localhost", "[::1]"].includes(url.hostname) || /^127\./.test(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new Error("authorizer configuration: JWKS_URI must be https (http only for loopback)");
  }
}

// A rejection with a stable reason code (the same codes as authgate's Rust verifier).
class Reject extends Error {
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

export async function handler(event) {
  const seen = { kid: null, iss: null, sub: null };
  try {
    const policy = await authorize(event, seen);
    log("allow", null, seen);
    return policy;
  } catch (err) {
    // Fail closed: a bug is a 401 too, with a reason that is not a contract code.
    log("unauthorized", err instanceof Reject ? err.reason : "internal_error", seen);
    throw new Error("Unauthorized");
  }
}

function log(decision, reason, { kid, iss, sub }) {
  console.log(JSON.stringify({ decision, reason, kid, iss, sub }));
}

async function authorize(event, seen) {
  // 1. The event. Only TOKEN authorizers send `authorizationToken`.
  if (event === null || typeof event !== "object" || event.type !== "TOKEN") {
    throw new Reject("malformed");
  }
  if (event.methodArn !== undefined && typeof event.methodArn !== "string") {
    throw new Reject("malformed");
  }
  const header = event.authorizationToken;
  if (header === undefined || header === null || header === "") throw new Reject("missing_token");
  if (typeof header !== "string") throw new Reject("malformed");
  // Exactly "Bearer " + token: no other schemes, no lenient whitespace games.
  if (!header.startsWith("Bearer ")) throw new Reject("not_bearer");
  // Size cap before any decoding: a huge header cannot make us burn CPU or memory.
  if (Buffer.byteLength(header) > MAX_HEADER_BYTES) throw new Reject("token_too_large");

  // 2. The JWT's shape: three base64url segments, the first two JSON objects.
  const token = header.slice(7);
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every(isBase64url)) throw new Reject("malformed");
  const jose = parseJsonSegment(parts[0]);
  const claims = parseJsonSegment(parts[1]);
  if (typeof jose.kid === "string") seen.kid = jose.kid;
  if (typeof claims.iss === "string") seen.iss = claims.iss;
  if (typeof claims.sub === "string") seen.sub = claims.sub;

  // 3. The algorithm is pinned by us, never chosen by the token. This stops `alg: none`,
  // HS256 signed with the public key as an HMAC secret, and algorithm downgrades.
  if (jose.alg !== "RS256") throw new Reject("alg_not_allowed");
  // `crit` names extensions the verifier must understand; we understand none, so refuse
  // rather than ignore a constraint the issuer wanted enforced (RFC 7515, 4.1.11).
  if ("crit" in jose) throw new Reject("crit_header");
  // jku / x5u / jwk / x5c are deliberately never read: a key carried or pointed to by the
  // token would let an attacker sign with their own key. Keys come from JWKS_URI only.
  if (typeof jose.kid !== "string") throw new Reject("missing_kid");

  // 4. The key, then the signature over "header.payload".
  const key = await signingKey(jose.kid);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!verify("RSA-SHA256", signed, key, Buffer.from(parts[2], "base64url"))) {
    throw new Reject("bad_signature"); // forged or tampered token
  }

  // 5. Claims, only now that we know the issuer wrote them.
  checkClaims(claims);
  return allowPolicy(event.methodArn, claims);
}

// Canonical unpadded base64url only (Buffer.from alone would skip junk characters).
const BASE64URL = /^[A-Za-z0-9_-]*$/;
function isBase64url(segment) {
  return (
    BASE64URL.test(segment) && Buffer.from(segment, "base64url").toString("base64url") === segment
  );
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });
function parseJsonSegment(segment) {
  let value;
  try {
    value = JSON.parse(UTF8.decode(Buffer.from(segment, "base64url")));
  } catch {
    throw new Reject("malformed");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Reject("malformed");
  }
  return value;
}

function checkClaims(claims) {
  // Types first: a string "exp" compared with a number would silently never expire.
  const isTime = (v) => v === undefined || (typeof v === "number" && Number.isFinite(v));
  const audOk =
    claims.aud === undefined ||
    typeof claims.aud === "string" ||
    (Array.isArray(claims.aud) && claims.aud.every((a) => typeof a === "string"));
  if (
    !isTime(claims.exp) ||
    !isTime(claims.nbf) ||
    !isTime(claims.iat) ||
    typeof claims.sub !== "string" ||
    (claims.iss !== undefined && typeof claims.iss !== "string") ||
    !audOk
  ) {
    throw new Reject("invalid_claim_type");
  }
  // A token without exp would be valid forever once leaked.
  if (claims.exp === undefined) throw new Reject("missing_exp");
  const now = nowSeconds();
  if (now > claims.exp + LEEWAY_S) throw new Reject("expired"); // replay of an old token
  if (claims.nbf !== undefined && now < claims.nbf - LEEWAY_S) throw new Reject("not_yet_valid");
  // Exact issuer: a token from another tenant (same key algorithm, its own keys) fails here.
  if (claims.iss !== ISSUER) throw new Reject("issuer_mismatch");
  // Audience: a valid token minted for a different API of the same tenant fails here.
  const audiences = typeof claims.aud === "string" ? [claims.aud] : (claims.aud ?? []);
  if (!audiences.includes(AUDIENCE)) throw new Reject("audience_mismatch");
}

// methodArn: arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH... (any aws* partition).
// The slash after VERB is always there (GET / is `GET/`); API/STAGE/*/* only covers such ARNs.
const METHOD_ARN = /^(arn:aws[^:]*:execute-api:[^:]+:[^:]+:)([^/]+)\/([^/]+)\/[^/]+\/[\s\S]*$/;

function allowPolicy(methodArn, claims) {
  const m = typeof methodArn === "string" ? METHOD_ARN.exec(methodArn) : null;
  if (!m) throw new Reject("malformed");
  const [, arnPrefix, api, stage] = m;
  const prefix = `${arnPrefix}${api}`;
  // context values must be strings, numbers or booleans, or API Gateway answers 500.
  const context = { scope: typeof claims.scope === "string" ? claims.scope : "" };
  const clientId = typeof claims.azp === "string" ? claims.azp : claims.client_id;
  if (typeof clientId === "string") context.client_id = clientId;
  let statements;
  if (REQUIRED) {
    const granted = grantedPermissions(claims);
    context.permissions = granted.join(" ");
    statements = routeStatements(`${prefix}/${POLICY_SCOPE === "api" ? "*" : stage}`, granted);
  } else {
    // API Gateway caches this policy per token (TTL) and re-checks it against every later
    // request. An Allow for only this methodArn would turn the token's next call to another
    // route into a 403 until the TTL expires; "stage" allows every route of this stage.
    const resource = { stage: `${prefix}/${stage}/*/*`, method: methodArn, api: `${prefix}/*` }[
      POLICY_SCOPE
    ];
    statements = [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: resource }];
  }
  return {
    principalId: claims.sub,
    policyDocument: { Version: "2012-10-17", Statement: statements },
    context,
  };
}

// ---- Permissions per route (REQUIRED_PERMISSIONS) ----
//
// The policy depends on the token only, never on the route requested: API Gateway caches it
// per token and re-evaluates it on later requests, so it lists every mapped route, Allow
// for the granted ones and Deny for the others (an explicit Deny wins). A route that is not
// in the map gets no statement, hence no Allow: the gateway answers 403 (closed by default).

function parseRequiredPermissions(raw) {
  if (!raw) return null; // unset or empty: one Allow, as without permissions
  const fail = (why) => {
    throw new Error(`authorizer configuration: REQUIRED_PERMISSIONS ${why}`);
  };
  let map;
  try {
    map = JSON.parse(raw);
  } catch (err) {
    fail(`is not JSON: ${err.message}`);
  }
  if (map === null || typeof map !== "object" || Array.isArray(map)) fail("is not a JSON object");
  const keys = Object.keys(map).sort(); // byte order: keys are printable ASCII
  if (keys.length === 0) fail("maps no route");
  return keys.map((key) => {
    const permission = map[key];
    if (typeof permission !== "string" || permission === "" || /[ \t\n\f\r]/.test(permission)) {
      fail(`\`${key}\` maps to ${JSON.stringify(permission)}, not a permission name`);
    }
    const space = key.indexOf(" ");
    const method = key.slice(0, space);
    const path = key.slice(space + 1);
    const segments = path.slice(1).split("/");
    if (
      space < 0 ||
      !/^([A-Z]+|\*)$/.test(method) ||
      !/^\/[\x21-\x7e]*$/.test(path) ||
      (path !== "/" && segments.some((s) => s === "")) ||
      segments.some((s) => s !== "*" && /[*?{}]/.test(s))
    ) {
      fail(`key \`${key}\` is not "METHOD /path" (\`*\` for one whole segment)`);
    }
    return { method, path, permission };
  });
}

// `scope` (space-delimited) then `permissions` (Auth0 RBAC), strings only, no duplicates.
function grantedPermissions(claims) {
  const scope = typeof claims.scope === "string" ? claims.scope.split(" ") : [];
  const permissions = Array.isArray(claims.permissions) ? claims.permissions : [];
  const granted = [];
  for (const name of [...scope, ...permissions]) {
    if (typeof name === "string" && name !== "" && !granted.includes(name)) granted.push(name);
  }
  return granted;
}

function routeStatements(stagePrefix, granted) {
  const resources = { Allow: [], Deny: [] };
  for (const { method, path, permission } of REQUIRED) {
    const effect = granted.includes(permission) ? "Allow" : "Deny";
    resources[effect].push(`${stagePrefix}/${method}/${path.slice(1)}`);
  }
  return ["Allow", "Deny"]
    .filter((effect) => resources[effect].length > 0)
    .map((effect) => ({ Action: "execute-api:Invoke", Effect: effect, Resource: resources[effect] }));
}

// ---- The key set, cached across warm invocations of this Lambda instance. ----
//
// A token with an unknown kid makes us refetch (that is how key rotation is picked up), but
// at most once per 30 s: otherwise a stream of tokens with random kids would turn this
// function into a flood of requests against the issuer.
const jwks = {
  keys: null, // Map kid -> { n, e, x5c, key: KeyObject }, null until a fetch succeeds
  fetchedAt: 0, // last successful fetch (Unix seconds)
  attemptedAt: null, // last attempt, successful or not
  inflight: null, // the fetch in progress, shared by concurrent invocations
};

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function signingKey(kid) {
  const now = nowSeconds();
  const fresh = jwks.keys !== null && now - jwks.fetchedAt < JWKS_MAX_AGE_S && jwks.keys.has(kid);
  if (!fresh) {
    if (jwks.inflight) await jwks.inflight;
    else if (jwks.attemptedAt === null || now - jwks.attemptedAt >= JWKS_MIN_INTERVAL_S) {
      jwks.inflight = refreshKeys(now).finally(() => {
        jwks.inflight = null;
      });
      await jwks.inflight;
    }
  }
  // Never fetched successfully: the issuer's keys are unknown, not this kid.
  if (jwks.keys === null) throw new Reject("jwks_unavailable");
  const entry = jwks.keys.get(kid);
  if (!entry) throw new Reject("unknown_kid");
  return entry.key;
}

// Never throws: a failed fetch keeps the previous keys and counts as an attempt.
async function refreshKeys(now) {
  jwks.attemptedAt = now;
  let body;
  try {
    body = await fetchJwks();
  } catch {
    return; // unreachable, timeout, non-2xx, not JSON, too large: keep what we had
  }
  const next = new Map();
  for (const jwk of body.keys) {
    if (jwk === null || typeof jwk !== "object") continue;
    if (jwk.use !== undefined && jwk.use !== "sig") continue; // encryption keys do not sign
    if (jwk.kty !== "RSA" || typeof jwk.kid !== "string" || next.has(jwk.kid)) continue;
    const entry = rsaKey(jwk, jwks.keys?.get(jwk.kid));
    if (entry) next.set(jwk.kid, entry); // an unusable key is skipped, the others still work
  }
  jwks.keys = next;
  jwks.fetchedAt = now;
}

// The public key from n/e, else from the first x5c certificate. An unchanged key keeps its
// parsed KeyObject from the previous fetch.
function rsaKey(jwk, old) {
  const { n, e } = jwk;
  const x5c = Array.isArray(jwk.x5c) ? jwk.x5c[0] : undefined;
  if (old && old.n === n && old.e === e && old.x5c === x5c) return old;
  try {
    let key;
    if (typeof n === "string" && typeof e === "string") {
      key = createPublicKey({ key: { kty: "RSA", n, e }, format: "jwk" });
    } else if (typeof x5c === "string") {
      key = new X509Certificate(Buffer.from(x5c, "base64")).publicKey;
    }
    return key?.asymmetricKeyType === "rsa" ? { n, e, x5c, key } : null;
  } catch {
    return null;
  }
}

async function fetchJwks() {
  // The timeout covers the whole exchange, body included: a slow issuer cannot pin us until
  // Lambda's own timeout.
  const res = await fetch(JWKS_URI, {
    signal: AbortSignal.timeout(JWKS_TIMEOUT_MS),
    headers: { accept: "application/json" },
    redirect: "error",
  });
  if (!res.ok) throw new Error(`JWKS HTTP ${res.status}`);
  // The size cap, from the header when there is one and while streaming in every case.
  if (Number(res.headers.get("content-length") ?? 0) > JWKS_MAX_BYTES) {
    await res.body?.cancel();
    throw new Error("JWKS too large");
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.length;
    if (size > JWKS_MAX_BYTES) throw new Error("JWKS too large");
    chunks.push(chunk);
  }
  const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  if (body === null || typeof body !== "object" || !Array.isArray(body.keys)) {
    throw new Error("JWKS without a keys array");
  }
  return body;
}
