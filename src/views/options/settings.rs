//! Settings: warning thresholds, notifications, the check interval, the organizations watched
//! (this machine's known organizations: remove, add by name or URL), and "Check now".
//!
//! Settings live in `storage.sync` and the known organizations in `storage.local`, both written
//! through the core; "Check now" asks the engine (`CheckNow`).

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use super::html::{by_id, focus, replace, Res, Ui, E};
use super::{diagnostics, now, spawn, url_parts, words, Action, AppRef, Notice, STORE};
use crate::browser::ext::{t, t_with};
use crate::core::expiry::{Thresholds, MAX_THRESHOLD_DAYS, MIN_THRESHOLD_DAYS};
use crate::core::known_orgs::{self, KnownOrgs};
use crate::core::org::{org_from_input, HostStyle};
use crate::core::settings::{self, Settings, MAX_CHECK_INTERVAL_HOURS, MIN_CHECK_INTERVAL_HOURS};
use crate::protocol::{CheckSummary, Request, Response};

const INTERVALS: [u16; 8] = [1, 2, 3, 4, 6, 8, 12, 24];

/// Where "Check now" stands.
pub enum CheckRun {
    Running,
    Done(CheckSummary),
    Failed(String),
}

#[derive(Default)]
pub struct SettingsState {
    pub settings: Settings,
    pub known: KnownOrgs,
    /// What became of the last change of the warnings (saved, or why not).
    pub notice: Option<Notice>,
    /// What became of the last change of the watched organizations.
    pub watch_notice: Option<Notice>,
    pub threshold_error: Option<String>,
    pub watch_error: Option<String>,
    pub check: Option<CheckRun>,
}

pub async fn load(app: &AppRef) -> Res<()> {
    let at = now();
    let loaded = settings::load(&STORE, at).await;
    let known = known_orgs::load(&STORE, at).await;
    {
        let mut state = app.state.borrow_mut();
        let s = &mut state.settings;
        match loaded {
            Ok(l) => {
                if l.quarantined().is_some() {
                    s.notice = Notice::error(t("options_settings_unreadable"));
                }
                s.settings = l.value;
            }
            Err(e) => s.notice = Notice::error(words::store_error(&e)),
        }
        if let Ok(k) = known {
            s.known = k.value;
        }
    }
    render(app)
}

fn card(ui: &Ui<'_>, id: &str, title: &str, hint: &str) -> Res<E> {
    Ok(ui
        .e("section")?
        .class("card")
        .attr("aria-labelledby", &format!("{id}-title"))
        .child(ui.t("h3", "card-title", title)?.id(&format!("{id}-title")))
        .child(ui.t("p", "hint", hint)?))
}

fn problem(ui: &Ui<'_>, id: &str, text: Option<&String>) -> Res<E> {
    Ok(ui
        .e("p")?
        .class("problem")
        .id(id)
        .text(text.map(String::as_str).unwrap_or(""))
        .hidden(text.is_none()))
}

