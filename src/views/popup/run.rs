//! The popup's edge: its entry point, the listeners that turn events into messages, and the
//! effects done in the browser, whose results come back as messages.
//!
//! `popup.js` starts the reads the first paint needs — the active tab and everything in
//! `storage.sync` — before the wasm is compiled, and hands their promises over: one storage
//! read, running while the module loads, and the presets are painted from it. Everything else
//! (the session, a waiting secret, the retirement record) is asked for after that paint.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

use super::answer::read_reply;
use super::model::{Model, Screen};
use super::paint::paint;
use super::update::{escape, start, update, Effect, Msg};
use super::view::page;
use crate::browser::ext::{self, HOST_ORIGINS};
use crate::browser::json::{ask_reading, value_from_js};
use crate::browser::{url_parts, BrowserClock, ChromeStore};
use crate::core::known_orgs;
use crate::core::settings::RETIREMENT_KEY;
use crate::ports::Clock;
use crate::views::dom::{self, Actions, Painter, Res};
use crate::views::say::say;

struct Popup {
    doc: Document,
    view: Element,
    status: Element,
    model: RefCell<Model>,
    actions: Actions<Msg>,
    /// The screen of the last paint: focus is kept within a screen.
    painted: Cell<Option<std::mem::Discriminant<Screen>>>,
}

type PopupRc = Rc<Popup>;

/// `tab`: a promise of the active tab's URL (or `null`); `sync`: a promise of everything in
/// `storage.sync`.
#[wasm_bindgen(js_name = popupMain)]
pub async fn popup_main(tab: js_sys::Promise, sync: js_sys::Promise) -> Result<(), JsValue> {
    let doc = dom::document()?;
    let view = doc
        .get_element_by_id("view")
        .ok_or_else(|| JsValue::from_str("no #view"))?;
    let status = doc
        .get_element_by_id("status")
        .ok_or_else(|| JsValue::from_str("no #status"))?;
    let url = tab_url(JsFuture::from(tab).await);
    let items = entries(JsFuture::from(sync).await);
    let model = Model::open(url.as_deref().and_then(url_parts).as_ref(), &items);
    let effects = start(&model);
    let popup = Rc::new(Popup {
        doc,
        view,
        status,
        model: RefCell::new(model),
        actions: Actions::default(),
        painted: Cell::new(None),
    });
    listen(&popup)?;
    repaint(&popup);
    // For the benchmark: from navigation start to a popup a person can use.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("pat-pilot:interactive");
    }
    run(&popup, effects);
    Ok(())
}

/// The active tab's address, from `ext.activeTabUrl()` (none if it failed).
fn tab_url(answer: Result<JsValue, JsValue>) -> Option<String> {
    answer.ok().and_then(|u| u.as_string())
}

/// The items of a `storage.*.get` answer (none if it failed or was not an object).
fn entries(answer: Result<JsValue, JsValue>) -> Vec<(String, serde_json::Value)> {
    answer
        .ok()
        .and_then(|all| value_from_js(all).ok())
        .and_then(|all| match all {
            serde_json::Value::Object(m) => Some(m.into_iter().collect()),
            _ => None,
        })
        .unwrap_or_default()
}

/// Handles a message: the model changes, the page is painted again, the effects run. In that
/// order: `ForgetPending` (an effect of showing a created token) leaves only once its secret is
/// painted, so a popup closed before it loses nothing.
fn send(popup: &PopupRc, msg: Msg) {
    let now = BrowserClock.now();
    let effects = update(&mut popup.model.borrow_mut(), msg, now);
    repaint(popup);
    run(popup, effects);
}

fn repaint(popup: &PopupRc) {
    let model = popup.model.borrow();
    let page = page(&model, BrowserClock.now());
    // A screen still waiting for its content is not counted as painted: when the content
    // comes, it starts on its first control.
    let screen = (!page.waiting).then(|| std::mem::discriminant(&model.screen));
    let same = popup.painted.replace(screen) == screen && screen.is_some();
    let painter = Painter::new(&popup.doc, &popup.actions, "view");
    // A paint fails only if the DOM refuses an element: nothing a person could act on.
    if let Err(e) = paint(&painter, &popup.view, &page, same) {
        dom::log_error(&e);
    }
}

fn run(popup: &PopupRc, effects: Vec<Effect>) {
    for effect in effects {
        run_one(popup, effect);
    }
}

