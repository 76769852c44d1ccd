//! The `Http` port over `fetch` (gloo-net binds the global `fetch`, so this works in a service
//! worker, where there is no `window`).

use gloo_net::http::{Request, RequestBuilder};
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, RequestCredentials};

use super::ext;
use crate::core::secret::Secret;
use crate::ports::{Http, HttpRequest, HttpResponse, Method, TransportError, MAX_BODY_BYTES};

pub struct FetchHttp;

impl Http for FetchHttp {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let timeout_ms = request.timeout_ms;
        let signal = AbortSignal::timeout_with_u32(timeout_ms);
        let mut builder: RequestBuilder = match request.method {
            Method::Get => Request::get(&request.url),
            Method::Post => Request::post(&request.url),
            Method::Put => Request::put(&request.url),
            Method::Delete => Request::delete(&request.url),
        };
        // The session cookies go with the request: that is how PAT Pilot acts as the person.
        builder = builder
            .credentials(RequestCredentials::Include)
            .abort_signal(Some(&signal));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let sent = match request.body {
            Some(body) => {
                builder
                    .header("Content-Type", "application/json")
                    .body(body)
                    .map_err(|e| TransportError::Network(e.to_string()))?
                    .send()
                    .await
            }
            None => builder.send().await,
        };
        let response = match sent {
            Ok(response) => response,
            Err(error) => {
                return Err(classify_failure(&request.url, Failure::from(error), timeout_ms).await)
            }
        };
        let status = response.status();
        let final_url = response.url();
        let headers = response
            .headers()
            .entries()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        let body = match read_capped(&response, MAX_BODY_BYTES).await {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                return Err(TransportError::TooLarge {
                    limit: MAX_BODY_BYTES,
                })
            }
            Err(error) => {
                let failure = match error.dyn_ref::<js_sys::Error>() {
                    Some(e) => Failure {
                        name: String::from(e.name()),
                        text: String::from(e.message()),
                    },
                    None => Failure {
                        name: String::new(),
                        text: error.as_string().unwrap_or_default(),
                    },
                };
                return Err(classify_failure(&request.url, failure, timeout_ms).await);
            }
        };
        Ok(HttpResponse {
            status,
            headers,
            body: Secret::new(String::from_utf8_lossy(&body).into_owned()),
            final_url,
        })
    }
}

/// The body's bytes, read chunk by chunk as they arrive; `None` as soon as they pass `cap`
/// (the rest is cancelled, not downloaded). `Content-Length` is not trusted: it may be absent
/// (chunked) or wrong.
async fn read_capped(
    response: &gloo_net::http::Response,
    cap: usize,
) -> Result<Option<Vec<u8>>, JsValue> {
    let Some(stream) = response.body() else {
        return Ok(Some(Vec::new())); // no body (a 204, a HEAD)
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if js_sys::Reflect::get(&chunk, &JsValue::from_str("done"))?.is_truthy() {
            return Ok(Some(bytes));
        }
        let value = js_sys::Reflect::get(&chunk, &JsValue::from_str("value"))?;
        let array: Uint8Array = value.dyn_into()?;
        if bytes.len() + array.length() as usize > cap {
            // Stop the download; the answer is refused whatever the rest holds.
            let _ = reader.cancel();
            return Ok(None);
        }
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
    }
}

/// Tells a timeout from a withdrawn site permission from a plain network failure: with its
/// host access withdrawn, an extension's fetch fails exactly like a CORS error, so ask
/// `permissions.contains` before calling it "network".
async fn classify_failure(url: &str, failure: Failure, timeout_ms: u32) -> TransportError {
    if failure.name == "TimeoutError" || failure.name == "AbortError" {
        return TransportError::Timeout(timeout_ms);
    }
    let origins = ext::HOST_ORIGINS.iter().map(|s| (*s).to_owned()).collect();
    if let Ok(granted) = ext::has_host_access(origins).await {
        if granted.as_bool() == Some(false) {
            return TransportError::NoHostAccess(host_of(url));
        }
    }
    TransportError::Network(failure.text)
}

/// A failed fetch or body read: the JS error's name (`TimeoutError`, `TypeError`, …) and text.
struct Failure {
    name: String,
    text: String,
}

impl From<gloo_net::Error> for Failure {
    fn from(error: gloo_net::Error) -> Self {
        let name = match &error {
            gloo_net::Error::JsError(js) => js.name.clone(),
            _ => String::new(),
        };
        Self {
            name,
            text: error.to_string(),
        }
    }
}

fn host_of(url: &str) -> String {
    web_sys::Url::new(url).map(|u| u.host()).unwrap_or_default()
}
