//! The toolbar popup: from the Azure DevOps tab to a token in the clipboard in two clicks.
//!
//! On open it parses the active tab's URL with the browser's own `URL` (`web_sys::Url`) and
//! hands scheme, host and path to the core's organization parser; it paints the organization
//! and its presets straight from `storage.sync`, so it is usable before a cold worker answers.
//! Then it asks the worker `Hello` (who is signed in) and `TakePendingSecret` (a token created
//! while no popup was open). Everything else goes through the protocol: the popup never
//! fetches, and every visible word comes from `_locales` or `Intl`.
//!
//! The state is one [`state::Place`] and one [`state::Screen`]; every change repaints the view
//! (a few dozen elements) and puts focus back on the control that had it. One delegated
//! listener serves every control (`data-action`), so repaints add no listeners.
//!
//! - [`presets`]: the Home screen of an organization; [`created`]: the secret, shown once;
//!   [`tokens`]: the Tokens screen; [`states`]: problems and states with their next step;
//!   [`format`]: dates, durations, scopes in words; [`ui`]: the element builder.

mod created;
mod format;
mod presets;
mod state;
mod states;
mod tokens;
mod ui;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use time::OffsetDateTime;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement, KeyboardEvent};

use crate::browser::ext::{self, t, HOST_ORIGINS};
use crate::browser::{ask, BrowserClock, ChromeStore};
use crate::core::expiry::Policy;
use crate::core::lifetime::extend_outcome;
use crate::core::org::org_from_url_parts;
use crate::core::preset_store::load_presets;
use crate::core::{known_orgs, settings};
use crate::ports::Clock;
use crate::protocol::{Created, OrgRef, Request, Response, SessionState};
use state::{
    Action, CreatePhase, CreatedScreen, Notice, OrgPlace, Place, Problem, Replaced, RevokePhase,
    RowMode, Screen, Session, TokenList, TokensScreen,
};
use ui::{Res, Ui};

/// A shown secret is forgotten after this long, even if the popup stays open.
const SECRET_SHOWN_MS: i32 = 10 * 60 * 1000;

/// The popup's state and its page.
pub(crate) struct App {
    doc: Document,
    view: Element,
    status: Element,
    place: RefCell<Place>,
    screen: RefCell<Screen>,
    actions: RefCell<Vec<Action>>,
    /// The screen kind of the last paint: focus is restored within a screen, and starts on the
    /// screen's first control when the screen changes.
    painted: Cell<&'static str>,
    policy: Policy,
}

type AppRc = Rc<App>;

fn now() -> OffsetDateTime {
    BrowserClock.now()
}

#[wasm_bindgen(js_name = popupMain)]
pub async fn popup_main() -> Result<(), JsValue> {
    let doc = super::dom::document()?;
    let root = super::dom::app_root(&doc)?;
    let view = doc.create_element("div")?;
    view.set_id("view");
    let status = doc.create_element("p")?;
    status.set_id("status");
    status.set_class_name("sr-only");
    status.set_attribute("role", "status")?;
    status.set_attribute("aria-live", "polite")?;
    root.append_child(&view)?;
    root.append_child(&status)?;

    let now = now();
    let place = find_place(now).await;
    let settings = settings::load(&ChromeStore, now)
        .await
        .map(|s| s.value)
        .unwrap_or_default();
    let policy = settings::policy(&ChromeStore, &settings).await;
    let app = Rc::new(App {
        doc,
        view,
        status,
        place: RefCell::new(place),
        screen: RefCell::new(Screen::Home(CreatePhase::Idle)),
        actions: RefCell::new(Vec::new()),
        painted: Cell::new(""),
        policy,
    });
    listen(&app)?;
    paint(&app);
    // For the benchmark: from navigation start to presets a person can click.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("pat-pilot:interactive");
    }

    // The worker may be cold: these answer later and repaint.
    let org = match &*app.place.borrow() {
        Place::Org(p) => Some(p.org.clone()),
        Place::Elsewhere { .. } => None,
    };
    if let Some(org) = org {
        let a = app.clone();
        wasm_bindgen_futures::spawn_local(async move { hello(&a, org).await });
    }
    let a = app.clone();
    wasm_bindgen_futures::spawn_local(async move { take_pending(&a).await });
    Ok(())
}

