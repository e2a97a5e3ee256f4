//! Stable reason codes (the conformance corpus and `authgate verify --json` use them) and the
//! failure they come with: a message saying what is wrong and a hint saying how to fix it.

use std::fmt;

/// Why a token was refused. `code()` is the stable, machine-readable name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    MissingToken,
    NotBearer,
    Malformed,
    TokenTooLarge,
    AlgNotAllowed,
    CritHeader,
    MissingKid,
    UnknownKid,
    BadSignature,
    IssuerMismatch,
    AudienceMismatch,
    MissingExp,
    Expired,
    NotYetValid,
    InvalidClaimType,
    JwksUnavailable,
    /// The token is valid but the policy does not allow the methodArn (API Gateway: 403).
    PolicyDenied,
}

impl Reason {
    pub const ALL: [Self; 17] = [
        Self::MissingToken,
        Self::NotBearer,
        Self::Malformed,
        Self::TokenTooLarge,
        Self::AlgNotAllowed,
        Self::CritHeader,
        Self::MissingKid,
        Self::UnknownKid,
        Self::BadSignature,
        Self::IssuerMismatch,
        Self::AudienceMismatch,
        Self::MissingExp,
        Self::Expired,
        Self::NotYetValid,
        Self::InvalidClaimType,
        Self::JwksUnavailable,
        Self::PolicyDenied,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::MissingToken => "missing_token",
            Self::NotBearer => "not_bearer",
            Self::Malformed => "malformed",
            Self::TokenTooLarge => "token_too_large",
            Self::AlgNotAllowed => "alg_not_allowed",
            Self::CritHeader => "crit_header",
            Self::MissingKid => "missing_kid",
            Self::UnknownKid => "unknown_kid",
            Self::BadSignature => "bad_signature",
            Self::IssuerMismatch => "issuer_mismatch",
            Self::AudienceMismatch => "audience_mismatch",
            Self::MissingExp => "missing_exp",
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::InvalidClaimType => "invalid_claim_type",
            Self::JwksUnavailable => "jwks_unavailable",
            Self::PolicyDenied => "policy_denied",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|reason| reason.code() == code)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// One failed check: the reason, what is wrong (with the values involved, never the token),
/// and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub reason: Reason,
    pub message: String,
    pub hint: String,
}

impl Failure {
    pub fn new(reason: Reason, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl crate::hint::Hint for Failure {
    fn fix(&self) -> String {
        self.hint.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::Reason;

    #[test]
    fn codes_are_unique_and_round_trip() {
        for reason in Reason::ALL {
            assert_eq!(Reason::from_code(reason.code()), Some(reason));
        }
        let mut codes: Vec<_> = Reason::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Reason::ALL.len());
    }
}
