//! What the import and export controls do.

use super::model::{Import, EXPORT_FILE};
use crate::core::preset::Preset;
use crate::core::preset_store::{presets_in, PresetList};
use crate::core::transfer::{export, preview, ApplyError, ImportError, MAX_IMPORT_BYTES};
use crate::ports::StoreError;
use crate::views::options::effect::{AfterLoad, AfterSyncRead, Effect, Items};
use crate::views::options::shared::Notice;
use crate::views::words::{self, Text};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Export,
    /// Open the file chooser.
    Choose,
    /// A file was chosen: its name and size (it is read only if it may be imported).
    Chosen {
        name: String,
        size: f64,
    },
    /// The chosen file's bytes (or why they could not be read).
    Read(Result<Vec<u8>, String>),
    Confirm,
    Cancel,
}

pub fn update(import: &mut Option<Import>, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Export => vec![Effect::LoadPresets(AfterLoad::Export)],
        Msg::Choose => vec![Effect::ChooseFile],
        Msg::Chosen { name, size } => {
            // Refused before reading: a huge file never reaches memory.
            if size > MAX_IMPORT_BYTES as f64 {
                let error = ImportError::TooLarge {
                    bytes: size as usize,
                    max: MAX_IMPORT_BYTES,
                };
                *import = Some(Import {
                    file_name: name,
                    bytes: Vec::new(),
                    outcome: Some(Err(words::import_error(&error))),
                    problem: None,
                });
                return vec![Effect::Focus("import-title".into())];
            }
            *import = Some(Import {
                file_name: name,
                bytes: Vec::new(),
                outcome: None,
                problem: None,
            });
            vec![Effect::ReadFile]
        }
        Msg::Read(Ok(bytes)) => match import {
            Some(i) => {
                i.bytes = bytes;
                vec![Effect::ReadSync(AfterSyncRead::Preview)]
            }
            None => Vec::new(),
        },
        Msg::Read(Err(why)) => {
            if let Some(i) = import {
                i.outcome = Some(Err(words::import_error(&ImportError::Storage {
                    message: why,
                })));
            }
            vec![Effect::Focus("import-title".into())]
        }
        Msg::Confirm => match import {
            Some(Import {
                outcome: Some(Ok(_)),
                ..
            }) => vec![Effect::ReadSync(AfterSyncRead::Confirm)],
            _ => Vec::new(),
        },
        Msg::Cancel => {
            *import = None;
            vec![Effect::Focus("import-pick".into())]
        }
    }
}

/// `storage.sync` was read: preview the file against it, or, to confirm, preview again and
/// write only if it still says what the person confirmed (another window may have changed it).
pub fn sync_read(
    import: &mut Option<Import>,
    then: AfterSyncRead,
    items: Result<Items, StoreError>,
) -> Vec<Effect> {
    let Some(i) = import else {
        return Vec::new();
    };
    let fresh = items
        .map_err(ImportError::from)
        .and_then(|items| preview(&i.bytes, &presets_in(&items), &items));
    match then {
        AfterSyncRead::Preview => {
            i.outcome = Some(fresh.map_err(|e| words::import_error(&e)));
            vec![Effect::Focus("import-title".into())]
        }
        AfterSyncRead::Confirm => {
            let fresh = match fresh {
                Ok(p) => p,
                Err(e) => {
                    i.problem = Some(words::import_error(&e));
                    return Vec::new();
                }
            };
            if i.outcome.as_ref().and_then(|o| o.as_ref().ok()) != Some(&fresh) {
                i.outcome = Some(Ok(fresh));
                i.problem = Some(Text::key("options_import_changed"));
                return Vec::new();
            }
            vec![Effect::ApplyImport(Box::new(fresh.without_rejected()))]
        }
    }
}

/// The import was written (or not): the list reloads and says how many.
pub fn applied(import: &mut Option<Import>, result: Result<(), ApplyError>) -> Vec<Effect> {
    match result {
        Ok(()) => {
            let count = import
                .take()
                .and_then(|i| i.outcome)
                .and_then(|o| o.ok())
                .map_or(0, |p| p.added.len() + p.replaced.len());
            vec![Effect::LoadPresets(AfterLoad::Imported(count))]
        }
        Err(e) => {
            if let Some(i) = import {
                i.problem = Some(words::apply_error(&e));
            }
            Vec::new()
        }
    }
}

/// What the list says after an import of `count` presets.
pub fn imported_notice(count: usize) -> Notice {
    Notice::ok(match count {
        1 => Text::key("options_imported_one"),
        n => Text::with("options_imported", [Text::number(n)]),
    })
}

/// The presets were read for an export: the file, and what the list says.
pub fn exported(list: Result<PresetList, StoreError>) -> (Vec<Effect>, Notice) {
    match list {
        Ok(list) => {
            let presets: Vec<Preset> = list.presets;
            let said = match presets.len() {
                1 => Text::with("options_exported_one", [Text::plain(EXPORT_FILE)]),
                n => Text::with(
                    "options_exported",
                    [Text::number(n), Text::plain(EXPORT_FILE)],
                ),
            };
            (
                vec![Effect::Download {
                    file: EXPORT_FILE,
                    text: export(&presets),
                }],
                Notice::ok(said),
            )
        }
        Err(e) => (Vec::new(), Notice::error(words::store_error(&e))),
    }
}
