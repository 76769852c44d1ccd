//! wasm-bindgen tests under Node: the protocol survives the JS boundary exactly as
//! `runtime.sendMessage` will carry it (JSON-compatible values).
#![cfg(target_arch = "wasm32")]

use pat_pilot::browser::{from_js, to_js};
use pat_pilot::protocol::{parse_request, samples, Reply};
use serde::Serialize;
use wasm_bindgen_test::wasm_bindgen_test;

/// Out to a JS value and back through the extension's own boundary code (`browser::json`), as
/// a message or a storage record travels.
fn through_js<T: Serialize>(value: &T) -> serde_json::Value {
    let js = to_js(value).unwrap_or(wasm_bindgen::JsValue::NULL);
    from_js(&js).unwrap_or(serde_json::Value::Null)
}

#[wasm_bindgen_test]
fn every_request_survives_the_js_boundary() {
    for request in samples::requests() {
        let back = parse_request(through_js(&request));
        assert_eq!(back.ok(), Some(request));
    }
}

#[wasm_bindgen_test]
fn every_reply_survives_the_js_boundary() {
    for response in samples::responses() {
        let reply = Reply::Ok(response);
        let back: Option<Reply> = serde_json::from_value(through_js(&reply)).ok();
        assert_eq!(back, Some(reply));
    }
}
