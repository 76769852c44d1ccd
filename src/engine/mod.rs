//! The engine: what the service worker does, over the ports. It owns every Azure DevOps call,
//! the token cache, the pending secret and the watcher. It holds no state of its own between
//! events (the browser may stop the worker at any moment): everything lives in the `Store`.
//!
//! - [`session`]: `Hello` (who is signed in; remembers the organization) and the pending secret;
//! - [`create`]: creating and rotating, with the in-flight marker and reconciliation;
//! - [`manage`]: listing (and the metadata cache), extending, revoking;
//! - [`watch`]: the expiry check, notifications and badge;
//! - [`failure`]: from `AdoError` and `StoreError` to the protocol's `ErrorData`.

mod create;
mod failure;
mod manage;
mod session;
pub mod watch;

use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{Reply, Request, Response};

/// The engine over a set of ports. Cheap to build: the worker builds one per event.
pub struct Engine<'a, H, S, C, N> {
    pub http: &'a H,
    pub store: &'a S,
    pub clock: &'a C,
    pub notifier: &'a N,
}

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    /// Answers one request from a view. Failures are data (`Reply::Error`), never panics.
    pub async fn handle(&self, request: Request) -> Reply {
        let result = match request {
            Request::Ping {} => Ok(Response::Pong {
                version: crate::VERSION.to_owned(),
            }),
            Request::Hello { org } => self.hello(&org).await,
            Request::TakePendingSecret {} => self.take_pending().await,
            Request::CreateFromPreset {
                org,
                preset_id,
                lifetime_days,
            } => {
                self.create_from_preset(&org, &preset_id, lifetime_days)
                    .await
            }
            Request::ListTokens { org } => self.list_tokens(&org).await,
            Request::Extend { org, id, days } => self.extend(&org, id, days).await,
            Request::Rotate { org, id } => self.rotate(&org, id).await,
            Request::Revoke { org, id } => self.revoke(&org, id).await,
            Request::CheckNow {} => self.check_now().await,
            Request::Diagnose { org } => self.diagnose(&org).await,
        };
        match result {
            Ok(response) => Reply::Ok(response),
            Err(error) => Reply::Error(error),
        }
    }
}
