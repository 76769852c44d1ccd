//! One life of the service worker: from the moment the browser starts it to the moment it stops
//! it. What the engine keeps lives in storage; this holds only what is meaningless in any other
//! life:
//!
//! - the life's id ([`LifeId`], random, made at worker start). A create's in-flight marker
//!   carries it, so a popup open can tell a create of a worker that is gone (settle it) from one
//!   that still runs (leave it alone);
//! - leases: locks held in memory for a bounded time. A create claims its organization, the
//!   `pending` record is updated under one, and the watcher evaluates under one. A lease that
//!   outlives its bound belongs to a holder that will never release it (under `panic = "abort"`
//!   a trap stops a future where it stands, and its guard is never dropped), so the next taker
//!   takes it over instead of waiting for ever. Every holder finishes long before its bound.
//!
//! Single-threaded, like the worker (and one executor per host test).

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::pin;
use std::task::{Poll, Waker};

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::ports::Clock;

/// The id of one worker life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LifeId(Uuid);

impl LifeId {
    pub fn new(id: Uuid) -> Self {
        Self(id)
    }
    /// No life: what a marker from before lives were recorded carries (never the current one).
    pub fn none() -> Self {
        Self(Uuid::nil())
    }
}

impl fmt::Display for LifeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// How long things take, injected: the browser uses [`Timing::default`] (a test-only override
/// can shorten the pending secret's 10 minutes, see `ARCHITECTURE.md`), host tests move a
/// fixed clock instead of sleeping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// How long a created token's secret waits in `storage.session` for a popup.
    pub pending_ttl: Duration,
    /// A whole create, from its claim to its last request (reconciliation included). A marker
    /// is stale only after this and [`Timing::stale_margin`].
    pub create_budget: Duration,
    /// The end of the budget kept for reconciliation: the create's own requests stop this much
    /// before the budget's end.
    pub reconcile_share: Duration,
    /// After a create with no clear answer, the wait before the second look at the list.
    pub reconcile_pause: Duration,
    /// Beyond the budget, for the storage writes that end a create.
    pub stale_margin: Duration,
    /// The watcher's evaluation and each update of `pending` (local work, no requests).
    pub local_lease: Duration,
    /// How long a session bearer is used after it was obtained.
    pub bearer_ttl: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            pending_ttl: Duration::minutes(10),
            create_budget: Duration::seconds(60),
            reconcile_share: Duration::seconds(25),
            reconcile_pause: Duration::seconds(5),
            stale_margin: Duration::seconds(30),
            local_lease: Duration::seconds(30),
            bearer_ttl: Duration::minutes(30),
        }
    }
}

impl Timing {
    /// How long a create's claim on its organization (and its marker) counts as live.
    pub fn create_lease(&self) -> Duration {
        self.create_budget + self.stale_margin
    }
}

/// What one worker life holds in memory.
#[derive(Debug)]
pub struct Life {
    id: LifeId,
    /// Numbers the creates of this life (a marker is cleared only by the create that wrote it).
    creates: Cell<u64>,
    leases: RefCell<BTreeMap<String, Held>>,
    serial: Cell<u64>,
    /// Bumped at every release: waiters look again.
    released: Cell<u64>,
    waiting: RefCell<Vec<Waker>>,
}

#[derive(Debug, Clone, Copy)]
struct Held {
    serial: u64,
    until: OffsetDateTime,
}

impl Life {
    pub fn new(id: LifeId) -> Self {
        Self {
            id,
            creates: Cell::new(0),
            leases: RefCell::new(BTreeMap::new()),
            serial: Cell::new(0),
            released: Cell::new(0),
            waiting: RefCell::new(Vec::new()),
        }
    }

    pub fn id(&self) -> LifeId {
        self.id
    }

    /// A number for a new create of this life.
    pub fn next_create(&self) -> u64 {
        let n = self.creates.get() + 1;
        self.creates.set(n);
        n
    }

