//! The editor's fields, built once per editor; [`refresh`] then sets what follows from the
//! draft — problems next to their fields, the name preview, the lifetime note, the picker.

use super::{with_editor, Editor, SaveStatus};
use crate::browser::ext::{t, t_with};
use crate::core::org::OrgName;
use crate::core::preset::{
    OrgsDraft, PresetField, PresetProblem, MAX_LIFETIME_DAYS, MAX_NAME_CHARS, MIN_LIFETIME_DAYS,
};
use crate::core::scopes::FULL_ACCESS;
use crate::core::template::{NameContext, NameTemplate, MAX_TEMPLATE_CHARS};
use crate::views::options::html::{by_id, replace, set_text, Res, Ui, E};
use crate::views::options::{now, picker, words, Action, AppRef, PresetsView};

const QUICK_DAYS: [u16; 6] = [7, 30, 60, 90, 180, 365];
const PLACEHOLDERS: [&str; 4] = ["{preset}", "{org}", "{date}", "{time}"];

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
        // The editor has no "Copy as…" controls yet: their problems show with the preset's.
        PresetField::Id
        | PresetField::Preset
        | PresetField::CopyAs
        | PresetField::Feed
        | PresetField::Project => "p-preset",
    }
}

/// The control a field's problem is announced with (`aria-invalid`, focus on a failed Done).
pub(super) fn control_id(field: PresetField) -> &'static str {
    match field {
        PresetField::Name => "f-name",
        PresetField::Scopes => "f-mode-custom",
        PresetField::LifetimeDays => "f-lifetime",
        PresetField::NameTemplate => "f-template",
        PresetField::Orgs => "f-orgs-all",
        PresetField::Id
        | PresetField::Preset
        | PresetField::CopyAs
        | PresetField::Feed
        | PresetField::Project => "f-name",
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
pub(super) fn render_orgs(app: &AppRef) -> Res<()> {
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
            let id = crate::views::options::html::safe_id("org", name);
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

pub(super) fn render_status(app: &AppRef) {
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