/// The tab's organization and its presets, or the recent organizations.
async fn find_place(now: OffsetDateTime) -> Place {
    let url = ext::active_tab_url()
        .await
        .ok()
        .and_then(|u| u.as_string())
        .unwrap_or_default();
    let found = web_sys::Url::new(&url)
        .ok()
        .and_then(|u| org_from_url_parts(&u.protocol(), &u.hostname(), &u.pathname()));
    match found {
        Some((name, style)) => {
            let presets = load_presets(&ChromeStore, now)
                .await
                .map(|l| l.presets)
                .unwrap_or_default()
                .into_iter()
                .filter(|p| p.applies_to(&name))
                .collect();
            Place::Org(OrgPlace {
                org: OrgRef { name, style },
                presets,
                session: Session::Checking,
            })
        }
        None => Place::Elsewhere {
            recent: known_orgs::load(&ChromeStore, now)
                .await
                .map(|k| k.value.orgs)
                .unwrap_or_default(),
            no_access: !has_host_access().await,
        },
    }
}

/// Whether PAT Pilot holds its host permissions (true when the browser cannot say).
async fn has_host_access() -> bool {
    ext::has_host_access(HOST_ORIGINS.iter().map(|s| (*s).to_owned()).collect())
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(true)
}

async fn hello(app: &AppRc, org: OrgRef) {
    let access = has_host_access().await;
    let session = if !access {
        SessionState::NoHostAccess {}
    } else {
        match ask(&Request::Hello { org }).await {
            Ok(Response::Session { session, .. }) => session,
            Ok(_) => return,
            Err(error) => SessionState::Unknown { error },
        }
    };
    if let Place::Org(place) = &mut *app.place.borrow_mut() {
        place.session = Session::Known(session);
    }
    paint(app);
}

async fn take_pending(app: &AppRc) {
    let Ok(Response::Pending {
        created,
        interrupted,
    }) = ask(&Request::TakePendingSecret {}).await
    else {
        return;
    };
    if let Some(created) = created {
        show_created(app, created, None);
    } else if let Some(outcome) = interrupted {
        if matches!(&*app.screen.borrow(), Screen::Home(CreatePhase::Idle)) {
            *app.screen.borrow_mut() = Screen::Home(CreatePhase::Failed {
                retry: None,
                problem: Problem::Uncertain {
                    outcome: Some(outcome),
                },
            });
        }
        paint(app);
    }
}

/// Shows a created token (its secret, once) and tells the worker to drop its copy.
fn show_created(app: &AppRc, created: Created, replaced: Option<Replaced>) {
    let id = created.token.id;
    *app.screen.borrow_mut() = Screen::Created(CreatedScreen {
        created,
        copied: false,
        replaced,
    });
    paint(app);
    announce(app, &t("popup_created_title"));
    wasm_bindgen_futures::spawn_local(async move {
        let _ = ask(&Request::ForgetPending { id }).await;
    });
    let a = app.clone();
    set_timeout(SECRET_SHOWN_MS, move || {
        let still_shown =
            matches!(&*a.screen.borrow(), Screen::Created(c) if c.created.token.id == id);
        if still_shown {
            *a.screen.borrow_mut() = Screen::Home(CreatePhase::Idle);
            paint(&a);
            announce(&a, &t("popup_secret_hidden"));
        }
    });
}

pub(crate) fn announce(app: &App, text: &str) {
    // Emptied first, so the same words are announced again.
    app.status.set_text_content(None);
    app.status.set_text_content(Some(text));
}

pub(crate) fn set_timeout(ms: i32, f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
    }
}

fn screen_kind(screen: &Screen) -> &'static str {
    match screen {
        Screen::Home(_) => "home",
        Screen::Created(_) => "created",
        Screen::Tokens(_) => "tokens",
    }
}

/// Repaints the view from the state and puts focus where it belongs.
fn paint(app: &AppRc) {
    // A paint fails only if the DOM refuses an element: nothing a person could act on.
    let _ = try_paint(app);
}

