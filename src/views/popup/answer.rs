//! The engine's answers the popup can get, read alone.
//!
//! The popup asks `Hello`, `TakePendingSecret`, `ForgetPending`, `CreateFromPreset`, the two
//! token lists, `Extend`, `Rotate` and `Revoke`; never `Ping`, `CheckNow` or `Diagnose`.
//! Serde's decoder of a whole `protocol::Reply` is one function holding every response's
//! fields (20 KB of the popup's wasm), so this reads the protocol's envelope and the popup's
//! responses field by field, into the protocol's own types (each field's type keeps its own
//! decoder, shared with the rest of the module), as `views::options::answer` does for the
//! options page. It accepts exactly what the protocol's decoder accepts for these responses
//! (unknown fields refused, an absent optional field read as none) and refuses the others as
//! an error, never taking them for something else. `tests/views_popup.rs` reads every sample
//! answer of `protocol::samples` both ways.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::core::rfc3339;
use crate::protocol::{EngineErrorKind, ErrorData, Response};

/// Reads a reply (`{"ok": Response}` or `{"error": ErrorData}`, as `protocol::Reply` writes
/// it) holding one of the popup's answers.
pub fn read_reply(reply: Value) -> Result<Response, ErrorData> {
    let internal = |message: String| ErrorData::new(EngineErrorKind::Internal, message);
    let (name, value) = one_field(reply).map_err(internal)?;
    match name.as_str() {
        "ok" => read_response(value).map_err(internal),
        "error" => Err(serde_json::from_value(value).map_err(|e| internal(format!("error: {e}")))?),
        other => Err(internal(format!("unknown variant `{other}` of a reply"))),
    }
}

fn read_response(response: Value) -> Result<Response, String> {
    let Value::Object(mut fields) = response else {
        return Err("a response is not an object".to_owned());
    };
    let tag = match fields.remove("type") {
        Some(Value::String(tag)) => tag,
        _ => return Err("a response has no `type`".to_owned()),
    };
    let mut fields = Fields(fields);
    let response = match tag.as_str() {
        "session" => Response::Session {
            org: fields.need("org")?,
            session: fields.need("session")?,
            route: fields.maybe("route")?,
        },
        "pending" => Response::Pending {
            created: fields.maybe("created")?,
            interrupted: fields.maybe("interrupted")?,
        },
        "forgotten" => Response::Forgotten {},
        "created" => Response::Created {
            created: fields.need("created")?,
            not_kept: fields.maybe("notKept")?,
        },
        "tokens" => Response::Tokens {
            org: fields.need("org")?,
            tokens: fields.need("tokens")?,
            refreshed_at: fields.maybe("refreshedAt")?,
            stale: fields.need("stale")?,
            error: fields.maybe("error")?,
            route: fields.maybe("route")?,
        },
        "allTokens" => Response::AllTokens {
            via: fields.need("via")?,
            groups: fields.need("groups")?,
            refreshed_at: fields.maybe("refreshedAt")?,
            stale: fields.need("stale")?,
            error: fields.maybe("error")?,
            route: fields.maybe("route")?,
        },
        "extended" => Response::Extended {
            token: fields.need("token")?,
            requested_valid_to: {
                let at = fields.take("requestedValidTo")?;
                rfc3339::serde::deserialize(at).map_err(|e| format!("requestedValidTo: {e}"))?
            },
            policy_limited: fields.need("policyLimited")?,
        },
        "revoked" => Response::Revoked {
            id: fields.need("id")?,
        },
        other => return Err(format!("`{other}` is not an answer the popup asks for")),
    };
    fields.done()?;
    Ok(response)
}

/// A response's fields, taken one by one; none may be left over (`deny_unknown_fields`).
struct Fields(Map<String, Value>);

impl Fields {
    /// A field that must be there.
    fn take(&mut self, name: &str) -> Result<Value, String> {
        self.0
            .remove(name)
            .ok_or_else(|| format!("missing field `{name}`"))
    }

    fn need<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, String> {
        serde_json::from_value(self.take(name)?).map_err(|e| field_error(name, &e))
    }

    /// An optional field: absent or `null` is none, as serde reads an `Option` field.
    fn maybe<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, String> {
        match self.0.remove(name) {
            None => Ok(None),
            Some(value) => serde_json::from_value(value).map_err(|e| field_error(name, &e)),
        }
    }

    fn done(self) -> Result<(), String> {
        match self.0.keys().next() {
            Some(extra) => Err(format!("unknown field `{extra}`")),
            None => Ok(()),
        }
    }
}

/// Why a field could not be read. One function, not one per field type: each of those would
/// carry its own copy of the formatting.
#[inline(never)]
fn field_error(name: &str, error: &serde_json::Error) -> String {
    format!("{name}: {error}")
}

/// An object of exactly one field: its name and value.
fn one_field(value: Value) -> Result<(String, Value), String> {
    let Value::Object(fields) = value else {
        return Err("a reply is not an object".to_owned());
    };
    let mut fields = fields.into_iter();
    match (fields.next(), fields.next()) {
        (Some(field), None) => Ok(field),
        _ => Err("a reply is not an object of one field".to_owned()),
    }
}
