//! After a create with no conclusive answer (a timeout, a dropped connection, a 5xx, or a
//! worker that woke to an in-flight marker): did the token get made?
//!
//! A candidate has the attempt's name, the same set of scopes, is not revoked, and has a
//! `validFrom` inside the attempt. `validFrom` is the server's clock and the attempt's instants
//! are the browser's, so the window is widened by [`CLOCK_SKEW`] on both sides. A wider window
//! only risks "several candidates" (said as such), never a wrong "not created".

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::core::token::{Scopes, Token};

/// How far the browser's clock and Azure DevOps' may disagree.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// The create that may or may not have happened (the engine's in-flight marker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub name: String,
    pub scopes: Scopes,
    /// When the request was sent (browser clock).
    pub started: OffsetDateTime,
    /// When it ended without an answer, or now (browser clock).
    pub ended: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "tokens", rename_all = "camelCase")]
pub enum Reconciled {
    /// It was made; its secret is lost (offer to revoke it).
    Created(Token),
    /// Nothing like it exists (offer to try again).
    NotCreated,
    /// More than one token fits: the person decides.
    Several(Vec<Token>),
}

pub fn reconcile(tokens: &[Token], attempt: &Attempt) -> Reconciled {
    let from = attempt.started - CLOCK_SKEW;
    let to = attempt.ended + CLOCK_SKEW;
    let mut candidates: Vec<Token> = tokens
        .iter()
        .filter(|t| {
            !t.revoked
                && t.name == attempt.name
                && t.scopes.same_set(&attempt.scopes)
                && (from..=to).contains(&t.valid_from)
        })
        .cloned()
        .collect();
    match candidates.len() {
        0 => Reconciled::NotCreated,
        1 => candidates
            .pop()
            .map_or(Reconciled::NotCreated, Reconciled::Created),
        _ => Reconciled::Several(candidates),
    }
}
