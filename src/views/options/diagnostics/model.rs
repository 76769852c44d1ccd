//! The diagnostics' runs, and what the section shows.

use serde::Deserialize;
use time::OffsetDateTime;

use crate::ado::{AdoErrorKind, Route, Transport};
use crate::core::org::OrgName;
use crate::engine::state::OrgState;
use crate::protocol::ErrorKind;
use crate::views::options::shared::safe_id;
use crate::views::words::{self, Text};

/// The engine's report, as far as this page reads it (`ado::diagnose::DiagnosticsReport`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Probe {
    Connection,
    List(Route),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    pub probe: Probe,
    #[serde(default)]
    pub requests: Vec<Exchange>,
    pub ok: bool,
    pub tokens: Option<usize>,
    pub error: Option<Failure>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    pub kind: AdoErrorKind,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    pub method: String,
    pub url: String,
    #[serde(default)]
    pub with_bearer: bool,
    pub status: Option<u16>,
    pub transport_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Run {
    Running,
    Done {
        report: Report,
        /// The report as the engine sent it: what is shown raw and copied.
        raw: serde_json::Value,
    },
    Failed(Text),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagnostics {
    /// The last run per organization, one entry each (a few organizations: a list, not a map,
    /// whose code the module would carry for this alone).
    runs: Vec<(OrgName, Run)>,
    /// Whether the last report copied (per organization) reached the clipboard.
    pub copied: Option<(OrgName, bool)>,
}

impl Diagnostics {
    /// The last run for `org`, if any.
    pub fn run(&self, org: &OrgName) -> Option<&Run> {
        self.runs.iter().find(|(o, _)| o == org).map(|(_, run)| run)
    }

    /// Records `run` as the last run for `org`.
    pub fn set_run(&mut self, org: OrgName, run: Run) {
        match self.runs.iter_mut().find(|(o, _)| *o == org) {
            Some((_, last)) => *last = run,
            None => self.runs.push((org, run)),
        }
    }
}

/// The stem of a card's element ids.
pub fn card_id(org: &OrgName) -> String {
    safe_id("diag", org.as_str())
}

/// What "Copy report" copies: the engine's report and the page's version, nothing else.
pub fn report_text(org: &OrgName, raw: &serde_json::Value) -> String {
    let document = serde_json::json!({
        "patPilot": crate::VERSION,
        "organization": org.as_str(),
        "report": raw,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub org: OrgName,
    pub id: String,
    /// Term and value of each stored fact.
    pub facts: Vec<(Text, Text)>,
    pub running: bool,
    pub run: Option<RunView>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RunView {
    Running,
    Failed(Text),
    Done(ReportView),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    pub verdict: Text,
    pub works: bool,
    pub checks: Vec<CheckView>,
    pub copy_status: Option<Text>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckView {
    pub ok: bool,
    pub probe: Text,
    pub outcome: Text,
    /// "GET https://… → 200", with "(with a bearer)".
    pub requests: Vec<Text>,
}

fn route_words(route: Route) -> Text {
    Text::key(match route {
        Route::Web => "options_route_web",
        Route::Lifecycle => "options_route_lifecycle",
    })
}

fn probe_words(probe: Probe) -> Text {
    match probe {
        Probe::Connection => Text::key("options_probe_connection"),
        Probe::List(route) => route_words(route),
    }
}

/// How a write worked: directly, or as the token page sends it (`ado::transport`).
fn transport_words(transport: Transport) -> Text {
    Text::key(match transport {
        Transport::Direct => "options_writes_direct",
        Transport::PageOrigin => "options_writes_page_origin",
    })
}

/// The public API refused a session that `connectionData` accepted. Microsoft documents that
/// API for Entra tokens only (docs/azure-devops.md §7.1): this is expected, not a signed-out
/// session.
fn session_refused(check: &Check, signed_in: bool) -> bool {
    signed_in
        && matches!(check.probe, Probe::List(Route::Lifecycle))
        && check
            .error
            .as_ref()
            .is_some_and(|e| matches!(e.kind, AdoErrorKind::SignedOut | AdoErrorKind::Forbidden))
}

fn report_view(
    org: &OrgName,
    report: &Report,
    raw: &serde_json::Value,
    copied: Option<bool>,
) -> ReportView {
    let working = report
        .checks
        .iter()
        .filter(|c| c.ok)
        .find_map(|c| match c.probe {
            Probe::List(route) => Some(route),
            Probe::Connection => None,
        });
    let signed_in = report
        .checks
        .iter()
        .any(|c| matches!(c.probe, Probe::Connection) && c.ok);
    let checks = report
        .checks
        .iter()
        .map(|c| CheckView {
            ok: c.ok,
            probe: probe_words(c.probe),
            outcome: if c.ok {
                match c.tokens {
                    Some(n) => Text::with("options_check_ok_tokens", [Text::number(n)]),
                    None => Text::key("options_check_ok"),
                }
            } else if session_refused(c, signed_in) {
                Text::key("options_check_lifecycle_refused")
            } else {
                c.error
                    .as_ref()
                    .map(|e| words::error_kind(ErrorKind::Ado(e.kind)))
                    .unwrap_or_else(|| Text::key("options_check_failed_plain"))
            },
            requests: c
                .requests
                .iter()
                .map(|r| {
                    let answer = match (&r.status, &r.transport_error) {
                        (Some(status), _) => status.to_string(),
                        (None, Some(err)) => err.clone(),
                        (None, None) => "—".to_owned(),
                    };
                    let line = Text::plain(format!("{} {} → {}", r.method, r.url, answer));
                    if r.with_bearer {
                        Text::Joined(vec![line, Text::key("options_with_bearer")], " ")
                    } else {
                        line
                    }
                })
                .collect(),
        })
        .collect();
    ReportView {
        verdict: match working {
            Some(route) => Text::with("options_verdict_works", [route_words(route)]),
            None => Text::key("options_verdict_none"),
        },
        works: working.is_some(),
        checks,
        copy_status: copied.map(|done| {
            Text::key(if done {
                "options_copied"
            } else {
                "options_copy_failed"
            })
        }),
        text: report_text(org, raw),
    }
}

pub fn view(
    diagnostics: &Diagnostics,
    org_states: &[(OrgName, OrgState)],
    now: OffsetDateTime,
) -> Vec<Card> {
    org_states
        .iter()
        .map(|(org, stored)| {
            let mut facts = vec![
                (
                    Text::key("options_fact_route"),
                    stored
                        .route
                        .map(route_words)
                        .unwrap_or_else(|| Text::key("options_unknown_yet")),
                ),
                (
                    Text::key("options_fact_refreshed"),
                    stored
                        .refreshed_at
                        .map(|r| {
                            Text::Joined(
                                vec![
                                    words::ago(now, r),
                                    Text::plain(" ("),
                                    words::date_time(r),
                                    Text::plain(")"),
                                ],
                                "",
                            )
                        })
                        .unwrap_or_else(|| Text::key("options_never")),
                ),
                (
                    Text::key("options_fact_error"),
                    stored
                        .last_error
                        .as_ref()
                        .map(words::error)
                        .unwrap_or_else(|| Text::key("options_none")),
                ),
            ];
            if let Some(max) = stored.max_lifespan_days {
                facts.push((Text::key("options_fact_limit"), words::days(u32::from(max))));
            }
            // How writes go: said once a write has been sent (or a refusal chose the way).
            if let Some(worked) = stored.last_write_transport.or(stored.transport) {
                facts.push((Text::key("options_fact_writes"), transport_words(worked)));
            }
            let run = diagnostics.run(org);
            let copied = diagnostics
                .copied
                .as_ref()
                .filter(|(o, _)| o == org)
                .map(|(_, done)| *done);
            Card {
                org: org.clone(),
                id: card_id(org),
                facts,
                running: matches!(run, Some(Run::Running)),
                run: run.map(|run| match run {
                    Run::Running => RunView::Running,
                    Run::Failed(why) => {
                        RunView::Failed(Text::with("options_diagnostics_failed", [why.clone()]))
                    }
                    Run::Done { report, raw } => {
                        RunView::Done(report_view(org, report, raw, copied))
                    }
                }),
            }
        })
        .collect()
}
