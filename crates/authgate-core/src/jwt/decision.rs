//! What the authorizer decided, with everything a report needs.

use serde_json::Value;

use super::reason::{Failure, Reason};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The authorizer returns an Allow policy.
    Allow,
    /// The authorizer signals "Unauthorized": API Gateway answers 401.
    Unauthorized,
    /// The policy does not allow the methodArn: API Gateway answers 403.
    Deny,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::Unauthorized => "unauthorized",
            Self::Deny => "deny",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub outcome: Outcome,
    pub reason: Option<Reason>,
    pub message: String,
    /// How to fix it (failures only).
    pub hint: Option<String>,
    /// Decoded, unverified, when the token could be decoded.
    pub header: Option<Value>,
    pub claims: Option<Value>,
    /// The authorizer's response (allow only).
    pub response: Option<Value>,
}

impl Decision {
    pub(crate) fn allow(response: Value, header: Option<Value>, claims: Option<Value>) -> Self {
        let principal = response["principalId"].as_str().unwrap_or_default();
        let resource = crate::policy::first_resource(&response);
        let message = format!("principalId `{principal}`, Resource `{resource}`");
        Self {
            outcome: Outcome::Allow,
            reason: None,
            message,
            hint: None,
            header,
            claims,
            response: Some(response),
        }
    }

    pub(crate) fn unauthorized(
        failure: Failure,
        header: Option<Value>,
        claims: Option<Value>,
    ) -> Self {
        Self {
            outcome: Outcome::Unauthorized,
            reason: Some(failure.reason),
            message: failure.message,
            hint: Some(failure.hint),
            header,
            claims,
            response: None,
        }
    }

    /// The policy was built but does not allow `method_arn` (→ 403 at the gateway).
    #[must_use]
    pub fn into_denied(mut self, method_arn: &str, explicit: bool) -> Self {
        let how = if explicit {
            "explicitly denies"
        } else {
            "does not allow"
        };
        self.outcome = Outcome::Deny;
        self.reason = Some(Reason::PolicyDenied);
        self.message = format!(
            "the token is valid, but its policy {how} `{method_arn}` (API Gateway answers 403)"
        );
        self.hint = Some(
            "use --policy-scope stage (or api) so one cached policy covers every route".to_owned(),
        );
        self
    }

    /// [`Self::into_denied`] under `REQUIRED_PERMISSIONS`: says which permission the route
    /// needs and that the token lacks it (or that the route is not mapped).
    #[must_use]
    pub fn into_permission_denied(
        self,
        check: &super::inspect::PermissionCheck,
        explicit: bool,
    ) -> Self {
        let mut denied = self.into_denied(&check.method_arn, explicit);
        let how = if explicit {
            "explicitly denies it"
        } else {
            "has no Allow for it"
        };
        denied.message = format!(
            "the token is valid, but {}; its policy {how} (API Gateway answers 403)",
            check.summary()
        );
        denied.hint = check.fix();
        denied
    }

    pub fn is_allow(&self) -> bool {
        self.outcome == Outcome::Allow
    }

    pub fn principal_id(&self) -> Option<&str> {
        self.response.as_ref()?.get("principalId")?.as_str()
    }

    pub fn policy_document(&self) -> Option<&Value> {
        self.response.as_ref()?.get("policyDocument")
    }

    /// The `--json` shape of `authgate verify`.
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "outcome": self.outcome.as_str(),
            "reason": self.reason.map(Reason::code),
            "message": self.message,
            "hint": self.hint,
            "principal_id": self.principal_id(),
            "policy": self.response,
            "header": self.header,
            "claims": self.claims,
        })
    }
}
