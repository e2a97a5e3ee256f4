//! How many parameters a Node handler declares, read from its source text: nodejs24.x
//! refuses a handler whose `Function.length` is 3 or more (a callback handler) at init.
//!
//! A static reading, not a JavaScript parser. It finds `exports.NAME =`,
//! `module.exports.NAME =`, `export const|let|var NAME =`, `[async] function NAME(`,
//! `const|let|var NAME =` and `NAME:` in an object literal, then reads the function
//! expression after it (`function (…)`, `(…) =>`, `x =>`), following one plain alias
//! (`exports.handler = authorize;`). It counts like `Function.length`: parameters before the
//! first default value or rest parameter. Limits: a handler built by a wrapper (`middy(fn)`),
//! re-exported from another file, or assigned dynamically gives `None` (unknown).

use std::sync::LazyLock;

use regex::Regex;

// A literal pattern (the tests run it): `Regex::new` cannot fail on it.
#[allow(clippy::expect_used)]
static LINE_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)(^|[\s;{}])//.*$").expect("a valid regex"));
// A literal pattern (the tests run it): `Regex::new` cannot fail on it.
#[allow(clippy::expect_used)]
static BLOCK_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/\*[\s\S]*?\*/").expect("a valid regex"));
// A literal pattern (the tests run it): `Regex::new` cannot fail on it.
#[allow(clippy::expect_used)]
static IDENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_$][A-Za-z0-9_$]*").expect("a valid regex"));

/// The number of parameters `name` is declared with in `source`, or `None` when the
/// definition cannot be read statically.
pub fn handler_params(source: &str, name: &str) -> Option<usize> {
    let without_blocks = BLOCK_COMMENT.replace_all(source, " ");
    let code = LINE_COMMENT.replace_all(&without_blocks, "$1");
    params_of(&code, name, 3)
}

fn params_of(code: &str, name: &str, aliases_left: u8) -> Option<usize> {
    let name = regex::escape(name);
    let patterns = [
        format!(r"(?:^|[^.\w$])(?:module\.)?exports\.{name}\s*=\s*"),
        format!(r"export\s+(?:const|let|var)\s+{name}\s*=\s*"),
        format!(r"(?:^|[^.\w$])(?:async\s+)?function\s*\*?\s*{name}\s*(\()"),
        format!(r"(?:^|[^.\w$])(?:const|let|var)\s+{name}\s*=\s*"),
        format!(r"(?:^|[{{,\s]){name}\s*:\s*"),
        format!(r"[{{,]\s*(?:async\s+)?{name}\s*(\()"),
    ];
    for pattern in patterns {
        let re = Regex::new(&pattern).ok()?;
        let Some(found) = re.captures(code) else {
            continue;
        };
        // A declaration's own `(`, or the expression after `=` / `:`.
        if let Some(open) = found.get(1) {
            return count_params(&code[open.start()..]);
        }
        let rest = &code[found.get(0)?.end()..];
        if let Some(n) = expression_params(rest) {
            return Some(n);
        }
        if aliases_left > 0
            && let Some(alias) = IDENT.find(rest)
            && rest[alias.end()..]
                .trim_start()
                .starts_with([';', '\n', ',', '}'])
            && alias.as_str() != name
        {
            return params_of(code, alias.as_str(), aliases_left - 1);
        }
        return None;
    }
    None
}

/// The parameters of a function expression at the start of `text`.
fn expression_params(text: &str) -> Option<usize> {
    let mut rest = text.trim_start();
    if let Some(after) = rest.strip_prefix("async")
        && after.starts_with(|c: char| c.is_whitespace() || c == '(')
    {
        rest = after.trim_start();
    }
    if let Some(after) = rest.strip_prefix("function") {
        let after = after.trim_start().trim_start_matches('*').trim_start();
        let after = IDENT
            .find(after)
            .map_or(after, |m| &after[m.end()..])
            .trim_start();
        return after
            .starts_with('(')
            .then(|| count_params(after))
            .flatten();
    }
    if rest.starts_with('(') {
        return count_params(rest);
    }
    // `x => …`: one parameter.
    let ident = IDENT.find(rest)?;
    rest[ident.end()..]
        .trim_start()
        .starts_with("=>")
        .then_some(1)
}

/// `(a, b = 1, c)` → 1, as `Function.length` counts: up to the first default or rest.
fn count_params(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('(')?;
    let mut depth = 0_u32;
    let mut quote: Option<char> = None;
    let mut current = String::new();
    let mut params = Vec::new();
    for c in inner.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            current.push(c);
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' if depth == 0 => {
                params.push(std::mem::take(&mut current));
                return Some(function_length(&params));
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                params.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    None
}

fn function_length(params: &[String]) -> usize {
    params
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .take_while(|p| !p.starts_with("...") && !has_default(p))
        .count()
}

/// A top-level `=` that is not part of `=>`, `==` or a comparison.
fn has_default(param: &str) -> bool {
    let bytes = param.as_bytes();
    let mut depth = 0_i32;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'=' if depth == 0 => {
                let next = bytes.get(i + 1).copied();
                let prev = i.checked_sub(1).map(|p| bytes[p]);
                if next != Some(b'>')
                    && next != Some(b'=')
                    && !matches!(prev, Some(b'=' | b'!' | b'<' | b'>'))
                {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}
