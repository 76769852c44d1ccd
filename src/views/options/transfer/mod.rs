//! Import and export of presets (the core's `transfer` format).
//!
//! Export downloads `pat-pilot-presets.json`. Import reads a chosen file, shows what would be
//! added, replaced, left unchanged and rejected (with every reason), and writes only on
//! confirmation — the valid presets all together, or nothing — after previewing again against
//! what is stored then. A file the core refuses outright gets one clear sentence and leaves
//! the presets exactly as they were.

pub mod model;
pub mod update;

#[cfg(target_arch = "wasm32")]
pub(super) mod paint;
