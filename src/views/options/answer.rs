//! The engine's answers the options page can get, read alone.
//!
//! The page asks only `CheckNow` (answered by `checked`) and `Diagnose` (`diagnosis`). Reading
//! the answer as a whole `protocol::Reply` would put the decoder of every other response (the
//! token lists, the created secret, the audit groups…) into the options module for nothing, so
//! this reads the protocol's envelope and these two responses field by field, into the
//! protocol's own types. Anything else is refused as an error, never taken for something else.
//! `tests/views_options.rs` reads every sample answer of `protocol::samples` both ways: this
//! agrees with the protocol's own decoder on the two, and refuses the others.

use serde_json::{Map, Value};

use crate::protocol::{CheckSummary, EngineErrorKind, ErrorData, Response};

/// Reads a reply (`{"ok": Response}` or `{"error": ErrorData}`, as `protocol::Reply` writes
/// it) holding one of the options page's answers.
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
    match tag.as_str() {
        "checked" => {
            let summary: CheckSummary = serde_json::from_value(only(&mut fields, "summary")?)
                .map_err(|e| format!("checked: {e}"))?;
            Ok(Response::Checked { summary })
        }
        "diagnosis" => Ok(Response::Diagnosis {
            report: only(&mut fields, "report")?,
        }),
        other => Err(format!(
            "`{other}` is not an answer the options page asks for"
        )),
    }
}

/// The one field left in `fields`, which must be `name` (as `deny_unknown_fields` would).
fn only(fields: &mut Map<String, Value>, name: &str) -> Result<Value, String> {
    let value = fields
        .remove(name)
        .ok_or_else(|| format!("missing field `{name}`"))?;
    match fields.keys().next() {
        Some(extra) => Err(format!("unknown field `{extra}`")),
        None => Ok(value),
    }
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
