//! Draws the editor into `#presets-body`: its controls once per editor ([`build`]), the
//! organization choices when they change ([`orgs`]), and everything that follows from the
//! draft on every paint ([`refresh`]) without rebuilding a control, so focus, caret and
//! typing are never disturbed.

use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlInputElement, HtmlSelectElement};

use super::model::{
    formats, Editor, EditorView, OrgChoices, LIFETIME_RANGE, PLACEHOLDERS, QUICK_DAYS,
};
use super::picker::{structure, Level, PickerView};
use super::update::Msg;
use crate::core::feed::{MAX_FEED_CHARS, MAX_PROJECT_CHARS};
use crate::core::preset::MAX_NAME_CHARS;
use crate::core::template::MAX_TEMPLATE_CHARS;
use crate::views::dom::{by_id, Actions, Node, Res};
use crate::views::options::controls::{fill, Control, P};
use crate::views::options::shared::safe_id;
use crate::views::options::update::Msg as PageMsg;
use crate::views::say::say;
use crate::views::words::{self, Text};

fn send(msg: Msg) -> Control {
    Control::Send(PageMsg::Editor(msg))
}

/// The editor's controls, for `ed`.
pub fn build(p: &P, ed: &Editor) -> Res<()> {
    let editor = p.stamp("tpl-editor")?;
    let (title, discard) = if ed.original.is_none() {
        ("options_editor_new", "options_cancel")
    } else {
        ("options_editor_edit", "options_discard")
    };
    editor.part("title")?.text(&Text::key(title));
    p.bind(
        editor.part("name")?,
        Control::Value(|v| PageMsg::Editor(Msg::Name(v))),
    )
    .attr("maxlength", &(MAX_NAME_CHARS * 2).to_string());
    p.bind(
        editor.part("template")?,
        Control::Value(|v| PageMsg::Editor(Msg::Template(v))),
    )
    .attr("maxlength", &(MAX_TEMPLATE_CHARS * 2).to_string());
    let placeholders = editor.part("placeholders")?;
    for placeholder in PLACEHOLDERS {
        let button = p
            .bind(
                p.plain("button", "chip mono", placeholder)?
                    .attr("type", "button"),
                Control::Placeholder(placeholder),
            )
            .say(
                "aria-label",
                &Text::with("options_template_insert_one", [Text::plain(placeholder)]),
            );
        placeholders.0.append_child(&button.0)?;
    }
    p.bind(
        editor.part("lifetime")?,
        Control::Value(|v| PageMsg::Editor(Msg::Lifetime(v))),
    )
    .attr("min", &LIFETIME_RANGE.0.to_string())
    .attr("max", &LIFETIME_RANGE.1.to_string());
    let quick = editor.part("quick")?;
    for days in QUICK_DAYS {
        let chip = p
            .button(
                "chip",
                &words::days(u32::from(days)),
                send(Msg::LifetimeQuick(days)),
            )?
            .id(&format!("quick-{days}"));
        quick.0.append_child(&chip.0)?;
    }
    for (part, all) in [("orgs-all", true), ("orgs-only", false)] {
        let control = if all {
            Control::Check(|_, _| PageMsg::Editor(Msg::OrgsMode { all: true }))
        } else {
            Control::Check(|_, _| PageMsg::Editor(Msg::OrgsMode { all: false }))
        };
        p.bind(editor.part(part)?, control);
    }
    for (part, full) in [("mode-custom", false), ("mode-full", true)] {
        let control = if full {
            Control::Check(|_, _| PageMsg::Editor(Msg::ScopeMode { full: true }))
        } else {
            Control::Check(|_, _| PageMsg::Editor(Msg::ScopeMode { full: false }))
        };
        p.bind(editor.part(part)?, control);
    }
    let select = p.bind(
        editor.part("copy-as")?,
        Control::Value(|v| PageMsg::Editor(Msg::CopyFormat(v))),
    );
    for (format, label) in formats() {
        select
            .0
            .append_child(&p.el("option")?.attr("value", format.id()).text(&label).0)?;
    }
    p.bind(
        editor.part("feed")?,
        Control::Value(|v| PageMsg::Editor(Msg::Feed(v))),
    )
    .attr("maxlength", &(MAX_FEED_CHARS * 2).to_string());
    p.bind(
        editor.part("project")?,
        Control::Value(|v| PageMsg::Editor(Msg::Project(v))),
    )
    .attr("maxlength", &(MAX_PROJECT_CHARS * 2).to_string());
    for (part, project) in [("feed-org", false), ("feed-project", true)] {
        let control = if project {
            Control::Check(|_, _| PageMsg::Editor(Msg::FeedScope { project: true }))
        } else {
            Control::Check(|_, _| PageMsg::Editor(Msg::FeedScope { project: false }))
        };
        p.bind(editor.part(part)?, control);
    }
    p.bind(editor.part("done")?, send(Msg::Done));
    p.bind(editor.part("discard")?, send(Msg::Discard))
        .text(&Text::key(discard));
    let picker = picker(p, &ed.held_at_open)?;
    editor
        .0
        .query_selector("#picker-host")?
        .map(|host| host.append_child(&picker.0))
        .transpose()?;
    // The draft's values once; later paints change a field only when the model's differs.
    editor.part("name")?.value(&ed.draft.name);
    editor.part("template")?.value(&ed.draft.name_template);
    editor.part("lifetime")?.value(&ed.lifetime_text);
    editor.part("feed")?.value(&ed.draft.copy_as.feed);
    editor.part("project")?.value(&ed.draft.copy_as.project);
    fill(p, "presets-body", editor)
}

