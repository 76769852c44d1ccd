//! What the engine keeps between events, and where (DESIGN.md "State").
//!
//! - `storage.local` ([`OrgState`]): `org:<name>` holds the organization's id, the route that
//!   worked, the learned lifespan limit and when it was last refreshed; `tokens:<name>` the
//!   token metadata cache (never a secret). Two records, so that a failed refresh (every
//!   check while offline) rewrites a few bytes, not hundreds of tokens.
//! - `storage.session` (memory only): `pending` ([`PendingSecrets`], created tokens with their
//!   secret, at most [`PENDING_TTL`] old), `inflight:<name>` ([`InFlight`], a create under way;
//!   no secret) and `bearer:<name>` (the session bearer, a credential).
//!
//! Every record goes through `core::record` (versioned, unreadable ones quarantined).

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::ado::{Bearer, Route};
use crate::core::org::OrgName;
use crate::core::record::{self, Versioned};
use crate::core::token::{Scopes, Token};
use crate::ports::{Area, Store, StoreError};
use crate::protocol::{Created, ErrorData};

/// How long a created token's secret waits in `storage.session` for a popup to show it.
pub const PENDING_TTL: Duration = Duration::minutes(10);
/// An in-flight marker older than this belongs to a create that was cut off (the client's
/// timeout is 20 s): it is settled by listing the tokens.
pub const INFLIGHT_STALE: Duration = Duration::seconds(45);

pub const ORG_PREFIX: &str = "org:";
pub const TOKENS_PREFIX: &str = "tokens:";
pub const PENDING_KEY: &str = "pending";
pub const INFLIGHT_PREFIX: &str = "inflight:";
pub const BEARER_PREFIX: &str = "bearer:";

/// One organization's memory and token cache, as the engine works with it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrgState {
    /// `instanceId` from `connectionData`: needed for `targetAccounts`.
    pub org_id: Option<Uuid>,
    /// The route that last worked.
    pub route: Option<Route>,
    /// A lifespan limit learned from a clamped answer, in days.
    pub max_lifespan_days: Option<u16>,
    /// The tokens as last listed (metadata only), sorted by expiry.
    pub tokens: Vec<Token>,
    pub refreshed_at: Option<OffsetDateTime>,
    pub last_attempt: Option<OffsetDateTime>,
    /// Why the last refresh failed, if it did.
    pub last_error: Option<ErrorData>,
}

/// `org:<name>`: everything but the tokens.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct OrgMeta {
    org_id: Option<Uuid>,
    route: Option<Route>,
    max_lifespan_days: Option<u16>,
    #[serde(with = "crate::core::rfc3339::serde::option")]
    refreshed_at: Option<OffsetDateTime>,
    #[serde(with = "crate::core::rfc3339::serde::option")]
    last_attempt: Option<OffsetDateTime>,
    last_error: Option<ErrorData>,
}

impl Versioned for OrgMeta {
    const VERSION: u32 = 1;
}

/// `tokens:<name>`: the token cache. Every check reads every organization's cache, so it is
/// stored for speed: the list as one JSON text (read straight into Rust types, without building
/// a JSON object per token on either side of the JS boundary), instants as Unix seconds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct TokenCache {
    /// A JSON array of [`CachedToken`].
    tokens: String,
}

impl Versioned for TokenCache {
    const VERSION: u32 = 1;
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CachedToken {
    id: crate::core::token::AuthorizationId,
    name: String,
    scopes: Scopes,
    /// Unix seconds.
    from: i64,
    to: i64,
    /// `None`: a global token.
    #[serde(
        default,
        deserialize_with = "crate::core::token::uuid_text::deserialize_list"
    )]
    accounts: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    revoked: bool,
}

impl From<&Token> for CachedToken {
    fn from(t: &Token) -> Self {
        Self {
            id: t.id,
            name: t.name.clone(),
            scopes: t.scopes.clone(),
            from: t.valid_from.unix_timestamp(),
            to: t.valid_to.unix_timestamp(),
            accounts: t.target_accounts.clone(),
            revoked: t.revoked,
        }
    }
}

