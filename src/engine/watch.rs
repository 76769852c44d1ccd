//! The expiry watcher: the scheduled check, notifications and the badge.

use super::Engine;
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{ErrorData, Response};

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    pub(super) async fn check_now(&self) -> Result<Response, ErrorData> {
        Err(super::failure::internal("not yet"))
    }

    /// Called after the popup listed, extended or revoked tokens: the cache changed, so the
    /// badge and warnings follow it (from the cache only: no request).
    pub(super) async fn after_list(&self) {}
}
