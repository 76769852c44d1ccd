//! What the options page asks the browser to do. Areas emit these; the page's update passes
//! them on, `run.rs` (wasm) does them and feeds each result back as a message, tagged with what
//! it is for. Nothing here names an area's messages, so areas depend on this file and never on
//! one another.

use serde_json::Value;

use crate::core::known_orgs::KnownOrgs;
use crate::core::org::OrgName;
use crate::core::preset::{Preset, PresetId};
use crate::core::settings::Settings;
use crate::core::transfer::ImportPreview;
use crate::protocol::Request;
use crate::views::words::Text;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    // storage.sync and storage.local, through the core's store functions.
    /// Read every preset → `Msg::PresetsLoaded`.
    LoadPresets(AfterLoad),
    /// Read everything in `storage.sync` (an import is previewed against it) → `Msg::SyncRead`.
    ReadSync(AfterSyncRead),
    /// Write one preset → `Msg::PresetSaved`.
    SavePreset {
        preset: Preset,
        then: AfterSave,
    },
    /// Delete one preset → `Msg::PresetDeleted`.
    DeletePreset {
        id: PresetId,
        then: AfterDelete,
    },
    /// Store the person's order → `Msg::OrderSaved`.
    SaveOrder(Vec<PresetId>),
    /// Write an import's presets and order, all or nothing → `Msg::ImportApplied`.
    ApplyImport(Box<ImportPreview>),
    /// Keep the editor's draft (an encoded record) in `storage.local` under `DRAFT_KEY` (it
    /// holds no secret); nothing comes back.
    KeepDraft(Value),
    /// Drop the kept draft; nothing comes back.
    ForgetDraft,
    SaveSettings(Settings),
    /// Store the known organizations → `Msg::KnownSaved` with `said` (what to say when done).
    SaveKnown {
        known: KnownOrgs,
        said: Option<Text>,
    },
    /// Read what the engine stored for these organizations → `Msg::OrgStatesLoaded`.
    LoadOrgStates(Vec<OrgName>),

    // The engine.
    /// Send a request → `Msg::Answered`.
    Ask(Request),

    // The browser.
    /// Read the popup's keyboard shortcut (`commands.getAll()`) → `Msg::ShortcutRead`.
    ReadShortcut,

    // The page.
    /// Open the file chooser of the import.
    ChooseFile,
    /// Read the chosen file → `Msg::FileRead`.
    ReadFile,
    /// Hand `text` to the browser as a download named `file`.
    Download {
        file: &'static str,
        text: String,
    },
    /// Copy a diagnostics report → `Msg::ReportCopied`.
    CopyReport {
        org: OrgName,
        text: String,
    },
    /// Move keyboard focus to the element with this id.
    Focus(String),
    /// If focus was on `gone` (which a paint removed), move it to `to`.
    FocusInstead {
        gone: String,
        to: String,
    },
    /// Put the caret of the text field with this id at `at` (UTF-16 units), focused.
    Caret {
        id: &'static str,
        at: u32,
    },
    /// The page's address names this section (a reload shows it again).
    SetHash(&'static str),
    /// Send `Msg::Timer(timer)` after `ms` milliseconds.
    After {
        ms: u32,
        timer: Timer,
    },
    /// Log a failure of the page itself (never a secret).
    Log(String),
}

/// What loaded presets are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterLoad {
    /// Show what is stored (it changed elsewhere).
    Show,
    /// Show them after an import of this many.
    Imported(usize),
    /// Export them.
    Export,
}

/// What a read of `storage.sync` is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterSyncRead {
    /// Preview the chosen file.
    Preview,
    /// Preview it again before writing: it is written only if nothing changed meanwhile.
    Confirm,
}

/// Who saved a preset, and what follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterSave {
    /// The editor's draft, at this change; `closing` when Done asked for it.
    Editor { generation: u32, closing: bool },
    /// A copy of this preset, placed right after it.
    Duplicate { of: PresetId },
    /// A deleted preset brought back, with its old order.
    Undo { order: Vec<PresetId> },
    /// Discard put the preset back as it was before editing.
    Discard,
}

/// Who deleted a preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterDelete {
    /// The list's Delete, which offers Undo.
    List,
    /// Discard of a new preset that autosave had already written.
    Discard,
}

/// A timer that a later change may make moot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timer {
    /// Undo is offered no longer (if it is still this delete's).
    UndoExpired { generation: u32 },
    /// A second of quiet after this change of the draft: save it.
    Autosave { generation: u32 },
    /// The stored presets changed; if no other change came since, show them.
    StoredSettled { change: u32 },
}

/// Parts of the raw `storage.sync` snapshot.
pub type Items = Vec<(String, Value)>;