fn run_one(popup: &PopupRc, effect: Effect) {
    match effect {
        Effect::Ask(request) => {
            let popup = popup.clone();
            spawn_local(async move {
                let reply = ask_reading(&request, read_reply).await;
                send(&popup, Msg::Answered { request, reply });
            });
        }
        Effect::CheckHostAccess => {
            let popup = popup.clone();
            spawn_local(async move {
                let access = ext::has_host_access(origins())
                    .await
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(true);
                send(&popup, Msg::HostAccess(access));
            });
        }
        Effect::RequestHostAccess => {
            let popup = popup.clone();
            spawn_local(async move {
                let granted = ext::request_host_access(origins())
                    .await
                    .ok()
                    .and_then(|v| v.as_bool())
                    .unwrap_or(false);
                send(&popup, Msg::AccessGranted(granted));
            });
        }
        Effect::FindPlace => {
            let popup = popup.clone();
            spawn_local(async move {
                // After a permission prompt: two reads in a row cost nothing a person sees.
                let tab = tab_url(ext::active_tab_url().await)
                    .as_deref()
                    .and_then(url_parts);
                let sync = entries(ext::storage_get("sync", JsValue::NULL).await);
                send(&popup, Msg::PlaceFound { tab, sync });
            });
        }
        Effect::ReadRecentOrgs => {
            let popup = popup.clone();
            spawn_local(async move {
                let orgs = known_orgs::load(&ChromeStore, BrowserClock.now())
                    .await
                    .map(|k| k.value.orgs)
                    .unwrap_or_default();
                send(&popup, Msg::RecentOrgs(orgs));
            });
        }
        Effect::ReadRetirement => {
            let popup = popup.clone();
            spawn_local(async move {
                let answer = ext::storage_get("session", JsValue::from_str(RETIREMENT_KEY)).await;
                let raw = entries(answer)
                    .into_iter()
                    .find_map(|(key, value)| (key == RETIREMENT_KEY).then_some(value));
                send(&popup, Msg::Retirement(raw));
            });
        }
        Effect::CopySecret(secret) => {
            // Written from the popup itself, now, in the click's user gesture.
            if let Some(window) = web_sys::window() {
                let promise = window.navigator().clipboard().write_text(secret.expose());
                let popup = popup.clone();
                spawn_local(async move {
                    let done = JsFuture::from(promise).await.is_ok();
                    send(&popup, Msg::Copied(done));
                });
            }
        }
        Effect::OpenOptions => spawn_local(async {
            let _ = ext::open_options_page().await;
        }),
        Effect::OpenTab(url) => spawn_local(async move {
            let _ = ext::open_tab(&url).await;
        }),
        Effect::Download(file) => {
            if let Err(e) = dom::download(&popup.doc, &file.name, file.mime, &file.text) {
                dom::log_error(&e);
            }
        }
        Effect::Announce(text) => {
            // Emptied first, so the same words are announced again.
            popup.status.set_text_content(None);
            popup.status.set_text_content(Some(&say(&text)));
        }
        Effect::After { ms, msg } => {
            let popup = popup.clone();
            dom::after(ms, move || send(&popup, msg));
        }
    }
}

fn origins() -> Vec<String> {
    HOST_ORIGINS.iter().map(|s| (*s).to_owned()).collect()
}

/// One listener each for clicks, typing in the filter and the keyboard.
fn listen(popup: &PopupRc) -> Res<()> {
    let p = popup.clone();
    let click = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(control)) = target.closest("[data-action]") else {
            return;
        };
        if control.has_attribute("disabled")
            || control.get_attribute("aria-disabled").as_deref() == Some("true")
        {
            return;
        }
        let msg = control
            .get_attribute("data-action")
            .and_then(|key| p.actions.find(&key));
        if let Some(msg) = msg {
            send(&p, msg);
        }
    });
    popup
        .view
        .add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
    click.forget();

    let p = popup.clone();
    let input = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(field) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        let make = match field.get_attribute("data-key").as_deref() {
            Some("filter") => Msg::Filter,
            Some("copy-feed") => Msg::CopyFeed,
            Some("copy-project") => Msg::CopyProject,
            _ => return,
        };
        send(&p, make(field.value()));
    });
    popup
        .view
        .add_event_listener_with_callback("input", input.as_ref().unchecked_ref())?;
    input.forget();

    let p = popup.clone();
    let change = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(select) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
        else {
            return;
        };
        if select.get_attribute("data-key").as_deref() == Some("copy-format") {
            send(&p, Msg::CopyFormat(select.value()));
        }
    });
    popup
        .view
        .add_event_listener_with_callback("change", change.as_ref().unchecked_ref())?;
    change.forget();

    let p = popup.clone();
    let keys = Closure::<dyn FnMut(KeyboardEvent)>::new(move |event: KeyboardEvent| {
        match event.key().as_str() {
            "Escape" => {
                let back = escape(&p.model.borrow());
                if let Some(msg) = back {
                    event.prevent_default();
                    send(&p, msg);
                }
            }
            // A select's own arrows choose its option.
            "ArrowDown" | "ArrowUp" if !on_select(&p) => {
                move_focus(&p, event.key() == "ArrowDown");
                event.prevent_default();
            }
            _ => {}
        }
    });
    popup
        .doc
        .add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref())?;
    keys.forget();
    Ok(())
}

fn on_select(popup: &Popup) -> bool {
    popup
        .doc
        .active_element()
        .is_some_and(|e| e.dyn_ref::<HtmlSelectElement>().is_some())
}

/// Arrow keys move between the popup's controls, in page order.
fn move_focus(popup: &Popup, forward: bool) {
    let Ok(list) = popup.view.query_selector_all(
        "button:not([disabled]):not([hidden]), input:not([disabled]), select:not([disabled]), [tabindex=\"0\"]",
    ) else {
        return;
    };
    let controls: Vec<HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|e| e.offset_parent().is_some())
        .collect();
    if controls.is_empty() {
        return;
    }
    let active = popup.doc.active_element();
    let at = controls
        .iter()
        .position(|c| active.as_ref().is_some_and(|a| a.is_same_node(Some(c))));
    let next = match (at, forward) {
        (None, true) => 0,
        (None, false) => controls.len() - 1,
        (Some(i), true) => (i + 1) % controls.len(),
        (Some(i), false) => (i + controls.len() - 1) % controls.len(),
    };
    let _ = controls[next].focus();
}
