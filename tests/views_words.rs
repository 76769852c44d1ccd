//! Every message the views name exists in English (`tools/locales.mjs` then checks that every
//! language has the keys of English): a key in Rust or in a template's `data-*` attribute that
//! `_locales` lacks would show as the bare key.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, ext, out)?;
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    Ok(())
}

/// The message keys in English.
fn english() -> std::io::Result<BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut json = Vec::new();
    files(&root.join("locales/en"), "json", &mut json)?;
    let mut keys = BTreeSet::new();
    for file in json {
        let text = std::fs::read_to_string(&file)?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| std::io::Error::other(format!("{}: {e}", file.display())))?;
        if let Some(map) = value.as_object() {
            keys.extend(map.keys().cloned());
        }
    }
    Ok(keys)
}

/// Quoted words that look like message keys: `"popup_…"`, `"options_…"`, `"extName"`.
fn named_keys(text: &str) -> Vec<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            (s.starts_with("popup_") || s.starts_with("options_") || *s == "extName")
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                // A prefix a key is built from, not a key.
                && !s.ends_with('_')
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_message_the_views_name_exists_in_english() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let english = english()?;
    let mut sources = Vec::new();
    files(&root.join("src/views"), "rs", &mut sources)?;
    files(&root.join("www"), "html", &mut sources)?;
    let mut named = 0;
    let mut missing = Vec::new();
    for file in &sources {
        for key in named_keys(&std::fs::read_to_string(file)?) {
            named += 1;
            if !english.contains(&key) {
                missing.push(format!("{}: {key}", file.display()));
            }
        }
    }
    assert!(named > 100, "found only {named} keys");
    assert!(
        missing.is_empty(),
        "keys missing from locales/en:\n{}",
        missing.join("\n")
    );
    Ok(())
}