pub fn render(app: &AppRef) -> Res<()> {
    let ui = app.ui("settings");
    let state = app.state.borrow();
    let s = &state.settings;

    let chips = s
        .settings
        .thresholds
        .days()
        .iter()
        .map(|d| {
            let label = words::days(u32::from(*d));
            Ok(ui
                .e("li")?
                .class("chip-item")
                .child(ui.t("span", "", &label)?)
                .child(
                    ui.button("chip-remove", "×", Action::ThresholdRemove(*d))?
                        .attr("aria-label", &t_with("options_threshold_remove", &[&label]))
                        .attr("title", &t_with("options_threshold_remove", &[&label])),
                ))
        })
        .collect::<Res<Vec<_>>>()?;
    let add_threshold = ui
        .e("form")?
        .class("inline-form")
        .attr("novalidate", "")
        .on(&ui, Action::ThresholdAdd)
        .child(
            ui.label("f-threshold", &t("options_threshold_add_label"))?
                .class("small"),
        )
        .child(
            ui.e("div")?
                .class("inline")
                .child(
                    ui.input("number", "f-threshold")?
                        .class("text number")
                        .attr("min", &MIN_THRESHOLD_DAYS.to_string())
                        .attr("max", &MAX_THRESHOLD_DAYS.to_string())
                        .attr("step", "1")
                        .attr("aria-describedby", "threshold-unit threshold-problem"),
                )
                .child(
                    ui.t("span", "unit", &t("options_threshold_unit"))?
                        .id("threshold-unit"),
                )
                .child(
                    ui.e("button")?
                        .attr("type", "submit")
                        .class("btn")
                        .text(&t("options_add")),
                ),
        )
        .child(problem(
            &ui,
            "threshold-problem",
            s.threshold_error.as_ref(),
        )?);
    let interval = ui
        .e("select")?
        .id("f-interval")
        .class("select")
        .on(&ui, Action::Interval)
        .children(
            INTERVALS
                .iter()
                .filter(|h| (MIN_CHECK_INTERVAL_HOURS..=MAX_CHECK_INTERVAL_HOURS).contains(*h))
                .map(|h| {
                    let text = if *h == 1 {
                        t("options_interval_hour")
                    } else {
                        t_with("options_interval_hours", &[&h.to_string()])
                    };
                    Ok(ui
                        .t("option", "", &text)?
                        .attr("value", &h.to_string())
                        .attr_if(*h == s.settings.check_interval_hours, "selected", ""))
                })
                .collect::<Res<Vec<_>>>()?,
        );
    let warnings = card(
        &ui,
        "warnings",
        &t("options_warnings_title"),
        &t("options_warnings_hint"),
    )?
    .child(
        ui.e("ul")?
            .class("chips")
            .id("thresholds")
            .attr("aria-label", &t("options_thresholds_label"))
            .children(chips),
    )
    .child(add_threshold)
    .child(
        ui.e("div")?.class("field").child(
            ui.e("label")?
                .class("choice")
                .child(
                    ui.input("checkbox", "f-notifications")?
                        .checked(s.settings.notifications)
                        .on(&ui, Action::Notifications),
                )
                .child(ui.t("span", "", &t("options_notifications"))?),
        ),
    )
    .child(
        ui.e("div")?
            .class("field")
            .child(ui.label("f-interval", &t("options_interval_label"))?)
            .child(interval),
    );

    let at = now();
    let orgs = s
        .known
        .orgs
        .iter()
        .map(|k| {
            let host = match k.host_style {
                HostStyle::Modern => format!("dev.azure.com/{}", k.name),
                HostStyle::Legacy => format!("{}.visualstudio.com", k.name),
            };
            let detail = t_with("options_org_used", &[&host, &words::ago(at, k.last_used)]);
            Ok(ui
                .e("li")?
                .class("org-item")
                .child(
                    ui.e("div")?
                        .child(ui.t("span", "org-name", k.name.as_str())?)
                        .child(ui.t("span", "muted small", &detail)?),
                )
                .child(
                    ui.button(
                        "btn",
                        &t("options_remove"),
                        Action::WatchRemove(k.name.clone()),
                    )?
                    .attr(
                        "aria-label",
                        &t_with("options_org_remove", &[k.name.as_str()]),
                    ),
                ))
        })
        .collect::<Res<Vec<_>>>()?;
    let org_list = if orgs.is_empty() {
        ui.t("p", "empty small", &t("options_orgs_none"))?
    } else {
        ui.e("ul")?
            .class("org-list")
            .id("watched")
            .attr("aria-label", &t("options_watched_title"))
            .children(orgs)
    };
    let watched = card(
        &ui,
        "watched",
        &t("options_watched_title"),
        &t("options_watched_hint"),
    )?
    .child(org_list)
    .child(
        ui.e("form")?
            .class("inline-form")
            .attr("novalidate", "")
            .on(&ui, Action::WatchAdd)
            .child(
                ui.label("f-watch", &t("options_org_add_label"))?
                    .class("small"),
            )
            .child(
                ui.e("div")?
                    .class("inline")
                    .child(
                        ui.input("text", "f-watch")?
                            .class("text wide")
                            .attr("placeholder", &t("options_org_add_placeholder"))
                            .attr("autocomplete", "off")
                            .attr("spellcheck", "false")
                            .attr("aria-describedby", "watch-problem"),
                    )
                    .child(
                        ui.e("button")?
                            .attr("type", "submit")
                            .class("btn")
                            .text(&t("options_add")),
                    ),
            )
            .child(problem(&ui, "watch-problem", s.watch_error.as_ref())?),
    );

    let running = matches!(s.check, Some(CheckRun::Running));
    let result = match &s.check {
        None => String::new(),
        Some(CheckRun::Running) => t("options_check_running"),
        Some(CheckRun::Done(summary)) => check_words(summary),
        Some(CheckRun::Failed(why)) => t_with("options_check_failed", &[why]),
    };
    let check_class = match &s.check {
        Some(CheckRun::Failed(_)) => "status-line error",
        Some(CheckRun::Done(_)) => "status-line ok",
        _ => "status-line",
    };
    let check = card(
        &ui,
        "check",
        &t("options_check_title"),
        &t("options_check_hint"),
    )?
    .child(
        ui.button("btn primary", &t("options_check_now"), Action::CheckNow)?
            .id("check-now")
            .attr_if(running, "disabled", ""),
    )
    .child(
        ui.e("div")?
            .id("check-result")
            .class(check_class)
            .attr("role", "status")
            .attr("aria-live", "polite")
            .child_if(!result.is_empty(), || ui.t("p", "", &result))?,
    );

    let warnings = warnings.child(status_line(&ui, "settings-status", s.notice.as_ref())?);
    let watched = watched.child(status_line(&ui, "watch-status", s.watch_notice.as_ref())?);
    let body = ui
        .e("div")?
        .class("settings")
        .child(warnings)
        .child(watched)
        .child(check);
    drop(state);
    replace(&app.doc, "settings-body", body)
}

