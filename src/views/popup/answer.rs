//! The engine's answers the popup can get, read alone.
//!
//! The popup asks `Hello`, `TakePendingSecret`, `ForgetPending`, `CreateFromPreset`, the two
//! token lists, `Extend`, `Rotate` and `Revoke`; never `Ping`, `CheckNow` or `Diagnose`.
//! Serde's decoder of a whole `protocol::Reply` is one function holding every response's
//! fields (20 KB of the popup's wasm), so this reads the protocol's envelope and the popup's
//! responses field by field, into the protocol's own types (each field's type keeps its own
//! decoder, shared with the rest of the module), as `views::options::answer` does for the
//! options page (the envelope and the fields through `views::answer`). It accepts exactly what the protocol's decoder accepts for these responses
//! (unknown fields refused, an absent optional field read as none) and refuses the others as
//! an error, never taking them for something else. `tests/views_popup.rs` reads every sample
//! answer of `protocol::samples` both ways.

use serde_json::Value;

use crate::core::rfc3339;
use crate::protocol::{ErrorData, Response};
use crate::views::answer::{self, Fields};

/// Reads a reply (`{"ok": Response}` or `{"error": ErrorData}`, as `protocol::Reply` writes
/// it) holding one of the popup's answers.
pub fn read_reply(reply: Value) -> Result<Response, ErrorData> {
    answer::read_reply(reply, read_response)
}

fn read_response(tag: &str, fields: &mut Fields) -> Result<Response, String> {
    Ok(match tag {
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
    })
}
