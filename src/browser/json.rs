//! Crossing the JS boundary. Every typed value goes through `serde_json::Value` on the way
//! (`T` ⇄ `Value` ⇄ JS), as stored records already do (`core::record`): each type needs only
//! the `Value` (de)serializer, whichever way `Value` crosses. Two ways, each where it measured
//! better (`node tests/bench/boundary.mjs`; figures in ARCHITECTURE.md):
//! - the worker's side of messages ([`to_js`], [`from_js`]) as JSON text: `Value` ⇄ text ⇄
//!   `JSON.parse` / `JSON.stringify`, a wash against serde-wasm-bindgen in time (µs for small
//!   messages; a 500-token list 14 ms both ways either way);
//! - storage objects ([`value_to_js`], [`value_from_js`]) through serde-wasm-bindgen: the check
//!   reads ten token caches (one long string each), which JSON text would escape, copy and
//!   unescape (23 ms against 3 ms for 10 × 500 tokens);
//! - the pages' side of messages ([`ask_reading`]) through serde-wasm-bindgen too, as
//!   their storage reads already are: a page then keeps no JSON text parser or writer of
//!   `Value` (the popup module 15 KB smaller), for a few µs more per answer (≈ 2 ms more for a
//!   500-token list).
//!
//! Both keep values JSON-compatible (plain objects, safe-range numbers), as messaging and
//! storage require.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::{ext, js_error_text};
use crate::protocol::{EngineErrorKind, ErrorData, Request};

/// A Rust value as a plain JS value.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    let value = serde_json::to_value(value).map_err(|e| e.to_string())?;
    js_sys::JSON::parse(&value.to_string()).map_err(|e| js_error_text(&e))
}

/// A plain JS value as a Rust value (`undefined` reads as `null`).
pub fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    let value = if value.is_undefined() {
        serde_json::Value::Null
    } else {
        let text: String = js_sys::JSON::stringify(value)
            .map_err(|e| js_error_text(&e))?
            .into();
        serde_json::from_str(&text).map_err(|e| e.to_string())?
    };
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// A JSON value as a plain JS value, built directly (serde-wasm-bindgen, plain objects).
pub fn value_to_js(value: &serde_json::Value) -> Result<JsValue, String> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())
}

/// A plain JS value as a JSON value, read directly (`undefined` reads as `null`).
pub fn value_from_js(value: JsValue) -> Result<serde_json::Value, String> {
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// Asks the engine (the service worker) through the protocol, the pages' only way to act,
/// reading the reply (as a JSON value) with `read`: each page reads only the responses its
/// requests can get (`views::popup::answer`, `views::options::answer`), so no module but the
/// worker's keeps the decoder of every response.
pub async fn ask_reading<T>(
    request: &Request,
    read: impl FnOnce(serde_json::Value) -> Result<T, ErrorData>,
) -> Result<T, ErrorData> {
    read(send(request).await?)
}

/// Sends a request to the engine: its answer as a JSON value, not yet read. Both cross as JS
/// values (the module doc says why).
async fn send(request: &Request) -> Result<serde_json::Value, ErrorData> {
    let message = serde_json::to_value(request).map_err(|e| internal(e.to_string()))?;
    let answer = ext::send_message(value_to_js(&message).map_err(internal)?)
        .await
        .map_err(|e| internal(js_error_text(&e)))?;
    value_from_js(answer).map_err(internal)
}

fn internal(message: String) -> ErrorData {
    ErrorData::new(EngineErrorKind::Internal, message)
}
