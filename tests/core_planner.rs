//! The notification planner.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use std::collections::BTreeMap;

use core_support::{global_token, id, now, token};
use pat_pilot::core::expiry::{ExpiryCause, Policy, Thresholds};
use pat_pilot::core::planner::{load_record, plan, save_record, NotifiedRecord};
use pat_pilot::core::record::{decode, encode};
use pat_pilot::core::token::Token;
use pat_pilot::ports::fakes::MemoryStore;
use proptest::prelude::*;
use time::{Duration, OffsetDateTime};

fn due(
    tokens: &[Token],
    record: &NotifiedRecord,
    at: OffsetDateTime,
) -> (Vec<(u128, u16)>, NotifiedRecord) {
    let plan = plan(tokens, record, at, &Policy::default());
    let due = plan
        .due
        .iter()
        .map(|d| {
            let n = (0..100).find(|n| id(*n) == d.token).unwrap();
            (n, d.threshold_days)
        })
        .collect();
    (due, plan.record)
}

#[test]
fn a_token_crossing_a_threshold_is_notified_once() {
    let tokens = [token(1, Duration::days(10))];
    let (first, record) = due(&tokens, &NotifiedRecord::default(), now());
    assert_eq!(first, [(1, 14)]);
    let (again, record) = due(&tokens, &record, now() + Duration::hours(6));
    assert!(again.is_empty());
    let (next, _) = due(
        &tokens,
        &record,
        now() + Duration::days(3) + Duration::hours(1),
    );
    assert_eq!(next, [(1, 7)]);
}

#[test]
fn a_token_crossing_several_thresholds_at_once_gets_one_notification_for_the_nearest() {
    let tokens = [token(1, Duration::hours(12))];
    let (first, record) = due(&tokens, &NotifiedRecord::default(), now());
    assert_eq!(first, [(1, 1)]);
    assert_eq!(record.tokens[&id(1)].notified, [14, 7, 1]);
    let (later, _) = due(&tokens, &record, now() + Duration::hours(1));
    assert!(later.is_empty());
}

#[test]
fn a_token_far_from_expiry_is_not_notified_nor_recorded() {
    let (first, record) = due(
        &[token(1, Duration::days(40))],
        &NotifiedRecord::default(),
        now(),
    );
    assert!(first.is_empty());
    assert!(record.tokens.is_empty());
}

#[test]
fn expired_tokens_are_not_notified() {
    let (first, _) = due(
        &[token(1, -Duration::hours(1))],
        &NotifiedRecord::default(),
        now(),
    );
    assert!(first.is_empty());
}

#[test]
fn an_extended_token_is_re_armed() {
    let mut t = token(1, Duration::days(5));
    let (_, record) = due(std::slice::from_ref(&t), &NotifiedRecord::default(), now());
    assert_eq!(record.tokens[&id(1)].notified, [14, 7]);
    t.valid_to = now() + Duration::days(10);
    let (after, record) = due(std::slice::from_ref(&t), &record, now());
    assert_eq!(after, [(1, 14)], "notified again for the new expiry");
    assert_eq!(record.tokens[&id(1)].notified, [14]);
}

#[test]
fn a_validto_that_differs_only_by_server_rounding_does_not_re_arm() {
    let mut t = token(1, Duration::days(5));
    let (_, record) = due(std::slice::from_ref(&t), &NotifiedRecord::default(), now());
    t.valid_to += Duration::milliseconds(1);
    let (after, _) = due(std::slice::from_ref(&t), &record, now());
    assert!(after.is_empty());
}

#[test]
fn revoked_and_deleted_tokens_drop_out_of_the_record() {
    let tokens = [token(1, Duration::days(5)), token(2, Duration::days(5))];
    let (_, record) = due(&tokens, &NotifiedRecord::default(), now());
    assert_eq!(record.tokens.len(), 2);
    let mut revoked = tokens[0].clone();
    revoked.revoked = true;
    let (none, record) = due(&[revoked], &record, now());
    assert!(none.is_empty());
    assert!(record.tokens.is_empty());
}

#[test]
fn a_global_token_is_planned_against_the_retirement_date_then_dropped_once_retired() {
    let retirement = now() + Duration::days(6);
    let policy = Policy::default().with_retirement(retirement);
    let tokens = [global_token(1, Duration::days(200))];
    let first = plan(&tokens, &NotifiedRecord::default(), now(), &policy);
    assert_eq!(first.due.len(), 1);
    assert_eq!(first.due[0].threshold_days, 7);
    assert_eq!(first.due[0].expires, retirement);
    assert_eq!(first.due[0].cause, ExpiryCause::GlobalRetirement);
    let after = plan(
        &tokens,
        &first.record,
        retirement + Duration::hours(1),
        &policy,
    );
    assert!(after.due.is_empty());
    assert!(after.record.tokens.is_empty());
}

