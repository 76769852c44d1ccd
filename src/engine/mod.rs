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
pub mod state;
pub mod watch;

use crate::ado::{AdoError, Bearer, Client};
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{OrgRef, Reply, Request, Response};
use state::OrgState;

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
            Request::ForgetPending { id } => self.forget_pending(id).await,
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

impl<'a, H: Http, S: Store, C: Clock, N: Notifier> Engine<'a, H, S, C, N> {
    /// A client for one organization, starting from the route that worked last and the
    /// session bearer (if the public API needed one).
    async fn client(&self, org: &OrgRef, state: &OrgState) -> Client<'a, H> {
        let bearer = state::load_bearer(self.store, &org.name).await;
        self.client_with(org, state, bearer)
    }

    /// [`Self::client`] with the bearer already read.
    fn client_with(&self, org: &OrgRef, state: &OrgState, bearer: Option<Bearer>) -> Client<'a, H> {
        Client::new(self.http, &org.name, org.style)
            .with_route(state.route)
            .with_bearer(bearer)
    }

    /// Keeps what the client learned: the route that worked (or none) and the bearer (written
    /// only when it changed: most requests never use one).
    async fn remember(&self, org: &OrgRef, client: &Client<'a, H>, state: &mut OrgState) {
        state.route = client.route();
        if client.bearer_changed() {
            // Losing the bearer only costs a new one next time: not worth failing the request.
            let _ = state::save_bearer(self.store, &org.name, client.bearer().as_ref()).await;
        }
    }

    /// The organization's id (`targetAccounts` needs it), from the cache or `connectionData`.
    async fn org_id(
        &self,
        client: &Client<'a, H>,
        state: &mut OrgState,
    ) -> Result<uuid::Uuid, AdoError> {
        if let Some(id) = state.org_id {
            return Ok(id);
        }
        let connection = client.connection().await?;
        state.org_id = Some(connection.org_id);
        Ok(connection.org_id)
    }
}
