//! wasm-bindgen tests in headless Chromium: the fetch adapter against the test runner's own
//! local server, and the browser's URL parser feeding the core.
#![cfg(target_arch = "wasm32")]

use pat_pilot::browser::FetchHttp;
use pat_pilot::ports::{Http, HttpRequest, Method, TransportError};
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
