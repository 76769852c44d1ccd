//! Words for the options page: the core's typed problems, the engine's error kinds and times,
//! worded through `_locales` (`locales/en/options.json`) and `Intl`. Nothing here is English.

use time::OffsetDateTime;

use crate::browser::ext::{t, t_with};
use crate::browser::intl;
use crate::core::expiry::ThresholdError;
use crate::core::org::OrgInputError;
use crate::core::preset::{JsonType, PresetField, PresetProblem, ProblemReason};
use crate::core::preset_store::SaveError;
use crate::core::quota::QuotaProblem;
use crate::core::relative::{relative, RelativeTime, Tense};
use crate::core::scopes::summary::{summarize, ScopeEntry};
use crate::core::token::Scopes;
use crate::core::transfer::{ApplyError, ImportError};
use crate::ports::StoreError;
use crate::protocol::{EngineErrorKind, ErrorData, ErrorKind};

/// "28 Dec 2026, 14:05" in the browser's language.
pub fn date_time(at: OffsetDateTime) -> String {
    intl::date(at, &[("dateStyle", "medium"), ("timeStyle", "short")])
}

/// "3 hours ago", "5 minutes ago", "2 days ago".
pub fn ago(now: OffsetDateTime, at: OffsetDateTime) -> String {
    let (amount, unit) = match relative(now, at) {
        // Within the day, as precisely as an expiry is not: when something last happened.
        RelativeTime::Today => {
            let past = now - at;
            if past.whole_hours() >= 1 {
                (-(past.whole_hours() as f64), "hour")
            } else {
                (-(past.whole_minutes() as f64), "minute")
            }
        }
        RelativeTime::Span {
            amount,
            unit,
            tense,
        } => {
            let sign = if tense == Tense::Past { -1.0 } else { 1.0 };
            (sign * f64::from(amount), intl::unit_name(unit))
        }
    };
    intl::relative(amount, unit, "auto")
}

/// "30 days", "1 day".
pub fn days(n: u32) -> String {
    if n == 1 {
        t("options_one_day")
    } else {
        t_with("options_n_days", &[&n.to_string()])
    }
}

