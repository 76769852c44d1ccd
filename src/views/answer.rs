//! The protocol's envelope, read the way both pages read their answers.
//!
//! Reading an answer as a whole `protocol::Reply` would put the decoder of every response into
//! a page's module, so each page reads only the responses its requests can get
//! (`views::popup::answer`, `views::options::answer`) field by field, into the protocol's own
//! types. This is what they share: the reply's `ok`/`error` envelope, the response's `type`,
//! and its fields taken one by one with none left over (as `deny_unknown_fields` reads them).
//! Anything else is refused as an `Internal` error, never taken for something else.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::protocol::{EngineErrorKind, ErrorData, Response};

/// Reads a reply (`{"ok": Response}` or `{"error": ErrorData}`, as `protocol::Reply` writes
/// it); `read` reads the response from its `type` and its fields.
pub fn read_reply(
    reply: Value,
    read: fn(&str, &mut Fields) -> Result<Response, String>,
) -> Result<Response, ErrorData> {
    let internal = |message: String| ErrorData::new(EngineErrorKind::Internal, message);
    let (name, value) = one_field(reply).map_err(internal)?;
    match name.as_str() {
        "ok" => read_response(value, read).map_err(internal),
        "error" => Err(serde_json::from_value(value).map_err(|e| internal(format!("error: {e}")))?),
        other => Err(internal(format!("unknown variant `{other}` of a reply"))),
    }
}

fn read_response(
    response: Value,
    read: fn(&str, &mut Fields) -> Result<Response, String>,
) -> Result<Response, String> {
    let Value::Object(mut fields) = response else {
        return Err("a response is not an object".to_owned());
    };
    let tag = match fields.remove("type") {
        Some(Value::String(tag)) => tag,
        _ => return Err("a response has no `type`".to_owned()),
    };
    let mut fields = Fields(fields);
    let response = read(&tag, &mut fields)?;
    fields.done()?;
    Ok(response)
}

/// A response's fields, taken one by one; none may be left over (`deny_unknown_fields`).
pub struct Fields(Map<String, Value>);

impl Fields {
    /// A field that must be there.
    pub fn take(&mut self, name: &str) -> Result<Value, String> {
        self.0
            .remove(name)
            .ok_or_else(|| format!("missing field `{name}`"))
    }

    pub fn need<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, String> {
        serde_json::from_value(self.take(name)?).map_err(|e| field_error(name, &e))
    }

    /// An optional field: absent or `null` is none, as serde reads an `Option` field.
    pub fn maybe<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, String> {
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
