// Writes DIR/jwks.json (the public half of KEY) and DIR/tokens.txt: COUNT distinct RS256
// Auth0-shaped access tokens, one "Bearer …" per line, valid for a day.
//   node tokens.mjs KEY.pem COUNT DIR
import { createPrivateKey, createPublicKey, sign } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const [keyPath, countArg, dir] = process.argv.slice(2);
const key = createPrivateKey(readFileSync(keyPath));
const jwk = createPublicKey(key).export({ format: "jwk" });
const kid = "bench-verify";
writeFileSync(`${dir}/jwks.json`, JSON.stringify({ keys: [{ ...jwk, kid, use: "sig", alg: "RS256" }] }));

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
const header = b64({ alg: "RS256", typ: "JWT", kid });
const now = Math.floor(Date.now() / 1000);
const lines = [];
for (let i = 0; i < Number(countArg); i++) {
  const claims = b64({
    iss: "https://tenant.example/", sub: `client${i}@clients`, aud: "https://petstore.example",
    iat: now - 60, exp: now + 86_400, azp: `client${i}`, scope: "read:pets write:pets",
    gty: "client-credentials", jti: `bench-${i}`,
  });
  const input = `${header}.${claims}`;
  const signature = sign("RSA-SHA256", Buffer.from(input), key).toString("base64url");
  lines.push(`Bearer ${input}.${signature}`);
}
writeFileSync(`${dir}/tokens.txt`, `${lines.join("\n")}\n`);
