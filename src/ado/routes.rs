//! The client the engine uses: tries the routes in a fixed order, remembers what worked, and
//! never lets a fallback make a second token.
//!
//! Order: the remembered route first, then web, then lifecycle (web is what the token page
//! itself does with the same cookies). On each failure:
//! - a write moves on only after an answer that proves nothing was written *and* refuses this
//!   route (401, 403, 404, 400, 415, a sign-in page, a refusal); after a timeout, a dropped
//!   connection, a 5xx or an unreadable success it returns [`AdoError::Uncertain`], and the
//!   engine reconciles ([`super::reconcile`]);
//! - a read moves on after anything but a definitive answer (a policy, "slow down").
//!
//! Memory: a route that answers becomes the remembered one; a remembered route that stopped
//! working for this session is forgotten. An operation a route lacks (the web dialect's
//! update) changes nothing. Writes also learn their transport ([`super::transport`]). The
//! engine stores [`Client::route`], [`Client::transport`] and [`Client::bearer`] after each
//! call.

use std::cell::Cell;

use super::bearer::Bearer;
use super::connection::{self, Connection};
use super::dialect::{CreateSpec, Dialect, ListFilter, UpdateSpec};
use super::error::{AdoError, Operation, Route, RouteFailure, UnsupportedReason};
use super::lifecycle::LifecycleDialect;
use super::transport::{Sender, Transport};
use super::web::WebDialect;
use crate::core::org::{HostStyle, OrgName, ServiceUrls};
use crate::core::token::{AuthorizationId, NewToken, Token};
use crate::ports::{Clock, Http};

/// The Azure DevOps client of one organization.
pub struct Client<'a, H: Http> {
    sender: Sender<'a, H>,
    clock: &'a dyn Clock,
    org: OrgName,
    urls: ServiceUrls,
    web: WebDialect<'a, H>,
    lifecycle: LifecycleDialect<'a, H>,
    remembered: Cell<Option<Route>>,
}

impl<'a, H: Http> Client<'a, H> {
    pub fn new(http: &'a H, clock: &'a dyn Clock, org: &OrgName, style: HostStyle) -> Self {
        let urls = org.services(style);
        let sender = Sender::new(http, &urls, None);
        Self {
            web: WebDialect::sharing(sender.clone(), clock, org, urls.clone()),
            lifecycle: LifecycleDialect::sharing(sender.clone(), urls.clone(), None),
            sender,
            clock,
            org: org.clone(),
            urls,
            remembered: Cell::new(None),
        }
    }

    /// Starts from the transport the engine remembered for this organization's writes.
    pub fn with_transport(mut self, transport: Option<Transport>) -> Self {
        let bearer = self.lifecycle.bearer();
        self.sender = Sender::new(self.sender_http(), &self.urls, transport);
        self.web = WebDialect::sharing(
            self.sender.clone(),
            self.clock,
            &self.org,
            self.urls.clone(),
        );
        self.lifecycle = LifecycleDialect::sharing(self.sender.clone(), self.urls.clone(), bearer);
        self
    }

