//! The preset editor: name, token name template with a live preview, lifetime with quick
//! choices, organizations, and scopes (custom, through the picker, or full access) — the order
//! of Azure DevOps' own token panel.
//!
//! - [`view`]: the fields, and [`view::refresh`], which sets everything that follows from the
//!   draft (problems, preview, notes) without rebuilding the controls;
//! - [`draft`]: nothing is lost by an accidental close — the draft in `storage.local`, its way
//!   to `storage.sync` (on blur or after a second of quiet), Done and Discard.

mod draft;
mod view;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::html::{by_id, focus, Res};
use super::{after, picker, spawn, url_parts, words, Action, AppRef, PresetsView};
use crate::core::org::{org_from_input, OrgName};
use crate::core::preset::{OrgsDraft, Preset, PresetDraft, PresetProblem};
use crate::core::scopes::FULL_ACCESS;

use draft::{discard, done, flush, keep_local, Reveal};
pub use draft::{on_focusout, restore_draft};
use view::render_orgs;
pub use view::{refresh, render};

/// Quiet time before a change is written to `storage.sync`.
const AUTOSAVE_MS: i32 = 1_000;

/// Where the draft stands with `storage.sync`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// A new preset, not yet written.
    New,
    /// Changed; written after a second of quiet.
    Pending,
    Saving,
    Saved,
    /// The draft has problems: kept locally until they are fixed.
    Invalid,
    /// Storage refused it (worded): kept locally.
    Failed(String),
}

pub struct Editor {
    pub draft: PresetDraft,
    /// The preset as it was when editing began (`None` for a new one): what Discard restores.
    pub original: Option<Preset>,
    /// The custom scopes, kept while "Full access" is chosen.
    pub custom_scopes: Vec<String>,
    /// The organization list, kept while "All organizations" is chosen.
    pub custom_orgs: Vec<String>,
    pub query: String,
    pub show_all: bool,
    /// Problems are shown once a save was attempted, then live.
    pub show_problems: bool,
    pub problems: Vec<PresetProblem>,
    pub status: SaveStatus,
    /// Bumped by every change: a save or a timer from before a change does not count.
    pub generation: u32,
    pub restored: bool,
    pub org_error: Option<String>,
    /// Learned lifespan limits of the organizations this machine knows.
    pub limits: Vec<(OrgName, u16)>,
}

pub(super) fn with_editor<R>(app: &AppRef, f: impl FnOnce(&mut Editor) -> R) -> Option<R> {
    match &mut app.state.borrow_mut().view {
        PresetsView::Editing(ed) => Some(f(ed)),
        _ => None,
    }
}

/// Opens the editor on `draft`; `original` is the stored preset it edits, if any.
pub fn open(app: &AppRef, draft: PresetDraft, original: Option<Preset>) -> Res<()> {
    let is_new = original.is_none();
    let editor = new_editor(app, draft, original, false);
    app.state.borrow_mut().view = PresetsView::Editing(Box::new(editor));
    render(app)?;
    focus(&app.doc, "f-name");
    if is_new {
        // A new preset exists only here until it is saved: keep it from the first moment.
        keep_local(app);
    }
    Ok(())
}

fn new_editor(
    app: &AppRef,
    draft: PresetDraft,
    original: Option<Preset>,
    restored: bool,
) -> Editor {
    let custom_orgs = match &draft.orgs {
        OrgsDraft::Only(list) => list.clone(),
        OrgsDraft::All => Vec::new(),
    };
    let custom_scopes = if draft.scopes.iter().any(|s| s == FULL_ACCESS) {
        Vec::new()
    } else {
        draft.scopes.clone()
    };
    let limits = app
        .state
        .borrow()
        .diagnostics
        .orgs
        .iter()
        .filter_map(|(org, state)| state.max_lifespan_days.map(|d| (org.clone(), d)))
        .collect();
    let status = if original.is_none() {
        SaveStatus::New
    } else if restored {
        SaveStatus::Pending
    } else {
        SaveStatus::Saved
    };
    Editor {
        draft,
        original,
        custom_scopes,
        custom_orgs,
        query: String::new(),
        show_all: false,
        show_problems: restored,
        problems: Vec::new(),
        status,
        generation: 0,
        restored,
        org_error: None,
        limits,
    }
}

pub(super) fn validate(app: &AppRef, draft: &PresetDraft) -> Result<Preset, Vec<PresetProblem>> {
    draft.validate_among(&app.state.borrow().presets)
}

