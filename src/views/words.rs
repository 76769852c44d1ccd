//! The pages' one vocabulary: what to say, as typed data. A [`Text`] names a `_locales` message
//! and its arguments, or an amount, a date, a relative time or a list for `Intl`; the painter
//! says it in the browser's language (`say.rs`, wasm). Decisions about wording are made here
//! and in the models, on the host, so `cargo test` can check them; nothing here is English.

use time::{Duration, OffsetDateTime};

use crate::ado::AdoErrorKind;
use crate::core::copy_as::CopyFormat;
use crate::core::expiry::ThresholdError;
use crate::core::org::OrgInputError;
use crate::core::preset::{JsonType, PresetField, PresetProblem, ProblemReason};
use crate::core::preset_store::SaveError;
use crate::core::quota::QuotaProblem;
use crate::core::relative::{relative, RelativeTime, Tense, TimeUnit};
use crate::core::scopes::summary::{summarize, ScopeEntry};
use crate::core::scopes::FULL_ACCESS;
use crate::core::token::Scopes;
use crate::core::transfer::{ApplyError, ImportError};
use crate::ports::StoreError;
use crate::protocol::{EngineErrorKind, ErrorData, ErrorKind};

/// Something to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A `_locales` message with its `$1`…`$9` substitutions.
    Message(&'static str, Vec<Text>),
    /// Words that are not ours (a name, the server's message, a number), shown as they are.
    Plain(String),
    /// A number with its unit ("30 days", "1 day", "45 seconds"), plural as the language wants.
    Amount(u32, Unit),
    /// An instant in the browser's calendar.
    Date(OffsetDateTime, DateStyle),
    /// "in 3 days", "2 hours ago", "yesterday".
    Relative {
        value: i64,
        unit: Unit,
        numeric: Numeric,
    },
    /// Items as the language lists them ("a, b, c").
    List(Vec<Text>),
    /// Items joined with a fixed separator (sentences with " ").
    Joined(Vec<Text>, &'static str),
}

/// A unit of `Intl.NumberFormat` and `Intl.RelativeTimeFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
}

impl Unit {
    /// The unit's name in `Intl`.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
        }
    }
}

impl From<TimeUnit> for Unit {
    fn from(unit: TimeUnit) -> Self {
        match unit {
            TimeUnit::Minutes => Unit::Minute,
            TimeUnit::Hours => Unit::Hour,
            TimeUnit::Days => Unit::Day,
        }
    }
}

/// How much of an instant to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// "28 Dec 2026".
    Day,
    /// "28 Dec 2026, 14:05".
    DayAndTime,
    /// The language's medium date and short time ("Dec 28, 2026, 2:05 PM").
    Medium,
}

/// `Intl.RelativeTimeFormat`'s `numeric`: "in 1 day" (`Always`) or "tomorrow" (`Auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numeric {
    Always,
    Auto,
}

impl Text {
    /// A message without arguments.
    pub fn key(key: &'static str) -> Self {
        Text::Message(key, Vec::new())
    }

    /// A message with arguments.
    pub fn with(key: &'static str, args: impl IntoIterator<Item = Text>) -> Self {
        Text::Message(key, args.into_iter().collect())
    }

    pub fn plain(text: impl Into<String>) -> Self {
        Text::Plain(text.into())
    }

    /// A count, as digits.
    pub fn number(n: impl ToString) -> Self {
        Text::Plain(n.to_string())
    }

    /// The `_locales` key of a message, for tests and for choosing a tone.
    pub fn message_key(&self) -> Option<&'static str> {
        match self {
            Text::Message(key, _) => Some(key),
            _ => None,
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_owned())
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text::Plain(text)
    }
}

/// A "Copy as…" format's name (`copy_format_*` in `common.json`).
pub fn copy_format(format: CopyFormat) -> Text {
    Text::key(match format {
        CopyFormat::Raw => "copy_format_raw",
        CopyFormat::Npmrc => "copy_format_npmrc",
        CopyFormat::NuGet => "copy_format_nuget",
        CopyFormat::Pip => "copy_format_pip",
        CopyFormat::Maven => "copy_format_maven",
        CopyFormat::AzBash => "copy_format_az_bash",
        CopyFormat::AzPowerShell => "copy_format_az_powershell",
        CopyFormat::GitHeader => "copy_format_git_header",
        CopyFormat::GitConfig => "copy_format_git_config",
    })
}

