//! Step 5's request as code, in the languages the tutorial shows (curl, C#, Go, Java, Node,
//! Objective-C, PHP, Python, Ruby, Swift), with the real invoke URL and header filled in.
//!
//! Unlike the tutorial's samples, these keep TLS verification on (its Ruby sample turns it
//! off) and pick plain HTTP or HTTPS from the URL, so they also work against the sandbox.

mod languages;
#[cfg(test)]
mod tests;

/// One HTTP request: what step 5 sends (a JSON body for its POSTs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetRequest {
    pub method: String,
    pub url: String,
    /// Name and value, in order; the `authorization` header carries the token.
    pub headers: Vec<(String, String)>,
    /// JSON text, sent with `content-type: application/json`.
    pub body: Option<String>,
}

impl SnippetRequest {
    /// `GET url`, with `authorization: {value}` when a header value is given.
    pub fn get(url: impl Into<String>, authorization: Option<&str>) -> Self {
        Self {
            method: "GET".into(),
            url: url.into(),
            headers: authorization
                .map(|value| vec![("authorization".to_owned(), value.to_owned())])
                .unwrap_or_default(),
            body: None,
        }
    }

    /// `POST url` with a JSON body, and `authorization: {value}` when given.
    pub fn post_json(url: impl Into<String>, authorization: Option<&str>, body: &str) -> Self {
        let mut request = Self::get(url, authorization);
        request.method = "POST".into();
        request
            .headers
            .push(("content-type".to_owned(), "application/json".to_owned()));
        request.body = Some(body.to_owned());
        request
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    Curl,
    CSharp,
    Go,
    Java,
    NodeAxios,
    ObjectiveC,
    Php,
    Python,
    Ruby,
    Swift,
}

impl Language {
    /// In the tutorial's order.
    pub const ALL: [Self; 10] = [
        Self::Curl,
        Self::CSharp,
        Self::Go,
        Self::Java,
        Self::NodeAxios,
        Self::ObjectiveC,
        Self::Php,
        Self::Python,
        Self::Ruby,
        Self::Swift,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Curl => "curl",
            Self::CSharp => "C# (RestSharp)",
            Self::Go => "Go",
            Self::Java => "Java (Unirest)",
            Self::NodeAxios => "Node (axios)",
            Self::ObjectiveC => "Objective-C",
            Self::Php => "PHP",
            Self::Python => "Python",
            Self::Ruby => "Ruby",
            Self::Swift => "Swift",
        }
    }

    /// The next language, wrapping around (the screen cycles with a key).
    #[must_use]
    pub fn next(self) -> Self {
        let at = Self::ALL.iter().position(|l| *l == self).unwrap_or(0);
        Self::ALL[(at + 1) % Self::ALL.len()]
    }

    #[must_use]
    pub fn previous(self) -> Self {
        let at = Self::ALL.iter().position(|l| *l == self).unwrap_or(0);
        Self::ALL[(at + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

/// The request as a complete, runnable program (or command) in `language`.
pub fn render(language: Language, request: &SnippetRequest) -> String {
    match language {
        Language::Curl => languages::curl(request),
        Language::CSharp => languages::csharp(request),
        Language::Go => languages::go(request),
        Language::Java => languages::java(request),
        Language::NodeAxios => languages::node(request),
        Language::ObjectiveC => languages::objective_c(request),
        Language::Php => languages::php(request),
        Language::Python => languages::python(request),
        Language::Ruby => languages::ruby(request),
        Language::Swift => languages::swift(request),
    }
}

/// `text` as a double-quoted literal, valid in every language here that has one: backslash
/// and double quote escaped. URLs and header values hold no control characters, and the
/// languages that interpolate inside double quotes (PHP, Ruby) use [`single_quoted`].
pub(crate) fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `text` as a single-quoted PHP or Ruby literal (no interpolation): `\` and `'` escaped.
pub(crate) fn single_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// `text` as a POSIX shell word: single quotes, with `'` written as `'\''`.
pub(crate) fn shell_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}
