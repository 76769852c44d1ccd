//! The preset editor: name, scopes (custom, through the picker, or full access), lifetime with
//! quick choices, name template with a live preview, organizations.
//!
//! Nothing is lost by an accidental close: every change is written at once to `storage.local`
//! (the draft, [`DRAFT_KEY`]), and to `storage.sync` (the preset) when a text field loses focus
//! or after a second of quiet — sync allows about 120 writes a minute. A draft that does not
//! validate stays local, with the core's problems worded next to their fields; a quota or sync
//! failure is shown and the draft stays local too. The next visit reopens a draft left behind.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, FocusEvent, HtmlInputElement};

use super::html::{by_id, focus, replace, set_text, Res, Ui, E};
use super::{after, list, now, picker, spawn, words, Action, AppRef, PresetsView, STORE};
use crate::browser::ext::{t, t_with};
use crate::core::org::{org_from_input, OrgName, UrlParts};
use crate::core::preset::{
    OrgsDraft, Preset, PresetDraft, PresetField, PresetProblem, MAX_LIFETIME_DAYS, MAX_NAME_CHARS,
    MIN_LIFETIME_DAYS,
};
use crate::core::preset_store::{delete_preset, save_preset};
use crate::core::record::{self, Versioned};
use crate::core::scopes::FULL_ACCESS;
use crate::core::template::{NameContext, NameTemplate, MAX_TEMPLATE_CHARS};
use crate::ports::{Area, Store};

/// The unsaved draft, in `storage.local`.
pub const DRAFT_KEY: &str = "options-draft";
/// Quiet time before a change is written to `storage.sync`.
const AUTOSAVE_MS: i32 = 1_000;
const QUICK_DAYS: [u16; 6] = [7, 30, 60, 90, 180, 365];
const PLACEHOLDERS: [&str; 4] = ["{preset}", "{org}", "{date}", "{time}"];
/// The fields in the order the editor shows them.
const FIELD_ORDER: [PresetField; 7] = [
    PresetField::Preset,
    PresetField::Id,
    PresetField::Name,
    PresetField::NameTemplate,
    PresetField::LifetimeDays,
    PresetField::Orgs,
    PresetField::Scopes,
];

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

/// The draft as stored in `storage.local`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredDraft {
    id: String,
    name: String,
    scopes: Vec<String>,
    lifetime_days: i64,
    name_template: String,
    all_orgs: bool,
    orgs: Vec<String>,
    is_new: bool,
}

impl Versioned for StoredDraft {
    const VERSION: u32 = 1;
}

impl StoredDraft {
    fn of(ed: &Editor) -> Self {
        let d = &ed.draft;
        let (all_orgs, orgs) = match &d.orgs {
            OrgsDraft::All => (true, ed.custom_orgs.clone()),
            OrgsDraft::Only(list) => (false, list.clone()),
        };
        Self {
            id: d.id.clone(),
            name: d.name.clone(),
            scopes: d.scopes.clone(),
            lifetime_days: d.lifetime_days,
            name_template: d.name_template.clone(),
            all_orgs,
            orgs,
            is_new: ed.original.is_none(),
        }
    }

    fn draft(&self) -> PresetDraft {
        PresetDraft {
            id: self.id.clone(),
            name: self.name.clone(),
            scopes: self.scopes.clone(),
            lifetime_days: self.lifetime_days,
            name_template: self.name_template.clone(),
            orgs: if self.all_orgs {
                OrgsDraft::All
            } else {
                OrgsDraft::Only(self.orgs.clone())
            },
        }
    }
}

