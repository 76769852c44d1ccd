//! The scope catalog, summaries, the privilege check, and the picker's shape and search.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

use pat_pilot::core::scopes::picker::{picker_groups, search};
use pat_pilot::core::scopes::summary::{check_privilege, summarize, ScopeEntry};
use pat_pilot::core::scopes::{catalog, catalog_json, InUi, FULL_ACCESS};
use pat_pilot::core::token::Scopes;

fn known(group: &'static str, level: &'static str) -> (&'static str, &'static str) {
    (group, level)
}

fn summary_pairs(text: &str) -> Vec<(String, String)> {
    summarize(&Scopes::parse(text))
        .into_iter()
        .map(|e| match e {
            ScopeEntry::Known { group, level, .. } => (group.to_owned(), level.to_owned()),
            ScopeEntry::Unknown { id } => ("?".to_owned(), id),
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(g, l)| ((*g).to_owned(), (*l).to_owned()))
        .collect()
}

#[test]
fn the_catalog_holds_every_reference_scope_in_the_token_pages_group_order() {
    let catalog = catalog();
    assert_eq!(catalog.len(), 86);
    let reference: serde_json::Value = serde_json::from_str(catalog_json()).unwrap();
    let order: Vec<&str> = reference["groupOrder"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_str().unwrap())
        .collect();
    let groups: Vec<&str> = catalog.groups().iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, order);
    assert_eq!(groups.first(), Some(&"Full access"));
    assert_eq!(groups.last(), Some(&"Work Items"));
}

#[test]
fn a_scope_carries_its_group_level_names_and_flags() {
    let code_write = catalog().get("vso.code_write").unwrap();
    assert_eq!(code_write.group, "Code");
    assert_eq!(code_write.label, "Read & write");
    assert!(code_write.name.contains("Code"));
    assert!(code_write.description.starts_with("Grants"));
    assert!(code_write.high_privilege);
    assert_eq!(code_write.in_ui, InUi::Yes);
    assert_eq!(code_write.includes, ["vso.code"]);
    assert_eq!(catalog().get("vso.hooks").unwrap().in_ui, InUi::No);
}

#[test]
fn app_token_is_full_access() {
    let full = catalog().get(FULL_ACCESS).unwrap();
    assert!(full.is_full_access());
    assert_eq!(full.group, "Full access");
    assert!(full.high_privilege);
}

#[test]
fn implications_follow_the_whole_includes_chain_across_groups() {
    let implied: Vec<&str> = catalog()
        .implied("vso.code_full")
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    for id in [
        "vso.code_manage",
        "vso.code_write",
        "vso.code",
        "vso.hooks_write",
        "vso.hooks",
        "vso.profile",
    ] {
        assert!(implied.contains(&id), "{id} missing from {implied:?}");
    }
    assert!(!implied.contains(&"vso.code_status"));
    assert!(catalog().implies("vso.code_manage", "vso.code_write"));
    assert!(!catalog().implies("vso.code_write", "vso.code_manage"));
    assert!(!catalog().implies("vso.gallery_acquire", "vso.gallery_publish"));
    assert!(!catalog().implies("vso.tokens", "vso.tokenadministration"));
    assert!(catalog().implied("vso.not_a_scope").is_empty());
}

#[test]
fn a_summary_names_each_scope_by_group_and_level() {
    assert_eq!(
        summary_pairs("vso.code_write vso.packaging"),
        pairs(&[known("Code", "Read & write"), known("Packaging", "Read")])
    );
}

#[test]
fn a_summary_follows_the_token_pages_group_order_not_the_input_order() {
    assert_eq!(
        summary_pairs("vso.work vso.build vso.code"),
        pairs(&[("Build", "Read"), ("Code", "Read"), ("Work Items", "Read")])
    );
}

#[test]
fn a_summary_leaves_out_what_another_held_scope_includes() {
    assert_eq!(
        summary_pairs("vso.code vso.code_write vso.hooks_write vso.profile"),
        pairs(&[("Code", "Read & write")])
    );
}

#[test]
fn a_summary_keeps_independent_levels_of_one_group() {
    assert_eq!(
        summary_pairs("vso.code_write vso.code_status"),
        pairs(&[("Code", "Read & write"), ("Code", "Status")])
    );
}

#[test]
fn a_summary_keeps_unknown_scopes_verbatim_at_the_end() {
    assert_eq!(
        summary_pairs("vso.brand_new vso.code"),
        pairs(&[("Code", "Read"), ("?", "vso.brand_new")])
    );
}

#[test]
fn a_summary_of_full_access_is_full_access_alone() {
    assert_eq!(
        summary_pairs("vso.code app_token vso.work"),
        pairs(&[("Full access", "Full access")])
    );
}

#[test]
fn a_summary_of_no_scopes_is_empty() {
    assert!(summarize(&Scopes::parse("   ")).is_empty());
}

#[test]
fn the_privilege_check_flags_full_access() {
    let check = check_privilege(&Scopes::parse("app_token"));
    assert!(check.full_access);
    assert!(check.high_privilege.is_empty());
    assert!(check.is_elevated());
}

