// The same authorizer written the usual way with `jwks-rsa` + `jsonwebtoken` (the tutorial
// sample's libraries, current versions, with the algorithm pinned), for comparison.
import jwt from "jsonwebtoken";
import jwksClient from "jwks-rsa";
import { promisify } from "node:util";

const { TOKEN_ISSUER, JWKS_URI, AUDIENCE } = process.env;
const client = jwksClient({ cache: true, rateLimit: true, jwksRequestsPerMinute: 10, jwksUri: JWKS_URI });
const getSigningKey = promisify(client.getSigningKey);

export async function handler(event) {
  try {
    const match = /^Bearer (.+)$/.exec(event.authorizationToken ?? "");
    if (event.type !== "TOKEN" || !match) throw new Error("no bearer token");
    const decoded = jwt.decode(match[1], { complete: true });
    if (!decoded?.header?.kid) throw new Error("invalid token");
    const key = await getSigningKey(decoded.header.kid);
    const claims = jwt.verify(match[1], key.getPublicKey(), {
      algorithms: ["RS256"],
      issuer: TOKEN_ISSUER,
      audience: AUDIENCE,
      clockTolerance: 60,
    });
    const [arn, api, stage] = /^(arn:aws:execute-api:[^:]+:[^:]+:)([^/]+)\/([^/]+)\//.exec(event.methodArn).slice(1);
    return {
      principalId: claims.sub,
      policyDocument: {
        Version: "2012-10-17",
        Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: `${arn}${api}/${stage}/*/*` }],
      },
      context: { scope: typeof claims.scope === "string" ? claims.scope : "" },
    };
  } catch {
    throw new Error("Unauthorized");
  }
}
