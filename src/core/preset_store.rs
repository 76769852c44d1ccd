//! Presets in `storage.sync`, through the `Store` port.
//!
//! Keys (all in `Area::Sync`, all records versioned through `crate::core::record`):
//! - `preset:<id>`: one preset each (`{"v":1,"id",…}`, or `"v":2` when it has a `copyAs`), so
//!   each stays far under the 8 KB per-item quota and two browsers editing different presets do
//!   not overwrite each other;
//! - `preset-order`: `{"v":1,"ids":[…]}`, the order the person chose; presets it does not list
//!   (synced before it) follow, by name, and ids without a preset are skipped;
//! - `preset-seeded`: `{"v":1,"at":"…"}`, written once with the first-run presets. Its
//!   presence alone stops seeding, so deleting every preset does not bring them back.
//!
//! Seeding uses fixed ids (`builtin-git`, …): two browsers that install at once write the same
//! keys, and sync keeps one of each. (A browser that installs while offline, after the person
//! deleted the seeded presets elsewhere, would bring them back once: sync merges key by key.)

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::core::preset::{Preset, PresetId};
use crate::core::quota::{after_change, check_sync, QuotaProblem};
use crate::core::recipes::{recipe, RecipeId, SEEDED};
use crate::core::record::{self, decode, encode, quarantine, Quarantined, Unreadable, Versioned};
use crate::core::small_sort;
use crate::ports::{Area, Store, StoreError};

pub const PRESETS_AREA: Area = Area::Sync;
pub const PRESET_PREFIX: &str = "preset:";
pub const ORDER_KEY: &str = "preset-order";
pub const SEEDED_KEY: &str = "preset-seeded";

pub fn preset_key(id: &PresetId) -> String {
    format!("{PRESET_PREFIX}{id}")
}

/// Version 2 added `copyAs` (the default "Copy as…" format). A preset without it is written as
/// version 1, exactly as before, so older browsers syncing the same presets keep reading it;
/// only a preset that uses the new field needs a reader that knows it.
impl Versioned for Preset {
    const VERSION: u32 = 2;

    fn version(&self) -> u32 {
        if self.copy_as().is_raw() {
            1
        } else {
            2
        }
    }

    fn migrate(from: u32, fields: Map<String, Value>) -> Result<Map<String, Value>, String> {
        match from {
            // Version 1 is version 2 without `copyAs`: nothing to change.
            1 => Ok(fields),
            _ => Err(format!("no migration from version {from}")),
        }
    }
}

/// The person's order of presets.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PresetOrder {
    /// Plain strings: one odd id must not make the whole order unreadable.
    pub ids: Vec<String>,
}

impl Versioned for PresetOrder {
    const VERSION: u32 = 1;
}

/// The first-run flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeededFlag {
    #[serde(with = "crate::core::rfc3339::serde")]
    pub at: OffsetDateTime,
}

impl Versioned for SeededFlag {
    const VERSION: u32 = 1;
}

/// The presets, in order, and the records that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct PresetList {
    pub presets: Vec<Preset>,
    pub unreadable: Vec<Quarantined>,
}

