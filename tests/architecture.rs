//! The core and the views' models are pure Rust: no file under `src/core/`, and none under
//! `src/views/` but the painters and runners, may use a browser crate.

use std::path::{Path, PathBuf};

const BROWSER_CRATES: &[&str] = &["wasm_bindgen", "web_sys", "js_sys", "gloo"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            rust_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// True when `line` names `krate` as a path root (`use web_sys::…`, `web_sys::Url`,
/// `extern crate gloo`), ignoring comments.
fn mentions(line: &str, krate: &str) -> bool {
    let code = line.split("//").next().unwrap_or_default();
    code.match_indices(krate).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = &code[at + krate.len()..];
        let starts_word = before.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let is_path = after.starts_with("::")
            || after.starts_with("_net")
            || after.trim_start().starts_with(';');
        starts_word && (is_path || code.trim_start().starts_with("extern crate"))
    })
}

/// `file:line: text` for every line of `files` that names a browser crate.
fn offences(files: &[PathBuf]) -> std::io::Result<Vec<String>> {
    let mut offences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file)?;
        for (number, line) in text.lines().enumerate() {
            for krate in BROWSER_CRATES {
                if mentions(line, krate) {
                    offences.push(format!(
                        "{}:{}: {}",
                        file.display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    Ok(offences)
}

#[test]
fn no_core_module_imports_a_browser_crate() -> std::io::Result<()> {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let mut files = Vec::new();
    rust_files(&core, &mut files)?;
    assert!(files.len() > 10, "found only {files:?}");
    let offences = offences(&files)?;
    assert!(
        offences.is_empty(),
        "browser crates in the core:\n{}",
        offences.join("\n")
    );
    Ok(())
}

/// The wasm-only files of the views: the painters (`paint.rs`, `paint_*.rs`), the runners
/// (`run.rs`), the element helper and the words said in the browser.
fn is_painter_or_runner(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name == "paint.rs"
        || name.starts_with("paint_")
        || name == "run.rs"
        || (path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d == "views")
            && matches!(name, "dom.rs" | "say.rs"))
}

#[test]
fn the_views_models_import_no_browser_crate() -> std::io::Result<()> {
    let views = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/views");
    let mut files = Vec::new();
    rust_files(&views, &mut files)?;
    let (edge, models): (Vec<PathBuf>, Vec<PathBuf>) =
        files.into_iter().partition(|f| is_painter_or_runner(f));
    assert!(models.len() >= 6, "found only {models:?}");
    assert!(!edge.is_empty(), "no painter found");
    let offences = offences(&models)?;
    assert!(
        offences.is_empty(),
        "browser crates in the views' models (only paint.rs, run.rs, dom.rs and say.rs may):\n{}",
        offences.join("\n")
    );
    // The models compile on the host: they cannot reach the browser adapters either.
    for file in &models {
        let text = std::fs::read_to_string(file)?;
        assert!(
            !text.contains("crate::browser"),
            "{} uses the browser adapters",
            file.display()
        );
    }
    Ok(())
}

#[test]
fn the_check_recognises_the_ways_a_crate_is_named() {
    for line in [
        "use wasm_bindgen::prelude::*;",
        "    let url = web_sys::Url::new(x);",
        "use js_sys;",
        "use gloo_net::http::Request;",
        "use gloo::timers;",
        "extern crate wasm_bindgen;",
        "pub use {serde, web_sys::Window};",
    ] {
        assert!(BROWSER_CRATES.iter().any(|k| mentions(line, k)), "{line}");
    }
    for line in [
        "// wasm_bindgen::prelude is not imported here",
        "/// no web-sys, js-sys or gloo here",
        "let my_web_sys_value = 1;",
        "let gloomy = 2;",
    ] {
        assert!(!BROWSER_CRATES.iter().any(|k| mentions(line, k)), "{line}");
    }
}

/// The module path of a file under `root` (`list/update.rs` → `["list", "update"]`; a
/// `mod.rs` is its folder's module).
fn module_of(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The modules a file names through `crate::views::options::…` or `super::…`.
fn named_modules(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .map_while(|seg| {
                let seg: String = seg
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                (!seg.is_empty()).then_some(seg)
            })
            .collect()
    };
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        for (at, _) in code.match_indices("crate::views::options::") {
            found.push(ident(&code[at + "crate::views::options::".len()..]));
        }
        for (at, _) in code.match_indices("super::") {
            // `super::` is the parent of the file's module (for a `mod.rs`, of its folder).
            let mut path: Vec<String> = module.to_vec();
            path.pop();
            let mut rest = &code[at + "super::".len()..];
            while let Some(more) = rest.strip_prefix("super::") {
                path.pop();
                rest = more;
            }
            path.extend(ident(rest));
            found.push(path);
        }
    }
    found
}

#[test]
fn the_options_files_depend_on_one_another_without_a_cycle() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/views/options");
    let mut files = Vec::new();
    rust_files(&root, &mut files)?;
    let modules: Vec<Vec<String>> = files.iter().map(|f| module_of(&root, f)).collect();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); files.len()];
    for (i, file) in files.iter().enumerate() {
        let text = std::fs::read_to_string(file)?;
        for path in named_modules(&text, &modules[i]) {
            // The longest known module the path starts with.
            let target = (0..=path.len())
                .rev()
                .find_map(|n| modules.iter().position(|m| m[..] == path[..n]));
            if let Some(j) = target {
                // A folder's `mod.rs` only declares its files: naming it is no dependency.
                let is_folder = files[j].file_name().is_some_and(|n| n == "mod.rs");
                if j != i && !is_folder && !edges[i].contains(&j) {
                    edges[i].push(j);
                }
            }
        }
    }
    assert!(
        edges.iter().map(Vec::len).sum::<usize>() > 20,
        "too few dependencies found: {edges:?}"
    );
    // Depth-first search for a way back.
    fn visit(at: usize, edges: &[Vec<usize>], state: &mut [u8], path: &mut Vec<usize>) -> bool {
        state[at] = 1;
        path.push(at);
        for &next in &edges[at] {
            if state[next] == 1 {
                path.push(next);
                return true;
            }
            if state[next] == 0 && visit(next, edges, state, path) {
                return true;
            }
        }
        path.pop();
        state[at] = 2;
        false
    }
    let mut state = vec![0u8; files.len()];
    for start in 0..files.len() {
        let mut path = Vec::new();
        if state[start] == 0 && visit(start, &edges, &mut state, &mut path) {
            let names: Vec<String> = path.iter().map(|i| modules[*i].join("/")).collect();
            panic!("an import cycle: {}", names.join(" → "));
        }
    }
    Ok(())
}
