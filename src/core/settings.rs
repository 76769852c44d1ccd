//! The settings record: one per person, in `storage.sync` under [`SETTINGS_KEY`].
//!
//! `{"v":2,"thresholds":[14,7,1],"checkIntervalHours":6,"notifications":true}`. Missing
//! fields take their defaults (`#[serde(default)]`), unknown fields are ignored, and
//! version 1 (`{"v":1,"warnDays":[…],"checkEveryMinutes":360,"notify":true}`, the first
//! layout) migrates on read. Organizations are not here: the ones the person uses live in
//! `storage.local` (see `crate::core::known_orgs`), since they differ between machines.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

use crate::core::expiry::{Policy, Thresholds, GLOBAL_PAT_RETIREMENT};
use crate::core::record::{self, Loaded, Versioned};
use crate::ports::{Area, Store, StoreError};

pub const SETTINGS_KEY: &str = "settings";
pub const SETTINGS_AREA: Area = Area::Sync;

/// Where another global-PAT retirement date may be kept: `storage.session`, which only the
/// extension's own pages and worker can write (no web page, and PAT Pilot has no content
/// script), and which the browser empties when it closes. PAT Pilot never writes it; the
/// end-to-end tests do, so that no outcome depends on the day they run.
pub const RETIREMENT_KEY: &str = "retirement";
pub const RETIREMENT_AREA: Area = Area::Session;

pub const DEFAULT_CHECK_INTERVAL_HOURS: u16 = 6;
pub const MIN_CHECK_INTERVAL_HOURS: u16 = 1;
pub const MAX_CHECK_INTERVAL_HOURS: u16 = 24;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Days before expiry at which to warn.
    pub thresholds: Thresholds,
    /// How often the watcher checks, in hours (1–24).
    pub check_interval_hours: u16,
    /// Show notifications (the badge is always kept).
    pub notifications: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            thresholds: Thresholds::default(),
            check_interval_hours: DEFAULT_CHECK_INTERVAL_HOURS,
            notifications: true,
        }
    }
}

impl Settings {
    /// The watcher's rules under these settings.
    pub fn policy(&self) -> Policy {
        Policy::new(self.thresholds.clone())
    }
}

impl Versioned for Settings {
    const VERSION: u32 = 2;

    fn migrate(from: u32, mut fields: Map<String, Value>) -> Result<Map<String, Value>, String> {
        match from {
            // Version 1 named the thresholds `warnDays`, counted the interval in minutes and
            // called the switch `notify`.
            1 => {
                if let Some(days) = fields.remove("warnDays") {
                    fields.insert("thresholds".into(), days);
                }
                if let Some(minutes) = fields.remove("checkEveryMinutes") {
                    let minutes = minutes
                        .as_u64()
                        .ok_or_else(|| format!("checkEveryMinutes is not a number: {minutes}"))?;
                    let hours = minutes.div_ceil(60).clamp(
                        u64::from(MIN_CHECK_INTERVAL_HOURS),
                        u64::from(MAX_CHECK_INTERVAL_HOURS),
                    );
                    fields.insert("checkIntervalHours".into(), Value::from(hours));
                }
                if let Some(notify) = fields.remove("notify") {
                    fields.insert("notifications".into(), notify);
                }
                Ok(fields)
            }
            other => Err(format!("no migration from version {other}")),
        }
    }

    fn check(&self) -> Result<(), String> {
        if (MIN_CHECK_INTERVAL_HOURS..=MAX_CHECK_INTERVAL_HOURS)
            .contains(&self.check_interval_hours)
        {
            Ok(())
        } else {
            Err(format!(
                "checkIntervalHours {} is not between {MIN_CHECK_INTERVAL_HOURS} and {MAX_CHECK_INTERVAL_HOURS}",
                self.check_interval_hours
            ))
        }
    }
}

/// `{"v":1,"at":"2026-12-01T00:00:00Z"}` under [`RETIREMENT_KEY`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetirementOverride {
    #[serde(with = "crate::core::rfc3339::serde")]
    pub at: OffsetDateTime,
}

impl Versioned for RetirementOverride {
    const VERSION: u32 = 1;
}

/// The watcher's rules: the settings' thresholds, and [`GLOBAL_PAT_RETIREMENT`] unless
/// [`RETIREMENT_KEY`] holds another date. A missing, unreadable or garbled override leaves the
/// real date (it is not quarantined: nothing of the person's is lost).
pub async fn policy<S: Store>(store: &S, settings: &Settings) -> Policy {
    let raw = store
        .get(RETIREMENT_AREA, RETIREMENT_KEY)
        .await
        .ok()
        .flatten();
    settings
        .policy()
        .with_retirement(retirement_in(raw.as_ref()))
}

/// The retirement date a record already read sets (the popup reads it after its first
/// paint): `raw` is what [`RETIREMENT_KEY`] holds, if anything.
pub fn retirement_in(raw: Option<&Value>) -> OffsetDateTime {
    raw.and_then(|raw| record::decode::<RetirementOverride>(raw).ok())
        .map_or(GLOBAL_PAT_RETIREMENT, |decoded| decoded.value.at)
}

/// Reads the settings (defaults when missing; unreadable ones are quarantined and reported).
pub async fn load<S: Store>(
    store: &S,
    now: OffsetDateTime,
) -> Result<Loaded<Settings>, StoreError> {
    record::load(store, SETTINGS_AREA, SETTINGS_KEY, now).await
}

/// Writes the settings in the current version.
pub async fn save<S: Store>(store: &S, settings: &Settings) -> Result<(), StoreError> {
    record::save(store, SETTINGS_AREA, SETTINGS_KEY, settings).await
}
