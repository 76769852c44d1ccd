//! The options page's one update: `update(&mut Model, Msg, now) -> Vec<Effect>`. It hands
//! each area its own messages and the results of its effects, and decides what crosses areas
//! (opening the editor from the list, reloading the list after an import, the diagnostics
//! after a change of the watched organizations).

use time::OffsetDateTime;

use super::diagnostics::update as diagnostics;
use super::editor::update as editor;
use super::effect::{AfterDelete, AfterLoad, AfterSave, AfterSyncRead, Effect, Items, Timer};
use super::list::update as list;
use super::model::{Model, Section, Start};
use super::settings::update as settings;
use super::shared::{Names, Notice};
use super::transfer::update as transfer;
use crate::core::org::OrgName;
use crate::core::preset::{Preset, PresetDraft, PresetId};
use crate::core::preset_store::{PresetList, SaveError};
use crate::core::recipes::recipe;
use crate::core::transfer::ApplyError;
use crate::engine::state::OrgState;
use crate::ports::StoreError;
use crate::protocol::{ErrorData, Request, Response};
use crate::views::words::{self, Text};

// One message at a time, handled at once: boxing the large results would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    // The person, by area.
    /// A nav link.
    Section(Section),
    List(list::Msg),
    Editor(editor::Msg),
    Transfer(transfer::Msg),
    Settings(settings::Msg),
    Diagnostics(diagnostics::Msg),

    // The browser.
    /// The address's `#section` changed.
    HashChanged(String),
    /// Presets changed in `storage.sync` (another window, another browser, or this page).
    StoredChanged,
    Timer(Timer),

    // Results of effects.
    PresetsLoaded(AfterLoad, Result<PresetList, StoreError>),
    SyncRead(AfterSyncRead, Result<Items, StoreError>),
    PresetSaved {
        preset: Preset,
        then: AfterSave,
        result: Result<(), SaveError>,
    },
    PresetDeleted {
        id: PresetId,
        then: AfterDelete,
        result: Result<(), StoreError>,
    },
    OrderSaved(Result<(), StoreError>),
    ImportApplied(Result<(), ApplyError>),
    SettingsSaved(Result<(), StoreError>),
    KnownSaved {
        said: Option<Text>,
        result: Result<(), StoreError>,
    },
    OrgStatesLoaded(Vec<(OrgName, OrgState)>),
    Answered {
        request: Request,
        reply: Result<Response, ErrorData>,
    },
    ReportCopied {
        org: OrgName,
        done: bool,
    },
    /// The popup's shortcut (`None`: none set), or why the browser did not say.
    ShortcutRead(Result<Option<String>, String>),
}

/// How long the stored presets must stay unchanged before the list shows them: writes come in
/// bursts (a preset and the order).
pub const SETTLE_MS: u32 = 300;

impl Model {
    /// The page as it opens, from what it read; a draft left by an earlier visit reopens the
    /// editor.
    pub fn open(start: Start) -> (Model, Vec<Effect>) {
        // The settings show the shortcut that opens the popup.
        let mut effects = vec![Effect::ReadShortcut];
        let mut list = super::list::model::List::default();
        let presets = match start.presets {
            Ok(loaded) => {
                if !loaded.unreadable.is_empty() {
                    list.notice = Some(Notice::error(Text::with(
                        "options_presets_unreadable",
                        [Text::number(loaded.unreadable.len())],
                    )));
                }
                loaded.presets
            }
            Err(e) => {
                list.notice = Some(Notice::error(words::store_error(&e)));
                Vec::new()
            }
        };
        let mut settings = super::settings::model::SettingsArea::default();
        match start.settings {
            Ok(loaded) => {
                if loaded.quarantined().is_some() {
                    settings.notice = Some(Notice::error(Text::key("options_settings_unreadable")));
                }
                settings.settings = loaded.value;
            }
            Err(e) => settings.notice = Some(Notice::error(words::store_error(&e))),
        }
        let mut model = Model {
            section: Section::from_hash(&start.hash),
            presets,
            known: start.known,
            org_states: start.org_states,
            names: start.names,
            list,
            editor: None,
            editors_opened: 0,
            import: None,
            settings,
            diagnostics: Default::default(),
            stored_changes: 0,
        };
        if let Some(raw) = &start.draft {
            model.editors_opened += 1;
            let (restored, more) =
                editor::restore(model.editors_opened, raw, &model.presets, &model.org_states);
            effects.extend(more);
            if restored.is_some() {
                model.section = Section::Presets;
            }
            model.editor = restored;
        }
        (model, effects)
    }
}

fn open_editor(model: &mut Model, draft: PresetDraft, original: Option<Preset>) -> Vec<Effect> {
    model.editors_opened += 1;
    let (ed, effects) = editor::open(model.editors_opened, draft, original, &model.org_states);
    model.editor = Some(ed);
    model.list.adding = false;
    effects
}

/// The list opens the editor: on a blank preset, a recipe, or a stored preset.
fn list_msg(model: &mut Model, msg: list::Msg, now: OffsetDateTime) -> Vec<Effect> {
    match msg {
        list::Msg::AddBlank => {
            let id = list::fresh_id(&model.presets, now);
            open_editor(model, PresetDraft::blank(id), None)
        }
        list::Msg::AddRecipe(recipe_id) => {
            let id = list::fresh_id(&model.presets, now);
            let name =
                list::unique_name(&model.presets, &model.names, &model.names.recipe(recipe_id));
            open_editor(model, recipe(recipe_id).draft(id, &name), None)
        }
        list::Msg::Edit(id) => match model.presets.iter().find(|p| p.id() == &id).cloned() {
            Some(p) => open_editor(model, p.to_draft(), Some(p)),
            None => Vec::new(),
        },
        msg => list::update(&mut model.list, &mut model.presets, &model.names, msg, now),
    }
}

