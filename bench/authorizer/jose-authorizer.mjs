// The same authorizer written with `jose` (remote JWKS set + jwtVerify), for comparison.
import { createRemoteJWKSet, jwtVerify } from "jose";

const { TOKEN_ISSUER, JWKS_URI, AUDIENCE } = process.env;
const JWKS = createRemoteJWKSet(new URL(JWKS_URI));

export async function handler(event) {
  try {
    const match = /^Bearer (.+)$/.exec(event.authorizationToken ?? "");
    if (event.type !== "TOKEN" || !match) throw new Error("no bearer token");
    const { payload } = await jwtVerify(match[1], JWKS, {
      algorithms: ["RS256"],
      issuer: TOKEN_ISSUER,
      audience: AUDIENCE,
      clockTolerance: 60,
      requiredClaims: ["exp", "sub"],
    });
    const [arn, api, stage] = /^(arn:aws:execute-api:[^:]+:[^:]+:)([^/]+)\/([^/]+)\//.exec(event.methodArn).slice(1);
    return policy(payload, `${arn}${api}/${stage}/*/*`);
  } catch {
    throw new Error("Unauthorized");
  }
}

function policy(claims, resource) {
  return {
    principalId: claims.sub,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: resource }],
    },
    context: { scope: typeof claims.scope === "string" ? claims.scope : "" },
  };
}
