//! Crossing the JS boundary as JSON text: `serde_json` on the Rust side, `JSON.parse` /
//! `JSON.stringify` on the JS side. One serializer for everything keeps the wasm small (a
//! second one, such as serde-wasm-bindgen, doubles every type's serialization code), and it
//! guarantees what extension messaging and storage keep anyway: JSON-compatible values.
//!
//! Typed values go through `serde_json::Value` on the way (text ⇄ `Value` ⇄ `T`), as stored
//! records already do (`core::record`): each type then needs only the `Value` (de)serializer,
//! not a second copy for text.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::{ext, js_error_text};
use crate::protocol::{EngineErrorKind, ErrorData, Reply, Request, Response};

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

/// Asks the engine (the service worker) through the protocol: the views' only way to act.
pub async fn ask(request: &Request) -> Result<Response, ErrorData> {
    let internal = |message: String| ErrorData::new(EngineErrorKind::Internal, message);
    let message = to_js(request).map_err(internal)?;
    let answer = ext::send_message(message)
        .await
        .map_err(|e| internal(js_error_text(&e)))?;
    match from_js::<Reply>(&answer).map_err(internal)? {
        Reply::Ok(response) => Ok(response),
        Reply::Error(error) => Err(error),
    }
}
