//! What `authorizer run` prints besides the handler's answer: the token, masked, and its
//! header and claims decoded locally (no verification: that is the handler's job).

/// The first 12 and last 6 characters, enough to tell tokens apart, too little to replay.
pub fn mask(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() <= 24 {
        return "…".repeat(usize::from(!chars.is_empty()));
    }
    let head: String = chars[..12].iter().collect();
    let tail: String = chars[chars.len() - 6..].iter().collect();
    format!("{head}…{tail} ({} characters)", chars.len())
}

/// The token from an Authorization value (`Bearer ` stripped when present).
pub fn token_of(authorization: &str) -> &str {
    authorization
        .strip_prefix("Bearer ")
        .unwrap_or(authorization)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_the_ends_only() {
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLWJ5dGVz";
        let masked = mask(token);
        assert!(masked.starts_with("eyJhbGciOiJS…"));
        assert!(masked.contains("XJlLWJ5dGVz".get(5..).unwrap()));
        assert!(!masked.contains("eyJzdWIiOiJ4In0"));
        assert_eq!(mask("short"), "…");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn the_bearer_prefix_is_stripped() {
        assert_eq!(token_of("Bearer abc"), "abc");
        assert_eq!(token_of("abc"), "abc");
    }
}
