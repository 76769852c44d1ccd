//! Listing (and the token metadata cache the watcher warns from), extending, revoking.

use super::create::rfc3339;
use super::state::{group_by_org, unnamed_ids, BearerRecord, OrgDirectory, OrgState};
use super::{failure, Engine};
use crate::ado::{ListFilter, UpdateSpec};
use crate::core::lifetime::{extend_outcome, extension_valid_to, ExtendOutcome};
use crate::core::token::AuthorizationId;
use crate::ports::{Area, Clock, Http, Notifier, Store, StoreError};
use crate::protocol::{ErrorData, OrgRef, Response};

/// The most days an extension may ask for (Azure DevOps' one-year maximum).
const MAX_EXTEND_DAYS: u32 = 365;

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    /// Fetches the organization's tokens and caches them; when Azure DevOps cannot be
    /// reached, keeps the cache and records why (the watcher then warns from the cache).
    pub async fn refresh(&self, org: &OrgRef) -> Result<(OrgState, Option<ErrorData>), ErrorData> {
        let now = self.clock.now();
        let state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let bearer = BearerRecord::load(self.store, &org.name, now).await;
        self.refresh_loaded(org, state, bearer, None).await
    }

    /// [`Self::refresh`] from the organization's records already read.
    pub(super) async fn refresh_loaded(
        &self,
        org: &OrgRef,
        state: OrgState,
        bearer: Option<BearerRecord>,
        directory: Option<&OrgDirectory>,
    ) -> Result<(OrgState, Option<ErrorData>), ErrorData> {
        let (state, error) = self.refresh_unsaved(org, state, bearer, directory).await;
        let stored = |e: StoreError| failure::from_store(&e);
        // The cache is written only when a fresh list replaced it: else only the
        // organization's memory (or every check while offline would rewrite every cached token).
        let items = state.records(&org.name, error.is_none()).map_err(stored)?;
        self.store.set(Area::Local, items).await.map_err(stored)?;
        Ok((state, error))
    }

    /// [`Self::refresh_loaded`] but for its storage write, which the caller makes
    /// ([`OrgState::records`]; with the token cache only when the error is none): the check
    /// writes every organization's records at once. `directory`: the directory of organization
    /// ids as read in this event, if it was (`OrgState::load_for_check`, `state::load_bearers`).
    pub(super) async fn refresh_unsaved(
        &self,
        org: &OrgRef,
        mut state: OrgState,
        bearer: Option<BearerRecord>,
        directory: Option<&OrgDirectory>,
    ) -> (OrgState, Option<ErrorData>) {
        let now = self.clock.now();
        let api = self
            .client_with(self.http, org, &mut state, bearer, directory)
            .await;
        // The list holds every organization's tokens: without this one's id, none of them
        // could be told to be its own.
        let listed = match self.org_id(org, &api, &mut state).await {
            Ok(_) => api.client.list(ListFilter::All).await,
            Err(error) => Err(error),
        };
        self.remember(org, &api, &mut state).await;
        let error = match listed {
            Ok(tokens) => {
                state.set_tokens(tokens, now);
                None
            }
            Err(error) => {
                let data = failure::from_ado(&error, now);
                // The cache is kept as it was.
                state.last_attempt = Some(now);
                state.last_error = Some(data.clone());
                Some(data)
            }
        };
        (state, error)
    }

    pub(super) async fn list_tokens(&self, org: &OrgRef) -> Result<Response, ErrorData> {
        let (state, error) = self.refresh(org).await?;
        // The popup's list is fresh information: let the watcher act on it (badge, warnings).
        self.after_list().await;
        Ok(Response::Tokens {
            org: org.name.clone(),
            // This organization's tokens only; the cache keeps the whole list.
            tokens: state.own_tokens(),
            refreshed_at: state.refreshed_at.map(rfc3339),
            stale: error.is_some(),
            error,
            route: state.route,
        })
    }

    /// Every organization's tokens, listed through `org`, in groups by organization. Ids no
    /// visited organization names are looked up in the web UI's organization list first.
    pub(super) async fn list_all_tokens(&self, org: &OrgRef) -> Result<Response, ErrorData> {
        let (state, error) = self.refresh(org).await?;
        // One read of the directory: for the names, the groups and the watcher after them.
        let directory = match OrgDirectory::load(self.store, self.clock.now()).await {
            Ok(mut directory) => {
                self.name_orgs(org, &state, &mut directory).await;
                directory
            }
            // Unreadable: the organizations are grouped by id, and nothing is asked.
            Err(_) => OrgDirectory::default(),
        };
        let groups = group_by_org(
            &state.tokens,
            state.org_id.map(|id| (id, &org.name)),
            &directory,
        );
        // The names just learned let the watcher name these organizations too.
        self.after_list_with(directory).await;
        Ok(Response::AllTokens {
            via: org.name.clone(),
            groups,
            refreshed_at: state.refreshed_at.map(rfc3339),
            stale: error.is_some(),
            error,
            route: state.route,
        })
    }

    /// When the cached list names organizations nobody can name (in `directory`, as read in
    /// this event), asks the web UI's organization list through `via` (docs/azure-devops.md
    /// §12.4) and keeps its names, in storage and in `directory`. A refusal or an answer of an
    /// unknown shape changes nothing: those stay known by id.
    pub(super) async fn name_orgs(
        &self,
        via: &OrgRef,
        state: &OrgState,
        directory: &mut OrgDirectory,
    ) {
        if unnamed_ids(&state.tokens, state.org_id, directory).is_empty() {
            return;
        }
        // A client of its own: what this query teaches about routes and transports is not
        // the organization's to remember.
        let client = crate::ado::Client::new(self.http, self.clock, &via.name, via.style);
        if let Ok(Some(listed)) = client.my_organizations().await {
            if directory.note_listed(&listed) {
                let _ = OrgDirectory::learn_listed(self.store, &listed, self.clock.now()).await;
            }
        }
    }

    /// New expiry = now + `days` (at most a year, and within a learned lifespan limit),
    /// through the token's own organization.
    pub(super) async fn extend(
        &self,
        org: &OrgRef,
        id: AuthorizationId,
        days: u32,
    ) -> Result<Response, ErrorData> {
        let org = &self.owner(org, id).await?;
        let now = self.clock.now();
        let mut state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let previous = state.tokens.iter().find(|t| t.id == id).map(|t| t.valid_to);
        let days = u16::try_from(days.clamp(1, MAX_EXTEND_DAYS)).unwrap_or(30);
        let requested = extension_valid_to(now, Some(days), state.max_lifespan_days);
        let api = self.client(self.http, org, &mut state).await;
        let result = api
            .client
            .update(
                id,
                &UpdateSpec {
                    valid_to: Some(requested),
                    name: None,
                },
            )
            .await;
        self.remember(org, &api, &mut state).await;
        let token = match result {
            Ok(token) => token,
            Err(error) => {
                let _ = state.save_meta(self.store, &org.name).await;
                return Err(failure::from_ado(&error, now));
            }
        };
        let outcome = extend_outcome(
            previous.unwrap_or(token.valid_from),
            requested,
            token.valid_to,
        );
        state.upsert(token.clone());
        state
            .save(self.store, &org.name)
            .await
            .map_err(|e| failure::from_store(&e))?;
        self.after_list().await;
        Ok(Response::Extended {
            token,
            requested_valid_to: requested,
            policy_limited: outcome != ExtendOutcome::Extended,
        })
    }

    /// Revokes through the token's own organization (a revoke is addressed through it).
    pub(super) async fn revoke(
        &self,
        org: &OrgRef,
        id: AuthorizationId,
    ) -> Result<Response, ErrorData> {
        let org = &self.owner(org, id).await?;
        let now = self.clock.now();
        let mut state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let api = self.client(self.http, org, &mut state).await;
        let result = api.client.revoke(id).await;
        self.remember(org, &api, &mut state).await;
        if let Err(error) = result {
            let _ = state.save_meta(self.store, &org.name).await;
            return Err(failure::from_ado(&error, now));
        }
        state.tokens.retain(|t| t.id != id);
        state
            .save(self.store, &org.name)
            .await
            .map_err(|e| failure::from_store(&e))?;
        self.forget_elsewhere(&org.name, id).await;
        self.after_list().await;
        Ok(Response::Revoked { id })
    }

    /// The other organizations' caches hold the whole list too: a revoked token leaves them
    /// now rather than at their next refresh.
    async fn forget_elsewhere(&self, done: &crate::core::org::OrgName, id: AuthorizationId) {
        let now = self.clock.now();
        let Ok(known) = crate::core::known_orgs::load(self.store, now).await else {
            return;
        };
        for other in known.value.orgs.iter().filter(|k| &k.name != done) {
            let Ok(mut state) = OrgState::load(self.store, &other.name, now).await else {
                continue;
            };
            if state.token(id).is_some() {
                state.tokens.retain(|t| t.id != id);
                // A stale row costs a little until the next refresh: not worth failing for.
                let _ = state.save(self.store, &other.name).await;
            }
        }
    }
}
