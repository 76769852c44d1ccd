//! The settings' state, and what the section shows.

use time::OffsetDateTime;

use crate::core::known_orgs::KnownOrgs;
use crate::core::org::{HostStyle, OrgName};
use crate::core::settings::{Settings, MAX_CHECK_INTERVAL_HOURS, MIN_CHECK_INTERVAL_HOURS};
use crate::protocol::CheckSummary;
use crate::views::options::shared::Notice;
use crate::views::words::{self, Text};

/// The check intervals offered, in hours.
pub const INTERVALS: [u16; 8] = [1, 2, 3, 4, 6, 8, 12, 24];

/// Where "Check now" stands.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckRun {
    Running,
    Done(CheckSummary),
    Failed(Text),
}

/// The keyboard shortcut that opens the popup, as the browser has it (`commands.getAll()`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Shortcut {
    #[default]
    Reading,
    Set(String),
    /// No key is assigned (the person cleared it, or another extension had the keys first).
    Unset,
    /// The browser did not say (the reason, for the log).
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SettingsArea {
    pub shortcut: Shortcut,
    pub settings: Settings,
    /// What became of the last change of the warnings (saved, or why not).
    pub notice: Option<Notice>,
    /// What became of the last change of the watched organizations.
    pub watch_notice: Option<Notice>,
    /// Why the last threshold typed was refused, and what was typed.
    pub threshold_error: Option<(Text, String)>,
    /// Why the last organization typed was refused, and what was typed.
    pub watch_error: Option<(Text, String)>,
    pub check: Option<CheckRun>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SettingsView {
    /// The thresholds in days, each with its words.
    pub thresholds: Vec<(u16, Text)>,
    pub threshold_error: Option<(Text, String)>,
    pub notifications: bool,
    /// The intervals offered, their words, and whether each is chosen.
    pub intervals: Vec<(u16, Text, bool)>,
    pub notice: Option<Notice>,
    pub watched: Vec<Watched>,
    pub watch_error: Option<(Text, String)>,
    pub watch_notice: Option<Notice>,
    pub checking: bool,
    /// What the last check did (or that it runs), and its look: plain, `ok` or `error`.
    pub check: Option<(Text, &'static str)>,
    /// The shortcut's keys as the browser names them, or why none shows.
    pub shortcut: Text,
    /// No key is set: say how one is chosen.
    pub shortcut_unset: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Watched {
    pub name: OrgName,
    /// "dev.azure.com/contoso · used 3 hours ago".
    pub detail: Text,
}

fn names(orgs: &[OrgName]) -> Text {
    Text::plain(
        orgs.iter()
            .map(|o| o.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// What a check did, in words.
pub fn check_words(summary: &CheckSummary) -> Text {
    let mut parts = vec![Text::with(
        "options_check_done",
        [Text::number(summary.notified), Text::number(summary.due)],
    )];
    if !summary.refreshed.is_empty() {
        parts.push(Text::with(
            "options_check_refreshed",
            [names(&summary.refreshed)],
        ));
    }
    if !summary.stale.is_empty() {
        parts.push(Text::with("options_check_stale", [names(&summary.stale)]));
    }
    Text::Joined(parts, " ")
}

pub fn view(area: &SettingsArea, known: &KnownOrgs, now: OffsetDateTime) -> SettingsView {
    let s = &area.settings;
    SettingsView {
        thresholds: s
            .thresholds
            .days()
            .iter()
            .map(|d| (*d, words::days(u32::from(*d))))
            .collect(),
        threshold_error: area.threshold_error.clone(),
        notifications: s.notifications,
        intervals: INTERVALS
            .iter()
            .filter(|h| (MIN_CHECK_INTERVAL_HOURS..=MAX_CHECK_INTERVAL_HOURS).contains(*h))
            .map(|h| {
                let text = if *h == 1 {
                    Text::key("options_interval_hour")
                } else {
                    Text::with("options_interval_hours", [Text::number(h)])
                };
                (*h, text, *h == s.check_interval_hours)
            })
            .collect(),
        notice: area.notice.clone(),
        watched: known
            .orgs
            .iter()
            .map(|k| {
                let host = match k.host_style {
                    HostStyle::Modern => format!("dev.azure.com/{}", k.name),
                    HostStyle::Legacy => format!("{}.visualstudio.com", k.name),
                };
                Watched {
                    name: k.name.clone(),
                    detail: Text::with(
                        "options_org_used",
                        [Text::plain(host), words::ago(now, k.last_used)],
                    ),
                }
            })
            .collect(),
        watch_error: area.watch_error.clone(),
        watch_notice: area.watch_notice.clone(),
        shortcut: match &area.shortcut {
            Shortcut::Reading => Text::key("options_shortcut_reading"),
            Shortcut::Set(keys) => Text::plain(keys),
            Shortcut::Unset => Text::key("options_shortcut_unset"),
            Shortcut::Unknown => Text::key("options_shortcut_unknown"),
        },
        shortcut_unset: area.shortcut == Shortcut::Unset,
        checking: matches!(area.check, Some(CheckRun::Running)),
        check: match &area.check {
            None => None,
            Some(CheckRun::Running) => Some((Text::key("options_check_running"), "")),
            Some(CheckRun::Done(summary)) => Some((check_words(summary), "ok")),
            Some(CheckRun::Failed(why)) => {
                Some((Text::with("options_check_failed", [why.clone()]), "error"))
            }
        },
    }
}
