//! Shared helpers of the `ado_*` tests: the organization, Microsoft's example payloads from
//! `tests/fixtures/azure-devops/`, and a few route-matching helpers over `FakeHttp`.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use pat_pilot::core::org::{HostStyle, OrgName};
use pat_pilot::ports::fakes::{html_response, json_response, FakeHttp, FixedClock};
use pat_pilot::ports::{HttpRequest, HttpResponse, Method, TransportError};
use serde_json::{json, Value};

pub use pollster::block_on;

pub const ORG_ID: &str = "38aaa865-2c70-4bf7-a308-0c6539c38c1a";
pub const BEARER: &str =
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZXNzaW9uIn0.c2lnbmF0dXJl";
/// The secret of Microsoft's CreatePat example.
pub const EXAMPLE_SECRET: &str = "dip55dwf4vpitomw63jzvomefmi2jluguprzwwqwuc6xq4fhocwq";

pub const PATS: &str = "https://vssps.dev.azure.com/fabrikam/_apis/tokens/pats";
pub const SESSION_TOKENS: &str = "https://vssps.dev.azure.com/fabrikam/_apis/Token/SessionTokens";
pub const HIERARCHY_QUERY: &str =
    "https://dev.azure.com/fabrikam/_apis/Contribution/HierarchyQuery";
pub const WEB_PLATFORM_AUTH: &str =
    "https://dev.azure.com/fabrikam/_apis/WebPlatformAuth/SessionToken";
pub const CONNECTION_DATA: &str = "https://dev.azure.com/fabrikam/_apis/connectionData";

/// The instant the `ado_*` tests run at (the browser's clock).
pub const NOW: time::OffsetDateTime = time::macros::datetime!(2026-12-03 12:00 UTC);

/// A clock standing at [`NOW`] (leaked: the client borrows it for as long as the test runs).
pub fn clock() -> &'static FixedClock {
    Box::leak(Box::new(FixedClock::new(NOW)))
}

pub fn org() -> OrgName {
    OrgName::parse("fabrikam").unwrap()
}

pub fn style() -> HostStyle {
    HostStyle::Modern
}

/// A file under `tests/fixtures/azure-devops/`, as JSON (a leading BOM is skipped).
pub fn fixture(path: &str) -> Value {
    let full = format!(
        "{}/tests/fixtures/azure-devops/{path}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
    serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap()
}

/// One of Microsoft's PAT examples (`CreatePat`, `GetPat`, …), 7.1 folder.
pub fn example(name: &str) -> Value {
    fixture(&format!("spec/7.1/httpExamples/Pats/{name}.json"))
}

/// The example's response body for its only status, and that status.
pub fn example_response(name: &str) -> (u16, Value) {
    let example = example(name);
    let (status, response) = example["responses"]
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    (status.parse().unwrap(), response["body"].clone())
}

pub fn header<'r>(request: &'r HttpRequest, name: &str) -> Option<&'r str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

pub fn has_bearer(request: &HttpRequest) -> bool {
    header(request, "authorization") == Some(&format!("Bearer {BEARER}"))
}

pub fn body(request: &HttpRequest) -> Value {
    serde_json::from_str(request.body.as_deref().unwrap_or("null")).unwrap()
}

/// Answers `method` on every URL that starts with `prefix`, every time.
pub fn on(
    fake: &FakeHttp,
    method: Method,
    prefix: &'static str,
    reply: Result<HttpResponse, TransportError>,
) {
    fake.on(move |r| (r.method == method && r.url.starts_with(prefix)).then(|| reply.clone()));
}

pub fn ok_json(body: Value) -> Result<HttpResponse, TransportError> {
    Ok(json_response(200, &body))
}

pub fn status(code: u16) -> Result<HttpResponse, TransportError> {
    Ok(json_response(
        code,
        &json!({"message": "no", "typeKey": "SomeException"}),
    ))
}

pub fn sign_in_page() -> Result<HttpResponse, TransportError> {
    Ok(html_response(
        200,
        "<!DOCTYPE html><html><title>Sign in</title></html>",
    ))
}

/// `WebPlatformAuth/SessionToken` hands out [`BEARER`].
pub fn bearer_available(fake: &FakeHttp) {
    on(
        fake,
        Method::Post,
        WEB_PLATFORM_AUTH,
        ok_json(json!({"token": BEARER})),
    );
}

/// A `SessionToken` as the web dialect lists it.
pub fn session_token(id: &str, name: &str, scope: &str, valid_from: &str) -> Value {
    json!({
        "authorizationId": id,
        "displayName": name,
        "scope": scope,
        "targetAccounts": [ORG_ID],
        "validFrom": valid_from,
        "validTo": "2030-01-01T00:00:00Z",
        "isValid": true,
        "isPublic": false,
        "token": null,
    })
}

/// The requests made, as `METHOD url` lines.
pub fn calls(fake: &FakeHttp) -> Vec<String> {
    fake.requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.url))
        .collect()
}
