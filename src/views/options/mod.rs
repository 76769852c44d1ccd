//! The options page: presets (list, editor with the scope picker, import and export),
//! settings and diagnostics, rendered by Rust from `www/options.html`.
//!
//! One [`App`] holds the page's state. Areas render on their own (the presets list, the editor,
//! the import preview, settings, diagnostics); controls carry an index into their area's action
//! table (see [`html`]) and five delegated listeners on `#app` (click, change, input, submit,
//! focusout) dispatch every [`Action`]. Presets and settings are written through the core's
//! store functions (`storage.sync`); the engine is asked only for what needs Azure DevOps
//! (`Diagnose`, `CheckNow`).

mod diagnostics;
mod editor;
mod html;
mod list;
mod picker;
mod settings;
mod transfer;
mod words;

use std::cell::RefCell;
use std::rc::Rc;

use time::OffsetDateTime;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlInputElement};

use super::dom::{app_root, document};
use crate::browser::ext::t;
use crate::browser::{BrowserClock, ChromeStore};
use crate::core::org::OrgName;
use crate::core::preset::{Preset, PresetId};
use crate::core::recipes::RecipeId;
use crate::ports::Clock;
use html::{Actions, Res, Ui};

/// Everything a control can ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Show a section (nav links).
    Section(Section),
    // The presets list.
    AddOpen,
    AddCancel,
    AddBlank,
    AddRecipe(RecipeId),
    Edit(PresetId),
    Duplicate(PresetId),
    Delete(PresetId),
    Move(PresetId, isize),
    Undo,
    // The editor.
    Name,
    ScopeMode,
    Rung(usize),
    Level(String),
    Search,
    ShowAll,
    Lifetime,
    LifetimeQuick(u16),
    Template,
    Placeholder(&'static str),
    OrgsMode,
    OrgToggle(String),
    OrgAdd,
    Done,
    Discard,
    // Import and export.
    Export,
    ImportPick,
    ImportFile,
    ImportConfirm,
    ImportCancel,
    // Settings.
    ThresholdRemove(u16),
    ThresholdAdd,
    Interval,
    Notifications,
    WatchRemove(OrgName),
    WatchAdd,
    CheckNow,
    // Diagnostics.
    Diagnose(OrgName),
    CopyReport(OrgName),
}

/// The page's sections, each behind a nav link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Presets,
    Settings,
    Diagnostics,
}

impl Section {
    const ALL: [Section; 3] = [Section::Presets, Section::Settings, Section::Diagnostics];

    fn slug(self) -> &'static str {
        match self {
            Section::Presets => "presets",
            Section::Settings => "settings",
            Section::Diagnostics => "diagnostics",
        }
    }

    fn title_key(self) -> &'static str {
        match self {
            Section::Presets => "options_nav_presets",
            Section::Settings => "options_nav_settings",
            Section::Diagnostics => "options_nav_diagnostics",
        }
    }

    fn from_hash(hash: &str) -> Section {
        let slug = hash.trim_start_matches('#');
        Section::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
            .unwrap_or(Section::Presets)
    }
}

/// A one-line message in an area: something done, or something that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

impl Notice {
    pub fn ok(text: String) -> Option<Self> {
        Some(Self { text, error: false })
    }
    pub fn error(text: String) -> Option<Self> {
        Some(Self { text, error: true })
    }
}

/// What the presets section shows.
pub enum PresetsView {
    List,
    /// Choosing how to start a new preset.
    Adding,
    Editing(Box<editor::Editor>),
}

pub struct State {
    pub section: Section,
    pub presets: Vec<Preset>,
    pub view: PresetsView,
    pub list_notice: Option<Notice>,
    pub undo: Option<list::Undo>,
    pub import: Option<transfer::ImportState>,
    pub settings: settings::SettingsState,
    pub diagnostics: diagnostics::DiagnosticsState,
    /// Bumped for every timer that may be superseded (undo, autosave).
    pub generation: u32,
    /// Bumped by every change of the stored presets: the list reloads once they settle.
    pub stored_changes: u32,
}

pub struct App {
    pub doc: Document,
    pub actions: Actions,
    pub state: RefCell<State>,
}

pub type AppRef = Rc<App>;

