//! Token status in time, thresholds, counts, global-PAT retirement, lifetimes and relative time.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use core_support::{global_token, now, org, preset, token};
use pat_pilot::core::expiry::{
    badge_count, counts, effective_expiry, expired_count, status, Counts, ExpiryCause, Policy,
    ThresholdError, Thresholds, TokenStatus, GLOBAL_PAT_RETIREMENT,
};
use pat_pilot::core::lifetime::{
    extend_outcome, extension_valid_to, guess_preset, limited_by_policy, new_token_valid_to,
    revealed_max_days, ExtendOutcome,
};
use pat_pilot::core::relative::{relative, RelativeTime, Tense, TimeUnit};
use pat_pilot::core::token::Scopes;
use proptest::prelude::*;
use time::macros::datetime;
use time::Duration;

fn policy() -> Policy {
    Policy::default()
}

#[test]
fn the_global_pat_retirement_is_the_first_of_december_2026_utc() {
    assert_eq!(GLOBAL_PAT_RETIREMENT, datetime!(2026-12-01 00:00:00 UTC));
    assert_eq!(policy().retirement, GLOBAL_PAT_RETIREMENT);
}

#[test]
fn thresholds_default_to_14_7_and_1_days() {
    assert_eq!(Thresholds::default().days(), [14, 7, 1]);
    assert_eq!(Thresholds::default().largest(), 14);
}

#[test]
fn thresholds_are_deduplicated_sorted_and_kept_within_1_to_90_days() {
    assert_eq!(
        Thresholds::new([1, 30, 7, 30, 90]).unwrap().days(),
        [90, 30, 7, 1]
    );
    let cases: &[(&[i64], ThresholdError)] = &[
        (&[], ThresholdError::Empty),
        (
            &[0],
            ThresholdError::OutOfRange {
                value: 0,
                min: 1,
                max: 90,
            },
        ),
        (
            &[91],
            ThresholdError::OutOfRange {
                value: 91,
                min: 1,
                max: 90,
            },
        ),
        (
            &[-3],
            ThresholdError::OutOfRange {
                value: -3,
                min: 1,
                max: 90,
            },
        ),
        (
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            ThresholdError::TooMany { max: 10 },
        ),
    ];
    for (days, error) in cases {
        assert_eq!(
            Thresholds::new(days.iter().copied()).as_ref(),
            Err(error),
            "{days:?}"
        );
    }
    let parsed: Result<Thresholds, _> = serde_json::from_str("[7, 14, 7]");
    assert_eq!(parsed.unwrap().days(), [14, 7]);
    assert!(serde_json::from_str::<Thresholds>("[0]").is_err());
}

#[test]
fn a_tokens_status_follows_its_remaining_time() {
    let cases: &[(Duration, TokenStatus)] = &[
        (Duration::days(30), TokenStatus::Fine),
        (Duration::days(14) + Duration::seconds(1), TokenStatus::Fine),
        (
            Duration::days(14),
            TokenStatus::Expiring { threshold_days: 14 },
        ),
        (
            Duration::days(8),
            TokenStatus::Expiring { threshold_days: 14 },
        ),
        (
            Duration::days(7),
            TokenStatus::Expiring { threshold_days: 7 },
        ),
        (
            Duration::days(2),
            TokenStatus::Expiring { threshold_days: 7 },
        ),
        (
            Duration::hours(5),
            TokenStatus::Expiring { threshold_days: 1 },
        ),
        (
            Duration::seconds(1),
            TokenStatus::Expiring { threshold_days: 1 },
        ),
        (Duration::ZERO, TokenStatus::Expired),
        (-Duration::days(3), TokenStatus::Expired),
    ];
    for (remaining, expected) in cases {
        assert_eq!(
            status(&token(1, *remaining), now(), &policy()),
            *expected,
            "{remaining}"
        );
    }
}

#[test]
fn a_revoked_token_is_revoked_whatever_its_dates() {
    for remaining in [Duration::days(30), Duration::days(1), -Duration::days(1)] {
        let mut t = token(1, remaining);
        t.revoked = true;
        assert_eq!(status(&t, now(), &policy()), TokenStatus::Revoked);
    }
}

