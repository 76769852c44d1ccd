//! Stored records: versions, migration, quarantine; the settings and known-organizations
//! records.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use core_support::{block_on, now, org};
use pat_pilot::core::expiry::Thresholds;
use pat_pilot::core::known_orgs::{self, KnownOrgs, MAX_KNOWN_ORGS};
use pat_pilot::core::org::HostStyle;
use pat_pilot::core::record::{
    decode, encode, load, quarantine_area, save, LoadStatus, Unreadable, Versioned,
};
use pat_pilot::core::settings::{self, Settings, SETTINGS_KEY};
use pat_pilot::ports::fakes::MemoryStore;
use pat_pilot::ports::{Area, Store, StoreError};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use time::Duration;

/// A record with three versions: 1 had `n` as a string, 2 named it `count`, 3 adds `label`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
struct Counter {
    count: u32,
    label: String,
}

impl Versioned for Counter {
    const VERSION: u32 = 3;
    fn migrate(from: u32, mut fields: Map<String, Value>) -> Result<Map<String, Value>, String> {
        match from {
            1 => {
                let n = fields
                    .remove("n")
                    .and_then(|v| v.as_str().map(str::to_owned));
                let n: u32 = n.ok_or("no n")?.parse().map_err(|_| "n is not a number")?;
                fields.insert("n".into(), json!(n));
                Ok(fields)
            }
            2 => {
                if let Some(n) = fields.remove("n") {
                    fields.insert("count".into(), n);
                }
                Ok(fields)
            }
            _ => Err("unknown".into()),
        }
    }
    fn check(&self) -> Result<(), String> {
        if self.count > 1000 {
            Err("count over 1000".into())
        } else {
            Ok(())
        }
    }
}

fn load_counter(store: &MemoryStore, area: Area) -> pat_pilot::core::record::Loaded<Counter> {
    block_on(load::<Counter, _>(store, area, "counter", now())).unwrap()
}

#[test]
fn a_record_is_stored_with_its_schema_version_beside_its_fields() {
    let store = MemoryStore::new();
    let c = Counter {
        count: 3,
        label: "x".into(),
    };
    block_on(save(&store, Area::Local, "counter", &c)).unwrap();
    assert_eq!(
        store.raw(Area::Local, "counter"),
        Some(json!({"v": 3, "count": 3, "label": "x"}))
    );
    let loaded = load_counter(&store, Area::Local);
    assert_eq!(loaded.value, c);
    assert_eq!(loaded.status, LoadStatus::Current);
}

#[test]
fn a_missing_record_reads_as_defaults() {
    let loaded = load_counter(&MemoryStore::new(), Area::Local);
    assert_eq!(loaded.value, Counter::default());
    assert_eq!(loaded.status, LoadStatus::Missing);
}

#[test]
fn missing_fields_take_their_defaults_and_unknown_fields_are_ignored() {
    let store = MemoryStore::new();
    store.put_raw(
        Area::Local,
        "counter",
        json!({"v": 3, "count": 4, "future": true}),
    );
    let loaded = load_counter(&store, Area::Local);
    assert_eq!(
        loaded.value,
        Counter {
            count: 4,
            label: String::new()
        }
    );
}

#[test]
fn older_versions_migrate_one_step_at_a_time() {
    let store = MemoryStore::new();
    store.put_raw(Area::Local, "counter", json!({"v": 1, "n": "7"}));
    let loaded = load_counter(&store, Area::Local);
    assert_eq!(loaded.value.count, 7);
    assert_eq!(loaded.status, LoadStatus::Migrated { from: 1 });
    assert_eq!(
        decode::<Counter>(&json!({"v": 2, "n": 9}))
            .unwrap()
            .value
            .count,
        9
    );
}

