//! The presets list: name, scopes, lifetime and organizations of each preset, in the order the
//! popup shows them; add (blank or from a recipe), edit, duplicate, delete with undo, reorder.

use super::html::{Res, Ui, E};
use super::{
    after, editor, now, spawn, transfer, words, Action, AppRef, Notice, PresetsView, STORE,
};
use crate::browser::ext::{t, t_with};
use crate::core::preset::{OrgScope, Preset, PresetDraft, PresetId, MAX_NAME_CHARS};
use crate::core::preset_store::{delete_preset, load_presets, save_order, save_preset};
use crate::core::recipes::{recipe, RECIPES};
use crate::core::scopes::summary::check_privilege;

/// How long "Undo" stays offered after a delete.
const UNDO_MS: i32 = 8_000;

/// A deleted preset that "Undo" can bring back where it was.
pub struct Undo {
    pub preset: Preset,
    pub order: Vec<PresetId>,
    pub generation: u32,
}

pub async fn load(app: &AppRef) -> Res<()> {
    match load_presets(&STORE, now()).await {
        Ok(list) => {
            let mut state = app.state.borrow_mut();
            state.presets = list.presets;
            if !list.unreadable.is_empty() {
                state.list_notice = Notice::error(t_with(
                    "options_presets_unreadable",
                    &[&list.unreadable.len().to_string()],
                ));
            }
        }
        Err(e) => {
            app.state.borrow_mut().list_notice = Notice::error(words::store_error(&e));
        }
    }
    render(app)
}

/// Renders the presets section for the current view (list, recipes, or the editor).
pub fn render(app: &AppRef) -> Res<()> {
    let editing = matches!(app.state.borrow().view, PresetsView::Editing(_));
    if editing {
        return editor::render(app);
    }
    let ui = app.ui("list");
    let body = ui.e("div")?.class("presets");
    let body = body.child(toolbar(&ui)?);
    let adding = matches!(app.state.borrow().view, PresetsView::Adding);
    let body = body.child_if(adding, || recipes_panel(&ui))?;
    let body = body.child(ui.e("div")?.id("import-area"));
    let body = body.child(notice_bar(app, &ui)?);
    let body = body.child(rows(app, &ui)?);
    super::html::replace(&app.doc, "presets-body", body)?;
    transfer::render(app)?;
    Ok(())
}

fn toolbar(ui: &Ui<'_>) -> Res<E> {
    Ok(ui
        .e("div")?
        .class("toolbar")
        .attr("role", "toolbar")
        .attr("aria-label", &t("options_presets_toolbar"))
        .child(
            ui.button("btn primary", &t("options_new_preset"), Action::AddOpen)?
                .id("new-preset"),
        )
        .child(ui.e("span")?.class("spacer"))
        .child(
            ui.button("btn", &t("options_import"), Action::ImportPick)?
                .id("import-pick"),
        )
        .child(
            ui.input("file", "import-file")?
                .attr("accept", ".json,application/json")
                .attr("aria-label", &t("options_import_file_label"))
                .attr("tabindex", "-1")
                .class("file-input")
                .on(ui, Action::ImportFile),
        )
        .child(
            ui.button("btn", &t("options_export"), Action::Export)?
                .id("export"),
        ))
}

fn recipes_panel(ui: &Ui<'_>) -> Res<E> {
    let mut items = Vec::new();
    for r in RECIPES.iter() {
        let scopes = crate::core::token::Scopes::from_ids(r.scopes.iter());
        let detail = format!(
            "{} · {}",
            words::scope_summary(&scopes),
            words::days(u32::from(r.lifetime_days))
        );
        let button = ui
            .e("button")?
            .attr("type", "button")
            .class("recipe")
            .on(ui, Action::AddRecipe(r.id))
            .child(ui.t("span", "recipe-name", &t(r.name_key))?)
            .child(ui.t("span", "recipe-purpose", &t(r.purpose_key))?)
            .child(ui.t("span", "recipe-scopes", &detail)?);
        let button = match r.note {
            Some(note) => button.child(ui.t("span", "recipe-note", &t(note.message_key()))?),
            None => button,
        };
        items.push(ui.e("li")?.child(button));
    }
    items.push(
        ui.e("li")?.child(
            ui.e("button")?
                .attr("type", "button")
                .class("recipe blank")
                .on(ui, Action::AddBlank)
                .child(ui.t("span", "recipe-name", &t("options_blank_preset"))?)
                .child(ui.t("span", "recipe-purpose", &t("options_blank_purpose"))?),
        ),
    );
    Ok(ui
        .e("section")?
        .class("panel")
        .id("add-panel")
        .attr("aria-labelledby", "add-title")
        .child(
            ui.t("h3", "panel-title", &t("options_add_title"))?
                .id("add-title"),
        )
        .child(ui.t("p", "muted", &t("options_add_hint"))?)
        .child(ui.e("ul")?.class("recipes").children(items))
        .child(ui.e("div")?.class("panel-actions").child(ui.button(
            "btn",
            &t("options_cancel"),
            Action::AddCancel,
        )?)))
}

