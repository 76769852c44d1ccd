//! Browser adapters: the only Rust code that touches web-sys, js-sys, gloo or the WebExtension
//! APIs (through the JS shim `extension/ext.js`). They implement the ports and hold no business
//! logic; everything they return is plain Rust data.

#[cfg(feature = "boundary-bench")]
mod boundary_bench;
pub mod ext;
mod http;
pub mod intl;
pub mod json;
mod notifier;
mod page_origin;
mod store;

pub use http::FetchHttp;
pub use json::{from_js, to_js};
pub use notifier::BrowserNotifier;
pub use page_origin::BrowserHttp;
pub use store::ChromeStore;

use time::OffsetDateTime;
use wasm_bindgen::JsCast;

/// `Date.now()`, in UTC.
pub struct BrowserClock;

impl crate::ports::Clock for BrowserClock {
    fn now(&self) -> OffsetDateTime {
        let ms = js_sys::Date::now() as i128;
        OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// `setTimeout` (waits of a few seconds, well within the worker's 30-second idle limit).
    fn sleep(&self, duration: time::Duration) -> crate::ports::Sleep<'_> {
        let ms = duration.whole_milliseconds().max(0) as f64;
        Box::pin(async move {
            if ms > 0.0 {
                let _ = ext::sleep(ms).await;
            }
        })
    }
}

/// A JS error's text, for messages (never contains request data).
pub fn js_error_text(error: &wasm_bindgen::JsValue) -> String {
    if let Some(e) = error.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// The parts of a URL the core's organization parser needs, from the browser's own `URL` parser
/// (the popup's tab, the options page's organization field).
pub fn url_parts(text: &str) -> Option<crate::core::org::UrlParts> {
    let url = web_sys::Url::new(text).ok()?;
    Some(crate::core::org::UrlParts {
        scheme: url.protocol(),
        host: url.hostname(),
        path: url.pathname(),
    })
}

/// The popup's keyboard shortcut as the browser has it now (`commands.getAll()`), or `None` when
/// none is assigned. For the options page, which shows it and says where to change it.
pub async fn popup_shortcut() -> Result<Option<String>, String> {
    let answer = ext::commands().await.map_err(|e| js_error_text(&e))?;
    let commands: Vec<crate::core::shortcut::Command> = from_js(&answer)?;
    Ok(crate::core::shortcut::popup_shortcut(&commands).map(str::to_owned))
}
