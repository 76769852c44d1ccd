//! The options page's edge: its entry point, the listeners that turn events into messages,
//! and the effects done in the browser — storage through the core's store functions over
//! `ChromeStore`, the engine through `browser::json::ask_reading`, files, the clipboard, focus, timers —
//! whose results come back as messages.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Document, Element, Event, FocusEvent, HtmlInputElement, HtmlSelectElement};

use super::answer::read_reply;
use super::controls::Control;
use super::editor::draft::DRAFT_KEY;
use super::editor::update::Msg as EditorMsg;
use super::effect::Effect;
use super::model::{Model, Start};
use super::paint::{paint, shell, Painted};
use super::settings::update::Msg as SettingsMsg;
use super::transfer::update::Msg as TransferMsg;
use super::update::{names, org_names, update, Msg};
use crate::browser::ext::{self, t_with};
use crate::browser::json::ask_reading;
use crate::browser::{url_parts, BrowserClock, ChromeStore};
use crate::core::org::{input_as_url, OrgName};
use crate::core::preset_store::{
    delete_preset, load_presets, save_order, save_preset, ORDER_KEY, PRESET_PREFIX,
};
use crate::core::{known_orgs, settings, transfer};
use crate::engine::state::OrgState;
use crate::ports::{Area, Clock, Store};
use crate::views::dom::{self, Actions, Res};

const STORE: ChromeStore = ChromeStore;

struct Page {
    doc: Document,
    model: RefCell<Model>,
    actions: Actions<Control>,
    painted: RefCell<Painted>,
    /// The file chosen for an import, until it is read.
    file: RefCell<Option<web_sys::File>>,
    /// The id of what had focus before the last paint.
    focused_before: RefCell<String>,
}

type PageRc = Rc<Page>;

fn now() -> time::OffsetDateTime {
    BrowserClock.now()
}

#[wasm_bindgen(js_name = optionsMain)]
pub async fn options_main() -> Result<(), JsValue> {
    let doc = dom::document()?;
    let root = doc
        .get_element_by_id("app")
        .ok_or_else(|| JsValue::from_str("no #app"))?;
    let at = now();
    let presets = load_presets(&STORE, at).await;
    let settings = settings::load(&STORE, at).await;
    let known = known_orgs::load(&STORE, at)
        .await
        .map(|k| k.value)
        .unwrap_or_default();
    let org_states = load_org_states(org_names(&known)).await;
    let draft = STORE.get(Area::Local, DRAFT_KEY).await.ok().flatten();
    let start = Start {
        hash: location_hash(),
        presets,
        settings,
        known,
        org_states,
        draft,
        // With `$1` and `$2` kept: the model fills them in.
        names: names(|key| t_with(key, &["$1", "$2"])),
    };
    let (model, effects) = Model::open(start);
    let page = Rc::new(Page {
        doc,
        model: RefCell::new(model),
        actions: Actions::default(),
        painted: RefCell::new(Painted::default()),
        file: RefCell::new(None),
        focused_before: RefCell::new(String::new()),
    });
    shell(&page.doc, &page.actions, &root)?;
    listen(&page, &root)?;
    repaint(&page);
    run(&page, effects);
    Ok(())
}

/// What the engine remembers of each organization (not its token cache: the page shows no
/// tokens), in one read; a read that fails shows as nothing known yet.
async fn load_org_states(orgs: Vec<OrgName>) -> Vec<(OrgName, OrgState)> {
    let states = OrgState::load_memory_many(&STORE, &orgs, now())
        .await
        .unwrap_or_default();
    let states = states
        .into_iter()
        .chain(std::iter::repeat_with(OrgState::default));
    orgs.into_iter().zip(states).collect()
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("location")).ok())
        .and_then(|l| js_sys::Reflect::get(&l, &JsValue::from_str("hash")).ok())
        .and_then(|h| h.as_string())
        .unwrap_or_default()
}

/// Handles a message: the model changes, what changed is painted, the effects run.
fn send(page: &PageRc, msg: Msg) {
    let effects = update(&mut page.model.borrow_mut(), msg, now());
    repaint(page);
    run(page, effects);
}

fn repaint(page: &PageRc) {
    *page.focused_before.borrow_mut() = page
        .doc
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default();
    let model = page.model.borrow();
    let mut painted = page.painted.borrow_mut();
    if let Err(e) = paint(&page.doc, &page.actions, &mut painted, &model, now()) {
        dom::log_error(&e);
    }
}

fn run(page: &PageRc, effects: Vec<Effect>) {
    for effect in effects {
        run_one(page, effect);
    }
}

/// Runs `work` and sends the message it ends with.
fn later(page: &PageRc, work: impl std::future::Future<Output = Msg> + 'static) {
    later_boxed(page, Box::pin(work));
}

/// `later`'s one body, whatever the work: a generic one would be compiled again for each
/// effect's future.
fn later_boxed(page: &PageRc, work: Pin<Box<dyn std::future::Future<Output = Msg>>>) {
    let page = page.clone();
    spawn_local(async move {
        let msg = work.await;
        send(&page, msg);
    });
}

