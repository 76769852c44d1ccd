//! The engine: what the service worker does, over the ports. It owns every Azure DevOps call,
//! the token cache, the pending secret and the watcher. It keeps nothing between events but in
//! the `Store` (the browser may stop the worker at any moment); the [`Life`] it is given holds
//! only this worker life's id and its leases.
//!
//! - [`session`]: `Hello` (who is signed in; remembers the organization), the pending secret,
//!   settling cut-off creates, the bearer's binding, and the expiry of secrets;
//! - [`create`]: creating and rotating, with the in-flight marker, one deadline, and
//!   reconciliation;
//! - [`manage`]: listing (and the metadata cache), extending, revoking;
//! - [`watch`]: the expiry check, notifications and badge;
//! - [`life`]: the worker life's id, leases and [`Timing`]; [`deadline`]: an `Http` that ends
//!   on time;
//! - [`failure`]: from `AdoError` and `StoreError` to the protocol's `ErrorData`.

mod create;
pub mod deadline;
mod failure;
pub mod life;
mod manage;
mod session;
pub mod state;
pub mod watch;

pub use life::{Life, LifeId, Timing};

use std::cell::Cell;

use crate::ado::{AdoError, Bearer, Client, Connection};
use crate::core::secret::Secret;
use crate::core::token::AuthorizationId;
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{EngineErrorKind, ErrorData, OrgRef, Reply, Request, Response};
use state::{BearerRecord, OrgDirectory, OrgState};

/// The engine over a set of ports. Cheap to build: the worker builds one per event.
pub struct Engine<'a, H, S, C, N> {
    pub http: &'a H,
    pub store: &'a S,
    pub clock: &'a C,
    pub notifier: &'a N,
    /// This worker life (one for the worker's lifetime; one per host test).
    pub life: &'a Life,
    pub timing: Timing,
}

/// A client for one organization during one event, with what is known of the session: the
/// bearer it started with (if one was stored for the person signed in) and that person's id.
struct Api<'h, X: Http> {
    client: Client<'h, X>,
    had: Option<Bearer>,
    user: Cell<Option<uuid::Uuid>>,
}

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    /// Answers one request from a view. Failures are data (`Reply::Error`), never panics.
    ///
    /// Each request's work is a future of its own behind a pointer, not one state machine with
    /// every request's inlined: a worker compiles each wasm function on its first call, so the
    /// first message of its life compiles its own path, not all of them.
    pub async fn handle(&self, request: Request) -> Reply {
        let work: Work<'_> = match request {
            Request::Ping {} => Box::pin(std::future::ready(Ok(Response::Pong {
                version: crate::VERSION.to_owned(),
            }))),
            Request::Hello { org } => Box::pin(async move { self.hello(&org).await }),
            Request::TakePendingSecret {} => Box::pin(self.take_pending()),
            Request::ForgetPending { id } => Box::pin(self.forget_pending(id)),
            Request::CreateFromPreset {
                org,
                preset_id,
                lifetime_days,
            } => Box::pin(async move {
                self.create_from_preset(&org, &preset_id, lifetime_days)
                    .await
            }),
            Request::ListTokens { org } => Box::pin(async move { self.list_tokens(&org).await }),
            Request::ListAllTokens { org } => {
                Box::pin(async move { self.list_all_tokens(&org).await })
            }
            Request::Extend { org, id, days } => {
                Box::pin(async move { self.extend(&org, id, days).await })
            }
            Request::Rotate { org, id } => Box::pin(async move { self.rotate(&org, id).await }),
            Request::Revoke { org, id } => Box::pin(async move { self.revoke(&org, id).await }),
            Request::CheckNow {} => Box::pin(self.check_now()),
            Request::Diagnose { org } => Box::pin(async move { self.diagnose(&org).await }),
        };
        match work.await {
            Ok(response) => Reply::Ok(response),
            Err(error) => Reply::Error(error),
        }
    }
}

