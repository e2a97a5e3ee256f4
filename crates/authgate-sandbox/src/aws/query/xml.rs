//! A small XML tree for query-protocol answers, written with the AWS SDK's own XML writer
//! (which escapes text).

use aws_smithy_xml::encode::{ScopeWriter, XmlWriter};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Leaf(String, String),
    Parent(String, Vec<Node>),
}

impl Node {
    pub fn leaf(name: &str, text: impl Into<String>) -> Self {
        Self::Leaf(name.to_owned(), text.into())
    }
    pub fn parent(name: &str, children: Vec<Node>) -> Self {
        Self::Parent(name.to_owned(), children)
    }
    /// `<member>` items, as the query protocol lists things.
    pub fn members(name: &str, items: Vec<Vec<Node>>) -> Self {
        Self::Parent(
            name.to_owned(),
            items
                .into_iter()
                .map(|children| Self::parent("member", children))
                .collect(),
        )
    }

    /// The document with this node as its root, in `namespace`.
    pub fn render(&self, namespace: &str) -> String {
        let mut out = String::new();
        let mut writer = XmlWriter::new(&mut out);
        let (name, children) = match self {
            Self::Leaf(name, text) => {
                let mut scope = writer.start_el(name).write_ns(namespace, None).finish();
                scope.data(text);
                scope.finish();
                return out;
            }
            Self::Parent(name, children) => (name, children),
        };
        let mut scope = writer.start_el(name).write_ns(namespace, None).finish();
        for child in children {
            child.write(&mut scope);
        }
        scope.finish();
        out
    }

    fn write(&self, parent: &mut ScopeWriter<'_, '_>) {
        match self {
            Self::Leaf(name, text) => {
                let mut scope = parent.start_el(name).finish();
                scope.data(text);
                scope.finish();
            }
            Self::Parent(name, children) => {
                let mut scope = parent.start_el(name).finish();
                for child in children {
                    child.write(&mut scope);
                }
                scope.finish();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_members_are_listed() {
        let doc = Node::parent(
            "R",
            vec![
                Node::leaf("Doc", r#"{"a":"<b>&"}"#),
                Node::members("L", vec![vec![Node::leaf("N", "1")]]),
            ],
        );
        let text = doc.render("https://x/");
        assert!(text.starts_with(r#"<R xmlns="https://x/">"#), "{text}");
        assert!(text.contains("&lt;b&gt;&amp;"), "{text}");
        assert!(text.contains("<L><member><N>1</N></member></L>"), "{text}");
    }
}
