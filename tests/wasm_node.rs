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

/// The pages' side of a message (`browser::json::ask_reading`): a request goes out through
/// serde-wasm-bindgen and the worker reads it as JSON text; its reply, written as JSON text,
/// comes back through serde-wasm-bindgen.
#[wasm_bindgen_test]
fn every_message_survives_the_pages_side_of_the_boundary() {
    use pat_pilot::browser::json::{value_from_js, value_to_js};
    for request in samples::requests() {
        let js = value_to_js(&serde_json::to_value(&request).unwrap_or_default())
            .unwrap_or(wasm_bindgen::JsValue::NULL);
        let back = parse_request(from_js(&js).unwrap_or(serde_json::Value::Null));
        assert_eq!(back.ok(), Some(request));
    }
    for response in samples::responses() {
        let reply = Reply::Ok(response.clone());
        let js = to_js(&reply).unwrap_or(wasm_bindgen::JsValue::NULL);
        let value = value_from_js(js).unwrap_or(serde_json::Value::Null);
        let back: Option<Reply> = serde_json::from_value(value.clone()).ok();
        assert_eq!(back, Some(reply));
        // The popup's own reader agrees, for the answers it can get.
        if let Ok(read) = pat_pilot::views::popup::answer::read_reply(value) {
            assert_eq!(read, response);
        }
    }
}
