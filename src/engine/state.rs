//! What the engine keeps between events, and where (DESIGN.md "State").
//!
//! - `storage.local` ([`OrgState`]): `org:<name>` holds the organization's id, the route that
//!   worked, the transport its writes need, the learned lifespan limit and when it was last
//!   refreshed; `tokens:<name>` the token metadata cache (never a secret): the whole list as
//!   listed through that organization — the person's tokens of *every* organization, each
//!   with its `targetAccounts` ([`OrgState::own_tokens`] picks the organization's). Two
//!   records, so that a failed refresh (every check while offline) rewrites a few bytes, not
//!   hundreds of tokens. `org-ids` ([`OrgDirectory`]) names organizations by id.
//! - `storage.session` (memory only): `pending` ([`PendingSecrets`], created tokens with their
//!   secret, at most `Timing::pending_ttl` old), `inflight:<name>` ([`InFlight`], a create under
//!   way; no secret) and `bearer:<name>` ([`BearerRecord`], the session bearer, a credential,
//!   bound to the signed-in user and an expiry).
//!
//! Every record goes through `core::record` (versioned, unreadable ones quarantined; the
//! quarantined copies of session records hold what the records held, so they expire like a
//! pending secret, see [`expired_quarantine`]).

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::life::LifeId;
use crate::ado::{Bearer, Route, Transport};
use crate::core::org::{HostStyle, OrgName};
use crate::core::record::{self, Versioned, QUARANTINE_PREFIX};
use crate::core::secret::{self, Secret};
use crate::core::token::{AuthorizationId, Scopes, Token};
use crate::ports::{Area, Store, StoreError};
use crate::protocol::{Created, ErrorData};

pub const ORG_PREFIX: &str = "org:";
pub const TOKENS_PREFIX: &str = "tokens:";
pub const PENDING_KEY: &str = "pending";
pub const INFLIGHT_PREFIX: &str = "inflight:";
pub const BEARER_PREFIX: &str = "bearer:";
pub const ORG_IDS_KEY: &str = "org-ids";

