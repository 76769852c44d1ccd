//! Import and export of presets.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use core_support::{block_on, now, preset};
use pat_pilot::core::copy_as::CopyFormat;
use pat_pilot::core::preset::{
    CopyAsDraft, OrgsDraft, Preset, PresetDraft, PresetField, ProblemReason,
};
use pat_pilot::core::preset_store::{load_presets, save_preset};
use pat_pilot::core::quota::QuotaProblem;
use pat_pilot::core::scopes::catalog;
use pat_pilot::core::transfer::{
    apply, export, preview, preview_from_store, ApplyError, ImportError, MatchedBy,
    MAX_IMPORT_BYTES, MAX_IMPORT_DEPTH,
};
use pat_pilot::ports::fakes::MemoryStore;
use pat_pilot::ports::{Area, StoreError};
use proptest::prelude::*;
use serde_json::json;

fn document(presets: serde_json::Value) -> Vec<u8> {
    json!({"format": "pat-pilot/presets", "version": 1, "presets": presets})
        .to_string()
        .into_bytes()
}

fn store_with(presets: &[Preset]) -> MemoryStore {
    let store = MemoryStore::new();
    for p in presets {
        block_on(save_preset(&store, p, now())).unwrap();
    }
    store
}

fn import_error(bytes: &[u8]) -> ImportError {
    preview(bytes, &[], &[]).unwrap_err()
}

#[test]
fn export_writes_the_versioned_document() {
    let text = export(&[preset("git", "Git", &["vso.code_write"])]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], "pat-pilot/presets");
    assert_eq!(value["version"], 1);
    assert_eq!(value["presets"][0]["id"], "git");
    assert_eq!(value["presets"][0]["scopes"], json!(["vso.code_write"]));
    assert!(text.ends_with('\n'));
}

#[test]
fn importing_what_was_exported_changes_nothing() {
    let presets = [
        preset("git", "Git", &["vso.code_write"]),
        preset("feeds", "Feeds", &["vso.packaging"]),
    ];
    let store = store_with(&presets);
    let preview = block_on(preview_from_store(
        &store,
        export(&presets).as_bytes(),
        now(),
    ))
    .unwrap();
    assert!(!preview.has_changes());
    assert_eq!(preview.unchanged.len(), 2);
    assert!(preview.rejected.is_empty() && preview.quota.is_empty());
}

#[test]
fn the_preview_sorts_presets_into_added_replaced_and_unchanged() {
    let existing = [
        preset("git", "Git", &["vso.code_write"]),
        preset("old-feeds", "Feeds", &["vso.packaging"]),
        preset("same", "Same", &["vso.work"]),
    ];
    let bytes = document(json!([
        {"id":"git","name":"Git","scopes":["vso.code"],"lifetimeDays":7,"nameTemplate":"{preset}","orgs":"all"},
        {"id":"new-feeds","name":"FEEDS","scopes":["vso.packaging_write"],"lifetimeDays":30,"nameTemplate":"{preset}","orgs":"all"},
        {"id":"same","name":"Same","scopes":["vso.work"],"lifetimeDays":30,"nameTemplate":"{preset} · {date}","orgs":"all"},
        {"id":"agent","name":"Agent","scopes":["vso.agentpools_manage"],"lifetimeDays":1,"nameTemplate":"{preset}","orgs":["contoso"]}
    ]));
    let p = preview(&bytes, &existing, &[]).unwrap();
    assert_eq!(
        p.added.iter().map(|a| a.name()).collect::<Vec<_>>(),
        ["Agent"]
    );
    let replaced: Vec<(&str, &str, MatchedBy)> = p
        .replaced
        .iter()
        .flat_map(|r| {
            r.replaces
                .iter()
                .map(move |x| (r.preset.id().as_str(), x.id.as_str(), x.by))
        })
        .collect();
    assert_eq!(
        replaced,
        [
            ("git", "git", MatchedBy::Id),
            ("new-feeds", "old-feeds", MatchedBy::Name)
        ]
    );
    assert_eq!(
        p.unchanged.iter().map(|u| u.as_str()).collect::<Vec<_>>(),
        ["same"]
    );
    assert!(p.has_changes() && p.is_applicable());
}

