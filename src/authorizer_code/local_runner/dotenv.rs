//! `.env` files as the tutorial writes them: `KEY=VALUE` lines, `#` comments, blank lines,
//! an optional `export ` prefix and optional single or double quotes around the value.

use authgate_core::hint::Hint;

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("line {line}: expected KEY=VALUE")]
pub struct DotenvError {
    pub line: usize,
}

impl Hint for DotenvError {
    fn fix(&self) -> String {
        "write one KEY=VALUE per line, e.g. TOKEN_ISSUER=https://TENANT.auth0.com/ \
         (comments start with #)"
            .to_owned()
    }
}

/// The variables in file order.
pub fn parse(text: &str) -> Result<Vec<(String, String)>, DotenvError> {
    let mut vars = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let error = DotenvError { line: index + 1 };
        let (key, value) = line.split_once('=').ok_or(error.clone())?;
        let key = key.trim();
        let valid_key = !key.is_empty()
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !key.starts_with(|c: char| c.is_ascii_digit());
        if !valid_key {
            return Err(error);
        }
        vars.push((
            key.to_owned(),
            unquote(value.trim()).ok_or(error)?.to_owned(),
        ));
    }
    Ok(vars)
}

/// `"v"` or `'v'` → `v`; an unquoted value ends at ` #` (a trailing comment).
fn unquote(value: &str) -> Option<&str> {
    for quote in ['"', '\''] {
        if let Some(rest) = value.strip_prefix(quote) {
            return rest.strip_suffix(quote);
        }
    }
    Some(value.split_once(" #").map_or(value, |(v, _)| v.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_tutorials_env_file() {
        let text = "# from the tutorial\nJWKS_URI=https://t.example/.well-known/jwks.json\n\n\
                    export AUDIENCE=\"https://your-api-gateway\"\nTOKEN_ISSUER='https://t.example/' \n\
                    POLICY_SCOPE=stage # the default\n";
        let vars = parse(text).unwrap();
        assert_eq!(
            vars,
            [
                (
                    "JWKS_URI".into(),
                    "https://t.example/.well-known/jwks.json".into()
                ),
                ("AUDIENCE".into(), "https://your-api-gateway".into()),
                ("TOKEN_ISSUER".into(), "https://t.example/".into()),
                ("POLICY_SCOPE".into(), "stage".into()),
            ]
        );
    }

    #[test]
    fn names_the_line_that_is_not_key_value() {
        assert_eq!(parse("A=1\njust words\n"), Err(DotenvError { line: 2 }));
        assert_eq!(parse("1A=x"), Err(DotenvError { line: 1 }));
        assert_eq!(parse("A=\"open"), Err(DotenvError { line: 1 }));
    }
}