#[test]
fn a_global_token_expires_no_later_than_the_retirement_date() {
    let retirement = now() + Duration::days(10);
    let policy = Policy::default().with_retirement(retirement);
    let long = global_token(1, Duration::days(90));
    assert_eq!(
        effective_expiry(&long, retirement).cause,
        ExpiryCause::GlobalRetirement
    );
    assert_eq!(effective_expiry(&long, retirement).at, retirement);
    assert_eq!(
        status(&long, now(), &policy),
        TokenStatus::Expiring { threshold_days: 14 }
    );
    let short = global_token(2, Duration::days(3));
    assert_eq!(
        effective_expiry(&short, retirement).cause,
        ExpiryCause::ValidTo
    );
    let scoped = token(3, Duration::days(90));
    assert_eq!(status(&scoped, now(), &policy), TokenStatus::Fine);
}

#[test]
fn from_the_retirement_date_on_global_tokens_are_retired_and_leave_the_badge() {
    let policy = Policy::default().with_retirement(now());
    let tokens = [
        global_token(1, Duration::days(90)),
        global_token(2, -Duration::days(5)),
        token(3, Duration::days(3)),
    ];
    assert_eq!(status(&tokens[0], now(), &policy), TokenStatus::Retired);
    assert_eq!(status(&tokens[1], now(), &policy), TokenStatus::Retired);
    assert_eq!(
        counts(&tokens, now(), &policy),
        Counts {
            expiring: 1,
            expired: 0,
            retired: 2
        }
    );
}

#[test]
fn the_badge_counts_tokens_within_the_largest_threshold_not_yet_expired() {
    let mut revoked = token(5, Duration::days(2));
    revoked.revoked = true;
    let tokens = [
        token(1, Duration::days(20)),
        token(2, Duration::days(14)),
        token(3, Duration::hours(1)),
        token(4, -Duration::hours(1)),
        revoked,
        global_token(6, Duration::days(300)),
    ];
    // The global token's retirement (2026-12-01) is more than 14 days away from `now`.
    assert_eq!(badge_count(&tokens, now(), &policy()), 2);
    assert_eq!(expired_count(&tokens, now(), &policy()), 1);
    let wide = Policy::new(Thresholds::new([30]).unwrap());
    assert_eq!(badge_count(&tokens, now(), &wide), 3);
}

fn stage_of(remaining_at_start: i64, global: bool, retirement_offset: i64, t: i64) -> u32 {
    let base = if global {
        global_token(1, Duration::hours(remaining_at_start))
    } else {
        token(1, Duration::hours(remaining_at_start))
    };
    let policy = Policy::default().with_retirement(now() + Duration::hours(retirement_offset));
    status(&base, now() + Duration::hours(t), &policy).stage()
}

proptest! {
    #[test]
    fn status_never_goes_back_as_time_passes(
        remaining in -2_000i64..5_000,
        global in any::<bool>(),
        retirement in -2_000i64..5_000,
        mut times in proptest::collection::vec(-3_000i64..6_000, 2..20),
    ) {
        times.sort_unstable();
        let stages: Vec<u32> = times.iter().map(|t| stage_of(remaining, global, retirement, *t)).collect();
        prop_assert!(stages.windows(2).all(|w| w[0] <= w[1]), "{:?}", stages);
    }
}

#[test]
fn a_new_tokens_valid_to_is_now_plus_the_presets_days_within_a_learned_maximum() {
    assert_eq!(
        new_token_valid_to(now(), 30, None),
        now() + Duration::days(30)
    );
    assert_eq!(
        new_token_valid_to(now(), 30, Some(7)),
        now() + Duration::days(7)
    );
    assert_eq!(
        new_token_valid_to(now(), 5, Some(7)),
        now() + Duration::days(5)
    );
    assert_eq!(
        new_token_valid_to(now(), 999, None),
        now() + Duration::days(365)
    );
}

#[test]
fn an_extension_adds_the_presets_days_else_30_and_never_more_than_365() {
    assert_eq!(
        extension_valid_to(now(), None, None),
        now() + Duration::days(30)
    );
    assert_eq!(
        extension_valid_to(now(), Some(90), None),
        now() + Duration::days(90)
    );
    assert_eq!(
        extension_valid_to(now(), Some(400), None),
        now() + Duration::days(365)
    );
    assert_eq!(
        extension_valid_to(now(), Some(90), Some(7)),
        now() + Duration::days(7)
    );
    assert_eq!(
        extension_valid_to(now(), Some(0), None),
        now() + Duration::days(1)
    );
}

