//! Draws a [`Page`] into `#view`, from the `<template>`s of `popup.html`, and puts focus where
//! it belongs. It decides nothing: the words, the controls and their messages come from
//! `view.rs`.
//!
//! The view is repainted whole on every change (a few dozen elements). Focus stays on the
//! control with the same `data-key` (caret and selection too), or moves to what replaced it
//! (`data-refocus`); a new screen starts on its first control (`data-autofocus`).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use super::update::Msg;
use super::view::{
    Block, Button, CopyAsView, CreatedView, FeedView, Focus, GroupView, Note, NoticeView, Page,
    Panel, PresetItem, PresetState, ReplacedView, Row, RowActions, Tab, TokensBody, TokensView,
    Tone,
};
use crate::views::dom::{Node, Painter, Res};
use crate::views::words::Text;

type P<'a> = Painter<'a, Msg>;

/// Paints `page` into `view`; `same_screen` keeps focus within the screen.
pub fn paint(p: &P, view: &Element, page: &Page, same_screen: bool) -> Res<()> {
    let doc = p.doc;
    let focused = doc.active_element().and_then(|e| {
        let key = e.get_attribute("data-key")?;
        let input = e.dyn_ref::<HtmlInputElement>();
        let selection =
            input.and_then(|i| Some((i.selection_start().ok()??, i.selection_end().ok()??)));
        Some((key, selection))
    });

    let screen = shell(p, page)?;
    let main = screen.part("main")?;
    for block in &page.blocks {
        main.0.append_child(&block_node(p, block)?.0)?;
    }
    view.replace_children_with_node_1(&screen.0);
    if page.waiting {
        return Ok(());
    }

    let pick = |selector: &str| view.query_selector(selector).ok().flatten();
    let (kept, selection) = match focused.filter(|_| same_screen) {
        Some((key, selection)) => (
            pick(&format!("[data-key=\"{key}\"]")).filter(|e| !e.has_attribute("disabled")),
            selection,
        ),
        None => (None, None),
    };
    let restored = kept.is_some();
    let target = kept
        .or_else(|| same_screen.then(|| pick("[data-refocus]")).flatten())
        .or_else(|| pick("[data-autofocus]"))
        .or_else(|| pick("button:not([disabled]), input"));
    if let Some(target) = target.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        target.focus()?;
        if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
            let end = input.value().encode_utf16().count() as u32;
            let (start, stop) = selection.filter(|_| restored).unwrap_or((end, end));
            let _ = input.set_selection_range(start.min(end), stop.min(end));
        }
    }
    Ok(())
}

/// The bar on top (the product, the organization and who is signed in, Options), the switch
/// between Create and Tokens, an empty main, the version.
fn shell(p: &P, page: &Page) -> Res<Node> {
    let screen = p.stamp("tpl-screen")?;
    match &page.org_line {
        Some((org, who)) => {
            screen.part("org")?.plain(org);
            screen.part("who")?.text(who);
        }
        None => screen.part("org-line")?.0.remove(),
    }
    p.bind(
        screen.part("options")?.attr("data-key", "options"),
        Msg::OpenOptions,
    );
    match page.tabs {
        Some(current) => {
            let create = p.bind(
                screen.part("nav-create")?.attr("data-key", "nav-create"),
                Msg::Home,
            );
            let tokens = p.bind(
                screen.part("nav-tokens")?.attr("data-key", "nav-tokens"),
                Msg::ShowTokens,
            );
            match current {
                Some(Tab::Create) => {
                    create.attr("aria-current", "page");
                }
                Some(Tab::Tokens) => {
                    tokens.attr("aria-current", "page");
                }
                None => {}
            }
        }
        None => screen.part("tabs")?.0.remove(),
    }
    screen
        .part("version")?
        .plain(&format!("v{}", crate::VERSION));
    Ok(screen)
}