impl App {
    pub fn ui(&self, area: &'static str) -> Ui<'_> {
        Ui::new(&self.doc, &self.actions, area)
    }
}

/// "Now", from the browser's clock.
pub fn now() -> OffsetDateTime {
    BrowserClock.now()
}

pub const STORE: ChromeStore = ChromeStore;

/// The parts of a URL the core's organization parser needs, from the browser's own parser.
pub fn url_parts(text: &str) -> Option<crate::core::org::UrlParts> {
    let url = web_sys::Url::new(text).ok()?;
    Some(crate::core::org::UrlParts {
        scheme: url.protocol(),
        host: url.hostname(),
        path: url.pathname(),
    })
}

/// Runs `f` after `ms` milliseconds (a one-shot callback: nothing to clean up).
pub fn after(ms: i32, f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
    }
}

/// Runs an async step of the page; a failure of the page itself is logged, never thrown.
pub fn spawn(f: impl std::future::Future<Output = Res<()>> + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = f.await {
            log_error(&e);
        }
    });
}

/// `console.error` (the page's own failures; they never hold a secret). Reached through
/// `globalThis` to keep web-sys' `console` feature out of the build.
pub fn log_error(error: &JsValue) {
    let console = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("console"));
    if let Ok(console) = console {
        if let Ok(f) = js_sys::Reflect::get(&console, &JsValue::from_str("error")) {
            if let Some(f) = f.dyn_ref::<js_sys::Function>() {
                let _ = f.call1(&console, error);
            }
        }
    }
}

#[wasm_bindgen(js_name = optionsMain)]
pub async fn options_main() -> Result<(), JsValue> {
    let doc = document()?;
    let root = app_root(&doc)?;
    let section = Section::from_hash(&location_hash());
    let app: AppRef = Rc::new(App {
        doc,
        actions: Actions::default(),
        state: RefCell::new(State {
            section,
            presets: Vec::new(),
            view: PresetsView::List,
            list_notice: None,
            undo: None,
            import: None,
            settings: settings::SettingsState::default(),
            diagnostics: diagnostics::DiagnosticsState::default(),
            generation: 0,
            stored_changes: 0,
        }),
    });
    render_shell(&app, &root)?;
    listen(&app, &root)?;
    list::load(&app).await?;
    settings::load(&app).await?;
    diagnostics::load(&app).await?;
    show_section(&app, section)?;
    editor::restore_draft(&app).await?;
    Ok(())
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("location")).ok())
        .and_then(|l| js_sys::Reflect::get(&l, &JsValue::from_str("hash")).ok())
        .and_then(|h| h.as_string())
        .unwrap_or_default()
}

/// The header, the navigation and an empty container per section.
fn render_shell(app: &App, root: &Element) -> Res<()> {
    let ui = app.ui("shell");
    let doc_title = format!("{} · {}", t("options_title"), t("extName"));
    app.doc.set_title(&doc_title);
    ui.e("header")?
        .class("topbar")
        .child(
            ui.e("img")?
                .attr("src", "icons/icon-32.png")
                .attr("alt", "")
                .attr("width", "20")
                .attr("height", "20"),
        )
        .child(ui.t("span", "brand", &t("extName"))?)
        .child(ui.t("span", "crumb-sep", "/")?.attr("aria-hidden", "true"))
        .child(ui.t("h1", "crumb", &t("options_title"))?)
        .append_to(root)?;
    let nav = ui
        .e("nav")?
        .class("sidenav")
        .attr("aria-label", &t("options_nav_label"));
    let list = ui.e("ul")?;
    let list = list.children(
        Section::ALL
            .iter()
            .map(|s| {
                Ok(ui.e("li")?.child(
                    ui.e("a")?
                        .id(&format!("nav-{}", s.slug()))
                        .attr("href", &format!("#{}", s.slug()))
                        .text(&t(s.title_key()))
                        .on(&ui, Action::Section(*s)),
                ))
            })
            .collect::<Res<Vec<_>>>()?,
    );
    let layout = ui.e("div")?.class("layout").child(nav.child(list));
    let main = ui.e("div")?.class("content");
    let main = main.children(
        Section::ALL
            .iter()
            .map(|s| {
                Ok(ui
                    .e("section")?
                    .id(&format!("section-{}", s.slug()))
                    .class("section")
                    .attr("aria-labelledby", &format!("title-{}", s.slug()))
                    .hidden(true)
                    .child(
                        ui.t("h2", "section-title", &t(s.title_key()))?
                            .id(&format!("title-{}", s.slug()))
                            .attr("tabindex", "-1"),
                    )
                    .child(ui.e("div")?.id(&format!("{}-body", s.slug()))))
            })
            .collect::<Res<Vec<_>>>()?,
    );
    layout.child(main).append_to(root)?;
    Ok(())
}