fn with_editor<R>(app: &AppRef, f: impl FnOnce(&mut Editor) -> R) -> Option<R> {
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

/// Reopens a draft left in `storage.local` by an earlier visit.
pub async fn restore_draft(app: &AppRef) -> Res<()> {
    let Ok(Some(raw)) = STORE.get(Area::Local, DRAFT_KEY).await else {
        return Ok(());
    };
    let Ok(decoded) = record::decode::<StoredDraft>(&raw) else {
        // Unreadable: it cannot be edited; drop it rather than trip over it on every visit.
        let _ = STORE.remove(Area::Local, vec![DRAFT_KEY.to_owned()]).await;
        return Ok(());
    };
    let stored = decoded.value;
    let original = app
        .state
        .borrow()
        .presets
        .iter()
        .find(|p| p.id().as_str() == stored.id)
        .cloned();
    let mut editor = new_editor(app, stored.draft(), original.clone(), true);
    editor.custom_orgs = stored.orgs.clone();
    if stored.is_new {
        editor.original = None;
    }
    // A draft equal to the stored preset has nothing to restore.
    if let (Some(o), Ok(p)) = (&original, editor.draft.validate()) {
        if o == &p {
            let _ = STORE.remove(Area::Local, vec![DRAFT_KEY.to_owned()]).await;
            return Ok(());
        }
    }
    editor.problems = validate(app, &editor.draft).err().unwrap_or_default();
    {
        let mut state = app.state.borrow_mut();
        state.view = PresetsView::Editing(Box::new(editor));
        state.section = super::Section::Presets;
    }
    super::show_section(app, super::Section::Presets)?;
    render(app)?;
    Ok(())
}

fn validate(app: &AppRef, draft: &PresetDraft) -> Result<Preset, Vec<PresetProblem>> {
    draft.validate_among(&app.state.borrow().presets)
}

// Rendering ---------------------------------------------------------------------------------

fn field(ui: &Ui<'_>, class: &str) -> Res<E> {
    Ok(ui.e("div")?.class(&format!("field {class}")))
}

fn problem_slot(ui: &Ui<'_>, field: PresetField) -> Res<E> {
    Ok(ui
        .e("p")?
        .class("problem")
        .id(problem_id(field))
        .hidden(true))
}

fn problem_id(field: PresetField) -> &'static str {
    match field {
        PresetField::Name => "p-name",
        PresetField::Scopes => "p-scopes",
        PresetField::LifetimeDays => "p-lifetime",
        PresetField::NameTemplate => "p-template",
        PresetField::Orgs => "p-orgs",
        PresetField::Id | PresetField::Preset => "p-preset",
    }
}

/// The control a field's problem is announced with (`aria-invalid`, focus on a failed Done).
fn control_id(field: PresetField) -> &'static str {
    match field {
        PresetField::Name => "f-name",
        PresetField::Scopes => "f-mode-custom",
        PresetField::LifetimeDays => "f-lifetime",
        PresetField::NameTemplate => "f-template",
        PresetField::Orgs => "f-orgs-all",
        PresetField::Id | PresetField::Preset => "f-name",
    }
}

pub fn render(app: &AppRef) -> Res<()> {
    let ui = app.ui("editor");
    let (content, held) = {
        let state = app.state.borrow();
        let PresetsView::Editing(ed) = &state.view else {
            return Ok(());
        };
        (editor_body(&ui, ed)?, ed.draft.scopes.clone())
    };
    replace(&app.doc, "presets-body", content)?;
    let picker_ui = app.ui("picker");
    replace(&app.doc, "picker-host", picker::build(&picker_ui, &held)?)?;
    render_orgs(app)?;
    refresh(app)
}

