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

/// Reads a request from its JSON form; a refusal is itself a `Reply`.
pub fn parse_request(value: serde_json::Value) -> Result<Request, Reply> {
    serde_json::from_value(value).map_err(|e| Reply::error(ErrorKind::BadRequest, e.to_string()))
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
