//! Creating a token (from a preset, or as a rotation of an existing one). A create is never
//! retried blindly, and never made on top of one that may exist:
//!
//! - **One claim.** A create claims its organization in memory before its first await (two
//!   clicks that arrive together get one create and one `Busy`), for at most
//!   `Timing::create_lease`.
//! - **One marker.** Before its first request it writes an in-flight marker to
//!   `storage.session` carrying this worker life's id and its own number; only it clears it
//!   (a newer create's marker is left alone). A marker of another life, or one past its time,
//!   belongs to a create the browser cut off: it is settled by listing the tokens (here, before
//!   a new create, or at a popup's open, `engine::session`).
//! - **One deadline.** Every request of the chain (connection, every route, the lookups after
//!   an answer, reconciliation) goes through one [`Deadline`]: the create's own requests end
//!   `reconcile_share` before `create_budget` is up, and reconciliation ends with the budget.
//!   The marker cannot be called stale before `create_budget + stale_margin`.
//! - **The secret reaches the person.** `Created` is answered even when keeping the copy for a
//!   later popup fails (`not_kept` says why, never the secret).
//! - **A second look.** A create without a clear answer (a timeout, a 5xx, a dropped
//!   connection, an unreadable answer) is settled by the list; when the list does not show it,
//!   the engine waits `reconcile_pause` and looks again before saying "not created", because
//!   the server may finish a create after the client gave up, and its list may lag behind.

use time::{Duration, OffsetDateTime};

use super::deadline::Deadline;
use super::life::Lease;
use super::state::{belongs_to, InFlight, OrgState, PendingSecrets};
use super::{failure, Engine};
use crate::ado::{AdoError, Attempt, CreateSpec, ListFilter, Reconciled};
use crate::core::lifetime::{limited_by_policy, new_token_valid_to, revealed_max_days};
use crate::core::org::OrgName;
use crate::core::preset::{Preset, PresetId};
use crate::core::preset_store::load_presets;
use crate::core::template::NameContext;
use crate::core::token::{AuthorizationId, Scopes, Token};
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{CreateOutcome, Created, EngineErrorKind, ErrorData, OrgRef, Response};

/// What to create, worked out before anything is sent.
struct Plan {
    name: String,
    scopes: Scopes,
    days: u16,
    replaces: Option<AuthorizationId>,
    /// The preset it follows, if any (named in [`Created`], for the popup's "Copy as…").
    preset: Option<PresetId>,
}

/// A create's claim on its organization within this worker life.
pub(super) struct Claim<'l> {
    _lease: Lease<'l>,
    pub started: OffsetDateTime,
    pub create: u64,
}

