//! The methodArn API Gateway passes to a TOKEN authorizer:
//! `arn:PARTITION:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH...`.

use std::fmt;

/// A parsed methodArn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodArn {
    raw: String,
    /// `arn:PARTITION:execute-api:REGION:ACCOUNT:` (with the colon).
    prefix_len: usize,
    api_len: usize,
    stage_len: usize,
}

/// A methodArn without the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a methodArn (arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/VERB/PATH)")]
pub struct MethodArnError(pub String);

impl crate::hint::Hint for MethodArnError {
    fn fix(&self) -> String {
        "pass the methodArn exactly as API Gateway sends it, e.g. \
         arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"
            .to_owned()
    }
}

impl MethodArn {
    pub fn parse(raw: &str) -> Result<Self, MethodArnError> {
        let error = || MethodArnError(raw.to_owned());
        let fields: Vec<&str> = raw.splitn(6, ':').collect();
        let [arn, partition, service, region, account, resource] = fields[..] else {
            return Err(error());
        };
        if arn != "arn"
            || !partition.starts_with("aws")
            || service != "execute-api"
            || region.is_empty()
            || account.is_empty()
        {
            return Err(error());
        }
        // API/STAGE/VERB/PATH: the slash after VERB is always there (GET / is `GET/`), and
        // `API/STAGE/*/*` only covers ARNs that have it (found by fuzzing).
        let mut parts = resource.splitn(4, '/');
        let (Some(api), Some(stage), Some(verb), Some(_path)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(error());
        };
        if api.is_empty() || stage.is_empty() || verb.is_empty() {
            return Err(error());
        }
        Ok(Self {
            raw: raw.to_owned(),
            prefix_len: raw.len() - resource.len(),
            api_len: api.len(),
            stage_len: stage.len(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// `…:API/STAGE/*/*`.
    pub fn stage_wildcard(&self) -> String {
        format!(
            "{}/*/*",
            &self.raw[..self.prefix_len + self.api_len + 1 + self.stage_len]
        )
    }

    /// `…:API/*`.
    pub fn api_wildcard(&self) -> String {
        format!("{}/*", &self.raw[..self.prefix_len + self.api_len])
    }

    /// The HTTP verb (`GET`, …).
    pub fn verb(&self) -> &str {
        let start = self.stage_end() + 1;
        let rest = &self.raw[start..];
        rest.split_once('/').map_or(rest, |(verb, _)| verb)
    }

    /// The request path after the verb, without its leading slash (`pets/1`; `""` for `/`).
    pub fn path(&self) -> &str {
        let start = self.stage_end() + 1;
        self.raw[start..]
            .split_once('/')
            .map_or("", |(_, path)| path)
    }

    /// `…:API/STAGE` (`stage` replaces the methodArn's stage when given, e.g. `*`) followed by
    /// `/VERB/PATH`: the resource of one route, as a policy lists it.
    pub fn route_resource(&self, stage: Option<&str>, verb: &str, path: &str) -> String {
        let api_end = self.prefix_len + self.api_len;
        let stage = stage.unwrap_or(&self.raw[api_end + 1..self.stage_end()]);
        format!(
            "{}/{stage}/{verb}/{}",
            &self.raw[..api_end],
            path.trim_start_matches('/')
        )
    }

    fn stage_end(&self) -> usize {
        self.prefix_len + self.api_len + 1 + self.stage_len
    }

    /// The same API and stage with another verb and path (e.g. `GET`, `pets/1`).
    pub fn with_route(&self, verb: &str, path: &str) -> String {
        let stage_end = self.prefix_len + self.api_len + 1 + self.stage_len;
        format!(
            "{}/{verb}/{}",
            &self.raw[..stage_end],
            path.trim_start_matches('/')
        )
    }
}

impl fmt::Display for MethodArn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

#[cfg(test)]
mod tests {
    use super::MethodArn;

    #[test]
    fn derives_the_scoped_resources() {
        let arn =
            MethodArn::parse("arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets")
                .unwrap();
        assert_eq!(
            arn.stage_wildcard(),
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*"
        );
        assert_eq!(
            arn.api_wildcard(),
            "arn:aws:execute-api:us-east-1:123456789012:abc123/*"
        );
        assert_eq!(
            arn.with_route("GET", "/pets/1"),
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1"
        );
        assert_eq!((arn.verb(), arn.path()), ("GET", "pets"));
        assert_eq!(
            arn.route_resource(Some("*"), "POST", "/pets/*"),
            "arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/pets/*"
        );
        assert_eq!(
            arn.route_resource(None, "GET", "/"),
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/"
        );
        let root = MethodArn::parse("arn:aws:execute-api:us-east-1:1:abc/prod/GET/").unwrap();
        assert_eq!((root.verb(), root.path()), ("GET", ""));
        let deep = MethodArn::parse("arn:aws:execute-api:r:1:abc/prod/DELETE/pets/1/x").unwrap();
        assert_eq!((deep.verb(), deep.path()), ("DELETE", "pets/1/x"));
    }

    #[test]
    fn rejects_other_shapes() {
        for bad in [
            "",
            "not-an-arn",
            "arn:aws:lambda:us-east-1:123456789012:function/x/y",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod",
            "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET",
            "arn:aws:execute-api::123456789012:abc123/prod/GET/pets",
            "arn:aws:execute-api:us-east-1:123456789012:/prod/GET/pets",
        ] {
            assert!(MethodArn::parse(bad).is_err(), "{bad}");
        }
    }
}
