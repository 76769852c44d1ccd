//! Listing (and the token metadata cache the watcher warns from), extending, revoking.

use super::create::rfc3339;
use super::state::{self, OrgState};
use super::{failure, Engine};
use crate::ado::{Bearer, ListFilter, UpdateSpec};
use crate::core::lifetime::{extend_outcome, extension_valid_to, ExtendOutcome};
use crate::core::token::AuthorizationId;
use crate::ports::{Clock, Http, Notifier, Store, StoreError};
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
        let bearer = state::load_bearer(self.store, &org.name).await;
        self.refresh_loaded(org, state, bearer).await
    }

    /// [`Self::refresh`] from the organization's records already read (the check reads every
    /// organization's at once).
    pub(super) async fn refresh_loaded(
        &self,
        org: &OrgRef,
        mut state: OrgState,
        bearer: Option<Bearer>,
    ) -> Result<(OrgState, Option<ErrorData>), ErrorData> {
        let now = self.clock.now();
        let client = self.client_with(org, &state, bearer);
        let listed = client.list(ListFilter::All).await;
        self.remember(org, &client, &mut state).await;
        let stored = |e: StoreError| failure::from_store(&e);
        let error = match listed {
            Ok(tokens) => {
                state.set_tokens(tokens, now);
                state.save(self.store, &org.name).await.map_err(stored)?;
                None
            }
            Err(error) => {
                let data = failure::from_ado(&error, now);
                state.last_attempt = Some(now);
                state.last_error = Some(data.clone());
                // The cache is as it was: only the organization's memory is written (else
                // every check while offline would rewrite every cached token).
                state
                    .save_meta(self.store, &org.name)
                    .await
                    .map_err(stored)?;
                Some(data)
            }
        };
        Ok((state, error))
    }

    pub(super) async fn list_tokens(&self, org: &OrgRef) -> Result<Response, ErrorData> {
        let (state, error) = self.refresh(org).await?;
        // The popup's list is fresh information: let the watcher act on it (badge, warnings).
        self.after_list().await;
        Ok(Response::Tokens {
            org: org.name.clone(),
            tokens: state.tokens,
            refreshed_at: state.refreshed_at.map(rfc3339),
            stale: error.is_some(),
            error,
            route: state.route,
        })
    }

    /// New expiry = now + `days` (at most a year, and within a learned lifespan limit).
    pub(super) async fn extend(
        &self,
        org: &OrgRef,
        id: AuthorizationId,
        days: u32,
    ) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        let mut state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let previous = state.tokens.iter().find(|t| t.id == id).map(|t| t.valid_to);
        let days = u16::try_from(days.clamp(1, MAX_EXTEND_DAYS)).unwrap_or(30);
        let requested = extension_valid_to(now, Some(days), state.max_lifespan_days);
        let client = self.client(org, &state).await;
        let result = client
            .update(
                id,
                &UpdateSpec {
                    valid_to: Some(requested),
                    name: None,
                },
            )
            .await;
        self.remember(org, &client, &mut state).await;
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
            requested_valid_to: rfc3339(requested),
            policy_limited: outcome != ExtendOutcome::Extended,
        })
    }

    pub(super) async fn revoke(
        &self,
        org: &OrgRef,
        id: AuthorizationId,
    ) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        let mut state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let client = self.client(org, &state).await;
        let result = client.revoke(id).await;
        self.remember(org, &client, &mut state).await;
        if let Err(error) = result {
            let _ = state.save_meta(self.store, &org.name).await;
            return Err(failure::from_ado(&error, now));
        }
        state.tokens.retain(|t| t.id != id);
        state
            .save(self.store, &org.name)
            .await
            .map_err(|e| failure::from_store(&e))?;
        self.after_list().await;
        Ok(Response::Revoked { id })
    }
}