/// A compact "High privilege" mark: an icon, its words for screen readers and as a tooltip.
fn level_label(p: &P, level: &Level, input: Node) -> Res<Node> {
    let label = p.stamp("tpl-picker-level")?.id(&safe_id("lbl", level.id));
    label.part("label")?.plain(level.label);
    label.part("id")?.plain(level.id);
    label.0.prepend_with_node_1(&input.0)?;
    if level.high_privilege {
        label.0.append_child(&p.stamp("tpl-high-privilege")?.0)?;
    }
    Ok(label)
}

/// The search, the selection summary and every group's controls.
fn picker(p: &P, held: &[String]) -> Res<Node> {
    let picker = p.stamp("tpl-picker")?;
    p.bind(
        picker.part("search")?,
        Control::Value(|q| PageMsg::Editor(Msg::Search(q))),
    );
    p.bind(picker.part("show-all")?, send(Msg::ShowAll));
    let groups = picker.part("groups")?;
    for group in structure(held) {
        let gi = group.index;
        let name = format!("rung-{gi}");
        let mut controls = Vec::new();
        if !group.ladder.is_empty() {
            let none = p.bind(
                p.el("input")?
                    .attr("type", "radio")
                    .id(&format!("rung-{gi}-none"))
                    .attr("name", &name)
                    .value(""),
                Control::Rung(gi),
            );
            controls.push(p.el("label")?.class("level").child(none).child(p.text(
                "span",
                "level-label",
                &Text::key("options_scope_none"),
            )?));
            for level in &group.ladder {
                let input = p.bind(
                    p.el("input")?
                        .attr("type", "radio")
                        .id(&safe_id("lvl", level.id))
                        .attr("name", &name)
                        .value(level.id),
                    Control::Rung(gi),
                );
                controls.push(level_label(p, level, input)?);
            }
        }
        let mut extras = Vec::new();
        for level in &group.independent {
            let input = p.bind(
                p.el("input")?
                    .attr("type", "checkbox")
                    .id(&safe_id("lvl", level.id))
                    .value(level.id),
                Control::Check(|on, id| PageMsg::Editor(Msg::Level { id, on })),
            );
            extras.push(level_label(p, level, input)?);
        }
        // Independent levels start their own row when the group also has a ladder.
        let mut fieldset = p
            .el("fieldset")?
            .class("scope-group")
            .id(&format!("group-{gi}"))
            .child(p.plain("legend", "group-name", group.name)?);
        if controls.is_empty() {
            fieldset = fieldset.child(p.el("div")?.class("levels").children(extras));
        } else if extras.is_empty() {
            fieldset = fieldset.child(p.el("div")?.class("levels").children(controls));
        } else {
            fieldset = fieldset
                .child(p.el("div")?.class("levels").children(controls))
                .child(p.el("div")?.class("levels extra").children(extras));
        }
        fieldset = fieldset
            .child(
                p.el("p")?
                    .class("group-note")
                    .id(&format!("group-{gi}-note"))
                    .hidden(true),
            )
            .child(
                p.el("ul")?
                    .class("group-matches")
                    .id(&format!("group-{gi}-matches"))
                    .hidden(true),
            );
        groups.0.append_child(&fieldset.0)?;
    }
    Ok(picker)
}

