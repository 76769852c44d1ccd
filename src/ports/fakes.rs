//! In-memory implementations of the ports, for host tests, benchmarks and fuzzing.
//!
//! They are ordinary code (not `cfg(test)`) so that integration tests in `tests/` and the
//! native benchmark can use them too.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use serde_json::Value;

use crate::core::secret::Secret;
use time::OffsetDateTime;

use super::{
    Area, Clock, Http, HttpRequest, HttpResponse, Method, Notifier, NotifierError, Store,
    StoreError, TransportError,
};
use crate::core::notification::{Badge, Notification};

/// A clock that says what it is told, shared by its clones (a `FakeHttp` with latency holds
/// one). `sleep` does not block: it waits until the clock is moved past its end, by the test
/// or by [`run`], which moves it to the earliest sleeper whenever nothing else can progress.
#[derive(Debug, Clone)]
pub struct FixedClock(Rc<ClockState>);

#[derive(Debug)]
struct ClockState {
    now: Cell<OffsetDateTime>,
    sleepers: RefCell<Vec<Sleeper>>,
    next_sleeper: Cell<u64>,
}

#[derive(Debug)]
struct Sleeper {
    id: u64,
    until: OffsetDateTime,
    waker: Waker,
}

impl FixedClock {
    pub fn new(now: OffsetDateTime) -> Self {
        Self(Rc::new(ClockState {
            now: Cell::new(now),
            sleepers: RefCell::new(Vec::new()),
            next_sleeper: Cell::new(0),
        }))
    }
    pub fn set(&self, now: OffsetDateTime) {
        self.0.now.set(now);
        self.wake_due();
    }
    pub fn advance(&self, by: time::Duration) {
        self.set(self.0.now.get() + by);
    }
    /// Moves to the end of the earliest sleep, if any is waiting; false when none is.
    pub fn advance_to_next_sleeper(&self) -> bool {
        let next = self.0.sleepers.borrow().iter().map(|s| s.until).min();
        match next {
            Some(until) => {
                if until > self.0.now.get() {
                    self.0.now.set(until);
                }
                self.wake_due();
                true
            }
            None => false,
        }
    }
    /// How many sleeps are waiting.
    pub fn sleepers(&self) -> usize {
        self.0.sleepers.borrow().len()
    }
    fn wake_due(&self) {
        let now = self.0.now.get();
        for sleeper in self.0.sleepers.borrow().iter() {
            if sleeper.until <= now {
                sleeper.waker.wake_by_ref();
            }
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0.now.get()
    }
    fn sleep(&self, duration: time::Duration) -> super::Sleep<'_> {
        let id = self.0.next_sleeper.get();
        self.0.next_sleeper.set(id + 1);
        Box::pin(Sleep {
            clock: self,
            id,
            until: self.now() + duration,
        })
    }
}

/// One `sleep`: registered with the clock while it waits, removed when it ends or is dropped.
struct Sleep<'c> {
    clock: &'c FixedClock,
    id: u64,
    until: OffsetDateTime,
}

impl Future for Sleep<'_> {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let state = &self.clock.0;
        let mut sleepers = state.sleepers.borrow_mut();
        sleepers.retain(|s| s.id != self.id);
        if state.now.get() >= self.until {
            return Poll::Ready(());
        }
        sleepers.push(Sleeper {
            id: self.id,
            until: self.until,
            waker: cx.waker().clone(),
        });
        Poll::Pending
    }
}

impl Drop for Sleep<'_> {
    fn drop(&mut self) {
        if let Ok(mut sleepers) = self.clock.0.sleepers.try_borrow_mut() {
            sleepers.retain(|s| s.id != self.id);
        }
    }
}

/// Drives a future to its end on this thread. When it waits on nothing but time, the clock is
/// moved to the earliest sleep (so a 5-second pause takes no time); when it waits on nothing
/// at all (a lock or a [`Gate`] never released), it panics rather than hang.
pub fn run<F: Future>(clock: &FixedClock, future: F) -> F::Output {
    let mut future = pin!(future);
    let flag = Arc::new(Flag::default());
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        flag.0.store(false, Ordering::SeqCst);
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
        if flag.0.load(Ordering::SeqCst) {
            continue;
        }
        assert!(
            clock.advance_to_next_sleeper(),
            "stalled: the future waits on something that nothing will release"
        );
    }
}

