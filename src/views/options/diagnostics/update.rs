//! What the diagnostics' controls do.

use super::model::{card_id, report_text, Diagnostics, Report, Run};
use crate::core::known_orgs::KnownOrgs;
use crate::core::org::OrgName;
use crate::protocol::{ErrorData, OrgRef, Request, Response};
use crate::views::options::effect::Effect;
use crate::views::words::{self, Text};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Run(OrgName),
    CopyReport(OrgName),
}

pub fn update(diagnostics: &mut Diagnostics, known: &KnownOrgs, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Run(org) => {
            diagnostics.set_run(org.clone(), Run::Running);
            let style = known.get(&org).map(|k| k.host_style).unwrap_or_default();
            vec![Effect::Ask(Request::Diagnose {
                org: OrgRef { name: org, style },
            })]
        }
        Msg::CopyReport(org) => match diagnostics.run(&org) {
            Some(Run::Done { raw, .. }) => vec![Effect::CopyReport {
                text: report_text(&org, raw),
                org,
            }],
            _ => Vec::new(),
        },
    }
}

/// The engine answered "Run diagnostics" for `org`.
pub fn diagnosed(
    diagnostics: &mut Diagnostics,
    known: &KnownOrgs,
    org: OrgName,
    reply: Result<Response, ErrorData>,
) -> Vec<Effect> {
    let run = match reply {
        Ok(Response::Diagnosis { report }) => {
            match serde_json::from_value::<Report>(report.clone()) {
                Ok(parsed) => Run::Done {
                    report: parsed,
                    raw: report,
                },
                Err(e) => Run::Failed(Text::plain(e.to_string())),
            }
        }
        Ok(_) => Run::Failed(Text::key("options_error_unexpected")),
        Err(e) => Run::Failed(words::error(&e)),
    };
    let focus = format!("{}-run", card_id(&org));
    diagnostics.set_run(org, run);
    diagnostics.copied = None;
    vec![
        // The engine may have learned the route meanwhile: show its stored facts too.
        Effect::LoadOrgStates(known.orgs.iter().map(|k| k.name.clone()).collect()),
        Effect::Focus(focus),
    ]
}

pub fn copied(diagnostics: &mut Diagnostics, org: OrgName, done: bool) -> Vec<Effect> {
    diagnostics.copied = Some((org, done));
    Vec::new()
}
