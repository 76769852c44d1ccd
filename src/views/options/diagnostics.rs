//! Diagnostics: per organization, what the engine remembers (the route that worked, the last
//! refresh, the last error, a learned lifetime limit — `engine::state::OrgState` in
//! `storage.local`), and "Run diagnostics", which asks the engine for its read-only report of
//! every route (`Diagnose`) and shows it, with "Copy report".
//!
//! The report is secret-free by construction (the `ado` module records method, URL, status and
//! whether a bearer was sent — never the bearer, a cookie or a body); what is copied is that
//! report and the stored facts, nothing else.

use std::collections::BTreeMap;

use serde::Deserialize;
use wasm_bindgen_futures::JsFuture;

use super::html::{replace, set_text, Res, Ui, E};
use super::{now, spawn, words, Action, AppRef, STORE};
use crate::ado::{AdoErrorKind, Route};
use crate::browser::ext::{t, t_with};
use crate::core::org::OrgName;
use crate::engine::state::OrgState;
use crate::protocol::{ErrorKind, OrgRef, Request, Response};

/// The engine's report, as far as this page reads it (`ado::diagnose::DiagnosticsReport`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Probe {
    Connection,
    List(Route),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub probe: Probe,
    #[serde(default)]
    pub requests: Vec<Exchange>,
    pub ok: bool,
    pub tokens: Option<usize>,
    pub error: Option<Failure>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    pub kind: AdoErrorKind,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub with_bearer: bool,
    pub status: Option<u16>,
    pub transport_error: Option<String>,
}

pub enum Run {
    Running,
    Done {
        report: Report,
        raw: serde_json::Value,
    },
    Failed(String),
}

#[derive(Default)]
pub struct DiagnosticsState {
    /// The stored facts of each known organization, in the known order.
    pub orgs: Vec<(OrgName, OrgState)>,
    pub runs: BTreeMap<String, Run>,
    pub copied: Option<(String, bool)>,
}

/// Reads what the engine stored for every known organization.
pub async fn load(app: &AppRef) -> Res<()> {
    let known: Vec<OrgName> = app
        .state
        .borrow()
        .settings
        .known
        .orgs
        .iter()
        .map(|k| k.name.clone())
        .collect();
    let at = now();
    let mut orgs = Vec::new();
    for org in known {
        let stored = OrgState::load(&STORE, &org, at).await.unwrap_or_default();
        orgs.push((org, stored));
    }
    app.state.borrow_mut().diagnostics.orgs = orgs;
    render(app)
}

fn route_words(route: Route) -> String {
    t(match route {
        Route::Web => "options_route_web",
        Route::Lifecycle => "options_route_lifecycle",
    })
}

fn probe_words(probe: &Probe) -> String {
    match probe {
        Probe::Connection => t("options_probe_connection"),
        Probe::List(route) => route_words(*route),
    }
}

fn fact(ui: &Ui<'_>, term: &str, value: &str) -> Res<Vec<E>> {
    Ok(vec![ui.t("dt", "", term)?, ui.t("dd", "", value)?])
}

