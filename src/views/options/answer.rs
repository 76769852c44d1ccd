//! The engine's answers the options page can get, read alone.
//!
//! The page asks only `CheckNow` (answered by `checked`) and `Diagnose` (`diagnosis`). Reading
//! the answer as a whole `protocol::Reply` would put the decoder of every other response (the
//! token lists, the created secret, the audit groups…) into the options module for nothing, so
//! this reads these two responses field by field, into the protocol's own types (the envelope
//! and the fields through `views::answer`). Anything else is refused as an error, never taken
//! for something else. `tests/views_options.rs` reads every sample answer of
//! `protocol::samples` both ways: this agrees with the protocol's own decoder on the two, and
//! refuses the others.

use serde_json::Value;

use crate::protocol::{ErrorData, Response};
use crate::views::answer::{self, Fields};

/// Reads a reply (`{"ok": Response}` or `{"error": ErrorData}`, as `protocol::Reply` writes
/// it) holding one of the options page's answers.
pub fn read_reply(reply: Value) -> Result<Response, ErrorData> {
    answer::read_reply(reply, read_response)
}

fn read_response(tag: &str, fields: &mut Fields) -> Result<Response, String> {
    match tag {
        "checked" => Ok(Response::Checked {
            summary: fields.need("summary")?,
        }),
        "diagnosis" => Ok(Response::Diagnosis {
            report: fields.need("report")?,
        }),
        other => Err(format!(
            "`{other}` is not an answer the options page asks for"
        )),
    }
}