/// Polls a future until it can go no further without time passing or a gate opening (never
/// moving the clock): `Some` when it finished.
pub fn poll_until_stalled<F: Future + ?Sized>(future: Pin<&mut F>) -> Option<F::Output> {
    let mut future = future;
    let flag = Arc::new(Flag::default());
    let waker = Waker::from(flag.clone());
    let mut cx = Context::from_waker(&waker);
    loop {
        flag.0.store(false, Ordering::SeqCst);
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return Some(value);
        }
        if !flag.0.load(Ordering::SeqCst) {
            return None;
        }
    }
}

#[derive(Default)]
struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Runs two futures together on one thread (as two events in one worker), both to the end.
pub async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = pin!(a);
    let mut b = pin!(b);
    let mut out_a = None;
    let mut out_b = None;
    std::future::poll_fn(|cx| {
        if out_a.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                out_a = Some(v);
            }
        }
        if out_b.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                out_b = Some(v);
            }
        }
        match (out_a.take(), out_b.take()) {
            (Some(a), Some(b)) => Poll::Ready((a, b)),
            (a, b) => {
                out_a = a;
                out_b = b;
                Poll::Pending
            }
        }
    })
    .await
}

/// A gate that holds whatever waits on it until it is opened (an answer held back, a storage
/// call that has not returned). Clones share it.
#[derive(Debug, Clone, Default)]
pub struct Gate(Rc<GateState>);

#[derive(Debug, Default)]
struct GateState {
    open: Cell<bool>,
    waiting: RefCell<Vec<Waker>>,
    /// How many waits started (a test can tell that a request reached the gate).
    arrivals: Cell<u32>,
}

impl Gate {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn open(&self) {
        self.0.open.set(true);
        for waker in self.0.waiting.borrow_mut().drain(..) {
            waker.wake();
        }
    }
    pub fn is_open(&self) -> bool {
        self.0.open.get()
    }
    pub fn arrivals(&self) -> u32 {
        self.0.arrivals.get()
    }
    pub async fn pass(&self) {
        self.0.arrivals.set(self.0.arrivals.get() + 1);
        std::future::poll_fn(|cx| {
            if self.0.open.get() {
                Poll::Ready(())
            } else {
                self.0.waiting.borrow_mut().push(cx.waker().clone());
                Poll::Pending
            }
        })
        .await
    }
}

/// `chrome.storage` in memory, with an optional failure for every write.
#[derive(Debug, Default)]
pub struct MemoryStore {
    areas: RefCell<BTreeMap<(Area, String), Value>>,
    fail_writes: RefCell<Option<StoreError>>,
    /// Keys whose writes fail (the rest succeed).
    fail_keys: RefCell<Vec<String>>,
    /// Calls touching a key that starts with the prefix wait for the gate.
    holds: RefCell<Vec<(String, Gate)>>,
    /// Every call yields once before it answers, as `chrome.storage` answers later.
    yielding: Cell<bool>,
    /// The keys of every write and removal, in order.
    written: RefCell<Vec<(Area, String)>>,
    /// How many reads (calls of `get`, `get_many`, `get_prefixed`) were made.
    reads: Cell<usize>,
    /// How many writes (calls of `set`) were made.
    sets: Cell<usize>,
    /// The keys (or prefixes) each read asked for, in order.
    read_keys: RefCell<Vec<(Area, String)>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
    /// Every later write fails with this error (until set back to `None`).
    pub fn fail_writes(&self, error: Option<StoreError>) {
        *self.fail_writes.borrow_mut() = error;
    }
    /// Writes that touch `key` fail with this error; other writes succeed.
    pub fn fail_writes_of(&self, key: &str) {
        self.fail_keys.borrow_mut().push(key.to_owned());
    }
    /// Calls that touch a key starting with `prefix` wait until the gate opens.
    pub fn hold(&self, prefix: &str) -> Gate {
        let gate = Gate::new();
        self.holds
            .borrow_mut()
            .push((prefix.to_owned(), gate.clone()));
        gate
    }
    /// Makes every call yield once before answering, so that calls from two events interleave
    /// the way they do in the browser.
    pub fn yield_on_every_call(&self, on: bool) {
        self.yielding.set(on);
    }
    async fn arrive(&self, keys: &[&str]) {
        if self.yielding.get() {
            yield_once().await;
        }
        let gates: Vec<Gate> = self
            .holds
            .borrow()
            .iter()
            .filter(|(prefix, _)| keys.iter().any(|k| k.starts_with(prefix.as_str())))
            .map(|(_, gate)| gate.clone())
            .collect();
        for gate in gates {
            gate.pass().await;
        }
    }
    fn write_error(&self, keys: &[&str]) -> Option<StoreError> {
        if let Some(error) = self.fail_writes.borrow().clone() {
            return Some(error);
        }
        let failing = self.fail_keys.borrow();
        keys.iter()
            .any(|k| failing.iter().any(|f| f == k))
            .then(|| StoreError::Quota("fake quota".into()))
    }
    /// Writes a raw value, bypassing any validation (to plant garbled records).
    pub fn put_raw(&self, area: Area, key: &str, value: Value) {
        self.areas
            .borrow_mut()
            .insert((area, key.to_owned()), value);
    }
    /// The reads made since the last call (each one a round trip to the browser's storage).
    pub fn take_reads(&self) -> usize {
        self.reads.replace(0)
    }
    /// The writes (`set` calls) made since the last call (each one a round trip too).
    pub fn take_sets(&self) -> usize {
        self.sets.replace(0)
    }
    /// The keys (or prefixes) read since the last call, in order: a key in a `get_many` counts
    /// once for each call that asked for it.
    pub fn take_read_keys(&self) -> Vec<(Area, String)> {
        std::mem::take(&mut *self.read_keys.borrow_mut())
    }
    fn note_read(&self, area: Area, keys: &[&str]) {
        self.reads.set(self.reads.get() + 1);
        self.read_keys
            .borrow_mut()
            .extend(keys.iter().map(|k| (area, (*k).to_owned())));
    }
    /// The keys written or removed since the last call, in order.
    pub fn take_written(&self) -> Vec<(Area, String)> {
        std::mem::take(&mut *self.written.borrow_mut())
    }
    pub fn raw(&self, area: Area, key: &str) -> Option<Value> {
        self.areas.borrow().get(&(area, key.to_owned())).cloned()
    }
    /// Everything in one area, for assertions (e.g. "no secret anywhere").
    pub fn dump(&self, area: Area) -> Vec<(String, Value)> {
        self.areas
            .borrow()
            .iter()
            .filter(|((a, _), _)| *a == area)
            .map(|((_, k), v)| (k.clone(), v.clone()))
            .collect()
    }
}

