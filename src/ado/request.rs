//! Building requests: the headers every call carries, query strings, JSON bodies.
//!
//! The client, not the browser adapter, owns the Azure DevOps headers, so host tests can assert
//! them and every request is complete as built. The adapter must *set* (not append) headers, so
//! that one it also adds is not doubled.

use crate::ports::{HttpRequest, Method};

/// The api-version of every call (both dialects).
pub(crate) const API_VERSION: &str = "7.1-preview.1";

/// A request with the headers every Azure DevOps call carries:
/// - `Accept: application/json` (the web dialect adds its api-version here, as the web UI
///   does; docs/azure-devops.md §2);
/// - `X-TFS-FedAuthRedirect: Suppress`: a lapsed session answers 401/403, not a 302 to a
///   sign-in page (docs/azure-devops.md §2, §3);
/// - `X-VSS-ReauthenticationAction: Suppress`: sent by the web UI; meaning undocumented.
pub(crate) fn request(method: Method, url: String, accept: &str) -> HttpRequest {
    HttpRequest::new(method, url)
        .header("Accept", accept)
        .header("X-TFS-FedAuthRedirect", "Suppress")
        .header("X-VSS-ReauthenticationAction", "Suppress")
}

/// `Accept` for the public API (its api-version travels in the query).
pub(crate) const ACCEPT_JSON: &str = "application/json";

/// `Accept` for the web dialect: the api-version travels here, as the web UI sends it.
pub(crate) fn accept_with_version() -> String {
    format!("{ACCEPT_JSON};api-version={API_VERSION}")
}

/// Adds a JSON body and its `Content-Type`.
pub(crate) fn with_json(request: HttpRequest, body: &serde_json::Value) -> HttpRequest {
    request
        .header("Content-Type", "application/json")
        .json(body)
}

/// `base?k1=v1&k2=v2`, each value percent-encoded (keys are our own constants).
pub(crate) fn with_query(base: &str, pairs: &[(&str, &str)]) -> String {
    let mut url = base.to_owned();
    for (i, (key, value)) in pairs.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(key);
        url.push('=');
        url.push_str(&encode(value));
    }
    url
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(
            with_query(
                "https://x/a",
                &[("$top", "100"), ("continuationToken", "MTAw+/=")]
            ),
            "https://x/a?$top=100&continuationToken=MTAw%2B%2F%3D"
        );
    }

    #[test]
    fn every_request_carries_the_suppress_headers() {
        let request = request(Method::Get, "https://x".into(), ACCEPT_JSON);
        let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "Accept",
                "X-TFS-FedAuthRedirect",
                "X-VSS-ReauthenticationAction"
            ]
        );
    }
}
