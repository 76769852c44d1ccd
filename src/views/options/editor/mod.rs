//! The preset editor: name, token name template with a live preview, lifetime with quick
//! choices, organizations, and scopes (custom, through the picker, or full access) — the order
//! of Azure DevOps' own token panel.
//!
//! Nothing is lost by an accidental close: every change is kept at once in `storage.local`
//! ([`draft`]), and written to `storage.sync` when a text field loses focus or after a second
//! of quiet (sync allows about 120 writes a minute). A draft that does not validate stays
//! local, with the core's problems next to their fields; a quota or sync failure is shown and
//! the draft stays local too. The next visit reopens a draft left behind.

pub mod draft;
pub mod model;
pub mod picker;
pub mod update;

#[cfg(target_arch = "wasm32")]
pub(super) mod paint;
