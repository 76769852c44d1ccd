//! The session bearer: a token obtained from the signed-in session through
//! `POST {web}/_apis/WebPlatformAuth/SessionToken` (observed; docs/azure-devops.md §8.2), sent as
//! `Authorization: Bearer …` when the public API refuses the session cookies.
//!
//! It is a credential (DESIGN.md "Security"): no `Debug`/`Display` shows it, it has no
//! `Serialize`, and it never enters an error or the diagnostics report. The engine keeps it per
//! organization in `storage.session` only: [`Bearer::expose`] to store it,
//! [`Bearer::from_stored`] to bring it back.

use std::fmt;

use serde_json::json;

use super::classify::{classify, parse_secret_bearing};
use super::error::AdoError;
use super::request::{request, with_json, with_query, ACCEPT_JSON, API_VERSION};
use super::wire::connection::WebPlatformSessionToken;
use crate::core::token::Secret;
use crate::ports::{Http, HttpRequest, Method};

#[derive(Clone, PartialEq, Eq)]
pub struct Bearer(Secret);

impl Bearer {
    /// A bearer read back from `storage.session`; an empty string is none.
    pub fn from_stored(value: impl Into<String>) -> Option<Self> {
        let value = value.into();
        (!value.trim().is_empty()).then(|| Self(Secret::new(value)))
    }
    /// The value, for `storage.session` and the `Authorization` header only.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }
    pub(crate) fn authorize(&self, request: HttpRequest) -> HttpRequest {
        request.header("Authorization", format!("Bearer {}", self.expose()))
    }
}

impl fmt::Debug for Bearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Bearer(***)")
    }
}

/// Asks the web host for a session bearer with the session cookies.
pub(crate) async fn obtain<H: Http>(http: &H, web: &str) -> Result<Bearer, AdoError> {
    let url = with_query(
        &format!("{web}/_apis/WebPlatformAuth/SessionToken"),
        &[("api-version", API_VERSION)],
    );
    // The body a public extension sends (docs/azure-devops.md §8.2): the nil app id, no forced refresh.
    let body = json!({"appId": "00000000-0000-0000-0000-000000000000", "force": false});
    let answer = classify(
        http.send(with_json(request(Method::Post, url, ACCEPT_JSON), &body))
            .await,
    )?;
    let parsed: WebPlatformSessionToken = parse_secret_bearing(&answer)?;
    parsed
        .token
        .and_then(|s| Bearer::from_stored(s.expose()))
        .ok_or_else(|| {
            AdoError::unexpected(
                Some(answer.status),
                "a session token answer without a token",
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bearer_never_shows_in_debug() {
        let bearer = Bearer::from_stored("eyJhbGciOi.secret.value");
        assert_eq!(format!("{bearer:?}"), "Some(Bearer(***))");
        assert_eq!(Bearer::from_stored("  "), None);
    }
}
