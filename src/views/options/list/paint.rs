//! Draws the presets list into `#presets-body`: the toolbar, the recipes while adding, the
//! import's host, the status line and the rows.

use super::model::{ListView, Status};
use super::update::{recipe_button_id, Msg};
use crate::views::dom::Res;
use crate::views::options::controls::{fill, Control, P};
use crate::views::options::shared::edit_button_id;
use crate::views::options::transfer::update::Msg as TransferMsg;
use crate::views::options::update::Msg as PageMsg;
use crate::views::words::Text;

fn send(msg: Msg) -> Control {
    Control::Send(PageMsg::List(msg))
}

pub fn paint(p: &P, view: &ListView) -> Res<()> {
    let toolbar = p.stamp("tpl-list-toolbar")?;
    p.bind(toolbar.part("new")?, send(Msg::AddOpen));
    p.bind(
        toolbar.part("import")?,
        Control::Send(PageMsg::Transfer(TransferMsg::Choose)),
    );
    p.bind(toolbar.part("file")?, Control::File);
    p.bind(
        toolbar.part("export")?,
        Control::Send(PageMsg::Transfer(TransferMsg::Export)),
    );
    let mut body = p.el("div")?.class("presets").child(toolbar);

    if let Some(recipes) = &view.recipes {
        let panel = p.stamp("tpl-list-recipes")?;
        let list = panel.part("recipes")?;
        for r in recipes {
            let item = p.stamp("tpl-list-recipe")?;
            item.part("name")?.text(&r.name);
            item.part("purpose")?.text(&r.purpose);
            item.part("detail")?.text(&r.detail);
            match &r.note {
                Some(note) => {
                    item.part("note")?.text(note);
                }
                None => item.part("note")?.0.remove(),
            }
            p.bind(
                item.part("button")?.id(&recipe_button_id(r.id)),
                send(Msg::AddRecipe(r.id)),
            );
            list.0.append_child(&item.0)?;
        }
        let blank = p.stamp("tpl-list-blank")?;
        p.bind(blank.part("button")?, send(Msg::AddBlank));
        list.0.append_child(&blank.0)?;
        p.bind(panel.part("cancel")?, send(Msg::AddCancel));
        body = body.child(panel);
    }

    body = body.child(p.el("div")?.id("import-area"));

    let bar = p
        .el("div")?
        .id("list-status")
        .class("status-line")
        .attr("role", "status")
        .attr("aria-live", "polite");
    let bar = match &view.status {
        Status::None => bar,
        Status::Undo(text) => {
            let undo = p
                .button("btn link", &Text::key("options_undo"), send(Msg::Undo))?
                .id("undo");
            bar.class("status-line undo")
                .child(p.el("p")?.text(text).child(undo))
        }
        Status::Notice(notice) => {
            crate::views::options::controls::status_line(p, bar, Some(notice))?
        }
    };
    body = body.child(bar);

    if view.rows.is_empty() {
        body = body.child(p.el("div")?.class("empty").child(p.text(
            "p",
            "",
            &Text::key("options_no_presets"),
        )?));
    } else {
        let list = p
            .el("ul")?
            .class("preset-list")
            .id("preset-list")
            .say("aria-label", &Text::key("options_presets_list"));
        for row in &view.rows {
            let id = row.id.as_str();
            let title_id = format!("preset-{id}-name");
            let name = Text::plain(&row.name);
            let li = p.stamp("tpl-list-row")?;
            li.part("row")?
                .id(&format!("row-{id}"))
                .attr("aria-labelledby", &title_id);
            li.part("name")?.plain(&row.name).id(&title_id);
            if !row.elevated {
                li.part("elevated")?.0.remove();
            }
            li.part("scopes")?.text(&row.scopes);
            li.part("meta")?.text(&row.meta);
            let up = Text::with("options_move_up", [name.clone()]);
            p.bind(li.part("up")?, send(Msg::Move(row.id.clone(), -1)))
                .say("aria-label", &up)
                .say("title", &up)
                .id(&format!("up-{id}"))
                .disabled(row.first);
            let down = Text::with("options_move_down", [name]);
            p.bind(li.part("down")?, send(Msg::Move(row.id.clone(), 1)))
                .say("aria-label", &down)
                .say("title", &down)
                .id(&format!("down-{id}"))
                .disabled(row.last);
            p.bind(li.part("edit")?, send(Msg::Edit(row.id.clone())))
                .id(&edit_button_id(&row.id))
                .attr("aria-describedby", &title_id);
            p.bind(li.part("duplicate")?, send(Msg::Duplicate(row.id.clone())))
                .attr("aria-describedby", &title_id);
            p.bind(li.part("delete")?, send(Msg::Delete(row.id.clone())))
                .attr("aria-describedby", &title_id);
            list.0.append_child(&li.0)?;
        }
        body = body.child(list);
    }
    fill(p, "presets-body", body)
}