    /// The lease on `key` for `ttl` from `now`, unless another holder's has not run out.
    /// Synchronous: two events that ask before either awaits get one lease between them.
    pub fn try_lease(&self, key: &str, now: OffsetDateTime, ttl: Duration) -> Option<Lease<'_>> {
        let mut leases = self.leases.borrow_mut();
        if leases.get(key).is_some_and(|held| held.until > now) {
            return None;
        }
        let serial = self.serial.get() + 1;
        self.serial.set(serial);
        leases.insert(
            key.to_owned(),
            Held {
                serial,
                until: now + ttl,
            },
        );
        Some(Lease {
            life: self,
            key: key.to_owned(),
            serial,
        })
    }

    /// True while someone holds a live lease on `key`.
    pub fn is_leased(&self, key: &str, now: OffsetDateTime) -> bool {
        self.leases
            .borrow()
            .get(key)
            .is_some_and(|held| held.until > now)
    }

    /// Waits for the lease on `key`: until its holder releases it, or until the holder's lease
    /// runs out (the holder is then taken to be gone, and the lease passes on).
    pub async fn lease<C: Clock>(&self, key: &str, clock: &C, ttl: Duration) -> Lease<'_> {
        loop {
            let now = clock.now();
            if let Some(lease) = self.try_lease(key, now, ttl) {
                return lease;
            }
            let until = self.leases.borrow().get(key).map_or(now, |held| held.until);
            first_of(self.next_release(), clock.sleep(until - now)).await;
        }
    }

    /// Resolves at the next release of any lease.
    fn next_release(&self) -> impl Future<Output = ()> + '_ {
        let seen = self.released.get();
        std::future::poll_fn(move |cx| {
            if self.released.get() != seen {
                Poll::Ready(())
            } else {
                self.waiting.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
    }

    fn release(&self, key: &str, serial: u64) {
        let mut leases = self.leases.borrow_mut();
        // A lease taken over from this holder is the new holder's to release.
        if leases.get(key).is_some_and(|held| held.serial == serial) {
            leases.remove(key);
        }
        drop(leases);
        self.released.set(self.released.get() + 1);
        for waker in std::mem::take(&mut *self.waiting.borrow_mut()) {
            waker.wake();
        }
    }
}

/// A held lease; dropping it releases it.
#[derive(Debug)]
pub struct Lease<'l> {
    life: &'l Life,
    key: String,
    serial: u64,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        self.life.release(&self.key, self.serial);
    }
}

/// Resolves when either future does.
async fn first_of(a: impl Future<Output = ()>, b: impl Future<Output = ()>) {
    let mut a = pin!(a);
    let mut b = pin!(b);
    std::future::poll_fn(|cx| {
        if a.as_mut().poll(cx).is_ready() || b.as_mut().poll(cx).is_ready() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ports::fakes::{poll_until_stalled, run, FixedClock};
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);

    #[test]
    fn a_lease_is_one_holders_until_released() {
        let life = Life::new(LifeId::new(Uuid::from_u128(1)));
        let ttl = Duration::seconds(30);
        let first = life.try_lease("k", NOW, ttl);
        assert!(first.is_some());
        assert!(life.try_lease("k", NOW, ttl).is_none());
        assert!(life.try_lease("other", NOW, ttl).is_some());
        drop(first);
        assert!(life.try_lease("k", NOW, ttl).is_some());
    }

    #[test]
    fn a_lease_whose_holder_is_gone_passes_on_when_it_runs_out() {
        let clock = FixedClock::new(NOW);
        let life = Life::new(LifeId::new(Uuid::from_u128(1)));
        let ttl = Duration::seconds(30);
        // A holder stopped by a trap: its guard is never dropped.
        std::mem::forget(life.try_lease("k", NOW, ttl));
        let mut waiter = Box::pin(life.lease("k", &clock, ttl));
        assert!(
            poll_until_stalled(waiter.as_mut()).is_none(),
            "waits while it runs"
        );
        drop(waiter);
        let lease = run(&clock, life.lease("k", &clock, ttl));
        assert_eq!(clock.now(), NOW + ttl, "taken over when the lease ran out");
        // The old holder's late release (if it ever came) would not free the new lease.
        life.release("k", 0);
        assert!(life.is_leased("k", clock.now()));
        drop(lease);
        assert!(!life.is_leased("k", clock.now()));
    }

    #[test]
    fn a_waiter_goes_on_at_the_release() {
        let clock = FixedClock::new(NOW);
        let life = Life::new(LifeId::new(Uuid::from_u128(1)));
        let ttl = Duration::seconds(30);
        let held = life.try_lease("k", NOW, ttl);
        let mut waiter = Box::pin(life.lease("k", &clock, ttl));
        assert!(poll_until_stalled(waiter.as_mut()).is_none());
        drop(held);
        assert!(poll_until_stalled(waiter.as_mut()).is_some());
        assert_eq!(clock.now(), NOW, "no time passed");
    }
}