#[test]
fn unreadable_records_are_quarantined_reported_and_replaced_by_defaults() {
    let cases: Vec<(Value, Unreadable)> = vec![
        (json!("text"), Unreadable::NotAnObject),
        (json!({"count": 1}), Unreadable::MissingVersion),
        (json!({"v": 0, "count": 1}), Unreadable::MissingVersion),
        (json!({"v": "3", "count": 1}), Unreadable::MissingVersion),
        (
            json!({"v": 4, "count": 1}),
            Unreadable::NewerVersion { found: 4, known: 3 },
        ),
        (
            json!({"v": 1, "n": "seven"}),
            Unreadable::Migration {
                from: 1,
                message: "n is not a number".into(),
            },
        ),
        (
            json!({"v": 3, "count": "many"}),
            Unreadable::Invalid {
                message: String::new(),
            },
        ),
        (
            json!({"v": 3, "count": 5000}),
            Unreadable::Invalid {
                message: "count over 1000".into(),
            },
        ),
    ];
    for (raw, expected) in cases {
        let store = MemoryStore::new();
        store.put_raw(Area::Local, "counter", raw.clone());
        let loaded = load_counter(&store, Area::Local);
        assert_eq!(loaded.value, Counter::default(), "{raw}");
        let q = loaded.quarantined().unwrap();
        match (&q.reason, &expected) {
            (Unreadable::Invalid { .. }, Unreadable::Invalid { message }) if message.is_empty() => {
            }
            (got, want) => assert_eq!(got, want, "{raw}"),
        }
        let copy = q.copy.clone().unwrap();
        assert_eq!(
            copy,
            format!("quarantine:counter:{}", now().unix_timestamp() * 1000)
        );
        assert_eq!(store.raw(Area::Local, &copy), Some(raw.clone()));
        assert_eq!(
            store.raw(Area::Local, "counter"),
            Some(raw),
            "never overwritten"
        );
    }
}

