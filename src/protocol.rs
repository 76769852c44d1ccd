//! The one way the views ask the engine (the service worker) to act.
//!
//! Messages travel through `runtime.sendMessage`, which serializes to JSON: every payload here
//! is JSON-compatible (strings, bools, safe-range numbers, arrays, objects). Validation *is*
//! deserialization: unknown fields and unknown `type`s are refused. Errors travel as data,
//! `{"error": {"kind", "message"}}`, because a thrown `Error` does not survive messaging.

use serde::{Deserialize, Serialize};

/// What a view asks. Tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Request {
    /// Is the engine there, and which version is it? (Every variant is a struct variant: serde
    /// ignores extra fields on unit variants of a tagged enum.)
    Ping {},
}

/// What the engine answers on success. Tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Response {
    Pong { version: String },
}

/// What kind of failure, for the view to word and to choose the next step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    /// The message could not be read (unknown type, missing or unknown field).
    BadRequest,
    /// Storage failed (quota, sync disabled).
    Storage,
    /// Something the engine did not expect; the message says what.
    Internal,
}

/// A failure as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ErrorData {
    pub kind: ErrorKind,
    /// A developer-facing sentence (English, secret-free); views word `kind` through `_locales`.
    pub message: String,
}

/// The envelope of every answer: `{"ok": Response}` or `{"error": ErrorData}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Reply {
    Ok(Response),
    Error(ErrorData),
}

impl Reply {
    pub fn error(kind: ErrorKind, message: impl Into<String>) -> Self {
        Reply::Error(ErrorData {
            kind,
            message: message.into(),
        })
    }
}

/// One example of every request and response, for the round-trip tests (host and wasm).
/// `variant_name` matches exhaustively, so a new variant without an example fails the build or
/// the coverage test.
pub mod samples {
    use super::*;

    pub fn requests() -> Vec<Request> {
        vec![Request::Ping {}]
    }

    pub fn responses() -> Vec<Response> {
        vec![Response::Pong {
            version: "1.2.3".into(),
        }]
    }

    pub fn request_name(r: &Request) -> &'static str {
        match r {
            Request::Ping {} => "ping",
        }
    }

    pub fn response_name(r: &Response) -> &'static str {
        match r {
            Response::Pong { .. } => "pong",
        }
    }

    /// Every variant name, listed by hand: the test checks the samples cover them.
    pub const REQUEST_NAMES: &[&str] = &["ping"];
    pub const RESPONSE_NAMES: &[&str] = &["pong"];
}

/// Reads a request from its JSON form; a refusal is itself a `Reply`.
pub fn parse_request(value: serde_json::Value) -> Result<Request, Reply> {
    serde_json::from_value(value).map_err(|e| Reply::error(ErrorKind::BadRequest, e.to_string()))
}

/// Who sent a message, as the browser reports it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Sender {
    pub id: String,
    pub url: String,
}

/// The extension itself: its id and the base URL of its pages (`chrome-extension://<id>/`,
/// or `moz-extension://<uuid>/` in Firefox, where the base differs from the id).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Me {
    pub id: String,
    pub base: String,
}

/// Only the extension's own pages may ask the engine to act. `runtime.onMessage` already
/// excludes web pages (there is no `externally_connectable`), and there are no content
/// scripts; this check keeps it so if either ever changes.
pub fn sender_is_self(sender: &Sender, me: &Me) -> bool {
    !me.id.is_empty()
        && sender.id == me.id
        && !me.base.is_empty()
        && sender.url.starts_with(&me.base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ping_round_trips_as_a_tagged_object() {
        let request = parse_request(json!({"type": "ping"}));
        assert_eq!(request, Ok(Request::Ping {}));
        assert_eq!(
            serde_json::to_value(Request::Ping {}).ok(),
            Some(json!({"type": "ping"}))
        );
    }

    #[test]
    fn unknown_types_and_fields_are_refused() {
        for bad in [
            json!({"type": "launchMissiles"}),
            json!({"type": "ping", "extra": 1}),
            json!({}),
            json!("ping"),
        ] {
            match parse_request(bad.clone()) {
                Err(Reply::Error(e)) => assert_eq!(e.kind, ErrorKind::BadRequest, "{bad}"),
                other => panic!("{bad} was accepted: {other:?}"),
            }
        }
    }

    #[test]
    fn samples_cover_every_variant_and_round_trip_through_json() {
        let names: Vec<_> = samples::requests()
            .iter()
            .map(samples::request_name)
            .collect();
        for name in samples::REQUEST_NAMES {
            assert!(names.contains(name), "no sample request for {name}");
        }
        let names: Vec<_> = samples::responses()
            .iter()
            .map(samples::response_name)
            .collect();
        for name in samples::RESPONSE_NAMES {
            assert!(names.contains(name), "no sample response for {name}");
        }
        for request in samples::requests() {
            let json = serde_json::to_value(&request).unwrap_or_default();
            assert_eq!(parse_request(json).ok(), Some(request));
        }
        for response in samples::responses() {
            let reply = Reply::Ok(response);
            let json = serde_json::to_value(&reply).unwrap_or_default();
            assert_eq!(serde_json::from_value::<Reply>(json).ok(), Some(reply));
        }
    }

    #[test]
    fn only_the_extensions_own_pages_are_heard() {
        let me = Me {
            id: "abc".into(),
            base: "chrome-extension://abc/".into(),
        };
        let own = Sender {
            id: "abc".into(),
            url: "chrome-extension://abc/options.html".into(),
        };
        assert!(sender_is_self(&own, &me));
        let page = Sender {
            id: "abc".into(),
            url: "https://dev.azure.com/evil-org/".into(),
        };
        assert!(
            !sender_is_self(&page, &me),
            "a content-script-like sender on a web page"
        );
        let other = Sender {
            id: "xyz".into(),
            url: "chrome-extension://xyz/popup.html".into(),
        };
        assert!(!sender_is_self(&other, &me));
        let lookalike = Sender {
            id: "abc".into(),
            url: "chrome-extension://abcd/popup.html".into(),
        };
        assert!(!sender_is_self(&lookalike, &me));
        assert!(!sender_is_self(&Sender::default(), &Me::default()));
    }

    #[test]
    fn replies_are_ok_or_error_envelopes() {
        let ok = Reply::Ok(Response::Pong {
            version: "1.0.0".into(),
        });
        assert_eq!(
            serde_json::to_value(&ok).ok(),
            Some(json!({"ok": {"type": "pong", "version": "1.0.0"}}))
        );
        let err = Reply::error(ErrorKind::Internal, "boom");
        assert_eq!(
            serde_json::to_value(&err).ok(),
            Some(json!({"error": {"kind": "internal", "message": "boom"}}))
        );
    }
}