fn try_paint(app: &AppRc) -> Res<()> {
    let focused = app
        .doc
        .active_element()
        .and_then(|e| e.get_attribute("data-key"));
    app.actions.borrow_mut().clear();
    let ui = Ui {
        doc: &app.doc,
        actions: &app.actions,
    };
    let place = app.place.borrow();
    let screen = app.screen.borrow();
    let content = ui.el("div", "screen")?;
    header(&ui, &content, &place, &screen)?;
    let main = ui.child(&content, "main", "content")?;
    match &*screen {
        Screen::Home(phase) => match &*place {
            Place::Org(org) => presets::render(&ui, &main, org, phase)?,
            Place::Elsewhere { recent, no_access } => {
                states::elsewhere(&ui, &main, recent, *no_access, phase)?
            }
        },
        Screen::Created(created) => created::render(&ui, &main, created)?,
        Screen::Tokens(tokens) => {
            let presets = match &*place {
                Place::Org(p) => p.presets.as_slice(),
                Place::Elsewhere { .. } => &[],
            };
            tokens::render(&ui, &main, tokens, presets, &app.policy)?
        }
    }
    let footer = ui.child(&content, "footer", "foot")?;
    ui.text(&footer, "span", "version", &format!("v{}", crate::VERSION))?;
    app.view.replace_children_with_node_1(&content);

    let kind = screen_kind(&screen);
    let same = app.painted.replace(kind) == kind;
    drop(screen);
    drop(place);
    // Within a screen, focus stays on its control, or moves to what replaced a control
    // that went away (`data-refocus`); a new screen starts on its first control
    // (`data-autofocus`).
    let pick = |selector: &str| app.view.query_selector(selector).ok().flatten();
    let kept = focused
        .filter(|_| same)
        .and_then(|k| pick(&format!("[data-key=\"{k}\"]")))
        .filter(|e| !e.has_attribute("disabled"));
    let target = kept
        .or_else(|| same.then(|| pick("[data-refocus]")).flatten())
        .or_else(|| pick("[data-autofocus]"))
        .or_else(|| pick("button:not([disabled]), input"));
    if let Some(target) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        target.focus()?;
        if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
            let end = input.value().encode_utf16().count() as u32;
            let _ = input.set_selection_range(end, end);
        }
    }
    Ok(())
}

/// The bar on top: the product, the organization and who is signed in, Options; and, in an
/// organization, the switch between Create and Tokens.
fn header(ui: &Ui, parent: &Element, place: &Place, screen: &Screen) -> Res<()> {
    let bar = ui.child(parent, "header", "bar")?;
    let titles = ui.child(&bar, "div", "titles")?;
    ui.text(&titles, "h1", "title", &t("extName"))?;
    if let Place::Org(org) = place {
        let who = match &org.session {
            Session::Checking => t("popup_session_checking"),
            Session::Known(SessionState::SignedIn { user: Some(user) }) => {
                ext::t_with("popup_session_user", &[user])
            }
            Session::Known(SessionState::SignedIn { user: None }) => t("popup_session_signed_in"),
            Session::Known(SessionState::SignedOut {}) => t("popup_session_signed_out"),
            Session::Known(SessionState::NoHostAccess {}) => t("popup_session_no_access"),
            Session::Known(SessionState::Unknown { .. }) => t("popup_session_unknown"),
        };
        let line = ui.child(&titles, "p", "org-line")?;
        ui.text(&line, "span", "org", org.org.name.as_str())?;
        ui.text(&line, "span", "who", &who)?;
    }
    ui.button(
        &bar,
        "link",
        &t("popup_options"),
        "options",
        Action::OpenOptions,
    )?;

    if let Place::Org(_) = place {
        let nav = ui.child(parent, "nav", "tabs")?;
        ui::attr(&nav, "aria-label", &t("popup_nav_label"))?;
        let on_tokens = matches!(screen, Screen::Tokens(_));
        let create = ui.button(
            &nav,
            "tab",
            &t("popup_nav_create"),
            "nav-create",
            Action::Home,
        )?;
        let tokens = ui.button(
            &nav,
            "tab",
            &t("popup_nav_tokens"),
            "nav-tokens",
            Action::ShowTokens,
        )?;
        let current = if on_tokens { &tokens } else { &create };
        if !matches!(screen, Screen::Created(_)) {
            current.set_attribute("aria-current", "page")?;
        }
    }
    Ok(())
}

