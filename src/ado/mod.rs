//! The Azure DevOps client: two dialects behind one trait, a route selector, and precise errors.
//!
//! - [`routes::Client`] is what the engine calls: `connection`, `list`, `get`, `create`,
//!   `update`, `revoke` for one organization, over the [`crate::ports::Http`] port.
//! - The *web* dialect ([`web`]) uses the routes of Azure DevOps' own token page (observed,
//!   undocumented); the *lifecycle* dialect ([`lifecycle`]) the public PAT Lifecycle API
//!   (documented, `tests/fixtures/azure-devops/spec/`); [`transport`] chooses how writes are
//!   sent. The facts all of this relies on, with sources: `docs/azure-devops.md`.
//! - [`error::AdoError`] says what went wrong and whether a write may have happened;
//!   [`reconcile`] settles a create that got no answer; [`diagnose`] probes with reads only.
//!
//! Nothing outside this module sees a wire type: only `Token`, `NewToken`, `AdoError` and the
//! small value types re-exported here. No secret or bearer ever enters an error or a report.
#![allow(async_fn_in_trait)]

pub mod bearer;
mod classify;
pub mod connection;
pub mod diagnose;
pub mod dialect;
pub mod error;
pub mod lifecycle;
pub mod mask;
pub mod reconcile;
mod request;
pub mod routes;
mod session_error;
pub mod shape;
pub mod transport;
pub mod web;
mod wire;

pub use bearer::Bearer;
pub use connection::{Connection, UserInfo};
pub use diagnose::{diagnose, DiagnosticsReport, WriteTransport};
pub use dialect::{CreateSpec, Dialect, ListFilter, UpdateSpec};
pub use error::{
    AdoError, AdoErrorKind, Operation, PolicyKind, RetryAfter, Route, RouteFailure, SignInHint,
    UnsupportedReason,
};
pub use reconcile::{reconcile, Attempt, Reconciled};
pub use routes::Client;
pub use transport::Transport;
