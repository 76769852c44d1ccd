//! The Home screen of an organization: its presets as large buttons (name, lifetime, scopes in
//! plain words). One click creates a token; while the worker works, that button shows progress
//! and the others wait.

use web_sys::Element;

use super::format;
use super::state::{Action, CreatePhase, OrgPlace, Problem, Session};
use super::states::{self, Next};
use super::ui::{attr, Res, Ui};
use crate::browser::ext::t;
use crate::protocol::SessionState;

pub fn render(ui: &Ui, parent: &Element, place: &OrgPlace, phase: &CreatePhase) -> Res<()> {
    let org = Some(&place.org);
    let no_next = Next {
        org,
        retry: None,
        lifespan: None,
    };
    match &place.session {
        Session::Known(SessionState::SignedOut {}) => {
            return states::panel(ui, parent, &Problem::SignedOut, &no_next);
        }
        Session::Known(SessionState::NoHostAccess {}) => {
            return states::panel(ui, parent, &Problem::NoHostAccess, &no_next);
        }
        Session::Known(SessionState::Unknown { error }) => {
            session_unknown(ui, parent, &error.message)?
        }
        Session::Checking | Session::Known(SessionState::SignedIn { .. }) => {}
    }
    if let CreatePhase::Failed { retry, problem } = phase {
        let lifespan = retry.as_ref().and_then(|(preset, days)| {
            let asked = days.or_else(|| {
                place
                    .presets
                    .iter()
                    .find(|p| p.id().as_str() == preset)
                    .map(|p| u32::from(p.lifetime_days()))
            })?;
            Some((preset.as_str(), asked))
        });
        let next = Next {
            org,
            retry: retry.as_ref().map(|(preset, days)| Action::Create {
                preset: preset.clone(),
                days: *days,
            }),
            lifespan,
        };
        states::panel(ui, parent, problem, &next)?;
    }
    if place.presets.is_empty() {
        return states::no_presets(ui, parent, &place.org);
    }

    let section = ui.child(parent, "section", "presets")?;
    attr(&section, "aria-labelledby", "presets-title")?;
    let title = ui.text(&section, "h2", "section-title", &t("popup_presets_title"))?;
    title.set_id("presets-title");
    let list = ui.child(&section, "ul", "preset-list")?;
    let creating = match phase {
        CreatePhase::Creating { preset } => Some(preset.as_str()),
        _ => None,
    };
    for (i, preset) in place.presets.iter().enumerate() {
        let id = preset.id().as_str();
        let item = ui.child(&list, "li", "")?;
        let button = ui.button(
            &item,
            "preset",
            "",
            &format!("preset:{id}"),
            Action::Create {
                preset: id.to_owned(),
                days: None,
            },
        )?;
        let top = ui.child(&button, "span", "preset-top")?;
        ui.text(&top, "span", "preset-name", preset.name())?;
        ui.text(
            &top,
            "span",
            "preset-days",
            &format::days(u32::from(preset.lifetime_days())),
        )?;
        ui.text(
            &button,
            "span",
            "preset-scopes",
            &format::scopes_line(preset.scopes()),
        )?;
        match creating {
            Some(busy) if busy == id => {
                button.set_class_name("preset busy");
                attr(&button, "aria-disabled", "true")?;
                attr(&button, "aria-busy", "true")?;
                let progress = ui.child(&button, "span", "preset-progress")?;
                let spinner = ui.child(&progress, "span", "spinner")?;
                attr(&spinner, "aria-hidden", "true")?;
                ui.text(&progress, "span", "", &t("popup_creating"))?;
            }
            Some(_) => button.set_disabled(true),
            None => {}
        }
        if i == 0 {
            attr(&button, "data-autofocus", "")?;
        }
    }
    // `make bench` reads the first of these marks: navigation start → presets interactive.
    let _ = web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.mark("presets-interactive"));
    Ok(())
}

/// The worker could not tell who is signed in: say so, offer to ask again, keep the presets.
fn session_unknown(ui: &Ui, parent: &Element, message: &str) -> Res<()> {
    let note = ui.child(parent, "div", "note")?;
    let text = ui.child(&note, "p", "note-text")?;
    ui.text(&text, "strong", "", &t("popup_session_unknown_title"))?;
    ui.text(&text, "span", "note-detail", message)?;
    ui.button(
        &note,
        "secondary small",
        &t("popup_retry"),
        "hello",
        Action::Hello,
    )?;
    Ok(())
}
