//! The presets list: name, scopes, lifetime and organizations of each preset, in the order the
//! popup shows them; add (blank or from a recipe), edit, duplicate, delete with undo, reorder.

pub mod model;
pub mod update;

#[cfg(target_arch = "wasm32")]
pub(super) mod paint;
