//! The table of cases. Each row: what is sent, what must happen, why (RFC 8725 / RFC 7519 /
//! AWS), the fix, and what API Gateway's HTTP API JWT authorizer would answer instead.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;

use super::super::issuer::{ATTACKER_CERT_PATH, ATTACKER_JWKS_PATH};
use super::super::keys::{Alg, hs256, signing_input};
use super::super::mint::{AUDIENCE, bearer};
use super::super::report::JwtAnswer::{Allow as JwtAllow, NotDocumented, Unauthorized};
use super::{CaseSpec, Expect::Allow, Expect::Refuse, jwt};

const PIN_ALG: &str = "verify with an allowlist of exactly the issuer's algorithm (RS256), \
    never the token header's alg (jose: jwtVerify(token, keys, { algorithms: ['RS256'] }))";
const KEYS_FROM_JWKS: &str = "take keys only from the configured JWKS_URI, looked up by kid; \
    ignore jku, x5u, jwk and x5c in the token header";
const CHECK_CLAIMS: &str = "after the signature, check exp (required), nbf, iss (exactly \
    TOKEN_ISSUER) and aud (contains AUDIENCE), with a small leeway (e.g. 60 s)";
const STRICT_HEADER: &str = "accept exactly `Bearer <jwt>`, cap its size (8 KiB), and answer \
    `Unauthorized` to anything else";
const JWT_RSA_ONLY: &str = "checks the signature with the issuer's JWKS; RSA algorithms only";
const JWT_KEYS: &str = "keys come only from the issuer's jwks_uri, found by kid";