impl Store for MemoryStore {
    async fn get(&self, area: Area, key: &str) -> Result<Option<Value>, StoreError> {
        self.note_read(area, &[key]);
        self.arrive(&[key]).await;
        Ok(self.raw(area, key))
    }

    async fn get_many(
        &self,
        area: Area,
        keys: &[String],
    ) -> Result<Vec<Option<Value>>, StoreError> {
        let names: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.note_read(area, &names);
        self.arrive(&names).await;
        Ok(keys.iter().map(|key| self.raw(area, key)).collect())
    }

    async fn get_prefixed(
        &self,
        area: Area,
        prefix: &str,
    ) -> Result<Vec<(String, Value)>, StoreError> {
        self.note_read(area, &[prefix]);
        self.arrive(&[prefix]).await;
        Ok(self
            .dump(area)
            .into_iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .collect())
    }

    async fn set(&self, area: Area, items: Vec<(String, Value)>) -> Result<(), StoreError> {
        self.sets.set(self.sets.get() + 1);
        let keys: Vec<&str> = items.iter().map(|(k, _)| k.as_str()).collect();
        self.arrive(&keys).await;
        if let Some(error) = self.write_error(&keys) {
            return Err(error);
        }
        let mut areas = self.areas.borrow_mut();
        for (key, value) in items {
            self.written.borrow_mut().push((area, key.clone()));
            areas.insert((area, key), value);
        }
        Ok(())
    }

    async fn remove(&self, area: Area, keys: Vec<String>) -> Result<(), StoreError> {
        let names: Vec<&str> = keys.iter().map(String::as_str).collect();
        self.arrive(&names).await;
        if let Some(error) = self.write_error(&names) {
            return Err(error);
        }
        let mut areas = self.areas.borrow_mut();
        for key in keys {
            self.written.borrow_mut().push((area, key.clone()));
            areas.remove(&(area, key));
        }
        Ok(())
    }
}

/// Resolves after one more poll (the future wakes itself at once).
async fn yield_once() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    })
    .await
}

type Handler = Box<dyn Fn(&HttpRequest) -> Option<Result<HttpResponse, TransportError>>>;
type Latency = Box<dyn Fn(&HttpRequest) -> time::Duration>;

