//! What the editor's controls do: every change kept locally at once and saved to sync after a
//! second of quiet or when a text field loses focus; Done and Discard.

use serde_json::Value;

use super::draft::StoredDraft;
use super::model::{control_id, Editor, SaveStatus, AUTOSAVE_MS};
use crate::core::org::{org_from_input, OrgName, UrlParts};
use crate::core::preset::{OrgsDraft, Preset, PresetDraft, PresetId};
use crate::core::preset_store::SaveError;
use crate::core::record::{self, encode};
use crate::core::scopes::picker::picker_groups;
use crate::core::scopes::FULL_ACCESS;
use crate::core::token::Scopes;
use crate::engine::state::OrgState;
use crate::ports::StoreError;
use crate::views::options::effect::{AfterDelete, AfterSave, Effect, Timer};
use crate::views::options::shared::{edit_button_id, NEW_PRESET_ID};
use crate::views::words;

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Name(String),
    /// "Custom defined" or "Full access".
    ScopeMode {
        full: bool,
    },
    /// A group's ladder set to a level (`None`: "None"); `group` indexes `picker_groups()`.
    Rung {
        group: usize,
        level: Option<String>,
    },
    /// An independent level ticked or not.
    Level {
        id: String,
        on: bool,
    },
    Search(String),
    ShowAll,
    /// The lifetime field as typed.
    Lifetime(String),
    LifetimeQuick(u16),
    Template(String),
    /// Insert a placeholder in the template over the selection `start..end` (UTF-16 units).
    Placeholder {
        placeholder: &'static str,
        start: u32,
        end: u32,
    },
    /// "All organizations" or "Only these organizations".
    OrgsMode {
        all: bool,
    },
    OrgToggle {
        name: String,
        on: bool,
    },
    /// Add what was typed; `parts` is the browser's parse of it as a URL (`input_as_url`).
    OrgAdd {
        text: String,
        parts: Option<UrlParts>,
    },
    /// The "Copy as…" format chosen (the select's value).
    CopyFormat(String),
    Feed(String),
    /// "A feed of a project" (or of the organization).
    FeedScope {
        project: bool,
    },
    Project(String),
    Done,
    Discard,
    /// Focus left a control of the editor: a text field, and whether for outside the editor.
    Blur {
        text_field: bool,
        leaving: bool,
    },
}

/// How a save attempt treats a draft with problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reveal {
    /// Show the problems next to their fields (Done, a second of quiet).
    Problems,
    /// Leave the page as it is: a blur on the way to a click must not move what is clicked.
    Quietly,
}

/// The draft kept in `storage.local`.
fn keep(ed: &Editor) -> Effect {
    match encode(&StoredDraft::of(ed)) {
        Ok(value) => Effect::KeepDraft(value),
        Err(e) => Effect::Log(e.to_string()),
    }
}

/// Opens an editor on `draft` (`original`: the stored preset it edits).
pub fn open(
    number: u32,
    draft: PresetDraft,
    original: Option<Preset>,
    org_states: &[(OrgName, OrgState)],
) -> (Editor, Vec<Effect>) {
    let editor = Editor::new(number, draft, original, false, org_states);
    let mut effects = vec![Effect::Focus("f-name".into())];
    if editor.original.is_none() {
        // A new preset exists only here until it is saved: keep it from the first moment.
        effects.push(keep(&editor));
    }
    (editor, effects)
}

/// Reopens a draft an earlier visit left in `storage.local`, unless it cannot be read (it is
/// dropped rather than tripped over on every visit) or equals the stored preset.
pub fn restore(
    number: u32,
    raw: &Value,
    presets: &[Preset],
    org_states: &[(OrgName, OrgState)],
) -> (Option<Editor>, Vec<Effect>) {
    let Ok(decoded) = record::decode::<StoredDraft>(raw) else {
        return (None, vec![Effect::ForgetDraft]);
    };
    let stored = decoded.value;
    let original = presets
        .iter()
        .find(|p| p.id().as_str() == stored.id)
        .cloned();
    if let (Some(o), Ok(p)) = (&original, stored.draft().validate()) {
        if o == &p {
            return (None, vec![Effect::ForgetDraft]);
        }
    }
    let original = if stored.is_new { None } else { original };
    let mut editor = Editor::new(number, stored.draft(), original, true, org_states);
    editor.custom_orgs = stored.orgs.clone();
    editor.problems = editor.validate(presets).err().unwrap_or_default();
    (Some(editor), Vec::new())
}