pub fn render(app: &AppRef) -> Res<()> {
    let ui = app.ui("diagnostics");
    let state = app.state.borrow();
    let d = &state.diagnostics;
    let intro = ui.t("p", "hint", &t("options_diagnostics_hint"))?;
    if d.orgs.is_empty() {
        let body =
            ui.e("div")?
                .child(intro)
                .child(ui.t("p", "empty", &t("options_diagnostics_none"))?);
        drop(state);
        return replace(&app.doc, "diagnostics-body", body);
    }
    let at = now();
    let mut cards = Vec::new();
    for (org, stored) in &d.orgs {
        let slug = super::html::safe_id("diag", org.as_str());
        let route = stored
            .route
            .map(route_words)
            .unwrap_or_else(|| t("options_unknown_yet"));
        let refreshed = stored
            .refreshed_at
            .map(|r| format!("{} ({})", words::ago(at, r), words::date_time(r)))
            .unwrap_or_else(|| t("options_never"));
        let error = stored
            .last_error
            .as_ref()
            .map(words::error)
            .unwrap_or_else(|| t("options_none"));
        let mut facts = Vec::new();
        facts.extend(fact(&ui, &t("options_fact_route"), &route)?);
        facts.extend(fact(&ui, &t("options_fact_refreshed"), &refreshed)?);
        facts.extend(fact(&ui, &t("options_fact_error"), &error)?);
        if let Some(max) = stored.max_lifespan_days {
            facts.extend(fact(
                &ui,
                &t("options_fact_limit"),
                &words::days(u32::from(max)),
            )?);
        }
        // How writes go (ado::transport): said once a write has been sent.
        if let Some(worked) = stored.last_write_transport.or(stored.transport) {
            let key = match worked {
                crate::ado::Transport::Direct => "options_writes_direct",
                crate::ado::Transport::PageOrigin => "options_writes_page_origin",
            };
            facts.extend(fact(&ui, &t("options_fact_writes"), &t(key))?);
        }
        let running = matches!(d.runs.get(org.as_str()), Some(Run::Running));
        let head = ui
            .e("div")?
            .class("card-head")
            .child(
                ui.t("h3", "card-title", org.as_str())?
                    .id(&format!("{slug}-title")),
            )
            .child(
                ui.button(
                    "btn",
                    &t("options_run_diagnostics"),
                    Action::Diagnose(org.clone()),
                )?
                .id(&format!("{slug}-run"))
                .attr("aria-describedby", &format!("{slug}-title"))
                .attr_if(running, "disabled", ""),
            );
        let card = ui
            .e("article")?
            .class("card diag")
            .id(&slug)
            .attr("aria-labelledby", &format!("{slug}-title"))
            .child(head)
            .child(ui.e("dl")?.class("facts").children(facts));
        let card = match d.runs.get(org.as_str()) {
            None => card,
            Some(Run::Running) => card.child(
                ui.t("p", "status-line", &t("options_diagnostics_running"))?
                    .attr("role", "status"),
            ),
            Some(Run::Failed(why)) => card.child(
                ui.t(
                    "p",
                    "status-line error",
                    &t_with("options_diagnostics_failed", &[why]),
                )?
                .attr("role", "alert"),
            ),
            Some(Run::Done { report, raw }) => {
                let copied = d.copied.as_ref().filter(|(o, _)| o == org.as_str());
                card.child(report_view(&ui, org, &slug, report, raw, copied)?)
            }
        };
        cards.push(card);
    }
    let body = ui
        .e("div")?
        .class("diagnostics")
        .child(intro)
        .children(cards);
    drop(state);
    replace(&app.doc, "diagnostics-body", body)
}

fn report_view(
    ui: &Ui<'_>,
    org: &OrgName,
    slug: &str,
    report: &Report,
    raw: &serde_json::Value,
    copied: Option<&(String, bool)>,
) -> Res<E> {
    let working: Vec<Route> = report
        .checks
        .iter()
        .filter(|c| c.ok)
        .filter_map(|c| match c.probe {
            Probe::List(route) => Some(route),
            Probe::Connection => None,
        })
        .collect();
    let verdict = match working.first() {
        Some(route) => ui
            .t(
                "p",
                "verdict ok",
                &t_with("options_verdict_works", &[&route_words(*route)]),
            )?
            .id(&format!("{slug}-verdict")),
        None => ui
            .t("p", "verdict error", &t("options_verdict_none"))?
            .id(&format!("{slug}-verdict")),
    };
    let signed_in = report
        .checks
        .iter()
        .any(|c| matches!(c.probe, Probe::Connection) && c.ok);
    let checks = report
        .checks
        .iter()
        .map(|c| {
            let outcome = if c.ok {
                match c.tokens {
                    Some(n) => t_with("options_check_ok_tokens", &[&n.to_string()]),
                    None => t("options_check_ok"),
                }
            } else if session_refused(c, signed_in) {
                // Documented for Entra tokens only (docs/azure-devops.md §7.1): expected, not
                // a signed-out session.
                t("options_check_lifecycle_refused")
            } else {
                c.error
                    .as_ref()
                    .map(|e| words::error_kind(ErrorKind::Ado(e.kind)))
                    .unwrap_or_else(|| t("options_check_failed_plain"))
            };
            let requests = c
                .requests
                .iter()
                .map(|r| {
                    let answer = match (&r.status, &r.transport_error) {
                        (Some(status), _) => status.to_string(),
                        (None, Some(err)) => err.clone(),
                        (None, None) => "—".to_owned(),
                    };
                    let bearer = if r.with_bearer {
                        format!(" {}", t("options_with_bearer"))
                    } else {
                        String::new()
                    };
                    ui.t(
                        "li",
                        "",
                        &format!("{} {} → {}{}", r.method, r.url, answer, bearer),
                    )
                })
                .collect::<Res<Vec<_>>>()?;
            Ok(ui
                .e("li")?
                .class(if c.ok { "check ok" } else { "check error" })
                .child(
                    ui.e("p")?
                        .child(
                            ui.t("span", "mark", if c.ok { "✓" } else { "✕" })?
                                .attr("aria-hidden", "true"),
                        )
                        .child(ui.t("strong", "", &probe_words(&c.probe))?)
                        .child(ui.t("span", "", &format!(" — {outcome}"))?),
                )
                .child(ui.e("ul")?.class("exchanges mono small").children(requests)))
        })
        .collect::<Res<Vec<_>>>()?;
    let status = match copied {
        Some((_, true)) => t("options_copied"),
        Some((_, false)) => t("options_copy_failed"),
        None => String::new(),
    };
    Ok(ui
        .e("div")?
        .class("report")
        .attr("role", "region")
        .attr(
            "aria-label",
            &t_with("options_report_label", &[org.as_str()]),
        )
        .child(verdict)
        .child(ui.e("ul")?.class("checks").children(checks))
        .child(
            ui.e("div")?
                .class("panel-actions")
                .child(
                    ui.button(
                        "btn",
                        &t("options_copy_report"),
                        Action::CopyReport(org.clone()),
                    )?
                    .id(&format!("{slug}-copy")),
                )
                .child(
                    ui.t("span", "muted small", &status)?
                        .id(&format!("{slug}-copy-status"))
                        .attr("role", "status")
                        .attr("aria-live", "polite"),
                ),
        )
        .child(
            ui.e("details")?
                .class("raw")
                .child(ui.t("summary", "", &t("options_report_text"))?)
                .child(
                    ui.t("pre", "mono small", &report_text(org, raw))?
                        .id(&format!("{slug}-text"))
                        .attr("tabindex", "0"),
                ),
        ))
}

