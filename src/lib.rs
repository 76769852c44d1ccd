//! PAT Pilot: create, manage and watch Azure DevOps personal access tokens from the browser.
//!
//! The layers, top to bottom (see ARCHITECTURE.md):
//! - [`views`]: the popup and options pages, as models (host) and thin painters (wasm);
//! - [`protocol`]: the typed messages between the views and the service worker;
//! - [`engine`]: the service worker's logic over the ports — every Azure DevOps call, the
//!   cache, the watcher;
//! - [`ado`]: the Azure DevOps client (two dialects behind one trait);
//! - [`core`]: the pure domain (scopes, presets, organizations, expiry, settings, records);
//! - [`ports`]: the services the layers above need (`Http`, `Store`, `Clock`, `Notifier`),
//!   implemented by [`browser`] in the extension and by [`ports::fakes`] in tests.

pub mod ado;
pub mod core;
pub mod engine;
pub mod ports;
pub mod protocol;

#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(any(feature = "popup", feature = "options"))]
pub mod views;
#[cfg(all(target_arch = "wasm32", feature = "worker"))]
mod worker;

/// The version in the manifest and the one the worker reports.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