/// One request's work ([`Engine::handle`]).
type Work<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Response, ErrorData>> + 'a>>;

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    /// A client for one organization over `http`, starting from the route and the write
    /// transport that worked last, and the stored session bearer — if it has not expired and
    /// the person signed in now is the one it was obtained for (asked of `connectionData`;
    /// otherwise it is dropped).
    async fn client<'h, X: Http>(
        &'h self,
        http: &'h X,
        org: &OrgRef,
        state: &mut OrgState,
    ) -> Api<'h, X> {
        let stored = BearerRecord::load(self.store, &org.name, self.clock.now()).await;
        self.client_with(http, org, state, stored, None).await
    }

    /// [`Self::client`] with the organization's bearer record already read, and the directory
    /// of organization ids if it was (the check reads every organization's records at once:
    /// `OrgState::load_for_check`, `state::load_bearers`).
    async fn client_with<'h, X: Http>(
        &'h self,
        http: &'h X,
        org: &OrgRef,
        state: &mut OrgState,
        stored: Option<BearerRecord>,
        directory: Option<&OrgDirectory>,
    ) -> Api<'h, X> {
        let client = Client::new(http, self.clock, &org.name, org.style)
            .with_route(state.route)
            .with_transport(state.transport);
        let mut user = None;
        let mut bearer = None;
        if let Some(stored) = stored {
            let connection = client.connection().await;
            if let Ok(c) = &connection {
                self.learn_org_id(org, state, c.org_id, directory).await;
                user = c.user.as_ref().map(|u| u.id);
            }
            if self.keep_bearer(&org.name, &stored, &connection).await {
                bearer = stored.token();
            }
        }
        Api {
            client: client.with_bearer(bearer.clone()),
            had: bearer,
            user: Cell::new(user),
        }
    }

    /// Whether the stored bearer may be used by the session `connection` describes: it is
    /// removed when the person is signed out or another person is signed in. When who is
    /// signed in cannot be told (offline), it is kept but not used.
    async fn keep_bearer(
        &self,
        org: &crate::core::org::OrgName,
        stored: &BearerRecord,
        connection: &Result<Connection, AdoError>,
    ) -> bool {
        let same_user = match connection {
            Ok(c) => c.user.as_ref().is_some_and(|u| u.id == stored.user),
            Err(AdoError::SignedOut { .. }) => false,
            Err(_) => return false,
        };
        if !same_user {
            let _ = BearerRecord::remove(self.store, org).await;
        }
        same_user
    }

    /// Keeps what the client learned: the route that worked (or none), the write transport,
    /// and the bearer — a new one bound to the person signed in (asked of `connectionData` if
    /// this event has not yet), a refused one removed.
    async fn remember<X: Http>(&self, org: &OrgRef, api: &Api<'_, X>, state: &mut OrgState) {
        state.route = api.client.route();
        state.transport = api.client.transport();
        if let Some(worked) = api.client.transport_worked() {
            state.last_write_transport = Some(worked);
        }
        // Losing the bearer only costs a new one next time: not worth failing the request.
        match api.client.bearer() {
            None if api.had.is_some() => {
                let _ = BearerRecord::remove(self.store, &org.name).await;
            }
            None => {}
            Some(bearer) if api.had.as_ref() == Some(&bearer) => {}
            Some(bearer) => {
                let user = match api.user.get() {
                    Some(user) => Some(user),
                    None => api
                        .client
                        .connection()
                        .await
                        .ok()
                        .and_then(|c| c.user)
                        .map(|u| u.id),
                };
                let Some(user) = user else {
                    return; // a bearer no person can be named for is not kept
                };
                api.user.set(Some(user));
                let record = BearerRecord {
                    bearer: Secret::new(bearer.expose()),
                    user,
                    expires_at: self.clock.now() + self.timing.bearer_ttl,
                };
                let _ = record.save(self.store, &org.name).await;
            }
        }
    }

    /// The organization's id (`targetAccounts` needs it, and so does telling its tokens from
    /// other organizations'), from the cache or `connectionData` (which also names the person
    /// signed in).
    async fn org_id<X: Http>(
        &self,
        org: &OrgRef,
        api: &Api<'_, X>,
        state: &mut OrgState,
    ) -> Result<uuid::Uuid, AdoError> {
        if let Some(id) = state.org_id {
            return Ok(id);
        }
        let connection = api.client.connection().await?;
        self.learn_org_id(org, state, connection.org_id, None).await;
        if let Some(user) = connection.user {
            api.user.set(Some(user.id));
        }
        Ok(connection.org_id)
    }

    /// Records an organization's id in its state and in the directory of names by id.
    /// `directory`: the directory as already read in this event, if it was: when it names the
    /// organization so already, there is nothing to read or write.
    async fn learn_org_id(
        &self,
        org: &OrgRef,
        state: &mut OrgState,
        id: uuid::Uuid,
        directory: Option<&OrgDirectory>,
    ) {
        state.org_id = Some(id);
        let known = directory
            .and_then(|d| d.name_of(id))
            .is_some_and(|named| named.name == org.name && named.host_style == org.style);
        if known {
            return;
        }
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
