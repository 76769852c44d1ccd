//! The scope picker, grouped like Azure DevOps' token page: groups in the catalog's order; in
//! each group the levels that include one another as one radio choice (None / Read /
//! Read & write / …) and the independent levels as checkboxes; every level with its `vso.*` id
//! and, when Microsoft marks it so, "High privilege". A search box finds scopes by label,
//! group, id, official name, description or keyword (the core's `search`).
//!
//! The controls are built once per editor ([`build`]); [`refresh`] then sets what is checked,
//! shown and noted from the draft, so focus and caret stay where the person left them.

use super::editor::Editor;
use super::html::{by_id, safe_id, set_text, Res, Ui, E};
use super::{Action, AppRef, PresetsView};
use crate::browser::ext::{t, t_with};
use crate::core::scopes::picker::{picker_groups, search, PickerGroup};
use crate::core::scopes::{catalog, InUi, ScopeInfo, FULL_ACCESS};
use crate::core::token::Scopes;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;

/// The groups the picker offers, with their index in `picker_groups()` (full access is the
/// separate "Full access" choice).
pub fn groups() -> Vec<(usize, PickerGroup<'static>)> {
    picker_groups()
        .into_iter()
        .enumerate()
        .filter(|(_, g)| {
            !g.ladder
                .iter()
                .chain(g.independent.iter())
                .any(|s| s.id == FULL_ACCESS)
        })
        .collect()
}

fn levels<'g>(group: &'g PickerGroup<'static>) -> impl Iterator<Item = &'static ScopeInfo> + 'g {
    group.ladder.iter().chain(group.independent.iter()).copied()
}

/// Shown before "Show all scopes": groups with a level the token page is known to offer.
fn is_common(group: &PickerGroup<'static>) -> bool {
    levels(group).any(|s| s.in_ui == InUi::Yes)
}

/// Levels Microsoft no longer offers are left out, unless the preset already holds them.
fn offered(scope: &ScopeInfo, held: &[String]) -> bool {
    scope.in_ui != InUi::No || held.contains(&scope.id)
}

fn level_label(ui: &Ui<'_>, scope: &ScopeInfo, input: E) -> Res<E> {
    let label = ui
        .e("label")?
        .class("level")
        .id(&safe_id("lbl", &scope.id))
        .child(input)
        .child(ui.t("span", "level-label", &scope.label)?)
        .child(ui.t("code", "scope-id", &scope.id)?);
    if scope.high_privilege {
        Ok(label.child(high_privilege_mark(ui)?))
    } else {
        Ok(label)
    }
}

/// A compact "High privilege" mark: an icon, its words for screen readers and as a tooltip.
fn high_privilege_mark(ui: &Ui<'_>) -> Res<E> {
    let words = t("options_high_privilege");
    Ok(ui
        .e("span")?
        .class("hp")
        .attr("title", &words)
        .child(ui.t("span", "", "⚠")?.attr("aria-hidden", "true"))
        .child(ui.t("span", "visually-hidden", &words)?))
}

