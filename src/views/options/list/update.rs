//! What the list's controls do, and what their storage results change. Opening the editor
//! (add, edit) is the page's decision (`options::update`).

use time::OffsetDateTime;

use super::model::{List, Undo, UNDO_MS};
use crate::core::preset::{Preset, PresetId, MAX_NAME_CHARS};
use crate::core::preset_store::SaveError;
use crate::core::recipes::{RecipeId, RECIPES};
use crate::ports::StoreError;
use crate::views::options::effect::{AfterDelete, AfterSave, Effect, Timer};
use crate::views::options::shared::{edit_button_id, fill, Names, Notice, NEW_PRESET_ID};
use crate::views::words::{self, Text};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// Show the recipes to start a new preset from.
    AddOpen,
    AddCancel,
    AddBlank,
    AddRecipe(RecipeId),
    Edit(PresetId),
    Duplicate(PresetId),
    Delete(PresetId),
    /// Move a preset up (-1) or down (+1).
    Move(PresetId, isize),
    Undo,
}

/// The id of the first recipe's button (focus goes there when the recipes open).
pub fn recipe_button_id(id: RecipeId) -> String {
    format!("recipe-{}", id.as_str())
}

fn ids(presets: &[Preset]) -> Vec<PresetId> {
    presets.iter().map(|p| p.id().clone()).collect()
}

/// An id no preset has.
pub fn fresh_id(presets: &[Preset], now: OffsetDateTime) -> PresetId {
    PresetId::fresh(now, &ids(presets))
}

/// `name`, or "name (2)", "name (3)"… when another preset already has it.
pub fn unique_name(presets: &[Preset], names: &Names, name: &str) -> String {
    let taken = |candidate: &str| {
        presets
            .iter()
            .any(|p| p.name().trim().to_lowercase() == candidate.trim().to_lowercase())
    };
    if !taken(name) {
        return name.to_owned();
    }
    (2..100)
        .map(|n| fill(&names.numbered, &[name, &n.to_string()]))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| name.to_owned())
}

pub fn update(
    list: &mut List,
    presets: &mut Vec<Preset>,
    names: &Names,
    msg: Msg,
    now: OffsetDateTime,
) -> Vec<Effect> {
    match msg {
        Msg::AddOpen => {
            list.adding = true;
            vec![Effect::Focus(recipe_button_id(RECIPES[0].id))]
        }
        Msg::AddCancel => {
            list.adding = false;
            vec![Effect::Focus(NEW_PRESET_ID.into())]
        }
        // The page opens the editor.
        Msg::AddBlank | Msg::AddRecipe(_) | Msg::Edit(_) => Vec::new(),
        Msg::Duplicate(id) => {
            let Some(original) = presets.iter().find(|p| p.id() == &id) else {
                return Vec::new();
            };
            let copy_name: String = fill(&names.copy, &[original.name()])
                .chars()
                .take(MAX_NAME_CHARS)
                .collect();
            let mut draft = original.to_draft();
            draft.id = fresh_id(presets, now).as_str().to_owned();
            draft.name = unique_name(presets, names, &copy_name);
            match draft.validate() {
                Ok(copy) => vec![Effect::SavePreset {
                    preset: copy,
                    then: AfterSave::Duplicate { of: id },
                }],
                Err(_) => Vec::new(),
            }
        }
        Msg::Delete(id) => {
            if presets.iter().any(|p| p.id() == &id) {
                vec![Effect::DeletePreset {
                    id,
                    then: AfterDelete::List,
                }]
            } else {
                Vec::new()
            }
        }
        Msg::Move(id, by) => {
            let Some(from) = presets.iter().position(|p| p.id() == &id) else {
                return Vec::new();
            };
            let to = from
                .saturating_add_signed(by)
                .min(presets.len().saturating_sub(1));
            if to == from {
                return Vec::new();
            }
            let preset = presets.remove(from);
            presets.insert(to, preset);
            list.notice = None;
            // Focus stays on the arrow that was used, or its twin at the ends.
            let at_end = (by < 0 && to == 0) || (by > 0 && to + 1 == presets.len());
            let up = (by < 0) != at_end;
            let arrow = format!("{}-{id}", if up { "up" } else { "down" });
            vec![Effect::SaveOrder(ids(presets)), Effect::Focus(arrow)]
        }
        Msg::Undo => match list.undo.take() {
            Some(undo) => vec![Effect::SavePreset {
                preset: undo.preset,
                then: AfterSave::Undo { order: undo.order },
            }],
            None => Vec::new(),
        },
    }
}

/// A duplicate or an undone delete was written (or not).
pub fn saved(
    list: &mut List,
    presets: &mut Vec<Preset>,
    preset: Preset,
    then: AfterSave,
    result: Result<(), SaveError>,
) -> Vec<Effect> {
    if let Err(e) = result {
        list.notice = Some(Notice::error(words::save_error(&e)));
        return Vec::new();
    }
    let focus = Effect::Focus(edit_button_id(preset.id()));
    match then {
        AfterSave::Duplicate { of } => {
            // Right after the original, where a person looks for it.
            let at = presets
                .iter()
                .position(|p| p.id() == &of)
                .map_or(presets.len(), |i| i + 1);
            list.notice = Some(Notice::ok(Text::with(
                "options_duplicated",
                [Text::plain(preset.name())],
            )));
            list.undo = None;
            presets.insert(at, preset);
            vec![Effect::SaveOrder(ids(presets)), focus]
        }
        AfterSave::Undo { order } => {
            let at = order
                .iter()
                .position(|id| id == preset.id())
                .unwrap_or(presets.len())
                .min(presets.len());
            list.notice = Some(Notice::ok(Text::with(
                "options_restored",
                [Text::plain(preset.name())],
            )));
            presets.insert(at, preset);
            vec![Effect::SaveOrder(order), focus]
        }
        AfterSave::Editor { .. } | AfterSave::Discard => Vec::new(),
    }
}

/// The list's Delete was done (or not): Undo is offered for a while.
pub fn deleted(
    list: &mut List,
    presets: &mut Vec<Preset>,
    id: PresetId,
    result: Result<(), StoreError>,
) -> Vec<Effect> {
    if let Err(e) = result {
        list.notice = Some(Notice::error(words::store_error(&e)));
        return Vec::new();
    }
    let order = ids(presets);
    let Some(at) = presets.iter().position(|p| p.id() == &id) else {
        return Vec::new();
    };
    let preset = presets.remove(at);
    list.generation += 1;
    list.undo = Some(Undo {
        preset,
        order,
        generation: list.generation,
    });
    list.notice = None;
    vec![
        // Focus stays in the list: on Undo, where a person reaches for it.
        Effect::Focus("undo".into()),
        Effect::After {
            ms: UNDO_MS,
            timer: Timer::UndoExpired {
                generation: list.generation,
            },
        },
    ]
}

pub fn order_saved(list: &mut List, result: Result<(), StoreError>) -> Vec<Effect> {
    if let Err(e) = result {
        list.notice = Some(Notice::error(words::store_error(&e)));
    }
    Vec::new()
}

/// Undo is no longer offered, unless a later delete offers it now.
pub fn undo_expired(list: &mut List, generation: u32) -> Vec<Effect> {
    match &list.undo {
        Some(u) if u.generation == generation => {
            list.undo = None;
            vec![Effect::FocusInstead {
                gone: "undo".into(),
                to: NEW_PRESET_ID.into(),
            }]
        }
        _ => Vec::new(),
    }
}
