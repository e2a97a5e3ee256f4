//! The live corpus: the same classes of hostile and edge-case tokens as the committed
//! conformance corpus (tests/conformance/generate.mjs), minted at run time with the audit's
//! own keys and the real clock. One typed table, [`CASES`].

mod table;

pub use table::CASES;

use super::mint::Mint;
use super::report::{HttpApiJwt, JwtAnswer};

/// The access decision a case must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// 200: the request reaches the integration.
    Allow,
    /// Refused; the gateway should answer 401 (how a refusal is signalled is the
    /// `unauthorized_signal` behaviour, not each case's).
    Refuse,
}

impl Expect {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Refuse => "unauthorized",
        }
    }
}

/// One case of the table.
pub struct CaseSpec {
    pub id: &'static str,
    pub expect: Expect,
    /// A wrong answer lets a forged, replayed or misdirected token through.
    pub security: bool,
    /// The `Authorization` header value, minted for this issuer and moment.
    pub header: fn(&Mint) -> String,
    // Every case fails when the authorizer fetched any URL but the JWKS while judging it
    // (the `jku`/`x5u` cases point at the audit's issuer).
    pub why: &'static str,
    pub reference: &'static str,
    pub fix: &'static str,
    pub http_api_jwt: HttpApiJwt,
}

pub const fn jwt(answer: JwtAnswer, note: &'static str) -> HttpApiJwt {
    HttpApiJwt { answer, note }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn ids_are_unique_and_every_case_cites_a_source() {
        let ids: BTreeSet<&str> = CASES.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), CASES.len());
        for case in CASES {
            assert!(!case.reference.is_empty() && !case.why.is_empty() && !case.fix.is_empty());
            assert!(!case.why.contains('\n'), "{}: why is one line", case.id);
        }
    }
}