fn notice_bar(app: &AppRef, ui: &Ui<'_>) -> Res<E> {
    let state = app.state.borrow();
    let bar = ui
        .e("div")?
        .id("list-status")
        .class("status-line")
        .attr("role", "status")
        .attr("aria-live", "polite");
    if let Some(undo) = &state.undo {
        return Ok(bar.class("status-line undo").child(
            ui.e("p")?
                .text(&t_with("options_deleted", &[undo.preset.name()]))
                .child(
                    ui.button("btn link", &t("options_undo"), Action::Undo)?
                        .id("undo"),
                ),
        ));
    }
    Ok(match &state.list_notice {
        Some(notice) => bar
            .class(if notice.error {
                "status-line error"
            } else {
                "status-line ok"
            })
            .child(ui.t("p", "", &notice.text)?),
        None => bar,
    })
}

/// "All organizations" or "contoso, fabrikam".
pub fn orgs_text(orgs: &OrgScope) -> String {
    match orgs {
        OrgScope::All => t("options_orgs_all"),
        OrgScope::Only(list) => list
            .iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn rows(app: &AppRef, ui: &Ui<'_>) -> Res<E> {
    let state = app.state.borrow();
    if state.presets.is_empty() {
        return Ok(ui
            .e("div")?
            .class("empty")
            .child(ui.t("p", "", &t("options_no_presets"))?));
    }
    let count = state.presets.len();
    let mut items = Vec::new();
    for (i, p) in state.presets.iter().enumerate() {
        let id = p.id().as_str();
        let title_id = format!("preset-{id}-name");
        let privilege = check_privilege(p.scopes());
        // The badge sits beside the heading, not in it: the heading names the row.
        let name = ui
            .e("div")?
            .class("preset-title")
            .child(ui.t("h3", "preset-name", p.name())?.id(&title_id))
            .child_if(privilege.is_elevated(), || {
                ui.t("span", "badge warn", &t("options_high_privilege"))
            })?;
        let meta = format!(
            "{} · {}",
            words::days(u32::from(p.lifetime_days())),
            orgs_text(p.orgs())
        );
        let main = ui
            .e("div")?
            .class("preset-main")
            .child(name)
            .child(ui.t("p", "preset-scopes", &words::scope_summary(p.scopes()))?)
            .child(ui.t("p", "preset-meta", &meta)?);
        let arrows = ui
            .e("div")?
            .class("move")
            .child(
                ui.button("btn icon", "↑", Action::Move(p.id().clone(), -1))?
                    .attr("aria-label", &t_with("options_move_up", &[p.name()]))
                    .attr("title", &t_with("options_move_up", &[p.name()]))
                    .id(&format!("up-{id}"))
                    .attr_if(i == 0, "disabled", ""),
            )
            .child(
                ui.button("btn icon", "↓", Action::Move(p.id().clone(), 1))?
                    .attr("aria-label", &t_with("options_move_down", &[p.name()]))
                    .attr("title", &t_with("options_move_down", &[p.name()]))
                    .id(&format!("down-{id}"))
                    .attr_if(i + 1 == count, "disabled", ""),
            );
        let actions = ui
            .e("div")?
            .class("preset-actions")
            .child(arrows)
            .child(
                ui.button("btn", &t("options_edit"), Action::Edit(p.id().clone()))?
                    .id(&format!("edit-{id}"))
                    .attr("aria-describedby", &title_id),
            )
            .child(
                ui.button(
                    "btn",
                    &t("options_duplicate"),
                    Action::Duplicate(p.id().clone()),
                )?
                .attr("aria-describedby", &title_id),
            )
            .child(
                ui.button(
                    "btn danger",
                    &t("options_delete"),
                    Action::Delete(p.id().clone()),
                )?
                .attr("aria-describedby", &title_id),
            );
        items.push(
            ui.e("li")?
                .class("preset-row")
                .id(&format!("row-{id}"))
                .attr("aria-labelledby", &title_id)
                .child(main)
                .child(actions),
        );
    }
    Ok(ui
        .e("ul")?
        .class("preset-list")
        .id("preset-list")
        .attr("aria-label", &t("options_presets_list"))
        .children(items))
}

pub fn act(app: &AppRef, action: Action) -> Res<()> {
    match action {
        Action::AddOpen => {
            app.state.borrow_mut().view = PresetsView::Adding;
            render(app)?;
            if let Some(first) = app
                .doc
                .query_selector("#add-panel button.recipe")?
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                first.focus()?;
            }
            Ok(())
        }
        Action::AddCancel => {
            app.state.borrow_mut().view = PresetsView::List;
            render(app)?;
            super::html::focus(&app.doc, "new-preset");
            Ok(())
        }
        Action::AddBlank => {
            let id = fresh_id(app);
            editor::open(app, PresetDraft::blank(id), None)
        }
        Action::AddRecipe(recipe_id) => {
            let id = fresh_id(app);
            let name = unique_name(app, &t(recipe(recipe_id).name_key));
            editor::open(app, recipe(recipe_id).draft(id, &name), None)
        }
        Action::Edit(id) => {
            let preset = app
                .state
                .borrow()
                .presets
                .iter()
                .find(|p| p.id() == &id)
                .cloned();
            match preset {
                Some(p) => editor::open(app, p.to_draft(), Some(p)),
                None => Ok(()),
            }
        }
        Action::Duplicate(id) => {
            let app = app.clone();
            spawn(async move { duplicate(&app, id).await });
            Ok(())
        }
        Action::Delete(id) => {
            let app = app.clone();
            spawn(async move { delete(&app, id).await });
            Ok(())
        }
        Action::Move(id, by) => {
            let app = app.clone();
            spawn(async move { move_preset(&app, id, by).await });
            Ok(())
        }
        Action::Undo => {
            let app = app.clone();
            spawn(async move { undo(&app).await });
            Ok(())
        }
        _ => Ok(()),
    }
}

fn fresh_id(app: &AppRef) -> PresetId {
    let taken: Vec<PresetId> = app
        .state
        .borrow()
        .presets
        .iter()
        .map(|p| p.id().clone())
        .collect();
    PresetId::fresh(now(), &taken)
}

/// `name`, or "name (2)", "name (3)"… when another preset already has it.
fn unique_name(app: &AppRef, name: &str) -> String {
    let state = app.state.borrow();
    let taken = |candidate: &str| {
        state
            .presets
            .iter()
            .any(|p| p.name().trim().to_lowercase() == candidate.trim().to_lowercase())
    };
    if !taken(name) {
        return name.to_owned();
    }
    (2..100)
        .map(|n| t_with("options_numbered_name", &[name, &n.to_string()]))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

fn ids(presets: &[Preset]) -> Vec<PresetId> {
    presets.iter().map(|p| p.id().clone()).collect()
}

async fn duplicate(app: &AppRef, id: PresetId) -> Res<()> {
    let Some(original) = app
        .state
        .borrow()
        .presets
        .iter()
        .find(|p| p.id() == &id)
        .cloned()
    else {
        return Ok(());
    };
    let copy_name: String = t_with("options_copy_name", &[original.name()])
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    let mut draft = original.to_draft();
    draft.id = fresh_id(app).as_str().to_owned();
    draft.name = unique_name(app, &copy_name);
    let Ok(copy) = draft.validate() else {
        return Ok(());
    };
    if let Err(e) = save_preset(&STORE, &copy, now()).await {
        app.state.borrow_mut().list_notice = Notice::error(words::save_error(&e));
        return render(app);
    }
    // Right after the original, where a person looks for it.
    let order = {
        let mut state = app.state.borrow_mut();
        let at = state
            .presets
            .iter()
            .position(|p| p.id() == &id)
            .map_or(state.presets.len(), |i| i + 1);
        state.presets.insert(at, copy.clone());
        state.list_notice = Notice::ok(t_with("options_duplicated", &[copy.name()]));
        state.undo = None;
        ids(&state.presets)
    };
    if let Err(e) = save_order(&STORE, &order).await {
        app.state.borrow_mut().list_notice = Notice::error(words::store_error(&e));
    }
    render(app)?;
    super::html::focus(&app.doc, &format!("edit-{}", copy.id()));
    Ok(())
}

async fn delete(app: &AppRef, id: PresetId) -> Res<()> {
    let (preset, order) = {
        let state = app.state.borrow();
        let Some(preset) = state.presets.iter().find(|p| p.id() == &id).cloned() else {
            return Ok(());
        };
        (preset, ids(&state.presets))
    };
    if let Err(e) = delete_preset(&STORE, &id, now()).await {
        app.state.borrow_mut().list_notice = Notice::error(words::store_error(&e));
        return render(app);
    }
    let generation = {
        let mut state = app.state.borrow_mut();
        state.presets.retain(|p| p.id() != &id);
        state.generation += 1;
        state.undo = Some(Undo {
            preset,
            order,
            generation: state.generation,
        });
        state.list_notice = None;
        state.generation
    };
    render(app)?;
    // Focus stays in the list: on Undo, where a person reaches for it.
    super::html::focus(&app.doc, "undo");
    let later = app.clone();
    after(UNDO_MS, move || {
        let expired = matches!(&later.state.borrow().undo, Some(u) if u.generation == generation);
        if expired {
            later.state.borrow_mut().undo = None;
            let focused_undo = later.doc.active_element().is_some_and(|e| e.id() == "undo");
            let _ = render(&later);
            if focused_undo {
                super::html::focus(&later.doc, "new-preset");
            }
        }
    });
    Ok(())
}

async fn undo(app: &AppRef) -> Res<()> {
    let Some(undo) = app.state.borrow_mut().undo.take() else {
        return Ok(());
    };
    let result = async {
        save_preset(&STORE, &undo.preset, now())
            .await
            .map_err(|e| words::save_error(&e))?;
        save_order(&STORE, &undo.order)
            .await
            .map_err(|e| words::store_error(&e))
    }
    .await;
    {
        let mut state = app.state.borrow_mut();
        match result {
            Ok(()) => {
                let at = undo
                    .order
                    .iter()
                    .position(|id| id == undo.preset.id())
                    .unwrap_or(state.presets.len())
                    .min(state.presets.len());
                state.presets.insert(at, undo.preset.clone());
                state.list_notice = Notice::ok(t_with("options_restored", &[undo.preset.name()]));
            }
            Err(text) => state.list_notice = Notice::error(text),
        }
    }
    render(app)?;
    super::html::focus(&app.doc, &format!("edit-{}", undo.preset.id()));
    Ok(())
}

async fn move_preset(app: &AppRef, id: PresetId, by: isize) -> Res<()> {
    let order = {
        let mut state = app.state.borrow_mut();
        let Some(from) = state.presets.iter().position(|p| p.id() == &id) else {
            return Ok(());
        };
        let to = from.saturating_add_signed(by).min(state.presets.len() - 1);
        if to == from {
            return Ok(());
        }
        let preset = state.presets.remove(from);
        state.presets.insert(to, preset);
        state.list_notice = None;
        ids(&state.presets)
    };
    if let Err(e) = save_order(&STORE, &order).await {
        app.state.borrow_mut().list_notice = Notice::error(words::store_error(&e));
    }
    // Keep the focus on the arrow that was used (or its twin, at the ends).
    let focused = app.doc.active_element().map(|e| e.id()).unwrap_or_default();
    render(app)?;
    let again = if by < 0 {
        format!("up-{id}")
    } else {
        format!("down-{id}")
    };
    let twin = if by < 0 {
        format!("down-{id}")
    } else {
        format!("up-{id}")
    };
    let disabled = app
        .doc
        .get_element_by_id(&again)
        .is_some_and(|e| e.has_attribute("disabled"));
    let target = if disabled { twin } else { again };
    if !focused.is_empty() {
        super::html::focus(&app.doc, &target);
    }
    Ok(())
}

/// Replaces or adds `preset` in the page's list after a save (keeps the order).
pub fn remember(app: &AppRef, preset: &Preset) {
    let mut state = app.state.borrow_mut();
    match state.presets.iter_mut().find(|p| p.id() == preset.id()) {
        Some(existing) => *existing = preset.clone(),
        None => state.presets.push(preset.clone()),
    }
}

/// Reloads the list from storage (after an import).
pub async fn reload(app: &AppRef) -> Res<()> {
    if let Ok(list) = load_presets(&STORE, now()).await {
        app.state.borrow_mut().presets = list.presets;
    }
    render(app)
}

/// The stored presets changed: once the writes settle, show what is stored, keeping the focus
/// where it was. The editor and the recipe choice are left alone (the editor's own saves land
/// here too).
pub fn stored_changed(app: &AppRef) {
    let change = {
        let mut state = app.state.borrow_mut();
        state.stored_changes += 1;
        state.stored_changes
    };
    let later = app.clone();
    after(300, move || {
        let settled = later.state.borrow().stored_changes == change;
        let listing = matches!(later.state.borrow().view, PresetsView::List);
        if settled && listing {
            let app = later.clone();
            spawn(async move {
                let focused = app.doc.active_element().map(|e| e.id()).unwrap_or_default();
                reload(&app).await?;
                if !focused.is_empty() {
                    super::html::focus(&app.doc, &focused);
                }
                Ok(())
            });
        }
    });
}