/// The search box, the selection summary and every group's controls.
pub fn build(ui: &Ui<'_>, held: &[String]) -> Res<E> {
    let tools = ui
        .e("div")?
        .class("picker-tools")
        .child(
            ui.label("scope-search", &t("options_scope_search"))?
                .class("visually-hidden"),
        )
        .child(
            ui.input("search", "scope-search")?
                .class("text search")
                .attr("placeholder", &t("options_scope_search_placeholder"))
                .attr("aria-controls", "scope-groups")
                .attr("aria-describedby", "scope-count")
                .attr("autocomplete", "off")
                .attr("spellcheck", "false")
                .on(ui, Action::Search),
        )
        .child(
            ui.e("span")?
                .id("scope-count")
                .class("muted small")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        );
    let mut fieldsets = Vec::new();
    for (gi, group) in groups() {
        let shown: Vec<&ScopeInfo> = levels(&group).filter(|s| offered(s, held)).collect();
        if shown.is_empty() {
            continue;
        }
        let mut controls = Vec::new();
        let mut extras = Vec::new();
        if !group.ladder.is_empty() {
            let name = format!("rung-{gi}");
            let none_id = format!("rung-{gi}-none");
            controls.push(
                ui.e("label")?
                    .class("level")
                    .child(
                        ui.input("radio", &none_id)?
                            .attr("name", &name)
                            .value("")
                            .on(ui, Action::Rung(gi)),
                    )
                    .child(ui.t("span", "level-label", &t("options_scope_none"))?),
            );
            for s in group.ladder.iter().filter(|s| offered(s, held)) {
                let input = ui
                    .input("radio", &safe_id("lvl", &s.id))?
                    .attr("name", &name)
                    .value(&s.id)
                    .on(ui, Action::Rung(gi));
                controls.push(level_label(ui, s, input)?);
            }
        }
        for s in group.independent.iter().filter(|s| offered(s, held)) {
            let input = ui
                .input("checkbox", &safe_id("lvl", &s.id))?
                .value(&s.id)
                .on(ui, Action::Level(s.id.clone()));
            extras.push(level_label(ui, s, input)?);
        }
        // Independent levels start their own row when the group also has a ladder.
        let rows = if controls.is_empty() {
            vec![ui.e("div")?.class("levels").children(extras)]
        } else if extras.is_empty() {
            vec![ui.e("div")?.class("levels").children(controls)]
        } else {
            vec![
                ui.e("div")?.class("levels").children(controls),
                ui.e("div")?.class("levels extra").children(extras),
            ]
        };
        fieldsets.push(
            ui.e("fieldset")?
                .class("scope-group")
                .id(&format!("group-{gi}"))
                .child(ui.t("legend", "group-name", group.name)?)
                .children(rows)
                .child(
                    ui.e("p")?
                        .class("group-note")
                        .id(&format!("group-{gi}-note"))
                        .hidden(true),
                )
                .child(
                    ui.e("ul")?
                        .class("group-matches")
                        .id(&format!("group-{gi}-matches"))
                        .hidden(true),
                ),
        );
    }
    Ok(ui
        .e("div")?
        .class("picker")
        .id("picker")
        .child(tools)
        .child(
            ui.e("div")?
                .class("selected-row")
                .child(
                    ui.e("p")?
                        .class("selected-summary")
                        .id("scope-selected")
                        .attr("aria-live", "polite"),
                )
                .child(
                    ui.e("p")?
                        .class("hp-key muted small")
                        .attr("aria-hidden", "true")
                        .child(ui.t("span", "hp", "⚠")?)
                        .child(ui.t("span", "", &t("options_high_privilege"))?),
                ),
        )
        .child(
            ui.e("div")?
                .class("scope-groups")
                .id("scope-groups")
                .children(fieldsets),
        )
        .child(
            ui.button("btn link", &t("options_scope_show_all"), Action::ShowAll)?
                .id("scope-show-all")
                .attr("aria-controls", "scope-groups"),
        ))
}

fn set_checked(app: &AppRef, id: &str, checked: bool) {
    if let Some(input) = app
        .doc
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
    {
        input.set_checked(checked);
    }
}