fn editor_body(ui: &Ui<'_>, ed: &Editor) -> Res<E> {
    let d = &ed.draft;
    let title = if ed.original.is_none() {
        t("options_editor_new")
    } else {
        t("options_editor_edit")
    };
    let head = ui
        .e("div")?
        .class("editor-head")
        .child(ui.t("h3", "editor-title", &title)?.id("editor-title"))
        .child(
            ui.e("p")?
                .id("editor-status")
                .class("save-status")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        );
    let restored = ui
        .e("p")?
        .class("status-line ok")
        .id("editor-restored")
        .text(&t("options_draft_restored"))
        .hidden(!ed.restored);

    let name = field(ui, "")?
        .child(ui.label("f-name", &t("options_field_name"))?)
        .child(
            ui.input("text", "f-name")?
                .class("text")
                .value(&d.name)
                .attr("maxlength", &(MAX_NAME_CHARS * 2).to_string())
                .attr("autocomplete", "off")
                .attr("aria-describedby", "p-name")
                .on(ui, Action::Name),
        )
        .child(problem_slot(ui, PresetField::Name)?);

    let full = d.scopes.iter().any(|s| s == FULL_ACCESS);
    let mode = ui
        .e("div")?
        .class("choice-row")
        .child(
            ui.e("label")?
                .class("choice")
                .child(
                    ui.input("radio", "f-mode-custom")?
                        .attr("name", "scope-mode")
                        .value("custom")
                        .checked(!full)
                        .on(ui, Action::ScopeMode),
                )
                .child(ui.t("span", "", &t("options_scope_custom"))?),
        )
        .child(
            ui.e("label")?
                .class("choice")
                .child(
                    ui.input("radio", "f-mode-full")?
                        .attr("name", "scope-mode")
                        .value("full")
                        .checked(full)
                        .on(ui, Action::ScopeMode),
                )
                .child(ui.t("span", "", &t("options_full_access"))?),
        );
    let scopes = ui
        .e("fieldset")?
        .class("field scopes")
        .attr("aria-describedby", "p-scopes")
        .child(ui.t("legend", "field-label", &t("options_field_scopes"))?)
        .child(ui.t("p", "hint", &t("options_scopes_hint"))?)
        .child(mode)
        .child(
            ui.e("div")?
                .class("warning")
                .id("full-warning")
                .attr("role", "note")
                .hidden(!full)
                .child(ui.t("strong", "", &t("options_full_warning_title"))?)
                .child(ui.t("p", "", &t("options_full_warning"))?),
        )
        .child(problem_slot(ui, PresetField::Scopes)?)
        .child(ui.e("div")?.id("picker-host").hidden(full));

    let quick = ui
        .e("div")?
        .class("quick")
        .attr("role", "group")
        .attr("aria-label", &t("options_lifetime_quick"))
        .children(
            QUICK_DAYS
                .iter()
                .map(|days| {
                    ui.button(
                        "chip",
                        &words::days(u32::from(*days)),
                        Action::LifetimeQuick(*days),
                    )
                    .map(|b| b.id(&format!("quick-{days}")))
                })
                .collect::<Res<Vec<_>>>()?,
        );
    let lifetime = field(ui, "")?
        .child(ui.label("f-lifetime", &t("options_field_lifetime"))?)
        .child(
            ui.e("div")?
                .class("lifetime-row")
                .child(
                    ui.input("number", "f-lifetime")?
                        .class("text number")
                        .value(&d.lifetime_days.to_string())
                        .attr("min", &MIN_LIFETIME_DAYS.to_string())
                        .attr("max", &MAX_LIFETIME_DAYS.to_string())
                        .attr("step", "1")
                        .attr("aria-describedby", "lifetime-unit p-lifetime lifetime-note")
                        .on(ui, Action::Lifetime),
                )
                .child(
                    ui.t("span", "unit", &t("options_days_unit"))?
                        .id("lifetime-unit"),
                )
                .child(quick),
        )
        .child(ui.e("p")?.class("note").id("lifetime-note").hidden(true))
        .child(problem_slot(ui, PresetField::LifetimeDays)?);

    let placeholders = ui
        .e("div")?
        .class("placeholders")
        .attr("role", "group")
        .attr("aria-label", &t("options_template_insert"))
        .child(
            ui.t("span", "muted small", &t("options_template_insert"))?
                .attr("aria-hidden", "true"),
        )
        .children(
            PLACEHOLDERS
                .iter()
                .map(|p| {
                    ui.button("chip mono", p, Action::Placeholder(p))
                        .map(|b| b.attr("aria-label", &t_with("options_template_insert_one", &[p])))
                })
                .collect::<Res<Vec<_>>>()?,
        );
    let template = field(ui, "")?
        .child(ui.label("f-template", &t("options_field_template"))?)
        .child(
            ui.input("text", "f-template")?
                .class("text mono")
                .value(&d.name_template)
                .attr("maxlength", &(MAX_TEMPLATE_CHARS * 2).to_string())
                .attr("autocomplete", "off")
                .attr("spellcheck", "false")
                .attr("aria-describedby", "template-preview p-template")
                .on(ui, Action::Template),
        )
        .child(placeholders)
        .child(
            ui.e("p")?
                .class("preview")
                .id("template-preview")
                .attr("aria-live", "polite"),
        )
        .child(problem_slot(ui, PresetField::NameTemplate)?);

    let all = matches!(d.orgs, OrgsDraft::All);
    let orgs = ui
        .e("fieldset")?
        .class("field orgs")
        .attr("aria-describedby", "p-orgs")
        .child(ui.t("legend", "field-label", &t("options_field_orgs"))?)
        .child(
            ui.e("div")?
                .class("choice-row")
                .child(
                    ui.e("label")?
                        .class("choice")
                        .child(
                            ui.input("radio", "f-orgs-all")?
                                .attr("name", "orgs-mode")
                                .value("all")
                                .checked(all)
                                .on(ui, Action::OrgsMode),
                        )
                        .child(ui.t("span", "", &t("options_orgs_all"))?),
                )
                .child(
                    ui.e("label")?
                        .class("choice")
                        .child(
                            ui.input("radio", "f-orgs-only")?
                                .attr("name", "orgs-mode")
                                .value("only")
                                .checked(!all)
                                .on(ui, Action::OrgsMode),
                        )
                        .child(ui.t("span", "", &t("options_orgs_only"))?),
                ),
        )
        .child(ui.e("div")?.id("orgs-host").class("orgs-only").hidden(all))
        .child(problem_slot(ui, PresetField::Orgs)?);

    let discard = if ed.original.is_none() {
        t("options_cancel")
    } else {
        t("options_discard")
    };
    let actions = ui
        .e("div")?
        .class("editor-actions")
        .child(
            ui.button("btn primary", &t("options_done"), Action::Done)?
                .id("editor-done"),
        )
        .child(
            ui.button("btn", &discard, Action::Discard)?
                .id("editor-discard"),
        );

    Ok(ui
        .e("section")?
        .class("editor panel")
        .id("editor")
        .attr("aria-labelledby", "editor-title")
        .child(head)
        .child(restored)
        .child(problem_slot(ui, PresetField::Preset)?)
        // The order of Azure DevOps' own panel: the short fields first, then the scopes.
        .child(name)
        .child(template)
        .child(lifetime)
        .child(orgs)
        .child(scopes)
        .child(actions))
}

