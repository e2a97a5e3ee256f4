//! IAM-style glob matching: `*` is any run of characters (including `/`), `?` one character.

/// Whether `text` matches `pattern`. Iterative with one backtrack point, so it is linear-ish
/// and cannot blow up on patterns such as `*a*a*a*b`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        // `*` first: a literal `*` in the text must not consume the pattern's wildcard (fuzzing).
        if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn globs() {
        assert!(matches("*", ""));
        assert!(matches("*", "a/b/c"));
        assert!(matches("a/*/*", "a/GET/pets/1"));
        assert!(matches("a?c", "abc"));
        assert!(!matches("a?c", "ac"));
        assert!(!matches("abc", "abcd"));
        assert!(matches("*a*a*b", "aaaaaaaaaaaaaaaaaaaab"));
        assert!(!matches("*a*a*b", "aaaaaaaaaaaaaaaaaaaaa"));
        assert!(!matches("prod/*", "dev/GET"));
        assert!(
            matches("a/*/*", "a/*ET/pets"),
            "a `*` in the text is just a character"
        );
    }
}
