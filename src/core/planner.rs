//! The notification planner: which tokens to warn about now.
//!
//! From the tokens, the record of thresholds already notified, and now, [`plan`] returns the
//! notifications due and the new record. The rules:
//! - each token is notified at most once per threshold;
//! - a token crossing several thresholds at once (the computer slept a week) gets one
//!   notification, for the nearest, and every threshold crossed is marked;
//! - a token whose effective expiry changed (extended) is re-armed;
//! - revoked and retired tokens, and tokens no longer listed, drop out of the record, so pass
//!   every known token (the cache of every organization), not one organization's;
//! - expired tokens are not notified (the badge and the list show them).
//!
//! The record lives in `storage.local` under [`NOTIFIED_KEY`], written through
//! `crate::core::record`. Every check reads it (a thousand entries are common), so it is stored
//! like the token cache: one JSON text of `[authorizationId, expires (Unix seconds), [7, …]]`
//! rows (`{"v":2,"tokens":"[[\"3d3a…\",1764547200,[14,7]]]"}`), read straight into Rust types.
//! Version 1 (`{"v":1,"tokens":{"<id>":{"expires":"<RFC 3339>","notified":[7]}}}`) is migrated.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::{Duration, OffsetDateTime};

use crate::core::expiry::{effective_expiry, status, ExpiryCause, Policy, TokenStatus};
use crate::core::record::{self, Loaded, Versioned};
use crate::core::token::{AuthorizationId, Token};
use crate::ports::{Area, Store, StoreError};

/// The `storage.local` key of the [`NotifiedRecord`].
pub const NOTIFIED_KEY: &str = "notified";
pub const NOTIFIED_AREA: Area = Area::Local;

/// Two expiries closer than this are the same (servers round timestamps differently).
pub const REARM_TOLERANCE: Duration = Duration::minutes(1);

/// What was notified for one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notified {
    /// The effective expiry the thresholds were counted from, in whole seconds (it is compared
    /// within [`REARM_TOLERANCE`] only).
    pub expires: OffsetDateTime,
    /// Thresholds (days) already crossed and dealt with, largest first.
    pub notified: Vec<u16>,
}

/// The thresholds already notified, per token.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "StoredRecord", into = "StoredRecord")]
pub struct NotifiedRecord {
    pub tokens: BTreeMap<AuthorizationId, Notified>,
}

/// The stored form: the rows as one JSON text.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
struct StoredRecord {
    tokens: String,
}

/// One stored row: id, expiry in Unix seconds, thresholds notified.
type Row = (AuthorizationId, i64, Vec<u16>);

impl From<NotifiedRecord> for StoredRecord {
    fn from(record: NotifiedRecord) -> Self {
        let rows: Vec<Row> = record
            .tokens
            .into_iter()
            .map(|(id, n)| (id, n.expires.unix_timestamp(), n.notified))
            .collect();
        // A list of ids, integers and small integers always serializes.
        Self {
            tokens: serde_json::to_string(&rows).unwrap_or_default(),
        }
    }
}

impl TryFrom<StoredRecord> for NotifiedRecord {
    type Error = String;

    fn try_from(stored: StoredRecord) -> Result<Self, String> {
        if stored.tokens.is_empty() {
            return Ok(Self::default());
        }
        let rows: Vec<Row> = serde_json::from_str(&stored.tokens).map_err(|e| e.to_string())?;
        let mut tokens = BTreeMap::new();
        for (id, expires, notified) in rows {
            let expires = OffsetDateTime::from_unix_timestamp(expires)
                .map_err(|_| format!("expiry {expires} out of range"))?;
            tokens.insert(id, Notified { expires, notified });
        }
        Ok(Self { tokens })
    }
}

impl Versioned for NotifiedRecord {
    const VERSION: u32 = 2;

