//! wasm-bindgen tests in headless Chromium: the fetch adapter against the test runner's own
//! local server and against blobs of chosen sizes, and the browser's URL parser feeding the core.
#![cfg(target_arch = "wasm32")]

use pat_pilot::browser::FetchHttp;
use pat_pilot::ports::{Http, HttpRequest, Method, TransportError, MAX_BODY_BYTES};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn fetch_reads_status_headers_body_and_final_url_from_a_local_server() {
    let url = format!("{}/", origin());
    let response = FetchHttp
        .send(HttpRequest::new(Method::Get, url.clone()))
        .await;
    let response = match response {
        Ok(r) => r,
        Err(e) => panic!("fetch failed: {e}"),
    };
    assert_eq!(response.status, 200);
    assert!(response.header("Content-Type").is_some());
    assert!(
        !response.is_json(),
        "the runner's page is HTML, which the client must tell from JSON"
    );
    assert!(!response.body.is_empty());
    assert_eq!(response.final_url, url);
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_network_error_not_a_response() {
    let request = HttpRequest::new(Method::Get, "http://127.0.0.1:9/");
    match FetchHttp.send(request).await {
        Err(TransportError::Network(_)) => {}
        other => panic!("expected a network error, got {other:?}"),
    }
}

/// A `blob:` URL of `bytes` bytes of JSON-ish text (fetch streams it like any answer).
fn blob_of(bytes: usize) -> String {
    let text = format!("\"{}\"", "a".repeat(bytes - 2));
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let blob = web_sys::Blob::new_with_str_sequence(&parts).unwrap_or_else(|_| unreachable!());
    web_sys::Url::create_object_url_with_blob(&blob).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_body_up_to_the_cap_is_read_whole() {
    let url = blob_of(MAX_BODY_BYTES);
    match FetchHttp.send(HttpRequest::new(Method::Get, url)).await {
        Ok(response) => assert_eq!(response.body.len(), MAX_BODY_BYTES),
        Err(e) => panic!("refused: {e}"),
    }
}

#[wasm_bindgen_test]
async fn a_body_past_the_cap_is_refused_not_read() {
    let url = blob_of(MAX_BODY_BYTES + 1);
    match FetchHttp.send(HttpRequest::new(Method::Get, url)).await {
        Err(TransportError::TooLarge { limit }) => assert_eq!(limit, MAX_BODY_BYTES),
        other => panic!("expected too large, got {other:?}"),
    }
}
