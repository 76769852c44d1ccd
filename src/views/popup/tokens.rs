//! The Tokens screen: the organization's tokens sorted by expiry, with status, name and scopes;
//! a filter box; per token Extend (quick choices), Rotate, Revoke (confirmed), and for an
//! expired or retired token "Create a replacement", since Azure DevOps cannot extend those.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::format;
use super::state::{Action, Notice, RowMode, TokenList, TokensScreen};
use super::states::{self, Next};
use super::ui::{attr, Res, Ui};
use crate::browser::ext::{t, t_with};
use crate::core::expiry::{effective_expiry, status, ExpiryCause, Policy, TokenStatus};
use crate::core::lifetime::{guess_preset, ExtendOutcome, DEFAULT_EXTENSION_DAYS};
use crate::core::preset::Preset;
use crate::core::token::Token;

/// Extensions offered besides the default (the preset's lifetime, else 30 days).
const EXTEND_CHOICES: [u32; 3] = [7, 30, 90];

pub fn render(
    ui: &Ui,
    parent: &Element,
    screen: &TokensScreen,
    presets: &[Preset],
    policy: &Policy,
) -> Res<()> {
    let section = ui.child(parent, "section", "tokens")?;
    attr(&section, "aria-labelledby", "tokens-title")?;
    let title = ui.text(
        &section,
        "h2",
        "section-title",
        &t_with("popup_tokens_title", &[screen.org.name.as_str()]),
    )?;
    title.set_id("tokens-title");
    let (tokens, stale) = match &screen.list {
        TokenList::Loading => {
            let p = ui.text(&section, "p", "loading", &t("popup_tokens_loading"))?;
            attr(&p, "tabindex", "-1")?;
            attr(&p, "data-autofocus", "")?;
            return Ok(());
        }
        TokenList::Failed(problem) => {
            let next = Next {
                org: Some(&screen.org),
                retry: Some(Action::ShowTokens),
                lifespan: None,
            };
            return states::panel(ui, &section, problem, &next);
        }
        TokenList::Loaded { tokens, stale } => (tokens, stale),
    };
    if let Some(error) = stale {
        let note = ui.child(&section, "div", "note")?;
        let text = ui.child(&note, "p", "note-text")?;
        ui.text(&text, "strong", "", &t("popup_tokens_stale"))?;
        ui.text(&text, "span", "note-detail", &error.message)?;
        ui.button(
            &note,
            "secondary small",
            &t("popup_retry"),
            "reload",
            Action::ShowTokens,
        )?;
    }
    if let Some(notice) = &screen.notice {
        notice_view(ui, &section, notice, screen)?;
    }

    let now = super::now();
    let mut shown: Vec<&Token> = tokens.iter().filter(|t| !t.revoked).collect();
    shown.sort_by_key(|t| effective_expiry(t, policy.retirement).at);
    if shown.is_empty() {
        ui.text(&section, "p", "empty", &t("popup_tokens_none"))?;
        return Ok(());
    }

    let filter_row = ui.child(&section, "div", "filter")?;
    let label = ui.text(&filter_row, "label", "sr-only", &t("popup_filter_label"))?;
    attr(&label, "for", "filter")?;
    let field: HtmlInputElement = ui.doc.create_element("input")?.dyn_into()?;
    field.set_type("search");
    field.set_id("filter");
    field.set_value(&screen.filter);
    field.set_placeholder(&t("popup_filter_placeholder"));
    attr(&field, "data-key", "filter")?;
    attr(&field, "data-autofocus", "")?;
    attr(&field, "autocomplete", "off")?;
    filter_row.append_child(&field)?;

    let list = ui.child(&section, "ul", "token-list")?;
    for token in shown {
        row(ui, &list, token, screen, presets, policy, now)?;
    }
    let none = ui.text(&section, "p", "empty no-match", &t("popup_filter_none"))?;
    none.set_hidden(true);
    apply_filter_in(&section, &screen.filter);
    Ok(())
}