fn run_one(page: &PageRc, effect: Effect) {
    match effect {
        Effect::LoadPresets(then) => later(page, async move {
            Msg::PresetsLoaded(then, load_presets(&STORE, now()).await)
        }),
        Effect::ReadSync(then) => later(page, async move {
            Msg::SyncRead(then, STORE.get_prefixed(Area::Sync, "").await)
        }),
        Effect::SavePreset { preset, then } => later(page, async move {
            let result = save_preset(&STORE, &preset, now()).await;
            Msg::PresetSaved {
                preset,
                then,
                result,
            }
        }),
        Effect::DeletePreset { id, then } => later(page, async move {
            let result = delete_preset(&STORE, &id, now()).await;
            Msg::PresetDeleted { id, then, result }
        }),
        Effect::SaveOrder(ids) => later(page, async move {
            Msg::OrderSaved(save_order(&STORE, &ids).await)
        }),
        Effect::ApplyImport(preview) => later(page, async move {
            Msg::ImportApplied(transfer::apply(&STORE, &preview).await)
        }),
        Effect::KeepDraft(value) => spawn_local(async move {
            if let Err(e) = STORE
                .set(Area::Local, vec![(DRAFT_KEY.to_owned(), value)])
                .await
            {
                dom::log_error(&JsValue::from_str(&e.to_string()));
            }
        }),
        Effect::ForgetDraft => spawn_local(async {
            let _ = STORE.remove(Area::Local, vec![DRAFT_KEY.to_owned()]).await;
        }),
        Effect::SaveSettings(value) => later(page, async move {
            Msg::SettingsSaved(settings::save(&STORE, &value).await)
        }),
        Effect::SaveKnown { known, said } => later(page, async move {
            let result = known_orgs::save(&STORE, &known).await;
            Msg::KnownSaved { said, result }
        }),
        Effect::LoadOrgStates(orgs) => later(page, async move {
            Msg::OrgStatesLoaded(load_org_states(orgs).await)
        }),
        Effect::Ask(request) => later(page, async move {
            let reply = ask_reading(&request, read_reply).await;
            Msg::Answered { request, reply }
        }),
        Effect::ReadShortcut => later(page, async {
            Msg::ShortcutRead(crate::browser::popup_shortcut().await)
        }),
        Effect::ChooseFile => {
            // In the click's user gesture: the file chooser opens only then.
            if let Some(input) = dom::by_id(&page.doc, "import-file") {
                input.click();
            }
        }
        Effect::ReadFile => {
            let Some(file) = page.file.borrow_mut().take() else {
                return;
            };
            later(page, async move {
                let bytes = JsFuture::from(file.array_buffer())
                    .await
                    .map(|buffer| Uint8Array::new(&buffer).to_vec())
                    .map_err(|e| crate::browser::js_error_text(&e));
                Msg::Transfer(TransferMsg::Read(bytes))
            });
        }
        Effect::Download { file, text } => {
            if let Err(e) = dom::download(&page.doc, file, "application/json", &text) {
                dom::log_error(&e);
            }
        }
        Effect::CopyReport { org, text } => {
            let Some(window) = web_sys::window() else {
                return;
            };
            // Written now, in the click's user gesture.
            let promise = window.navigator().clipboard().write_text(&text);
            later(page, async move {
                let done = JsFuture::from(promise).await.is_ok();
                Msg::ReportCopied { org, done }
            });
        }
        Effect::Focus(id) => dom::focus(&page.doc, &id),
        Effect::FocusInstead { gone, to } => {
            let lost = page
                .doc
                .active_element()
                .is_none_or(|e| e.id() != gone || !e.is_connected());
            if *page.focused_before.borrow() == gone && lost {
                dom::focus(&page.doc, &to);
            }
        }
        Effect::Caret { id, at } => {
            if let Some(input) = page
                .doc
                .get_element_by_id(id)
                .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            {
                let _ = input.focus();
                let _ = input.set_selection_range(at, at);
            }
        }
        Effect::SetHash(slug) => {
            if let Some(window) = web_sys::window() {
                if let Ok(location) = js_sys::Reflect::get(&window, &JsValue::from_str("location"))
                {
                    let _ = js_sys::Reflect::set(
                        &location,
                        &JsValue::from_str("hash"),
                        &JsValue::from_str(slug),
                    );
                }
            }
        }
        Effect::After { ms, timer } => {
            let page = page.clone();
            dom::after(ms, move || send(&page, Msg::Timer(timer)));
        }
        Effect::Log(text) => dom::log_error(&JsValue::from_str(&text)),
    }
}