pub fn update(model: &mut Model, msg: Msg, now: OffsetDateTime) -> Vec<Effect> {
    match msg {
        Msg::Section(section) => {
            model.section = section;
            vec![
                // Keep the address in step, so a reload shows the same section.
                Effect::SetHash(section.slug()),
                Effect::Focus(format!("title-{}", section.slug())),
            ]
        }
        Msg::HashChanged(hash) => {
            model.section = Section::from_hash(&hash);
            Vec::new()
        }
        Msg::List(msg) => list_msg(model, msg, now),
        Msg::Editor(msg) => editor::update(&mut model.editor, &model.presets, msg),
        Msg::Transfer(msg) => transfer::update(&mut model.import, msg),
        Msg::Settings(msg) => settings::update(&mut model.settings, &mut model.known, msg, now),
        Msg::Diagnostics(msg) => diagnostics::update(&mut model.diagnostics, &model.known, msg),
        Msg::StoredChanged => {
            model.stored_changes += 1;
            vec![Effect::After {
                ms: SETTLE_MS,
                timer: Timer::StoredSettled {
                    change: model.stored_changes,
                },
            }]
        }
        Msg::Timer(Timer::StoredSettled { change }) => {
            // Once the writes settle, show what is stored; the editor and the recipe choice are
            // left alone (the editor's own saves land here too).
            let listing = model.editor.is_none() && !model.list.adding;
            if change == model.stored_changes && listing {
                vec![Effect::LoadPresets(AfterLoad::Show)]
            } else {
                Vec::new()
            }
        }
        Msg::Timer(Timer::UndoExpired { generation }) => {
            list::undo_expired(&mut model.list, generation)
        }
        Msg::Timer(Timer::Autosave { generation }) => {
            editor::autosave(&mut model.editor, &model.presets, generation)
        }
        Msg::PresetsLoaded(then, loaded) => presets_loaded(model, then, loaded),
        Msg::SyncRead(then, items) => transfer::sync_read(&mut model.import, then, items),
        Msg::PresetSaved {
            preset,
            then,
            result,
        } => match then {
            AfterSave::Editor {
                generation,
                closing,
            } => editor::saved(
                &mut model.editor,
                &mut model.presets,
                preset,
                generation,
                closing,
                result,
            ),
            AfterSave::Discard => {
                editor::discard_saved(&mut model.editor, &mut model.presets, preset, result)
            }
            then @ (AfterSave::Duplicate { .. } | AfterSave::Undo { .. }) => {
                list::saved(&mut model.list, &mut model.presets, preset, then, result)
            }
        },
        Msg::PresetDeleted { id, then, result } => match then {
            AfterDelete::List => list::deleted(&mut model.list, &mut model.presets, id, result),
            AfterDelete::Discard => {
                editor::discard_deleted(&mut model.editor, &mut model.presets, &id, result)
            }
        },
        Msg::OrderSaved(result) => list::order_saved(&mut model.list, result),
        Msg::ImportApplied(result) => transfer::applied(&mut model.import, result),
        Msg::SettingsSaved(result) => settings::settings_saved(&mut model.settings, result),
        Msg::KnownSaved { said, result } => {
            settings::known_saved(&mut model.settings, &model.known, said, result)
        }
        Msg::ShortcutRead(result) => settings::shortcut_read(&mut model.settings, result),
        Msg::OrgStatesLoaded(states) => {
            model.org_states = states;
            Vec::new()
        }
        Msg::Answered { request, reply } => match request {
            Request::CheckNow {} => settings::checked(&mut model.settings, &model.known, reply),
            Request::Diagnose { org } => {
                diagnostics::diagnosed(&mut model.diagnostics, &model.known, org.name, reply)
            }
            _ => Vec::new(),
        },
        Msg::ReportCopied { org, done } => diagnostics::copied(&mut model.diagnostics, org, done),
    }
}

fn presets_loaded(
    model: &mut Model,
    then: AfterLoad,
    loaded: Result<PresetList, StoreError>,
) -> Vec<Effect> {
    match then {
        AfterLoad::Export => {
            let (effects, notice) = transfer::exported(loaded);
            model.list.notice = Some(notice);
            effects
        }
        AfterLoad::Show => {
            if let Ok(list) = loaded {
                model.presets = list.presets;
            }
            Vec::new()
        }
        AfterLoad::Imported(count) => {
            if let Ok(list) = loaded {
                model.presets = list.presets;
            }
            model.list.undo = None;
            model.list.notice = Some(transfer::imported_notice(count));
            vec![Effect::Focus("list-status".into())]
        }
    }
}

/// The words that become data, from `say` (a message with `$1` and `$2` left as they are).
pub fn names(say: impl Fn(&'static str) -> String) -> Names {
    Names {
        recipes: crate::core::recipes::RECIPES
            .iter()
            .map(|r| (r.id, say(r.name_key)))
            .collect(),
        copy: say("options_copy_name"),
        numbered: say("options_numbered_name"),
        sample_org: say("options_template_sample_org"),
    }
}

/// The organizations whose stored facts the page shows, as it opens.
pub fn org_names(known: &crate::core::known_orgs::KnownOrgs) -> Vec<OrgName> {
    known.orgs.iter().map(|k| k.name.clone()).collect()
}