/// One listener each for clicks, typing in the filter and the keyboard.
fn listen(app: &AppRc) -> Res<()> {
    let a = app.clone();
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
        let index: Option<usize> = control
            .get_attribute("data-action")
            .and_then(|i| i.parse().ok());
        let action = index.and_then(|i| a.actions.borrow().get(i).cloned());
        if let Some(action) = action {
            dispatch(&a, action);
        }
    });
    app.view
        .add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
    click.forget();

    let a = app.clone();
    let input = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let Some(field) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        if field.get_attribute("data-key").as_deref() != Some("filter") {
            return;
        }
        if let Screen::Tokens(screen) = &mut *a.screen.borrow_mut() {
            screen.filter = field.value();
        }
        tokens::apply_filter(&a.view, &field.value());
    });
    app.view
        .add_event_listener_with_callback("input", input.as_ref().unchecked_ref())?;
    input.forget();

    let a = app.clone();
    let keys = Closure::<dyn FnMut(KeyboardEvent)>::new(move |event: KeyboardEvent| {
        match event.key().as_str() {
            // `escape` goes back a step when there is one to go back to.
            "Escape" if escape(&a) => event.prevent_default(),
            "ArrowDown" | "ArrowUp" => {
                move_focus(&a, event.key() == "ArrowDown");
                event.prevent_default();
            }
            _ => {}
        }
    });
    app.doc
        .add_event_listener_with_callback("keydown", keys.as_ref().unchecked_ref())?;
    keys.forget();
    Ok(())
}

/// Escape goes back one step: a row's question closes, a screen returns to the presets.
fn escape(app: &AppRc) -> bool {
    let action = match &*app.screen.borrow() {
        Screen::Tokens(TokensScreen { row: Some(_), .. }) => Action::CancelRow,
        Screen::Created(CreatedScreen {
            replaced:
                Some(Replaced {
                    phase: RevokePhase::Confirming,
                    ..
                }),
            ..
        }) => Action::CancelRevokeReplaced,
        Screen::Tokens(_) | Screen::Created(_) => Action::Home,
        Screen::Home(CreatePhase::Failed { .. }) => Action::Home,
        Screen::Home(_) => return false,
    };
    dispatch(app, action);
    true
}

/// Arrow keys move between the popup's controls, in page order.
fn move_focus(app: &AppRc, forward: bool) {
    let Ok(list) = app.view.query_selector_all(
        "button:not([disabled]):not([hidden]), input:not([disabled]), [tabindex=\"0\"]",
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
    let active = app.doc.active_element();
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

fn org_of(app: &App) -> Option<OrgRef> {
    match &*app.place.borrow() {
        Place::Org(p) => Some(p.org.clone()),
        Place::Elsewhere { .. } => None,
    }
}

/// Does what a control asks.
fn dispatch(app: &AppRc, action: Action) {
    match action {
        Action::Create { preset, days } => create(app, preset, days),
        Action::Copy => copy(app),
        Action::Home => {
            *app.screen.borrow_mut() = Screen::Home(CreatePhase::Idle);
            paint(app);
        }
        Action::ShowTokens => show_tokens(app),
        Action::Hello => {
            if let Some(org) = org_of(app) {
                if let Place::Org(p) = &mut *app.place.borrow_mut() {
                    p.session = Session::Checking;
                }
                paint(app);
                let a = app.clone();
                wasm_bindgen_futures::spawn_local(async move { hello(&a, org).await });
            }
        }
        Action::OpenOptions => {
            wasm_bindgen_futures::spawn_local(async {
                let _ = ext::open_options_page().await;
            });
        }
        Action::OpenUrl(url) => {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = ext::open_tab(&url).await;
            });
        }
        Action::RequestAccess => {
            let a = app.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let granted = ext::request_host_access(
                    HOST_ORIGINS.iter().map(|s| (*s).to_owned()).collect(),
                )
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
                if granted {
                    // With access the active tab's URL shows: find the organization again.
                    *a.place.borrow_mut() = find_place(now()).await;
                    *a.screen.borrow_mut() = Screen::Home(CreatePhase::Idle);
                    dispatch(&a, Action::Hello);
                } else {
                    announce(&a, &t("popup_access_refused"));
                }
            });
        }
        Action::ChooseDays(id) => set_row(app, Some((id, RowMode::ChooseDays))),
        Action::AskRevoke(id) => set_row(app, Some((id, RowMode::ConfirmRevoke))),
        Action::CancelRow => set_row(app, None),
        Action::Extend(id, days) => extend(app, id, days),
        Action::Rotate(id) => rotate(app, id),
        Action::Revoke(id) => revoke(app, id),
        Action::AskRevokeReplaced => set_replaced(app, RevokePhase::Confirming),
        Action::CancelRevokeReplaced => set_replaced(app, RevokePhase::Offered),
        Action::RevokeReplaced => revoke_replaced(app),
    }
}