/// Why a preset was not saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("it would not fit in sync storage: {0:?}")]
    Quota(Vec<QuotaProblem>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads every preset, in the person's order.
pub async fn load_presets<S: Store>(
    store: &S,
    now: OffsetDateTime,
) -> Result<PresetList, StoreError> {
    let raw = store.get_prefixed(PRESETS_AREA, PRESET_PREFIX).await?;
    let mut presets = Vec::new();
    let mut unreadable = Vec::new();
    for (key, value) in raw {
        let read = decode::<Preset>(&value).and_then(|d| {
            if preset_key(d.value.id()) == key {
                Ok(d.value)
            } else {
                Err(Unreadable::Invalid {
                    message: format!("the key {key} holds preset {}", d.value.id()),
                })
            }
        });
        match read {
            Ok(preset) => presets.push(preset),
            Err(reason) => {
                unreadable.push(quarantine(store, PRESETS_AREA, &key, &value, reason, now).await)
            }
        }
    }
    let order = record::load::<PresetOrder, S>(store, PRESETS_AREA, ORDER_KEY, now).await?;
    if let Some(q) = order.quarantined() {
        unreadable.push(q.clone());
    }
    sort_by_order(&mut presets, &order.value.ids);
    Ok(PresetList {
        presets,
        unreadable,
    })
}

/// The presets among `items` (everything `storage.sync` holds, from one read), in the
/// person's order. Records that cannot be read are left out, not quarantined: this reads a
/// snapshot for showing (the popup), and [`load_presets`] quarantines them for whoever edits.
pub fn presets_in(items: &[(String, Value)]) -> Vec<Preset> {
    let mut presets: Vec<Preset> = items
        .iter()
        .filter(|(key, _)| key.starts_with(PRESET_PREFIX))
        .filter_map(|(key, value)| {
            let preset = decode::<Preset>(value).ok()?.value;
            (preset_key(preset.id()) == *key).then_some(preset)
        })
        .collect();
    let order = items
        .iter()
        .find(|(key, _)| key == ORDER_KEY)
        .and_then(|(_, value)| decode::<PresetOrder>(value).ok())
        .map(|d| d.value.ids)
        .unwrap_or_default();
    sort_by_order(&mut presets, &order);
    presets
}

/// Listed ids first, in their order; the rest by name, then id.
fn sort_by_order(presets: &mut Vec<Preset>, order: &[String]) {
    // Each preset's key worked out once: its place in `order` (unlisted last), then its name
    // in lower case and its id.
    let mut keyed: Vec<(usize, String, Preset)> = std::mem::take(presets)
        .into_iter()
        .map(|p| {
            let place = order.iter().position(|id| id == p.id().as_str());
            let name = if place.is_some() {
                String::new()
            } else {
                p.name().to_lowercase()
            };
            (place.unwrap_or(usize::MAX), name, p)
        })
        .collect();
    small_sort::sort_by(&mut keyed, |a, b| {
        (a.0, &a.1, a.2.id()) < (b.0, &b.1, b.2.id())
    });
    presets.extend(keyed.into_iter().map(|(_, _, p)| p));
}

async fn current_order<S: Store>(
    store: &S,
    now: OffsetDateTime,
) -> Result<Vec<String>, StoreError> {
    Ok(
        record::load::<PresetOrder, S>(store, PRESETS_AREA, ORDER_KEY, now)
            .await?
            .value
            .ids,
    )
}

/// Writes one preset (new or edited), appending a new one to the order; refuses what would
/// break the sync quotas.
pub async fn save_preset<S: Store>(
    store: &S,
    preset: &Preset,
    now: OffsetDateTime,
) -> Result<(), SaveError> {
    let mut ids = current_order(store, now).await?;
    if !ids.iter().any(|id| id == preset.id().as_str()) {
        ids.push(preset.id().as_str().to_owned());
    }
    let writes = vec![
        (preset_key(preset.id()), encode(preset)?),
        (ORDER_KEY.to_owned(), encode(&PresetOrder { ids })?),
    ];
    write_checked(store, writes, Vec::new()).await
}

/// Writes `writes` and removes `removals` after checking the quotas on the result.
pub(crate) async fn write_checked<S: Store>(
    store: &S,
    writes: Vec<(String, Value)>,
    removals: Vec<String>,
) -> Result<(), SaveError> {
    let current = store.get_prefixed(PRESETS_AREA, "").await?;
    let problems = check_sync(&after_change(&current, &writes, &removals), &writes);
    if !problems.is_empty() {
        return Err(SaveError::Quota(problems));
    }
    store.set(PRESETS_AREA, writes).await?;
    if !removals.is_empty() {
        store.remove(PRESETS_AREA, removals).await?;
    }
    Ok(())
}

/// Deletes one preset.
pub async fn delete_preset<S: Store>(
    store: &S,
    id: &PresetId,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    store.remove(PRESETS_AREA, vec![preset_key(id)]).await?;
    let mut ids = current_order(store, now).await?;
    let before = ids.len();
    ids.retain(|known| known != id.as_str());
    if ids.len() != before {
        record::save(store, PRESETS_AREA, ORDER_KEY, &PresetOrder { ids }).await?;
    }
    Ok(())
}

/// Stores the person's order.
pub async fn save_order<S: Store>(store: &S, ids: &[PresetId]) -> Result<(), StoreError> {
    let ids = ids.iter().map(|id| id.as_str().to_owned()).collect();
    record::save(store, PRESETS_AREA, ORDER_KEY, &PresetOrder { ids }).await
}

/// What [`ensure_seeded`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeding {
    Seeded(Vec<PresetId>),
    AlreadySeeded,
}

/// On first run, writes the three starting presets and the `seeded` flag in one write.
/// `name_of` words each recipe's name (the views' `_locales`); a name that does not validate
/// falls back to the recipe's id.
pub async fn ensure_seeded<S: Store>(
    store: &S,
    now: OffsetDateTime,
    name_of: impl Fn(RecipeId) -> String,
) -> Result<Seeding, StoreError> {
    if store.get(PRESETS_AREA, SEEDED_KEY).await?.is_some() {
        return Ok(Seeding::AlreadySeeded);
    }
    let mut seeded = Vec::new();
    let mut writes = Vec::new();
    for (recipe_id, id, days) in SEEDED {
        let Ok(preset_id) = PresetId::parse(id) else {
            continue;
        };
        // Already synced from a browser that seeded first (and perhaps edited since).
        if store
            .get(PRESETS_AREA, &preset_key(&preset_id))
            .await?
            .is_some()
        {
            seeded.push(preset_id);
            continue;
        }
        let mut draft = recipe(recipe_id).draft(preset_id.clone(), &name_of(recipe_id));
        draft.lifetime_days = i64::from(days);
        let preset = match draft.validate() {
            Ok(preset) => preset,
            Err(_) => {
                draft.name = recipe_id.as_str().to_owned();
                match draft.validate() {
                    Ok(preset) => preset,
                    Err(_) => continue,
                }
            }
        };
        writes.push((preset_key(&preset_id), encode(&preset)?));
        seeded.push(preset_id);
    }
    // The seeded presets first, in recipe order, then whatever sync already brought.
    let mut ids: Vec<String> = seeded.iter().map(|id| id.as_str().to_owned()).collect();
    let existing = current_order(store, now).await?;
    for id in existing {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    writes.push((ORDER_KEY.to_owned(), encode(&PresetOrder { ids })?));
    writes.push((SEEDED_KEY.to_owned(), encode(&SeededFlag { at: now })?));
    store.set(PRESETS_AREA, writes).await?;
    Ok(Seeding::Seeded(seeded))
}
