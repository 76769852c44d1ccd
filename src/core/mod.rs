//! The domain: pure Rust, no browser. Nothing here imports wasm-bindgen, web-sys, js-sys or gloo
//! (`tests/architecture.rs` checks), and time is always a parameter.

pub mod org;
pub mod token;