fn create(app: &AppRc, preset: String, days: Option<u32>) {
    let Some(org) = org_of(app) else { return };
    // A second click while a create runs does nothing: the state names the one running.
    if matches!(
        &*app.screen.borrow(),
        Screen::Home(CreatePhase::Creating { .. })
    ) {
        return;
    }
    *app.screen.borrow_mut() = Screen::Home(CreatePhase::Creating {
        preset: preset.clone(),
    });
    paint(app);
    announce(app, &t("popup_creating"));
    let Ok(preset_id) = crate::core::preset::PresetId::parse(&preset) else {
        return;
    };
    let a = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let request = Request::CreateFromPreset {
            org,
            preset_id,
            lifetime_days: days,
        };
        match ask(&request).await {
            // `not_kept`: the engine could not keep a copy; this popup shows it now, and its
            // hint already says it will not show again.
            Ok(Response::Created { created, .. }) => show_created(&a, created, None),
            Ok(_) => {}
            Err(error) => {
                let problem = Problem::from_error(&error);
                note_session(&a, &problem);
                announce(&a, &states::headline(&problem));
                if matches!(&*a.screen.borrow(), Screen::Home(_)) {
                    *a.screen.borrow_mut() = Screen::Home(CreatePhase::Failed {
                        retry: Some((preset, days)),
                        problem,
                    });
                }
                paint(&a);
            }
        }
    });
}

/// A failure that says something about the session updates the header too.
fn note_session(app: &AppRc, problem: &Problem) {
    let session = match problem {
        Problem::SignedOut => SessionState::SignedOut {},
        Problem::NoHostAccess => SessionState::NoHostAccess {},
        _ => return,
    };
    if let Place::Org(p) = &mut *app.place.borrow_mut() {
        p.session = Session::Known(session);
    }
}

fn copy(app: &AppRc) {
    let secret = match &*app.screen.borrow() {
        Screen::Created(c) => c.created.secret.expose().to_owned(),
        _ => return,
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    // Written from the popup itself, in the click's user gesture.
    let promise = window.navigator().clipboard().write_text(&secret);
    let a = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        if let Screen::Created(c) = &mut *a.screen.borrow_mut() {
            c.copied = done;
        }
        paint(&a);
        announce(
            &a,
            &t(if done {
                "popup_copied"
            } else {
                "popup_copy_failed"
            }),
        );
    });
}

fn show_tokens(app: &AppRc) {
    let Some(org) = org_of(app) else { return };
    *app.screen.borrow_mut() = Screen::Tokens(TokensScreen {
        org: org.clone(),
        list: TokenList::Loading,
        filter: String::new(),
        row: None,
        notice: None,
    });
    paint(app);
    announce(app, &t("popup_tokens_loading"));
    let a = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let list = match ask(&Request::ListTokens { org }).await {
            Ok(Response::Tokens { tokens, error, .. }) => TokenList::Loaded {
                tokens,
                stale: error,
            },
            Ok(_) => return,
            Err(error) => TokenList::Failed(Problem::from_error(&error)),
        };
        let said = match &list {
            TokenList::Loaded { tokens, .. } => tokens::count_line(tokens),
            TokenList::Failed(problem) => states::headline(problem),
            TokenList::Loading => String::new(),
        };
        if let Screen::Tokens(screen) = &mut *a.screen.borrow_mut() {
            screen.list = list;
        }
        paint(&a);
        announce(&a, &said);
    });
}

fn set_row(app: &AppRc, row: Option<(crate::core::token::AuthorizationId, RowMode)>) {
    if let Screen::Tokens(screen) = &mut *app.screen.borrow_mut() {
        screen.row = row;
    }
    paint(app);
}

/// The token with this id on the Tokens screen, and the screen's organization.
fn listed(
    app: &App,
    id: crate::core::token::AuthorizationId,
) -> Option<(OrgRef, crate::core::token::Token)> {
    match &*app.screen.borrow() {
        Screen::Tokens(TokensScreen {
            org,
            list: TokenList::Loaded { tokens, .. },
            ..
        }) => tokens
            .iter()
            .find(|t| t.id == id)
            .map(|t| (org.clone(), t.clone())),
        _ => None,
    }
}

