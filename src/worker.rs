//! The service worker's entry points, called by `extension/background.js` through the
//! listeners in `extension/ext.js`. Each builds an engine over the browser adapters and hands
//! the event over: no logic here, and no state kept between events (the browser may stop the
//! worker at any moment).

use wasm_bindgen::prelude::*;

use crate::browser::{BrowserClock, BrowserNotifier, ChromeStore, FetchHttp};
use crate::engine::Engine;
use crate::protocol::{self, EngineErrorKind, Me, Reply, Sender};

fn with_engine<R>(
    f: impl FnOnce(&Engine<'_, FetchHttp, ChromeStore, BrowserClock, BrowserNotifier>) -> R,
) -> R {
    let engine = Engine {
        http: &FetchHttp,
        store: &ChromeStore,
        clock: &BrowserClock,
        notifier: &BrowserNotifier,
    };
    f(&engine)
}

fn to_js(reply: &Reply) -> JsValue {
    crate::browser::to_js_value(reply).unwrap_or(JsValue::NULL)
}

/// `runtime.onMessage`: one request from a view, one reply.
#[wasm_bindgen(js_name = workerMessage)]
pub async fn worker_message(message: JsValue, from: JsValue, me: JsValue) -> JsValue {
    let sender: Sender = serde_wasm_bindgen::from_value(from).unwrap_or_default();
    let me: Me = serde_wasm_bindgen::from_value(me).unwrap_or_default();
    if !protocol::sender_is_self(&sender, &me) {
        return to_js(&Reply::error(
            EngineErrorKind::BadRequest,
            "messages are accepted from the extension's own pages only",
        ));
    }
    let value: serde_json::Value = match serde_wasm_bindgen::from_value(message) {
        Ok(value) => value,
        Err(e) => return to_js(&Reply::error(EngineErrorKind::BadRequest, e.to_string())),
    };
    let reply = match protocol::parse_request(value) {
        Ok(request) => {
            let engine = Engine {
                http: &FetchHttp,
                store: &ChromeStore,
                clock: &BrowserClock,
                notifier: &BrowserNotifier,
            };
            engine.handle(request).await
        }
        Err(error) => Reply::Error(error),
    };
    to_js(&reply)
}

/// Every start of the worker (install, browser start, or any event waking it).
#[wasm_bindgen(js_name = workerWake)]
pub async fn worker_wake() {
    with_engine(|_| ());
}

#[wasm_bindgen(js_name = workerInstalled)]
pub async fn worker_installed() {}

#[wasm_bindgen(js_name = workerStartup)]
pub async fn worker_startup() {}

#[wasm_bindgen(js_name = workerAlarm)]
pub async fn worker_alarm(_name: String) {}

#[wasm_bindgen(js_name = workerNotificationClicked)]
pub async fn worker_notification_clicked(_id: String) {}

#[wasm_bindgen(js_name = workerNotificationButton)]
pub async fn worker_notification_button(_id: String, _index: u32) {}