impl CachedToken {
    /// `None` for an instant outside what `time` represents (a garbled record).
    fn into_token(self) -> Option<Token> {
        Some(Token {
            id: self.id,
            name: self.name,
            scopes: self.scopes,
            valid_from: OffsetDateTime::from_unix_timestamp(self.from).ok()?,
            valid_to: OffsetDateTime::from_unix_timestamp(self.to).ok()?,
            target_accounts: self.accounts,
            revoked: self.revoked,
        })
    }
}

impl OrgState {
    pub fn key(org: &OrgName) -> String {
        format!("{ORG_PREFIX}{org}")
    }

    pub fn tokens_key(org: &OrgName) -> String {
        format!("{TOKENS_PREFIX}{org}")
    }

    pub async fn load<S: Store>(
        store: &S,
        org: &OrgName,
        now: OffsetDateTime,
    ) -> Result<Self, StoreError> {
        let loaded = Self::load_many(store, std::slice::from_ref(org), now).await?;
        Ok(loaded.into_iter().next().unwrap_or_default())
    }

    /// Several organizations' records, in the order of `orgs`, in one storage read.
    pub async fn load_many<S: Store>(
        store: &S,
        orgs: &[OrgName],
        now: OffsetDateTime,
    ) -> Result<Vec<Self>, StoreError> {
        let keys: Vec<String> = orgs
            .iter()
            .flat_map(|org| [Self::key(org), Self::tokens_key(org)])
            .collect();
        let mut raw = store.get_many(Area::Local, &keys).await?.into_iter();
        let mut states = Vec::with_capacity(orgs.len());
        for org in orgs {
            let (meta, cache) = (raw.next().flatten(), raw.next().flatten());
            let meta = record::read(
                store,
                Area::Local,
                &Self::key(org),
                meta,
                now,
                OrgMeta::default,
            )
            .await
            .value;
            let cache = record::read(
                store,
                Area::Local,
                &Self::tokens_key(org),
                cache,
                now,
                TokenCache::default,
            )
            .await
            .value;
            states.push(Self::from_records(meta, cache));
        }
        Ok(states)
    }

    fn from_records(meta: OrgMeta, cache: TokenCache) -> Self {
        Self {
            org_id: meta.org_id,
            route: meta.route,
            max_lifespan_days: meta.max_lifespan_days,
            // A cache that does not parse is dropped: the next refresh rebuilds it.
            tokens: serde_json::from_str::<Vec<CachedToken>>(&cache.tokens)
                .unwrap_or_default()
                .into_iter()
                .filter_map(CachedToken::into_token)
                .collect(),
            refreshed_at: meta.refreshed_at,
            last_attempt: meta.last_attempt,
            last_error: meta.last_error,
        }
    }

    /// Writes the organization's memory and its token cache (one storage write).
    pub async fn save<S: Store>(&self, store: &S, org: &OrgName) -> Result<(), StoreError> {
        let tokens: Vec<CachedToken> = self.tokens.iter().map(CachedToken::from).collect();
        let cache = TokenCache {
            tokens: serde_json::to_string(&tokens)
                .map_err(|e| StoreError::Failed(e.to_string()))?,
        };
        store
            .set(
                Area::Local,
                vec![
                    (Self::key(org), record::encode(&self.meta())?),
                    (Self::tokens_key(org), record::encode(&cache)?),
                ],
            )
            .await
    }

    /// Writes the organization's memory only: the token cache is unchanged.
    pub async fn save_meta<S: Store>(&self, store: &S, org: &OrgName) -> Result<(), StoreError> {
        record::save(store, Area::Local, &Self::key(org), &self.meta()).await
    }

    fn meta(&self) -> OrgMeta {
        OrgMeta {
            org_id: self.org_id,
            route: self.route,
            max_lifespan_days: self.max_lifespan_days,
            refreshed_at: self.refreshed_at,
            last_attempt: self.last_attempt,
            last_error: self.last_error.clone(),
        }
    }

    /// Puts a fresh list in the cache, sorted by expiry (soonest first).
    pub fn set_tokens(&mut self, mut tokens: Vec<Token>, now: OffsetDateTime) {
        tokens.sort_by(|a, b| {
            a.valid_to
                .cmp(&b.valid_to)
                .then_with(|| a.name.cmp(&b.name))
        });
        self.tokens = tokens;
        self.refreshed_at = Some(now);
        self.last_attempt = Some(now);
        self.last_error = None;
    }

