//! Import and export of presets (the core's `transfer` format).
//!
//! Export downloads `pat-pilot-presets.json` through a Blob and an `<a download>`. Import reads
//! a file chosen with `<input type=file>`, shows what would be added, replaced, left unchanged
//! and rejected (with every reason), and writes only on confirmation — the valid presets all
//! together, or nothing. A file the core refuses outright gets one clear sentence and leaves
//! the presets exactly as they were.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, Element, HtmlAnchorElement, HtmlInputElement};

use super::html::{by_id, focus, replace, Res, Ui, E};
use super::{list, now, spawn, words, Action, AppRef, Notice, STORE};
use crate::browser::ext::{t, t_with};
use crate::core::preset_store::load_presets;
use crate::core::transfer::{
    apply, export, preview_from_store, ImportError, ImportPreview, MatchedBy, MAX_IMPORT_BYTES,
};

pub const EXPORT_FILE: &str = "pat-pilot-presets.json";

/// A file being imported: its preview, or why it cannot be.
pub struct ImportState {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub outcome: Result<ImportPreview, String>,
}

pub fn act(app: &AppRef, action: Action, control: &Element) -> Res<()> {
    match action {
        Action::Export => {
            let app = app.clone();
            spawn(async move { export_file(&app).await });
        }
        Action::ImportPick => {
            if let Some(input) = by_id(&app.doc, "import-file") {
                input.click();
            }
        }
        Action::ImportFile => {
            let Some(input) = control.dyn_ref::<HtmlInputElement>() else {
                return Ok(());
            };
            let file = input.files().and_then(|files| files.get(0));
            // The same file can be chosen again after a cancel.
            input.set_value("");
            if let Some(file) = file {
                let app = app.clone();
                spawn(async move { read(&app, file).await });
            }
        }
        Action::ImportConfirm => {
            let app = app.clone();
            spawn(async move { confirm(&app).await });
        }
        Action::ImportCancel => {
            app.state.borrow_mut().import = None;
            render(app)?;
            focus(&app.doc, "import-pick");
        }
        _ => {}
    }
    Ok(())
}