/// Sets the controls from the draft: what is checked, which groups show, notes and matches.
pub fn refresh(app: &AppRef) -> Res<()> {
    let state = app.state.borrow();
    let PresetsView::Editing(ed) = &state.view else {
        return Ok(());
    };
    let ed: &Editor = ed;
    let scopes = Scopes::from_ids(&ed.draft.scopes);
    let held = scopes.ids();
    let query = ed.query.trim();
    let matches: Option<Vec<&'static str>> =
        (!query.is_empty()).then(|| search(query).iter().map(|s| s.id.as_str()).collect());
    let catalog = catalog();
    let mut shown_groups = 0;
    for (gi, group) in groups() {
        let Some(fieldset) = by_id(&app.doc, &format!("group-{gi}")) else {
            continue;
        };
        let shown: Vec<&ScopeInfo> = levels(&group).filter(|s| offered(s, held)).collect();
        let matched: Vec<&ScopeInfo> = match &matches {
            Some(m) => shown
                .iter()
                .copied()
                .filter(|s| m.contains(&s.id.as_str()))
                .collect(),
            None => Vec::new(),
        };
        let visible = match &matches {
            Some(_) => !matched.is_empty(),
            None => ed.show_all || is_common(&group) || shown.iter().any(|s| held.contains(&s.id)),
        };
        fieldset.set_hidden(!visible);
        if visible {
            shown_groups += 1;
        }

        if !group.ladder.is_empty() {
            match group.selected_rung(&scopes) {
                Some(rung) => set_checked(app, &safe_id("lvl", &rung.id), true),
                None => set_checked(app, &format!("rung-{gi}-none"), true),
            }
        }
        for s in &group.independent {
            set_checked(app, &safe_id("lvl", &s.id), held.contains(&s.id));
        }
        for s in &shown {
            if let Some(label) = app.doc.get_element_by_id(&safe_id("lbl", &s.id)) {
                let _ = label
                    .class_list()
                    .toggle_with_force("match", matched.iter().any(|m| m.id == s.id));
            }
        }

        // What a chosen level grants within the group beyond what is ticked.
        let rung_position = group
            .selected_rung(&scopes)
            .and_then(|r| group.ladder.iter().position(|s| s.id == r.id));
        let notes: Vec<String> = shown
            .iter()
            .filter(|level| !held.contains(&level.id))
            .filter(|level| {
                let on_ladder = group.ladder.iter().position(|s| s.id == level.id);
                !matches!((on_ladder, rung_position), (Some(p), Some(r)) if p <= r)
            })
            .filter_map(|level| {
                let by: Vec<&str> = shown
                    .iter()
                    .filter(|holder| held.contains(&holder.id))
                    .filter(|holder| catalog.implies(&holder.id, &level.id))
                    .map(|holder| holder.label.as_str())
                    .collect();
                (!by.is_empty()).then(|| {
                    t_with(
                        "options_scope_included",
                        &[&level.label, &level.id, &by.join(", ")],
                    )
                })
            })
            .collect();
        if let Some(note) = by_id(&app.doc, &format!("group-{gi}-note")) {
            note.set_text_content(Some(&notes.join(" ")));
            note.set_hidden(notes.is_empty());
        }

        if let Some(list) = by_id(&app.doc, &format!("group-{gi}-matches")) {
            list.set_text_content(None);
            let ui = Ui::extend(&app.doc, &app.actions, "picker");
            for s in &matched {
                let item = ui
                    .e("li")?
                    .child(ui.t("span", "level-label", &s.label)?)
                    .child(ui.t("code", "scope-id", &s.id)?)
                    .child(ui.t("span", "description", &s.description)?);
                list.append_child(&item.el())?;
            }
            list.set_hidden(matched.is_empty());
        }
    }

    let count = match &matches {
        Some(_) if shown_groups == 0 => t_with("options_scope_no_match", &[query]),
        Some(_) if shown_groups == 1 => t("options_scope_match_one"),
        Some(_) => t_with("options_scope_matches", &[&shown_groups.to_string()]),
        None => String::new(),
    };
    set_text(&app.doc, "scope-count", &count);
    if let Some(button) = by_id(&app.doc, "scope-show-all") {
        button.set_hidden(matches.is_some());
        button.set_text_content(Some(&t(if ed.show_all {
            "options_scope_show_fewer"
        } else {
            "options_scope_show_all"
        })));
        button.set_attribute("aria-expanded", if ed.show_all { "true" } else { "false" })?;
    }
    let summary = if scopes.is_empty() {
        t("options_scope_selected_none")
    } else {
        t_with(
            "options_scope_selected",
            &[&super::words::scope_summary(&scopes)],
        )
    };
    set_text(&app.doc, "scope-selected", &summary);
    Ok(())
}
