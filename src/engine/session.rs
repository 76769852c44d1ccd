//! `Hello` (who is signed in; the organization is remembered for the watcher), the pending
//! secret, and diagnostics.

use super::state::{InFlight, OrgState, PendingSecrets, INFLIGHT_STALE};
use super::{failure, Engine};
use crate::ado::{AdoError, Attempt, ListFilter};
use crate::core::known_orgs;
use crate::core::token::AuthorizationId;
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{CreateOutcome, ErrorData, OrgRef, Response, SessionState};

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    pub(super) async fn hello(&self, org: &OrgRef) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        let mut known = known_orgs::load(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?
            .value;
        known.touch(org.name.clone(), org.style, now);
        known_orgs::save(self.store, &known)
            .await
            .map_err(|e| failure::from_store(&e))?;

        let mut state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let client = self.client(org, &state).await;
        let session = match client.connection().await {
            Ok(connection) => {
                self.learn_org_id(org, &mut state, connection.org_id).await;
                SessionState::SignedIn {
                    user: connection.user.map(|u| u.display_name),
                }
            }
            Err(AdoError::SignedOut { .. }) => SessionState::SignedOut {},
            Err(AdoError::NoHostAccess) => SessionState::NoHostAccess {},
            Err(error) => SessionState::Unknown {
                error: failure::from_ado(&error, now),
            },
        };
        state
            .save_meta(self.store, &org.name)
            .await
            .map_err(|e| failure::from_store(&e))?;
        Ok(Response::Session {
            org: org.name.clone(),
            session,
            route: state.route,
        })
    }

    /// Hands over the oldest waiting created token (removing it: shown once), and settles a
    /// create that the browser cut off by stopping the worker mid-way.
    pub(super) async fn take_pending(&self) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        let mut pending = PendingSecrets::load(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let created = (!pending.items.is_empty()).then(|| pending.items.remove(0).created);
        pending
            .save(self.store)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let interrupted = self.settle_interrupted().await;
        Ok(Response::Pending {
            created,
            interrupted,
        })
    }

    pub(super) async fn forget_pending(&self, id: AuthorizationId) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        let mut pending = PendingSecrets::load(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        pending.items.retain(|p| p.created.token.id != id);
        pending
            .save(self.store)
            .await
            .map_err(|e| failure::from_store(&e))?;
        Ok(Response::Forgotten {})
    }

    /// A marker older than any request could take means its create was cut off: list the
    /// organization's tokens and say whether it was made (its secret is then lost).
    async fn settle_interrupted(&self) -> Option<CreateOutcome> {
        let now = self.clock.now();
        let known = known_orgs::load(self.store, now).await.ok()?.value;
        for org in known.orgs {
            let Ok(Some(marker)) = InFlight::load(self.store, &org.name).await else {
                continue;
            };
            if now - marker.started < INFLIGHT_STALE {
                continue;
            }
            let org_ref = OrgRef {
                name: org.name.clone(),
                style: marker.host_style,
            };
            let attempt = Attempt {
                name: marker.name,
                scopes: marker.scopes,
                started: marker.started,
                ended: now,
            };
            let outcome = self.reconcile(&org_ref, &attempt).await;
            let _ = InFlight::clear(self.store, &org.name).await;
            return Some(outcome);
        }
        None
    }

    /// Lists the tokens to find the one an uncertain create may have made.
    pub(super) async fn reconcile(&self, org: &OrgRef, attempt: &Attempt) -> CreateOutcome {
        let now = self.clock.now();
        let Ok(mut state) = OrgState::load(self.store, &org.name, now).await else {
            return CreateOutcome::Unknown {};
        };
        let client = self.client(org, &state).await;
        let listed = client.list(ListFilter::Active).await;
        self.remember(org, &client, &mut state).await;
        let outcome = match listed {
            Ok(tokens) => {
                // Only this organization's tokens can be the one this create made (with its id
                // unknown, every token is a candidate: "several" beats a wrong "not created").
                state.tokens = tokens;
                let candidates = match state.org_id {
                    Some(_) => state.own_tokens(),
                    None => state.tokens.clone(),
                };
                let tokens = std::mem::take(&mut state.tokens);
                let outcome = match crate::ado::reconcile(&candidates, attempt) {
                    crate::ado::Reconciled::Created(token) => CreateOutcome::Created { token },
                    crate::ado::Reconciled::NotCreated => CreateOutcome::NotCreated {},
                    crate::ado::Reconciled::Several(found) => CreateOutcome::Several {
                        count: u32::try_from(found.len()).unwrap_or(u32::MAX),
                    },
                };
                state.set_tokens(tokens, now);
                outcome
            }
            Err(_) => CreateOutcome::Unknown {},
        };
        let _ = state.save(self.store, &org.name).await;
        outcome
    }

    /// First run: the three starting presets, once across all the person's browsers (the
    /// `seeded` flag syncs too). `name_of` words each recipe's name in the browser's language.
    pub async fn seed_presets(&self, name_of: impl Fn(crate::core::recipes::RecipeId) -> String) {
        let now = self.clock.now();
        // A failed seeding is tried again at the next worker start; the popup says "no presets".
        let _ = crate::core::preset_store::ensure_seeded(self.store, now, name_of).await;
    }

    pub(super) async fn diagnose(&self, org: &OrgRef) -> Result<Response, ErrorData> {
        let mut report = crate::ado::diagnose(self.http, self.clock, &org.name, org.style).await;
        if let Ok(state) = OrgState::load(self.store, &org.name, self.clock.now()).await {
            report.writes = crate::ado::WriteTransport {
                chosen: state.transport,
                last_worked: state.last_write_transport,
            };
        }
        let report = serde_json::to_value(&report).map_err(|e| failure::internal(e.to_string()))?;
        Ok(Response::Diagnosis { report })
    }
}
