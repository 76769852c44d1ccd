//! Diagnostics: per organization, what the engine remembers (the route that worked, the last
//! refresh, the last error, a learned lifetime limit — `engine::state::OrgState` in
//! `storage.local`), and "Run diagnostics", which asks the engine for its read-only report of
//! every route (`Diagnose`) and shows it, with "Copy report".
//!
//! The report is secret-free by construction (the `ado` module records method, URL, status and
//! whether a bearer was sent — never the bearer, a cookie or a body); what is copied is that
//! report and the page's version, nothing else.

pub mod model;
pub mod update;

#[cfg(target_arch = "wasm32")]
pub(super) mod paint;
