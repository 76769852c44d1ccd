//! The expiry watcher: the scheduled check, notifications and the badge (DESIGN.md "Flows:
//! Warn").
//!
//! - A *check* ([`Engine::check`]: the alarm, browser start, install, `CheckNow`) refreshes
//!   every organization the person used through [`Engine::refresh`] (which keeps the cache
//!   and records the error when Azure DevOps cannot be reached), then evaluates.
//! - An *evaluation* (also after every list, extend or revoke the popup makes: `after_list`,
//!   from the cache only, no request) plans with `core::planner` over the tokens of every
//!   organization, shows what is due, stores the notified record (`storage.local`
//!   `notified`, through `core::record`), clears notifications that no longer apply, and sets
//!   the badge. Notifications are shown before the record is written: a worker stopped in
//!   between shows the same notification again, under the same id, which the browser replaces
//!   rather than duplicates.
//! - Clicks come back as ids alone ([`NoteId`]); see [`act`].
//!
//! Nothing here is worded: notifications are `crate::core::notification::NotificationContent`,
//! worded by the browser adapter.

mod act;
mod compose;
pub mod note_id;

pub use act::ClickOutcome;
pub use compose::{remaining, STALE_MARK, STALE_MARK_AFTER};
pub use note_id::NoteId;

use super::state::{self, OrgDirectory, OrgState};
use super::{failure, Engine};
use crate::core::expiry::{status, Policy, TokenStatus};
use crate::core::known_orgs::{self, KnownOrg};
use crate::core::notification::Freshness;
use crate::core::org::OrgName;
use crate::core::planner::{self, NotifiedRecord, NOTIFIED_KEY};
use crate::core::record::{self, LoadStatus};
use crate::core::settings;
use crate::core::token::AuthorizationId;
use crate::ports::{Area, Clock, Http, Notifier, Store};
use crate::protocol::{CheckSummary, ErrorData, OrgRef, Response};
use compose::Inventory;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// The name of the `chrome.alarms` alarm that runs the check.
pub const ALARM_NAME: &str = "pat-pilot-check";

/// The lease an evaluation holds.
const TURN_KEY: &str = "watch";

/// When the browser should wake the worker for a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub alarm: &'static str,
    pub period_minutes: u32,
}

