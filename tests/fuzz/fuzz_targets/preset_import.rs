//! Any bytes through the preset import: never a panic, and whatever is accepted exports and
//! imports back unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pat_pilot::core::preset::{CopyAsDraft, OrgsDraft, Preset, PresetDraft};
use pat_pilot::core::transfer::{export, preview};

fn existing() -> Vec<Preset> {
    let draft = |id: &str, name: &str, scope: &str| PresetDraft {
        id: id.into(),
        name: name.into(),
        scopes: vec![scope.into()],
        lifetime_days: 30,
        name_template: "{preset} · {date}".into(),
        orgs: OrgsDraft::All,
        copy_as: CopyAsDraft::default(),
    };
    [
        draft("git", "Git", "vso.code_write"),
        draft("feeds", "Feeds", "vso.packaging"),
    ]
    .into_iter()
    .filter_map(|d| d.validate().ok())
    .collect()
}

fuzz_target!(|data: &[u8]| {
    let existing = existing();
    let sync = vec![("settings".to_owned(), serde_json::json!({"v": 2}))];
    let Ok(first) = preview(data, &existing, &sync) else {
        return;
    };
    let accepted: Vec<Preset> = first
        .added
        .iter()
        .cloned()
        .chain(first.replaced.iter().map(|r| r.preset.clone()))
        .collect();
    let text = export(&accepted);
    match preview(text.as_bytes(), &accepted, &[]) {
        Ok(again) => {
            assert!(!again.has_changes(), "re-import changed something: {text}");
            assert!(again.rejected.is_empty(), "re-import rejected: {text}");
        }
        // 200 presets of the largest kind can exceed the file limit; nothing else may fail.
        Err(error) => assert!(text.len() > 256 * 1024, "{error}: {text}"),
    }
});
