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

use crate::core::org::OrgName;
use crate::core::relative::RelativeTime;
use crate::protocol::ErrorKind;

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
    async fn notify(&self, notification: Notification) -> Result<(), StoreError>;
    async fn clear(&self, id: &str) -> Result<(), StoreError>;
    async fn set_badge(&self, badge: Badge) -> Result<(), StoreError>;
}

/// A notification as data: the browser adapter words it (`_locales` and `Intl`), so nothing
/// here is English. Never a secret: token names, organizations and dates only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Says what the notification is about (see `crate::engine::watch::NoteId`): the click
    /// handler may run in a worker restarted since, with nothing but this id to go on.
    pub id: String,
    pub content: NotificationContent,
}

/// What a notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotificationContent {
    /// A token crossed a warning threshold: "expires in 3 days (Tue, Dec 1)".
    Warning {
        org: OrgName,
        token_name: String,
        expires_at: OffsetDateTime,
        /// From the check's instant to `expires_at`, rounded to the nearest unit.
        remaining: RelativeTime,
        freshness: Freshness,
    },
    /// Global tokens that stop working on the retirement date, in one notification.
    GlobalSummary {
        /// Whose token page the notification opens.
        org: OrgName,
        /// Name and organization of each token, soonest first.
        tokens: Vec<(String, OrgName)>,
        retires_at: OffsetDateTime,
        remaining: RelativeTime,
    },
    /// "Extend" worked: the new expiry.
    Extended {
        org: OrgName,
        token_name: String,
        valid_to: OffsetDateTime,
        /// A lifespan policy gave less than asked.
        policy_limited: bool,
    },
    /// "Extend" failed: why, for the adapter to word. When the reason is that no route can
    /// extend (the public API refused the session), it offers Rotate.
    ExtendFailed {
        org: OrgName,
        token_name: String,
        kind: ErrorKind,
    },
    /// "Rotate" from a notification made a replacement: its secret waits (memory only, 10
    /// minutes) for the popup to show it — unless it could not be kept (`kept: false`): with
    /// no popup waiting, the secret is then gone, and the notification says so.
    Rotated {
        org: OrgName,
        /// The new token's name.
        token_name: String,
        /// The name of the token it replaces (still valid: the popup offers to revoke it).
        replaces: String,
        /// Its secret waits in `storage.session` for the popup.
        kept: bool,
    },
    /// "Rotate" from a notification failed: why.
    RotateFailed {
        org: OrgName,
        token_name: String,
        kind: ErrorKind,
    },
}

impl NotificationContent {
    /// True for an extend that failed only because no route can extend: Rotate is offered.
    pub fn offers_rotate(&self) -> bool {
        matches!(
            self,
            NotificationContent::ExtendFailed {
                kind: ErrorKind::Ado(crate::ado::AdoErrorKind::Unsupported),
                ..
            }
        )
    }
}

/// Whether a warning comes from a fresh list or from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// The organization could not be refreshed: warned from the list of `since` (when known).
    Stale {
        since: Option<OffsetDateTime>,
    },
}

/// A notification's buttons (where the browser has them; Firefox has none, and a click on the
/// body opens the token page there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Extend,
    Open,
    /// Create a replacement (offered when Extend cannot work).
    Rotate,
}

impl NotificationContent {
    /// The buttons, in order: the browser reports a press by its index in this list.
    pub fn buttons(&self) -> &'static [Button] {
        match self {
            NotificationContent::Warning { .. } => &[Button::Extend, Button::Open],
            NotificationContent::GlobalSummary { .. } => &[Button::Open],
            content if content.offers_rotate() => &[Button::Rotate, Button::Open],
            NotificationContent::Extended { .. }
            | NotificationContent::ExtendFailed { .. }
            | NotificationContent::Rotated { .. }
            | NotificationContent::RotateFailed { .. } => &[],
        }
    }
}

/// The toolbar badge: empty text clears it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Badge {
    pub text: String,
    pub warning: bool,
}