/// One organization's memory and token cache, as the engine works with it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrgState {
    /// `instanceId` from `connectionData`: needed for `targetAccounts`.
    pub org_id: Option<Uuid>,
    /// The route that last worked.
    pub route: Option<Route>,
    /// How writes must be sent (`None`: directly; learned after a refusal).
    pub transport: Option<Transport>,
    /// The transport of the last write Azure DevOps did not refuse (for diagnostics).
    pub last_write_transport: Option<Transport>,
    /// A lifespan limit learned from a clamped answer, in days.
    pub max_lifespan_days: Option<u16>,
    /// The whole list as last listed through this organization (metadata only; every
    /// organization's tokens), sorted by expiry.
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
    transport: Option<Transport>,
    last_write_transport: Option<Transport>,
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
        let raw = store.get_many(Area::Local, &keys).await?;
        Ok(Self::read_many(store, orgs, raw.into_iter(), now).await)
    }

    /// Several organizations' memory (route, transport, refresh, last error, learned limit)
    /// in one storage read, without their token caches (`tokens` stays empty): what the
    /// options page shows. It neither reads nor decodes the caches, which can hold hundreds of
    /// tokens each.
    pub async fn load_memory_many<S: Store>(
        store: &S,
        orgs: &[OrgName],
        now: OffsetDateTime,
    ) -> Result<Vec<Self>, StoreError> {
        let keys: Vec<String> = orgs.iter().map(Self::key).collect();
        let raw = store.get_many(Area::Local, &keys).await?;
        let mut states = Vec::with_capacity(orgs.len());
        for (key, meta) in keys.iter().zip(raw) {
            let meta = record::read(store, Area::Local, key, meta, now, OrgMeta::default)
                .await
                .value;
            states.push(Self::from_memory(meta));
        }
        Ok(states)
    }

    /// [`OrgState::load_many`] and the directory of organization ids, in one storage read (the
    /// check: every refresh may learn an id, and needs the directory only to see it is known;
    /// the evaluation names every organization's tokens from it).
    pub async fn load_for_check<S: Store>(
        store: &S,
        orgs: &[OrgName],
        now: OffsetDateTime,
    ) -> Result<(Vec<Self>, OrgDirectory), StoreError> {
        let mut keys: Vec<String> = vec![ORG_IDS_KEY.to_owned()];
        keys.extend(
            orgs.iter()
                .flat_map(|org| [Self::key(org), Self::tokens_key(org)]),
        );
        let mut raw = store.get_many(Area::Local, &keys).await?.into_iter();
        let directory = raw.next().flatten();
        let directory = record::read(
            store,
            Area::Local,
            ORG_IDS_KEY,
            directory,
            now,
            OrgDirectory::default,
        )
        .await
        .value;
        Ok((Self::read_many(store, orgs, raw, now).await, directory))
    }

    /// The records of `orgs` from `raw`: each organization's memory, then its token cache.
    async fn read_many<S: Store>(
        store: &S,
        orgs: &[OrgName],
        mut raw: impl Iterator<Item = Option<Value>>,
        now: OffsetDateTime,
    ) -> Vec<Self> {
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
        states
    }

    fn from_records(meta: OrgMeta, cache: TokenCache) -> Self {
        Self {
            // A cache that does not parse is dropped: the next refresh rebuilds it.
            tokens: serde_json::from_str::<Vec<CachedToken>>(&cache.tokens)
                .unwrap_or_default()
                .into_iter()
                .filter_map(CachedToken::into_token)
                .collect(),
            ..Self::from_memory(meta)
        }
    }

    /// The organization's memory, with no tokens.
    fn from_memory(meta: OrgMeta) -> Self {
        Self {
            org_id: meta.org_id,
            route: meta.route,
            transport: meta.transport,
            last_write_transport: meta.last_write_transport,
            max_lifespan_days: meta.max_lifespan_days,
            tokens: Vec::new(),
            refreshed_at: meta.refreshed_at,
            last_attempt: meta.last_attempt,
            last_error: meta.last_error,
        }
    }

    /// Writes the organization's memory and its token cache (one storage write).
    pub async fn save<S: Store>(&self, store: &S, org: &OrgName) -> Result<(), StoreError> {
        store.set(Area::Local, self.records(org, true)?).await
    }

    /// Writes the organization's memory only: the token cache is unchanged.
    pub async fn save_meta<S: Store>(&self, store: &S, org: &OrgName) -> Result<(), StoreError> {
        store.set(Area::Local, self.records(org, false)?).await
    }

    /// The `storage.local` items [`OrgState::save`] writes (`with_tokens`), or
    /// [`OrgState::save_meta`] (not): for a caller that writes several organizations' at once.
    pub fn records(
        &self,
        org: &OrgName,
        with_tokens: bool,
    ) -> Result<Vec<(String, Value)>, StoreError> {
        let mut items = vec![(Self::key(org), record::encode(&self.meta())?)];
        if with_tokens {
            let tokens: Vec<CachedToken> = self.tokens.iter().map(CachedToken::from).collect();
            let cache = TokenCache {
                tokens: serde_json::to_string(&tokens)
                    .map_err(|e| StoreError::Failed(e.to_string()))?,
            };
            items.push((Self::tokens_key(org), record::encode(&cache)?));
        }
        Ok(items)
    }

    fn meta(&self) -> OrgMeta {
        OrgMeta {
            org_id: self.org_id,
            route: self.route,
            transport: self.transport,
            last_write_transport: self.last_write_transport,
            max_lifespan_days: self.max_lifespan_days,
            refreshed_at: self.refreshed_at,
            last_attempt: self.last_attempt,
            last_error: self.last_error.clone(),
        }
    }

    /// The organization's own tokens: those whose `targetAccounts` holds its id, and the global
    /// ones (`targetAccounts: null`, which work in every organization, or did until their
    /// retirement). Nothing while its id is unknown: a token is never shown under an
    /// organization it may not belong to (docs/azure-devops.md §4.2).
    pub fn own_tokens(&self) -> Vec<Token> {
        self.own().cloned().collect()
    }

    /// [`OrgState::own_tokens`], taken out of the state (the watcher's inventory: no clone).
    pub fn into_own(self) -> impl Iterator<Item = Token> {
        let id = self.org_id;
        self.tokens
            .into_iter()
            .filter(move |t| id.is_some_and(|id| belongs_to(t, id)))
    }

    /// [`OrgState::into_own`], and the rest of the whole list beside it (the watcher warns
    /// about those under their own organizations). Everything is the rest while the id is
    /// unknown.
    pub fn into_own_and_rest(self) -> (Vec<Token>, Vec<Token>) {
        let id = self.org_id;
        self.tokens
            .into_iter()
            .partition(|t| id.is_some_and(|id| belongs_to(t, id)))
    }

    /// [`OrgState::own_tokens`], borrowed.
    pub fn own(&self) -> impl Iterator<Item = &Token> {
        let id = self.org_id;
        self.tokens
            .iter()
            .filter(move |t| id.is_some_and(|id| belongs_to(t, id)))
    }

    /// A token of the cache by id, whichever organization it belongs to.
    pub fn token(&self, id: crate::core::token::AuthorizationId) -> Option<&Token> {
        self.tokens.iter().find(|t| t.id == id)
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

/// Whether `token` is one of organization `org_id`'s (or a global one).
pub fn belongs_to(token: &Token, org_id: Uuid) -> bool {
    match &token.target_accounts {
        None => true,
        Some(ids) => ids.contains(&org_id),
    }
}

/// The whole list in groups by organization ([`AuditOrg::of`]: a token's first target
/// account), each organization named by `directory` (the one listed through, `via`, is named
/// even before the directory was written). Revoked tokens are left out. Order: named
/// organizations by name, those known only by id, tokens that name none, global tokens; each
/// group sorted by expiry as the cache is.
pub fn group_by_org(
    tokens: &[Token],
    via: Option<(Uuid, &OrgName)>,
    directory: &OrgDirectory,
) -> Vec<crate::protocol::OrgTokens> {
    use crate::core::audit::AuditOrg;
    let name_of = |id: Uuid| match via {
        Some((own, name)) if own == id => Some(name.clone()),
        _ => directory.name_of(id).map(|named| named.name),
    };
    let mut groups: std::collections::BTreeMap<AuditOrg, Vec<Token>> = Default::default();
    for token in tokens.iter().filter(|t| !t.revoked) {
        groups
            .entry(AuditOrg::of(token, name_of))
            .or_default()
            .push(token.clone());
    }
    let rank = |org: &AuditOrg| match org {
        AuditOrg::Named { .. } => 0,
        AuditOrg::Unnamed { .. } => 1,
        AuditOrg::Unknown {} => 2,
        AuditOrg::All {} => 3,
    };
    let mut out: Vec<_> = groups
        .into_iter()
        .map(|(org, tokens)| crate::protocol::OrgTokens { org, tokens })
        .collect();
    out.sort_by(|a, b| {
        rank(&a.org)
            .cmp(&rank(&b.org))
            .then_with(|| a.org.cmp(&b.org))
    });
    out
}

/// The ids of the organizations the list names that nobody can name yet.
pub fn unnamed_ids(tokens: &[Token], own: Option<Uuid>, directory: &OrgDirectory) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> = tokens
        .iter()
        .filter_map(|t| t.target_accounts.as_deref()?.first().copied())
        .filter(|id| Some(*id) != own && directory.name_of(*id).is_none())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Organization names by id, from the `connectionData` of the organizations visited
/// (`storage.local` `org-ids`): the list names organizations only by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OrgDirectory {
    pub orgs: std::collections::BTreeMap<Uuid, NamedOrg>,
    /// Names from the web UI's organization list (docs/azure-devops.md §12.1), asked through a
    /// known organization: they name only ids no visited organization names (whether the
    /// list's ids are `instanceId`s is unverified).
    pub listed: std::collections::BTreeMap<Uuid, OrgName>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NamedOrg {
    pub name: OrgName,
    #[serde(default)]
    pub host_style: HostStyle,
}

impl Versioned for OrgDirectory {
    const VERSION: u32 = 1;
}

impl OrgDirectory {
    pub async fn load<S: Store>(store: &S, now: OffsetDateTime) -> Result<Self, StoreError> {
        Ok(
            record::load::<Self, S>(store, Area::Local, ORG_IDS_KEY, now)
                .await?
                .value,
        )
    }

    /// Records that `name` has id `id` (an organization renamed keeps its id; a name reused
    /// by another organization loses the old entry), writing only when something changed.
    pub async fn learn<S: Store>(
        store: &S,
        id: Uuid,
        name: &OrgName,
        style: HostStyle,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut directory = Self::load(store, now).await?;
        if !directory.note(id, name, style) {
            return Ok(());
        }
        record::save(store, Area::Local, ORG_IDS_KEY, &directory).await
    }

    /// [`OrgDirectory::learn`] in memory: whether anything changed.
    pub fn note(&mut self, id: Uuid, name: &OrgName, style: HostStyle) -> bool {
        let entry = NamedOrg {
            name: name.clone(),
            host_style: style,
        };
        if self.orgs.get(&id) == Some(&entry) {
            return false;
        }
        self.orgs.retain(|_, known| &known.name != name);
        self.orgs.insert(id, entry);
        true
    }

    /// Adds the organization list's names (writing only when something changed). Names are
    /// added, never dropped: a list asked through another organization may cover another
    /// directory (docs/azure-devops.md §12.1), and an organization keeps its id. A name now
    /// listed under another id loses its old entry (renamed, then the name reused).
    pub async fn learn_listed<S: Store>(
        store: &S,
        listed: &[crate::ado::ListedOrg],
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut directory = Self::load(store, now).await?;
        if !directory.note_listed(listed) {
            return Ok(());
        }
        record::save(store, Area::Local, ORG_IDS_KEY, &directory).await
    }

    /// [`OrgDirectory::learn_listed`] in memory: whether anything changed.
    pub fn note_listed(&mut self, listed: &[crate::ado::ListedOrg]) -> bool {
        let before = self.listed.clone();
        for org in listed {
            self.listed
                .retain(|id, name| *id == org.id || name != &org.name);
            self.listed.insert(org.id, org.name.clone());
        }
        self.listed != before
    }

    /// The organization with this id: as visited (`connectionData`), else as listed (then on
    /// the modern host, where every organization answers).
    pub fn name_of(&self, id: Uuid) -> Option<NamedOrg> {
        self.orgs.get(&id).cloned().or_else(|| {
            self.listed.get(&id).map(|name| NamedOrg {
                name: name.clone(),
                host_style: HostStyle::Modern,
            })
        })
    }
}

/// Created tokens waiting for a popup (`storage.session`, with their secrets; `Debug` hides
/// them). Read-modify-writes of it happen under the life's `pending` lease (see
/// `engine::session`), so two events never lose each other's update.
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
    /// The items not yet expired, and whether an expired one was left out (the record then
    /// needs writing back).
    pub async fn load<S: Store>(
        store: &S,
        now: OffsetDateTime,
    ) -> Result<(Self, bool), StoreError> {
        let mut loaded = record::load::<Self, S>(store, Area::Session, PENDING_KEY, now)
            .await?
            .value;
        let before = loaded.items.len();
        loaded.items.retain(|p| p.expires_at > now);
        let dropped = loaded.items.len() != before;
        Ok((loaded, dropped))
    }

    pub fn holds(&self, id: AuthorizationId) -> bool {
        self.items.iter().any(|p| p.created.token.id == id)
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

/// A create under way (`storage.session`; no secret): what to look for if it is cut off, and
/// whose it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InFlight {
    pub name: String,
    pub scopes: Scopes,
    #[serde(with = "crate::core::rfc3339::serde")]
    pub started: OffsetDateTime,
    pub host_style: crate::core::org::HostStyle,
    /// The worker life running it: a marker of another life belongs to a create that the
    /// browser cut off by stopping the worker.
    pub life: LifeId,
    /// Which create of that life: the marker is cleared only by the create that wrote it.
    pub create: u64,
    /// Every request of the create ends by then (see `engine::create`).
    #[serde(with = "crate::core::rfc3339::serde")]
    pub deadline: OffsetDateTime,
}

impl Versioned for InFlight {
    const VERSION: u32 = 2;

    /// Version 1 had no life: such a marker is no live create's.
    fn migrate(from: u32, mut fields: Map<String, Value>) -> Result<Map<String, Value>, String> {
        if from != 1 {
            return Err(format!("no migration from version {from}"));
        }
        let started = fields
            .get("started")
            .and_then(Value::as_str)
            .and_then(crate::core::rfc3339::parse)
            .ok_or("no start")?;
        let deadline =
            crate::core::rfc3339::format(started + Duration::seconds(45)).ok_or("no deadline")?;
        fields.insert("life".into(), json!(LifeId::none()));
        fields.insert("create".into(), json!(0));
        fields.insert("deadline".into(), json!(deadline));
        Ok(fields)
    }
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

    /// True for the marker of this very create.
    pub fn is(&self, life: LifeId, create: u64) -> bool {
        self.life == life && self.create == create
    }

    /// Removes the organization's marker if it is still this create's (a newer create's marker
    /// is left alone).
    pub async fn clear_own<S: Store>(
        store: &S,
        org: &OrgName,
        life: LifeId,
        create: u64,
    ) -> Result<(), StoreError> {
        match store.get(Area::Session, &Self::key(org)).await? {
            None => Ok(()),
            Some(raw) => {
                let own = record::decode::<Self>(&raw)
                    .map(|d| d.value.is(life, create))
                    // Unreadable: nobody's, and in the way.
                    .unwrap_or(true);
                if own {
                    store.remove(Area::Session, vec![Self::key(org)]).await
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// `bearer:<name>`: the session bearer of an organization (`storage.session` only), for the
/// person it was obtained for and until it expires. It is dropped when the person is signed
/// out, when another person is signed in, and when it expires (see `engine::session`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BearerRecord {
    #[serde(with = "secret::exposed")]
    pub bearer: Secret,
    /// The signed-in user's id (`connectionData`'s `authenticatedUser.id`) when it was obtained.
    pub user: Uuid,
    #[serde(with = "crate::core::rfc3339::serde")]
    pub expires_at: OffsetDateTime,
}

impl Versioned for BearerRecord {
    const VERSION: u32 = 1;
}

impl BearerRecord {
    pub fn key(org: &OrgName) -> String {
        format!("{BEARER_PREFIX}{org}")
    }

    pub fn token(&self) -> Option<Bearer> {
        Bearer::from_stored(self.bearer.expose())
    }

    /// The organization's bearer if it has not expired; an expired or unreadable one is
    /// removed (an unreadable one is not quarantined: a copy would be one more credential).
    pub async fn load<S: Store>(store: &S, org: &OrgName, now: OffsetDateTime) -> Option<Self> {
        let raw = store.get(Area::Session, &Self::key(org)).await.ok()??;
        match record::decode::<Self>(&raw) {
            Ok(decoded) if decoded.value.expires_at > now => Some(decoded.value),
            _ => {
                let _ = Self::remove(store, org).await;
                None
            }
        }
    }

    pub async fn save<S: Store>(&self, store: &S, org: &OrgName) -> Result<(), StoreError> {
        record::save(store, Area::Session, &Self::key(org), self).await
    }

    pub async fn remove<S: Store>(store: &S, org: &OrgName) -> Result<(), StoreError> {
        store.remove(Area::Session, vec![Self::key(org)]).await
    }
}

/// Several organizations' session bearers, in the order of `orgs`, in one storage read (the
/// check reads every organization's at once). As [`BearerRecord::load`]: an expired or
/// unreadable one is removed and read as none.
pub async fn load_bearers<S: Store>(
    store: &S,
    orgs: &[OrgName],
    now: OffsetDateTime,
) -> Vec<Option<BearerRecord>> {
    let keys: Vec<String> = orgs.iter().map(BearerRecord::key).collect();
    let raw = store
        .get_many(Area::Session, &keys)
        .await
        .unwrap_or_default();
    let mut gone = Vec::new();
    let mut bearers: Vec<Option<BearerRecord>> = raw
        .into_iter()
        .zip(&keys)
        .map(|(value, key)| {
            let value = value?;
            match record::decode::<BearerRecord>(&value) {
                Ok(decoded) if decoded.value.expires_at > now => Some(decoded.value),
                _ => {
                    gone.push(key.clone());
                    None
                }
            }
        })
        .collect();
    bearers.resize(orgs.len(), None);
    if !gone.is_empty() {
        let _ = store.remove(Area::Session, gone).await;
    }
    bearers
}

/// The `storage.session` keys whose time is up at `now`: bearers past their expiry (or
/// unreadable), and quarantined copies (`quarantine:<key>:<unix-ms>`, which may hold a secret or
/// a bearer) older than `ttl` (or without a readable time).
pub fn expired_in_session(
    items: &[(String, Value)],
    now: OffsetDateTime,
    ttl: Duration,
) -> Vec<String> {
    items
        .iter()
        .filter(|(key, raw)| {
            if key.starts_with(QUARANTINE_PREFIX) {
                return expired_quarantine(key, now, ttl);
            }
            if key.starts_with(BEARER_PREFIX) {
                return record::decode::<BearerRecord>(raw)
                    .map_or(true, |d| d.value.expires_at <= now);
            }
            false
        })
        .map(|(key, _)| key.clone())
        .collect()
}

/// A quarantined copy made `ttl` or more before `now` (or whose time cannot be read).
pub fn expired_quarantine(key: &str, now: OffsetDateTime, ttl: Duration) -> bool {
    let made = key
        .rsplit(':')
        .next()
        .and_then(|ms| ms.parse::<i128>().ok())
        .and_then(|ms| OffsetDateTime::from_unix_timestamp_nanos(ms * 1_000_000).ok());
    made.is_none_or(|made| made + ttl <= now)
}