pub static CASES: &[CaseSpec] = &[
    CaseSpec {
        id: "valid_token",
        expect: Allow,
        security: false,
        header: |m| m.valid(),
        why: "a valid token from the configured issuer must get through, or nobody can use the API",
        reference: "RFC 7519 §7.2",
        fix: "check TOKEN_ISSUER, JWKS_URI and AUDIENCE, and return an Allow policy that covers the methodArn",
        http_api_jwt: jwt(
            JwtAllow,
            "iss, aud, exp, nbf, iat and the signature all check",
        ),
    },
    CaseSpec {
        id: "alg_none",
        expect: Refuse,
        security: true,
        header: |m| {
            let header = json!({"alg": "none", "typ": "JWT", "kid": m.keys.issuer.kid});
            bearer(&format!("{}.", signing_input(&header, &m.claims())))
        },
        why: "an unsigned token is a forgery anyone can write: alg none must never verify",
        reference: "RFC 8725 §2.1, §3.1",
        fix: PIN_ALG,
        http_api_jwt: jwt(Unauthorized, JWT_RSA_ONLY),
    },
    CaseSpec {
        id: "alg_hs256_public_key",
        expect: Refuse,
        security: true,
        header: |m| {
            let header = json!({"alg": "HS256", "typ": "JWT", "kid": m.keys.issuer.kid});
            bearer(&hs256(m.keys.issuer_pem.as_bytes(), &header, &m.claims()))
        },
        why: "key confusion: HS256 keyed with the issuer's public key (which is public) lets anyone sign",
        reference: "RFC 8725 §2.1, §3.1",
        fix: PIN_ALG,
        http_api_jwt: jwt(Unauthorized, JWT_RSA_ONLY),
    },
    CaseSpec {
        id: "alg_rs384",
        expect: Refuse,
        security: false,
        header: |m| bearer(&m.token(&m.keys.issuer, Alg::Rs384, &json!({}), &json!({}))),
        why: "the algorithm comes from an allowlist that matches the issuer (Auth0 signs RS256), not from the token",
        reference: "RFC 8725 §3.1",
        fix: PIN_ALG,
        http_api_jwt: jwt(
            NotDocumented,
            "AWS says 'RSA-based algorithms' without listing them",
        ),
    },
    CaseSpec {
        id: "alg_ps256",
        expect: Refuse,
        security: false,
        header: |m| bearer(&m.token(&m.keys.issuer, Alg::Ps256, &json!({}), &json!({}))),
        why: "the algorithm comes from an allowlist that matches the issuer (Auth0 signs RS256), not from the token",
        reference: "RFC 8725 §3.1",
        fix: PIN_ALG,
        http_api_jwt: jwt(
            NotDocumented,
            "AWS says 'RSA-based algorithms' without listing them",
        ),
    },
    CaseSpec {
        id: "crit_header",
        expect: Refuse,
        security: false,
        header: |m| {
            let header = json!({"crit": ["urn:audit:ext"], "urn:audit:ext": true});
            bearer(&m.token(&m.keys.issuer, Alg::Rs256, &header, &json!({})))
        },
        why: "crit names extensions the verifier must understand; ignoring it drops a rule the issuer set",
        reference: "RFC 7515 §4.1.11",
        fix: "refuse tokens whose crit lists anything you do not implement (jose does)",
        http_api_jwt: jwt(NotDocumented, "crit handling is not documented"),
    },
    CaseSpec {
        id: "kid_missing",
        expect: Refuse,
        security: false,
        header: |m| {
            bearer(&m.token(
                &m.keys.issuer,
                Alg::Rs256,
                &json!({"kid": null}),
                &json!({}),
            ))
        },
        why: "without a kid the verifier has to guess the key; look keys up by kid only",
        reference: "RFC 7515 §4.1.4; RFC 8725 §3.10",
        fix: KEYS_FROM_JWKS,
        http_api_jwt: jwt(
            Unauthorized,
            "kid must match a key in the issuer's jwks_uri",
        ),
    },
    CaseSpec {
        id: "kid_unknown",
        expect: Refuse,
        security: true,
        header: |m| {
            bearer(&m.token(
                &m.keys.foreign,
                Alg::Rs256,
                &json!({"kid": "audit-unknown"}),
                &json!({}),
            ))
        },
        why: "a kid that is not in the issuer's JWKS names no trusted key; never fall back to another",
        reference: "RFC 7515 §4.1.4; RFC 8725 §3.10",
        fix: KEYS_FROM_JWKS,
        http_api_jwt: jwt(Unauthorized, JWT_KEYS),
    },
    CaseSpec {
        id: "kid_path_traversal",
        expect: Refuse,
        security: true,
        header: |m| {
            let header = json!({"kid": "../../../../../../dev/null"});
            bearer(&m.token(&m.keys.foreign, Alg::Rs256, &header, &json!({})))
        },
        why: "kid is attacker input: used as a path, SQL or URL it picks the attacker's key (or an empty secret)",
        reference: "RFC 8725 §3.10",
        fix: "use kid only as a lookup key into the JWKS you fetched; never as a path, query or URL",
        http_api_jwt: jwt(Unauthorized, JWT_KEYS),
    },
    CaseSpec {
        id: "jku_injection",
        expect: Refuse,
        security: true,
        header: |m| {
            let header = json!({"kid": m.keys.attacker.kid, "jku": format!("{}{ATTACKER_JWKS_PATH}", m.base_url)});
            bearer(&m.token(&m.keys.attacker, Alg::Rs256, &header, &json!({})))
        },
        why: "jku points at a key set the attacker serves: following it verifies their signature (and is an SSRF)",
        reference: "RFC 7515 §4.1.2; RFC 8725 §3.10",
        fix: KEYS_FROM_JWKS,
        http_api_jwt: jwt(Unauthorized, JWT_KEYS),
    },
    CaseSpec {
        id: "x5u_injection",
        expect: Refuse,
        security: true,
        header: |m| {
            let header = json!({"kid": m.keys.attacker.kid, "x5u": format!("{}{ATTACKER_CERT_PATH}", m.base_url)});
            bearer(&m.token(&m.keys.attacker, Alg::Rs256, &header, &json!({})))
        },
        why: "x5u points at a certificate the attacker serves: following it trusts their key (and is an SSRF)",
        reference: "RFC 7515 §4.1.5; RFC 8725 §3.10",
        fix: KEYS_FROM_JWKS,
        http_api_jwt: jwt(Unauthorized, JWT_KEYS),
    },
    CaseSpec {
        id: "jwk_injection",
        expect: Refuse,
        security: true,
        header: |m| {
            let header = json!({"kid": m.keys.issuer.kid, "jwk": m.keys.attacker.jwk()});
            bearer(&m.token(&m.keys.attacker, Alg::Rs256, &header, &json!({})))
        },
        why: "an embedded jwk lets the token bring its own key: anyone can sign with theirs",
        reference: "RFC 7515 §4.1.3; RFC 8725 §3.10",
        fix: KEYS_FROM_JWKS,
        http_api_jwt: jwt(Unauthorized, JWT_KEYS),
    },
    CaseSpec {
        id: "x5c_injection",
        expect: Refuse,
        security: true,
        header: |m| {
            let header = json!({"kid": m.keys.issuer.kid, "x5c": [m.keys.attacker_x5c]});
            bearer(&m.token(&m.keys.attacker, Alg::Rs256, &header, &json!({})))
        },
        why: "an embedded x5c certificate lets the token bring its own (self-signed) key",
        reference: "RFC 7515 §4.1.6; RFC 8725 §3.10",
        fix: KEYS_FROM_JWKS,
        http_api_jwt: jwt(Unauthorized, JWT_KEYS),
    },
    CaseSpec {
        id: "payload_tampered",
        expect: Refuse,
        security: true,
        header: |m| {
            let token = m.issued(&json!({}));
            let parts: Vec<&str> = token.split('.').collect();
            let forged =
                URL_SAFE_NO_PAD.encode(m.claims_with(&json!({"sub": "admin@clients"})).to_string());
            bearer(&format!("{}.{forged}.{}", parts[0], parts[2]))
        },
        why: "claims changed after signing must fail the signature (here sub becomes admin)",
        reference: "RFC 7515 §5.2; RFC 7519 §7.2",
        fix: "verify the signature over the exact header.payload received before reading any claim",
        http_api_jwt: jwt(Unauthorized, JWT_RSA_ONLY),
    },
    CaseSpec {
        id: "signature_stripped",
        expect: Refuse,
        security: true,
        header: |m| {
            let token = m.issued(&json!({}));
            bearer(&token[..=token.rfind('.').unwrap_or_default()])
        },
        why: "an RS256 token with an empty signature is unsigned; decoding is not verifying",
        reference: "RFC 7515 §5.2; RFC 8725 §3.1",
        fix: "verify (jose jwtVerify), never just decode (jwt.decode)",
        http_api_jwt: jwt(Unauthorized, JWT_RSA_ONLY),
    },
    CaseSpec {
        id: "foreign_key_same_kid",
        expect: Refuse,
        security: true,
        header: |m| {
            bearer(&m.token(
                &m.keys.foreign,
                Alg::Rs256,
                &json!({"kid": m.keys.issuer.kid}),
                &json!({}),
            ))
        },
        why: "a token signed by any key but the issuer's is forged, whatever kid it claims",
        reference: "RFC 7515 §5.2",
        fix: "verify with the key the JWKS publishes under that kid",
        http_api_jwt: jwt(Unauthorized, JWT_RSA_ONLY),
    },
    CaseSpec {
        id: "expired",
        expect: Refuse,
        security: true,
        header: |m| bearer(&m.issued(&json!({"exp": m.now - 300}))),
        why: "a leaked token must stop working when it expires (replay)",
        reference: "RFC 7519 §4.1.4",
        fix: CHECK_CLAIMS,
        http_api_jwt: jwt(Unauthorized, "exp must be after the current time"),
    },
    CaseSpec {
        id: "not_yet_valid",
        expect: Refuse,
        security: true,
        header: |m| bearer(&m.issued(&json!({"nbf": m.now + 300}))),
        why: "a token must not be accepted before its nbf",
        reference: "RFC 7519 §4.1.5",
        fix: CHECK_CLAIMS,
        http_api_jwt: jwt(Unauthorized, "nbf must be before the current time"),
    },
    CaseSpec {
        id: "exp_within_leeway",
        expect: Allow,
        security: false,
        header: |m| bearer(&m.issued(&json!({"exp": m.now - 30}))),
        why: "clocks drift: a small leeway keeps a token that expired 30 s ago from failing at random",
        reference: "RFC 7519 §4.1.4 (small leeway)",
        fix: "allow a leeway of about 60 s on exp and nbf (jose: clockTolerance: 60)",
        http_api_jwt: jwt(Unauthorized, "no documented leeway: you would lose this"),
    },
    CaseSpec {
        id: "nbf_within_leeway",
        expect: Allow,
        security: false,
        header: |m| bearer(&m.issued(&json!({"nbf": m.now + 30}))),
        why: "clocks drift: an issuer 30 s ahead of the function must not fail its fresh tokens",
        reference: "RFC 7519 §4.1.5 (small leeway)",
        fix: "allow a leeway of about 60 s on exp and nbf (jose: clockTolerance: 60)",
        http_api_jwt: jwt(Unauthorized, "no documented leeway: you would lose this"),
    },
    CaseSpec {
        id: "exp_missing",
        expect: Refuse,
        security: true,
        header: |m| bearer(&m.issued(&json!({"exp": null}))),
        why: "a token without exp is valid forever once leaked",
        reference: "RFC 7519 §4.1.4",
        fix: CHECK_CLAIMS,
        http_api_jwt: jwt(NotDocumented, "AWS does not say whether exp is required"),
    },
    CaseSpec {
        id: "exp_not_numeric",
        expect: Refuse,
        security: false,
        header: |m| bearer(&m.issued(&json!({"exp": (m.now - 3600).to_string()}))),
        why: "exp is a NumericDate; a string exp (here an hour ago) makes many comparisons silently pass",
        reference: "RFC 7519 §2, §4.1.4",
        fix: "refuse time claims that are not numbers",
        http_api_jwt: jwt(NotDocumented, "claim types are not documented"),
    },
    CaseSpec {
        id: "aud_array_contains",
        expect: Allow,
        security: false,
        header: |m| bearer(&m.issued(&json!({"aud": ["https://other.example", AUDIENCE]}))),
        why: "aud may be an array; the token is for this API when the array holds AUDIENCE",
        reference: "RFC 7519 §4.1.3",
        fix: "accept aud as a string or an array of strings that contains AUDIENCE",
        http_api_jwt: jwt(JwtAllow, "aud must match one of the configured audiences"),
    },
    CaseSpec {
        id: "aud_array_without",
        expect: Refuse,
        security: true,
        header: |m| bearer(&m.issued(&json!({"aud": ["https://a.example", "https://b.example"]}))),
        why: "a token minted for other APIs of the same tenant must not open this one",
        reference: "RFC 8725 §3.9; RFC 7519 §4.1.3",
        fix: CHECK_CLAIMS,
        http_api_jwt: jwt(
            Unauthorized,
            "aud must match one of the configured audiences",
        ),
    },
    CaseSpec {
        id: "aud_other",
        expect: Refuse,
        security: true,
        header: |m| bearer(&m.issued(&json!({"aud": "https://other.example"}))),
        why: "a token minted for another API of the same tenant must not open this one",
        reference: "RFC 8725 §3.9; RFC 7519 §4.1.3",
        fix: CHECK_CLAIMS,
        http_api_jwt: jwt(
            Unauthorized,
            "aud must match one of the configured audiences",
        ),
    },
    CaseSpec {
        id: "issuer_other",
        expect: Refuse,
        security: true,
        header: |m| bearer(&m.issued(&json!({"iss": "https://evil.example/"}))),
        why: "only the configured issuer's tokens are trusted, even when a signature checks",
        reference: "RFC 8725 §3.8",
        fix: CHECK_CLAIMS,
        http_api_jwt: jwt(Unauthorized, "iss must match the configured issuer"),
    },
    CaseSpec {
        id: "issuer_trailing_slash",
        expect: Refuse,
        security: false,
        header: |m| bearer(&m.issued(&json!({"iss": m.base_url}))),
        why: "iss is compared exactly: Auth0's ends with '/', and normalising it hides a misconfiguration",
        reference: "RFC 8725 §3.8; RFC 7519 §4.1.1",
        fix: "compare iss with TOKEN_ISSUER as exact strings",
        http_api_jwt: jwt(Unauthorized, "iss must match the configured issuer"),
    },
    CaseSpec {
        id: "oversize",
        expect: Refuse,
        security: false,
        header: |m| bearer(&m.issued(&json!({"pad": "x".repeat(9000)}))),
        why: "an unbounded header costs decode time and memory on every request (a cheap DoS)",
        reference: "authgate contract (DESIGN.md): 8 KiB cap",
        fix: STRICT_HEADER,
        http_api_jwt: jwt(
            NotDocumented,
            "only the gateway's own header size quota applies",
        ),
    },
    CaseSpec {
        id: "malformed_segments",
        expect: Refuse,
        security: false,
        header: |m| {
            let token = m.issued(&json!({}));
            bearer(token.rsplit_once('.').map_or("", |(input, _)| input))
        },
        why: "a JWS has exactly three segments; anything else is not a signed token",
        reference: "RFC 7515 §7.1; RFC 7519 §7.2",
        fix: STRICT_HEADER,
        http_api_jwt: jwt(Unauthorized, "the token must decode"),
    },
    CaseSpec {
        id: "malformed_json",
        expect: Refuse,
        security: false,
        header: |m| {
            let token = m.issued(&json!({}));
            let rest = token.split_once('.').map_or("", |(_, rest)| rest);
            bearer(&format!("{}.{rest}", URL_SAFE_NO_PAD.encode("hello")))
        },
        why: "a header that is not JSON must be refused, not crash the handler",
        reference: "RFC 7519 §7.2",
        fix: STRICT_HEADER,
        http_api_jwt: jwt(Unauthorized, "the token must decode"),
    },
    CaseSpec {
        id: "scheme_missing_bearer",
        expect: Refuse,
        security: false,
        header: |m| m.issued(&json!({})),
        why: "the header is `Bearer <token>`; a lenient parser accepts what no client should send",
        reference: "RFC 6750 §2.1",
        fix: STRICT_HEADER,
        http_api_jwt: jwt(
            JwtAllow,
            "the token is accepted with or without the Bearer prefix",
        ),
    },
    CaseSpec {
        id: "scheme_lowercase_bearer",
        expect: Refuse,
        security: false,
        header: |m| format!("bearer {}", m.issued(&json!({}))),
        why: "authgate's contract is case-sensitive here; RFC 9110 allows any case, so this is a choice",
        reference: "RFC 6750 §2.1; RFC 9110 §11.1",
        fix: STRICT_HEADER,
        http_api_jwt: jwt(
            NotDocumented,
            "only the exact `Bearer ` prefix is documented",
        ),
    },
    CaseSpec {
        id: "scheme_empty",
        expect: Refuse,
        security: false,
        header: |_| String::new(),
        why: "no credentials is a 401 (the gateway answers it itself; direct invokes still reach the code)",
        reference: "RFC 6750 §3.1",
        fix: STRICT_HEADER,
        http_api_jwt: jwt(
            Unauthorized,
            "an empty identity source is a 401 before any check",
        ),
    },
    CaseSpec {
        id: "scheme_basic",
        expect: Refuse,
        security: false,
        header: |_| "Basic YXVkaXQ6YXVkaXQ=".to_owned(),
        why: "other schemes carry no JWT and must be refused cleanly",
        reference: "RFC 6750 §2.1",
        fix: STRICT_HEADER,
        http_api_jwt: jwt(Unauthorized, "the token must decode"),
    },
];
