//! `chrome.storage.sync` quotas, checked before writing so that a refusal is typed and
//! nothing is half-written.
//!
//! Chrome counts an item as its key's length plus the length of its value's JSON text (UTF-8
//! bytes); `serde_json`'s compact output matches `JSON.stringify` for the values we store.
//! Firefox uses the same limits.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

/// `storage.sync.QUOTA_BYTES`.
pub const SYNC_QUOTA_BYTES: usize = 102_400;
/// `storage.sync.QUOTA_BYTES_PER_ITEM`.
pub const SYNC_QUOTA_BYTES_PER_ITEM: usize = 8_192;
/// `storage.sync.MAX_ITEMS`.
pub const SYNC_MAX_ITEMS: usize = 512;

/// What would not fit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum QuotaProblem {
    ItemTooLarge {
        key: String,
        bytes: usize,
        max: usize,
    },
    TotalTooLarge {
        bytes: usize,
        max: usize,
    },
    TooManyItems {
        count: usize,
        max: usize,
    },
}

/// The bytes an item counts for.
pub fn item_bytes(key: &str, value: &Value) -> usize {
    key.len() + value.to_string().len()
}

/// The sync area as it would be after writing `set` and removing `remove`.
pub fn after_change(
    current: &[(String, Value)],
    set: &[(String, Value)],
    remove: &[String],
) -> BTreeMap<String, Value> {
    let mut items: BTreeMap<String, Value> = current.iter().cloned().collect();
    for key in remove {
        items.remove(key);
    }
    for (key, value) in set {
        items.insert(key.clone(), value.clone());
    }
    items
}

/// Every quota the items break (only the items written by `changed` are checked one by one:
/// an oversized item already stored is not ours to report).
pub fn check_sync(
    items: &BTreeMap<String, Value>,
    changed: &[(String, Value)],
) -> Vec<QuotaProblem> {
    let mut problems: Vec<QuotaProblem> = changed
        .iter()
        .map(|(key, value)| (key, item_bytes(key, value)))
        .filter(|(_, bytes)| *bytes > SYNC_QUOTA_BYTES_PER_ITEM)
        .map(|(key, bytes)| QuotaProblem::ItemTooLarge {
            key: key.clone(),
            bytes,
            max: SYNC_QUOTA_BYTES_PER_ITEM,
        })
        .collect();
    let total: usize = items.iter().map(|(k, v)| item_bytes(k, v)).sum();
    if total > SYNC_QUOTA_BYTES {
        problems.push(QuotaProblem::TotalTooLarge {
            bytes: total,
            max: SYNC_QUOTA_BYTES,
        });
    }
    if items.len() > SYNC_MAX_ITEMS {
        problems.push(QuotaProblem::TooManyItems {
            count: items.len(),
            max: SYNC_MAX_ITEMS,
        });
    }
    problems
}