/// The lease key of an organization's claim.
pub(super) fn claim_key(org: &OrgName) -> String {
    format!("create:{org}")
}

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    pub(super) async fn create_from_preset(
        &self,
        org: &OrgRef,
        preset_id: &PresetId,
        lifetime_days: Option<u32>,
    ) -> Result<Response, ErrorData> {
        let claim = self.claim(&org.name)?;
        let now = claim.started;
        let presets = load_presets(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?
            .presets;
        let preset = presets
            .iter()
            .find(|p| p.id() == preset_id)
            .ok_or_else(|| {
                ErrorData::new(
                    EngineErrorKind::UnknownPreset,
                    format!("no preset {}", preset_id.as_str()),
                )
            })?;
        let days = match lifetime_days {
            Some(d) => u16::try_from(d).unwrap_or(u16::MAX),
            None => preset.lifetime_days(),
        };
        let plan = Plan {
            name: render_name(preset, org, now),
            scopes: preset.scopes().clone(),
            days,
            replaces: None,
            preset: Some(preset.id().clone()),
        };
        self.create(org, plan, claim).await
    }

    /// A new token like `id`: the same scopes, named and lasting like the preset that made it
    /// (when one can be told), else the same name and the same lifetime as the old one. Made
    /// in the old token's own organization (a global token's replacement: in `org`).
    pub(super) async fn rotate(
        &self,
        org: &OrgRef,
        id: AuthorizationId,
    ) -> Result<Response, ErrorData> {
        let asked = org;
        let org = &self.owner(asked, id).await?;
        // The claim is on the organization the replacement is made in: the token's own.
        let claim = self.claim(&org.name)?;
        let now = claim.started;
        let mut state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        // Listed through the organization it was asked from, if not through its own.
        let listed = match state.token(id) {
            Some(token) => Some(token.clone()),
            None => OrgState::load(self.store, &asked.name, now)
                .await
                .ok()
                .and_then(|s| s.token(id).cloned()),
        };
        let old = match listed {
            Some(token) => token,
            None => {
                let http = self.create_deadline(&claim);
                let api = self.client(&http, org, &mut state).await;
                let got = api.client.get(id).await;
                self.remember(org, &api, &mut state).await;
                let _ = state.save_meta(self.store, &org.name).await;
                got.map_err(|e| failure::from_ado(&e, now))?
            }
        };
        let presets = load_presets(self.store, now)
            .await
            .map(|l| l.presets)
            .unwrap_or_default();
        let plan = match crate::core::lifetime::guess_preset(&old, &org.name, &presets) {
            Some(preset) => Plan {
                name: render_name(preset, org, now),
                scopes: old.scopes.clone(),
                days: preset.lifetime_days(),
                replaces: Some(id),
                preset: Some(preset.id().clone()),
            },
            None => Plan {
                name: old.name.clone(),
                scopes: old.scopes.clone(),
                days: lifetime_of(&old),
                replaces: Some(id),
                preset: None,
            },
        };
        self.create(org, plan, claim).await
    }

    /// Claims the organization for one create, synchronously: nothing awaits before it.
    fn claim(&self, org: &OrgName) -> Result<Claim<'_>, ErrorData> {
        let now = self.clock.now();
        let lease = self
            .life
            .try_lease(&claim_key(org), now, self.timing.create_lease())
            .ok_or_else(|| {
                ErrorData::new(EngineErrorKind::Busy, "a token is already being created")
            })?;
        Ok(Claim {
            _lease: lease,
            started: now,
            create: self.life.next_create(),
        })
    }

    /// The transport for the create's own requests: they end `reconcile_share` before the
    /// budget does, so that reconciliation has its time.
    fn create_deadline(&self, claim: &Claim<'_>) -> Deadline<'_, H, C> {
        self.whole_deadline(claim)
            .until(claim.started + self.timing.create_budget - self.timing.reconcile_share)
    }

    fn whole_deadline(&self, claim: &Claim<'_>) -> Deadline<'_, H, C> {
        Deadline::new(
            self.http,
            self.clock,
            claim.started + self.timing.create_budget,
        )
    }

    async fn create(
        &self,
        org: &OrgRef,
        plan: Plan,
        claim: Claim<'_>,
    ) -> Result<Response, ErrorData> {
        let now = claim.started;
        let whole = self.whole_deadline(&claim);
        let own = self.create_deadline(&claim);

        // A marker here is no live create's (this one holds the claim): one the browser cut
        // off. Whatever it may have made is said before anything new is made.
        if let Ok(Some(marker)) = InFlight::load(self.store, &org.name).await {
            // (A marker of this life within its time without a claim cannot be; if it were,
            // it would be a live create's: leave it be.)
            if marker.life == self.life.id()
                && self.clock.now() <= marker.deadline + self.timing.stale_margin
            {
                return Err(ErrorData::new(
                    EngineErrorKind::Busy,
                    "a token is already being created",
                ));
            }
            match self.settle(&org.name, &marker, &own).await {
                None | Some(CreateOutcome::NotCreated { .. }) => {}
                Some(outcome) => {
                    let mut data = ErrorData::new(
                        EngineErrorKind::CreateUncertain,
                        "an earlier create was cut off and may have made a token",
                    );
                    data.outcome = Some(Box::new(outcome));
                    return Err(data);
                }
            }
        }

        let mut state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let marker = InFlight {
            name: plan.name.clone(),
            scopes: plan.scopes.clone(),
            started: now,
            host_style: org.style,
            life: self.life.id(),
            create: claim.create,
            deadline: now + self.timing.create_budget,
        };
        marker
            .save(self.store, &org.name)
            .await
            .map_err(|e| failure::from_store(&e))?;

        let outcome = self.send_create(org, &plan, &mut state, &own, &whole).await;
        let _ = InFlight::clear_own(self.store, &org.name, self.life.id(), claim.create).await;
        // `reconcile` saved its own fresh list; do not overwrite it.
        if !matches!(&outcome, Err(e) if e.outcome.is_some()) {
            let _ = state.save(self.store, &org.name).await;
        }
        outcome
    }

    /// From the marker's write to the answer (or what the list says about it).
    async fn send_create(
        &self,
        org: &OrgRef,
        plan: &Plan,
        state: &mut OrgState,
        own: &Deadline<'_, H, C>,
        whole: &Deadline<'_, H, C>,
    ) -> Result<Response, ErrorData> {
        let started = self.clock.now();
        let api = self.client(own, org, state).await;
        let org_id = match self.org_id(org, &api, state).await {
            Ok(id) => id,
            Err(error) => {
                self.remember(org, &api, state).await;
                return Err(failure::from_ado(&error, started));
            }
        };
        let valid_to = new_token_valid_to(started, plan.days, state.max_lifespan_days);
        let spec = CreateSpec {
            name: plan.name.clone(),
            scopes: plan.scopes.clone(),
            valid_to,
            org_id,
        };
        let result = api.client.create(&spec).await;
        self.remember(org, &api, state).await;
        let ended = self.clock.now();
        match result {
            Ok(new) => {
                let policy_limited = limited_by_policy(valid_to, new.token.valid_to);
                if policy_limited {
                    state.max_lifespan_days = Some(revealed_max_days(started, new.token.valid_to));
                }
                state.upsert(new.token.clone());
                let created = Created {
                    org: org.name.clone(),
                    token: new.token,
                    secret: new.secret,
                    requested_valid_to: valid_to,
                    policy_limited,
                    replaces: plan.replaces,
                    preset: plan.preset.clone(),
                };
                // Kept until a popup has painted it (this one may have closed). If it cannot
                // be kept, this answer still carries it: the token exists, its secret must
                // reach the person.
                let not_kept = self
                    .keep_pending(created.clone(), ended)
                    .await
                    .err()
                    .map(|e| failure::from_store(&e));
                Ok(Response::Created { created, not_kept })
            }
            Err(error) if matches!(error, AdoError::Uncertain { .. }) => {
                let attempt = Attempt {
                    name: plan.name.clone(),
                    scopes: plan.scopes.clone(),
                    started,
                    ended,
                };
                let mut data = failure::from_ado(&error, ended);
                data.kind = EngineErrorKind::CreateUncertain.into();
                data.outcome = Some(Box::new(self.reconcile(org, &attempt, whole, false).await));
                Err(data)
            }
            Err(error) => Err(failure::from_ado(&error, ended)),
        }
    }

    /// Settles a create that was cut off (its marker is not a live create's): what the token
    /// list shows of it, then its marker goes. `None` when there is nothing to tell: the token
    /// it made waits in `pending` with its secret.
    pub(super) async fn settle<X: Http>(
        &self,
        org: &OrgName,
        marker: &InFlight,
        http: &X,
    ) -> Option<CreateOutcome> {
        let now = self.clock.now();
        let org_ref = OrgRef {
            name: org.clone(),
            style: marker.host_style,
        };
        let attempt = Attempt {
            name: marker.name.clone(),
            scopes: marker.scopes.clone(),
            started: marker.started,
            ended: now.min(marker.deadline),
        };
        // Before its deadline, a request it sent may still be running on the server.
        let may_still_land = now < marker.deadline;
        let outcome = self
            .reconcile(&org_ref, &attempt, http, may_still_land)
            .await;
        let _ = InFlight::clear_own(self.store, org, marker.life, marker.create).await;
        if let CreateOutcome::Created { token } = &outcome {
            let kept = PendingSecrets::load(self.store, now)
                .await
                .is_ok_and(|(pending, _)| pending.holds(token.id));
            if kept {
                return None;
            }
        }
        Some(outcome)
    }

    /// Lists the tokens to find the one an uncertain create may have made; when the list does
    /// not show it, waits `reconcile_pause` and looks once more. `may_still_land`: the create
    /// may still be running on the server, so even the second look cannot say "not created".
    pub(super) async fn reconcile<X: Http>(
        &self,
        org: &OrgRef,
        attempt: &Attempt,
        http: &X,
        may_still_land: bool,
    ) -> CreateOutcome {
        let now = self.clock.now();
        let name = attempt.name.clone();
        let Ok(mut state) = OrgState::load(self.store, &org.name, now).await else {
            return CreateOutcome::Unknown { name };
        };
        let api = self.client(http, org, &mut state).await;
        let mut looks = 0;
        let outcome = loop {
            looks += 1;
            let listed = api.client.list(ListFilter::Active).await;
            let tokens = match listed {
                Ok(tokens) => tokens,
                Err(_) => break CreateOutcome::Unknown { name },
            };
            // Only this organization's tokens can be the one this create made (the list holds
            // every organization's). With its id unknown, every token is a candidate: "several"
            // beats a wrong "not created".
            let found = match state.org_id {
                Some(own) => {
                    let candidates: Vec<Token> = tokens
                        .iter()
                        .filter(|t| belongs_to(t, own))
                        .cloned()
                        .collect();
                    crate::ado::reconcile(&candidates, attempt)
                }
                None => crate::ado::reconcile(&tokens, attempt),
            };
            state.set_tokens(tokens, self.clock.now());
            match found {
                Reconciled::Created(token) => break CreateOutcome::Created { token },
                Reconciled::Several(found) => {
                    break CreateOutcome::Several {
                        count: u32::try_from(found.len()).unwrap_or(u32::MAX),
                        name,
                    }
                }
                Reconciled::NotCreated if looks >= 2 => {
                    break match may_still_land {
                        true => CreateOutcome::Unknown { name },
                        false => CreateOutcome::NotCreated { name },
                    }
                }
                Reconciled::NotCreated => self.clock.sleep(self.timing.reconcile_pause).await,
            }
        };
        self.remember(org, &api, &mut state).await;
        let _ = state.save(self.store, &org.name).await;
        outcome
    }
}

fn render_name(preset: &Preset, org: &OrgRef, now: OffsetDateTime) -> String {
    preset.name_template().render(&NameContext {
        preset: preset.name(),
        org: &org.name,
        now,
    })
}

/// The old token's lifetime in whole days (1–365), for a rotation with no preset to follow.
fn lifetime_of(token: &Token) -> u16 {
    let days = ((token.valid_to - token.valid_from) + Duration::hours(12)).whole_days();
    u16::try_from(days.clamp(1, 365)).unwrap_or(30)
}

pub(super) fn rfc3339(at: OffsetDateTime) -> String {
    crate::core::rfc3339::format(at).unwrap_or_default()
}