/// "Code: Read & write, Packaging: Read" (catalog words: the token page's own labels).
pub fn scope_summary(scopes: &Scopes) -> String {
    summarize(scopes)
        .iter()
        .map(|entry| match entry {
            ScopeEntry::Known { id, .. } if *id == crate::core::scopes::FULL_ACCESS => {
                t("options_full_access")
            }
            ScopeEntry::Known { group, level, .. } => format!("{group}: {level}"),
            ScopeEntry::Unknown { id } => id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn field_name(field: PresetField) -> String {
    t(match field {
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

fn json_type(expected: JsonType) -> String {
    t(match expected {
        JsonType::Object => "options_type_object",
        JsonType::String => "options_type_string",
        JsonType::Integer => "options_type_integer",
        JsonType::ArrayOfStrings => "options_type_strings",
        JsonType::AllOrArrayOfStrings => "options_type_orgs",
    })
}

/// One problem, as a sentence for the field it concerns.
pub fn problem(p: &PresetProblem) -> String {
    match &p.reason {
        ProblemReason::Missing => t(match p.field {
            PresetField::Feed => "options_problem_feed_missing",
            _ => "options_problem_missing",
        }),
        ProblemReason::WrongType { expected } => {
            t_with("options_problem_wrong_type", &[&json_type(*expected)])
        }
        ProblemReason::Empty => t(match p.field {
            PresetField::Name => "options_problem_name_empty",
            PresetField::Scopes => "options_problem_scopes_empty",
            PresetField::NameTemplate => "options_problem_template_empty",
            PresetField::Orgs => "options_problem_orgs_empty",
            _ => "options_problem_empty",
        }),
        ProblemReason::TooLong { max } => t_with("options_problem_too_long", &[&max.to_string()]),
        ProblemReason::TooMany { max } => t_with("options_problem_too_many", &[&max.to_string()]),
        ProblemReason::ControlCharacter => t("options_problem_control"),
        ProblemReason::InvalidCharacters => t(match p.field {
            PresetField::Feed => "options_problem_feed_characters",
            PresetField::Project => "options_problem_project_characters",
            _ => "options_problem_id_characters",
        }),
        ProblemReason::OutOfRange { min, max } => t_with(
            "options_problem_lifetime_range",
            &[&min.to_string(), &max.to_string()],
        ),
        ProblemReason::UnknownScope { scope } => t_with("options_problem_unknown_scope", &[scope]),
        ProblemReason::FullAccessNotAlone => t("options_problem_full_access_alone"),
        ProblemReason::UnknownPlaceholder { placeholder } => {
            t_with("options_problem_placeholder", &[placeholder])
        }
        ProblemReason::UnbalancedBrace => t("options_problem_brace"),
        ProblemReason::InvalidOrg { value } => t_with("options_problem_invalid_org", &[value]),
        ProblemReason::DuplicateOrg { org } => t_with("options_problem_duplicate_org", &[org]),
        ProblemReason::DuplicateName => t("options_problem_duplicate_name"),
        ProblemReason::UnknownFormat { format } => {
            t_with("options_problem_unknown_format", &[format])
        }
    }
}

/// A problem with its field named ("Lifetime: choose between 1 and 365 days."), for imports.
pub fn problem_with_field(p: &PresetProblem) -> String {
    t_with(
        "options_problem_in_field",
        &[&field_name(p.field), &problem(p)],
    )
}

pub fn import_error(e: &ImportError) -> String {
    let kb = |bytes: usize| bytes.div_ceil(1024).to_string();
    match e {
        ImportError::TooLarge { bytes, max } => {
            t_with("options_import_too_large", &[&kb(*bytes), &kb(*max)])
        }
        ImportError::NotUtf8 { .. } => t("options_import_not_text"),
        ImportError::TooDeep { max, .. } => t_with("options_import_too_deep", &[&max.to_string()]),
        ImportError::Malformed { line, column, .. } => t_with(
            "options_import_malformed",
            &[&line.to_string(), &column.to_string()],
        ),
        ImportError::NotAnObject | ImportError::WrongFormat { .. } => {
            t("options_import_not_presets")
        }
        ImportError::MissingVersion => t("options_import_no_version"),
        ImportError::UnsupportedVersion { found } => t_with("options_import_version", &[found]),
        ImportError::PresetsNotAList => t("options_import_no_list"),
        ImportError::TooManyPresets { count, max } => t_with(
            "options_import_too_many",
            &[&count.to_string(), &max.to_string()],
        ),
        ImportError::DuplicateId { id, .. } => t_with("options_import_duplicate_id", &[id]),
        ImportError::Storage { message } => t_with("options_storage_failed", &[message]),
    }
}

pub fn quota_problem(q: &QuotaProblem) -> String {
    match q {
        QuotaProblem::ItemTooLarge { bytes, max, .. } => t_with(
            "options_quota_item",
            &[&bytes.to_string(), &max.to_string()],
        ),
        QuotaProblem::TotalTooLarge { bytes, max } => t_with(
            "options_quota_total",
            &[&bytes.to_string(), &max.to_string()],
        ),
        QuotaProblem::TooManyItems { count, max } => t_with(
            "options_quota_items",
            &[&count.to_string(), &max.to_string()],
        ),
    }
}

pub fn store_error(e: &StoreError) -> String {
    match e {
        StoreError::Quota(_) => t("options_storage_quota"),
        StoreError::Failed(message) => t_with("options_storage_failed", &[message]),
    }
}

pub fn save_error(e: &SaveError) -> String {
    match e {
        SaveError::Quota(problems) => problems
            .iter()
            .map(quota_problem)
            .collect::<Vec<_>>()
            .join(" "),
        SaveError::Store(e) => store_error(e),
    }
}

pub fn apply_error(e: &ApplyError) -> String {
    match e {
        ApplyError::NotApplicable => t("options_import_not_applicable"),
        ApplyError::Quota(problems) => problems
            .iter()
            .map(quota_problem)
            .collect::<Vec<_>>()
            .join(" "),
        ApplyError::Store(e) => store_error(e),
    }
}

pub fn threshold_error(e: &ThresholdError) -> String {
    match e {
        ThresholdError::Empty => t("options_thresholds_empty"),
        ThresholdError::TooMany { max } => {
            t_with("options_thresholds_too_many", &[&max.to_string()])
        }
        ThresholdError::OutOfRange { min, max, .. } => t_with(
            "options_thresholds_range",
            &[&min.to_string(), &max.to_string()],
        ),
    }
}

pub fn org_input_error(e: OrgInputError) -> String {
    t(match e {
        OrgInputError::Empty => "options_org_input_empty",
        OrgInputError::NotUnderstood => "options_org_input_unknown",
        OrgInputError::NotAnOrganizationUrl => "options_org_input_not_org",
    })
}

/// The `_locales` key of an error kind: `options_error_signedOut`, …
fn kind_key(kind: ErrorKind) -> String {
    let name = serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "internal".to_owned());
    format!("options_error_{name}")
}

/// An engine or Azure DevOps failure, worded by its kind (the developer message is not shown:
/// it is English and for reports).
pub fn error_kind(kind: ErrorKind) -> String {
    let text = t(&kind_key(kind));
    if text.starts_with("options_error_") {
        t(&kind_key(ErrorKind::Engine(EngineErrorKind::Internal)))
    } else {
        text
    }
}

pub fn error(e: &ErrorData) -> String {
    match &e.server_message {
        Some(server) => format!("{} ({server})", error_kind(e.kind)),
        None => error_kind(e.kind),
    }
}
