//! The draft's way to storage. Every change is written at once to `storage.local`
//! ([`DRAFT_KEY`]; it holds no secret), and to `storage.sync` when a text field loses focus or
//! after a second of quiet — sync allows about 120 writes a minute. A draft that does not
//! validate stays local, with the core's problems worded next to their fields; a quota or sync
//! failure is shown and the draft stays local too. The next visit reopens a draft left behind.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, FocusEvent};

use super::view::{control_id, render_status};
use super::{new_editor, refresh, render, validate, with_editor, Editor, SaveStatus};
use crate::core::preset::{CopyAsDraft, OrgsDraft, PresetDraft, PresetField};
use crate::core::preset_store::{delete_preset, save_preset};
use crate::core::record::{self, Versioned};
use crate::ports::{Area, Store};
use crate::views::options::html::{focus, Res};
use crate::views::options::{list, now, spawn, words, AppRef, PresetsView, STORE};

/// The unsaved draft, in `storage.local`.
pub const DRAFT_KEY: &str = "options-draft";

/// The fields in the order the editor shows them (Done takes the person to the first problem).
const FIELD_ORDER: [PresetField; 7] = [
    PresetField::Preset,
    PresetField::Id,
    PresetField::Name,
    PresetField::NameTemplate,
    PresetField::LifetimeDays,
    PresetField::Orgs,
    PresetField::Scopes,
];

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
    /// Drafts kept before "Copy as…" existed have none: copy as is.
    #[serde(default)]
    copy_as: CopyAsDraft,
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
            copy_as: d.copy_as.clone(),
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
            copy_as: self.copy_as.clone(),
        }
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
        state.section = crate::views::options::Section::Presets;
    }
    crate::views::options::show_section(app, crate::views::options::Section::Presets)?;
    render(app)?;
    Ok(())
}

/// Writes the draft to `storage.local` (it holds no secret).
pub(super) fn keep_local(app: &AppRef) {
    let Some(stored) = with_editor(app, |ed| StoredDraft::of(ed)) else {
        return;
    };
    spawn(async move {
        if let Err(e) = record::save(&STORE, Area::Local, DRAFT_KEY, &stored).await {
            crate::views::options::log_error(&wasm_bindgen::JsValue::from_str(&e.to_string()));
        }
        Ok(())
    });
}

async fn forget_local() {
    let _ = STORE.remove(Area::Local, vec![DRAFT_KEY.to_owned()]).await;
}

/// How a save attempt treats a draft with problems.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Reveal {
    /// Show the problems next to their fields (Done, a second of quiet).
    Problems,
    /// Leave the page as it is: a blur on the way to a click must not move what is clicked.
    Quietly,
}

/// Saves the draft to `storage.sync` if it validates and differs from what is stored.
/// True when what is stored now equals the draft.
pub(super) async fn flush(app: &AppRef, reveal: Reveal) -> Res<bool> {
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

pub(super) async fn done(app: &AppRef) -> Res<()> {
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

pub(super) async fn discard(app: &AppRef) -> Res<()> {
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
