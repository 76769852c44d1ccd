//! `Hello` (who is signed in; the organization is remembered for the watcher), the pending
//! secret, settling creates the browser cut off, the expiry of secrets, and diagnostics.
//!
//! A created token's secret waits in `pending` (`storage.session`) until a popup has painted it
//! and sent `ForgetPending`, or until its time is up: `TakePendingSecret` hands it over without
//! removing it (a popup closed before painting loses nothing), and every read-modify-write of
//! `pending` runs under the life's `pending` lease, so two events never lose each other's
//! update. Expired secrets, their quarantined copies and expired bearers are removed by
//! [`Engine::expire_secrets`] on every worker wake and alarm, and by the one-off alarm set
//! after each create (`worker.rs`); reading never hands over an expired one either.

use time::OffsetDateTime;

use super::create::claim_key;
use super::deadline::Deadline;
use super::state::{
    expired_in_session, BearerRecord, InFlight, OrgState, PendingSecret, PendingSecrets,
    INFLIGHT_PREFIX, PENDING_KEY,
};
use super::{failure, Engine};
use crate::ado::{AdoError, Client};
use crate::core::known_orgs;
use crate::core::org::OrgName;
use crate::core::token::AuthorizationId;
use crate::ports::{Area, Clock, Http, Notifier, Store, StoreError};
use crate::protocol::{CreateOutcome, Created, ErrorData, OrgRef, Response, SessionState};

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
        let client = Client::new(self.http, self.clock, &org.name, org.style)
            .with_route(state.route)
            .with_transport(state.transport);
        let connection = client.connection().await;
        // Signed out, or someone else signed in: the stored bearer goes.
        if let Some(stored) = BearerRecord::load(self.store, &org.name, now).await {
            self.keep_bearer(&org.name, &stored, &connection).await;
        }
        let session = match connection {
            Ok(connection) => {
                self.learn_org_id(org, &mut state, connection.org_id, None)
                    .await;
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

    /// Hands over the oldest waiting created token (it stays until `ForgetPending`), and
    /// settles a create that the browser cut off by stopping the worker mid-way. Expired ones
    /// are never handed over; when there are any, they are removed now (under the lease, like
    /// every update of `pending`), not only at the next wake or alarm.
    pub(super) async fn take_pending(&self) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        let (pending, dropped) = PendingSecrets::load(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        if dropped {
            // Losing this write only leaves them to the next wake or alarm.
            let _ = self.drop_expired_pending(now).await;
        }
        let created = pending.items.into_iter().next().map(|p| p.created);
        let interrupted = self.settle_interrupted().await;
        Ok(Response::Pending {
            created,
            interrupted,
        })
    }

    /// A popup painted this token: its secret leaves `storage.session`.
    pub(super) async fn forget_pending(&self, id: AuthorizationId) -> Result<Response, ErrorData> {
        let _lease = self.pending_lease().await;
        let now = self.clock.now();
        let (mut pending, dropped) = PendingSecrets::load(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let before = pending.items.len();
        pending.items.retain(|p| p.created.token.id != id);
        if dropped || pending.items.len() != before {
            pending
                .save(self.store)
                .await
                .map_err(|e| failure::from_store(&e))?;
        }
        Ok(Response::Forgotten {})
    }

    /// Keeps a created token for a popup, for `Timing::pending_ttl` from `at`.
    pub(super) async fn keep_pending(
        &self,
        created: Created,
        at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let _lease = self.pending_lease().await;
        let (mut pending, _) = PendingSecrets::load(self.store, at).await?;
        pending.items.push(PendingSecret {
            created,
            expires_at: at + self.timing.pending_ttl,
        });
        pending.save(self.store).await
    }

    async fn pending_lease(&self) -> super::life::Lease<'_> {
        self.life
            .lease(PENDING_KEY, self.clock, self.timing.local_lease)
            .await
    }

    /// Removes the expired items of `pending` (read again under the lease: another event may
    /// have changed it since).
    async fn drop_expired_pending(&self, now: OffsetDateTime) -> Result<(), StoreError> {
        let _lease = self.pending_lease().await;
        let (pending, dropped) = PendingSecrets::load(self.store, now).await?;
        if dropped {
            pending.save(self.store).await?;
        }
        Ok(())
    }

    /// Removes what in `storage.session` has had its time: expired pending secrets, quarantined
    /// copies older than a pending secret may live, expired bearers. Every wake and alarm.
    pub async fn expire_secrets(&self) -> Result<(), StoreError> {
        let now = self.clock.now();
        self.drop_expired_pending(now).await?;
        let everything = self.store.get_prefixed(Area::Session, "").await?;
        let expired = expired_in_session(&everything, now, self.timing.pending_ttl);
        if !expired.is_empty() {
            self.store.remove(Area::Session, expired).await?;
        }
        Ok(())
    }

    /// A marker that is no live create's (another worker life's, or one past its time) means
    /// its create was cut off: list the organization's tokens and say whether it was made.
    async fn settle_interrupted(&self) -> Option<CreateOutcome> {
        let markers = self
            .store
            .get_prefixed(Area::Session, INFLIGHT_PREFIX)
            .await
            .ok()?;
        for (key, _) in markers {
            let Some(org) = key.strip_prefix(INFLIGHT_PREFIX).and_then(OrgName::parse) else {
                continue;
            };
            let now = self.clock.now();
            let Ok(Some(marker)) = InFlight::load(self.store, &org).await else {
                continue;
            };
            let ours_and_live =
                marker.life == self.life.id() && now <= marker.deadline + self.timing.stale_margin;
            if ours_and_live {
                continue;
            }
            // Held: a create of this life runs, or another open settles it.
            let Some(_claim) =
                self.life
                    .try_lease(&claim_key(&org), now, self.timing.create_lease())
            else {
                continue;
            };
            let http = Deadline::new(self.http, self.clock, now + self.timing.reconcile_share);
            if let Some(outcome) = self.settle(&org, &marker, &http).await {
                return Some(outcome);
            }
        }
        None
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
