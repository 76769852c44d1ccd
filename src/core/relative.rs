//! Relative time as data the views word: "in 3 days", "in 5 hours", "expired 2 days ago",
//! "expired today".

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Tense {
    Past,
    Future,
}

/// An instant relative to now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum RelativeTime {
    /// `amount` whole units from now (rounded down; at least 1).
    Span {
        amount: u32,
        unit: TimeUnit,
        tense: Tense,
    },
    /// Passed within the last 24 hours ("expired today"). Future instants are always a span:
    /// "in 5 hours" says more than "today".
    Today,
}

/// Where `at` lies relative to `now`: days from one day on, hours from one hour on, minutes
/// below that (at least one); a past instant less than a day ago is [`RelativeTime::Today`].
pub fn relative(now: OffsetDateTime, at: OffsetDateTime) -> RelativeTime {
    let (distance, tense) = if at > now {
        (at - now, Tense::Future)
    } else {
        (now - at, Tense::Past)
    };
    if tense == Tense::Past && distance < Duration::DAY {
        return RelativeTime::Today;
    }
    let (amount, unit) = if distance >= Duration::DAY {
        (distance.whole_days(), TimeUnit::Days)
    } else if distance >= Duration::HOUR {
        (distance.whole_hours(), TimeUnit::Hours)
    } else {
        (distance.whole_minutes().max(1), TimeUnit::Minutes)
    };
    RelativeTime::Span {
        amount: u32::try_from(amount).unwrap_or(u32::MAX),
        unit,
        tense,
    }
}
