//! Stored records: one way to write them and one way to read them back.
//!
//! Every record is a JSON object with its schema version beside its fields:
//! `{"v": 2, "thresholds": [14, 7, 1], …}`. A record is written in the oldest version that holds
//! it ([`Versioned::version`]), so adding a field does not lock out older readers of records
//! that do not use it. Reading ([`load`], [`decode`]) checks the version,
//! migrates older versions one step at a time ([`Versioned::migrate`]), deserializes (with
//! `#[serde(default)]` on the record, missing fields take their defaults) and checks the
//! result ([`Versioned::check`]).
//!
//! What cannot be read is never overwritten silently: [`load`] copies the raw value to
//! `quarantine:<key>:<unix-ms>`, reports it in [`LoadStatus::Quarantined`], and hands back
//! defaults. The original stays where it was until the caller saves over it (a record synced
//! from a newer version in another browser is not deleted everywhere by an older one). Copies
//! of `Sync` and `Local` records go to `Local` (no sync quota spent on them, nothing garbled
//! synced); copies of `Session` records stay in `Session`, where secrets may live, so a secret
//! never reaches the disk. The same raw value is copied once, however often it is read.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::ports::{Area, Store, StoreError};

/// The field that holds a record's schema version.
pub const VERSION_FIELD: &str = "v";
/// Keys of quarantined copies start with this.
pub const QUARANTINE_PREFIX: &str = "quarantine:";

/// A record type with a schema version.
pub trait Versioned: Serialize + DeserializeOwned {
    /// The newest version this code reads and writes.
    const VERSION: u32;

    /// The version this record is written in: [`Versioned::VERSION`], unless the record uses
    /// nothing that version added. Writing the older version keeps a record that a browser
    /// with an older PAT Pilot (syncing the same `storage.sync`) can still read, where the newer
    /// one would be set aside there as unreadable.
    fn version(&self) -> u32 {
        Self::VERSION
    }

    /// Turns the fields of a version-`from` record into those of version `from + 1`.
    fn migrate(from: u32, fields: Map<String, Value>) -> Result<Map<String, Value>, String> {
        let _ = fields;
        Err(format!("no migration from version {from}"))
    }

    /// Rules that deserialization alone does not enforce.
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

/// Why a stored value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Unreadable {
    #[error("not a JSON object")]
    NotAnObject,
    #[error("no schema version")]
    MissingVersion,
    #[error("schema version {found} is newer than the {known} this version reads")]
    NewerVersion { found: u64, known: u32 },
    #[error("migration from version {from} failed: {message}")]
    Migration { from: u32, message: String },
    #[error("invalid record: {message}")]
    Invalid { message: String },
}

/// A record read back, and whether it had to be migrated.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    pub migrated_from: Option<u32>,
}

/// A record as [`load`] hands it over: always a value, and what happened.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    pub value: T,
    pub status: LoadStatus,
}

/// What [`load`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum LoadStatus {
    /// Nothing stored: defaults.
    Missing,
    /// Read as stored.
    Current,
    /// Read from an older version and migrated (saved in the new version on the next save).
    Migrated { from: u32 },
    /// Unreadable: defaults in its place.
    Quarantined(Quarantined),
}

/// A record that could not be read, and where its copy went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Quarantined {
    pub key: String,
    /// The copy's key; `None` when the copy could not be written (the original is intact).
    pub copy: Option<String>,
    pub reason: Unreadable,
}

impl<T> Loaded<T> {
    pub fn quarantined(&self) -> Option<&Quarantined> {
        match &self.status {
            LoadStatus::Quarantined(q) => Some(q),
            _ => None,
        }
    }
}

/// The stored form of a record: its fields and `v`.
pub fn encode<T: Versioned>(record: &T) -> Result<Value, StoreError> {
    match serde_json::to_value(record) {
        Ok(Value::Object(mut fields)) => {
            fields.insert(VERSION_FIELD.to_owned(), Value::from(record.version()));
            Ok(Value::Object(fields))
        }
        Ok(_) => Err(StoreError::Failed(
            "a record must serialize to an object".into(),
        )),
        Err(e) => Err(StoreError::Failed(e.to_string())),
    }
}