fn input_value(control: &Element) -> String {
    control
        .dyn_ref::<HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn input_checked(control: &Element) -> bool {
    control
        .dyn_ref::<HtmlInputElement>()
        .is_some_and(|i| i.checked())
}

pub fn act(app: &AppRef, action: Action, control: &Element) -> Res<()> {
    match action {
        Action::Name => edit(app, |ed| ed.draft.name = input_value(control)),
        Action::ScopeMode => {
            let full = input_value(control) == "full";
            edit(app, |ed| {
                if full {
                    ed.custom_scopes = ed.draft.scopes.clone();
                    ed.draft.scopes = vec![FULL_ACCESS.to_owned()];
                } else {
                    ed.draft.scopes = ed.custom_scopes.clone();
                }
            })
        }
        Action::Rung(gi) => {
            let value = input_value(control);
            edit(app, |ed| {
                let groups = crate::core::scopes::picker::picker_groups();
                if let Some(group) = groups.get(gi) {
                    let scopes = crate::core::token::Scopes::from_ids(&ed.draft.scopes);
                    let rung = (!value.is_empty()).then_some(value.as_str());
                    ed.draft.scopes = group.with_rung(&scopes, rung).ids().to_vec();
                }
            })
        }
        Action::Level(id) => {
            let on = input_checked(control);
            edit(app, |ed| {
                ed.draft.scopes.retain(|s| s != &id);
                if on {
                    ed.draft.scopes.push(id.clone());
                }
            })
        }
        Action::Search => {
            let query = input_value(control);
            with_editor(app, |ed| ed.query = query);
            picker::refresh(app)
        }
        Action::ShowAll => {
            with_editor(app, |ed| ed.show_all = !ed.show_all);
            picker::refresh(app)
        }
        Action::Lifetime => {
            let text = input_value(control);
            // An empty or partial number is out of range, and said so once problems show.
            let days = text.trim().parse::<i64>().unwrap_or(0);
            edit(app, |ed| ed.draft.lifetime_days = days)
        }
        Action::LifetimeQuick(days) => {
            if let Some(input) =
                by_id(&app.doc, "f-lifetime").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            {
                input.set_value(&days.to_string());
            }
            edit(app, |ed| ed.draft.lifetime_days = i64::from(days))
        }
        Action::Template => edit(app, |ed| ed.draft.name_template = input_value(control)),
        Action::Placeholder(placeholder) => {
            let Some(input) =
                by_id(&app.doc, "f-template").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            else {
                return Ok(());
            };
            let start = input.selection_start()?.unwrap_or(0);
            let end = input.selection_end()?.unwrap_or(start);
            input.set_range_text_with_start_and_end(placeholder, start, end)?;
            // Place the caret after the placeholder (UTF-16 units, as the browser counts).
            let caret = start + placeholder.encode_utf16().count() as u32;
            input.set_selection_range(caret, caret)?;
            let value = input.value();
            edit(app, |ed| ed.draft.name_template = value)?;
            input.focus()
        }
        Action::OrgsMode => {
            let all = input_value(control) == "all";
            edit(app, |ed| {
                if all {
                    if let OrgsDraft::Only(list) = &ed.draft.orgs {
                        ed.custom_orgs = list.clone();
                    }
                    ed.draft.orgs = OrgsDraft::All;
                } else {
                    ed.draft.orgs = OrgsDraft::Only(ed.custom_orgs.clone());
                }
            })?;
            if !all {
                render_orgs(app)?;
            }
            Ok(())
        }
        Action::OrgToggle(name) => {
            let on = input_checked(control);
            edit(app, |ed| {
                if let OrgsDraft::Only(list) = &mut ed.draft.orgs {
                    list.retain(|o| !o.eq_ignore_ascii_case(&name));
                    if on {
                        list.push(name.clone());
                    }
                    ed.custom_orgs = list.clone();
                }
            })
        }
        Action::OrgAdd => add_org(app),
        Action::Done => {
            let app = app.clone();
            spawn(async move { done(&app).await });
            Ok(())
        }
        Action::Discard => {
            let app = app.clone();
            spawn(async move { discard(&app).await });
            Ok(())
        }
        _ => Ok(()),
    }
}

fn add_org(app: &AppRef) -> Res<()> {
    let Some(input) =
        by_id(&app.doc, "f-org-add").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    else {
        return Ok(());
    };
    match org_from_input(&input.value(), url_parts) {
        Ok((org, _style)) => {
            edit(app, |ed| {
                ed.org_error = None;
                let list = match &mut ed.draft.orgs {
                    OrgsDraft::Only(list) => list,
                    OrgsDraft::All => return,
                };
                if !list.iter().any(|o| o.eq_ignore_ascii_case(org.as_str())) {
                    list.push(org.as_str().to_owned());
                }
                ed.custom_orgs = list.clone();
            })?;
            render_orgs(app)?;
            focus(&app.doc, "f-org-add");
        }
        Err(e) => {
            with_editor(app, |ed| ed.org_error = Some(words::org_input_error(e)));
            render_orgs(app)?;
            if let Some(input) =
                by_id(&app.doc, "f-org-add").and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            {
                input.set_value(&input.value());
                let _ = input.focus();
            }
        }
    }
    Ok(())
}

/// Applies a change to the draft: keeps it locally at once, saves it after a second of quiet.
fn edit(app: &AppRef, change: impl FnOnce(&mut Editor)) -> Res<()> {
    let generation = with_editor(app, |ed| {
        change(ed);
        ed.generation += 1;
        ed.status = SaveStatus::Pending;
        ed.generation
    });
    let Some(generation) = generation else {
        return Ok(());
    };
    let problems = {
        let state = app.state.borrow();
        match &state.view {
            PresetsView::Editing(ed) => ed.draft.validate_among(&state.presets).err(),
            _ => None,
        }
    };
    with_editor(app, |ed| ed.problems = problems.unwrap_or_default());
    refresh(app)?;
    keep_local(app);
    let later = app.clone();
    after(AUTOSAVE_MS, move || {
        let current = with_editor(&later, |ed| ed.generation) == Some(generation);
        if current {
            let app = later.clone();
            spawn(async move { flush(&app, Reveal::Problems).await.map(|_| ()) });
        }
    });
    Ok(())
}
