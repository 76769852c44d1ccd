//! Presets in sync storage: order, quarantine of unreadable records, quotas, first-run seeding.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use core_support::{block_on, now, preset};
use pat_pilot::core::preset::{CopyAsDraft, OrgsDraft, PresetId};
use pat_pilot::core::preset_store::{
    delete_preset, ensure_seeded, load_presets, preset_key, save_order, save_preset, SaveError,
    Seeding, ORDER_KEY, SEEDED_KEY,
};
use pat_pilot::core::quota::QuotaProblem;
use pat_pilot::core::recipes::RecipeId;
use pat_pilot::core::record::Unreadable;
use pat_pilot::ports::fakes::MemoryStore;
use pat_pilot::ports::{Area, Store, StoreError};
use serde_json::json;

fn names(store: &MemoryStore) -> Vec<String> {
    block_on(load_presets(store, now()))
        .unwrap()
        .presets
        .iter()
        .map(|p| p.name().to_owned())
        .collect()
}

fn english(recipe: RecipeId) -> String {
    match recipe {
        RecipeId::Git => "Git",
        RecipeId::FeedsRead => "Feeds (read)",
        RecipeId::ReadOnly => "Read-only",
        _ => "Other",
    }
    .to_owned()
}

#[test]
fn saved_presets_load_back_in_the_order_they_were_added() {
    let store = MemoryStore::new();
    for (id, name) in [("b", "Second"), ("a", "First"), ("c", "Third")] {
        block_on(save_preset(&store, &preset(id, name, &["vso.code"]), now())).unwrap();
    }
    assert_eq!(names(&store), ["Second", "First", "Third"]);
    let stored = store.raw(Area::Sync, "preset:a").unwrap();
    assert_eq!(stored["v"], 1);
    assert_eq!(stored["name"], "First");
}

#[test]
fn the_person_can_reorder_presets() {
    let store = MemoryStore::new();
    for id in ["a", "b", "c"] {
        block_on(save_preset(&store, &preset(id, id, &["vso.code"]), now())).unwrap();
    }
    let ids: Vec<PresetId> = ["c", "a", "b"]
        .iter()
        .map(|i| PresetId::parse(i).unwrap())
        .collect();
    block_on(save_order(&store, &ids)).unwrap();
    assert_eq!(names(&store), ["c", "a", "b"]);
}

#[test]
fn presets_missing_from_the_order_follow_by_name() {
    let store = MemoryStore::new();
    block_on(save_preset(
        &store,
        &preset("z", "Zeta", &["vso.code"]),
        now(),
    ))
    .unwrap();
    for (id, name) in [("y", "beta"), ("x", "Alpha")] {
        store.put_raw(
            Area::Sync,
            &format!("preset:{id}"),
            json!({"v":1,"id":id,"name":name,"scopes":["vso.work"],"lifetimeDays":7,
                   "nameTemplate":"{preset}","orgs":"all"}),
        );
    }
    assert_eq!(names(&store), ["Zeta", "Alpha", "beta"]);
}

#[test]
fn an_edited_preset_keeps_its_place() {
    let store = MemoryStore::new();
    for id in ["a", "b"] {
        block_on(save_preset(&store, &preset(id, id, &["vso.code"]), now())).unwrap();
    }
    block_on(save_preset(
        &store,
        &preset("a", "A renamed", &["vso.work"]),
        now(),
    ))
    .unwrap();
    assert_eq!(names(&store), ["A renamed", "b"]);
}

#[test]
fn an_unreadable_preset_is_quarantined_and_the_others_still_load() {
    let store = MemoryStore::new();
    block_on(save_preset(
        &store,
        &preset("good", "Good", &["vso.code"]),
        now(),
    ))
    .unwrap();
    let garbled = json!({"v":1,"id":"bad","name":"","scopes":[],"lifetimeDays":0});
    store.put_raw(Area::Sync, "preset:bad", garbled.clone());
    store.put_raw(Area::Sync, "preset:odd", json!("not an object"));

    let list = block_on(load_presets(&store, now())).unwrap();
    assert_eq!(list.presets.len(), 1);
    assert_eq!(list.unreadable.len(), 2);
    let bad = list
        .unreadable
        .iter()
        .find(|q| q.key == "preset:bad")
        .unwrap();
    assert!(matches!(bad.reason, Unreadable::Invalid { .. }));
    let copy = bad.copy.clone().unwrap();
    assert!(copy.starts_with("quarantine:preset:bad:"));
    assert_eq!(store.raw(Area::Local, &copy), Some(garbled.clone()));
    assert_eq!(
        store.raw(Area::Sync, "preset:bad"),
        Some(garbled),
        "the synced original is left alone"
    );
    // Reading again does not copy it again.
    block_on(load_presets(&store, now() + time::Duration::minutes(5))).unwrap();
    let copies = block_on(store.get_prefixed(Area::Local, "quarantine:preset:bad:")).unwrap();
    assert_eq!(copies.len(), 1);
}