/// Reads a stored value: version check, migrations, deserialization, [`Versioned::check`].
pub fn decode<T: Versioned>(raw: &Value) -> Result<Decoded<T>, Unreadable> {
    let Value::Object(fields) = raw else {
        return Err(Unreadable::NotAnObject);
    };
    let mut fields = fields.clone();
    let found = fields
        .remove(VERSION_FIELD)
        .and_then(|v| v.as_u64())
        .filter(|v| *v >= 1)
        .ok_or(Unreadable::MissingVersion)?;
    if found > u64::from(T::VERSION) {
        return Err(Unreadable::NewerVersion {
            found,
            known: T::VERSION,
        });
    }
    // `found` ≤ VERSION, a u32.
    let start = u32::try_from(found).unwrap_or(T::VERSION);
    for from in start..T::VERSION {
        fields =
            T::migrate(from, fields).map_err(|message| Unreadable::Migration { from, message })?;
    }
    let value: T =
        serde_json::from_value(Value::Object(fields)).map_err(|e| Unreadable::Invalid {
            message: e.to_string(),
        })?;
    value
        .check()
        .map_err(|message| Unreadable::Invalid { message })?;
    Ok(Decoded {
        value,
        migrated_from: (start < T::VERSION).then_some(start),
    })
}

/// Reads the record at `key`, with `T::default()` when missing or unreadable.
pub async fn load<T, S>(
    store: &S,
    area: Area,
    key: &str,
    now: OffsetDateTime,
) -> Result<Loaded<T>, StoreError>
where
    T: Versioned + Default,
    S: Store,
{
    load_or(store, area, key, now, T::default).await
}

/// [`load`] with the defaults given.
pub async fn load_or<T, S>(
    store: &S,
    area: Area,
    key: &str,
    now: OffsetDateTime,
    default: impl FnOnce() -> T,
) -> Result<Loaded<T>, StoreError>
where
    T: Versioned,
    S: Store,
{
    let raw = store.get(area, key).await?;
    Ok(read(store, area, key, raw, now, default).await)
}

/// [`load_or`] of a value already read (e.g. with others, by `Store::get_many`).
pub async fn read<T, S>(
    store: &S,
    area: Area,
    key: &str,
    raw: Option<Value>,
    now: OffsetDateTime,
    default: impl FnOnce() -> T,
) -> Loaded<T>
where
    T: Versioned,
    S: Store,
{
    let Some(raw) = raw else {
        return Loaded {
            value: default(),
            status: LoadStatus::Missing,
        };
    };
    match decode::<T>(&raw) {
        Ok(Decoded {
            value,
            migrated_from,
        }) => Loaded {
            value,
            status: match migrated_from {
                Some(from) => LoadStatus::Migrated { from },
                None => LoadStatus::Current,
            },
        },
        Err(reason) => Loaded {
            value: default(),
            status: LoadStatus::Quarantined(quarantine(store, area, key, &raw, reason, now).await),
        },
    }
}

/// Writes a record in the current version.
pub async fn save<T: Versioned, S: Store>(
    store: &S,
    area: Area,
    key: &str,
    record: &T,
) -> Result<(), StoreError> {
    store
        .set(area, vec![(key.to_owned(), encode(record)?)])
        .await
}

/// Where quarantined copies of an area's records go.
pub fn quarantine_area(area: Area) -> Area {
    match area {
        Area::Session => Area::Session,
        Area::Sync | Area::Local => Area::Local,
    }
}

/// Copies an unreadable value aside (once per distinct value) and says where.
pub async fn quarantine<S: Store>(
    store: &S,
    area: Area,
    key: &str,
    raw: &Value,
    reason: Unreadable,
    now: OffsetDateTime,
) -> Quarantined {
    let target = quarantine_area(area);
    let prefix = format!("{QUARANTINE_PREFIX}{key}:");
    let existing = store
        .get_prefixed(target, &prefix)
        .await
        .unwrap_or_default();
    let copy = match existing.into_iter().find(|(_, v)| v == raw) {
        Some((copy_key, _)) => Some(copy_key),
        None => {
            let millis = now.unix_timestamp_nanos() / 1_000_000;
            let copy_key = format!("{prefix}{millis}");
            store
                .set(target, vec![(copy_key.clone(), raw.clone())])
                .await
                .ok()
                .map(|()| copy_key)
        }
    };
    Quarantined {
        key: key.to_owned(),
        copy,
        reason,
    }
}
