//! The service worker's entry points, called by `extension/background.js` through the
//! listeners in `extension/ext.js`. Each builds an engine over the browser adapters and hands
//! the event over: no logic here, and no state kept between events (the browser may stop the
//! worker at any moment) but this life's identity and leases ([`crate::engine::Life`]).

use wasm_bindgen::prelude::*;

use crate::ports::Clock;

use crate::browser::{BrowserClock, BrowserHttp, BrowserNotifier, ChromeStore};
use crate::engine::{Engine, Life, LifeId, Timing};
use crate::protocol::{self, EngineErrorKind, Me, Reply, Response, Sender};

/// The prefix of the one-off alarms that expire a created token's secret.
const EXPIRY_ALARM: &str = "pat-pilot-expire:";

thread_local! {
    /// This worker life: made at its start with a random id, gone when the browser stops it.
    /// The identity of this life, never a store of state (that lives in `chrome.storage`).
    static LIFE: &'static Life = Box::leak(Box::new(Life::new(LifeId::new(
        uuid::Uuid::parse_str(&crate::browser::ext::random_id()).unwrap_or_default(),
    ))));
}

/// How long things take: the defaults, but for the end-to-end tests' override of a pending
/// secret's lifetime (`ext.js` `testPendingTtlMs`, unreachable from any page).
fn timing() -> Timing {
    let mut timing = Timing::default();
    let ms = crate::browser::ext::test_pending_ttl_ms().unwrap_or(0.0);
    if ms > 0.0 {
        timing.pending_ttl = time::Duration::milliseconds(ms as i64);
    }
    timing
}

/// An engine over the browser adapters (unit structs: the references are `'static`).
fn engine() -> Engine<'static, BrowserHttp, ChromeStore, BrowserClock, BrowserNotifier> {
    Engine {
        http: &BrowserHttp,
        store: &ChromeStore,
        clock: &BrowserClock,
        notifier: &BrowserNotifier,
        life: LIFE.with(|life| *life),
        timing: timing(),
    }
}

fn to_js(reply: &Reply) -> JsValue {
    crate::browser::to_js(reply).unwrap_or(JsValue::NULL)
}

/// `runtime.onMessage`: one request from a view, one reply.
#[wasm_bindgen(js_name = workerMessage)]
pub async fn worker_message(message: JsValue, from: JsValue, me: JsValue) -> JsValue {
    let sender: Sender = crate::browser::from_js(&from).unwrap_or_default();
    let me: Me = crate::browser::from_js(&me).unwrap_or_default();
    if !protocol::sender_is_self(&sender, &me) {
        return to_js(&Reply::error(
            EngineErrorKind::BadRequest,
            "messages are accepted from the extension's own pages only",
        ));
    }
    let value: serde_json::Value = match crate::browser::from_js(&message) {
        Ok(value) => value,
        Err(e) => return to_js(&Reply::error(EngineErrorKind::BadRequest, e.to_string())),
    };
    let reply = match protocol::parse_request(value) {
        Ok(request) => engine().handle(request).await,
        Err(error) => Reply::Error(error),
    };
    if let Reply::Ok(Response::Created { created, .. }) = &reply {
        expire_later(created.token.id).await;
    }
    to_js(&reply)
}

/// The secret of a token just made waits for a popup at most its lifetime: an alarm removes it
/// then, even if nothing else wakes the worker. One per token (alarms of one name replace each
/// other).
async fn expire_later(id: crate::core::token::AuthorizationId) {
    let when = crate::browser::BrowserClock.now() + timing().pending_ttl;
    let ms = (when.unix_timestamp_nanos() / 1_000_000) as f64 + 1_000.0;
    let name = format!("{EXPIRY_ALARM}{id}");
    let _ = crate::browser::ext::alarm_at(&name, ms).await;
}

/// Every start of the worker (install, browser start, or any event waking it): the starting
/// presets on first run (a no-op once the synced `seeded` flag exists), and the check's alarm,
/// since alarms can be cleared by updates and browser restarts.
#[wasm_bindgen(js_name = workerWake)]
pub async fn worker_wake() {
    // Secrets whose time is up go first (a failure is tried again at the next wake or alarm).
    let _ = engine().expire_secrets().await;
    engine()
        .seed_presets(|recipe| {
            crate::browser::ext::t(crate::core::recipes::recipe(recipe).name_key)
        })
        .await;
    ensure_alarm().await;
}

async fn ensure_alarm() {
    let schedule = engine().schedule().await;
    // A failure here is retried at the next start; nothing else depends on it.
    let _ =
        crate::browser::ext::ensure_alarm(schedule.alarm, f64::from(schedule.period_minutes)).await;
}

/// Install (and update): the alarm, and a first check.
#[wasm_bindgen(js_name = workerInstalled)]
pub async fn worker_installed() {
    ensure_alarm().await;
    let _ = engine().check().await;
}

/// Browser start: the alarm, and a check (the computer may have slept past thresholds).
#[wasm_bindgen(js_name = workerStartup)]
pub async fn worker_startup() {
    ensure_alarm().await;
    let _ = engine().check().await;
}

/// Every alarm removes the secrets whose time is up; the check's alarm also checks.
#[wasm_bindgen(js_name = workerAlarm)]
pub async fn worker_alarm(name: String) {
    let _ = engine().expire_secrets().await;
    if name == crate::engine::watch::ALARM_NAME {
        let _ = engine().check().await;
    }
}

/// A click on a notification's body (the only action in Firefox, which has no buttons).
#[wasm_bindgen(js_name = workerNotificationClicked)]
pub async fn worker_notification_clicked(id: String) {
    let outcome = engine().notification_clicked(&id).await;
    open(outcome).await;
}

#[wasm_bindgen(js_name = workerNotificationButton)]
pub async fn worker_notification_button(id: String, index: u32) {
    let outcome = engine().notification_button(&id, index).await;
    open(outcome).await;
}

async fn open(outcome: crate::engine::watch::ClickOutcome) {
    use crate::engine::watch::ClickOutcome;
    match outcome {
        ClickOutcome::Open(url) => {
            let _ = crate::browser::ext::open_tab(&url).await;
        }
        // Rotate from a notification: its secret waits like a create's from the popup.
        ClickOutcome::Created(id) => expire_later(id).await,
        ClickOutcome::Done => {}
    }
}
