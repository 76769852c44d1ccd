//! When tokens stop working, and how that reads at a given instant.
//!
//! All math is in UTC and "now" is always a parameter. A day is 24 hours.
//!
//! Global tokens (`targetAccounts: null`) stop working on [`GLOBAL_PAT_RETIREMENT`]: before
//! that date their *effective* expiry is the earlier of `validTo` and that date, so they are
//! warned about and counted like any other token; from it on they are [`TokenStatus::Retired`]
//! and leave the badge. Tests and the engine pass another date through [`Policy`].

use std::fmt;

use serde::{Deserialize, Serialize};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::core::small_sort;
use crate::core::token::Token;

/// 2026-12-01T00:00:00Z: every global PAT stops working (Microsoft's retirement notice).
pub const GLOBAL_PAT_RETIREMENT: OffsetDateTime = datetime!(2026-12-01 00:00:00 UTC);

pub const DEFAULT_THRESHOLDS: [u16; 3] = [14, 7, 1];
pub const MIN_THRESHOLD_DAYS: u16 = 1;
pub const MAX_THRESHOLD_DAYS: u16 = 90;
pub const MAX_THRESHOLDS: usize = 10;

/// The warning thresholds in days: 1–90, no duplicates, largest first, at least one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<i64>", into = "Vec<u16>")]
pub struct Thresholds(Vec<u16>);

/// Why a list of thresholds was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ThresholdError {
    #[error("no thresholds")]
    Empty,
    #[error("more than {max} thresholds")]
    TooMany { max: usize },
    #[error("{value} is not between {min} and {max} days")]
    OutOfRange { value: i64, min: u16, max: u16 },
}

impl Thresholds {
    /// Deduplicates and sorts (largest first); refuses values outside 1–90.
    pub fn new(days: impl IntoIterator<Item = i64>) -> Result<Self, ThresholdError> {
        let mut out: Vec<u16> = Vec::new();
        for value in days {
            let day = u16::try_from(value)
                .ok()
                .filter(|d| (MIN_THRESHOLD_DAYS..=MAX_THRESHOLD_DAYS).contains(d))
                .ok_or(ThresholdError::OutOfRange {
                    value,
                    min: MIN_THRESHOLD_DAYS,
                    max: MAX_THRESHOLD_DAYS,
                })?;
            if !out.contains(&day) {
                out.push(day);
            }
        }
        if out.is_empty() {
            return Err(ThresholdError::Empty);
        }
        if out.len() > MAX_THRESHOLDS {
            return Err(ThresholdError::TooMany {
                max: MAX_THRESHOLDS,
            });
        }
        small_sort::sort_by(&mut out, |a, b| a > b);
        Ok(Self(out))
    }

    /// Largest first.
    pub fn days(&self) -> &[u16] {
        &self.0
    }

    /// The warning window: the largest threshold.
    pub fn largest(&self) -> u16 {
        self.0.first().copied().unwrap_or(MIN_THRESHOLD_DAYS)
    }

    /// The thresholds already crossed with `remaining` left, largest first.
    pub fn crossed(&self, remaining: Duration) -> impl Iterator<Item = u16> + '_ {
        self.0
            .iter()
            .copied()
            .filter(move |t| remaining <= Duration::days(i64::from(*t)))
    }

    /// The nearest (smallest) threshold crossed with `remaining` left.
    pub fn nearest_crossed(&self, remaining: Duration) -> Option<u16> {
        self.crossed(remaining).last()
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Self(DEFAULT_THRESHOLDS.to_vec())
    }
}

impl TryFrom<Vec<i64>> for Thresholds {
    type Error = ThresholdError;
    fn try_from(value: Vec<i64>) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Thresholds> for Vec<u16> {
    fn from(value: Thresholds) -> Self {
        value.0
    }
}

impl fmt::Display for Thresholds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days: Vec<String> = self.0.iter().map(u16::to_string).collect();
        f.write_str(&days.join(", "))
    }
}