async fn export_file(app: &AppRef) -> Res<()> {
    let presets = match load_presets(&STORE, now()).await {
        Ok(list) => list.presets,
        Err(e) => {
            app.state.borrow_mut().list_notice = Notice::error(words::store_error(&e));
            return list::render(app);
        }
    };
    let text = export(&presets);
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    let blob =
        Blob::new_with_str_sequence_and_options(&Array::of1(&JsValue::from_str(&text)), &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: HtmlAnchorElement = app.doc.create_element("a")?.dyn_into()?;
    anchor.set_href(&url);
    anchor.set_download(EXPORT_FILE);
    anchor.set_hidden(true);
    if let Some(body) = app.doc.body() {
        body.append_child(&anchor)?;
        anchor.click();
        anchor.remove();
    }
    // The download reads the Blob on its own schedule: free the URL once it surely has.
    super::after(60_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let done = match presets.len() {
        1 => t_with("options_exported_one", &[EXPORT_FILE]),
        n => t_with("options_exported", &[&n.to_string(), EXPORT_FILE]),
    };
    app.state.borrow_mut().list_notice = Notice::ok(done);
    list::render(app)
}

async fn read(app: &AppRef, file: web_sys::File) -> Res<()> {
    let file_name = file.name();
    let size = file.size() as usize;
    // Refused before reading: a huge file never reaches memory.
    let (bytes, outcome) = if size > MAX_IMPORT_BYTES {
        let error = ImportError::TooLarge {
            bytes: size,
            max: MAX_IMPORT_BYTES,
        };
        (Vec::new(), Err(words::import_error(&error)))
    } else {
        let buffer = JsFuture::from(file.array_buffer()).await?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        let outcome = preview_from_store(&STORE, &bytes, now())
            .await
            .map_err(|e| words::import_error(&e));
        (bytes, outcome)
    };
    app.state.borrow_mut().import = Some(ImportState {
        file_name,
        bytes,
        outcome,
    });
    render(app)?;
    focus(&app.doc, "import-title");
    Ok(())
}

async fn confirm(app: &AppRef) -> Res<()> {
    let Some(bytes) = app.state.borrow().import.as_ref().map(|i| i.bytes.clone()) else {
        return Ok(());
    };
    // Preview again against what is stored now (another window may have changed it), and write
    // only if it still says what the person confirmed.
    let shown = app
        .state
        .borrow()
        .import
        .as_ref()
        .and_then(|i| i.outcome.as_ref().ok().cloned());
    let fresh = match preview_from_store(&STORE, &bytes, now()).await {
        Ok(p) => p,
        Err(e) => return fail(app, words::import_error(&e)),
    };
    if Some(&fresh) != shown.as_ref() {
        if let Some(import) = app.state.borrow_mut().import.as_mut() {
            import.outcome = Ok(fresh);
        }
        render(app)?;
        return fail(app, t("options_import_changed"));
    }
    let count = fresh.added.len() + fresh.replaced.len();
    match apply(&STORE, &fresh.without_rejected()).await {
        Ok(()) => {
            {
                let mut state = app.state.borrow_mut();
                state.import = None;
                state.undo = None;
                state.list_notice = Notice::ok(match count {
                    1 => t("options_imported_one"),
                    n => t_with("options_imported", &[&n.to_string()]),
                });
            }
            list::reload(app).await?;
            focus(&app.doc, "list-status");
            Ok(())
        }
        Err(e) => fail(app, words::apply_error(&e)),
    }
}

fn fail(app: &AppRef, why: String) -> Res<()> {
    if let Some(slot) = by_id(&app.doc, "import-problem") {
        slot.set_text_content(Some(&t_with("options_import_failed", &[&why])));
        slot.set_hidden(false);
    }
    Ok(())
}

/// The import panel (or nothing).
pub fn render(app: &AppRef) -> Res<()> {
    if app.doc.get_element_by_id("import-area").is_none() {
        return Ok(());
    }
    let ui = app.ui("import");
    let state = app.state.borrow();
    let Some(import) = &state.import else {
        drop(state);
        return replace(&app.doc, "import-area", ui.e("div")?);
    };
    let title = ui
        .t(
            "h3",
            "panel-title",
            &t_with("options_import_title", &[&import.file_name]),
        )?
        .id("import-title")
        .attr("tabindex", "-1");
    let panel = ui
        .e("section")?
        .class("panel import")
        .id("import-panel")
        .attr("aria-labelledby", "import-title")
        .child(title);
    let panel = match &import.outcome {
        Err(why) => panel
            .class("panel import error")
            .child(
                ui.e("p")?
                    .class("import-error")
                    .attr("role", "alert")
                    .text(&t_with("options_import_refused", &[why])),
            )
            .child(ui.e("div")?.class("panel-actions").child(ui.button(
                "btn",
                &t("options_close"),
                Action::ImportCancel,
            )?)),
        Ok(preview) => preview_body(&ui, panel, preview)?,
    };
    drop(state);
    replace(&app.doc, "import-area", panel)
}

fn group(ui: &Ui<'_>, id: &str, title: String, items: Vec<E>) -> Res<E> {
    Ok(ui
        .e("div")?
        .class("import-group")
        .id(id)
        .child(ui.t("h4", "", &title)?)
        .child(ui.e("ul")?.children(items)))
}

fn preview_body(ui: &Ui<'_>, panel: E, p: &ImportPreview) -> Res<E> {
    let summary = t_with(
        "options_import_summary",
        &[
            &p.added.len().to_string(),
            &p.replaced.len().to_string(),
            &p.unchanged.len().to_string(),
            &p.rejected.len().to_string(),
        ],
    );
    let mut panel = panel.child(ui.t("p", "import-summary", &summary)?.id("import-summary"));
    if !p.added.is_empty() {
        let items = p
            .added
            .iter()
            .map(|preset| {
                Ok(ui
                    .e("li")?
                    .child(ui.t("strong", "", preset.name())?)
                    .child(ui.t(
                        "span",
                        "muted",
                        &format!(" — {}", words::scope_summary(preset.scopes())),
                    )?))
            })
            .collect::<Res<Vec<_>>>()?;
        panel = panel.child(group(
            ui,
            "import-added",
            t_with("options_import_added", &[&p.added.len().to_string()]),
            items,
        )?);
    }
    if !p.replaced.is_empty() {
        let items = p
            .replaced
            .iter()
            .map(|r| {
                let old: Vec<String> = r
                    .replaces
                    .iter()
                    .map(|x| match x.by {
                        MatchedBy::Id => t_with("options_import_by_id", &[&x.name]),
                        MatchedBy::Name => t_with("options_import_by_name", &[&x.name]),
                    })
                    .collect();
                Ok(ui
                    .e("li")?
                    .child(ui.t("strong", "", r.preset.name())?)
                    .child(ui.t("span", "muted", &format!(" — {}", old.join("; ")))?))
            })
            .collect::<Res<Vec<_>>>()?;
        panel = panel.child(group(
            ui,
            "import-replaced",
            t_with("options_import_replaced", &[&p.replaced.len().to_string()]),
            items,
        )?);
    }
    if !p.rejected.is_empty() {
        let items = p
            .rejected
            .iter()
            .map(|r| {
                let who = match (&r.name, &r.id) {
                    (Some(name), _) => {
                        t_with("options_import_named", &[&(r.index + 1).to_string(), name])
                    }
                    (None, Some(id)) => {
                        t_with("options_import_named", &[&(r.index + 1).to_string(), id])
                    }
                    (None, None) => t_with("options_import_nth", &[&(r.index + 1).to_string()]),
                };
                let reasons = r
                    .problems
                    .iter()
                    .map(|problem| ui.t("li", "", &words::problem_with_field(problem)))
                    .collect::<Res<Vec<_>>>()?;
                Ok(ui
                    .e("li")?
                    .child(ui.t("strong", "", &who)?)
                    .child(ui.e("ul")?.class("reasons").children(reasons)))
            })
            .collect::<Res<Vec<_>>>()?;
        panel = panel.child(group(
            ui,
            "import-rejected",
            t_with("options_import_rejected", &[&p.rejected.len().to_string()]),
            items,
        )?);
    }
    if !p.quota.is_empty() {
        let items = p
            .quota
            .iter()
            .map(|q| ui.t("li", "", &words::quota_problem(q)))
            .collect::<Res<Vec<_>>>()?;
        panel = panel.child(group(ui, "import-quota", t("options_import_quota"), items)?);
    }
    let writable = p.has_changes() && p.quota.is_empty();
    let count = p.added.len() + p.replaced.len();
    let note = if !p.has_changes() {
        Some(t("options_import_nothing"))
    } else if !p.rejected.is_empty() && p.quota.is_empty() {
        Some(match p.rejected.len() {
            1 => t("options_import_skips_one"),
            n => t_with("options_import_skips", &[&n.to_string()]),
        })
    } else {
        None
    };
    if let Some(note) = note {
        panel = panel.child(ui.t("p", "note", &note)?.id("import-note"));
    }
    let actions = ui.e("div")?.class("panel-actions");
    let actions = if writable {
        actions
            .child(
                ui.button(
                    "btn primary",
                    &match count {
                        1 => t("options_import_confirm_one"),
                        n => t_with("options_import_confirm", &[&n.to_string()]),
                    },
                    Action::ImportConfirm,
                )?
                .id("import-confirm"),
            )
            .child(ui.button("btn", &t("options_cancel"), Action::ImportCancel)?)
    } else {
        actions.child(ui.button("btn", &t("options_close"), Action::ImportCancel)?)
    };
    Ok(panel
        .child(
            ui.e("p")?
                .class("problem")
                .id("import-problem")
                .attr("role", "alert")
                .hidden(true),
        )
        .child(actions))
}