/// Applies a change to the draft: kept locally at once, saved after a second of quiet.
fn edit(ed: &mut Editor, presets: &[Preset], change: impl FnOnce(&mut Editor)) -> Vec<Effect> {
    change(ed);
    ed.generation += 1;
    ed.status = SaveStatus::Pending;
    ed.problems = ed.validate(presets).err().unwrap_or_default();
    vec![
        keep(ed),
        Effect::After {
            ms: AUTOSAVE_MS,
            timer: Timer::Autosave {
                generation: ed.generation,
            },
        },
    ]
}

/// `text` with `insert` over the UTF-16 range `start..end` (as the browser counts), and the
/// caret after it.
pub fn insert_at(text: &str, start: u32, end: u32, insert: &str) -> (String, u32) {
    let units: Vec<u16> = text.encode_utf16().collect();
    let len = units.len() as u32;
    let (start, end) = (start.min(len), end.min(len).max(start.min(len)));
    let mut out: Vec<u16> = units[..start as usize].to_vec();
    out.extend(insert.encode_utf16());
    let caret = out.len() as u32;
    out.extend(&units[end as usize..]);
    (String::from_utf16_lossy(&out), caret)
}

pub fn update(slot: &mut Option<Editor>, presets: &[Preset], msg: Msg) -> Vec<Effect> {
    let Some(ed) = slot.as_mut() else {
        return Vec::new();
    };
    match msg {
        Msg::Name(name) => edit(ed, presets, |ed| ed.draft.name = name),
        Msg::ScopeMode { full } => edit(ed, presets, |ed| {
            if full {
                if !ed.is_full_access() {
                    ed.custom_scopes = ed.draft.scopes.clone();
                }
                ed.draft.scopes = vec![FULL_ACCESS.to_owned()];
            } else {
                ed.draft.scopes = ed.custom_scopes.clone();
            }
        }),
        Msg::Rung { group, level } => edit(ed, presets, |ed| {
            if let Some(group) = picker_groups().get(group) {
                let scopes = Scopes::from_ids(&ed.draft.scopes);
                ed.draft.scopes = group.with_rung(&scopes, level.as_deref()).ids().to_vec();
            }
        }),
        Msg::Level { id, on } => edit(ed, presets, |ed| {
            ed.draft.scopes.retain(|s| s != &id);
            if on {
                ed.draft.scopes.push(id);
            }
        }),
        Msg::Search(query) => {
            ed.query = query;
            Vec::new()
        }
        Msg::ShowAll => {
            ed.show_all = !ed.show_all;
            Vec::new()
        }
        Msg::Lifetime(text) => edit(ed, presets, |ed| {
            // An empty or partial number is out of range, and said so once problems show.
            ed.draft.lifetime_days = text.trim().parse::<i64>().unwrap_or(0);
            ed.lifetime_text = text;
        }),
        Msg::LifetimeQuick(days) => edit(ed, presets, |ed| {
            ed.draft.lifetime_days = i64::from(days);
            ed.lifetime_text = days.to_string();
        }),
        Msg::Template(text) => edit(ed, presets, |ed| ed.draft.name_template = text),
        Msg::Placeholder {
            placeholder,
            start,
            end,
        } => {
            let (text, caret) = insert_at(&ed.draft.name_template, start, end, placeholder);
            let mut effects = edit(ed, presets, |ed| ed.draft.name_template = text);
            effects.push(Effect::Caret {
                id: "f-template",
                at: caret,
            });
            effects
        }
        Msg::OrgsMode { all } => edit(ed, presets, |ed| {
            if all {
                if let OrgsDraft::Only(list) = &ed.draft.orgs {
                    ed.custom_orgs = list.clone();
                }
                ed.draft.orgs = OrgsDraft::All;
            } else {
                ed.draft.orgs = OrgsDraft::Only(ed.custom_orgs.clone());
            }
        }),
        Msg::OrgToggle { name, on } => edit(ed, presets, |ed| {
            if let OrgsDraft::Only(list) = &mut ed.draft.orgs {
                list.retain(|o| !o.eq_ignore_ascii_case(&name));
                if on {
                    list.push(name);
                }
                ed.custom_orgs = list.clone();
            }
        }),
        Msg::OrgAdd { text, parts } => match org_from_input(&text, |_| parts) {
            Ok((org, _style)) => {
                let mut effects = edit(ed, presets, |ed| {
                    ed.org_error = None;
                    if let OrgsDraft::Only(list) = &mut ed.draft.orgs {
                        if !list.iter().any(|o| o.eq_ignore_ascii_case(org.as_str())) {
                            list.push(org.as_str().to_owned());
                        }
                        ed.custom_orgs = list.clone();
                    }
                });
                effects.push(Effect::Focus("f-org-add".into()));
                effects
            }
            Err(e) => {
                ed.org_error = Some((words::org_input_error(e), text));
                vec![Effect::Focus("f-org-add".into())]
            }
        },
        Msg::CopyFormat(format) => edit(ed, presets, |ed| ed.draft.copy_as.format = format),
        Msg::Feed(feed) => edit(ed, presets, |ed| ed.draft.copy_as.feed = feed),
        Msg::FeedScope { project } => edit(ed, presets, |ed| {
            ed.feed_in_project = project;
            if project {
                ed.draft.copy_as.project = ed.kept_project.clone();
            } else {
                ed.kept_project = std::mem::take(&mut ed.draft.copy_as.project);
            }
        }),
        Msg::Project(project) => edit(ed, presets, |ed| {
            ed.kept_project = project.clone();
            ed.draft.copy_as.project = project;
        }),
        Msg::Done => flush(slot, presets, Reveal::Problems, true),
        Msg::Discard => discard(slot, presets),
        Msg::Blur {
            text_field,
            leaving,
        } => {
            if ed.status == SaveStatus::Pending && (text_field || leaving) {
                flush(slot, presets, Reveal::Quietly, false)
            } else {
                Vec::new()
            }
        }
    }
}