fn block_node(p: &P, block: &Block) -> Res<Node> {
    match block {
        Block::Problem(panel) => panel_node(p, panel),
        Block::Note(note) => note_node(p, note),
        Block::Presets(items) => presets(p, items),
        Block::NoPresets { org, options } => {
            let section = p.stamp("tpl-no-presets")?;
            section
                .part("title")?
                .text(&Text::with("popup_no_presets_title", [Text::plain(org)]));
            section.part("actions")?.child(button(p, options)?);
            Ok(section)
        }
        Block::Elsewhere { recent, open } => {
            let section = p.stamp("tpl-elsewhere")?;
            if recent.is_empty() {
                section.part("recent-title")?.0.remove();
                section.part("recent")?.0.remove();
            } else {
                let list = section.part("recent")?;
                for org in recent {
                    list.0.append_child(&p.el("li")?.child(button(p, org)?).0)?;
                }
            }
            section.part("actions")?.child(button(p, open)?);
            Ok(section)
        }
        Block::Created(created) => created_node(p, created),
        Block::Tokens(tokens) => tokens_node(p, tokens),
    }
}

/// A control: its key, look, words, message, and where focus may go.
fn button(p: &P, b: &Button) -> Res<Node> {
    let node = p
        .button(b.class, &b.label, b.msg.clone())?
        .attr("data-key", &b.key)
        .disabled(b.disabled)
        .attr_if(b.focus == Focus::First, "data-autofocus", "")
        .attr_if(b.focus == Focus::Replacing, "data-refocus", "");
    let node = match b.pressed {
        Some(pressed) => node.attr("aria-pressed", if pressed { "true" } else { "false" }),
        None => node,
    };
    Ok(match &b.name {
        Some(name) => node.say("aria-label", name),
        None => node,
    })
}

/// Text said once something is done or under way, where focus lands.
fn said(node: Node) -> Node {
    node.attr("tabindex", "-1").attr("data-refocus", "")
}

fn panel_node(p: &P, panel: &Panel) -> Res<Node> {
    let section = p.stamp("tpl-panel")?;
    section.part("headline")?.text(&panel.headline);
    match &panel.detail {
        Some(detail) => {
            section.part("detail")?.text(detail);
        }
        None => section.part("detail")?.0.remove(),
    }
    let actions = section.part("actions")?;
    if panel.actions.is_empty() {
        actions.0.remove();
    } else {
        for b in &panel.actions {
            actions.0.append_child(&button(p, b)?.0)?;
        }
    }
    if let Some(shorter) = &panel.shorter {
        let row = p.el("div")?.class("panel-actions");
        let row = shorter.choices.iter().try_fold(row, |row, b| {
            Ok::<_, wasm_bindgen::JsValue>(row.child(button(p, b)?))
        })?;
        section
            .0
            .append_child(&p.text("p", "panel-detail", &shorter.lead)?.0)?;
        section.0.append_child(&row.0)?;
    }
    Ok(section)
}

fn note_node(p: &P, note: &Note) -> Res<Node> {
    let node = p.stamp("tpl-note")?;
    node.part("title")?.text(&note.title);
    node.part("detail")?.plain(&note.detail);
    Ok(node.child(button(p, &note.retry)?))
}

fn presets(p: &P, items: &[PresetItem]) -> Res<Node> {
    let section = p.stamp("tpl-presets")?;
    let list = section.part("list")?;
    for item in items {
        let li = p.stamp("tpl-preset")?;
        li.part("name")?.plain(&item.name);
        li.part("days")?.text(&item.days);
        li.part("scopes")?.text(&item.scopes);
        let node = li.part("button")?;
        let node = p
            .bind(node, item.button.msg.clone())
            .attr("data-key", &item.button.key)
            .attr_if(item.button.focus == Focus::First, "data-autofocus", "");
        match item.state {
            PresetState::Ready => {}
            PresetState::Busy => {
                node.class("preset busy")
                    .attr("aria-disabled", "true")
                    .attr("aria-busy", "true")
                    .child(p.stamp("tpl-progress")?);
            }
            PresetState::Waiting => {
                node.disabled(true);
            }
        }
        list.0.append_child(&li.0)?;
    }
    // `make bench` reads the first of these marks: navigation start → presets interactive.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("presets-interactive");
    }
    Ok(section)
}