#[test]
fn the_privilege_check_flags_high_privilege_scopes_only() {
    let check = check_privilege(&Scopes::parse("vso.packaging vso.code_write vso.unknown"));
    assert!(!check.full_access);
    assert_eq!(check.high_privilege, ["vso.code_write"]);
    assert!(check.is_elevated());
    assert!(!check_privilege(&Scopes::parse("vso.packaging vso.work")).is_elevated());
}

fn ladder_and_independent(group: &str) -> (Vec<String>, Vec<String>) {
    let groups = picker_groups();
    let g = groups.iter().find(|g| g.name == group).unwrap();
    (
        g.ladder.iter().map(|s| s.id.clone()).collect(),
        g.independent.iter().map(|s| s.id.clone()).collect(),
    )
}

#[test]
fn picker_ladders_and_independent_levels_follow_the_includes_links() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "Code",
            &[
                "vso.code",
                "vso.code_write",
                "vso.code_manage",
                "vso.code_full",
            ],
            &["vso.code_status"],
        ),
        (
            "Marketplace",
            &["vso.gallery", "vso.gallery_publish", "vso.gallery_manage"],
            &["vso.gallery_acquire"],
        ),
        (
            "Notifications",
            &[
                "vso.notification",
                "vso.notification_write",
                "vso.notification_manage",
            ],
            &["vso.notification_diagnostics"],
        ),
        (
            "Auditing",
            &[],
            &["vso.auditlog", "vso.auditstreams_manage"],
        ),
        (
            "Packaging",
            &[
                "vso.packaging",
                "vso.packaging_write",
                "vso.packaging_manage",
            ],
            &[],
        ),
        (
            "Service Hooks",
            &["vso.hooks", "vso.hooks_write"],
            &["vso.hooks_interact"],
        ),
        ("Tokens", &[], &["vso.tokens"]),
        ("Token Administration", &[], &["vso.tokenadministration"]),
        ("Environment", &[], &["vso.environment_manage"]),
        ("Full access", &[], &["app_token"]),
    ];
    for (group, ladder, independent) in cases {
        let (l, i) = ladder_and_independent(group);
        assert_eq!(l, *ladder, "ladder of {group}");
        assert_eq!(i, *independent, "independent levels of {group}");
    }
}

#[test]
fn the_picker_lists_every_scope_once_in_catalog_group_order() {
    let groups = picker_groups();
    let names: Vec<&str> = groups.iter().map(|g| g.name).collect();
    let catalog_names: Vec<&str> = catalog().groups().iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, catalog_names);
    let mut ids: Vec<&str> = groups
        .iter()
        .flat_map(|g| g.ladder.iter().chain(g.independent.iter()))
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids.len(), catalog().len());
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), catalog().len());
}

#[test]
fn choosing_a_ladder_rung_replaces_the_groups_level_and_keeps_the_rest() {
    let groups = picker_groups();
    let code = groups.iter().find(|g| g.name == "Code").unwrap();
    let scopes = Scopes::parse("vso.code vso.code_status vso.packaging");
    assert_eq!(
        code.selected_rung(&scopes).map(|s| s.id.as_str()),
        Some("vso.code")
    );
    let raised = code.with_rung(&scopes, Some("vso.code_write"));
    assert!(raised.same_set(&Scopes::parse(
        "vso.code_write vso.code_status vso.packaging"
    )));
    let cleared = code.with_rung(&raised, None);
    assert!(cleared.same_set(&Scopes::parse("vso.code_status vso.packaging")));
    assert_eq!(code.selected_rung(&cleared), None);
}

fn search_ids(query: &str) -> Vec<&'static str> {
    search(query).into_iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn search_finds_packaging_by_the_word_feeds_in_its_description() {
    let found = search_ids("feeds");
    assert!(found.contains(&"vso.packaging"), "{found:?}");
    assert_eq!(search_ids("FeEdS"), found);
}

#[test]
fn search_matches_label_group_id_and_keywords_case_insensitively() {
    let cases: &[(&str, &str)] = &[
        ("vso.code_write", "vso.code_write"),
        ("code status", "vso.code_status"),
        ("marketplace", "vso.gallery_manage"),
        ("npm", "vso.packaging"),
        ("NuGet", "vso.packaging_write"),
        ("vsce", "vso.gallery_manage"),
        ("git push", "vso.code_write"),
        ("agent", "vso.agentpools_manage"),
        ("Read & write", "vso.work_write"),
        ("SARIF", "vso.advsec_write"),
    ];
    for (query, expected) in cases {
        assert!(
            search_ids(query).contains(expected),
            "{query:?} should find {expected}"
        );
    }
}

#[test]
fn search_with_no_words_lists_everything_and_nonsense_finds_nothing() {
    assert_eq!(search("  ").len(), catalog().len());
    assert!(search("zzzqqq").is_empty());
    assert!(search("code zzzqqq").is_empty());
}
