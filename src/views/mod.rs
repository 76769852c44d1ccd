//! The extension's pages, rendered by Rust with web-sys. They read storage directly (through
//! the same `Store` code) to paint at once, and ask the engine to act only through the protocol;
//! they never fetch.

mod dom;
#[cfg(feature = "options")]
pub mod options;
#[cfg(feature = "popup")]
pub mod popup;