/// One listener per event type on `#app`, for the page's lifetime; storage changes and the
/// address's `#section`.
fn listen(page: &PageRc, root: &Element) -> Res<()> {
    for kind in ["click", "change", "input", "submit", "focusout"] {
        let page = page.clone();
        let callback = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            if let Some(msg) = message(&page, &event) {
                send(&page, msg);
            }
        });
        root.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref())?;
        // Lives as long as the page.
        callback.forget();
    }
    // Presets changed elsewhere (another window, another browser through sync) or here.
    let on_change = page.clone();
    let changed = Closure::<dyn FnMut(String, js_sys::Array)>::new(
        move |area: String, keys: js_sys::Array| {
            let presets = area == "sync"
                && keys
                    .iter()
                    .filter_map(|k| k.as_string())
                    .any(|k| k.starts_with(PRESET_PREFIX) || k == ORDER_KEY);
            if presets {
                send(&on_change, Msg::StoredChanged);
            }
        },
    );
    ext::on_storage_changed(changed.as_ref().unchecked_ref())?;
    changed.forget();

    // Back from the browser's shortcut settings: read the shortcut again.
    let shown = page.clone();
    let visible = Closure::<dyn FnMut(Event)>::new(move |_event: Event| {
        if !shown.doc.hidden() {
            send(&shown, Msg::Settings(SettingsMsg::Shown));
        }
    });
    page.doc
        .add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref())?;
    visible.forget();

    let page = page.clone();
    let callback = Closure::<dyn FnMut(Event)>::new(move |_event: Event| {
        send(&page, Msg::HashChanged(location_hash()));
    });
    if let Some(window) = web_sys::window() {
        window.add_event_listener_with_callback("hashchange", callback.as_ref().unchecked_ref())?;
    }
    callback.forget();
    Ok(())
}

/// The message an event makes, if any.
fn message(page: &PageRc, event: &Event) -> Option<Msg> {
    let target = event.target()?.dyn_into::<Element>().ok()?;
    let kind = event.type_();
    if kind == "focusout" {
        return blur(&target, event);
    }
    let control = target.closest("[data-action]").ok()??;
    let tag = control.tag_name().to_ascii_lowercase();
    let input = control.dyn_ref::<HtmlInputElement>();
    let input_type = input.map(|i| i.type_()).unwrap_or_default();
    let toggles = matches!(input_type.as_str(), "checkbox" | "radio" | "file");
    let wanted = match kind.as_str() {
        "click" => !matches!(tag.as_str(), "input" | "select" | "textarea" | "form"),
        "change" => tag == "select" || (tag == "input" && toggles),
        "input" => (tag == "input" && !toggles) || tag == "textarea",
        "submit" => tag == "form",
        _ => false,
    };
    if !wanted {
        return None;
    }
    if kind == "submit" || tag == "a" {
        event.prevent_default();
    }
    let bound = control
        .get_attribute("data-action")
        .and_then(|key| page.actions.find(&key))?;
    let value = || {
        input
            .map(|i| i.value())
            .or_else(|| control.dyn_ref::<HtmlSelectElement>().map(|s| s.value()))
    };
    match bound {
        Control::Send(msg) => Some(msg),
        Control::Value(make) => Some(make(value()?)),
        Control::Check(make) => Some(make(input?.checked(), value()?)),
        Control::Rung(group) => {
            let level = value()?;
            Some(Msg::Editor(EditorMsg::Rung {
                group,
                level: (!level.is_empty()).then_some(level),
            }))
        }
        Control::Form(make) => {
            let field: HtmlInputElement = control.query_selector("input").ok()??.dyn_into().ok()?;
            let text = field.value();
            let parts = url_parts(&input_as_url(&text));
            Some(make(text, parts))
        }
        Control::Placeholder(placeholder) => {
            let field: HtmlInputElement =
                page.doc.get_element_by_id("f-template")?.dyn_into().ok()?;
            let start = field.selection_start().ok()??;
            let end = field.selection_end().ok()?.unwrap_or(start);
            Some(Msg::Editor(EditorMsg::Placeholder {
                placeholder,
                start,
                end,
            }))
        }
        Control::File => {
            let input = input?;
            let file = input.files().and_then(|files| files.get(0));
            // The same file can be chosen again after a cancel.
            input.set_value("");
            let file = file?;
            let msg = TransferMsg::Chosen {
                name: file.name(),
                size: file.size(),
            };
            *page.file.borrow_mut() = Some(file);
            Some(Msg::Transfer(msg))
        }
    }
}

/// A text field of the editor lost focus: save now rather than after the quiet second.
fn blur(target: &Element, event: &Event) -> Option<Msg> {
    target.closest("#editor").ok()??;
    let text_field = matches!(
        target.id().as_str(),
        "f-name" | "f-lifetime" | "f-template" | "f-feed" | "f-project"
    );
    let leaving = event
        .dyn_ref::<FocusEvent>()
        .and_then(|f| f.related_target())
        .and_then(|r| r.dyn_into::<Element>().ok())
        .is_none_or(|r| r.closest("#editor").ok().flatten().is_none());
    Some(Msg::Editor(EditorMsg::Blur {
        text_field,
        leaving,
    }))
}
