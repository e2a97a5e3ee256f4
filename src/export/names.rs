//! Names for generated resources: CloudFormation logical ids (letters and digits) and
//! Terraform resource names (`snake_case`), made from paths and verbs.

/// `GET /pets/{petId}` → `GetPetsPetid`; `/` → `Root`.
pub fn logical(verb: &str, path: &str) -> String {
    let mut out = capitalise(&verb.to_lowercase());
    out.push_str(&path_part(path, true));
    out
}

/// A path as a logical id part: `/pets/{petId}` → `PetsPetid`, `/` → `Root`.
pub fn path_part(path: &str, root_named: bool) -> String {
    let words: String = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| capitalise(&w.to_lowercase()))
        .collect();
    if words.is_empty() && root_named {
        "Root".to_owned()
    } else {
        words
    }
}

/// `GET /pets/{petId}` → `get_pets_petid`; `/` → `get_root`.
pub fn snake(verb: &str, path: &str) -> String {
    let mut words = vec![verb.to_lowercase()];
    words.extend(
        path.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase),
    );
    if words.len() == 1 {
        words.push("root".to_owned());
    }
    words.join("_")
}

/// Any text as a Terraform name: `[^a-z0-9_]` → `_`, no leading digit (`auth0 tf generate`'s rule).
pub fn sanitize(text: &str) -> String {
    let mut out: String = text
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    while out.contains("__") {
        out = out.replace("__", "_");
    }
    let out = out
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '_')
        .trim_end_matches('_');
    if out.is_empty() {
        "x".to_owned()
    } else {
        out.to_owned()
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_routes() {
        assert_eq!(logical("GET", "/pets/{petId}"), "GetPetsPetid");
        assert_eq!(logical("OPTIONS", "/"), "OptionsRoot");
        assert_eq!(path_part("/pets", false), "Pets");
        assert_eq!(snake("POST", "/pets"), "post_pets");
        assert_eq!(snake("GET", "/"), "get_root");
        assert_eq!(sanitize("pets-reader"), "pets_reader");
        assert_eq!(sanitize("1 Auth0 Integration!"), "auth0_integration");
    }
}
