//! After a create with no conclusive answer: was the token made?
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

use pat_pilot::ado::reconcile::CLOCK_SKEW;
use pat_pilot::ado::{reconcile, Attempt, Reconciled};
use pat_pilot::core::token::{AuthorizationId, Scopes, Token};
use proptest::prelude::*;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const STARTED: OffsetDateTime = datetime!(2026-11-01 10:00:00 UTC);
const ENDED: OffsetDateTime = datetime!(2026-11-01 10:00:20 UTC);

fn attempt() -> Attempt {
    Attempt {
        name: "Git · 2026-12-01".into(),
        scopes: Scopes::parse("vso.code_write vso.packaging"),
        started: STARTED,
        ended: ENDED,
    }
}

fn token(n: u128, name: &str, scopes: &str, valid_from: OffsetDateTime) -> Token {
    Token {
        id: AuthorizationId::new(uuid::Uuid::from_u128(n)),
        name: name.into(),
        scopes: Scopes::parse(scopes),
        valid_from,
        valid_to: valid_from + Duration::days(30),
        target_accounts: Some(vec![]),
        revoked: false,
    }
}

#[test]
fn a_token_with_the_same_name_and_scopes_made_during_the_attempt_was_created() {
    let made = token(
        1,
        "Git · 2026-12-01",
        "vso.packaging vso.code_write",
        STARTED + Duration::seconds(3),
    );
    let tokens = [
        token(2, "other", "vso.code_write vso.packaging", STARTED),
        made.clone(),
    ];
    assert_eq!(reconcile(&tokens, &attempt()), Reconciled::Created(made));
}

#[test]
fn nothing_alike_means_not_created() {
    let tokens = [
        token(1, "Git · 2026-12-01", "vso.code_write", STARTED),
        token(
            2,
            "Git · 2026-11-30",
            "vso.code_write vso.packaging",
            STARTED,
        ),
        token(
            3,
            "Git · 2026-12-01",
            "vso.code_write vso.packaging",
            STARTED - Duration::hours(1),
        ),
    ];
    assert_eq!(reconcile(&tokens, &attempt()), Reconciled::NotCreated);
    assert_eq!(reconcile(&[], &attempt()), Reconciled::NotCreated);
}

#[test]
fn a_revoked_lookalike_does_not_count() {
    let mut revoked = token(
        1,
        "Git · 2026-12-01",
        "vso.code_write vso.packaging",
        STARTED,
    );
    revoked.revoked = true;
    assert_eq!(reconcile(&[revoked], &attempt()), Reconciled::NotCreated);
}

#[test]
fn two_lookalikes_are_several_candidates() {
    let a = token(
        1,
        "Git · 2026-12-01",
        "vso.code_write vso.packaging",
        STARTED,
    );
    let b = token(2, "Git · 2026-12-01", "vso.code_write vso.packaging", ENDED);
    assert_eq!(
        reconcile(&[a.clone(), b.clone()], &attempt()),
        Reconciled::Several(vec![a, b])
    );
}

#[test]
fn the_window_tolerates_five_minutes_of_clock_skew_either_way() {
    let name = "Git · 2026-12-01";
    let scopes = "vso.code_write vso.packaging";
    let early = token(1, name, scopes, STARTED - CLOCK_SKEW);
    let late = token(2, name, scopes, ENDED + CLOCK_SKEW);
    assert_eq!(
        reconcile(std::slice::from_ref(&early), &attempt()),
        Reconciled::Created(early)
    );
    assert_eq!(
        reconcile(std::slice::from_ref(&late), &attempt()),
        Reconciled::Created(late)
    );
    let too_late = token(3, name, scopes, ENDED + CLOCK_SKEW + Duration::seconds(1));
    assert_eq!(reconcile(&[too_late], &attempt()), Reconciled::NotCreated);
}

#[test]
fn outcomes_serialize_as_tagged_objects() {
    assert_eq!(
        serde_json::to_value(Reconciled::NotCreated).unwrap(),
        serde_json::json!({"outcome": "notCreated"})
    );
}

proptest! {
    /// Adding tokens can only add candidates: a token found stays found.
    #[test]
    fn more_tokens_never_hide_a_created_one(offsets in proptest::collection::vec(-1_000i64..1_000, 0..8)) {
        let made = token(1, "Git · 2026-12-01", "vso.code_write vso.packaging", STARTED);
        let mut tokens = vec![made];
        for (i, seconds) in offsets.iter().enumerate() {
            tokens.push(token(i as u128 + 2, "Git · 2026-12-01", "vso.packaging vso.code_write",
                STARTED + Duration::seconds(*seconds)));
        }
        let outcome = reconcile(&tokens, &attempt());
        prop_assert!(!matches!(outcome, Reconciled::NotCreated));
    }
}