    fn sender_http(&self) -> &'a H {
        self.sender.http()
    }

    /// The transport to remember for this organization's writes (`None`: direct).
    pub fn transport(&self) -> Option<Transport> {
        self.sender.transport()
    }

    /// The transport of the last write that Azure DevOps did not refuse (for diagnostics).
    pub fn transport_worked(&self) -> Option<Transport> {
        self.sender.worked()
    }

    /// Starts from the route the engine remembered for this organization.
    pub fn with_route(self, route: Option<Route>) -> Self {
        self.remembered.set(route);
        self
    }

    /// Starts with the session bearer the engine kept in `storage.session`.
    pub fn with_bearer(mut self, bearer: Option<Bearer>) -> Self {
        self.lifecycle = LifecycleDialect::sharing(self.sender.clone(), self.urls.clone(), bearer);
        self
    }

    /// The route to remember for this organization (`None`: try the default order).
    pub fn route(&self) -> Option<Route> {
        self.remembered.get()
    }

    /// The session bearer to keep in `storage.session`, if one is in use.
    pub fn bearer(&self) -> Option<Bearer> {
        self.lifecycle.bearer()
    }

    /// The organization's id and the signed-in user.
    pub async fn connection(&self) -> Result<Connection, AdoError> {
        connection::connection(&self.sender, &self.urls).await
    }

    pub async fn list(&self, filter: ListFilter) -> Result<Vec<Token>, AdoError> {
        self.run(Operation::List, async |d| d.list(filter).await)
            .await
    }

    pub async fn get(&self, id: AuthorizationId) -> Result<Token, AdoError> {
        self.run(Operation::Get, async |d| d.get(id).await).await
    }

    pub async fn create(&self, spec: &CreateSpec) -> Result<NewToken, AdoError> {
        self.run(Operation::Create, async |d| d.create(spec).await)
            .await
    }

    pub async fn update(&self, id: AuthorizationId, spec: &UpdateSpec) -> Result<Token, AdoError> {
        self.run(Operation::Update, async |d| d.update(id, spec).await)
            .await
    }

    /// Revokes one token. There is no call without an id (`DELETE …/Token/SessionTokens`
    /// alone revokes every token the person has), and an id is only a validated uuid:
    ///
    /// ```compile_fail
    /// # use pat_pilot::ado::Client;
    /// # async fn revoke_everything(client: &Client<'_, pat_pilot::ports::fakes::FakeHttp>) {
    /// client.revoke().await; // does not compile: the id is required
    /// # }
    /// ```
    pub async fn revoke(&self, id: AuthorizationId) -> Result<(), AdoError> {
        self.run(Operation::Revoke, async |d| d.revoke(id).await)
            .await
    }

    fn order(&self) -> [Route; 2] {
        match self.remembered.get() {
            Some(Route::Lifecycle) => [Route::Lifecycle, Route::Web],
            Some(Route::Web) | None => [Route::Web, Route::Lifecycle],
        }
    }

    fn dialect(&self, route: Route) -> AnyDialect<'_, 'a, H> {
        match route {
            Route::Web => AnyDialect::Web(&self.web),
            Route::Lifecycle => AnyDialect::Lifecycle(&self.lifecycle),
        }
    }

    async fn run<T>(
        &self,
        operation: Operation,
        call: impl AsyncFn(AnyDialect<'_, 'a, H>) -> Result<T, AdoError>,
    ) -> Result<T, AdoError> {
        let mut failures: Vec<RouteFailure> = Vec::new();
        for route in self.order() {
            match call(self.dialect(route)).await {
                Ok(value) => {
                    self.remember_success(route, &failures);
                    return Ok(value);
                }
                Err(error) => {
                    if operation.is_write() && !error.proves_nothing_written() {
                        // Another route now could make a second token.
                        return Err(AdoError::Uncertain {
                            operation,
                            cause: Box::new(error),
                        });
                    }
                    let go_on = if operation.is_write() {
                        error.is_route_refusal()
                    } else {
                        !error.is_definitive()
                    };
                    failures.push(RouteFailure { route, error });
                    if !go_on {
                        break;
                    }
                }
            }
        }
        self.remember_failure(&failures);
        Err(exhausted(operation, failures))
    }

    fn remember_success(&self, route: Route, failures: &[RouteFailure]) {
        // A route that lacks this operation says nothing about whether it works.
        if failures
            .iter()
            .any(|f| matches!(f.error, AdoError::Unsupported { .. }))
        {
            return;
        }
        self.remembered.set(Some(route));
    }

    fn remember_failure(&self, failures: &[RouteFailure]) {
        let broken = |route| {
            failures
                .iter()
                .any(|f| f.route == route && f.error.is_route_broken())
        };
        if self.remembered.get().is_some_and(broken) {
            self.remembered.set(None);
        }
    }
}

