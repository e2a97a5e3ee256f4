// Writes the conformance cases of REQUIRED_PERMISSIONS (`permissions_*.json`), next to this
// script: node >= 20, node:crypto only, a fresh RSA-2048 key and real signatures.
//   node tests/conformance/generate_permissions.mjs
// Semantics: tests/conformance/README.md ("Permissions per route"). Commit the output.
import { generateKeyPairSync, sign } from "node:crypto";
import { readdirSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DIR = dirname(fileURLToPath(import.meta.url));
const NOW = 1790000000;
const ISS = "https://tenant.example/";
const AUD = "https://petstore.example";
const STAGE = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod";
const arn = (route, stage = STAGE) => `${stage}/${route}`;
const MAP = { "GET /pets": "read:pets", "GET /pets/*": "read:pets", "POST /pets": "write:pets" };
const env = (map = MAP, extra = {}) => ({
  TOKEN_ISSUER: ISS, AUDIENCE: AUD,
  REQUIRED_PERMISSIONS: typeof map === "string" ? map : JSON.stringify(map), ...extra,
});

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = publicKey.export({ format: "jwk" });
const JWKS = { status: 200, body: { keys: [{ kty: "RSA", use: "sig", alg: "RS256", kid: "key-1", n: jwk.n, e: jwk.e }] } };

const b64u = (b) => Buffer.from(b).toString("base64url");
const M2M = { iss: ISS, sub: "client123@clients", aud: AUD, iat: NOW - 60, exp: NOW + 3600,
  azp: "client123", scope: "read:pets", gty: "client-credentials" };
const USER = { iss: ISS, sub: "auth0|64f1c0ffee", aud: [AUD, `${ISS}userinfo`], iat: NOW - 60,
  exp: NOW + 3600, azp: "spa-client", scope: "openid profile" };
function bearer(claims) {
  const c = { ...claims };
  for (const [k, v] of Object.entries(c)) if (v === undefined) delete c[k];
  const input = `${b64u(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "key-1" }))}.${b64u(JSON.stringify(c))}`;
  return `Bearer ${input}.${b64u(sign("sha256", Buffer.from(input), privateKey))}`;
}
const statement = (Effect, Resource) => ({ Action: "execute-api:Invoke", Effect, Resource });
const response = (sub, statements, context) => ({
  principalId: sub, policyDocument: { Version: "2012-10-17", Statement: statements }, context,
});
// An allow outcome (the authorizer returned a policy) and what API Gateway makes of that
// policy on the event's methodArn and, as a cached policy, on `also` methodArns.
const returned = (policy_effect, { response: r, also } = {}) => ({
  outcome: "allow", reason: null, jwks_fetches: 1, policy_effect,
  ...(r ? { response: r } : {}), ...(also ? { also } : {}),
});
const on = (route, policy_effect, stage) => ({ method_arn: arn(route, stage), policy_effect });

const cases = [];
function single(name, about, authorization, route, expect, caseEnv = env()) {
  cases.push({ name: `permissions_${name}`, about, env: caseEnv, jwks_responses: [JWKS],
    steps: [{ now: NOW, serve: 0, event: { type: "TOKEN", authorizationToken: authorization, methodArn: arn(route) }, expect }] });
}

const readOnly = bearer(M2M);
const readOnlyPolicy = response(M2M.sub, [
  statement("Allow", [arn("GET/pets"), arn("GET/pets/*")]),
  statement("Deny", [arn("POST/pets")]),
], { scope: "read:pets", client_id: "client123", permissions: "read:pets" });

single("scope_string", "M2M token, scope \"read:pets\": GET routes Allowed, POST /pets Denied, context.permissions",
  readOnly, "GET/pets", returned("allow", { response: readOnlyPolicy }));
single("array", "user token: `permissions` array (RBAC) plus scope; both routes granted",
  bearer({ ...USER, permissions: ["read:pets", "write:pets"] }), "POST/pets",
  returned("allow", { response: response(USER.sub, [
    statement("Allow", [arn("GET/pets"), arn("GET/pets/*"), arn("POST/pets")]),
  ], { scope: "openid profile", client_id: "spa-client", permissions: "openid profile read:pets write:pets" }) }));
single("missing", "read-only token on POST /pets: the policy explicitly Denies it (403 at the gateway, not 401)",
  readOnly, "POST/pets", returned("explicit_deny", { response: readOnlyPolicy }));
single("partial", "token has write:pets but not read:pets: one of the two routes",
  bearer({ ...M2M, scope: "write:pets" }), "GET/pets",
  returned("explicit_deny", { also: [on("POST/pets", "allow"), on("GET/pets/1", "implicit_deny")] }),
  env({ "GET /pets": "read:pets", "POST /pets": "write:pets" }));
single("wildcard_route", "GET /pets/* covers /pets/1, not /pets itself; in the policy an IAM `*` also spans /, so /pets/1/photos is covered too",
  readOnly, "GET/pets/1", returned("allow", {
    response: response(M2M.sub, [
      statement("Allow", [arn("GET/pets/*")]), statement("Deny", [arn("GET/pets")]),
    ], { scope: "read:pets", client_id: "client123", permissions: "read:pets" }),
    also: [on("GET/pets", "explicit_deny"), on("GET/pets/abc-9", "allow"), on("GET/pets/1/photos", "allow")],
  }), env({ "GET /pets": "list:pets", "GET /pets/*": "read:pets" }));
single("unmapped_route", "a route not in the map: no statement covers it, so no Allow (403), deny by default",
  bearer({ ...M2M, scope: "read:pets write:pets" }), "DELETE/pets/1", returned("implicit_deny"));
single("non_string_entries", "scope not a string, permissions with a number: only strings are granted",
  bearer({ ...USER, scope: ["write:pets"], permissions: [7, "read:pets", null, ""] }), "GET/pets",
  returned("allow", { also: [on("POST/pets", "explicit_deny")], response: response(USER.sub, [
    statement("Allow", [arn("GET/pets"), arn("GET/pets/*")]), statement("Deny", [arn("POST/pets")]),
  ], { scope: "", client_id: "spa-client", permissions: "read:pets" }) }));
single("api_scope", "POLICY_SCOPE=api: the mapped routes of every stage",
  readOnly, "GET/pets", returned("allow", { also: [on("GET/pets/1", "allow", STAGE.replace("/prod", "/dev")),
    on("POST/pets", "explicit_deny", STAGE.replace("/prod", "/dev"))] }), env(MAP, { POLICY_SCOPE: "api" }));

// The cache trap, solved: API Gateway reuses the policy returned for GET /pets on the token's
// next requests. The second step asks for POST /pets and gets the same policy back.
cases.push({ name: "permissions_cached_policy_second_route",
  about: "the policy for GET /pets, cached and reused on other routes, is right on every one",
  env: env(), jwks_responses: [JWKS], steps: [
    { now: NOW, serve: 0, event: { type: "TOKEN", authorizationToken: readOnly, methodArn: arn("GET/pets") },
      expect: returned("allow", { response: readOnlyPolicy, also: [
        on("POST/pets", "explicit_deny"), on("GET/pets/42", "allow"),
        on("DELETE/pets/42", "implicit_deny"), on("GET/pets", "implicit_deny", STAGE.replace("/prod", "/dev")),
      ] }) },
    { now: NOW + 5, serve: 0, event: { type: "TOKEN", authorizationToken: readOnly, methodArn: arn("POST/pets") },
      expect: returned("explicit_deny", { response: readOnlyPolicy }) },
  ] });

for (const [name, map] of [
  ["invalid_not_json", "{GET /pets: read:pets}"],
  ["invalid_value_not_string", JSON.stringify({ "GET /pets": ["read:pets"] })],
  ["invalid_key", JSON.stringify({ "/pets GET": "read:pets" })],
  ["invalid_path_parameter", JSON.stringify({ "GET /pets/{petId}": "read:pets" })],
  ["invalid_empty_map", "{}"],
  ["invalid_array", JSON.stringify(["GET /pets"])],
]) {
  single(name, `REQUIRED_PERMISSIONS ${map}: the authorizer refuses to load`, readOnly, "GET/pets",
    { outcome: "config_error" }, env(map));
}

for (const f of readdirSync(DIR)) if (f.startsWith("permissions_") && f.endsWith(".json")) unlinkSync(join(DIR, f));
for (const c of cases) writeFileSync(join(DIR, `${c.name}.json`), `${JSON.stringify(c, null, 2)}\n`);
console.log(`wrote ${cases.length} permission cases to ${DIR}`);