/// An HTTP double: answers from a queue of one-shot replies first, then from handlers
/// (the first that returns `Some`), and records every request it receives.
///
/// Time: with [`FakeHttp::latency`], each request takes that long on the given clock, and one
/// that takes longer than its `timeout_ms` ends as a timeout when its time is up (the answer
/// it would have had is lost, as with fetch). With [`FakeHttp::hold`], matching requests wait
/// (recorded, as having reached the server) until the gate opens.
#[derive(Default)]
pub struct FakeHttp {
    queued: RefCell<VecDeque<Result<HttpResponse, TransportError>>>,
    handlers: RefCell<Vec<Handler>>,
    requests: RefCell<Vec<HttpRequest>>,
    latency: RefCell<Option<(FixedClock, Latency)>>,
    holds: RefCell<Vec<(Method, String, Gate)>>,
}

impl FakeHttp {
    pub fn new() -> Self {
        Self::default()
    }
    /// The next request gets this answer, whatever it is.
    pub fn queue(&self, reply: Result<HttpResponse, TransportError>) {
        self.queued.borrow_mut().push_back(reply);
    }
    pub fn on(
        &self,
        handler: impl Fn(&HttpRequest) -> Option<Result<HttpResponse, TransportError>> + 'static,
    ) {
        self.handlers.borrow_mut().push(Box::new(handler));
    }
    /// Every request takes `latency(request)` on `clock` from now on.
    pub fn latency(
        &self,
        clock: &FixedClock,
        latency: impl Fn(&HttpRequest) -> time::Duration + 'static,
    ) {
        *self.latency.borrow_mut() = Some((clock.clone(), Box::new(latency)));
    }
    /// Requests with this method whose URL starts with `prefix` wait for the gate.
    pub fn hold(&self, method: Method, prefix: &str) -> Gate {
        let gate = Gate::new();
        self.holds
            .borrow_mut()
            .push((method, prefix.to_owned(), gate.clone()));
        gate
    }
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests.borrow().clone()
    }
    pub fn clear_requests(&self) {
        self.requests.borrow_mut().clear();
    }
}

impl Http for FakeHttp {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.requests.borrow_mut().push(request.clone());
        let gates: Vec<Gate> = self
            .holds
            .borrow()
            .iter()
            .filter(|(m, prefix, _)| *m == request.method && request.url.starts_with(prefix))
            .map(|(_, _, gate)| gate.clone())
            .collect();
        for gate in gates {
            gate.pass().await;
        }
        let delay = self
            .latency
            .borrow()
            .as_ref()
            .map(|(clock, latency)| (clock.clone(), latency(&request)));
        if let Some((clock, took)) = delay {
            let timeout = time::Duration::milliseconds(i64::from(request.timeout_ms));
            if took > timeout {
                clock.sleep(timeout).await;
                return Err(TransportError::Timeout(request.timeout_ms));
            }
            clock.sleep(took).await;
        }
        if let Some(reply) = self.queued.borrow_mut().pop_front() {
            return reply;
        }
        for handler in self.handlers.borrow().iter() {
            if let Some(reply) = handler(&request) {
                return reply;
            }
        }
        Ok(json_response(
            404,
            &serde_json::json!({"message": "no fake route"}),
        ))
    }
}

/// A JSON response with the given status.
pub fn json_response(status: u16, body: &Value) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![(
            "content-type".into(),
            "application/json; charset=utf-8".into(),
        )],
        body: Secret::new(body.to_string()),
        final_url: String::new(),
    }
}

/// An HTML page with the given status (what a lapsed session gets without the suppress header).
pub fn html_response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), "text/html; charset=utf-8".into())],
        body: Secret::new(body),
        final_url: String::new(),
    }
}

/// Records what the watcher shows.
#[derive(Debug, Default)]
pub struct MemoryNotifier {
    pub shown: RefCell<BTreeMap<String, Notification>>,
    pub history: RefCell<Vec<Notification>>,
    pub badge: RefCell<Badge>,
}

impl MemoryNotifier {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Notifier for MemoryNotifier {
    async fn notify(&self, notification: Notification) -> Result<(), NotifierError> {
        self.history.borrow_mut().push(notification.clone());
        self.shown
            .borrow_mut()
            .insert(notification.id.clone(), notification);
        Ok(())
    }
    async fn clear(&self, id: &str) -> Result<(), NotifierError> {
        self.shown.borrow_mut().remove(id);
        Ok(())
    }
    async fn set_badge(&self, badge: Badge) -> Result<(), NotifierError> {
        *self.badge.borrow_mut() = badge;
        Ok(())
    }
}