/// The public API refused a session that `connectionData` accepted.
fn session_refused(check: &Check, signed_in: bool) -> bool {
    signed_in
        && matches!(check.probe, Probe::List(Route::Lifecycle))
        && check
            .error
            .as_ref()
            .is_some_and(|e| matches!(e.kind, AdoErrorKind::SignedOut | AdoErrorKind::Forbidden))
}

/// What "Copy report" copies: the engine's report and the page's version, nothing else.
fn report_text(org: &OrgName, raw: &serde_json::Value) -> String {
    let document = serde_json::json!({
        "patPilot": crate::VERSION,
        "organization": org.as_str(),
        "report": raw,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

pub fn act(app: &AppRef, action: Action) -> Res<()> {
    match action {
        Action::Diagnose(org) => {
            app.state
                .borrow_mut()
                .diagnostics
                .runs
                .insert(org.as_str().to_owned(), Run::Running);
            render(app)?;
            let app = app.clone();
            spawn(async move { run(&app, org).await });
            Ok(())
        }
        Action::CopyReport(org) => {
            let text = match app.state.borrow().diagnostics.runs.get(org.as_str()) {
                Some(Run::Done { raw, .. }) => report_text(&org, raw),
                _ => return Ok(()),
            };
            let app = app.clone();
            spawn(async move {
                let copied = match web_sys::window() {
                    Some(w) => JsFuture::from(w.navigator().clipboard().write_text(&text))
                        .await
                        .is_ok(),
                    None => false,
                };
                app.state.borrow_mut().diagnostics.copied = Some((org.as_str().to_owned(), copied));
                let slug = super::html::safe_id("diag", org.as_str());
                let words = t(if copied {
                    "options_copied"
                } else {
                    "options_copy_failed"
                });
                set_text(&app.doc, &format!("{slug}-copy-status"), &words);
                Ok(())
            });
            Ok(())
        }
        _ => Ok(()),
    }
}

async fn run(app: &AppRef, org: OrgName) -> Res<()> {
    let style = app
        .state
        .borrow()
        .settings
        .known
        .get(&org)
        .map(|k| k.host_style)
        .unwrap_or_default();
    let request = Request::Diagnose {
        org: OrgRef {
            name: org.clone(),
            style,
        },
    };
    let outcome = match crate::browser::ask(&request).await {
        Ok(Response::Diagnosis { report }) => {
            match serde_json::from_value::<Report>(report.clone()) {
                Ok(parsed) => Run::Done {
                    report: parsed,
                    raw: report,
                },
                Err(e) => Run::Failed(e.to_string()),
            }
        }
        Ok(_) => Run::Failed(t("options_error_unexpected")),
        Err(e) => Run::Failed(words::error(&e)),
    };
    {
        let mut state = app.state.borrow_mut();
        state
            .diagnostics
            .runs
            .insert(org.as_str().to_owned(), outcome);
        state.diagnostics.copied = None;
    }
    // The engine may have learned the route meanwhile: show its stored facts too.
    load(app).await?;
    let slug = super::html::safe_id("diag", org.as_str());
    super::html::focus(&app.doc, &format!("{slug}-run"));
    Ok(())
}
