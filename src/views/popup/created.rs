//! A token just created, shown once: the secret in a read-only monospace field with Copy, its
//! name, scopes and the expiry the server returned (and whether a policy shortened it). For a
//! rotation, the offer to revoke the token it replaces.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};

use super::format;
use super::state::{Action, CreatedScreen, Replaced, RevokePhase};
use super::states::{self, Next};
use super::ui::{attr, Res, Ui};
use crate::browser::ext::{t, t_with};

pub fn render(ui: &Ui, parent: &Element, screen: &CreatedScreen) -> Res<()> {
    let created = &screen.created;
    let now = super::now();
    let section = ui.child(parent, "section", "created")?;
    attr(&section, "aria-labelledby", "created-title")?;
    let title = ui.text(&section, "h2", "created-title", &t("popup_created_title"))?;
    title.set_id("created-title");
    ui.text(&section, "p", "token-name", &created.token.name)?;

    let label = ui.text(&section, "label", "field-label", &t("popup_secret_label"))?;
    attr(&label, "for", "secret")?;
    let row = ui.child(&section, "div", "secret-row")?;
    let field: HtmlInputElement = ui.doc.create_element("input")?.dyn_into()?;
    field.set_id("secret");
    field.set_class_name("secret mono");
    field.set_read_only(true);
    field.set_value(created.secret.expose());
    attr(&field, "spellcheck", "false")?;
    attr(&field, "autocomplete", "off")?;
    attr(&field, "aria-describedby", "secret-hint")?;
    attr(&field, "data-key", "secret")?;
    row.append_child(&field)?;
    let copy = ui.button(
        &row,
        if screen.copied {
            "primary copied"
        } else {
            "primary"
        },
        &t(if screen.copied {
            "popup_copied_short"
        } else {
            "popup_copy"
        }),
        "copy",
        Action::Copy,
    )?;
    attr(&copy, "data-autofocus", "")?;
    let hint = ui.text(&section, "p", "hint", &t("popup_secret_hint"))?;
    hint.set_id("secret-hint");

    let facts = ui.child(&section, "dl", "facts")?;
    ui.text(&facts, "dt", "", &t("popup_scopes_label"))?;
    ui.text(
        &facts,
        "dd",
        "",
        &format::scopes_line(&created.token.scopes),
    )?;
    ui.text(&facts, "dt", "", &t("popup_expiry_label"))?;
    ui.text(
        &facts,
        "dd",
        "",
        &format::expiry(now, created.token.valid_to),
    )?;
    if created.policy_limited {
        let asked = format::date(created.requested_valid_to, false);
        ui.text(
            &section,
            "p",
            "warn-line",
            &t_with("popup_policy_shortened", &[&asked]),
        )?;
    }
    if let Some(replaced) = &screen.replaced {
        replaced_offer(ui, &section, replaced)?;
    }
    let actions = ui.child(&section, "div", "panel-actions end")?;
    ui.button(
        &actions,
        "secondary",
        &t("popup_done"),
        "done",
        Action::Home,
    )?;
    Ok(())
}

/// After a rotation: offer to revoke the old token, with confirmation.
fn replaced_offer(ui: &Ui, parent: &Element, replaced: &Replaced) -> Res<()> {
    let box_ = ui.child(parent, "div", "note")?;
    let name = replaced.name.as_str();
    match &replaced.phase {
        RevokePhase::Offered => {
            ui.text(&box_, "p", "note-text", &t_with("popup_replaces", &[name]))?;
            let ask = ui.button(
                &box_,
                "danger-outline small",
                &t_with("popup_revoke_named", &[name]),
                "revoke-old",
                Action::AskRevokeReplaced,
            )?;
            attr(&ask, "data-refocus", "")?;
        }
        RevokePhase::Confirming => {
            ui.text(
                &box_,
                "p",
                "note-text",
                &t_with("popup_revoke_confirm", &[name]),
            )?;
            let row = ui.child(&box_, "div", "panel-actions")?;
            let yes = ui.button(
                &row,
                "danger",
                &t("popup_revoke"),
                "revoke-old-yes",
                Action::RevokeReplaced,
            )?;
            attr(&yes, "data-refocus", "")?;
            ui.button(
                &row,
                "secondary",
                &t("popup_cancel"),
                "revoke-old-no",
                Action::CancelRevokeReplaced,
            )?;
        }
        RevokePhase::Working => {
            let said = ui.text(&box_, "p", "note-text", &t("popup_working"))?;
            attr(&said, "tabindex", "-1")?;
            attr(&said, "data-refocus", "")?;
        }
        RevokePhase::Done => {
            let said = ui.text(
                &box_,
                "p",
                "note-text ok-line",
                &t_with("popup_revoked_named", &[name]),
            )?;
            attr(&said, "tabindex", "-1")?;
            attr(&said, "data-refocus", "")?;
        }
        RevokePhase::Failed(problem) => {
            let next = Next {
                org: None,
                retry: Some(Action::RevokeReplaced),
                lifespan: None,
            };
            states::panel(ui, &box_, problem, &next)?;
        }
    }
    Ok(())
}
