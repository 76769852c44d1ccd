//! Words for dates, durations and scopes: the core's typed data, worded through `Intl` (in the
//! browser's language) and `_locales` keys. Nothing here is English.

use time::OffsetDateTime;

use crate::browser::ext::{t, t_with};
use crate::browser::intl;
use crate::core::relative::{relative, RelativeTime};
use crate::core::scopes::summary::{summarize, ScopeEntry};
use crate::core::token::Scopes;

/// "28 Dec 2026" (the order and month names of the browser's language); with the time of day
/// when `with_time`.
pub fn date(at: OffsetDateTime, with_time: bool) -> String {
    let mut pairs = vec![("day", "numeric"), ("month", "short"), ("year", "numeric")];
    if with_time {
        pairs.extend([("hour", "numeric"), ("minute", "2-digit")]);
    }
    intl::date(at, &pairs)
}

/// "30 days", "1 day", "45 seconds": a number with its unit, plural as the language wants.
pub fn amount(value: u32, unit: &str) -> String {
    intl::amount(value, unit)
}

pub fn days(value: u32) -> String {
    amount(value, "day")
}

/// "in 30 days", "2 days ago", "today". Future days are rounded to the nearest day: a token
/// made a second ago for 30 days reads "in 30 days", not "in 29 days".
pub fn relative_to(now: OffsetDateTime, at: OffsetDateTime) -> String {
    let half_day = time::Duration::hours(12);
    let now = if at - now >= time::Duration::DAY + half_day {
        now - half_day
    } else {
        now
    };
    match relative(now, at) {
        RelativeTime::Today => t("popup_today"),
        span => intl::relative_time(span, "always"),
    }
}

/// "Expires 28 Dec 2026, in 30 days" or "Expired 26 Nov 2026, 2 days ago".
pub fn expiry(now: OffsetDateTime, valid_to: OffsetDateTime) -> String {
    let soon = (valid_to - now).abs() < time::Duration::days(2);
    let when = date(valid_to, soon);
    let rel = relative_to(now, valid_to);
    if valid_to > now {
        t_with("popup_expires_on", &[&when, &rel])
    } else {
        t_with("popup_expired_on", &[&when, &rel])
    }
}

/// Each scope in plain words: "Code: Read & write", "Full access", or an unknown id verbatim.
pub fn scope_words(scopes: &Scopes) -> Vec<String> {
    summarize(scopes)
        .into_iter()
        .map(|entry| match entry {
            ScopeEntry::Known { group, level, .. } if group == level => level.to_owned(),
            ScopeEntry::Known { group, level, .. } => t_with("popup_scope_entry", &[group, level]),
            ScopeEntry::Unknown { id } => id,
        })
        .collect()
}

/// The scopes as one line: "Code: Read & write, Packaging: Read".
pub fn scopes_line(scopes: &Scopes) -> String {
    list(&scope_words(scopes))
}

/// A list as the language joins one ("a, b and c").
pub fn list(items: &[String]) -> String {
    intl::list(items, "unit")
}

/// Whole seconds for a wait, "30 seconds".
pub fn seconds(value: u32) -> String {
    amount(value, "second")
}