fn row(
    ui: &Ui,
    list: &Element,
    token: &Token,
    screen: &TokensScreen,
    presets: &[Preset],
    policy: &Policy,
    now: time::OffsetDateTime,
) -> Res<()> {
    let id = token.id;
    let name = token.name.as_str();
    let scopes = format::scopes_line(&token.scopes);
    let item = ui.child(list, "li", "token")?;
    attr(
        &item,
        "data-filter-text",
        &format!("{name} {scopes}").to_lowercase(),
    )?;
    let head = ui.child(&item, "div", "token-head")?;
    ui.text(&head, "span", "token-name", name)?;
    if token.is_global() {
        ui.text(&head, "span", "badge", &t("popup_global"))?;
    }

    let state = status(token, now, policy);
    let expiry = effective_expiry(token, policy.retirement);
    let (class, words) = match state {
        TokenStatus::Retired => ("status bad", t("popup_status_retired")),
        TokenStatus::Expired => ("status bad", format::expiry(now, expiry.at)),
        TokenStatus::Expiring { .. } => ("status warn", status_words(now, &expiry)),
        TokenStatus::Fine | TokenStatus::Revoked => ("status ok", status_words(now, &expiry)),
    };
    let line = ui.child(&item, "p", class)?;
    let dot = ui.child(&line, "span", "dot")?;
    attr(&dot, "aria-hidden", "true")?;
    ui.text(&line, "span", "", &words)?;
    ui.text(&item, "p", "token-scopes", &scopes)?;

    let actions = ui.child(&item, "div", "row-actions")?;
    let mode = screen.row.filter(|(row, _)| *row == id).map(|(_, m)| m);
    let key = |what: &str| format!("{what}:{id}");
    // One row action: its label, and an accessible name that says which token it acts on.
    let act = |class: &str, label: &str, named: &str, what: &str, action: Action| -> Res<()> {
        let b = ui.button(&actions, class, &t(label), &key(what), action)?;
        attr(&b, "aria-label", &t_with(named, &[name]))
    };
    match mode {
        None => {
            if matches!(state, TokenStatus::Expired | TokenStatus::Retired) {
                act(
                    "secondary small",
                    "popup_replace",
                    "popup_replace_named",
                    "rotate",
                    Action::Rotate(id),
                )?;
            } else {
                act(
                    "secondary small",
                    "popup_extend",
                    "popup_extend_named",
                    "extend",
                    Action::ChooseDays(id),
                )?;
                act(
                    "secondary small",
                    "popup_rotate",
                    "popup_rotate_named",
                    "rotate",
                    Action::Rotate(id),
                )?;
            }
            act(
                "danger-outline small",
                "popup_revoke",
                "popup_revoke_named",
                "revoke",
                Action::AskRevoke(id),
            )?;
        }
        Some(RowMode::ChooseDays) => {
            let default = guess_preset(token, &screen.org.name, presets)
                .map(|p| u32::from(p.lifetime_days()))
                .unwrap_or(u32::from(DEFAULT_EXTENSION_DAYS));
            let mut choices: Vec<u32> = EXTEND_CHOICES.to_vec();
            if !choices.contains(&default) {
                choices.push(default);
                choices.sort_unstable();
            }
            let group = ui.child(&actions, "div", "choices")?;
            attr(&group, "role", "group")?;
            attr(&group, "aria-label", &t_with("popup_extend_group", &[name]))?;
            ui.text(&group, "span", "choices-label", &t("popup_extend_by"))?;
            for days in choices {
                let b = ui.button(
                    &group,
                    if days == default {
                        "primary small"
                    } else {
                        "secondary small"
                    },
                    &format::days(days),
                    &key(&format!("days{days}")),
                    Action::Extend(id, days),
                )?;
                if days == default {
                    attr(&b, "data-refocus", "")?;
                }
            }
            ui.button(
                &group,
                "link small",
                &t("popup_cancel"),
                &key("cancel"),
                Action::CancelRow,
            )?;
        }
        Some(RowMode::ConfirmRevoke) => {
            let group = ui.child(&actions, "div", "choices confirm")?;
            attr(&group, "role", "group")?;
            attr(&group, "aria-labelledby", &key("confirm"))?;
            let q = ui.text(
                &group,
                "span",
                "choices-label",
                &t_with("popup_revoke_confirm", &[name]),
            )?;
            q.set_id(&key("confirm"));
            let yes = ui.button(
                &group,
                "danger small",
                &t("popup_revoke"),
                &key("revoke-yes"),
                Action::Revoke(id),
            )?;
            attr(&yes, "data-refocus", "")?;
            ui.button(
                &group,
                "link small",
                &t("popup_cancel"),
                &key("cancel"),
                Action::CancelRow,
            )?;
        }
        Some(RowMode::Working) => {
            let p = ui.text(&actions, "span", "working", &t("popup_working"))?;
            let spinner = ui.el("span", "spinner")?;
            attr(&spinner, "aria-hidden", "true")?;
            p.prepend_with_node_1(&spinner)?;
            attr(&p, "tabindex", "-1")?;
            attr(&p, "data-refocus", "")?;
        }
    }
    Ok(())
}