#[test]
fn a_preset_stored_under_another_ids_key_is_unreadable() {
    let store = MemoryStore::new();
    let p = preset("real", "Real", &["vso.code"]);
    let mut value = p.to_value();
    value["v"] = json!(1);
    store.put_raw(Area::Sync, "preset:other", value);
    let list = block_on(load_presets(&store, now())).unwrap();
    assert!(list.presets.is_empty());
    assert_eq!(list.unreadable[0].key, "preset:other");
}

#[test]
fn deleting_a_preset_removes_it_and_its_place_in_the_order() {
    let store = MemoryStore::new();
    for id in ["a", "b"] {
        block_on(save_preset(&store, &preset(id, id, &["vso.code"]), now())).unwrap();
    }
    block_on(delete_preset(&store, &PresetId::parse("a").unwrap(), now())).unwrap();
    assert_eq!(names(&store), ["b"]);
    assert_eq!(store.raw(Area::Sync, "preset:a"), None);
    assert_eq!(
        store.raw(Area::Sync, ORDER_KEY).unwrap()["ids"],
        json!(["b"])
    );
}

#[test]
fn saving_refuses_what_would_overflow_the_sync_quota_and_writes_nothing() {
    let store = MemoryStore::new();
    // Fill sync storage close to its 100 KB total with someone's large items.
    for i in 0..13 {
        store.put_raw(Area::Sync, &format!("filler{i}"), json!("x".repeat(7_800)));
    }
    let mut d = core_support::draft("big", "Big", &["vso.code"]);
    d.orgs = OrgsDraft::Only(
        (0..50)
            .map(|i| format!("{}{i:02}", "o".repeat(48)))
            .collect(),
    );
    let big = d.validate().unwrap();
    let error = block_on(save_preset(&store, &big, now())).unwrap_err();
    let SaveError::Quota(problems) = error else {
        panic!("{error:?}")
    };
    assert!(matches!(
        problems[0],
        QuotaProblem::TotalTooLarge { max: 102_400, .. }
    ));
    assert_eq!(store.raw(Area::Sync, "preset:big"), None);
}

#[test]
fn saving_reports_a_storage_failure() {
    let store = MemoryStore::new();
    store.fail_writes(Some(StoreError::Failed("sync disabled".into())));
    let error = block_on(save_preset(&store, &preset("a", "A", &["vso.code"]), now())).unwrap_err();
    assert!(matches!(error, SaveError::Store(StoreError::Failed(_))));
}

#[test]
fn the_first_run_seeds_three_presets_with_fixed_ids_and_a_flag() {
    let store = MemoryStore::new();
    let seeding = block_on(ensure_seeded(&store, now(), english)).unwrap();
    let ids: Vec<String> = match seeding {
        Seeding::Seeded(ids) => ids.iter().map(|i| i.as_str().to_owned()).collect(),
        Seeding::AlreadySeeded => panic!("should seed"),
    };
    assert_eq!(
        ids,
        ["builtin-git", "builtin-feeds-read", "builtin-read-only"]
    );
    let list = block_on(load_presets(&store, now())).unwrap();
    let summary: Vec<(&str, u16, String)> = list
        .presets
        .iter()
        .map(|p| (p.name(), p.lifetime_days(), p.scopes().to_wire()))
        .collect();
    assert_eq!(
        summary,
        [
            ("Git", 30, "vso.code_write".to_owned()),
            ("Feeds (read)", 90, "vso.packaging".to_owned()),
            (
                "Read-only",
                7,
                "vso.code vso.work vso.build vso.release".to_owned()
            ),
        ]
    );
    assert_eq!(store.raw(Area::Sync, SEEDED_KEY).unwrap()["v"], 1);
}

#[test]
fn seeding_happens_once_and_deleting_every_preset_does_not_bring_them_back() {
    let store = MemoryStore::new();
    block_on(ensure_seeded(&store, now(), english)).unwrap();
    for preset in block_on(load_presets(&store, now())).unwrap().presets {
        block_on(delete_preset(&store, preset.id(), now())).unwrap();
    }
    assert_eq!(
        block_on(ensure_seeded(&store, now(), english)).unwrap(),
        Seeding::AlreadySeeded
    );
    assert!(names(&store).is_empty());
}