/// The organization checkboxes (known organizations and the listed ones) and the add form.
fn render_orgs(app: &AppRef) -> Res<()> {
    let ui = app.ui("orgs");
    let (listed, error) = {
        let state = app.state.borrow();
        let PresetsView::Editing(ed) = &state.view else {
            return Ok(());
        };
        let listed = match &ed.draft.orgs {
            OrgsDraft::Only(list) => list.clone(),
            OrgsDraft::All => ed.custom_orgs.clone(),
        };
        (listed, ed.org_error.clone())
    };
    let known: Vec<String> = app
        .state
        .borrow()
        .settings
        .known
        .orgs
        .iter()
        .map(|k| k.name.as_str().to_owned())
        .collect();
    let mut names: Vec<String> = listed.clone();
    for k in known {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(&k)) {
            names.push(k);
        }
    }
    let boxes = names
        .iter()
        .map(|name| {
            let id = super::html::safe_id("org", name);
            Ok(ui
                .e("label")?
                .class("choice")
                .child(
                    ui.input("checkbox", &id)?
                        .value(name)
                        .checked(listed.contains(name))
                        .on(&ui, Action::OrgToggle(name.clone())),
                )
                .child(ui.t("span", "", name)?))
        })
        .collect::<Res<Vec<_>>>()?;
    let form = ui
        .e("form")?
        .class("inline-form")
        .attr("novalidate", "")
        .on(&ui, Action::OrgAdd)
        .child(
            ui.label("f-org-add", &t("options_org_add_label"))?
                .class("small"),
        )
        .child(
            ui.e("div")?
                .class("inline")
                .child(
                    ui.input("text", "f-org-add")?
                        .class("text")
                        .attr("placeholder", &t("options_org_add_placeholder"))
                        .attr("autocomplete", "off")
                        .attr("spellcheck", "false")
                        .attr("aria-describedby", "org-add-problem"),
                )
                .child(
                    ui.e("button")?
                        .attr("type", "submit")
                        .class("btn")
                        .text(&t("options_add")),
                ),
        )
        .child(
            ui.e("p")?
                .class("problem")
                .id("org-add-problem")
                .text(error.as_deref().unwrap_or(""))
                .hidden(error.is_none()),
        );
    let content = ui
        .e("div")?
        .child(ui.e("div")?.class("org-boxes").children(boxes))
        .child(form);
    replace(&app.doc, "orgs-host", content)
}