// Amounts, dates and times.

/// "30 days", "1 day".
pub fn days(n: u32) -> Text {
    Text::Amount(n, Unit::Day)
}

/// "45 seconds".
pub fn seconds(n: u32) -> Text {
    Text::Amount(n, Unit::Second)
}

/// "28 Dec 2026", with the time of day when `with_time`.
pub fn date(at: OffsetDateTime, with_time: bool) -> Text {
    Text::Date(
        at,
        if with_time {
            DateStyle::DayAndTime
        } else {
            DateStyle::Day
        },
    )
}

/// "Dec 28, 2026, 2:05 PM": when something happened.
pub fn date_time(at: OffsetDateTime) -> Text {
    Text::Date(at, DateStyle::Medium)
}

fn span(value: u32, unit: TimeUnit, tense: Tense, numeric: Numeric) -> Text {
    let value = i64::from(value);
    Text::Relative {
        value: if tense == Tense::Past { -value } else { value },
        unit: unit.into(),
        numeric,
    }
}

/// "in 30 days", "2 days ago", "today": when a token expires. Future days are rounded to the
/// nearest day: a token made a second ago for 30 days reads "in 30 days", not "in 29 days".
pub fn until(now: OffsetDateTime, at: OffsetDateTime) -> Text {
    let half_day = Duration::hours(12);
    let now = if at - now >= Duration::DAY + half_day {
        now - half_day
    } else {
        now
    };
    match relative(now, at) {
        RelativeTime::Today => Text::key("popup_today"),
        RelativeTime::Span {
            amount,
            unit,
            tense,
        } => span(amount, unit, tense, Numeric::Always),
    }
}

/// "3 hours ago", "5 minutes ago", "yesterday": when something last happened, within the day
/// as precisely as an expiry is not.
pub fn ago(now: OffsetDateTime, at: OffsetDateTime) -> Text {
    match relative(now, at) {
        RelativeTime::Today => {
            let past = now - at;
            let (value, unit) = if past.whole_hours() >= 1 {
                (past.whole_hours(), Unit::Hour)
            } else {
                (past.whole_minutes(), Unit::Minute)
            };
            Text::Relative {
                value: -value,
                unit,
                numeric: Numeric::Auto,
            }
        }
        RelativeTime::Span {
            amount,
            unit,
            tense,
        } => span(amount, unit, tense, Numeric::Auto),
    }
}

/// "Expires 28 Dec 2026, in 30 days" or "Expired 26 Nov 2026, 2 days ago"; with the time of
/// day when it is less than two days away.
pub fn expiry(now: OffsetDateTime, valid_to: OffsetDateTime) -> Text {
    let soon = (valid_to - now).abs() < Duration::days(2);
    let key = if valid_to > now {
        "popup_expires_on"
    } else {
        "popup_expired_on"
    };
    Text::with(key, [date(valid_to, soon), until(now, valid_to)])
}

// Scopes.

/// Each scope in plain words: "Code: Read & write", "Full access", or an unknown id verbatim.
pub fn scope_entries(scopes: &Scopes) -> Vec<Text> {
    summarize(scopes)
        .into_iter()
        .map(|entry| match entry {
            ScopeEntry::Known { id, .. } if id == FULL_ACCESS => Text::key("options_full_access"),
            ScopeEntry::Known { group, level, .. } if group == level => Text::plain(level),
            ScopeEntry::Known { group, level, .. } => Text::with(
                "popup_scope_entry",
                [Text::plain(group), Text::plain(level)],
            ),
            ScopeEntry::Unknown { id } => Text::Plain(id),
        })
        .collect()
}

/// The scopes as one line: "Code: Read & write, Packaging: Read".
pub fn scopes(scopes: &Scopes) -> Text {
    Text::List(scope_entries(scopes))
}

/// The scopes as the lowercase words a filter matches: the catalog's group and level words the
/// row shows ("code: read & write").
pub fn scope_search_words(scopes: &Scopes) -> String {
    summarize(scopes)
        .into_iter()
        .map(|entry| match entry {
            ScopeEntry::Known { group, level, .. } => format!("{group}: {level}"),
            ScopeEntry::Unknown { id } => id,
        })
        .collect::<Vec<_>>()
        .join(", ")
        .to_lowercase()
}

