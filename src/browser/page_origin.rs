//! The `Http` port with the second transport: a request that asks for it (`page_origin`) is
//! sent as the token page sends it, with the organization's web origin as `Origin`
//! (`crate::ado::transport`; docs/azure-devops.md §9).
//!
//! How: a `declarativeNetRequest` session rule, scoped to this extension's own requests (its
//! initiator, no tab) to that one host, set just before the request and removed after it
//! (`extension/ext.js`). Checked in Chromium 156 and Firefox 153: a background `fetch` then
//! carries the rule's `Origin` instead of `chrome-extension://…` / `moz-extension://…`.

use super::ext;
use super::http::FetchHttp;
use crate::ports::{Http, HttpRequest, HttpResponse, TransportError};

pub struct BrowserHttp;

impl Http for BrowserHttp {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let Some(origin) = request.page_origin.clone() else {
            return FetchHttp.send(request).await;
        };
        let host = web_sys::Url::new(&request.url)
            .map(|u| u.hostname())
            .unwrap_or_default();
        let rule = rule_id(&host);
        // Without the rule the request would go out as a plain one: not sent at all, so the
        // caller keeps the answer it had.
        if let Err(error) = ext::set_page_origin(rule, &host, &origin).await {
            return Err(TransportError::Network(format!(
                "could not send as the token page: {}",
                super::js_error_text(&error)
            )));
        }
        let reply = FetchHttp.send(request).await;
        // A rule left behind (the worker stopped in between) only gives later writes to this
        // host the page's origin, which a service that checks it accepts.
        let _ = ext::clear_page_origin(rule).await;
        reply
    }
}

/// One session rule per host: FNV-1a of the host, within DNR's positive rule ids.
fn rule_id(host: &str) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in host.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    (hash & 0x3fff_ffff) + 1
}
