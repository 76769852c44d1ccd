//! Draws the import panel into `#import-area` (or nothing).

use super::model::{ImportView, Item};
use super::update::Msg;
use crate::views::dom::Res;
use crate::views::options::controls::{fill, problem, Control, P};
use crate::views::options::update::Msg as PageMsg;
use crate::views::words::Text;

fn send(msg: Msg) -> Control {
    Control::Send(PageMsg::Transfer(msg))
}

pub fn paint(p: &P, view: Option<&ImportView>) -> Res<()> {
    if p.doc.get_element_by_id("import-area").is_none() {
        return Ok(());
    }
    let panel = match view {
        None | Some(ImportView::Reading { .. }) => return fill(p, "import-area", p.el("div")?),
        Some(ImportView::Refused { title, why }) => {
            let panel = p.stamp("tpl-import-panel")?.class("panel import error");
            panel.part("title")?.text(title);
            panel
                .child(
                    p.el("p")?
                        .class("import-error")
                        .attr("role", "alert")
                        .text(why),
                )
                .child(p.el("div")?.class("panel-actions").child(p.button(
                    "btn",
                    &Text::key("options_close"),
                    send(Msg::Cancel),
                )?))
        }
        Some(ImportView::Preview(preview)) => {
            let mut panel = p.stamp("tpl-import-panel")?;
            panel.part("title")?.text(&preview.title);
            panel = panel.child(
                p.text("p", "import-summary", &preview.summary)?
                    .id("import-summary"),
            );
            for group in &preview.groups {
                let mut list = p.el("ul")?;
                for item in &group.items {
                    let li = match item {
                        Item::Named { name, detail } => p
                            .el("li")?
                            .child(p.plain("strong", "", name)?)
                            .child(p.text(
                                "span",
                                "muted",
                                &Text::Joined(vec![Text::plain(" — "), detail.clone()], ""),
                            )?),
                        Item::Rejected { who, reasons } => {
                            let mut reasons_list = p.el("ul")?.class("reasons");
                            for reason in reasons {
                                reasons_list = reasons_list.child(p.text("li", "", reason)?);
                            }
                            p.el("li")?
                                .child(p.text("strong", "", who)?)
                                .child(reasons_list)
                        }
                        Item::Plain(text) => p.text("li", "", text)?,
                    };
                    list = list.child(li);
                }
                panel = panel.child(
                    p.el("div")?
                        .class("import-group")
                        .id(group.id)
                        .child(p.text("h4", "", &group.title)?)
                        .child(list),
                );
            }
            if let Some(note) = &preview.note {
                panel = panel.child(p.text("p", "note", note)?.id("import-note"));
            }
            let actions = p.el("div")?.class("panel-actions");
            let actions = match &preview.confirm {
                Some(label) => actions
                    .child(
                        p.button("btn primary", label, send(Msg::Confirm))?
                            .id("import-confirm"),
                    )
                    .child(p.button("btn", &Text::key("options_cancel"), send(Msg::Cancel))?),
                None => actions.child(p.button(
                    "btn",
                    &Text::key("options_close"),
                    send(Msg::Cancel),
                )?),
            };
            let slot = p
                .el("p")?
                .class("problem")
                .id("import-problem")
                .attr("role", "alert");
            panel
                .child(problem(slot, preview.problem.as_ref()))
                .child(actions)
        }
    };
    fill(p, "import-area", panel)
}