// The core's problems.

fn field_name(field: PresetField) -> Text {
    Text::key(match field {
        PresetField::Preset => "options_field_preset",
        PresetField::Id => "options_field_id",
        PresetField::Name => "options_field_name",
        PresetField::Scopes => "options_field_scopes",
        PresetField::LifetimeDays => "options_field_lifetime",
        PresetField::NameTemplate => "options_field_template",
        PresetField::Orgs => "options_field_orgs",
        PresetField::CopyAs => "options_field_copy_as",
        PresetField::Feed => "options_field_feed",
        PresetField::Project => "options_field_project",
    })
}

fn json_type(expected: JsonType) -> Text {
    Text::key(match expected {
        JsonType::Object => "options_type_object",
        JsonType::String => "options_type_string",
        JsonType::Integer => "options_type_integer",
        JsonType::ArrayOfStrings => "options_type_strings",
        JsonType::AllOrArrayOfStrings => "options_type_orgs",
    })
}

/// One problem of a preset, as a sentence for the field it concerns.
pub fn preset_problem(p: &PresetProblem) -> Text {
    match &p.reason {
        ProblemReason::Missing => Text::key(match p.field {
            PresetField::Feed => "options_problem_feed_missing",
            _ => "options_problem_missing",
        }),
        ProblemReason::WrongType { expected } => {
            Text::with("options_problem_wrong_type", [json_type(*expected)])
        }
        ProblemReason::Empty => Text::key(match p.field {
            PresetField::Name => "options_problem_name_empty",
            PresetField::Scopes => "options_problem_scopes_empty",
            PresetField::NameTemplate => "options_problem_template_empty",
            PresetField::Orgs => "options_problem_orgs_empty",
            PresetField::Project => "options_problem_project_empty",
            _ => "options_problem_empty",
        }),
        ProblemReason::TooLong { max } => {
            Text::with("options_problem_too_long", [Text::number(max)])
        }
        ProblemReason::TooMany { max } => {
            Text::with("options_problem_too_many", [Text::number(max)])
        }
        ProblemReason::ControlCharacter => Text::key("options_problem_control"),
        ProblemReason::InvalidCharacters => Text::key(match p.field {
            PresetField::Feed => "options_problem_feed_characters",
            PresetField::Project => "options_problem_project_characters",
            _ => "options_problem_id_characters",
        }),
        ProblemReason::OutOfRange { min, max } => Text::with(
            "options_problem_lifetime_range",
            [Text::number(min), Text::number(max)],
        ),
        ProblemReason::UnknownScope { scope } => {
            Text::with("options_problem_unknown_scope", [Text::plain(scope)])
        }
        ProblemReason::FullAccessNotAlone => Text::key("options_problem_full_access_alone"),
        ProblemReason::UnknownPlaceholder { placeholder } => {
            Text::with("options_problem_placeholder", [Text::plain(placeholder)])
        }
        ProblemReason::UnbalancedBrace => Text::key("options_problem_brace"),
        ProblemReason::InvalidOrg { value } => {
            Text::with("options_problem_invalid_org", [Text::plain(value)])
        }
        ProblemReason::DuplicateOrg { org } => {
            Text::with("options_problem_duplicate_org", [Text::plain(org)])
        }
        ProblemReason::DuplicateName => Text::key("options_problem_duplicate_name"),
        ProblemReason::UnknownFormat { format } => {
            Text::with("options_problem_unknown_format", [Text::plain(format)])
        }
    }
}

/// A problem with its field named ("Lifetime: Choose between 1 and 365 days."), for imports.
pub fn preset_problem_in_field(p: &PresetProblem) -> Text {
    Text::with(
        "options_problem_in_field",
        [field_name(p.field), preset_problem(p)],
    )
}

