//! Building YAML templates as values (key order kept where it reads better: `Type` before
//! `Properties`), serialised by `serde_norway`, with a comment block on top. CloudFormation's
//! intrinsic functions are written in their long form (`Ref`, `Fn::GetAtt`, `Fn::Sub`), which
//! every YAML parser reads without custom tags.

use serde_json::{Value as Json, json};
use serde_norway::{Mapping, Value};

use super::ExportError;

/// A mapping in the order given.
pub fn ordered<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut map = Mapping::new();
    for (key, value) in pairs {
        if !value.is_null() {
            map.insert(Value::String(key.to_owned()), value);
        }
    }
    Value::Mapping(map)
}

/// Any JSON value as YAML (its objects' keys sorted).
pub fn y(value: Json) -> Value {
    serde_norway::to_value(value).unwrap_or(Value::Null)
}

/// `{"Ref": name}`.
pub fn reference(name: &str) -> Json {
    json!({ "Ref": name })
}

/// `{"Fn::GetAtt": [resource, attribute]}`.
pub fn get_att(resource: &str, attribute: &str) -> Json {
    json!({ "Fn::GetAtt": [resource, attribute] })
}

/// `{"Fn::Sub": text}`.
pub fn sub(text: &str) -> Json {
    json!({ "Fn::Sub": text })
}

/// A resource: `Type`, then `DependsOn` when given, then `Properties`.
pub fn resource(kind: &str, depends_on: Option<Json>, properties: Json) -> Value {
    ordered([
        ("Type", Value::String(kind.to_owned())),
        ("DependsOn", depends_on.map_or(Value::Null, y)),
        ("Properties", y(properties)),
    ])
}

/// The comment block (each line prefixed with `# `), then the document.
pub fn document(comments: &[String], value: &Value) -> Result<String, ExportError> {
    let mut text = String::new();
    for line in comments.iter().flat_map(|c| {
        if c.is_empty() {
            vec![""]
        } else {
            c.lines().collect()
        }
    }) {
        if line.is_empty() {
            text.push_str("#\n");
        } else {
            text.push_str("# ");
            text.push_str(line);
            text.push('\n');
        }
    }
    text.push_str(&quote_dates(&serde_norway::to_string(value)?));
    Ok(text)
}

/// Quotes plain scalars that YAML 1.1 parsers (`PyYAML`, and so `aws cloudformation package`)
/// read as dates: `Version: 2012-10-17` must stay the string IAM expects.
fn quote_dates(yaml: &str) -> String {
    // A literal pattern: it compiles, or every export test fails.
    #[allow(clippy::expect_used)]
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?m)^(\s*(?:- )*(?:[A-Za-z0-9_:.-]+: )?)(\d{4}-\d{1,2}-\d{1,2})$")
            .expect("a valid regex")
    });
    DATE.replace_all(yaml, "$1'$2'").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_stay_strings_and_comments_keep_blank_lines() {
        let value = ordered([
            (
                "AWSTemplateFormatVersion",
                Value::String("2010-09-09".into()),
            ),
            ("List", y(serde_json::json!(["2012-10-17", "x 2012-10-17"]))),
        ]);
        let text = document(&["one".into(), String::new(), "two".into()], &value).unwrap();
        assert_eq!(
            text,
            "# one\n#\n# two\nAWSTemplateFormatVersion: '2010-09-09'\nList:\n- '2012-10-17'\n- x 2012-10-17\n"
        );
    }
}
