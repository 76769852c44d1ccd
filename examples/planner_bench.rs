//! A native micro-benchmark of the notification planner: 5,000 tokens in 10 organizations,
//! a third of them already notified, planned 50 times; prints the median.
//!
//! `cargo run --release --example planner_bench`

use std::time::Instant;

use pat_pilot::core::expiry::{badge_count, Policy};
use pat_pilot::core::planner::{plan, NotifiedRecord};
use pat_pilot::core::token::{AuthorizationId, Scopes, Token};
use time::macros::datetime;
use time::Duration;
use uuid::Uuid;

const TOKENS: u128 = 5_000;
const ORGS: u128 = 10;
const RUNS: usize = 50;

fn main() {
    let now = datetime!(2026-06-01 12:00:00 UTC);
    let policy = Policy::default();
    let tokens: Vec<Token> = (0..TOKENS)
        .map(|n| {
            // Spread expiries from two days ago to 60 days ahead; every 50th token is global.
            let hours = i64::try_from(n % 1_488).unwrap_or(0) - 48;
            Token {
                id: AuthorizationId::new(Uuid::from_u128(n + 1)),
                name: format!("token {n}"),
                scopes: Scopes::parse("vso.code_write vso.packaging"),
                valid_from: now - Duration::days(30),
                valid_to: now + Duration::hours(hours),
                target_accounts: (n % 50 != 0).then(|| vec![Uuid::from_u128(1_000 + n % ORGS)]),
                revoked: n % 97 == 0,
            }
        })
        .collect();
    // A record as the previous check (a day earlier) left it.
    let record = plan(
        &tokens,
        &NotifiedRecord::default(),
        now - Duration::days(1),
        &policy,
    )
    .record;

    let mut times = Vec::with_capacity(RUNS);
    let (mut due, mut badge) = (0, 0);
    for _ in 0..RUNS {
        let start = Instant::now();
        let result = plan(&tokens, &record, now, &policy);
        badge = badge_count(&tokens, now, &policy);
        times.push(start.elapsed());
        due = std::hint::black_box(result).due.len();
    }
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "planner {TOKENS} tokens: {:.2} ms (median of {RUNS}; {ORGS} organizations, {due} due, badge {badge})",
        median.as_secs_f64() * 1_000.0
    );
}