/// Why a file cannot be imported.
pub fn import_error(e: &ImportError) -> Text {
    let kb = |bytes: usize| Text::number(bytes.div_ceil(1024));
    match e {
        ImportError::TooLarge { bytes, max } => {
            Text::with("options_import_too_large", [kb(*bytes), kb(*max)])
        }
        ImportError::NotUtf8 { .. } => Text::key("options_import_not_text"),
        ImportError::TooDeep { max, .. } => {
            Text::with("options_import_too_deep", [Text::number(max)])
        }
        ImportError::Malformed { line, column, .. } => Text::with(
            "options_import_malformed",
            [Text::number(line), Text::number(column)],
        ),
        ImportError::NotAnObject | ImportError::WrongFormat { .. } => {
            Text::key("options_import_not_presets")
        }
        ImportError::MissingVersion => Text::key("options_import_no_version"),
        ImportError::UnsupportedVersion { found } => {
            Text::with("options_import_version", [Text::plain(found)])
        }
        ImportError::PresetsNotAList => Text::key("options_import_no_list"),
        ImportError::TooManyPresets { count, max } => Text::with(
            "options_import_too_many",
            [Text::number(count), Text::number(max)],
        ),
        ImportError::DuplicateId { id, .. } => {
            Text::with("options_import_duplicate_id", [Text::plain(id)])
        }
        ImportError::Storage { message } => {
            Text::with("options_storage_failed", [Text::plain(message)])
        }
    }
}

/// Why something would not fit in sync storage.
pub fn quota_problem(q: &QuotaProblem) -> Text {
    match q {
        QuotaProblem::ItemTooLarge { bytes, max, .. } => Text::with(
            "options_quota_item",
            [Text::number(bytes), Text::number(max)],
        ),
        QuotaProblem::TotalTooLarge { bytes, max } => Text::with(
            "options_quota_total",
            [Text::number(bytes), Text::number(max)],
        ),
        QuotaProblem::TooManyItems { count, max } => Text::with(
            "options_quota_items",
            [Text::number(count), Text::number(max)],
        ),
    }
}

fn quota_problems(problems: &[QuotaProblem]) -> Text {
    Text::Joined(problems.iter().map(quota_problem).collect(), " ")
}

pub fn store_error(e: &StoreError) -> Text {
    match e {
        StoreError::Quota(_) => Text::key("options_storage_quota"),
        StoreError::Failed(message) => Text::with("options_storage_failed", [Text::plain(message)]),
    }
}

pub fn save_error(e: &SaveError) -> Text {
    match e {
        SaveError::Quota(problems) => quota_problems(problems),
        SaveError::Store(e) => store_error(e),
    }
}

pub fn apply_error(e: &ApplyError) -> Text {
    match e {
        ApplyError::NotApplicable => Text::key("options_import_not_applicable"),
        ApplyError::Quota(problems) => quota_problems(problems),
        ApplyError::Store(e) => store_error(e),
    }
}

pub fn threshold_error(e: &ThresholdError) -> Text {
    match e {
        ThresholdError::Empty => Text::key("options_thresholds_empty"),
        ThresholdError::TooMany { max } => {
            Text::with("options_thresholds_too_many", [Text::number(max)])
        }
        ThresholdError::OutOfRange { min, max, .. } => Text::with(
            "options_thresholds_range",
            [Text::number(min), Text::number(max)],
        ),
    }
}

pub fn org_input_error(e: OrgInputError) -> Text {
    Text::key(match e {
        OrgInputError::Empty => "options_org_input_empty",
        OrgInputError::NotUnderstood => "options_org_input_unknown",
        OrgInputError::NotAnOrganizationUrl => "options_org_input_not_org",
    })
}