fn extend(app: &AppRc, id: crate::core::token::AuthorizationId, days: u32) {
    let Some((org, before)) = listed(app, id) else {
        return;
    };
    set_row(app, Some((id, RowMode::Working)));
    announce(app, &t("popup_working"));
    let a = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let notice = match ask(&Request::Extend { org, id, days }).await {
            Ok(Response::Extended {
                token,
                requested_valid_to,
                ..
            }) => {
                let requested =
                    crate::core::rfc3339::parse(&requested_valid_to).unwrap_or(token.valid_to);
                let outcome = extend_outcome(before.valid_to, requested, token.valid_to);
                Notice::Extended {
                    name: before.name.clone(),
                    token,
                    outcome,
                }
            }
            Ok(_) => return,
            Err(error) => Notice::Failed {
                problem: Problem::from_error(&error),
            },
        };
        finish_row(&a, notice);
    });
}

/// Ends a row's action: the list takes the change, the notice says it.
fn finish_row(app: &AppRc, notice: Notice) {
    let said = tokens::notice_text(&notice);
    if let Screen::Tokens(screen) = &mut *app.screen.borrow_mut() {
        if let TokenList::Loaded { tokens, .. } = &mut screen.list {
            match &notice {
                Notice::Extended { token, .. } => {
                    if let Some(slot) = tokens.iter_mut().find(|t| t.id == token.id) {
                        *slot = token.clone();
                    }
                }
                Notice::Revoked { .. } => {
                    if let Some((id, _)) = screen.row {
                        tokens.retain(|t| t.id != id);
                    }
                }
                Notice::Failed { .. } => {}
            }
        }
        screen.row = None;
        screen.notice = Some(notice);
    }
    paint(app);
    announce(app, &said);
}

fn rotate(app: &AppRc, id: crate::core::token::AuthorizationId) {
    let Some((org, old)) = listed(app, id) else {
        return;
    };
    set_row(app, Some((id, RowMode::Working)));
    announce(app, &t("popup_creating"));
    let a = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match ask(&Request::Rotate { org, id }).await {
            Ok(Response::Created { created, .. }) => {
                let replaced = Replaced {
                    id,
                    name: old.name.clone(),
                    phase: RevokePhase::Offered,
                };
                show_created(&a, created, Some(replaced));
            }
            Ok(_) => {}
            Err(error) => finish_row(
                &a,
                Notice::Failed {
                    problem: Problem::from_error(&error),
                },
            ),
        }
    });
}

fn revoke(app: &AppRc, id: crate::core::token::AuthorizationId) {
    let Some((org, old)) = listed(app, id) else {
        return;
    };
    set_row(app, Some((id, RowMode::Working)));
    announce(app, &t("popup_working"));
    let a = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let notice = match ask(&Request::Revoke { org, id }).await {
            Ok(_) => Notice::Revoked {
                name: old.name.clone(),
            },
            Err(error) => Notice::Failed {
                problem: Problem::from_error(&error),
            },
        };
        finish_row(&a, notice);
    });
}

fn set_replaced(app: &AppRc, phase: RevokePhase) {
    if let Screen::Created(CreatedScreen {
        replaced: Some(replaced),
        ..
    }) = &mut *app.screen.borrow_mut()
    {
        replaced.phase = phase;
    }
    paint(app);
}

fn revoke_replaced(app: &AppRc) {
    let Some(org) = org_of(app) else { return };
    let id = match &*app.screen.borrow() {
        Screen::Created(CreatedScreen {
            replaced: Some(r), ..
        }) => r.id,
        _ => return,
    };
    set_replaced(app, RevokePhase::Working);
    announce(app, &t("popup_working"));
    let a = app.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let phase = match ask(&Request::Revoke { org, id }).await {
            Ok(_) => RevokePhase::Done,
            Err(error) => RevokePhase::Failed(Problem::from_error(&error)),
        };
        let said = match &phase {
            RevokePhase::Failed(problem) => states::headline(problem),
            _ => t("popup_old_revoked"),
        };
        set_replaced(&a, phase);
        announce(&a, &said);
    });
}
