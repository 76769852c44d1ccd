//! The HTTP port's request and response, independent of fetch.

use std::fmt;

use crate::core::secret::Secret;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub type Header = (String, String);

/// One request. The browser adapter adds `credentials: "include"` (the session cookies) and a
/// timeout; every header, Azure DevOps' `Suppress` headers and `Content-Type` included, is set
/// by the caller (`crate::ado`), so host tests see exactly what is sent.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<Header>,
    /// JSON text (the caller sets `Content-Type`).
    pub body: Option<String>,
    /// Abort after this many milliseconds.
    pub timeout_ms: u32,
    /// Send it as the token page would: with this `Origin` (the organization's web origin)
    /// instead of the extension's own. The browser adapter does it with a
    /// `declarativeNetRequest` session rule; see `crate::ado::transport`.
    pub page_origin: Option<String>,
}

/// Request bodies and headers may hold a bearer token: never print them.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("page_origin", &self.page_origin)
            .finish_non_exhaustive()
    }
}

pub const DEFAULT_TIMEOUT_MS: u32 = 20_000;

/// The most of a response body that is read: a token list page is about 100 KB, so an answer
/// larger than this is not one Azure DevOps meant to send (it is refused, never cached).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

impl HttpRequest {
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            page_origin: None,
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.body = Some(body.to_string());
        self
    }
}

/// One response, read to the end (up to [`MAX_BODY_BYTES`]). Header names are lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<Header>,
    /// A create's answer holds the new token's secret, a session-token answer a bearer: the
    /// body is one, so that no `Debug` prints it.
    pub body: Secret,
    /// The URL the response came from after redirects (fetch follows them): a `_signin` URL
    /// means the session has lapsed.
    pub final_url: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// True when the body is declared as JSON (a 2xx with HTML is a sign-in page).
    pub fn is_json(&self) -> bool {
        self.header("content-type")
            .is_some_and(|v| v.to_ascii_lowercase().contains("json"))
    }
}

/// The request produced no HTTP answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// No answer within the timeout; the request may or may not have reached the server.
    #[error("no answer within {0} ms")]
    Timeout(u32),
    /// The connection failed or dropped; the request may or may not have reached the server.
    #[error("network error: {0}")]
    Network(String),
    /// The person withdrew the extension's access to this host (fetch fails like CORS).
    #[error("no access to {0}")]
    NoHostAccess(String),
    /// The answer's body went past [`MAX_BODY_BYTES`]; reading stopped there.
    #[error("the answer was larger than {limit} bytes")]
    TooLarge { limit: usize },
}
