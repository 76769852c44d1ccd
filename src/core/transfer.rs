//! Import and export of presets as a versioned JSON document:
//! `{"format": "pat-pilot/presets", "version": 1, "presets": [<preset>, …]}`.
//!
//! Version 2 is version 1 whose presets may have a `copyAs` (the default "Copy as…" format). An
//! export is written as version 1 unless a preset uses `copyAs`, so a file of presets without it
//! still imports into an older PAT Pilot; both versions are read.
//!
//! Import is all or nothing. [`preview`] reads a file and says what would be added, replaced
//! (same id, or same name ignoring case), left unchanged and rejected (with every problem of
//! every rejected preset), and which sync quotas the result would break, before anything is
//! written; [`apply`] writes a preview only when nothing was rejected and everything fits.
//!
//! Hostile files get their own errors, in this order: over [`MAX_IMPORT_BYTES`] (refused
//! before parsing), not UTF-8, nested deeper than [`MAX_IMPORT_DEPTH`] (a scan before parsing,
//! so serde_json's recursion limit is never the one to speak), malformed JSON (line and
//! column), not an object, wrong format tag, missing or unknown version, `presets` not a list,
//! too many presets, duplicate ids. Control characters and over-long strings are problems of
//! the preset and field that hold them.

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::core::preset::{Preset, PresetField, PresetId, PresetProblem, ProblemReason};
use crate::core::preset_store::{
    load_presets, preset_key, write_checked, PresetOrder, SaveError, ORDER_KEY, PRESETS_AREA,
};
use crate::core::quota::{after_change, check_sync, QuotaProblem};
use crate::core::record::encode;
use crate::ports::{Store, StoreError};

pub const FORMAT_TAG: &str = "pat-pilot/presets";
/// The newest document version, written when a preset has a `copyAs`.
pub const FORMAT_VERSION: u64 = 2;
/// The versions [`parse_document`] reads.
pub const READ_VERSIONS: [u64; 2] = [1, 2];
/// Files larger than this are refused before parsing.
pub const MAX_IMPORT_BYTES: usize = 256 * 1024;
/// The document needs depth 4 (`{presets:[{orgs:[…]}]}`); anything much deeper is hostile.
pub const MAX_IMPORT_DEPTH: usize = 16;
pub const MAX_IMPORT_PRESETS: usize = 200;
const MAX_ECHO_CHARS: usize = 64;

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ImportError {
    #[error("the file has {bytes} bytes; at most {max} are accepted")]
    TooLarge { bytes: usize, max: usize },
    #[error("the file is not UTF-8 text (from byte {valid_up_to})")]
    NotUtf8 { valid_up_to: usize },
    #[error("the JSON nests deeper than {max} levels at line {line}, column {column}")]
    TooDeep {
        max: usize,
        line: usize,
        column: usize,
    },
    #[error("malformed JSON at line {line}, column {column}: {message}")]
    Malformed {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the document is not a JSON object")]
    NotAnObject,
    #[error("not a PAT Pilot presets file (format {found:?})")]
    WrongFormat { found: Option<String> },
    #[error("the document has no version")]
    MissingVersion,
    #[error("unsupported version {found}")]
    UnsupportedVersion { found: String },
    #[error("`presets` is missing or not a list")]
    PresetsNotAList,
    #[error("{count} presets; at most {max} are accepted")]
    TooManyPresets { count: usize, max: usize },
    #[error("presets {first} and {second} share the id {id:?}")]
    DuplicateId {
        id: String,
        first: usize,
        second: usize,
    },
    #[error("storage failed: {message}")]
    Storage { message: String },
}

impl From<StoreError> for ImportError {
    fn from(error: StoreError) -> Self {
        ImportError::Storage {
            message: error.to_string(),
        }
    }
}

/// How an imported preset matched an existing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchedBy {
    Id,
    Name,
}

/// An existing preset an import replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replaced {
    pub id: PresetId,
    pub name: String,
    pub by: MatchedBy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replacement {
    pub preset: Preset,
    pub replaces: Vec<Replaced>,
}

/// A preset of the file that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejection {
    /// Its position in `presets`, from 0.
    pub index: usize,
    /// Its id and name as written (cut to a readable length), when they are strings.
    pub id: Option<String>,
    pub name: Option<String>,
    pub problems: Vec<PresetProblem>,
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub added: Vec<Preset>,
    pub replaced: Vec<Replacement>,
    pub unchanged: Vec<PresetId>,
    pub rejected: Vec<Rejection>,
    pub quota: Vec<QuotaProblem>,
    #[serde(skip)]
    writes: Vec<(String, Value)>,
    #[serde(skip)]
    removals: Vec<String>,
}