fn created_node(p: &P, created: &CreatedView) -> Res<Node> {
    let section = p.stamp("tpl-created")?;
    section.part("name")?.plain(&created.name);
    section.part("secret")?.value(created.secret.expose());
    copy_as(p, &section, &created.copy_as)?;
    section.part("copy-row")?.child(button(p, &created.copy)?);
    section.part("scopes")?.text(&created.scopes);
    section.part("expiry")?.text(&created.expiry);
    match &created.shortened {
        Some(text) => {
            section.part("shortened")?.text(text);
        }
        None => section.part("shortened")?.0.remove(),
    }
    let offer = section.part("replaced")?;
    match &created.replaced {
        None => offer.0.remove(),
        Some(ReplacedView::Ask { text, buttons }) => {
            offer.0.append_child(&p.text("p", "note-text", text)?.0)?;
            if let [only] = buttons.as_slice() {
                offer.0.append_child(&button(p, only)?.0)?;
            } else {
                let row = p.el("div")?.class("panel-actions");
                for b in buttons {
                    row.0.append_child(&button(p, b)?.0)?;
                }
                offer.0.append_child(&row.0)?;
            }
        }
        Some(ReplacedView::Said { text, ok }) => {
            let class = if *ok {
                "note-text ok-line"
            } else {
                "note-text"
            };
            offer.0.append_child(&said(p.text("p", class, text)?).0)?;
        }
        Some(ReplacedView::Problem(panel)) => {
            offer.0.append_child(&panel_node(p, panel)?.0)?;
        }
    }
    section.part("actions")?.child(button(p, &created.done)?);
    Ok(section)
}

/// "Copy as…": the formats, the feed (the preset's, said, or fields to type one) and the
/// masked preview.
fn copy_as(p: &P, section: &Node, view: &CopyAsView) -> Res<()> {
    let select = section.part("format")?;
    for (format, label, chosen) in &view.formats {
        let option = p
            .el("option")?
            .attr("value", format.id())
            .text(label)
            .attr_if(*chosen, "selected", "");
        select.0.append_child(&option.0)?;
    }
    let said = section.part("feed-said")?;
    let fields = section.part("feed-fields")?;
    match &view.feed {
        FeedView::None => {
            said.0.remove();
            fields.0.remove();
        }
        FeedView::Preset(text) => {
            said.text(text);
            fields.0.remove();
        }
        FeedView::Fields {
            feed,
            project,
            feed_problem,
            project_problem,
        } => {
            said.0.remove();
            section.part("feed")?.value(feed);
            section.part("project")?.value(project);
            for (input, part, problem) in [
                ("feed", "feed-problem", feed_problem),
                ("project", "project-problem", project_problem),
            ] {
                let node = section.part(part)?;
                match problem {
                    Some(text) => {
                        node.text(text);
                        section.part(input)?.attr("aria-invalid", "true");
                    }
                    None => node.0.remove(),
                }
            }
        }
    }
    match &view.preview {
        Some(text) => {
            section.part("preview")?.plain(text);
        }
        None => {
            section.part("preview-label")?.0.remove();
            section.part("preview")?.0.remove();
        }
    }
    Ok(())
}