#[test]
fn a_threshold_added_later_does_not_notify_a_token_already_past_a_nearer_one() {
    let tokens = [token(1, Duration::days(5))];
    let only_seven = Policy::new(Thresholds::new([7]).unwrap());
    let first = plan(&tokens, &NotifiedRecord::default(), now(), &only_seven);
    assert_eq!(first.due.len(), 1);
    let wider = Policy::new(Thresholds::new([30, 7]).unwrap());
    let second = plan(&tokens, &first.record, now(), &wider);
    assert!(second.due.is_empty());
    assert_eq!(second.record.tokens[&id(1)].notified, [30, 7]);
}

#[test]
fn due_notifications_come_soonest_first() {
    let tokens = [
        token(1, Duration::days(10)),
        token(2, Duration::days(2)),
        token(3, Duration::hours(3)),
    ];
    let (due, _) = due(&tokens, &NotifiedRecord::default(), now());
    assert_eq!(due, [(3, 1), (2, 7), (1, 14)]);
}

#[test]
fn the_notified_record_survives_storage() {
    let tokens = [
        token(1, Duration::days(5)),
        global_token(2, Duration::days(2)),
    ];
    let (_, record) = due(&tokens, &NotifiedRecord::default(), now());
    let stored = encode(&record).unwrap();
    assert_eq!(stored["v"], 2);
    // One JSON text of [id, expiry in Unix seconds, thresholds] rows.
    let rows: serde_json::Value = serde_json::from_str(stored["tokens"].as_str().unwrap()).unwrap();
    let expires = (now() + Duration::days(5)).unix_timestamp();
    assert!(rows.as_array().unwrap().contains(&serde_json::json!([
        id(1).to_string(),
        expires,
        [14, 7]
    ])));
    assert_eq!(decode::<NotifiedRecord>(&stored).unwrap().value, record);

    let store = MemoryStore::new();
    core_support::block_on(save_record(&store, &record)).unwrap();
    let loaded = core_support::block_on(load_record(&store, now())).unwrap();
    assert_eq!(loaded.value, record);
}

#[test]
fn a_version_1_record_is_migrated_and_keeps_what_was_notified() {
    let key = id(1).to_string();
    let stored = serde_json::json!({
        "v": 1,
        "tokens": {key.clone(): {"expires": "2026-06-06T10:00:00.250Z", "notified": [14, 7]}}
    });
    let decoded = decode::<NotifiedRecord>(&stored).unwrap();
    assert_eq!(decoded.migrated_from, Some(1));
    let entry = &decoded.value.tokens[&id(1)];
    assert_eq!(entry.notified, vec![14, 7]);
    assert_eq!(
        entry.expires,
        time::macros::datetime!(2026-06-06 10:00:00 UTC)
    );
    let garbled = serde_json::json!({"v": 1, "tokens": {key: {"expires": "soon"}}});
    assert!(decode::<NotifiedRecord>(&garbled).is_err());
    let garbled = serde_json::json!({"v": 2, "tokens": "[[\"not an id\", 0, []]]"});
    assert!(decode::<NotifiedRecord>(&garbled).is_err());
}

/// Up to eight tokens with distinct ids: hours left, global or not, revoked (1 in 10).
fn arb_tokens() -> impl Strategy<Value = Vec<Token>> {
    proptest::collection::vec((-48i64..24 * 40, any::<bool>(), 0u8..10), 1..8).prop_map(|specs| {
        specs
            .into_iter()
            .enumerate()
            .map(|(n, (hours, global, revoked))| {
                let n = n as u128;
                let mut t = if global {
                    global_token(n, Duration::hours(hours))
                } else {
                    token(n, Duration::hours(hours))
                };
                t.revoked = revoked == 0;
                t
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn no_token_is_ever_notified_twice_for_one_threshold(
        tokens in arb_tokens(),
        steps in proptest::collection::vec(0i64..24 * 12, 1..30),
        retirement in 0i64..24 * 60,
        extend_at in proptest::option::of(0usize..30),
    ) {
        let policy = Policy::default().with_retirement(now() + Duration::hours(retirement));
        let mut tokens = tokens;
        let mut record = NotifiedRecord::default();
        let mut at = now();
        let mut seen: BTreeMap<(String, i128, u16), usize> = BTreeMap::new();
        for (i, step) in steps.iter().enumerate() {
            if extend_at == Some(i) {
                for t in &mut tokens { t.valid_to = at + Duration::days(20); }
            }
            at += Duration::hours(*step);
            let plan = plan(&tokens, &record, at, &policy);
            let mut this_round = std::collections::BTreeSet::new();
            for d in &plan.due {
                prop_assert!(this_round.insert(d.token), "one notification per token per check");
                let key = (d.token.to_string(), d.expires.unix_timestamp_nanos(), d.threshold_days);
                let count = seen.entry(key).or_insert(0);
                *count += 1;
                prop_assert_eq!(*count, 1, "notified twice for one threshold and expiry");
                prop_assert!(d.expires > at);
            }
            record = plan.record;
        }
    }
}