#[test]
fn applying_writes_every_change_and_drops_presets_replaced_under_another_id() {
    let existing = [
        preset("git", "Git", &["vso.code_write"]),
        preset("old-feeds", "Feeds", &["vso.packaging"]),
    ];
    let store = store_with(&existing);
    let bytes = document(json!([
        {"id":"new-feeds","name":"Feeds","scopes":["vso.packaging_write"],"lifetimeDays":30,"nameTemplate":"{preset}","orgs":"all"},
        {"id":"agent","name":"Agent","scopes":["vso.agentpools_manage"],"lifetimeDays":1,"nameTemplate":"{preset}","orgs":"all"}
    ]));
    let p = block_on(preview_from_store(&store, &bytes, now())).unwrap();
    block_on(apply(&store, &p)).unwrap();
    let list = block_on(load_presets(&store, now())).unwrap();
    let ids: Vec<&str> = list.presets.iter().map(|p| p.id().as_str()).collect();
    assert_eq!(
        ids,
        ["git", "new-feeds", "agent"],
        "a replacement takes the old one's place"
    );
    assert_eq!(store.raw(Area::Sync, "preset:old-feeds"), None);
}

#[test]
fn a_rejected_preset_is_reported_by_position_id_name_and_field_and_blocks_the_whole_import() {
    let store = store_with(&[preset("git", "Git", &["vso.code_write"])]);
    let bytes = document(json!([
        {"id":"ok","name":"Fine","scopes":["vso.work"],"lifetimeDays":7,"nameTemplate":"{preset}","orgs":"all"},
        {"id":"bad","name":"Bell\u{7}","scopes":["vso.nope"],"lifetimeDays":7,"nameTemplate":"{preset}","orgs":"all"}
    ]));
    let p = block_on(preview_from_store(&store, &bytes, now())).unwrap();
    assert_eq!(p.rejected.len(), 1);
    let r = &p.rejected[0];
    assert_eq!(
        (r.index, r.id.as_deref(), r.name.as_deref()),
        (1, Some("bad"), Some("Bell\u{7}"))
    );
    let fields: Vec<PresetField> = r.problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, [PresetField::Name, PresetField::Scopes]);
    assert_eq!(r.problems[0].reason, ProblemReason::ControlCharacter);
    assert!(!p.is_applicable());
    let before = store.dump(Area::Sync);
    assert_eq!(block_on(apply(&store, &p)), Err(ApplyError::NotApplicable));
    assert_eq!(store.dump(Area::Sync), before, "nothing written");
}

#[test]
fn two_presets_of_one_file_may_not_share_a_name() {
    let bytes = document(json!([
        {"id":"a","name":"Git","scopes":["vso.code"],"lifetimeDays":7,"nameTemplate":"{preset}","orgs":"all"},
        {"id":"b","name":"git ","scopes":["vso.code"],"lifetimeDays":7,"nameTemplate":"{preset}","orgs":"all"}
    ]));
    let p = preview(&bytes, &[], &[]).unwrap();
    assert_eq!(p.rejected[0].index, 1);
    assert_eq!(
        p.rejected[0].problems[0].reason,
        ProblemReason::DuplicateName
    );
}

