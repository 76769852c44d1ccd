//! Draws the settings into `#settings-body`.

use super::model::SettingsView;
use super::update::Msg;
use crate::core::expiry::{MAX_THRESHOLD_DAYS, MIN_THRESHOLD_DAYS};
use crate::views::dom::Res;
use crate::views::options::controls::{fill, problem, status_line, Control, P};
use crate::views::options::update::Msg as PageMsg;
use crate::views::words::Text;

fn send(msg: Msg) -> Control {
    Control::Send(PageMsg::Settings(msg))
}

pub fn paint(p: &P, view: &SettingsView) -> Res<()> {
    let body = p.stamp("tpl-settings")?;

    let chips = body.part("thresholds")?;
    for (day, label) in &view.thresholds {
        let remove = Text::with("options_threshold_remove", [label.clone()]);
        let item = p
            .el("li")?
            .class("chip-item")
            .child(p.text("span", "", label)?)
            .child(
                p.bind(
                    p.plain("button", "chip-remove", "×")?
                        .attr("type", "button"),
                    send(Msg::RemoveThreshold(*day)),
                )
                .say("aria-label", &remove)
                .say("title", &remove),
            );
        chips.0.append_child(&item.0)?;
    }
    p.bind(
        body.part("threshold-form")?,
        Control::Form(|text, _| PageMsg::Settings(Msg::AddThreshold(text))),
    );
    body.part("threshold")?
        .attr("min", &MIN_THRESHOLD_DAYS.to_string())
        .attr("max", &MAX_THRESHOLD_DAYS.to_string())
        .value(view.threshold_error.as_ref().map_or("", |(_, typed)| typed));
    problem(
        body.part("threshold-problem")?,
        view.threshold_error.as_ref().map(|(why, _)| why),
    );

    p.bind(
        body.part("notifications")?.checked(view.notifications),
        Control::Check(|on, _| PageMsg::Settings(Msg::Notifications(on))),
    );
    let interval = p.bind(
        body.part("interval")?,
        Control::Value(|hours| PageMsg::Settings(Msg::Interval(hours))),
    );
    for (hours, text, chosen) in &view.intervals {
        let option = p
            .text("option", "", text)?
            .attr("value", &hours.to_string())
            .attr_if(*chosen, "selected", "");
        interval.0.append_child(&option.0)?;
    }
    status_line(p, body.part("status")?, view.notice.as_ref())?;

    body.part("shortcut")?.text(&view.shortcut);
    if !view.shortcut_unset {
        body.part("shortcut-unset")?.0.remove();
    }

    let watched = body.part("watched")?;
    let list = if view.watched.is_empty() {
        p.text("p", "empty small", &Text::key("options_orgs_none"))?
    } else {
        let mut list = p
            .el("ul")?
            .class("org-list")
            .id("watched")
            .say("aria-label", &Text::key("options_watched_title"));
        for org in &view.watched {
            let name = org.name.as_str();
            list = list.child(
                p.el("li")?
                    .class("org-item")
                    .child(
                        p.el("div")?
                            .child(p.plain("span", "org-name", name)?)
                            .child(p.text("span", "muted small", &org.detail)?),
                    )
                    .child(
                        p.button(
                            "btn",
                            &Text::key("options_remove"),
                            send(Msg::Unwatch(org.name.clone())),
                        )?
                        .say(
                            "aria-label",
                            &Text::with("options_org_remove", [Text::plain(name)]),
                        ),
                    ),
            );
        }
        list
    };
    watched.0.replace_with_with_node_1(&list.0)?;
    p.bind(
        body.part("watch-form")?,
        Control::Form(|text, parts| PageMsg::Settings(Msg::Watch { text, parts })),
    );
    let watch = body.part("watch")?;
    if let Some((_, typed)) = &view.watch_error {
        watch.value(typed).attr("aria-invalid", "true");
    }
    problem(
        body.part("watch-problem")?,
        view.watch_error.as_ref().map(|(why, _)| why),
    );
    status_line(p, body.part("watch-status")?, view.watch_notice.as_ref())?;

    p.bind(body.part("check")?, send(Msg::CheckNow))
        .disabled(view.checking);
    if let Some((text, tone)) = &view.check {
        let class = if tone.is_empty() {
            "status-line".to_owned()
        } else {
            format!("status-line {tone}")
        };
        body.part("result")?
            .class(&class)
            .child(p.text("p", "", text)?);
    }
    fill(p, "settings-body", body)
}
