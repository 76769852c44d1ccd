//! A native benchmark of the engine's expiry check over memory fakes: 10 organizations × 500
//! cached tokens, every refresh refused (signed out), so every organization is warned about from
//! its cache — the same scenario as `make bench`'s in-browser figure, without the browser, to
//! tell the engine's own work from storage and the JS boundary.
//!
//! `cargo run --release --example check_bench`

use std::time::Instant;

use pat_pilot::core::known_orgs::{self, KnownOrgs};
use pat_pilot::core::org::{HostStyle, OrgName};
use pat_pilot::core::token::{AuthorizationId, Scopes, Token};
use pat_pilot::engine::state::OrgState;
use pat_pilot::engine::Engine;
use pat_pilot::ports::fakes::{json_response, FakeHttp, FixedClock, MemoryNotifier, MemoryStore};
use time::macros::datetime;
use time::Duration;
use uuid::Uuid;

const ORGS: u128 = 10;
const PER_ORG: u128 = 500;
const RUNS: usize = 20;

fn main() {
    let now = datetime!(2026-06-01 12:00:00 UTC);
    let store = MemoryStore::new();
    let mut known = KnownOrgs::default();
    for o in 0..ORGS {
        let Some(name) = OrgName::parse(&format!("bench-{o}")) else {
            return;
        };
        let mut state = OrgState {
            org_id: Some(Uuid::from_u128(1_000 + o)),
            ..OrgState::default()
        };
        let tokens = (0..PER_ORG)
            .map(|i| {
                let n = o * PER_ORG + i;
                let hours = i64::try_from(n % 1_488).unwrap_or(0) - 48;
                Token {
                    id: AuthorizationId::new(Uuid::from_u128(n + 1)),
                    name: format!("token {n}"),
                    scopes: Scopes::parse("vso.code_write vso.packaging"),
                    valid_from: now - Duration::days(30),
                    valid_to: now + Duration::hours(hours),
                    target_accounts: (n % 50 != 0).then(|| vec![Uuid::from_u128(1_000 + o)]),
                    revoked: n % 97 == 0,
                }
            })
            .collect();
        state.set_tokens(tokens, now);
        if pollster::block_on(state.save(&store, &name)).is_err() {
            return;
        }
        known.touch(name, HostStyle::Modern, now);
    }
    if pollster::block_on(known_orgs::save(&store, &known)).is_err() {
        return;
    }
    let http = FakeHttp::new();
    http.on(|_| {
        Some(Ok(json_response(
            401,
            &serde_json::json!({"message": "signed out"}),
        )))
    });
    let clock = FixedClock::new(now);
    let notifier = MemoryNotifier::new();
    let life = pat_pilot::engine::Life::new(pat_pilot::engine::LifeId::new(uuid::Uuid::nil()));
    let engine = Engine {
        http: &http,
        store: &store,
        clock: &clock,
        notifier: &notifier,
        life: &life,
        timing: pat_pilot::engine::Timing::default(),
    };
    // The first check shows what is due; later ones find nothing new, as in `make bench`.
    let _ = pollster::block_on(engine.check());
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let _ = std::hint::black_box(pollster::block_on(engine.check()));
        times.push(start.elapsed());
    }
    times.sort();
    let start = Instant::now();
    for o in 0..ORGS {
        if let Some(name) = OrgName::parse(&format!("bench-{o}")) {
            let _ = std::hint::black_box(pollster::block_on(OrgState::load(&store, &name, now)));
        }
    }
    let loading = start.elapsed().as_secs_f64() * 1_000.0;
    println!(
        "check {ORGS} organizations x {PER_ORG} cached tokens, native over memory fakes: {:.2} ms (median of {RUNS})",
        times[RUNS / 2].as_secs_f64() * 1_000.0
    );
    println!("  of which reading the 10 caches: {loading:.2} ms");
}