    /// Replaces (or adds) one token in the cache, keeping the order.
    pub fn upsert(&mut self, token: Token) {
        self.tokens.retain(|t| t.id != token.id);
        let at = self
            .tokens
            .partition_point(|t| t.valid_to <= token.valid_to);
        self.tokens.insert(at, token);
    }
}

/// Created tokens waiting for a popup (`storage.session`, with their secrets).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PendingSecrets {
    pub items: Vec<PendingSecret>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingSecret {
    pub created: Created,
    #[serde(with = "crate::core::rfc3339::serde")]
    pub expires_at: OffsetDateTime,
}

impl Versioned for PendingSecrets {
    const VERSION: u32 = 1;
}

impl PendingSecrets {
    pub async fn load<S: Store>(store: &S, now: OffsetDateTime) -> Result<Self, StoreError> {
        let mut loaded = record::load::<Self, S>(store, Area::Session, PENDING_KEY, now)
            .await?
            .value;
        loaded.items.retain(|p| p.expires_at > now);
        Ok(loaded)
    }

    /// Writes what is left, or removes the record when nothing is (no secret lingers).
    pub async fn save<S: Store>(&self, store: &S) -> Result<(), StoreError> {
        if self.items.is_empty() {
            store
                .remove(Area::Session, vec![PENDING_KEY.to_owned()])
                .await
        } else {
            record::save(store, Area::Session, PENDING_KEY, self).await
        }
    }
}

/// A create under way (`storage.session`; no secret): what to look for if it is cut off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InFlight {
    pub name: String,
    pub scopes: Scopes,
    #[serde(with = "crate::core::rfc3339::serde")]
    pub started: OffsetDateTime,
    pub host_style: crate::core::org::HostStyle,
}

impl Versioned for InFlight {
    const VERSION: u32 = 1;
}

impl InFlight {
    pub fn key(org: &OrgName) -> String {
        format!("{INFLIGHT_PREFIX}{org}")
    }

    pub async fn load<S: Store>(store: &S, org: &OrgName) -> Result<Option<Self>, StoreError> {
        let Some(raw) = store.get(Area::Session, &Self::key(org)).await? else {
            return Ok(None);
        };
        // An unreadable marker is dropped: it holds no secret and cannot be acted on.
        Ok(record::decode::<Self>(&raw).ok().map(|d| d.value))
    }

    pub async fn save<S: Store>(&self, store: &S, org: &OrgName) -> Result<(), StoreError> {
        record::save(store, Area::Session, &Self::key(org), self).await
    }

    pub async fn clear<S: Store>(store: &S, org: &OrgName) -> Result<(), StoreError> {
        store.remove(Area::Session, vec![Self::key(org)]).await
    }
}

/// The session bearer of an organization (`storage.session` only).
pub async fn load_bearer<S: Store>(store: &S, org: &OrgName) -> Option<Bearer> {
    load_bearers(store, std::slice::from_ref(org))
        .await
        .pop()
        .flatten()
}

/// Several organizations' session bearers, in the order of `orgs`, in one storage read.
pub async fn load_bearers<S: Store>(store: &S, orgs: &[OrgName]) -> Vec<Option<Bearer>> {
    let keys: Vec<String> = orgs
        .iter()
        .map(|org| format!("{BEARER_PREFIX}{org}"))
        .collect();
    let raw = store
        .get_many(Area::Session, &keys)
        .await
        .unwrap_or_default();
    let mut bearers: Vec<Option<Bearer>> = raw
        .into_iter()
        .map(|value| {
            value
                .as_ref()
                .and_then(|v| v.as_str())
                .and_then(Bearer::from_stored)
        })
        .collect();
    bearers.resize(orgs.len(), None);
    bearers
}

pub async fn save_bearer<S: Store>(
    store: &S,
    org: &OrgName,
    bearer: Option<&Bearer>,
) -> Result<(), StoreError> {
    let key = format!("{BEARER_PREFIX}{org}");
    match bearer {
        Some(b) => {
            store
                .set(
                    Area::Session,
                    vec![(key, serde_json::Value::String(b.expose().to_owned()))],
                )
                .await
        }
        None => store.remove(Area::Session, vec![key]).await,
    }
}