fn tokens_node(p: &P, tokens: &TokensView) -> Res<Node> {
    let section = p.stamp("tpl-tokens")?;
    section.part("title")?.text(&tokens.title);
    let switch = section.part("scope")?;
    for b in &tokens.scope {
        switch.0.append_child(&button(p, b)?.0)?;
    }
    match &tokens.list {
        TokensBody::Loading => {
            let loading = p
                .text("p", "loading", &Text::key("popup_tokens_loading"))?
                .attr("tabindex", "-1")
                .attr("data-autofocus", "");
            Ok(section.child(loading))
        }
        TokensBody::Failed(panel) => Ok(section.child(panel_node(p, panel)?)),
        TokensBody::Loaded {
            stale,
            notice,
            groups,
            filter,
            no_match,
            export,
        } => {
            let mut section = section;
            if let Some(note) = stale {
                section = section.child(note_node(p, note)?);
            }
            match notice {
                Some(NoticeView::Problem(panel)) => {
                    section = section.child(said(panel_node(p, panel)?));
                }
                Some(NoticeView::Said { text, ok }) => {
                    let class = if *ok { "notice ok" } else { "notice warn" };
                    section = section.child(said(p.text("p", class, text)?));
                }
                None => {}
            }
            if groups.is_empty() {
                return Ok(section.child(p.text("p", "empty", &Text::key("popup_tokens_none"))?));
            }
            let filter_row = p.stamp("tpl-filter")?;
            filter_row.part("filter")?.value(filter);
            section = section.child(filter_row);
            for group in groups {
                section = section.child(group_node(p, group)?);
            }
            let none = p
                .text("p", "empty no-match", &Text::key("popup_filter_none"))?
                .hidden(!no_match);
            let exports = p.stamp("tpl-export")?;
            let row = exports.part("buttons")?;
            for b in export {
                row.0.append_child(&button(p, b)?.0)?;
            }
            Ok(section.child(none).child(exports))
        }
    }
}

/// One organization's rows, under its heading in the all-organizations view.
fn group_node(p: &P, group: &GroupView) -> Res<Node> {
    let node = p.el("div")?.class("org-group");
    let mut node = match &group.heading {
        Some(heading) => node
            .attr("role", "group")
            .say("aria-label", heading)
            .child(p.text("h3", "org-heading", heading)?),
        None => node,
    };
    if let Some(note) = &group.note {
        node = node.child(p.text("p", "org-note", note)?);
    }
    let list = p.el("ul")?.class("token-list");
    for r in &group.rows {
        list.0.append_child(&row(p, r)?.0)?;
    }
    // A group whose rows the filter hides all is hidden with them.
    let hidden = group.rows.iter().all(|r| !r.visible);
    Ok(node.child(list).hidden(hidden))
}

fn row(p: &P, r: &Row) -> Res<Node> {
    let li = p.stamp("tpl-token")?.hidden(!r.visible);
    li.part("name")?.plain(&r.name);
    if !r.global {
        li.part("global")?.0.remove();
    }
    let class = match r.tone {
        Tone::Bad => "status bad",
        Tone::Warn => "status warn",
        Tone::Ok => "status ok",
    };
    li.part("status")?.class(class);
    li.part("status-words")?.text(&r.status);
    li.part("scopes")?.text(&r.scopes);
    let actions = li.part("actions")?;
    match &r.actions {
        // A token of an organization nobody can name: its group says why there is nothing.
        RowActions::Buttons(buttons) if buttons.is_empty() => actions.0.remove(),
        RowActions::Buttons(buttons) => {
            for b in buttons {
                actions.0.append_child(&button(p, b)?.0)?;
            }
        }
        RowActions::Choose { group, buttons } => {
            let mut node = p
                .el("div")?
                .class("choices")
                .attr("role", "group")
                .say("aria-label", group)
                .child(p.text("span", "choices-label", &Text::key("popup_extend_by"))?);
            for b in buttons {
                node = node.child(button(p, b)?);
            }
            actions.0.append_child(&node.0)?;
        }
        RowActions::Confirm {
            key,
            question,
            buttons,
        } => {
            let mut node = p
                .el("div")?
                .class("choices confirm")
                .attr("role", "group")
                .attr("aria-labelledby", key)
                .child(p.text("span", "choices-label", question)?.id(key));
            for b in buttons {
                node = node.child(button(p, b)?);
            }
            actions.0.append_child(&node.0)?;
        }
        RowActions::Working => {
            let working = said(p.stamp("tpl-working")?);
            actions.0.append_child(&working.0)?;
        }
    }
    Ok(li)
}
