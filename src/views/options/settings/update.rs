//! What the settings' controls do.

use time::OffsetDateTime;

use super::model::{CheckRun, SettingsArea, Shortcut};
use crate::core::expiry::Thresholds;
use crate::core::known_orgs::KnownOrgs;
use crate::core::org::{org_from_input, OrgName, UrlParts};
use crate::ports::StoreError;
use crate::protocol::{ErrorData, Request, Response};
use crate::views::options::effect::Effect;
use crate::views::options::shared::Notice;
use crate::views::words::{self, Text};

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    RemoveThreshold(u16),
    /// Add the days typed.
    AddThreshold(String),
    /// The interval chosen, in hours (as the select's value).
    Interval(String),
    Notifications(bool),
    Unwatch(OrgName),
    /// Watch what was typed; `parts` is the browser's parse of it as a URL (`input_as_url`).
    Watch {
        text: String,
        parts: Option<UrlParts>,
    },
    CheckNow,
    /// The page came back into view (the shortcut may have been changed meanwhile).
    Shown,
}

fn set_thresholds(area: &mut SettingsArea, days: Vec<i64>, typed: String) -> Vec<Effect> {
    let effects = match Thresholds::new(days) {
        Ok(thresholds) => {
            area.settings.thresholds = thresholds;
            area.threshold_error = None;
            vec![Effect::SaveSettings(area.settings.clone())]
        }
        Err(e) => {
            area.threshold_error = Some((words::threshold_error(&e), typed));
            Vec::new()
        }
    };
    effects
        .into_iter()
        .chain([Effect::Focus("f-threshold".into())])
        .collect()
}

pub fn update(
    area: &mut SettingsArea,
    known: &mut KnownOrgs,
    msg: Msg,
    now: OffsetDateTime,
) -> Vec<Effect> {
    let days = |area: &SettingsArea| -> Vec<i64> {
        area.settings
            .thresholds
            .days()
            .iter()
            .map(|d| i64::from(*d))
            .collect()
    };
    match msg {
        Msg::RemoveThreshold(day) => {
            let kept = days(area)
                .into_iter()
                .filter(|d| *d != i64::from(day))
                .collect();
            set_thresholds(area, kept, String::new())
        }
        Msg::AddThreshold(text) => {
            // A blank or partial number is out of range, like any other.
            let day = text.trim().parse::<i64>().unwrap_or(0);
            let mut all = days(area);
            all.push(day);
            set_thresholds(area, all, text)
        }
        Msg::Interval(hours) => match hours.parse::<u16>() {
            Ok(hours) => {
                area.settings.check_interval_hours = hours;
                vec![Effect::SaveSettings(area.settings.clone())]
            }
            Err(_) => Vec::new(),
        },
        Msg::Notifications(on) => {
            area.settings.notifications = on;
            vec![Effect::SaveSettings(area.settings.clone())]
        }
        Msg::Unwatch(org) => {
            known.forget(&org);
            vec![
                Effect::SaveKnown {
                    known: known.clone(),
                    said: Some(Text::with(
                        "options_org_removed",
                        [Text::plain(org.as_str())],
                    )),
                },
                Effect::Focus("f-watch".into()),
            ]
        }
        Msg::Watch { text, parts } => match org_from_input(&text, |_| parts) {
            Ok((org, style)) => {
                area.watch_error = None;
                known.touch(org.clone(), style, now);
                vec![
                    Effect::SaveKnown {
                        known: known.clone(),
                        said: Some(Text::with("options_org_added", [Text::plain(org.as_str())])),
                    },
                    Effect::Focus("f-watch".into()),
                ]
            }
            Err(e) => {
                area.watch_error = Some((words::org_input_error(e), text));
                vec![Effect::Focus("f-watch".into())]
            }
        },
        Msg::Shown => vec![Effect::ReadShortcut],
        Msg::CheckNow => {
            area.check = Some(CheckRun::Running);
            vec![Effect::Ask(Request::CheckNow {})]
        }
    }
}

pub fn settings_saved(area: &mut SettingsArea, result: Result<(), StoreError>) -> Vec<Effect> {
    area.notice = Some(match result {
        Ok(()) => Notice::ok(Text::key("options_settings_saved")),
        Err(e) => Notice::error(words::store_error(&e)),
    });
    Vec::new()
}

/// The known organizations were stored (or not): said, and the diagnostics reread what the
/// engine stored for them.
pub fn known_saved(
    area: &mut SettingsArea,
    known: &KnownOrgs,
    said: Option<Text>,
    result: Result<(), StoreError>,
) -> Vec<Effect> {
    area.watch_notice = match result {
        Ok(()) => said.map(Notice::ok),
        Err(e) => Some(Notice::error(words::store_error(&e))),
    };
    vec![Effect::LoadOrgStates(
        known.orgs.iter().map(|k| k.name.clone()).collect(),
    )]
}

/// The browser said which shortcut opens the popup (`None`: none is set).
pub fn shortcut_read(
    area: &mut SettingsArea,
    result: Result<Option<String>, String>,
) -> Vec<Effect> {
    match result {
        Ok(keys) => {
            area.shortcut = keys.map_or(Shortcut::Unset, Shortcut::Set);
            Vec::new()
        }
        Err(why) => {
            area.shortcut = Shortcut::Unknown;
            vec![Effect::Log(format!("commands.getAll: {why}"))]
        }
    }
}

/// The engine answered "Check now".
pub fn checked(
    area: &mut SettingsArea,
    known: &KnownOrgs,
    reply: Result<Response, ErrorData>,
) -> Vec<Effect> {
    area.check = Some(match reply {
        Ok(Response::Checked { summary }) => CheckRun::Done(summary),
        Ok(_) => CheckRun::Failed(Text::key("options_error_unexpected")),
        Err(e) => CheckRun::Failed(words::error(&e)),
    });
    vec![
        Effect::Focus("check-now".into()),
        // The watcher may have refreshed organizations: show what it stored.
        Effect::LoadOrgStates(known.orgs.iter().map(|k| k.name.clone()).collect()),
    ]
}
