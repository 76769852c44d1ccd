//! The options page: presets (list, editor with the scope picker, import and export),
//! settings and diagnostics.
//!
//! A model and thin painters. On the host: the page's [`model`] and its one [`update`], the
//! [`effect`]s it asks for, and one folder per area — [`list`], [`editor`], [`transfer`],
//! [`settings`], [`diagnostics`] — each with its `model.rs` (its state, and what it shows, in
//! typed words) and `update.rs` (what its controls do, and what the results of its effects
//! change). Areas never call one another: they emit effects, and the page's update decides
//! what crosses areas. In the browser only: each area's `paint.rs` draws it from
//! `options.html`'s templates, and `run.rs` is the entry point, turns events into messages and
//! does the effects — presets and settings through the core's store functions, the engine
//! only for what needs Azure DevOps (`Diagnose`, `CheckNow`).

pub mod answer;
pub mod diagnostics;
pub mod editor;
pub mod effect;
pub mod list;
pub mod model;
pub mod settings;
pub mod shared;
pub mod transfer;
pub mod update;

#[cfg(target_arch = "wasm32")]
mod controls;
#[cfg(target_arch = "wasm32")]
mod paint;
#[cfg(target_arch = "wasm32")]
mod run;