/// The organization checkboxes and the add form, into `#orgs-host`.
pub fn orgs(p: &P, choices: &OrgChoices) -> Res<()> {
    let node = p.stamp("tpl-editor-orgs")?;
    let boxes = node.part("boxes")?;
    for (name, checked) in &choices.boxes {
        let input = p.bind(
            p.el("input")?
                .attr("type", "checkbox")
                .id(&safe_id("org", name))
                .value(name)
                .checked(*checked),
            Control::Check(|on, name| PageMsg::Editor(Msg::OrgToggle { name, on })),
        );
        let label = p
            .el("label")?
            .class("choice")
            .child(input)
            .child(p.plain("span", "", name)?);
        boxes.0.append_child(&label.0)?;
    }
    p.bind(
        node.part("form")?,
        Control::Form(|text, parts| PageMsg::Editor(Msg::OrgAdd { text, parts })),
    );
    node.part("input")?.value(&choices.input);
    crate::views::options::controls::problem(node.part("problem")?, choices.error.as_ref());
    fill(p, "orgs-host", node)
}

fn input(doc: &Document, id: &str) -> Option<HtmlInputElement> {
    doc.get_element_by_id(id)?.dyn_into().ok()
}

/// A field takes the model's value only when it differs: typing is never disturbed.
fn set_value(doc: &Document, id: &str, value: &str) {
    if let Some(field) = input(doc, id) {
        if field.value() != value {
            field.set_value(value);
        }
    }
}

fn set_checked(doc: &Document, id: &str, checked: bool) {
    if let Some(field) = input(doc, id) {
        field.set_checked(checked);
    }
}

fn set_text(doc: &Document, id: &str, text: &Text) {
    if let Some(e) = doc.get_element_by_id(id) {
        e.set_text_content(Some(&say(text)));
    }
}

fn set_hidden(doc: &Document, id: &str, hidden: bool) {
    if let Some(e) = by_id(doc, id) {
        e.set_hidden(hidden);
    }
}

