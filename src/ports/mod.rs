//! Ports: the services the core and the engine need from their host.
//!
//! The browser implements them in `crate::browser` (fetch, `chrome.storage`, `Date.now()`,
//! `chrome.notifications`/`chrome.action`); host tests use the fakes in [`fakes`]. Every trait is
//! `async` and single-threaded: in wasm nothing is `Send`, and the host tests drive the futures
//! with a simple executor.
#![allow(async_fn_in_trait)]

pub mod fakes;
mod http;

pub use http::{
    Header, HttpRequest, HttpResponse, Method, TransportError, DEFAULT_TIMEOUT_MS, MAX_BODY_BYTES,
};

use serde_json::Value;
use time::OffsetDateTime;

use crate::core::notification::{Badge, Notification};

/// "Now", and waiting, injected so that every rule about time can be tested at any instant and
/// no host test sleeps (`fakes::FixedClock` moves only when the test's executor says so).
///
/// `sleep` hands back a boxed future (not an `async fn`) so that `dyn Clock` exists: the Azure
/// DevOps client takes its clock that way (`ado::Client::new`).
pub trait Clock {
    fn now(&self) -> OffsetDateTime;
    /// Resolves once `duration` has passed (at once for zero or less).
    fn sleep(&self, duration: time::Duration) -> Sleep<'_>;
}

/// What [`Clock::sleep`] returns.
pub type Sleep<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = ()> + 'a>>;

/// Sends one HTTP request. Implementations never retry: retrying is a decision of the caller
/// (a create must never be retried blindly).
pub trait Http {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// Which `chrome.storage` area a record lives in (see DESIGN.md "State").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Area {
    /// Follows the person between browsers; small quotas (8 KB an item, 100 KB in all).
    Sync,
    /// Survives restarts; never holds a secret.
    Local,
    /// Memory only, cleared when the browser closes; the only place a secret may wait.
    Session,
}

/// A failure of the storage itself (quota, sync disabled, the API missing).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("storage quota exceeded: {0}")]
    Quota(String),
    #[error("storage failed: {0}")]
    Failed(String),
}

/// Key/value storage of JSON records, one area at a time.
///
/// Records are read through `crate::core::record`, which validates, migrates and quarantines;
/// nothing else should interpret raw values.
pub trait Store {
    async fn get(&self, area: Area, key: &str) -> Result<Option<Value>, StoreError>;
    /// Several records at once, in the order of `keys` (one `chrome.storage.*.get` call: each
    /// call is a round trip to the browser, which the check would otherwise make per record).
    async fn get_many(
        &self,
        area: Area,
        keys: &[String],
    ) -> Result<Vec<Option<Value>>, StoreError> {
        let mut values = Vec::with_capacity(keys.len());
        for key in keys {
            values.push(self.get(area, key).await?);
        }
        Ok(values)
    }
    /// Every record whose key starts with `prefix`, sorted by key.
    async fn get_prefixed(
        &self,
        area: Area,
        prefix: &str,
    ) -> Result<Vec<(String, Value)>, StoreError>;
    /// Writes all the items at once (one `chrome.storage.*.set` call: all or nothing).
    async fn set(&self, area: Area, items: Vec<(String, Value)>) -> Result<(), StoreError>;
    async fn remove(&self, area: Area, keys: Vec<String>) -> Result<(), StoreError>;
}

/// What the watcher shows: browser notifications and the toolbar badge.
pub trait Notifier {
    /// Shows (or replaces) the notification with this id.
    async fn notify(&self, notification: Notification) -> Result<(), NotifierError>;
    async fn clear(&self, id: &str) -> Result<(), NotifierError>;
    async fn set_badge(&self, badge: Badge) -> Result<(), NotifierError>;
}

/// The browser refused to show, clear or draw something (notifications blocked, the API
/// missing). The watcher retries at its next check; nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the browser refused the notification or badge: {0}")]
pub struct NotifierError(pub String);