/// The rules the watcher applies: thresholds and the global-PAT retirement date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub thresholds: Thresholds,
    pub retirement: OffsetDateTime,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            thresholds: Thresholds::default(),
            retirement: GLOBAL_PAT_RETIREMENT,
        }
    }
}

impl Policy {
    pub fn new(thresholds: Thresholds) -> Self {
        Self {
            thresholds,
            retirement: GLOBAL_PAT_RETIREMENT,
        }
    }

    /// The same rules with another retirement date (tests, or a change of Microsoft's plan).
    pub fn with_retirement(mut self, retirement: OffsetDateTime) -> Self {
        self.retirement = retirement;
        self
    }
}

/// What ends a token's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ExpiryCause {
    /// Its own `validTo`.
    ValidTo,
    /// A global token whose `validTo` lies after the retirement date.
    GlobalRetirement,
}

/// When a token stops working, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectiveExpiry {
    pub at: OffsetDateTime,
    pub cause: ExpiryCause,
}

/// The earlier of `validTo` and, for a global token, the retirement date.
pub fn effective_expiry(token: &Token, retirement: OffsetDateTime) -> EffectiveExpiry {
    if token.is_global() && retirement < token.valid_to {
        EffectiveExpiry {
            at: retirement,
            cause: ExpiryCause::GlobalRetirement,
        }
    } else {
        EffectiveExpiry {
            at: token.valid_to,
            cause: ExpiryCause::ValidTo,
        }
    }
}

/// A token's state at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TokenStatus {
    Fine,
    /// Within the warning window; `threshold_days` is the nearest threshold crossed.
    Expiring {
        threshold_days: u16,
    },
    Expired,
    /// A global token at or after the retirement date.
    Retired,
    Revoked,
}

impl TokenStatus {
    /// Order along a token's life (revoked apart): a token's status never goes down as time
    /// passes.
    pub fn stage(self) -> u32 {
        match self {
            TokenStatus::Fine => 0,
            TokenStatus::Expiring { threshold_days } => 1 + u32::from(u16::MAX - threshold_days),
            TokenStatus::Expired => 1 + u32::from(u16::MAX) + 1,
            TokenStatus::Retired => 1 + u32::from(u16::MAX) + 2,
            TokenStatus::Revoked => u32::MAX,
        }
    }
}

/// A token's status at `now`.
pub fn status(token: &Token, now: OffsetDateTime, policy: &Policy) -> TokenStatus {
    if token.revoked {
        return TokenStatus::Revoked;
    }
    if token.is_global() && now >= policy.retirement {
        return TokenStatus::Retired;
    }
    let expiry = effective_expiry(token, policy.retirement);
    if now >= expiry.at {
        return TokenStatus::Expired;
    }
    match policy.thresholds.nearest_crossed(expiry.at - now) {
        Some(threshold_days) => TokenStatus::Expiring { threshold_days },
        None => TokenStatus::Fine,
    }
}

/// How many tokens are in each state that deserves attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Within the warning window, not yet expired: the badge.
    pub expiring: usize,
    pub expired: usize,
    pub retired: usize,
}

/// Counts tokens by status (revoked tokens count nowhere).
pub fn counts(tokens: &[Token], now: OffsetDateTime, policy: &Policy) -> Counts {
    let mut counts = Counts::default();
    for token in tokens {
        match status(token, now, policy) {
            TokenStatus::Expiring { .. } => counts.expiring += 1,
            TokenStatus::Expired => counts.expired += 1,
            TokenStatus::Retired => counts.retired += 1,
            TokenStatus::Fine | TokenStatus::Revoked => {}
        }
    }
    counts
}

/// The badge: tokens expiring within the largest threshold, not yet expired.
pub fn badge_count(tokens: &[Token], now: OffsetDateTime, policy: &Policy) -> usize {
    counts(tokens, now, policy).expiring
}

/// Tokens past their (effective) expiry, retired globals apart.
pub fn expired_count(tokens: &[Token], now: OffsetDateTime, policy: &Policy) -> usize {
    counts(tokens, now, policy).expired
}