/// Sets everything that follows from the draft.
pub fn refresh(doc: &Document, actions: &Actions<Control>, view: &EditorView) -> Res<()> {
    set_value(doc, "f-name", &view.name);
    set_value(doc, "f-template", &view.template);
    set_value(doc, "f-lifetime", &view.lifetime);
    set_checked(doc, "f-mode-full", view.full_access);
    set_checked(doc, "f-mode-custom", !view.full_access);
    set_checked(doc, "f-orgs-all", view.all_orgs);
    set_checked(doc, "f-orgs-only", !view.all_orgs);
    set_hidden(doc, "full-warning", !view.full_access);
    set_hidden(doc, "picker-host", view.full_access);
    set_hidden(doc, "orgs-host", view.all_orgs);
    set_hidden(doc, "editor-restored", !view.restored);
    if let Some(select) = doc
        .get_element_by_id("f-copy-as")
        .and_then(|e| e.dyn_into::<HtmlSelectElement>().ok())
    {
        if select.value() != view.copy.format {
            select.set_value(&view.copy.format);
        }
    }
    set_value(doc, "f-feed", &view.copy.feed);
    set_value(doc, "f-project", &view.copy.project);
    set_checked(doc, "f-feed-project", view.copy.in_project);
    set_checked(doc, "f-feed-org", !view.copy.in_project);
    set_hidden(doc, "feed-host", !view.copy.needs_feed);
    set_hidden(doc, "project-host", !view.copy.in_project);
    for (days, pressed) in &view.quick {
        if let Some(b) = doc.get_element_by_id(&format!("quick-{days}")) {
            b.set_attribute("aria-pressed", if *pressed { "true" } else { "false" })?;
        }
    }
    match &view.lifetime_note {
        Some(note) => {
            set_text(doc, "lifetime-note", note);
            set_hidden(doc, "lifetime-note", false);
        }
        None => {
            set_text(doc, "lifetime-note", &Text::plain(""));
            set_hidden(doc, "lifetime-note", true);
        }
    }
    set_text(doc, "template-preview", &view.preview);
    for slot in &view.problems {
        set_text(doc, slot.id, &Text::Joined(slot.texts.clone(), " "));
        set_hidden(doc, slot.id, slot.texts.is_empty());
        if let Some(control) = slot.control.and_then(|c| doc.get_element_by_id(c)) {
            if slot.texts.is_empty() {
                control.remove_attribute("aria-invalid")?;
            } else {
                control.set_attribute("aria-invalid", "true")?;
            }
        }
    }
    if let Some(status) = doc.get_element_by_id("editor-status") {
        let class = if view.status_tone.is_empty() {
            "save-status".to_owned()
        } else {
            format!("save-status {}", view.status_tone)
        };
        status.set_class_name(&class);
        status.set_text_content(Some(&say(&view.status)));
    }
    refresh_picker(doc, actions, &view.picker)
}

fn refresh_picker(doc: &Document, actions: &Actions<Control>, view: &PickerView) -> Res<()> {
    let p = crate::views::dom::Painter::extend(doc, actions, "picker");
    for group in &view.groups {
        let gi = group.index;
        let Some(fieldset) = by_id(doc, &format!("group-{gi}")) else {
            continue;
        };
        fieldset.set_hidden(!group.visible);
        match group.rung {
            Some(Some(rung)) => set_checked(doc, &safe_id("lvl", rung), true),
            Some(None) => set_checked(doc, &format!("rung-{gi}-none"), true),
            None => {}
        }
        for (id, checked) in &group.checked {
            set_checked(doc, &safe_id("lvl", id), *checked);
        }
        let labels = fieldset.query_selector_all("label.level[id]")?;
        for i in 0..labels.length() {
            if let Some(label) = labels
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let matched = group
                    .matched
                    .iter()
                    .any(|id| safe_id("lbl", id) == label.id());
                let _ = label.class_list().toggle_with_force("match", matched);
            }
        }
        let note_id = format!("group-{gi}-note");
        match &group.note {
            Some(note) => set_text(doc, &note_id, note),
            None => set_text(doc, &note_id, &Text::plain("")),
        }
        set_hidden(doc, &note_id, group.note.is_none());
        if let Some(list) = by_id(doc, &format!("group-{gi}-matches")) {
            list.set_text_content(None);
            for m in &group.matches {
                let item = p
                    .el("li")?
                    .child(p.plain("span", "level-label", m.label)?)
                    .child(p.plain("code", "scope-id", m.id)?)
                    .child(p.plain("span", "description", m.description)?);
                list.append_child(&item.0)?;
            }
            list.set_hidden(group.matches.is_empty());
        }
    }
    set_text(
        doc,
        "scope-count",
        view.count.as_ref().unwrap_or(&Text::plain("")),
    );
    if let Some(button) = by_id(doc, "scope-show-all") {
        match &view.show_all {
            Some((label, expanded)) => {
                button.set_hidden(false);
                button.set_text_content(Some(&say(label)));
                button.set_attribute("aria-expanded", if *expanded { "true" } else { "false" })?;
            }
            None => button.set_hidden(true),
        }
    }
    set_text(doc, "scope-selected", &view.selected);
    Ok(())
}