/// Updates everything that follows from the draft without rebuilding the controls.
pub fn refresh(app: &AppRef) -> Res<()> {
    picker::refresh(app)?;
    let state = app.state.borrow();
    let PresetsView::Editing(ed) = &state.view else {
        return Ok(());
    };
    let d = &ed.draft;
    let doc = &app.doc;
    let full = d.scopes.iter().any(|s| s == FULL_ACCESS);
    if let Some(w) = by_id(doc, "full-warning") {
        w.set_hidden(!full);
    }
    if let Some(p) = by_id(doc, "picker-host") {
        p.set_hidden(full);
    }
    let all = matches!(d.orgs, OrgsDraft::All);
    if let Some(o) = by_id(doc, "orgs-host") {
        o.set_hidden(all);
    }
    for days in QUICK_DAYS {
        if let Some(b) = by_id(doc, &format!("quick-{days}")) {
            let pressed = d.lifetime_days == i64::from(days);
            b.set_attribute("aria-pressed", if pressed { "true" } else { "false" })?;
        }
    }

    // Learned limits of the organizations this preset applies to.
    let notes: Vec<String> = ed
        .limits
        .iter()
        .filter(|(org, _)| match &d.orgs {
            OrgsDraft::All => true,
            OrgsDraft::Only(list) => list.iter().any(|o| o.eq_ignore_ascii_case(org.as_str())),
        })
        .filter(|(_, max)| d.lifetime_days > i64::from(*max))
        .map(|(org, max)| t_with("options_lifetime_limit", &[org.as_str(), &max.to_string()]))
        .collect();
    if let Some(note) = by_id(doc, "lifetime-note") {
        note.set_text_content(Some(&notes.join(" ")));
        note.set_hidden(notes.is_empty());
    }

    // The live preview of a token name.
    let preview = match NameTemplate::parse(&d.name_template) {
        Ok(template) => {
            let sample = match &d.orgs {
                OrgsDraft::Only(list) => list.iter().find_map(|o| OrgName::parse(o.trim())),
                OrgsDraft::All => None,
            }
            .or_else(|| state.settings.known.orgs.first().map(|k| k.name.clone()))
            .or_else(|| OrgName::parse(&t("options_template_sample_org")));
            match sample {
                Some(org) => {
                    let name = template.render(&NameContext {
                        preset: d.name.trim(),
                        org: &org,
                        now: now(),
                    });
                    t_with("options_template_preview", &[&name, org.as_str()])
                }
                None => String::new(),
            }
        }
        Err(_) => t("options_template_preview_none"),
    };
    set_text(doc, "template-preview", &preview);

    // Problems next to their fields.
    let shown: &[PresetProblem] = if ed.show_problems { &ed.problems } else { &[] };
    for field in [
        PresetField::Name,
        PresetField::Scopes,
        PresetField::LifetimeDays,
        PresetField::NameTemplate,
        PresetField::Orgs,
        PresetField::Preset,
    ] {
        let texts: Vec<String> = shown
            .iter()
            .filter(|p| {
                p.field == field || (field == PresetField::Preset && p.field == PresetField::Id)
            })
            .map(words::problem)
            .collect();
        if let Some(slot) = by_id(doc, problem_id(field)) {
            slot.set_text_content(Some(&texts.join(" ")));
            slot.set_hidden(texts.is_empty());
        }
        // A problem of the preset as a whole has no control of its own.
        let own_control = field != PresetField::Preset;
        if let Some(control) = doc
            .get_element_by_id(control_id(field))
            .filter(|_| own_control)
        {
            if texts.is_empty() {
                control.remove_attribute("aria-invalid")?;
            } else {
                control.set_attribute("aria-invalid", "true")?;
            }
        }
    }
    drop(state);
    render_status(app);
    Ok(())
}