/// What an evaluation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Evaluation {
    notified: u32,
    due: u32,
}

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    /// The alarm to make sure of (every worker start and install): the settings' interval.
    pub async fn schedule(&self) -> Schedule {
        let hours = settings::load(self.store, self.clock.now())
            .await
            .map(|loaded| loaded.value.check_interval_hours)
            .unwrap_or(settings::DEFAULT_CHECK_INTERVAL_HOURS);
        Schedule {
            alarm: ALARM_NAME,
            period_minutes: u32::from(hours) * 60,
        }
    }

    pub(super) async fn check_now(&self) -> Result<Response, ErrorData> {
        Ok(Response::Checked {
            summary: self.check().await?,
        })
    }

    /// Refreshes every known organization (the cache stands in for those that cannot be
    /// reached), then notifies and sets the badge. Returns once both are done.
    pub async fn check(&self) -> Result<CheckSummary, ErrorData> {
        let now = self.clock.now();
        let known = known_orgs::load(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?
            .value;
        let mut refreshed = Vec::new();
        let mut stale = Vec::new();
        // Every organization's records, and the directory of their ids, in two storage reads
        // (not four per organization).
        let names: Vec<OrgName> = known.orgs.iter().map(|org| org.name.clone()).collect();
        let (loaded, directory) = OrgState::load_for_check(self.store, &names, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let bearers = state::load_bearers(self.store, &names, now).await;
        // What the refresh just read and wrote: the evaluation need not read it again.
        let mut states = BTreeMap::new();
        // Every organization's records, written at once after the refreshes (one round trip
        // to the browser, not one per organization).
        let mut writes = Vec::new();
        for ((org, state), bearer) in known.orgs.iter().zip(loaded).zip(bearers) {
            let org_ref = OrgRef {
                name: org.name.clone(),
                style: org.host_style,
            };
            let (state, error) = self
                .refresh_unsaved(&org_ref, state, bearer, Some(&directory))
                .await;
            let Ok(items) = state.records(&org.name, error.is_none()) else {
                stale.push(org.name.clone());
                continue;
            };
            writes.extend(items);
            match error {
                None => refreshed.push(org.name.clone()),
                Some(_) => stale.push(org.name.clone()),
            }
            states.insert(org.name.clone(), state);
        }
        if !writes.is_empty() && self.store.set(Area::Local, writes).await.is_err() {
            // Nothing of this check was kept: every organization is as stored, and stale.
            refreshed.clear();
            states.clear();
            stale = names.clone();
        }
        // The directory as this check left it: the ids its refreshes learned (written by
        // `learn_org_id`) noted in the copy read above, not read again.
        let mut directory = directory;
        for org in &known.orgs {
            if let Some(id) = states.get(&org.name).and_then(|state| state.org_id) {
                directory.note(id, &org.name, org.host_style);
            }
        }
        // Organizations the list names that nobody can name yet: the web UI's organization
        // list may, asked through one that answered (docs/azure-devops.md §12.4).
        if let Some((via, state)) = refreshed.first().and_then(|name| {
            let known = known.orgs.iter().find(|k| &k.name == name)?;
            Some((
                OrgRef {
                    name: known.name.clone(),
                    style: known.host_style,
                },
                states.get(name)?,
            ))
        }) {
            self.name_orgs(&via, state, &mut directory).await;
        }
        let evaluation = self.evaluate(states, Some(directory)).await?;
        Ok(CheckSummary {
            notified: evaluation.notified,
            due: evaluation.due,
            refreshed,
            stale,
        })
    }

    /// Called after the popup listed, extended or revoked tokens: the cache changed, so the
    /// badge and warnings follow it (from the cache only: no request).
    pub(super) async fn after_list(&self) {
        // The popup's answer does not depend on the watcher: a failure shows at the next check.
        let _ = self.evaluate(BTreeMap::new(), None).await;
    }

    /// [`Self::after_list`] with the directory of organization ids already read in this event.
    pub(super) async fn after_list_with(&self, directory: OrgDirectory) {
        let _ = self.evaluate(BTreeMap::new(), Some(directory)).await;
    }

    /// Plans from the cache, notifies, stores the record, clears what no longer applies and
    /// sets the badge. `states` are organizations' records already in hand, `directory` the
    /// directory of organization ids if it is (the rest is read from storage, in one read).
    async fn evaluate(
        &self,
        mut states: BTreeMap<OrgName, OrgState>,
        directory: Option<OrgDirectory>,
    ) -> Result<Evaluation, ErrorData> {
        // One evaluation at a time in this worker: two that read the notified record before
        // either writes it would both notify. A lease, not a lock: one whose holder trapped
        // passes on when it runs out, so nothing waits for ever (`engine::life`).
        let _turn = self
            .life
            .lease(TURN_KEY, self.clock, self.timing.local_lease)
            .await;
        let now = self.clock.now();
        let settings = settings::load(self.store, now)
            .await
            .map(|loaded| loaded.value)
            .unwrap_or_default();
        let policy = settings::policy(self.store, &settings).await;
        let known = known_orgs::load(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?
            .value;

        // The organizations not in hand, and the directory if it is not, in one read. One that
        // cannot be read is left out (as a directory that cannot be: tokens of other
        // organizations are then warned about as unnamed).
        let missing: Vec<OrgName> = known
            .orgs
            .iter()
            .filter(|org| !states.contains_key(&org.name))
            .map(|org| org.name.clone())
            .collect();
        let directory = match directory {
            Some(directory) => {
                if !missing.is_empty() {
                    if let Ok(read) = OrgState::load_many(self.store, &missing, now).await {
                        states.extend(missing.into_iter().zip(read));
                    }
                }
                directory
            }
            None => match OrgState::load_for_check(self.store, &missing, now).await {
                Ok((read, directory)) => {
                    states.extend(missing.into_iter().zip(read));
                    directory
                }
                Err(_) => OrgDirectory::default(),
            },
        };

        let mut inventory = Inventory::new();
        let mut stale_mark = false;
        let mut lists = Vec::new();
        for org in &known.orgs {
            let Some(state) = states.remove(&org.name) else {
                continue;
            };
            let freshness = match state.last_error {
                Some(_) => Freshness::Stale {
                    since: state.refreshed_at,
                },
                None => Freshness::Fresh,
            };
            stale_mark |=
                compose::stale_for_long(state.last_error.is_some(), state.refreshed_at, now);
            // First each organization's own tokens, from its own list; the rest of the whole
            // list after them all.
            let (own, rest) = state.into_own_and_rest();
            inventory.add(&org.name, freshness, own);
            lists.push((org.name.clone(), freshness, rest));
        }
        // Then the rest of the whole lists: tokens of organizations not visited (lately), each
        // under its own organization's name when the directory knows it, else as an unnamed
        // organization with its id (docs/azure-devops.md §4.2, §12).
        for (via, freshness, rest) in lists {
            for token in rest {
                // `[]` names no organization (never seen from the service): nothing to warn
                // under. Global tokens are every organization's, added above.
                let Some(&first) = token.target_accounts.as_deref().and_then(|a| a.first()) else {
                    continue;
                };
                match directory.name_of(first) {
                    Some(named) => inventory.add(&named.name, freshness, [token]),
                    None => inventory.add_unnamed(&via, freshness, first, token),
                }
            }
        }

        let loaded = record::load::<NotifiedRecord, S>(self.store, Area::Local, NOTIFIED_KEY, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let stored_as_is = matches!(loaded.status, LoadStatus::Current | LoadStatus::Missing);
        let old = loaded.value;
        let plan = planner::plan(&inventory.tokens, &old, now, &policy);
        let mut next = plan.record;
        let mut notified = 0u32;
        // With notifications off, thresholds still count as dealt with: turning them on later
        // does not bring a flood of old warnings.
        if settings.notifications {
            for planned in compose::notifications(&plan.due, &inventory, now) {
                match self.notifier.notify(planned.notification).await {
                    Ok(()) => notified += 1,
                    Err(_) => {
                        // Not shown: the next check tries again.
                        for id in planned.tokens {
                            restore(&mut next, &old, id);
                        }
                    }
                }
            }
        }
        self.clear_outdated(&old, &next, &inventory, &known.orgs, now, &policy)
            .await;
        // Most checks change nothing: the record is written only when it changed (or must be
        // rewritten in the current version).
        if next != old || !stored_as_is {
            record::save(self.store, Area::Local, NOTIFIED_KEY, &next)
                .await
                .map_err(|e| failure::from_store(&e))?;
        }

        // One pass over the tokens for both the badge and the summary.
        let due = crate::core::expiry::badge_count(&inventory.tokens, now, &policy);
        let badge = compose::badge(due, stale_mark);
        // A badge the browser refused to draw is not worth failing the check for.
        let _ = self.notifier.set_badge(badge).await;
        Ok(Evaluation {
            notified,
            due: u32::try_from(due).unwrap_or(u32::MAX),
        })
    }

    /// Clears the warnings that no longer apply: a token extended (re-armed), revoked or gone
    /// loses them all, and so does one no longer within the warning window (the thresholds
    /// changed); a token that crossed a nearer threshold keeps only the nearest (one
    /// notification per token in the tray).
    async fn clear_outdated(
        &self,
        old: &NotifiedRecord,
        next: &NotifiedRecord,
        inventory: &Inventory,
        known: &[KnownOrg],
        now: OffsetDateTime,
        policy: &Policy,
    ) {
        for (id, before) in &old.tokens {
            let after = next.tokens.get(id);
            let in_window = inventory
                .token(*id)
                .is_some_and(|t| status(t, now, policy) != TokenStatus::Fine);
            if after == Some(before) && in_window {
                continue;
            }
            let keep = after
                .filter(|a| {
                    in_window && (a.expires - before.expires).abs() <= planner::REARM_TOLERANCE
                })
                .and_then(|a| a.notified.iter().min().copied());
            let orgs: Vec<_> = match inventory.owner(*id) {
                Some((org, _)) => vec![org.clone()],
                None => known.iter().map(|k| k.name.clone()).collect(),
            };
            for threshold in before.notified.iter().filter(|t| Some(**t) != keep) {
                for org in &orgs {
                    let note = NoteId::Warning {
                        org: org.clone(),
                        token: *id,
                        threshold: *threshold,
                    };
                    let _ = self.notifier.clear(&note.to_string()).await;
                }
            }
        }
    }
}

/// Puts a token's record entry back as it was before this evaluation.
fn restore(next: &mut NotifiedRecord, old: &NotifiedRecord, id: AuthorizationId) {
    match old.tokens.get(&id) {
        Some(entry) => {
            next.tokens.insert(id, entry.clone());
        }
        None => {
            next.tokens.remove(&id);
        }
    }
}
