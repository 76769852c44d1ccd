//! Lifetimes: the `validTo` to ask for, and what the server's answer means.
//!
//! - A new token from a preset: now + the preset's days, clamped to the organization's maximum
//!   when one has been learned.
//! - An extension: now + N days, N from the preset that made the token when known, else 30;
//!   never more than 365 (nor the organization's maximum).
//! - A lifespan policy clamps a longer `validTo` instead of refusing it (PAT Lifecycle 7.2
//!   text), so the answer is compared with the request; servers round timestamps, hence
//!   [`POLICY_TOLERANCE`].

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::core::preset::{Preset, MAX_LIFETIME_DAYS};
use crate::core::token::Token;

/// The extension when the preset that made a token is unknown.
pub const DEFAULT_EXTENSION_DAYS: u16 = 30;

/// A returned `validTo` this much earlier than asked, or more, was limited by a policy. Policies
/// count in days, while servers only round the fraction of a second (`.319Z` → `.32Z`).
pub const POLICY_TOLERANCE: Duration = Duration::hours(1);

/// `min(days, org maximum)`, within 1–365.
fn allowed_days(days: u16, org_max_days: Option<u16>) -> u16 {
    let capped = org_max_days.map_or(days, |max| days.min(max));
    capped.clamp(1, MAX_LIFETIME_DAYS)
}

/// The `validTo` to request for a new token.
pub fn new_token_valid_to(
    now: OffsetDateTime,
    preset_days: u16,
    org_max_days: Option<u16>,
) -> OffsetDateTime {
    now + Duration::days(i64::from(allowed_days(preset_days, org_max_days)))
}

/// The `validTo` to request when extending a token.
pub fn extension_valid_to(
    now: OffsetDateTime,
    preset_days: Option<u16>,
    org_max_days: Option<u16>,
) -> OffsetDateTime {
    let days = preset_days.unwrap_or(DEFAULT_EXTENSION_DAYS);
    now + Duration::days(i64::from(allowed_days(days, org_max_days)))
}

/// Did a policy shorten the `validTo` we asked for?
pub fn limited_by_policy(requested: OffsetDateTime, returned: OffsetDateTime) -> bool {
    returned + POLICY_TOLERANCE <= requested
}

/// The lifetime in whole days (rounded to the nearest) that a clamped answer reveals: the
/// organization's maximum, to remember for the next request.
pub fn revealed_max_days(now: OffsetDateTime, returned: OffsetDateTime) -> u16 {
    let hours = (returned - now).whole_hours().max(0);
    let days = (hours + 12) / 24;
    u16::try_from(days)
        .unwrap_or(MAX_LIFETIME_DAYS)
        .clamp(1, MAX_LIFETIME_DAYS)
}

/// What an extension achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExtendOutcome {
    /// As asked.
    Extended,
    /// Later than before, but a policy shortened it.
    Limited,
    /// Not later than before: a policy kept it where it was.
    NotExtended,
}

/// Compares an extension's answer with the previous `validTo` and the request.
pub fn extend_outcome(
    previous: OffsetDateTime,
    requested: OffsetDateTime,
    returned: OffsetDateTime,
) -> ExtendOutcome {
    if returned <= previous + POLICY_TOLERANCE {
        ExtendOutcome::NotExtended
    } else if limited_by_policy(requested, returned) {
        ExtendOutcome::Limited
    } else {
        ExtendOutcome::Extended
    }
}

/// The preset that most likely made a token: the same scope set, and, among several, the one
/// whose name template's fixed beginning the token's name starts with (organization filled
/// as `org`); `None` when nothing or several match equally.
pub fn guess_preset<'p>(
    token: &Token,
    org: &crate::core::org::OrgName,
    presets: &'p [Preset],
) -> Option<&'p Preset> {
    let same_scopes: Vec<&Preset> = presets
        .iter()
        .filter(|p| p.scopes().same_set(&token.scopes))
        .collect();
    let named: Vec<&Preset> = same_scopes
        .iter()
        .copied()
        .filter(|p| {
            let prefix = p.name_template().stable_prefix(p.name(), org);
            !prefix.trim().is_empty() && token.name.trim_start().starts_with(prefix.trim_end())
        })
        .collect();
    match (named.as_slice(), same_scopes.as_slice()) {
        ([only], _) => Some(only),
        ([], [only]) => Some(only),
        _ => None,
    }
}
