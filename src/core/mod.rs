//! The domain: pure Rust, no browser. Nothing here imports wasm-bindgen, web-sys, js-sys or gloo
//! (`tests/architecture.rs` checks), and time is always a parameter.
//!
//! - Tokens and organizations: [`token`], [`org`]; [`audit`] (export of token metadata);
//!   [`secret`], the wrapper every secret travels in.
//! - Copying a new token where it goes: [`copy_as`] (the formats), [`feed`] (Azure Artifacts
//!   feeds and their URLs), [`base64`].
//! - Scopes: [`scopes`] (catalog, summaries, picker).
//! - Presets: [`preset`], [`template`], [`recipes`], [`preset_store`] (sync storage),
//!   [`transfer`] (import/export), [`quota`] (sync quotas).
//! - Expiry: [`expiry`] (status, thresholds, counts), [`planner`] (notifications),
//!   [`notification`] (what the watcher shows, as data), [`lifetime`] (validTo to request,
//!   policy limits), [`relative`] (relative time).
//! - Storage: [`record`] (versioned records, migration, quarantine), [`settings`],
//!   [`known_orgs`], [`rfc3339`] (instants as text), [`tagged`] (tagged enums in JSON).
//! - The keyboard shortcut that opens the popup: [`shortcut`].
//! - Ordering the pages' short lists without a sort per type: [`small_sort`].

pub mod audit;
pub mod base64;
pub mod copy_as;
pub mod expiry;
pub mod feed;
pub mod known_orgs;
pub mod lifetime;
pub mod notification;
pub mod org;
pub mod planner;
pub mod preset;
pub mod preset_store;
pub mod quota;
pub mod recipes;
pub mod record;
pub mod relative;
pub mod rfc3339;
pub mod scopes;
pub mod secret;
pub mod settings;
pub mod shortcut;
pub mod small_sort;
pub mod tagged;
pub mod template;
pub mod token;
pub mod transfer;