/// A second of quiet passed after this change: save, unless something changed since.
pub fn autosave(slot: &mut Option<Editor>, presets: &[Preset], generation: u32) -> Vec<Effect> {
    match slot {
        Some(ed) if ed.generation == generation => flush(slot, presets, Reveal::Problems, false),
        _ => Vec::new(),
    }
}

/// The editor closes: the draft is dropped, focus goes back to the list.
fn close(slot: &mut Option<Editor>) -> Vec<Effect> {
    let Some(ed) = slot.take() else {
        return Vec::new();
    };
    let focus = match (&ed.original, PresetId::parse(&ed.draft.id)) {
        (Some(_), Ok(id)) => edit_button_id(&id),
        _ => NEW_PRESET_ID.into(),
    };
    vec![Effect::ForgetDraft, Effect::Focus(focus)]
}

/// Saves the draft to `storage.sync` if it validates and differs from what is stored;
/// `closing` when Done asked (the editor then closes once what is stored equals the draft).
fn flush(
    slot: &mut Option<Editor>,
    presets: &[Preset],
    reveal: Reveal,
    closing: bool,
) -> Vec<Effect> {
    let Some(ed) = slot.as_mut() else {
        return Vec::new();
    };
    let preset = match ed.validate(presets) {
        Ok(preset) => preset,
        Err(_) if reveal == Reveal::Quietly => return Vec::new(),
        Err(problems) => {
            ed.problems = problems;
            ed.show_problems = true;
            ed.status = SaveStatus::Invalid;
            return if closing {
                vec![focus_first_problem(ed)]
            } else {
                Vec::new()
            };
        }
    };
    if presets.iter().any(|p| p == &preset) {
        // Already what is stored.
        ed.status = SaveStatus::Saved;
        ed.problems.clear();
        return if closing {
            close(slot)
        } else {
            vec![Effect::ForgetDraft]
        };
    }
    ed.status = SaveStatus::Saving;
    vec![Effect::SavePreset {
        preset,
        then: AfterSave::Editor {
            generation: ed.generation,
            closing,
        },
    }]
}