/// A card's `aria-live` line: what became of its last change.
fn status_line(ui: &Ui<'_>, id: &str, notice: Option<&Notice>) -> Res<E> {
    ui.e("div")?
        .id(id)
        .class(match notice {
            Some(n) if n.error => "status-line error",
            Some(_) => "status-line ok",
            None => "status-line",
        })
        .attr("role", "status")
        .attr("aria-live", "polite")
        .child_if(notice.is_some(), || {
            ui.t("p", "", notice.map_or("", |n| n.text.as_str()))
        })
}

fn check_words(summary: &CheckSummary) -> String {
    let mut out = t_with(
        "options_check_done",
        &[&summary.notified.to_string(), &summary.due.to_string()],
    );
    let names = |orgs: &[crate::core::org::OrgName]| {
        orgs.iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !summary.refreshed.is_empty() {
        out.push(' ');
        out.push_str(&t_with(
            "options_check_refreshed",
            &[&names(&summary.refreshed)],
        ));
    }
    if !summary.stale.is_empty() {
        out.push(' ');
        out.push_str(&t_with("options_check_stale", &[&names(&summary.stale)]));
    }
    out
}

fn value_of(app: &AppRef, id: &str) -> Option<(HtmlInputElement, String)> {
    let input: HtmlInputElement = by_id(&app.doc, id)?.dyn_into().ok()?;
    let value = input.value();
    Some((input, value))
}

pub fn act(app: &AppRef, action: Action, control: &Element) -> Res<()> {
    match action {
        Action::ThresholdRemove(day) => {
            let days: Vec<i64> = app
                .state
                .borrow()
                .settings
                .settings
                .thresholds
                .days()
                .iter()
                .filter(|d| **d != day)
                .map(|d| i64::from(*d))
                .collect();
            set_thresholds(app, days, None)
        }
        Action::ThresholdAdd => {
            let Some((_, text)) = value_of(app, "f-threshold") else {
                return Ok(());
            };
            // A blank or partial number is out of range, like any other.
            let day = text.trim().parse::<i64>().unwrap_or(0);
            let mut days: Vec<i64> = app
                .state
                .borrow()
                .settings
                .settings
                .thresholds
                .days()
                .iter()
                .map(|d| i64::from(*d))
                .collect();
            days.push(day);
            set_thresholds(app, days, Some("f-threshold"))
        }
        Action::Interval => {
            let hours = control
                .dyn_ref::<HtmlSelectElement>()
                .and_then(|s| s.value().parse::<u16>().ok());
            if let Some(hours) = hours {
                app.state
                    .borrow_mut()
                    .settings
                    .settings
                    .check_interval_hours = hours;
                save(app, "f-interval");
            }
            Ok(())
        }
        Action::Notifications => {
            let on = control
                .dyn_ref::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            app.state.borrow_mut().settings.settings.notifications = on;
            save(app, "f-notifications");
            Ok(())
        }
        Action::WatchRemove(org) => {
            app.state.borrow_mut().settings.known.forget(&org);
            save_known(
                app,
                Some(t_with("options_org_removed", &[org.as_str()])),
                "f-watch",
            );
            Ok(())
        }
        Action::WatchAdd => {
            let Some((_, text)) = value_of(app, "f-watch") else {
                return Ok(());
            };
            match org_from_input(&text, url_parts) {
                Ok((org, style)) => {
                    {
                        let mut state = app.state.borrow_mut();
                        state.settings.watch_error = None;
                        state.settings.known.touch(org.clone(), style, now());
                    }
                    save_known(
                        app,
                        Some(t_with("options_org_added", &[org.as_str()])),
                        "f-watch",
                    );
                }
                Err(e) => {
                    app.state.borrow_mut().settings.watch_error = Some(words::org_input_error(e));
                    render(app)?;
                    if let Some((input, _)) = value_of(app, "f-watch") {
                        input.set_value(&text);
                        input.set_attribute("aria-invalid", "true")?;
                    }
                    focus(&app.doc, "f-watch");
                }
            }
            Ok(())
        }
        Action::CheckNow => {
            app.state.borrow_mut().settings.check = Some(CheckRun::Running);
            render(app)?;
            let app = app.clone();
            spawn(async move {
                let outcome = match crate::browser::ask(&Request::CheckNow {}).await {
                    Ok(Response::Checked { summary }) => CheckRun::Done(summary),
                    Ok(_) => CheckRun::Failed(t("options_error_unexpected")),
                    Err(e) => CheckRun::Failed(words::error(&e)),
                };
                app.state.borrow_mut().settings.check = Some(outcome);
                render(&app)?;
                focus(&app.doc, "check-now");
                // The watcher may have refreshed organizations: show what it stored.
                diagnostics::load(&app).await
            });
            Ok(())
        }
        _ => Ok(()),
    }
}

fn set_thresholds(app: &AppRef, days: Vec<i64>, refocus: Option<&'static str>) -> Res<()> {
    match Thresholds::new(days) {
        Ok(thresholds) => {
            {
                let mut state = app.state.borrow_mut();
                state.settings.settings.thresholds = thresholds;
                state.settings.threshold_error = None;
            }
            save(app, refocus.unwrap_or("f-threshold"));
        }
        Err(e) => {
            app.state.borrow_mut().settings.threshold_error = Some(words::threshold_error(&e));
            render(app)?;
            focus(&app.doc, "f-threshold");
        }
    }
    Ok(())
}

/// Writes the settings to `storage.sync` and re-renders, keeping focus on `refocus`.
fn save(app: &AppRef, refocus: &'static str) {
    let settings = app.state.borrow().settings.settings.clone();
    let app = app.clone();
    spawn(async move {
        let notice = match settings::save(&STORE, &settings).await {
            Ok(()) => Notice::ok(t("options_settings_saved")),
            Err(e) => Notice::error(words::store_error(&e)),
        };
        app.state.borrow_mut().settings.notice = notice;
        render(&app)?;
        focus(&app.doc, refocus);
        Ok(())
    });
}

fn save_known(app: &AppRef, done: Option<String>, refocus: &'static str) {
    let known = app.state.borrow().settings.known.clone();
    let app = app.clone();
    spawn(async move {
        let notice = match known_orgs::save(&STORE, &known).await {
            Ok(()) => done.and_then(Notice::ok),
            Err(e) => Notice::error(words::store_error(&e)),
        };
        app.state.borrow_mut().settings.watch_notice = notice;
        render(&app)?;
        focus(&app.doc, refocus);
        diagnostics::load(&app).await
    });
}