/// "Expires 28 Dec 2026, in 30 days", or for a global token that retires first, when it stops
/// working and why.
fn status_words(
    now: time::OffsetDateTime,
    expiry: &crate::core::expiry::EffectiveExpiry,
) -> String {
    match expiry.cause {
        ExpiryCause::ValidTo => format::expiry(now, expiry.at),
        ExpiryCause::GlobalRetirement => t_with(
            "popup_status_global_retires",
            &[
                &format::date(expiry.at, false),
                &format::relative_to(now, expiry.at),
            ],
        ),
    }
}

fn notice_view(ui: &Ui, parent: &Element, notice: &Notice, screen: &TokensScreen) -> Res<()> {
    if let Notice::Failed { problem, .. } = notice {
        let next = Next {
            org: Some(&screen.org),
            retry: None,
            lifespan: None,
        };
        states::panel(ui, parent, problem, &next)?;
        if let Some(p) = parent.last_element_child() {
            attr(&p, "tabindex", "-1")?;
            attr(&p, "data-refocus", "")?;
        }
        return Ok(());
    }
    let class = match notice {
        Notice::Extended {
            outcome: ExtendOutcome::Extended,
            ..
        }
        | Notice::Revoked { .. } => "notice ok",
        _ => "notice warn",
    };
    let p = ui.text(parent, "p", class, &notice_text(notice))?;
    attr(&p, "tabindex", "-1")?;
    attr(&p, "data-refocus", "")?;
    Ok(())
}

/// What an action did, in one sentence (shown and announced).
pub fn notice_text(notice: &Notice) -> String {
    let now = super::now();
    match notice {
        Notice::Extended {
            name,
            token,
            outcome,
        } => {
            let when = format::expiry(now, token.valid_to);
            match outcome {
                ExtendOutcome::Extended => t_with("popup_extended", &[name, &when]),
                ExtendOutcome::Limited => t_with("popup_extended_limited", &[name, &when]),
                ExtendOutcome::NotExtended => t_with("popup_not_extended", &[name]),
            }
        }
        Notice::Revoked { name } => t_with("popup_revoked_named", &[name]),
        Notice::Failed { problem, .. } => states::headline(problem),
    }
}

/// "Tokens listed: 5", announced when the list arrives.
pub fn count_line(tokens: &[Token]) -> String {
    let n = tokens.iter().filter(|t| !t.revoked).count();
    t_with("popup_tokens_count", &[&n.to_string()])
}

/// Hides the rows whose name and scopes do not contain the filter text.
pub fn apply_filter(view: &Element, text: &str) {
    apply_filter_in(view, text);
}

fn apply_filter_in(scope: &Element, text: &str) {
    let needle = text.trim().to_lowercase();
    let Ok(rows) = scope.query_selector_all("li[data-filter-text]") else {
        return;
    };
    let mut visible = 0;
    for i in 0..rows.length() {
        let Some(row) = rows.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
            continue;
        };
        let hay = row.get_attribute("data-filter-text").unwrap_or_default();
        let show = needle.is_empty() || hay.contains(&needle);
        row.set_hidden(!show);
        if show {
            visible += 1;
        }
    }
    if let Ok(Some(none)) = scope.query_selector(".no-match") {
        if let Ok(none) = none.dyn_into::<HtmlElement>() {
            none.set_hidden(visible > 0);
        }
    }
}