/// Done could not close: focus goes to the first problem, or to the status that says why.
fn focus_first_problem(ed: &Editor) -> Effect {
    Effect::Focus(
        ed.first_problem()
            .map_or("editor-status", control_id)
            .to_owned(),
    )
}

/// Puts `preset` into the page's list after a save (a new one goes last).
fn remember(presets: &mut Vec<Preset>, preset: Preset) {
    match presets.iter_mut().find(|p| p.id() == preset.id()) {
        Some(existing) => *existing = preset,
        None => presets.push(preset),
    }
}

/// The editor's save was done (or refused).
pub fn saved(
    slot: &mut Option<Editor>,
    presets: &mut Vec<Preset>,
    preset: Preset,
    generation: u32,
    closing: bool,
    result: Result<(), SaveError>,
) -> Vec<Effect> {
    if let Err(e) = result {
        let Some(ed) = slot.as_mut() else {
            return Vec::new();
        };
        ed.status = SaveStatus::Failed(words::save_error(&e));
        return if closing {
            vec![Effect::Focus("editor-status".into())]
        } else {
            Vec::new()
        };
    }
    remember(presets, preset);
    let Some(ed) = slot.as_mut() else {
        return Vec::new();
    };
    if ed.generation != generation {
        // Changed meanwhile: the newer draft is saved in its turn.
        return if closing {
            vec![focus_first_problem(ed)]
        } else {
            Vec::new()
        };
    }
    ed.status = SaveStatus::Saved;
    ed.problems.clear();
    if closing {
        close(slot)
    } else {
        vec![Effect::ForgetDraft]
    }
}

/// Discard: the stored preset goes back to what it was before editing (a new one is removed
/// again if autosave wrote it), then the editor closes.
fn discard(slot: &mut Option<Editor>, presets: &[Preset]) -> Vec<Effect> {
    let Some(ed) = slot.as_mut() else {
        return Vec::new();
    };
    // Nothing may save the abandoned draft from here on.
    ed.generation += 1;
    let stored = presets
        .iter()
        .find(|p| p.id().as_str() == ed.draft.id)
        .cloned();
    match (&ed.original, stored) {
        (Some(o), Some(s)) if *o != s => vec![Effect::SavePreset {
            preset: o.clone(),
            then: AfterSave::Discard,
        }],
        (Some(o), None) => vec![Effect::SavePreset {
            preset: o.clone(),
            then: AfterSave::Discard,
        }],
        (None, Some(s)) => vec![Effect::DeletePreset {
            id: s.id().clone(),
            then: AfterDelete::Discard,
        }],
        _ => close(slot),
    }
}

/// Discard's restore was written (or refused).
pub fn discard_saved(
    slot: &mut Option<Editor>,
    presets: &mut Vec<Preset>,
    preset: Preset,
    result: Result<(), SaveError>,
) -> Vec<Effect> {
    match result {
        Ok(()) => {
            remember(presets, preset);
            close(slot)
        }
        Err(e) => failed(slot, words::save_error(&e)),
    }
}

/// Discard's removal of a new preset was done (or refused).
pub fn discard_deleted(
    slot: &mut Option<Editor>,
    presets: &mut Vec<Preset>,
    id: &PresetId,
    result: Result<(), StoreError>,
) -> Vec<Effect> {
    match result {
        Ok(()) => {
            presets.retain(|p| p.id() != id);
            close(slot)
        }
        Err(e) => failed(slot, words::store_error(&e)),
    }
}

fn failed(slot: &mut Option<Editor>, why: crate::views::words::Text) -> Vec<Effect> {
    if let Some(ed) = slot.as_mut() {
        ed.status = SaveStatus::Failed(why);
    }
    Vec::new()
}