    /// Version 1 kept an object per token, with its expiry in RFC 3339.
    fn migrate(from: u32, fields: Map<String, Value>) -> Result<Map<String, Value>, String> {
        #[derive(Deserialize)]
        struct V1 {
            #[serde(default)]
            tokens: BTreeMap<AuthorizationId, NotifiedV1>,
        }
        #[derive(Deserialize)]
        struct NotifiedV1 {
            #[serde(with = "crate::core::rfc3339::serde")]
            expires: OffsetDateTime,
            notified: Vec<u16>,
        }
        if from != 1 {
            return Err(format!("no migration from version {from}"));
        }
        let v1: V1 = serde_json::from_value(Value::Object(fields)).map_err(|e| e.to_string())?;
        let record = NotifiedRecord {
            tokens: v1
                .tokens
                .into_iter()
                .map(|(id, n)| {
                    let expires = whole_seconds(n.expires);
                    (
                        id,
                        Notified {
                            expires,
                            notified: n.notified,
                        },
                    )
                })
                .collect(),
        };
        let mut fields = Map::new();
        fields.insert(
            "tokens".to_owned(),
            Value::String(StoredRecord::from(record).tokens),
        );
        Ok(fields)
    }
}

/// `at` without its fraction of a second (what the record keeps).
fn whole_seconds(at: OffsetDateTime) -> OffsetDateTime {
    at.replace_nanosecond(0).unwrap_or(at)
}

/// One notification to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DueNotification {
    pub token: AuthorizationId,
    /// The nearest threshold crossed.
    pub threshold_days: u16,
    /// When the token stops working.
    #[serde(with = "crate::core::rfc3339::serde")]
    pub expires: OffsetDateTime,
    pub cause: ExpiryCause,
}

/// What [`plan`] decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Soonest expiry first.
    pub due: Vec<DueNotification>,
    /// To store in place of the old record once the notifications are shown.
    pub record: NotifiedRecord,
}

/// Plans the notifications due at `now`.
pub fn plan(
    tokens: &[Token],
    record: &NotifiedRecord,
    now: OffsetDateTime,
    policy: &Policy,
) -> Plan {
    let mut due = Vec::new();
    let mut next = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for token in tokens {
        if !seen.insert(token.id) {
            continue;
        }
        let state = status(token, now, policy);
        if matches!(state, TokenStatus::Revoked | TokenStatus::Retired) {
            continue;
        }
        let expiry = effective_expiry(token, policy.retirement);
        let mut notified: Vec<u16> = record
            .tokens
            .get(&token.id)
            .filter(|old| (old.expires - expiry.at).abs() <= REARM_TOLERANCE)
            .map(|old| old.notified.clone())
            .unwrap_or_default();
        if let TokenStatus::Expiring { threshold_days } = state {
            if !notified.contains(&threshold_days) {
                due.push(DueNotification {
                    token: token.id,
                    threshold_days,
                    expires: expiry.at,
                    cause: expiry.cause,
                });
            }
            for crossed in policy.thresholds.crossed(expiry.at - now) {
                if !notified.contains(&crossed) {
                    notified.push(crossed);
                }
            }
            notified.sort_unstable_by(|a, b| b.cmp(a));
        }
        if !notified.is_empty() {
            next.insert(
                token.id,
                Notified {
                    expires: whole_seconds(expiry.at),
                    notified,
                },
            );
        }
    }
    due.sort_by(|a, b| a.expires.cmp(&b.expires).then(a.token.cmp(&b.token)));
    Plan {
        due,
        record: NotifiedRecord { tokens: next },
    }
}

/// Reads the notified record (empty when missing; an unreadable one is quarantined).
pub async fn load_record<S: Store>(
    store: &S,
    now: OffsetDateTime,
) -> Result<Loaded<NotifiedRecord>, StoreError> {
    record::load(store, NOTIFIED_AREA, NOTIFIED_KEY, now).await
}

/// Writes the notified record (after the notifications it plans are shown).
pub async fn save_record<S: Store>(store: &S, notified: &NotifiedRecord) -> Result<(), StoreError> {
    record::save(store, NOTIFIED_AREA, NOTIFIED_KEY, notified).await
}
