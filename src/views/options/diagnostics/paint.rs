//! Draws the diagnostics into `#diagnostics-body`: a card per known organization. A report's
//! raw text stays open or closed across repaints.

use super::model::{Card, RunView};
use super::update::Msg;
use crate::views::dom::Res;
use crate::views::options::controls::{fill, Control, P};
use crate::views::options::update::Msg as PageMsg;
use crate::views::words::Text;

fn send(msg: Msg) -> Control {
    Control::Send(PageMsg::Diagnostics(msg))
}

pub fn paint(p: &P, cards: &[Card]) -> Res<()> {
    let intro = p.text("p", "hint", &Text::key("options_diagnostics_hint"))?;
    if cards.is_empty() {
        let body = p.el("div")?.child(intro).child(p.text(
            "p",
            "empty",
            &Text::key("options_diagnostics_none"),
        )?);
        return fill(p, "diagnostics-body", body);
    }
    let mut body = p.el("div")?.class("diagnostics").child(intro);
    for card in cards {
        let id = &card.id;
        let title_id = format!("{id}-title");
        let node = p.stamp("tpl-diagnostics-card")?;
        node.part("card")?.id(id).attr("aria-labelledby", &title_id);
        node.part("title")?.plain(card.org.as_str()).id(&title_id);
        p.bind(node.part("run")?, send(Msg::Run(card.org.clone())))
            .id(&format!("{id}-run"))
            .attr("aria-describedby", &title_id)
            .disabled(card.running);
        let facts = node.part("facts")?;
        for (term, value) in &card.facts {
            facts.0.append_child(&p.text("dt", "", term)?.0)?;
            facts.0.append_child(&p.text("dd", "", value)?.0)?;
        }
        let node = match &card.run {
            None => node,
            Some(RunView::Running) => node.child(
                p.text(
                    "p",
                    "status-line",
                    &Text::key("options_diagnostics_running"),
                )?
                .attr("role", "status"),
            ),
            Some(RunView::Failed(why)) => {
                node.child(p.text("p", "status-line error", why)?.attr("role", "alert"))
            }
            Some(RunView::Done(report)) => {
                let view = p.stamp("tpl-diagnostics-report")?;
                view.part("report")?.say(
                    "aria-label",
                    &Text::with("options_report_label", [Text::plain(card.org.as_str())]),
                );
                view.part("verdict")?
                    .class(if report.works {
                        "verdict ok"
                    } else {
                        "verdict error"
                    })
                    .id(&format!("{id}-verdict"))
                    .text(&report.verdict);
                let checks = view.part("checks")?;
                for check in &report.checks {
                    let mut exchanges = p.el("ul")?.class("exchanges mono small");
                    for request in &check.requests {
                        exchanges = exchanges.child(p.text("li", "", request)?);
                    }
                    let item = p
                        .el("li")?
                        .class(if check.ok { "check ok" } else { "check error" })
                        .child(
                            p.el("p")?
                                .child(
                                    p.plain("span", "mark", if check.ok { "✓" } else { "✕" })?
                                        .attr("aria-hidden", "true"),
                                )
                                .child(p.text("strong", "", &check.probe)?)
                                .child(p.text(
                                    "span",
                                    "",
                                    &Text::Joined(
                                        vec![Text::plain(" — "), check.outcome.clone()],
                                        "",
                                    ),
                                )?),
                        )
                        .child(exchanges);
                    checks.0.append_child(&item.0)?;
                }
                p.bind(view.part("copy")?, send(Msg::CopyReport(card.org.clone())))
                    .id(&format!("{id}-copy"));
                let status = view.part("copy-status")?.id(&format!("{id}-copy-status"));
                if let Some(said) = &report.copy_status {
                    status.text(said);
                }
                let raw = view.part("raw")?.id(&format!("{id}-raw"));
                let was_open = p
                    .doc
                    .get_element_by_id(&format!("{id}-raw"))
                    .is_some_and(|e| e.has_attribute("open"));
                raw.attr_if(was_open, "open", "");
                view.part("text")?
                    .plain(&report.text)
                    .id(&format!("{id}-text"));
                node.child(view)
            }
        };
        body = body.child(node);
    }
    fill(p, "diagnostics-body", body)
}