#[test]
fn documents_that_cannot_be_imported_get_their_own_errors() {
    let cases: Vec<(Vec<u8>, ImportError)> = vec![
        (b"[]".to_vec(), ImportError::NotAnObject),
        (
            br#"{"version":1,"presets":[]}"#.to_vec(),
            ImportError::WrongFormat { found: None },
        ),
        (
            br#"{"format":"other/thing","version":1,"presets":[]}"#.to_vec(),
            ImportError::WrongFormat {
                found: Some("other/thing".into()),
            },
        ),
        (
            br#"{"format":"pat-pilot/presets","presets":[]}"#.to_vec(),
            ImportError::MissingVersion,
        ),
        (
            br#"{"format":"pat-pilot/presets","version":3,"presets":[]}"#.to_vec(),
            ImportError::UnsupportedVersion { found: "3".into() },
        ),
        (
            br#"{"format":"pat-pilot/presets","version":"1","presets":[]}"#.to_vec(),
            ImportError::UnsupportedVersion {
                found: "\"1\"".into(),
            },
        ),
        (
            br#"{"format":"pat-pilot/presets","version":1,"presets":{}}"#.to_vec(),
            ImportError::PresetsNotAList,
        ),
        (
            br#"{"format":"pat-pilot/presets","version":1,"presets":[{"id":"a"},{"id":"b"},{"id":"a"}]}"#
                .to_vec(),
            ImportError::DuplicateId {
                id: "a".into(),
                first: 0,
                second: 2,
            },
        ),
        (vec![b'{', 0xff, b'}'], ImportError::NotUtf8 { valid_up_to: 1 }),
    ];
    for (bytes, expected) in cases {
        assert_eq!(
            import_error(&bytes),
            expected,
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn malformed_json_is_reported_with_line_and_column() {
    let error = import_error(b"{\n  \"format\": \"pat-pilot/presets\",\n  \"version\": 1,,\n}");
    let ImportError::Malformed { line, column, .. } = error else {
        panic!("{error:?}")
    };
    assert_eq!((line, column), (3, 16), "the second comma");
}

#[test]
fn a_file_over_256_kb_is_refused_before_parsing() {
    let mut bytes = document(json!([]));
    bytes.resize(MAX_IMPORT_BYTES + 1, b'!');
    assert_eq!(
        import_error(&bytes),
        ImportError::TooLarge {
            bytes: MAX_IMPORT_BYTES + 1,
            max: MAX_IMPORT_BYTES
        }
    );
    let store = MemoryStore::new();
    assert!(matches!(
        block_on(preview_from_store(&store, &bytes, now())),
        Err(ImportError::TooLarge { .. })
    ));
}

#[test]
fn a_ten_megabyte_string_is_refused_as_too_large() {
    let huge = "x".repeat(10 * 1024 * 1024);
    let bytes = document(json!([{"id":"a","name": huge}]));
    assert!(matches!(import_error(&bytes), ImportError::TooLarge { .. }));
}

#[test]
fn deep_nesting_is_a_typed_error_not_a_crash() {
    for depth in [MAX_IMPORT_DEPTH + 1, 200, 100_000] {
        let text = format!(
            "{{\"format\":\"pat-pilot/presets\",\"version\":1,\"presets\":{}{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let error = import_error(text.as_bytes());
        assert!(
            matches!(
                error,
                ImportError::TooLarge { .. } | ImportError::TooDeep { line: 1, .. }
            ),
            "{depth}: {error:?}"
        );
    }
    // Brackets inside strings do not count.
    let text = format!(
        "{{\"format\":\"pat-pilot/presets\",\"version\":1,\"presets\":[],\"note\":\"{}\"}}",
        "[{".repeat(1000)
    );
    assert!(preview(text.as_bytes(), &[], &[]).is_ok());
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(document(json!([])));
    assert!(preview(&bytes, &[], &[]).is_ok());
}

#[test]
fn escaped_control_characters_and_overlong_strings_are_problems_of_their_field() {
    let bytes = document(json!([
        {"id":"a","name":"x","scopes":["vso.code"],"lifetimeDays":7,"nameTemplate":"{preset}\u{0}","orgs":"all"},
        {"id":"b","name":"n".repeat(5_000),"scopes":["vso.code"],"lifetimeDays":7,"nameTemplate":"{preset}","orgs":"all"}
    ]));
    let p = preview(&bytes, &[], &[]).unwrap();
    assert_eq!(p.rejected[0].problems[0].field, PresetField::NameTemplate);
    assert_eq!(
        p.rejected[0].problems[0].reason,
        ProblemReason::ControlCharacter
    );
    assert_eq!(
        p.rejected[1].problems[0].reason,
        ProblemReason::TooLong { max: 60 }
    );
    assert!(p.rejected[1].name.as_ref().unwrap().chars().count() <= 65);
}

fn big_preset(i: usize) -> serde_json::Value {
    let orgs: Vec<String> = (0..50)
        .map(|o| format!("org{i:03}x{o:02}{}", "o".repeat(40)))
        .collect();
    json!({"id": format!("p{i}"), "name": format!("Preset {i}"), "scopes": ["vso.code"],
           "lifetimeDays": 7, "nameTemplate": "{preset}", "orgs": orgs})
}

#[test]
fn an_import_that_would_overflow_sync_storage_is_rejected_before_writing() {
    let presets: Vec<serde_json::Value> = (0..40).map(big_preset).collect();
    let bytes = document(serde_json::Value::Array(presets));
    let store = MemoryStore::new();
    let p = block_on(preview_from_store(&store, &bytes, now())).unwrap();
    assert!(p.rejected.is_empty());
    assert!(matches!(
        p.quota[0],
        QuotaProblem::TotalTooLarge { max: 102_400, .. }
    ));
    assert!(!p.is_applicable());
    assert_eq!(block_on(apply(&store, &p)), Err(ApplyError::NotApplicable));
    assert!(store.dump(Area::Sync).is_empty());
}

#[test]
fn the_quota_check_counts_what_is_already_in_sync_storage() {
    let bytes = document(json!([big_preset(1)]));
    let mut items = Vec::new();
    for i in 0..511 {
        items.push((format!("k{i}"), json!(1)));
    }
    let p = preview(&bytes, &[], &items).unwrap();
    assert!(p.quota.iter().any(|q| matches!(
        q,
        QuotaProblem::TooManyItems {
            count: 513,
            max: 512
        }
    )));
}

#[test]
fn a_storage_failure_while_applying_is_reported() {
    let store = MemoryStore::new();
    let bytes = document(json!([big_preset(1)]));
    let p = block_on(preview_from_store(&store, &bytes, now())).unwrap();
    store.fail_writes(Some(StoreError::Quota("QUOTA_BYTES".into())));
    assert!(matches!(
        block_on(apply(&store, &p)),
        Err(ApplyError::Store(StoreError::Quota(_)))
    ));
}

/// A "Copy as…" default: every format, feed names and projects of the allowed shapes (a feed
/// and project given to a format that names no feed are dropped by validation).
fn arb_copy_as() -> impl Strategy<Value = CopyAsDraft> {
    (
        proptest::sample::select(CopyFormat::ALL.to_vec()),
        "[A-Za-z0-9][A-Za-z0-9._-]{0,20}[A-Za-z0-9]",
        proptest::option::of("[A-Za-z0-9][A-Za-z0-9 ()äöü!-]{0,20}[A-Za-z0-9]"),
    )
        .prop_map(|(format, feed, project)| CopyAsDraft {
            format: format.id().to_owned(),
            feed,
            project: project.unwrap_or_default(),
        })
}

fn arb_preset() -> impl Strategy<Value = Preset> {
    let scope_ids: Vec<String> = catalog()
        .scopes()
        .filter(|s| !s.is_full_access())
        .map(|s| s.id.clone())
        .collect();
    (
        (
            "[a-z0-9_-]{1,20}",
            "[A-Za-z0-9 ·éü{}]{0,40}",
            proptest::sample::subsequence(scope_ids, 1..6),
            1i64..=365,
        ),
        proptest::sample::select(vec![
            "{preset} · {date}",
            "{org}-{preset}-{time}",
            "fixed {{braces}}",
            "{date}",
        ]),
        proptest::option::of(proptest::collection::vec("[a-z][a-z0-9]{0,8}", 1..4)),
        any::<bool>(),
        arb_copy_as(),
    )
        .prop_filter_map(
            "valid preset",
            |((id, name, scopes, days), template, orgs, full, copy_as)| {
                PresetDraft {
                    id,
                    name: format!("N{name}"),
                    scopes: if full {
                        vec!["app_token".into()]
                    } else {
                        scopes
                    },
                    lifetime_days: days,
                    name_template: template.to_owned(),
                    orgs: match orgs {
                        None => OrgsDraft::All,
                        Some(mut list) => {
                            list.sort();
                            list.dedup();
                            OrgsDraft::Only(list)
                        }
                    },
                    copy_as,
                }
                .validate()
                .ok()
            },
        )
}

proptest! {
    #[test]
    fn export_then_import_is_the_identity(presets in proptest::collection::vec(arb_preset(), 0..12)) {
        // Ids and names are unique among stored presets.
        let mut unique: Vec<Preset> = Vec::new();
        for p in presets {
            if !unique.iter().any(|u| u.id() == p.id() || u.name().to_lowercase() == p.name().to_lowercase()) {
                unique.push(p);
            }
        }
        let store = store_with(&unique);
        let stored = block_on(load_presets(&store, now())).unwrap().presets;
        prop_assert_eq!(&stored, &unique);
        let text = export(&stored);
        let preview = block_on(preview_from_store(&store, text.as_bytes(), now())).unwrap();
        prop_assert!(!preview.has_changes());
        prop_assert!(preview.rejected.is_empty());
        prop_assert_eq!(preview.unchanged.len(), unique.len());
        // And into an empty profile, everything comes back as it was.
        let fresh = MemoryStore::new();
        let preview = block_on(preview_from_store(&fresh, text.as_bytes(), now())).unwrap();
        block_on(apply(&fresh, &preview)).unwrap();
        prop_assert_eq!(block_on(load_presets(&fresh, now())).unwrap().presets, unique);
    }
}

fn npm_preset() -> Preset {
    let mut d = core_support::draft("npm", "npm", &["vso.packaging"]);
    d.copy_as = CopyAsDraft {
        format: "npmrc".into(),
        feed: "packages".into(),
        project: String::new(),
    };
    d.validate().unwrap()
}

#[test]
fn an_export_without_copy_as_stays_version_1_so_older_versions_import_it() {
    let text = export(&[preset("git", "Git", &["vso.code_write"])]);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 1);
    assert!(value["presets"][0].get("copyAs").is_none());
}

#[test]
fn an_export_with_copy_as_is_version_2_and_imports_back() {
    let presets = [preset("git", "Git", &["vso.code_write"]), npm_preset()];
    let text = export(&presets);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["version"], 2);
    assert_eq!(
        value["presets"][1]["copyAs"],
        json!({"format": "npmrc", "feed": "packages"})
    );
    let fresh = MemoryStore::new();
    let preview = block_on(preview_from_store(&fresh, text.as_bytes(), now())).unwrap();
    assert_eq!(preview.added, presets.to_vec());
    block_on(apply(&fresh, &preview)).unwrap();
    assert_eq!(
        block_on(load_presets(&fresh, now())).unwrap().presets,
        presets.to_vec()
    );
}

#[test]
fn a_bad_copy_as_in_a_file_rejects_that_preset_by_field() {
    let mut bad = npm_preset().to_value();
    bad["copyAs"] = json!({"format": "npmrc", "feed": "no spaces please"});
    let preview = preview(&document(json!([bad])), &[], &[]).unwrap();
    assert_eq!(preview.rejected.len(), 1);
    assert_eq!(preview.rejected[0].problems[0].field, PresetField::Feed);
    assert_eq!(
        preview.rejected[0].problems[0].reason,
        ProblemReason::InvalidCharacters
    );
}
