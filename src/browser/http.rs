//! The `Http` port over `fetch` (gloo-net binds the global `fetch`, so this works in a service
//! worker, where there is no `window`).

use gloo_net::http::{Request, RequestBuilder};
use web_sys::{AbortSignal, RequestCredentials};

use super::ext;
use crate::ports::{Http, HttpRequest, HttpResponse, Method, TransportError};

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
            Err(error) => return Err(classify_failure(&request.url, error, timeout_ms).await),
        };
        let status = response.status();
        let final_url = response.url();
        let headers = response
            .headers()
            .entries()
            .map(|(k, v)| (k.to_ascii_lowercase(), v))
            .collect();
        let body = match response.text().await {
            Ok(body) => body,
            Err(error) => return Err(classify_failure(&request.url, error, timeout_ms).await),
        };
        Ok(HttpResponse {
            status,
            headers,
            body,
            final_url,
        })
    }
}

/// Tells a timeout from a withdrawn site permission from a plain network failure: with its
/// host access withdrawn, an extension's fetch fails exactly like a CORS error, so ask
/// `permissions.contains` before calling it "network".
async fn classify_failure(url: &str, error: gloo_net::Error, timeout_ms: u32) -> TransportError {
    if let gloo_net::Error::JsError(js) = &error {
        if js.name == "TimeoutError" || js.name == "AbortError" {
            return TransportError::Timeout(timeout_ms);
        }
    }
    let origins = ext::HOST_ORIGINS.iter().map(|s| (*s).to_owned()).collect();
    if let Ok(granted) = ext::has_host_access(origins).await {
        if granted.as_bool() == Some(false) {
            return TransportError::NoHostAccess(host_of(url));
        }
    }
    TransportError::Network(error.to_string())
}

fn host_of(url: &str) -> String {
    web_sys::Url::new(url).map(|u| u.host()).unwrap_or_default()
}