/// The one error to return when no route succeeded.
fn exhausted(operation: Operation, mut failures: Vec<RouteFailure>) -> AdoError {
    let Some(last) = failures.last() else {
        return AdoError::NoRoute { failures };
    };
    // The chain stopped on an answer about the request: that is the answer.
    if last.error.is_definitive() || (operation.is_write() && !last.error.is_route_refusal()) {
        return last.error.clone();
    }
    let unsupported = |f: &RouteFailure| matches!(f.error, AdoError::Unsupported { .. });
    if failures.iter().any(unsupported) {
        let others: Vec<&RouteFailure> = failures.iter().filter(|f| !unsupported(f)).collect();
        // Extend: the web has no route, and the public API refused this session.
        if operation == Operation::Update && others.iter().all(|f| f.error.is_route_broken()) {
            return AdoError::Unsupported {
                operation,
                reason: UnsupportedReason::NoWebUpdate,
            };
        }
        if let [only] = others.as_slice() {
            return only.error.clone();
        }
    }
    // The public API is documented for Entra tokens only (docs/azure-devops.md §7.1): its
    // refusal of the browser session is expected, and beside another route's answer about the
    // request (an unreadable answer, a server error) it would only hide that answer.
    let session_refusal = |f: &RouteFailure| {
        f.route == Route::Lifecycle
            && matches!(f.error, AdoError::SignedOut { .. } | AdoError::Forbidden)
    };
    let others: Vec<&RouteFailure> = failures.iter().filter(|f| !session_refusal(f)).collect();
    if let [only] = others.as_slice() {
        if !only.error.is_route_refusal() {
            return only.error.clone();
        }
    }
    // The same answer from every route: say it once.
    let kind = last.error.kind();
    if failures.iter().all(|f| f.error.kind() == kind) {
        if let Some(any) = failures.pop() {
            return any.error;
        }
    }
    AdoError::NoRoute { failures }
}

/// Either dialect, so the route loop can hold one without `dyn` (async trait methods are not
/// object-safe).
pub(crate) enum AnyDialect<'d, 'a, H: Http> {
    Web(&'d WebDialect<'a, H>),
    Lifecycle(&'d LifecycleDialect<'a, H>),
}

impl<H: Http> Dialect for AnyDialect<'_, '_, H> {
    fn route(&self) -> Route {
        match self {
            AnyDialect::Web(d) => d.route(),
            AnyDialect::Lifecycle(d) => d.route(),
        }
    }
    async fn list(&self, filter: ListFilter) -> Result<Vec<Token>, AdoError> {
        match self {
            AnyDialect::Web(d) => d.list(filter).await,
            AnyDialect::Lifecycle(d) => d.list(filter).await,
        }
    }
    async fn get(&self, id: AuthorizationId) -> Result<Token, AdoError> {
        match self {
            AnyDialect::Web(d) => d.get(id).await,
            AnyDialect::Lifecycle(d) => d.get(id).await,
        }
    }
    async fn create(&self, spec: &CreateSpec) -> Result<NewToken, AdoError> {
        match self {
            AnyDialect::Web(d) => d.create(spec).await,
            AnyDialect::Lifecycle(d) => d.create(spec).await,
        }
    }
    async fn update(&self, id: AuthorizationId, spec: &UpdateSpec) -> Result<Token, AdoError> {
        match self {
            AnyDialect::Web(d) => d.update(id, spec).await,
            AnyDialect::Lifecycle(d) => d.update(id, spec).await,
        }
    }
    async fn revoke(&self, id: AuthorizationId) -> Result<(), AdoError> {
        match self {
            AnyDialect::Web(d) => d.revoke(id).await,
            AnyDialect::Lifecycle(d) => d.revoke(id).await,
        }
    }
}