#[test]
fn a_value_is_quarantined_once_however_often_it_is_read() {
    let store = MemoryStore::new();
    store.put_raw(Area::Local, "counter", json!([1]));
    let first = load_counter(&store, Area::Local);
    let again = block_on(load::<Counter, _>(
        &store,
        Area::Local,
        "counter",
        now() + Duration::hours(1),
    ))
    .unwrap();
    assert_eq!(
        first.quarantined().unwrap().copy,
        again.quarantined().unwrap().copy
    );
    assert_eq!(
        block_on(store.get_prefixed(Area::Local, "quarantine:"))
            .unwrap()
            .len(),
        1
    );
    // A different bad value gets its own copy.
    store.put_raw(Area::Local, "counter", json!([2]));
    block_on(load::<Counter, _>(
        &store,
        Area::Local,
        "counter",
        now() + Duration::hours(2),
    ))
    .unwrap();
    assert_eq!(
        block_on(store.get_prefixed(Area::Local, "quarantine:"))
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn quarantined_copies_of_session_records_never_leave_session_storage() {
    assert_eq!(quarantine_area(Area::Session), Area::Session);
    assert_eq!(quarantine_area(Area::Sync), Area::Local);
    assert_eq!(quarantine_area(Area::Local), Area::Local);
    let store = MemoryStore::new();
    store.put_raw(Area::Session, "counter", json!({"secret": "abc"}));
    let loaded = load_counter(&store, Area::Session);
    let copy = loaded.quarantined().unwrap().copy.clone().unwrap();
    assert!(store.raw(Area::Session, &copy).is_some());
    assert!(store.dump(Area::Local).is_empty());
}

#[test]
fn when_the_copy_cannot_be_written_the_record_is_still_reported_and_left_intact() {
    let store = MemoryStore::new();
    store.put_raw(Area::Local, "counter", json!(false));
    store.fail_writes(Some(StoreError::Quota("full".into())));
    let loaded = load_counter(&store, Area::Local);
    assert_eq!(loaded.quarantined().unwrap().copy, None);
    assert_eq!(store.raw(Area::Local, "counter"), Some(json!(false)));
}

#[test]
fn encoding_refuses_a_record_that_is_not_an_object() {
    #[derive(Serialize, Deserialize)]
    struct Bare(u32);
    impl Versioned for Bare {
        const VERSION: u32 = 1;
    }
    assert!(matches!(encode(&Bare(1)), Err(StoreError::Failed(_))));
}

#[test]
fn settings_default_to_14_7_1_day_warnings_and_a_six_hour_check() {
    let loaded = block_on(settings::load(&MemoryStore::new(), now())).unwrap();
    assert_eq!(loaded.status, LoadStatus::Missing);
    assert_eq!(loaded.value.thresholds.days(), [14, 7, 1]);
    assert_eq!(loaded.value.check_interval_hours, 6);
    assert!(loaded.value.notifications);
    assert_eq!(loaded.value.policy().thresholds, Thresholds::default());
}

#[test]
fn settings_round_trip_through_sync_storage() {
    let store = MemoryStore::new();
    let s = Settings {
        thresholds: Thresholds::new([30, 3]).unwrap(),
        check_interval_hours: 12,
        notifications: false,
    };
    block_on(settings::save(&store, &s)).unwrap();
    assert_eq!(
        store.raw(Area::Sync, SETTINGS_KEY),
        Some(
            json!({"v": 2, "thresholds": [30, 3], "checkIntervalHours": 12, "notifications": false})
        )
    );
    let loaded = block_on(settings::load(&store, now())).unwrap();
    assert_eq!((loaded.value, loaded.status), (s, LoadStatus::Current));
}

#[test]
fn settings_merge_missing_fields_with_defaults() {
    let store = MemoryStore::new();
    store.put_raw(
        Area::Sync,
        SETTINGS_KEY,
        json!({"v": 2, "checkIntervalHours": 3}),
    );
    let loaded = block_on(settings::load(&store, now())).unwrap();
    assert_eq!(loaded.value.check_interval_hours, 3);
    assert_eq!(loaded.value.thresholds, Thresholds::default());
}

#[test]
fn a_recorded_version_1_settings_record_migrates_to_version_2() {
    let fixture: Value =
        serde_json::from_str(include_str!("fixtures/core/settings-v1.json")).unwrap();
    let store = MemoryStore::new();
    store.put_raw(Area::Sync, SETTINGS_KEY, fixture);
    let loaded = block_on(settings::load(&store, now())).unwrap();
    assert_eq!(loaded.status, LoadStatus::Migrated { from: 1 });
    assert_eq!(
        loaded.value,
        Settings {
            thresholds: Thresholds::new([21, 7, 2]).unwrap(),
            check_interval_hours: 2,
            notifications: false,
        }
    );
    block_on(settings::save(&store, &loaded.value)).unwrap();
    assert_eq!(store.raw(Area::Sync, SETTINGS_KEY).unwrap()["v"], 2);
}

#[test]
fn settings_that_cannot_be_read_are_kept_aside_and_defaults_take_their_place() {
    for raw in [
        json!({"v": 2, "thresholds": [0, 500]}),
        json!({"v": 2, "checkIntervalHours": 0}),
        json!({"v": 2, "checkIntervalHours": 25}),
        json!({"v": 1, "checkEveryMinutes": "often"}),
        json!("garbage"),
    ] {
        let store = MemoryStore::new();
        store.put_raw(Area::Sync, SETTINGS_KEY, raw.clone());
        let loaded = block_on(settings::load(&store, now())).unwrap();
        assert_eq!(loaded.value, Settings::default(), "{raw}");
        let copy = loaded.quarantined().unwrap().copy.clone().unwrap();
        assert_eq!(store.raw(Area::Local, &copy), Some(raw.clone()));
        assert_eq!(store.raw(Area::Sync, SETTINGS_KEY), Some(raw));
    }
}

#[test]
fn known_organizations_keep_the_most_recent_first_and_forget_the_oldest() {
    let mut known = KnownOrgs::default();
    known.touch(org("contoso"), HostStyle::Modern, now());
    known.touch(
        org("fabrikam"),
        HostStyle::Legacy,
        now() + Duration::minutes(1),
    );
    known.touch(
        org("contoso"),
        HostStyle::Modern,
        now() + Duration::minutes(2),
    );
    let names: Vec<&str> = known.orgs.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["contoso", "fabrikam"]);
    assert_eq!(
        known.get(&org("fabrikam")).unwrap().host_style,
        HostStyle::Legacy
    );
    for i in 0..30 {
        known.touch(org(&format!("org{i}")), HostStyle::Modern, now());
    }
    assert_eq!(known.orgs.len(), MAX_KNOWN_ORGS);
    assert_eq!(known.orgs[0].name.as_str(), "org29");
    known.forget(&org("org29"));
    assert_eq!(known.orgs[0].name.as_str(), "org28");

    let store = MemoryStore::new();
    block_on(known_orgs::save(&store, &known)).unwrap();
    let loaded = block_on(known_orgs::load(&store, now())).unwrap();
    assert_eq!(loaded.value, known);
    assert_eq!(store.raw(Area::Local, "orgs").unwrap()["v"], 1);
}

#[test]
fn a_known_organizations_record_with_a_lookalike_name_is_quarantined() {
    let store = MemoryStore::new();
    store.put_raw(
        Area::Local,
        "orgs",
        json!({"v": 1, "orgs": [{"name": "evil.example/x", "hostStyle": "modern", "lastUsed": "2026-01-01T00:00:00Z"}]}),
    );
    let loaded = block_on(known_orgs::load(&store, now())).unwrap();
    assert!(loaded.value.orgs.is_empty());
    assert!(loaded.quarantined().is_some());
}
