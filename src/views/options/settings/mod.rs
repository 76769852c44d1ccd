//! Settings: warning thresholds, notifications, the check interval, the organizations watched
//! (this machine's known organizations: remove, add by name or URL), and "Check now".
//!
//! Settings live in `storage.sync` and the known organizations in `storage.local`, both written
//! through the core; "Check now" asks the engine (`CheckNow`).

pub mod model;
pub mod update;

#[cfg(target_arch = "wasm32")]
pub(super) mod paint;