pub fn show_section(app: &AppRef, section: Section) -> Res<()> {
    app.state.borrow_mut().section = section;
    for s in Section::ALL {
        if let Some(e) = html::by_id(&app.doc, &format!("section-{}", s.slug())) {
            e.set_hidden(s != section);
        }
        if let Some(a) = app.doc.get_element_by_id(&format!("nav-{}", s.slug())) {
            if s == section {
                a.set_attribute("aria-current", "page")?;
            } else {
                a.remove_attribute("aria-current")?;
            }
        }
    }
    Ok(())
}

/// One listener per event type on `#app`, for the page's lifetime.
fn listen(app: &AppRef, root: &Element) -> Res<()> {
    for kind in ["click", "change", "input", "submit", "focusout"] {
        let app = app.clone();
        let callback = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            if let Err(e) = on_event(&app, &event) {
                log_error(&e);
            }
        });
        root.add_event_listener_with_callback(kind, callback.as_ref().unchecked_ref())?;
        // Lives as long as the page.
        callback.forget();
    }
    // Presets changed elsewhere (another window, another browser through sync) or here.
    let on_change = app.clone();
    let changed = Closure::<dyn FnMut(String, js_sys::Array)>::new(
        move |area: String, keys: js_sys::Array| {
            let presets = area == "sync"
                && keys.iter().filter_map(|k| k.as_string()).any(|k| {
                    k.starts_with(crate::core::preset_store::PRESET_PREFIX)
                        || k == crate::core::preset_store::ORDER_KEY
                });
            if presets {
                list::stored_changed(&on_change);
            }
        },
    );
    crate::browser::ext::on_storage_changed(changed.as_ref().unchecked_ref())?;
    changed.forget();

    let app = app.clone();
    let callback = Closure::<dyn FnMut(Event)>::new(move |_event: Event| {
        let _ = show_section(&app, Section::from_hash(&location_hash()));
    });
    if let Some(window) = web_sys::window() {
        window.add_event_listener_with_callback("hashchange", callback.as_ref().unchecked_ref())?;
    }
    callback.forget();
    Ok(())
}

fn on_event(app: &AppRef, event: &Event) -> Res<()> {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return Ok(());
    };
    let kind = event.type_();
    if kind == "focusout" {
        return editor::on_focusout(app, &target, event);
    }
    let Some(control) = target.closest("[data-action]")? else {
        return Ok(());
    };
    let tag = control.tag_name().to_ascii_lowercase();
    let input_type = control
        .dyn_ref::<HtmlInputElement>()
        .map(|i| i.type_())
        .unwrap_or_default();
    let toggles = matches!(input_type.as_str(), "checkbox" | "radio" | "file");
    let wanted = match kind.as_str() {
        "click" => !matches!(tag.as_str(), "input" | "select" | "textarea" | "form"),
        "change" => tag == "select" || (tag == "input" && toggles),
        "input" => (tag == "input" && !toggles) || tag == "textarea",
        "submit" => tag == "form",
        _ => false,
    };
    if !wanted {
        return Ok(());
    }
    if matches!(kind.as_str(), "submit") || tag == "a" {
        event.prevent_default();
    }
    let Some(action) = control
        .get_attribute("data-action")
        .and_then(|key| app.actions.find(&key))
    else {
        return Ok(());
    };
    dispatch(app, action, &control)
}

fn dispatch(app: &AppRef, action: Action, control: &Element) -> Res<()> {
    use Action as A;
    match action {
        A::Section(section) => {
            // Keep the address in step, so a reload shows the same section.
            if let Some(window) = web_sys::window() {
                if let Ok(location) = js_sys::Reflect::get(&window, &JsValue::from_str("location"))
                {
                    let _ = js_sys::Reflect::set(
                        &location,
                        &JsValue::from_str("hash"),
                        &JsValue::from_str(section.slug()),
                    );
                }
            }
            show_section(app, section)?;
            html::focus(&app.doc, &format!("title-{}", section.slug()));
            Ok(())
        }
        A::AddOpen
        | A::AddCancel
        | A::AddBlank
        | A::AddRecipe(_)
        | A::Edit(_)
        | A::Duplicate(_)
        | A::Delete(_)
        | A::Move(..)
        | A::Undo => list::act(app, action),
        A::Export | A::ImportPick | A::ImportFile | A::ImportConfirm | A::ImportCancel => {
            transfer::act(app, action, control)
        }
        A::ThresholdRemove(_)
        | A::ThresholdAdd
        | A::Interval
        | A::Notifications
        | A::WatchRemove(_)
        | A::WatchAdd
        | A::CheckNow => settings::act(app, action, control),
        A::Diagnose(_) | A::CopyReport(_) => diagnostics::act(app, action),
        _ => editor::act(app, action, control),
    }
}
