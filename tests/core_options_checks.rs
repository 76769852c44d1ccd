//! What the options page asks of the core beyond validation and preview: a name another preset
//! already has, and importing the valid presets of a file that also holds rejected ones.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use core_support::{block_on, draft, now, preset};
use pat_pilot::core::preset::{PresetField, PresetProblem, ProblemReason};
use pat_pilot::core::preset_store::{load_presets, save_preset};
use pat_pilot::core::transfer::{apply, preview_from_store, ApplyError};
use pat_pilot::ports::fakes::MemoryStore;
use serde_json::json;

fn duplicate_name() -> PresetProblem {
    PresetProblem::new(PresetField::Name, ProblemReason::DuplicateName)
}

#[test]
fn a_name_another_preset_has_is_a_problem_whatever_its_case_and_spaces() {
    let others = [preset("git", "Git", &["vso.code_write"])];
    let result = draft("copy", "  git ", &["vso.code"]).validate_among(&others);
    assert_eq!(result, Err(vec![duplicate_name()]));
}

#[test]
fn a_preset_may_keep_its_own_name() {
    let others = [preset("git", "Git", &["vso.code_write"])];
    let edited = draft("git", "Git", &["vso.code"]).validate_among(&others);
    assert!(edited.is_ok(), "{edited:?}");
}

#[test]
fn a_taken_name_is_reported_with_the_other_problems() {
    let others = [preset("git", "Git", &["vso.code_write"])];
    let problems = draft("copy", "Git", &[])
        .validate_among(&others)
        .unwrap_err();
    assert!(problems.contains(&duplicate_name()));
    assert!(problems
        .iter()
        .any(|p| p.field == PresetField::Scopes && p.reason == ProblemReason::Empty));
}

#[test]
fn confirming_an_import_writes_the_valid_presets_and_skips_the_rejected_ones() {
    let store = MemoryStore::new();
    block_on(save_preset(
        &store,
        &preset("git", "Git", &["vso.code_write"]),
        now(),
    ))
    .unwrap();
    let good = |id: &str| json!({"id": id, "name": id, "scopes": ["vso.work"], "lifetimeDays": 7, "nameTemplate": "{preset}", "orgs": "all"});
    let bad = json!({"id": "bad", "name": "Bad", "scopes": ["vso.nope"], "lifetimeDays": 7, "nameTemplate": "{preset}", "orgs": "all"});
    let file = json!({"format": "pat-pilot/presets", "version": 1, "presets": [good("a"), bad, good("b")]});
    let preview = block_on(preview_from_store(
        &store,
        file.to_string().as_bytes(),
        now(),
    ))
    .unwrap();
    assert_eq!(preview.rejected.len(), 1);
    assert_eq!(
        block_on(apply(&store, &preview)),
        Err(ApplyError::NotApplicable),
        "the preview as read still refuses"
    );

    block_on(apply(&store, &preview.without_rejected())).unwrap();
    let names: Vec<String> = block_on(load_presets(&store, now()))
        .unwrap()
        .presets
        .iter()
        .map(|p| p.name().to_owned())
        .collect();
    assert_eq!(names, ["Git", "a", "b"]);
}