#[test]
fn two_browsers_seeding_at_once_write_the_same_keys_so_sync_keeps_one_of_each() {
    let first = MemoryStore::new();
    let second = MemoryStore::new();
    block_on(ensure_seeded(&first, now(), english)).unwrap();
    block_on(ensure_seeded(&second, now(), english)).unwrap();
    // Sync merges key by key: the union of both areas.
    let merged = MemoryStore::new();
    for store in [&first, &second] {
        for (key, value) in store.dump(Area::Sync) {
            merged.put_raw(Area::Sync, &key, value);
        }
    }
    assert_eq!(names(&merged), ["Git", "Feeds (read)", "Read-only"]);
}

#[test]
fn seeding_leaves_a_preset_that_sync_already_brought_untouched() {
    let store = MemoryStore::new();
    let edited = preset("builtin-git", "My git", &["vso.code"]);
    block_on(save_preset(&store, &edited, now())).unwrap();
    block_on(ensure_seeded(&store, now(), english)).unwrap();
    let list = block_on(load_presets(&store, now())).unwrap();
    assert_eq!(list.presets[0], edited);
    assert_eq!(list.presets.len(), 3);
}

#[test]
fn a_seeded_name_that_does_not_validate_falls_back_to_the_recipe_id() {
    let store = MemoryStore::new();
    block_on(ensure_seeded(&store, now(), |_| String::new())).unwrap();
    assert_eq!(names(&store), ["git", "feeds-read", "read-only"]);
    assert!(store
        .raw(
            Area::Sync,
            &preset_key(&PresetId::parse("builtin-git").unwrap())
        )
        .is_some());
}

fn with_copy_as(id: &str, name: &str) -> pat_pilot::core::preset::Preset {
    let mut d = core_support::draft(id, name, &["vso.packaging"]);
    d.copy_as = CopyAsDraft {
        format: "npmrc".into(),
        feed: "packages".into(),
        project: "Web Shop".into(),
    };
    d.validate().unwrap()
}

#[test]
fn a_preset_without_copy_as_is_stored_as_version_1_exactly_as_before() {
    let store = MemoryStore::new();
    let git = preset("git", "Git", &["vso.code_write"]);
    block_on(save_preset(&store, &git, now())).unwrap();
    let stored = block_on(store.get(Area::Sync, &preset_key(git.id())))
        .unwrap()
        .unwrap();
    assert_eq!(
        stored,
        json!({"v": 1, "id": "git", "name": "Git", "scopes": ["vso.code_write"],
               "lifetimeDays": 30, "nameTemplate": "{preset} · {date}", "orgs": "all"})
    );
}

#[test]
fn a_preset_with_copy_as_is_stored_as_version_2_and_loads_back() {
    let store = MemoryStore::new();
    let npm = with_copy_as("npm", "npm");
    block_on(save_preset(&store, &npm, now())).unwrap();
    let stored = block_on(store.get(Area::Sync, &preset_key(npm.id())))
        .unwrap()
        .unwrap();
    assert_eq!(stored["v"], 2);
    assert_eq!(
        stored["copyAs"],
        json!({"format": "npmrc", "feed": "packages", "project": "Web Shop"})
    );
    let loaded = block_on(load_presets(&store, now())).unwrap();
    assert_eq!(loaded.presets, vec![npm]);
    assert!(loaded.unreadable.is_empty());
}

#[test]
fn presets_written_by_the_previous_version_still_load() {
    // What PAT Pilot wrote before `copyAs` existed.
    let store = MemoryStore::new();
    block_on(store.set(
        Area::Sync,
        vec![(
            "preset:old".into(),
            json!({"v": 1, "id": "old", "name": "Old", "scopes": ["vso.code"], "lifetimeDays": 7,
                   "nameTemplate": "{preset}", "orgs": ["contoso"]}),
        )],
    ))
    .unwrap();
    let loaded = block_on(load_presets(&store, now())).unwrap();
    assert_eq!(loaded.presets.len(), 1);
    assert!(loaded.presets[0].copy_as().is_raw());
    assert!(loaded.unreadable.is_empty());
}

#[test]
fn a_preset_from_a_newer_version_is_set_aside_not_lost() {
    let store = MemoryStore::new();
    let raw = json!({"v": 3, "id": "new", "name": "New", "scopes": ["vso.code"],
                     "lifetimeDays": 7, "nameTemplate": "{preset}", "orgs": "all"});
    block_on(store.set(Area::Sync, vec![("preset:new".into(), raw.clone())])).unwrap();
    let loaded = block_on(load_presets(&store, now())).unwrap();
    assert!(loaded.presets.is_empty());
    assert_eq!(
        loaded.unreadable[0].reason,
        Unreadable::NewerVersion { found: 3, known: 2 }
    );
    // The original stays in sync storage for the newer browser.
    assert_eq!(
        block_on(store.get(Area::Sync, "preset:new")).unwrap(),
        Some(raw)
    );
}
