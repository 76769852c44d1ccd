//! The extension's pages, each a model and a thin painter.
//!
//! What a page shows and what an event does is decided by host-compiled Rust, tested with
//! `cargo test`: `update(&mut Model, Msg, now) -> Vec<Effect>` and a view of the model in typed
//! words ([`words::Text`]). Only the painters and the runners are wasm: they draw the view from
//! the page's `<template>`s (one element helper, `dom.rs`), turn events into messages, and do
//! the effects — storage, the protocol (`browser::json::ask_reading`, each page reading only its
//! answers through [`answer`]), the clipboard, timers. The pages read storage directly to paint
//! at once; they ask the engine to act only through the protocol, and never fetch.

#[cfg(any(feature = "popup", feature = "options"))]
pub mod answer;
#[cfg(feature = "options")]
pub mod options;
#[cfg(feature = "popup")]
pub mod popup;
pub mod words;

// One helper for both pages: a module built for one page leaves the other's helpers unused.
#[cfg(target_arch = "wasm32")]
#[cfg_attr(not(all(feature = "popup", feature = "options")), allow(dead_code))]
mod dom;
#[cfg(target_arch = "wasm32")]
mod say;