fn render_status(app: &AppRef) {
    let Some((text, class)) = with_editor(app, |ed| match &ed.status {
        SaveStatus::New => (t("options_status_new"), "save-status"),
        SaveStatus::Pending => (t("options_status_pending"), "save-status"),
        SaveStatus::Saving => (t("options_status_saving"), "save-status"),
        SaveStatus::Saved => (t("options_status_saved"), "save-status ok"),
        SaveStatus::Invalid => (t("options_status_invalid"), "save-status error"),
        SaveStatus::Failed(why) => (t_with("options_status_failed", &[why]), "save-status error"),
    }) else {
        return;
    };
    if let Some(e) = by_id(&app.doc, "editor-status") {
        e.set_class_name(class);
        e.set_text_content(Some(&text));
    }
}

// Changes -----------------------------------------------------------------------------------

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

fn url_parts(text: &str) -> Option<UrlParts> {
    let url = web_sys::Url::new(text).ok()?;
    Some(UrlParts {
        scheme: url.protocol(),
        host: url.hostname(),
        path: url.pathname(),
    })
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

/// Writes the draft to `storage.local` (it holds no secret).
fn keep_local(app: &AppRef) {
    let Some(stored) = with_editor(app, |ed| StoredDraft::of(ed)) else {
        return;
    };
    spawn(async move {
        if let Err(e) = record::save(&STORE, Area::Local, DRAFT_KEY, &stored).await {
            super::log_error(&wasm_bindgen::JsValue::from_str(&e.to_string()));
        }
        Ok(())
    });
}

async fn forget_local() {
    let _ = STORE.remove(Area::Local, vec![DRAFT_KEY.to_owned()]).await;
}

/// How a save attempt treats a draft with problems.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reveal {
    /// Show the problems next to their fields (Done, a second of quiet).
    Problems,
    /// Leave the page as it is: a blur on the way to a click must not move what is clicked.
    Quietly,
}

/// Saves the draft to `storage.sync` if it validates and differs from what is stored.
/// True when what is stored now equals the draft.
async fn flush(app: &AppRef, reveal: Reveal) -> Res<bool> {
    let Some((draft, generation)) = with_editor(app, |ed| (ed.draft.clone(), ed.generation)) else {
        return Ok(true);
    };
    let preset = match validate(app, &draft) {
        Ok(preset) => preset,
        Err(_) if reveal == Reveal::Quietly => return Ok(false),
        Err(problems) => {
            with_editor(app, |ed| {
                ed.problems = problems;
                ed.show_problems = true;
                ed.status = SaveStatus::Invalid;
            });
            refresh(app)?;
            return Ok(false);
        }
    };
    let stored = app.state.borrow().presets.iter().any(|p| p == &preset);
    if !stored {
        with_editor(app, |ed| ed.status = SaveStatus::Saving);
        render_status(app);
        if let Err(e) = save_preset(&STORE, &preset, now()).await {
            let why = words::save_error(&e);
            with_editor(app, |ed| ed.status = SaveStatus::Failed(why));
            render_status(app);
            return Ok(false);
        }
        list::remember(app, &preset);
    }
    let unchanged = with_editor(app, |ed| {
        if ed.generation == generation {
            ed.status = SaveStatus::Saved;
            ed.problems.clear();
            true
        } else {
            false
        }
    })
    .unwrap_or(false);
    if unchanged {
        forget_local().await;
    }
    render_status(app);
    refresh(app)?;
    Ok(unchanged)
}

