//! Creating a token (from a preset, or as a rotation of an existing one). A create is never
//! retried blindly: an in-flight marker goes to `storage.session` before the request, and a
//! create that ends without a clear answer is settled by listing the tokens.

use time::{Duration, OffsetDateTime};

use super::state::{
    InFlight, OrgState, PendingSecret, PendingSecrets, INFLIGHT_STALE, PENDING_TTL,
};
use super::{failure, Engine};
use crate::ado::{AdoError, Attempt, CreateSpec};
use crate::core::lifetime::{limited_by_policy, new_token_valid_to, revealed_max_days};
use crate::core::preset::Preset;
use crate::core::preset_store::load_presets;
use crate::core::template::NameContext;
use crate::core::token::{AuthorizationId, Scopes, Token};
use crate::ports::{Clock, Http, Notifier, Store};
use crate::protocol::{Created, EngineErrorKind, ErrorData, OrgRef, Response};

/// What to create, worked out before anything is sent.
struct Plan {
    name: String,
    scopes: Scopes,
    days: u16,
    replaces: Option<AuthorizationId>,
}

impl<H: Http, S: Store, C: Clock, N: Notifier> Engine<'_, H, S, C, N> {
    pub(super) async fn create_from_preset(
        &self,
        org: &OrgRef,
        preset_id: &str,
        lifetime_days: Option<u32>,
    ) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        let presets = load_presets(self.store, now)
            .await
            .map_err(|e| failure::from_store(&e))?
            .presets;
        let preset = presets
            .iter()
            .find(|p| p.id().as_str() == preset_id)
            .ok_or_else(|| {
                ErrorData::new(
                    EngineErrorKind::UnknownPreset,
                    format!("no preset {preset_id}"),
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
        };
        self.create(org, plan).await
    }

    /// A new token like `id`: the same scopes, named and lasting like the preset that made it
    /// (when one can be told), else the same name and the same lifetime as the old one.
    pub(super) async fn rotate(
        &self,
        org: &OrgRef,
        id: AuthorizationId,
    ) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        let state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let old = match state.tokens.iter().find(|t| t.id == id) {
            Some(token) => token.clone(),
            None => {
                let client = self.client(org, &state).await;
                client
                    .get(id)
                    .await
                    .map_err(|e| failure::from_ado(&e, now))?
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
            },
            None => Plan {
                name: old.name.clone(),
                scopes: old.scopes.clone(),
                days: lifetime_of(&old),
                replaces: Some(id),
            },
        };
        self.create(org, plan).await
    }

    async fn create(&self, org: &OrgRef, plan: Plan) -> Result<Response, ErrorData> {
        let now = self.clock.now();
        // One create per organization at a time: a second click must not make a second token.
        if let Ok(Some(marker)) = InFlight::load(self.store, &org.name).await {
            if now - marker.started < INFLIGHT_STALE {
                return Err(ErrorData::new(
                    EngineErrorKind::Busy,
                    "a token is already being created",
                ));
            }
        }
        let mut state = OrgState::load(self.store, &org.name, now)
            .await
            .map_err(|e| failure::from_store(&e))?;
        let client = self.client(org, &state).await;
        let org_id = match self.org_id(&client, &mut state).await {
            Ok(id) => id,
            Err(error) => {
                self.remember(org, &client, &mut state).await;
                let _ = state.save_meta(self.store, &org.name).await;
                return Err(failure::from_ado(&error, now));
            }
        };
        let valid_to = new_token_valid_to(now, plan.days, state.max_lifespan_days);
        let marker = InFlight {
            name: plan.name.clone(),
            scopes: plan.scopes.clone(),
            started: now,
            host_style: org.style,
        };
        marker
            .save(self.store, &org.name)
            .await
            .map_err(|e| failure::from_store(&e))?;

        let spec = CreateSpec {
            name: plan.name.clone(),
            scopes: plan.scopes.clone(),
            valid_to,
            org_id,
        };
        let result = client.create(&spec).await;
        self.remember(org, &client, &mut state).await;
        let ended = self.clock.now();
        let outcome = match result {
            Ok(new) => {
                let policy_limited = limited_by_policy(valid_to, new.token.valid_to);
                if policy_limited {
                    state.max_lifespan_days = Some(revealed_max_days(now, new.token.valid_to));
                }
                state.upsert(new.token.clone());
                let created = Created {
                    org: org.name.clone(),
                    token: new.token,
                    secret: new.secret.expose().to_owned(),
                    requested_valid_to: rfc3339(valid_to),
                    policy_limited,
                    replaces: plan.replaces,
                };
                // Kept (memory only) until a popup has shown it: this one may have closed.
                let mut pending = PendingSecrets::load(self.store, ended)
                    .await
                    .unwrap_or_default();
                pending.items.push(PendingSecret {
                    created: created.clone(),
                    expires_at: ended + PENDING_TTL,
                });
                pending
                    .save(self.store)
                    .await
                    .map_err(|e| failure::from_store(&e))?;
                Ok(Response::Created { created })
            }
            Err(error) if matches!(error, AdoError::Uncertain { .. }) => {
                let attempt = Attempt {
                    name: plan.name,
                    scopes: plan.scopes,
                    started: now,
                    ended,
                };
                let mut data = failure::from_ado(&error, ended);
                data.kind = EngineErrorKind::CreateUncertain.into();
                data.outcome = Some(Box::new(self.reconcile(org, &attempt).await));
                Err(data)
            }
            Err(error) => Err(failure::from_ado(&error, ended)),
        };
        let _ = InFlight::clear(self.store, &org.name).await;
        // `reconcile` saved its own fresh list; reload so as not to overwrite it.
        if !matches!(&outcome, Err(e) if e.outcome.is_some()) {
            let _ = state.save(self.store, &org.name).await;
        }
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