/// An engine or Azure DevOps failure, worded by its kind (the developer message is not shown:
/// it is English and for reports).
pub fn error_kind(kind: ErrorKind) -> Text {
    use AdoErrorKind as A;
    use EngineErrorKind as E;
    Text::key(match kind {
        ErrorKind::Ado(kind) => match kind {
            A::SignedOut => "options_error_signedOut",
            A::Forbidden => "options_error_forbidden",
            A::PolicyLifespan => "options_error_policyLifespan",
            A::PolicyFullScope => "options_error_policyFullScope",
            A::PolicyGlobal => "options_error_policyGlobal",
            A::PolicyGlobalCreationBlocked => "options_error_policyGlobalCreationBlocked",
            A::PolicyCreationRestricted => "options_error_policyCreationRestricted",
            A::PolicyUnreadable => "options_error_policyUnreadable",
            A::InvalidName => "options_error_invalidName",
            A::InvalidExpiry => "options_error_invalidExpiry",
            A::InvalidScope => "options_error_invalidScope",
            A::NotFound => "options_error_notFound",
            A::ExpiredCannotExtend => "options_error_expiredCannotExtend",
            A::RateLimited => "options_error_rateLimited",
            A::Server => "options_error_server",
            A::Network => "options_error_network",
            A::Timeout => "options_error_timeout",
            A::NoHostAccess => "options_error_noHostAccess",
            A::Unsupported => "options_error_unsupported",
            A::Refused => "options_error_refused",
            A::Declined => "options_error_declined",
            A::Unexpected => "options_error_unexpected",
            A::Uncertain => "options_error_uncertain",
            A::NoRoute => "options_error_noRoute",
            A::TooLarge => "options_error_tooLarge",
        },
        ErrorKind::Engine(kind) => match kind {
            E::BadRequest => "options_error_badRequest",
            E::Storage => "options_error_storage",
            E::UnknownPreset => "options_error_unknownPreset",
            E::InvalidPreset => "options_error_invalidPreset",
            E::Busy => "options_error_busy",
            E::CreateUncertain => "options_error_createUncertain",
            E::OtherOrganization => "options_error_otherOrganization",
            E::Internal => "options_error_internal",
        },
    })
}

/// A failure by its kind, with the server's own words when it gave some.
pub fn error(e: &ErrorData) -> Text {
    match &e.server_message {
        Some(server) => Text::with(
            "options_error_with_server",
            [error_kind(e.kind), Text::plain(server)],
        ),
        None => error_kind(e.kind),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);

    #[test]
    fn a_token_made_a_moment_ago_for_30_days_expires_in_30_days() {
        let text = until(NOW, NOW + Duration::days(30) - Duration::seconds(1));
        assert_eq!(
            text,
            Text::Relative {
                value: 30,
                unit: Unit::Day,
                numeric: Numeric::Always
            }
        );
    }

    #[test]
    fn an_instant_passed_today_reads_today_for_an_expiry_and_hours_ago_for_an_event() {
        let at = NOW - Duration::hours(3);
        assert_eq!(until(NOW, at), Text::key("popup_today"));
        assert_eq!(
            ago(NOW, at),
            Text::Relative {
                value: -3,
                unit: Unit::Hour,
                numeric: Numeric::Auto
            }
        );
        assert_eq!(
            ago(NOW, NOW - Duration::minutes(5)),
            Text::Relative {
                value: -5,
                unit: Unit::Minute,
                numeric: Numeric::Auto
            }
        );
    }

    #[test]
    fn an_expiry_within_two_days_names_the_time_of_day() {
        let soon = NOW + Duration::hours(11);
        let later = NOW + Duration::days(9);
        let past = NOW - Duration::days(2);
        assert_eq!(
            expiry(NOW, soon),
            Text::with("popup_expires_on", [date(soon, true), until(NOW, soon)])
        );
        assert_eq!(
            expiry(NOW, later),
            Text::with("popup_expires_on", [date(later, false), until(NOW, later)])
        );
        assert_eq!(expiry(NOW, past).message_key(), Some("popup_expired_on"));
    }

    #[test]
    fn scopes_read_as_group_and_level_with_full_access_and_unknown_ids() {
        let code = Scopes::from_ids(["vso.code", "vso.code_write", "vso.nope"]);
        assert_eq!(
            scope_entries(&code),
            vec![
                Text::with(
                    "popup_scope_entry",
                    [Text::plain("Code"), Text::plain("Read & write")]
                ),
                Text::plain("vso.nope"),
            ]
        );
        assert_eq!(
            scope_entries(&Scopes::from_ids([FULL_ACCESS, "vso.code"])),
            vec![Text::key("options_full_access")]
        );
    }

    #[test]
    fn every_error_kind_has_its_own_words() {
        let kinds = [
            "signedOut",
            "policyLifespan",
            "noRoute",
            "busy",
            "internal",
            "createUncertain",
            "declined",
            "otherOrganization",
        ];
        for kind in kinds {
            let parsed = serde_json::from_value::<ErrorKind>(serde_json::Value::from(kind));
            assert_eq!(
                parsed.ok().and_then(|k| error_kind(k).message_key()),
                Some(format!("options_error_{kind}").as_str())
            );
        }
    }
}