/// A text field lost focus: save now rather than after the quiet second.
pub fn on_focusout(app: &AppRef, target: &Element, event: &Event) -> Res<()> {
    let text_field = matches!(target.id().as_str(), "f-name" | "f-lifetime" | "f-template");
    let leaving_editor = event
        .dyn_ref::<FocusEvent>()
        .and_then(|f| f.related_target())
        .and_then(|r| r.dyn_into::<Element>().ok())
        .is_none_or(|r| r.closest("#editor").ok().flatten().is_none());
    let inside = target.closest("#editor")?.is_some();
    let pending = with_editor(app, |ed| ed.status == SaveStatus::Pending).unwrap_or(false);
    if inside && pending && (text_field || leaving_editor) {
        let app = app.clone();
        spawn(async move { flush(&app, Reveal::Quietly).await.map(|_| ()) });
    }
    Ok(())
}

async fn done(app: &AppRef) -> Res<()> {
    if flush(app, Reveal::Problems).await? {
        forget_local().await;
        let id = with_editor(app, |ed| ed.draft.id.clone()).unwrap_or_default();
        app.state.borrow_mut().view = PresetsView::List;
        list::render(app)?;
        focus(&app.doc, &format!("edit-{id}"));
        return Ok(());
    }
    // Take the person to the first problem.
    let first = with_editor(app, |ed| {
        FIELD_ORDER
            .into_iter()
            .find(|f| ed.problems.iter().any(|p| p.field == *f))
    })
    .flatten();
    match first {
        Some(field) => focus(&app.doc, control_id(field)),
        None => focus(&app.doc, "editor-status"),
    }
    Ok(())
}

async fn discard(app: &AppRef) -> Res<()> {
    let Some((id, original)) = with_editor(app, |ed| (ed.draft.id.clone(), ed.original.clone()))
    else {
        return Ok(());
    };
    // Nothing may save the abandoned draft from here on.
    with_editor(app, |ed| ed.generation += 1);
    let stored = app
        .state
        .borrow()
        .presets
        .iter()
        .find(|p| p.id().as_str() == id)
        .cloned();
    let result = match (&original, &stored) {
        (Some(o), Some(s)) if o != s => save_preset(&STORE, o, now())
            .await
            .map(|()| list::remember(app, o))
            .map_err(|e| words::save_error(&e)),
        (Some(o), None) => save_preset(&STORE, o, now())
            .await
            .map(|()| list::remember(app, o))
            .map_err(|e| words::save_error(&e)),
        (None, Some(s)) => {
            let sid = s.id().clone();
            match delete_preset(&STORE, &sid, now()).await {
                Ok(()) => {
                    app.state.borrow_mut().presets.retain(|p| p.id() != &sid);
                    Ok(())
                }
                Err(e) => Err(words::store_error(&e)),
            }
        }
        _ => Ok(()),
    };
    if let Err(why) = result {
        with_editor(app, |ed| ed.status = SaveStatus::Failed(why));
        render_status(app);
        return Ok(());
    }
    forget_local().await;
    app.state.borrow_mut().view = PresetsView::List;
    list::render(app)?;
    if original.is_some() {
        focus(&app.doc, &format!("edit-{id}"));
    } else {
        focus(&app.doc, "new-preset");
    }
    Ok(())
}
