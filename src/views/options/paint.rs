//! Draws the options page from its model: the shell once, then each area into its host when
//! what it shows changed (the views are compared with what was painted last). It decides
//! nothing: the words and the controls' messages come from the areas' models.
//!
//! A control is bound to a `Control` (`controls.rs`): the message it sends, or how to make one from the
//! control's value when the event comes (`run.rs`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

use super::controls::Control;
use super::diagnostics::model::Card;
use super::editor::model::OrgChoices;
use super::list::model::ListView;
use super::model::{Model, Section};
use super::settings::model::SettingsView;
use super::transfer::model::ImportView;
use super::update::Msg;
use crate::views::dom::{by_id, Actions, Node, Painter, Res};
use crate::views::say::say;
use crate::views::words::Text;

/// What each area last showed, to paint only what changed.
#[derive(Default)]
pub struct Painted {
    pub section: Option<Section>,
    /// The number of the editor whose controls are built, if the editor is showing.
    pub editor: Option<u32>,
    pub orgs: Option<OrgChoices>,
    pub list: Option<ListView>,
    pub import: Option<Option<ImportView>>,
    pub settings: Option<SettingsView>,
    pub diagnostics: Option<Vec<Card>>,
}

/// The shell: the header, the navigation and a host per section.
pub fn shell(doc: &Document, actions: &Actions<Control>, root: &Element) -> Res<()> {
    let p = Painter::new(doc, actions, "shell");
    doc.set_title(&say(&Text::Joined(
        vec![Text::key("options_title"), Text::key("extName")],
        " · ",
    )));
    let shell = p.stamp("tpl-shell")?;
    for section in Section::ALL {
        let link = Node(
            shell
                .0
                .query_selector(&format!("#nav-{}", section.slug()))?
                .ok_or_else(|| JsValue::from_str("nav"))?
                .dyn_into()?,
        );
        p.bind(link, Control::Send(Msg::Section(section)));
    }
    // The template's children go straight into `#app`.
    while let Some(child) = shell.0.first_child() {
        root.append_child(&child)?;
    }
    Ok(())
}

/// Paints whatever changed since the last paint.
pub fn paint(
    doc: &Document,
    actions: &Actions<Control>,
    painted: &mut Painted,
    model: &Model,
    now: time::OffsetDateTime,
) -> Res<()> {
    if painted.section != Some(model.section) {
        for s in Section::ALL {
            if let Some(e) = by_id(doc, &format!("section-{}", s.slug())) {
                e.set_hidden(s != model.section);
            }
            if let Some(a) = doc.get_element_by_id(&format!("nav-{}", s.slug())) {
                if s == model.section {
                    a.set_attribute("aria-current", "page")?;
                } else {
                    a.remove_attribute("aria-current")?;
                }
            }
        }
        painted.section = Some(model.section);
    }

    match &model.editor {
        Some(ed) => {
            if painted.editor != Some(ed.number) {
                super::editor::paint::build(&Painter::new(doc, actions, "editor"), ed)?;
                painted.editor = Some(ed.number);
                painted.orgs = None;
                painted.list = None;
                painted.import = None;
            }
            let view = super::editor::model::view(ed, &model.known, &model.names.sample_org, now);
            if painted.orgs.as_ref() != Some(&view.orgs) {
                keeping_focus(doc, || {
                    super::editor::paint::orgs(&Painter::new(doc, actions, "orgs"), &view.orgs)
                })?;
                painted.orgs = Some(view.orgs.clone());
            }
            super::editor::paint::refresh(doc, actions, &view)?;
        }
        None => {
            let view = super::list::model::view(&model.list, &model.presets);
            if painted.editor.is_some() || painted.list.as_ref() != Some(&view) {
                keeping_focus(doc, || {
                    super::list::paint::paint(&Painter::new(doc, actions, "list"), &view)
                })?;
                painted.editor = None;
                painted.list = Some(view);
                painted.import = None;
            }
            let import = model.import.as_ref().map(super::transfer::model::view);
            if painted.import.as_ref() != Some(&import) {
                keeping_focus(doc, || {
                    super::transfer::paint::paint(
                        &Painter::new(doc, actions, "import"),
                        import.as_ref(),
                    )
                })?;
                painted.import = Some(import);
            }
        }
    }

    let settings = super::settings::model::view(&model.settings, &model.known, now);
    if painted.settings.as_ref() != Some(&settings) {
        keeping_focus(doc, || {
            super::settings::paint::paint(&Painter::new(doc, actions, "settings"), &settings)
        })?;
        painted.settings = Some(settings);
    }

    let cards = super::diagnostics::model::view(&model.diagnostics, &model.org_states, now);
    if painted.diagnostics.as_ref() != Some(&cards) {
        keeping_focus(doc, || {
            super::diagnostics::paint::paint(&Painter::new(doc, actions, "diagnostics"), &cards)
        })?;
        painted.diagnostics = Some(cards);
    }
    Ok(())
}

/// Runs a repaint; if it took away the focused element, focus goes to its replacement (the
/// element with the same id), as if it had stayed.
fn keeping_focus(doc: &Document, repaint: impl FnOnce() -> Res<()>) -> Res<()> {
    let focused = doc
        .active_element()
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    repaint()?;
    if let Some(id) = focused {
        let lost = doc
            .active_element()
            .is_none_or(|e| e.id() != id || !e.is_connected());
        if lost {
            if let Some(again) = by_id(doc, &id) {
                let _ = again.focus();
            }
        }
    }
    Ok(())
}