impl ImportPreview {
    /// Would applying change anything?
    pub fn has_changes(&self) -> bool {
        !self.added.is_empty() || !self.replaced.is_empty()
    }

    /// Nothing rejected and everything fits.
    pub fn is_applicable(&self) -> bool {
        self.rejected.is_empty() && self.quota.is_empty()
    }

    /// The same import with its rejected presets set aside: what confirming "import the valid
    /// ones" writes. The writes never held the rejected presets, so this only makes the
    /// preview applicable (when everything fits), still all or nothing.
    pub fn without_rejected(mut self) -> Self {
        self.rejected.clear();
        self
    }
}

/// Why [`apply`] wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error("the import has rejected presets or does not fit")]
    NotApplicable,
    #[error("it would not fit in sync storage: {0:?}")]
    Quota(Vec<QuotaProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The export document for these presets (pretty-printed, newline-terminated).
pub fn export(presets: &[Preset]) -> String {
    let version = if presets.iter().all(|p| p.copy_as().is_raw()) {
        1
    } else {
        FORMAT_VERSION
    };
    let document = serde_json::json!({
        "format": FORMAT_TAG,
        "version": version,
        "presets": presets.iter().map(Preset::to_value).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_else(|_| document.to_string());
    text.push('\n');
    text
}

/// Reads a file down to its list of raw presets, checking everything about the document.
pub fn parse_document(bytes: &[u8]) -> Result<Vec<Value>, ImportError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            max: MAX_IMPORT_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        valid_up_to: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_depth(text)?;
    let document: Value = serde_json::from_str(text).map_err(|e| ImportError::Malformed {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let Value::Object(mut document) = document else {
        return Err(ImportError::NotAnObject);
    };
    match document.get("format") {
        Some(Value::String(tag)) if tag == FORMAT_TAG => {}
        Some(Value::String(tag)) => {
            return Err(ImportError::WrongFormat {
                found: Some(echo(tag)),
            })
        }
        _ => return Err(ImportError::WrongFormat { found: None }),
    }
    match document.get("version") {
        None | Some(Value::Null) => return Err(ImportError::MissingVersion),
        Some(v) if v.as_u64().is_some_and(|v| READ_VERSIONS.contains(&v)) => {}
        Some(other) => {
            return Err(ImportError::UnsupportedVersion {
                found: echo(&other.to_string()),
            })
        }
    }
    let Some(Value::Array(presets)) = document.remove("presets") else {
        return Err(ImportError::PresetsNotAList);
    };
    if presets.len() > MAX_IMPORT_PRESETS {
        return Err(ImportError::TooManyPresets {
            count: presets.len(),
            max: MAX_IMPORT_PRESETS,
        });
    }
    let ids: Vec<Option<&str>> = presets
        .iter()
        .map(|p| p.get("id").and_then(Value::as_str))
        .collect();
    for (second, id) in ids.iter().enumerate() {
        let Some(id) = id else { continue };
        if let Some(first) = ids[..second].iter().position(|other| other == &Some(*id)) {
            return Err(ImportError::DuplicateId {
                id: echo(id),
                first,
                second,
            });
        }
    }
    Ok(presets)
}

/// Refuses nesting deeper than [`MAX_IMPORT_DEPTH`], before any parser recurses into it.
fn check_depth(text: &str) -> Result<(), ImportError> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
        } else {
            column += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth > MAX_IMPORT_DEPTH {
                    return Err(ImportError::TooDeep {
                        max: MAX_IMPORT_DEPTH,
                        line,
                        column,
                    });
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn echo(text: &str) -> String {
    let mut out: String = text.chars().take(MAX_ECHO_CHARS).collect();
    if text.chars().count() > MAX_ECHO_CHARS {
        out.push('…');
    }
    out
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// What importing `bytes` would do to `existing` (in the person's order), given everything
/// now in sync storage (`sync_items`, for the quota check).
pub fn preview(
    bytes: &[u8],
    existing: &[Preset],
    sync_items: &[(String, Value)],
) -> Result<ImportPreview, ImportError> {
    let raw = parse_document(bytes)?;
    let mut accepted: Vec<Preset> = Vec::new();
    let mut rejected = Vec::new();
    for (index, value) in raw.iter().enumerate() {
        let mut result = Preset::from_value(value);
        if let Ok(preset) = &result {
            if accepted.iter().any(|p| same_name(p.name(), preset.name())) {
                result = Err(vec![PresetProblem::new(
                    PresetField::Name,
                    ProblemReason::DuplicateName,
                )]);
            }
        }
        match result {
            Ok(preset) => accepted.push(preset),
            Err(problems) => rejected.push(Rejection {
                index,
                id: value.get("id").and_then(Value::as_str).map(echo),
                name: value.get("name").and_then(Value::as_str).map(echo),
                problems,
            }),
        }
    }

    let mut added = Vec::new();
    let mut replaced = Vec::new();
    let mut unchanged = Vec::new();
    for preset in accepted {
        if existing.iter().any(|e| e == &preset) {
            unchanged.push(preset.id().clone());
            continue;
        }
        let replaces: Vec<Replaced> = existing
            .iter()
            .filter_map(|e| {
                let by = if e.id() == preset.id() {
                    MatchedBy::Id
                } else if same_name(e.name(), preset.name()) {
                    MatchedBy::Name
                } else {
                    return None;
                };
                Some(Replaced {
                    id: e.id().clone(),
                    name: e.name().to_owned(),
                    by,
                })
            })
            .collect();
        if replaces.is_empty() {
            added.push(preset);
        } else {
            replaced.push(Replacement { preset, replaces });
        }
    }

    let (writes, removals) = plan_writes(existing, &added, &replaced)?;
    let quota = if writes.is_empty() {
        Vec::new()
    } else {
        check_sync(&after_change(sync_items, &writes, &removals), &writes)
    };
    Ok(ImportPreview {
        added,
        replaced,
        unchanged,
        rejected,
        quota,
        writes,
        removals,
    })
}

type Items = Vec<(String, Value)>;

/// The keys to write and remove: new and replacing presets, the new order (a replacement takes
/// the place of the first preset it replaces; additions go last), and replaced presets whose
/// id is gone.
fn plan_writes(
    existing: &[Preset],
    added: &[Preset],
    replaced: &[Replacement],
) -> Result<(Items, Vec<String>), StoreError> {
    if added.is_empty() && replaced.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut order: Vec<String> = Vec::new();
    let mut push = |id: &PresetId| {
        if !order.iter().any(|o| o == id.as_str()) {
            order.push(id.as_str().to_owned());
        }
    };
    for e in existing {
        match replaced
            .iter()
            .find(|r| r.replaces.iter().any(|x| x.id == *e.id()))
        {
            Some(r) => push(r.preset.id()),
            None => push(e.id()),
        }
    }
    for a in added {
        push(a.id());
    }
    let new_ids: Vec<&PresetId> = added
        .iter()
        .chain(replaced.iter().map(|r| &r.preset))
        .map(Preset::id)
        .collect();
    let mut writes = Vec::new();
    for preset in added.iter().chain(replaced.iter().map(|r| &r.preset)) {
        writes.push((preset_key(preset.id()), encode(preset)?));
    }
    writes.push((ORDER_KEY.to_owned(), encode(&PresetOrder { ids: order })?));
    let mut removals: Vec<String> = replaced
        .iter()
        .flat_map(|r| r.replaces.iter().map(|x| &x.id))
        .filter(|id| !new_ids.contains(id))
        .map(preset_key)
        .collect();
    removals.sort();
    removals.dedup();
    Ok((writes, removals))
}

/// [`preview`] against what the store holds now.
pub async fn preview_from_store<S: Store>(
    store: &S,
    bytes: &[u8],
    now: OffsetDateTime,
) -> Result<ImportPreview, ImportError> {
    // Refuse an oversized file before touching storage.
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooLarge {
            bytes: bytes.len(),
            max: MAX_IMPORT_BYTES,
        });
    }
    let existing = load_presets(store, now).await?;
    let sync_items = store.get_prefixed(PRESETS_AREA, "").await?;
    preview(bytes, &existing.presets, &sync_items)
}

/// Writes a preview: every new and replacing preset and the order in one write, then removes
/// the presets replaced under another id. Nothing is written unless the preview is applicable.
pub async fn apply<S: Store>(store: &S, preview: &ImportPreview) -> Result<(), ApplyError> {
    if !preview.is_applicable() {
        return Err(ApplyError::NotApplicable);
    }
    if !preview.has_changes() {
        return Ok(());
    }
    write_checked(store, preview.writes.clone(), preview.removals.clone())
        .await
        .map_err(|e| match e {
            SaveError::Quota(problems) => ApplyError::Quota(problems),
            SaveError::Store(e) => ApplyError::Store(e),
        })
}
