//! In-memory implementations of the ports, for host tests, benchmarks and fuzzing.
//!
//! They are ordinary code (not `cfg(test)`) so that integration tests in `tests/` and the
//! native benchmark can use them too.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};

use serde_json::Value;
use time::OffsetDateTime;

use super::{
    Area, Clock, Http, HttpRequest, HttpResponse, Notifier, NotifierError, Store, StoreError,
    TransportError,
};
use crate::core::notification::{Badge, Notification};

/// A clock that says what it is told.
#[derive(Debug)]
pub struct FixedClock(Cell<OffsetDateTime>);

impl FixedClock {
    pub fn new(now: OffsetDateTime) -> Self {
        Self(Cell::new(now))
    }
    pub fn set(&self, now: OffsetDateTime) {
        self.0.set(now);
    }
    pub fn advance(&self, by: time::Duration) {
        self.0.set(self.0.get() + by);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0.get()
    }
}

/// `chrome.storage` in memory, with an optional failure for every write.
#[derive(Debug, Default)]
pub struct MemoryStore {
    areas: RefCell<BTreeMap<(Area, String), Value>>,
    fail_writes: RefCell<Option<StoreError>>,
    /// The keys of every write and removal, in order.
    written: RefCell<Vec<(Area, String)>>,
    /// How many reads (calls of `get`, `get_many`, `get_prefixed`) were made.
    reads: Cell<usize>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
    /// Every later write fails with this error (until set back to `None`).
    pub fn fail_writes(&self, error: Option<StoreError>) {
        *self.fail_writes.borrow_mut() = error;
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
        self.reads.set(self.reads.get() + 1);
        Ok(self.raw(area, key))
    }

    async fn get_many(
        &self,
        area: Area,
        keys: &[String],
    ) -> Result<Vec<Option<Value>>, StoreError> {
        self.reads.set(self.reads.get() + 1);
        Ok(keys.iter().map(|key| self.raw(area, key)).collect())
    }

    async fn get_prefixed(
        &self,
        area: Area,
        prefix: &str,
    ) -> Result<Vec<(String, Value)>, StoreError> {
        self.reads.set(self.reads.get() + 1);
        Ok(self
            .dump(area)
            .into_iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .collect())
    }

    async fn set(&self, area: Area, items: Vec<(String, Value)>) -> Result<(), StoreError> {
        if let Some(error) = self.fail_writes.borrow().clone() {
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
        if let Some(error) = self.fail_writes.borrow().clone() {
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

type Handler = Box<dyn Fn(&HttpRequest) -> Option<Result<HttpResponse, TransportError>>>;

/// An HTTP double: answers from a queue of one-shot replies first, then from handlers
/// (the first that returns `Some`), and records every request it receives.
#[derive(Default)]
pub struct FakeHttp {
    queued: RefCell<VecDeque<Result<HttpResponse, TransportError>>>,
    handlers: RefCell<Vec<Handler>>,
    requests: RefCell<Vec<HttpRequest>>,
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
        body: body.to_string(),
        final_url: String::new(),
    }
}

/// An HTML page with the given status (what a lapsed session gets without the suppress header).
pub fn html_response(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("content-type".into(), "text/html; charset=utf-8".into())],
        body: body.to_owned(),
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
