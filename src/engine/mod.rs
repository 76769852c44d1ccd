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

use crate::ado::{AdoError, Client};
use crate::core::token::AuthorizationId;
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{EngineErrorKind, ErrorData, OrgRef, Reply, Request, Response};
use state::{OrgDirectory, OrgState};

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
            Request::ListAllTokens { org } => self.list_all_tokens(&org).await,
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
    /// A client for one organization, starting from the route and the write transport that
    /// worked last, and the session bearer (if the public API needed one).
    async fn client(&self, org: &OrgRef, state: &OrgState) -> Client<'a, H> {
        let bearer = state::load_bearer(self.store, &org.name).await;
        Client::new(self.http, self.clock, &org.name, org.style)
            .with_route(state.route)
            .with_transport(state.transport)
            .with_bearer(bearer)
    }

    /// Keeps what the client learned: the route that worked (or none), the write transport
    /// and the bearer.
    async fn remember(&self, org: &OrgRef, client: &Client<'a, H>, state: &mut OrgState) {
        state.route = client.route();
        state.transport = client.transport();
        if let Some(worked) = client.transport_worked() {
            state.last_write_transport = Some(worked);
        }
        // Losing the bearer only costs a new one next time: not worth failing the request.
        let _ = state::save_bearer(self.store, &org.name, client.bearer().as_ref()).await;
    }

    /// The organization's id (`targetAccounts` needs it, and so does telling its tokens from
    /// other organizations'), from the cache or `connectionData`.
    async fn org_id(
        &self,
        org: &OrgRef,
        client: &Client<'a, H>,
        state: &mut OrgState,
    ) -> Result<uuid::Uuid, AdoError> {
        if let Some(id) = state.org_id {
            return Ok(id);
        }
        let connection = client.connection().await?;
        self.learn_org_id(org, state, connection.org_id).await;
        Ok(connection.org_id)
    }

    /// Records an organization's id in its state and in the directory of names by id.
    async fn learn_org_id(&self, org: &OrgRef, state: &mut OrgState, id: uuid::Uuid) {
        state.org_id = Some(id);
        // The directory only names organizations: failing to write it loses nothing here.
        let _ = OrgDirectory::learn(self.store, id, &org.name, org.style, self.clock.now()).await;
    }

    /// The organization a token must be addressed through: its own. A token listed through
    /// `org` may belong to another organization (the list holds every organization's tokens):
    /// that one is named from the directory, or the request is refused rather than sent
    /// through the wrong organization. Tokens not in the cache, and global ones, go through
    /// `org`.
    async fn owner(&self, org: &OrgRef, id: AuthorizationId) -> Result<OrgRef, ErrorData> {
        let now = self.clock.now();
        let state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let Some(accounts) = state.token(id).and_then(|t| t.target_accounts.clone()) else {
            return Ok(org.clone());
        };
        if state.org_id.is_some_and(|own| accounts.contains(&own)) {
            return Ok(org.clone());
        }
        let directory = OrgDirectory::load(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        accounts
            .iter()
            .find_map(|id| directory.name_of(*id))
            .map(|named| OrgRef {
                name: named.name.clone(),
                style: named.host_style,
            })
            .ok_or_else(|| {
                ErrorData::new(
                    EngineErrorKind::OtherOrganization,
                    "this token belongs to another organization: open that organization in Azure DevOps, then manage it there",
                )
            })
    }
}