#[test]
fn a_policy_limit_is_told_apart_from_timestamp_rounding() {
    let requested = now() + Duration::days(30);
    assert!(!limited_by_policy(requested, requested));
    assert!(!limited_by_policy(
        requested,
        requested - Duration::milliseconds(9)
    ));
    assert!(!limited_by_policy(
        requested,
        requested + Duration::seconds(1)
    ));
    assert!(limited_by_policy(requested, now() + Duration::days(7)));
    assert!(limited_by_policy(requested, requested - Duration::hours(2)));
    assert_eq!(
        revealed_max_days(now(), now() + Duration::days(7) - Duration::minutes(3)),
        7
    );
    assert_eq!(revealed_max_days(now(), now() - Duration::days(1)), 1);
}

#[test]
fn an_extension_that_did_not_move_the_date_is_said_as_such() {
    let previous = now() + Duration::days(2);
    let requested = now() + Duration::days(30);
    let cases = [
        (requested, ExtendOutcome::Extended),
        (
            requested - Duration::milliseconds(300),
            ExtendOutcome::Extended,
        ),
        (now() + Duration::days(7), ExtendOutcome::Limited),
        (previous, ExtendOutcome::NotExtended),
        (previous - Duration::days(1), ExtendOutcome::NotExtended),
    ];
    for (returned, expected) in cases {
        assert_eq!(
            extend_outcome(previous, requested, returned),
            expected,
            "{returned}"
        );
    }
}

#[test]
fn the_preset_that_made_a_token_is_guessed_from_scopes_and_name() {
    let git = preset("git", "Git", &["vso.code_write"]);
    let mut other = core_support::draft("git2", "Git nightly", &["vso.code_write"]);
    other.name_template = "nightly {date}".into();
    let other = other.validate().unwrap();
    let feeds = preset("feeds", "Feeds", &["vso.packaging"]);
    let presets = [git.clone(), other.clone(), feeds.clone()];
    let contoso = org("contoso");

    let mut t = token(1, Duration::days(3));
    t.scopes = Scopes::parse("vso.code_write");
    t.name = "Git · 2026-05-01".into();
    assert_eq!(guess_preset(&t, &contoso, &presets), Some(&git));
    t.name = "nightly 2026-05-01".into();
    assert_eq!(guess_preset(&t, &contoso, &presets), Some(&other));
    t.name = "something else".into();
    assert_eq!(
        guess_preset(&t, &contoso, &presets),
        None,
        "two presets share the scopes"
    );
    t.scopes = Scopes::parse("vso.packaging");
    assert_eq!(
        guess_preset(&t, &contoso, &presets),
        Some(&feeds),
        "one preset has the scopes"
    );
    t.scopes = Scopes::parse("vso.work");
    assert_eq!(guess_preset(&t, &contoso, &presets), None);
}

#[test]
fn relative_times_are_data_the_views_word() {
    let span = |amount, unit, tense| RelativeTime::Span {
        amount,
        unit,
        tense,
    };
    let cases = [
        (
            Duration::days(3) + Duration::hours(5),
            span(3, TimeUnit::Days, Tense::Future),
        ),
        (
            Duration::hours(5) + Duration::minutes(59),
            span(5, TimeUnit::Hours, Tense::Future),
        ),
        (
            Duration::minutes(42),
            span(42, TimeUnit::Minutes, Tense::Future),
        ),
        (
            Duration::seconds(10),
            span(1, TimeUnit::Minutes, Tense::Future),
        ),
        (Duration::ZERO, RelativeTime::Today),
        (-Duration::hours(23), RelativeTime::Today),
        (-Duration::days(2), span(2, TimeUnit::Days, Tense::Past)),
        (-Duration::days(400), span(400, TimeUnit::Days, Tense::Past)),
    ];
    for (offset, expected) in cases {
        assert_eq!(relative(now(), now() + offset), expected, "{offset}");
    }
    assert_eq!(
        serde_json::to_value(relative(now(), now() + Duration::days(3))).unwrap(),
        serde_json::json!({"kind": "span", "amount": 3, "unit": "days", "tense": "future"})
    );
}
