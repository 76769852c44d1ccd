//! The one way the views ask the engine (the service worker) to act.
//!
//! Messages travel through `runtime.sendMessage`, which serializes to JSON: every payload here
//! is JSON-compatible (strings, bools, safe-range numbers, arrays, objects). Validation *is*
//! deserialization: unknown fields and unknown `type`s are refused. Errors travel as data,
//! `{"error": {"kind", "message"}}`, because a thrown `Error` does not survive messaging.

use serde::{Deserialize, Serialize};

use time::OffsetDateTime;

use crate::ado::{AdoErrorKind, Route};
use crate::core::audit::AuditOrg;
use crate::core::org::{HostStyle, OrgName};
use crate::core::preset::PresetId;
use crate::core::secret::{self, Secret};
use crate::core::tagged::internally_tagged;
use crate::core::token::{AuthorizationId, Token};

/// An organization as the views know it: its name, and whether it was opened on the legacy
/// `{org}.visualstudio.com` host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrgRef {
    pub name: OrgName,
    #[serde(default)]
    pub style: HostStyle,
}

/// What a view asks. Tagged by `type`. Every variant is a struct variant: serde ignores extra
/// fields on unit variants of a tagged enum, and unknown fields must be refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Request {
    /// Is the engine there, and which version is it?
    Ping {},
    /// The popup opened on an organization: remember it (the watcher checks the organizations
    /// the person used) and say who is signed in.
    Hello {
        org: OrgRef,
    },
    /// The oldest token created while no popup showed it, if any (at most 10 minutes old), and
    /// what a create cut off by a stopped worker came to. The secret stays in `storage.session`
    /// until the popup that painted it sends `ForgetPending` (a popup closed before painting
    /// loses nothing).
    TakePendingSecret {},
    /// Create a token from a preset; `lifetime_days` overrides the preset's (a retry after a
    /// lifespan policy refusal). The engine keeps a copy of the result in `storage.session`
    /// (the popup may close before the answer arrives) until the popup that showed it sends
    /// `ForgetPending`, or 10 minutes pass.
    CreateFromPreset {
        org: OrgRef,
        preset_id: PresetId,
        lifetime_days: Option<u32>,
    },
    /// The popup painted this created token: drop the engine's copy of its secret (the one way
    /// a secret leaves `storage.session` before its 10 minutes are up).
    ForgetPending {
        id: AuthorizationId,
    },
    /// The organization's tokens, sorted by expiry, refreshed from Azure DevOps (the cache
    /// when it cannot be reached).
    ListTokens {
        org: OrgRef,
    },
    /// Every organization's tokens, listed through `org` (one list holds them all,
    /// docs/azure-devops.md §4.2), grouped by organization and named as far as PAT Pilot can
    /// (the organizations visited; the web UI's organization list, §12.1).
    ListAllTokens {
        org: OrgRef,
    },
    /// New expiry = now + `days`; the secret stays the same.
    Extend {
        org: OrgRef,
        id: AuthorizationId,
        days: u32,
    },
    /// Create a token with the same scopes and name pattern (for an expired token, "Create a
    /// replacement"). The old token is left alone: the view offers to revoke it.
    Rotate {
        org: OrgRef,
        id: AuthorizationId,
    },
    Revoke {
        org: OrgRef,
        id: AuthorizationId,
    },
    /// Run the expiry check now; answers after the notifications and the badge are set.
    CheckNow {},
    /// Read-only diagnostics of every route for the organization (never creates a token).
    Diagnose {
        org: OrgRef,
    },
}
internally_tagged!(Request, "type");

/// Who is signed in to an organization, as far as the engine could tell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum SessionState {
    SignedIn {
        user: Option<String>,
    },
    /// Not signed in: the view offers to open the organization's page.
    SignedOut {},
    /// The person withdrew the extension's site access: the view offers `permissions.request`.
    NoHostAccess {},
    /// Azure DevOps could not be asked (network, server); the view still works from storage.
    Unknown {
        error: ErrorData,
    },
}
internally_tagged!(SessionState, "state");

/// A token just created: the only message that carries a secret, to the popup that shows it.
/// (`Debug` hides the secret.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Created {
    pub org: OrgName,
    pub token: Token,
    /// The secret, shown once: the one message field that writes a secret out.
    #[serde(with = "secret::exposed")]
    pub secret: Secret,
    /// The expiry that was asked for (RFC 3339); `token.valid_to` is what the server set.
    #[serde(with = "crate::core::rfc3339::serde")]
    pub requested_valid_to: OffsetDateTime,
    /// The server set an earlier expiry than asked: a lifespan policy shortened it.
    pub policy_limited: bool,
    /// For a rotation: the token this one replaces (the view offers to revoke it).
    pub replaces: Option<AuthorizationId>,
    /// The preset it was made from (for a rotation: the preset the old token was told to come
    /// from), if any: the popup's "Copy as…" starts on that preset's format. Absent in
    /// records written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<crate::core::preset::PresetId>,
}

/// The result of the expiry check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckSummary {
    /// Notifications shown by this check.
    pub notified: u32,
    /// The badge count after it.
    pub due: u32,
    /// Organizations refreshed from Azure DevOps, and those warned about from the cache.
    pub refreshed: Vec<OrgName>,
    pub stale: Vec<OrgName>,
}

/// What the engine answers on success. Tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Response {
    Pong {
        version: String,
    },
    Session {
        org: OrgName,
        session: SessionState,
        route: Option<Route>,
    },
    Pending {
        created: Option<Created>,
        /// A create that was cut off (the worker stopped mid-way) and was settled by listing
        /// the tokens: what the list showed.
        #[serde(default)]
        interrupted: Option<CreateOutcome>,
    },
    /// `ForgetPending` done (also when there was nothing to forget).
    Forgotten {},
    Created {
        created: Created,
        /// The copy for a later popup could not be kept (storage failed): this answer is the
        /// only place the secret shows. Says why, never the secret.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        not_kept: Option<ErrorData>,
    },
    Tokens {
        org: OrgName,
        tokens: Vec<Token>,
        /// When the list was last fetched from Azure DevOps (RFC 3339), if ever.
        refreshed_at: Option<String>,
        /// True when Azure DevOps could not be reached and this is the cached list.
        stale: bool,
        /// Why it is stale.
        error: Option<ErrorData>,
        /// The route that answered; `Web` means Extend is unavailable (no known update route).
        route: Option<Route>,
    },
    /// Every organization's tokens (`ListAllTokens`), in groups.
    AllTokens {
        /// The organization listed through.
        via: OrgName,
        groups: Vec<OrgTokens>,
        refreshed_at: Option<String>,
        stale: bool,
        error: Option<ErrorData>,
        route: Option<Route>,
    },
    Extended {
        token: Token,
        /// The expiry that was asked for; `token.valid_to` is what the server set.
        #[serde(with = "crate::core::rfc3339::serde")]
        requested_valid_to: OffsetDateTime,
        /// The server's expiry is not later than asked by more than rounding: a policy capped it.
        policy_limited: bool,
    },
    Revoked {
        id: AuthorizationId,
    },
    Checked {
        summary: CheckSummary,
    },
    /// The diagnostics report (secret-free), as JSON for the options page to show and copy.
    Diagnosis {
        report: serde_json::Value,
    },
}
internally_tagged!(Response, "type");

/// One organization's tokens in the all-organizations list: named ones by name, then those
/// known only by id, then tokens that name none, then the global ones; each sorted by expiry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrgTokens {
    pub org: AuditOrg,
    pub tokens: Vec<Token>,
}

impl OrgTokens {
    /// Whether Extend, Rotate and Revoke can reach this group's organization: not when nobody
    /// can name it (its name is part of every URL).
    pub fn can_act(&self) -> bool {
        matches!(self.org, AuditOrg::Named { .. } | AuditOrg::All {})
    }
}

/// The engine's own failures (Azure DevOps' are [`AdoErrorKind`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EngineErrorKind {
    /// The message could not be read (unknown type, missing or unknown field, wrong sender).
    BadRequest,
    /// Storage failed (quota, sync disabled).
    Storage,
    /// No preset with that id (deleted in another window?).
    UnknownPreset,
    /// The preset does not pass validation (edited on another browser?).
    InvalidPreset,
    /// A create for this organization is already running: a second click does nothing.
    Busy,
    /// A create ended without a clear answer; `outcome` says what the token list showed.
    CreateUncertain,
    /// The token belongs to an organization whose name is not known here (never visited):
    /// it is not changed through another organization.
    OtherOrganization,
    /// Something the engine did not expect; the message says what.
    Internal,
}

/// What kind of failure, for the view to word and to choose the next step: one flat string in
/// JSON (`"signedOut"`, `"policyLifespan"`, `"busy"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ErrorKind {
    Engine(EngineErrorKind),
    Ado(AdoErrorKind),
}

/// Read as the string it is (serde's `untagged` would buffer it and try each enum in turn).
impl<'de> Deserialize<'de> for ErrorKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, IntoDeserializer};
        let name = String::deserialize(deserializer)?;
        let read = || -> serde::de::value::StrDeserializer<'_, serde::de::value::Error> {
            name.as_str().into_deserializer()
        };
        EngineErrorKind::deserialize(read())
            .map(ErrorKind::Engine)
            .or_else(|_| AdoErrorKind::deserialize(read()).map(ErrorKind::Ado))
            .map_err(|_| D::Error::custom(format_args!("unknown error kind `{name}`")))
    }
}

impl From<EngineErrorKind> for ErrorKind {
    fn from(kind: EngineErrorKind) -> Self {
        ErrorKind::Engine(kind)
    }
}

impl From<AdoErrorKind> for ErrorKind {
    fn from(kind: AdoErrorKind) -> Self {
        ErrorKind::Ado(kind)
    }
}

/// After a create that got no clear answer, what the token list showed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum CreateOutcome {
    /// The token exists, but its secret was lost with the answer: offer to revoke it.
    Created { token: Token },
    /// No such token, after a second look (see `engine::create`): offer to try again. `name`
    /// is the token's that was asked for.
    NotCreated {
        #[serde(default)]
        name: String,
    },
    /// More than one token could be it: send the person to the token list.
    Several {
        count: u32,
        #[serde(default)]
        name: String,
    },
    /// The list could not be read either, or the create may still land: "a token may have been
    /// created — check Tokens", naming the candidate.
    Unknown {
        #[serde(default)]
        name: String,
    },
}
internally_tagged!(CreateOutcome, "result");

/// A failure as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ErrorData {
    pub kind: ErrorKind,
    /// A developer-facing sentence (English, secret-free); views word `kind` through `_locales`.
    pub message: String,
    /// Rate limited: seconds to wait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u32>,
    /// Policy: the server's own words (masked), shown as they are, never parsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Box<CreateOutcome>>,
}

impl ErrorData {
    pub fn new(kind: impl Into<ErrorKind>, message: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            message: message.into(),
            retry_after_secs: None,
            server_message: None,
            outcome: None,
        }
    }
}

/// The envelope of every answer: `{"ok": Response}` or `{"error": ErrorData}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
// One `Reply` is built per message and serialized at once: boxing would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Reply {
    Ok(Response),
    Error(ErrorData),
}

impl Reply {
    pub fn error(kind: impl Into<ErrorKind>, message: impl Into<String>) -> Self {
        Reply::Error(ErrorData::new(kind, message))
    }
}

/// One example of every request and response, for the round-trip tests (host and wasm).
/// `request_name`/`response_name` match exhaustively, so a new variant without an example fails
/// the build or the coverage test.
pub mod samples {
    use super::*;
    use crate::core::token::Scopes;
    use time::macros::datetime;

    fn org() -> OrgRef {
        OrgRef {
            name: OrgName::parse("contoso").unwrap_or_else(|| unreachable!()),
            style: HostStyle::Modern,
        }
    }

    fn id() -> AuthorizationId {
        AuthorizationId::parse("3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00")
            .unwrap_or_else(|| unreachable!())
    }

    pub fn token() -> Token {
        Token {
            id: id(),
            name: "Git · 2026-11-28".into(),
            scopes: Scopes::parse("vso.code_write"),
            valid_from: datetime!(2026-11-28 10:00 UTC),
            valid_to: datetime!(2026-12-28 10:00 UTC),
            target_accounts: Some(vec![uuid::Uuid::from_u128(0x1234)]),
            revoked: false,
        }
    }

    fn created() -> Created {
        Created {
            org: org().name,
            token: token(),
            secret: Secret::new("s".repeat(84)),
            requested_valid_to: datetime!(2026-12-28 10:00 UTC),
            policy_limited: false,
            replaces: Some(id()),
            preset: crate::core::preset::PresetId::parse("git").ok(),
        }
    }

    pub fn requests() -> Vec<Request> {
        vec![
            Request::Ping {},
            Request::Hello { org: org() },
            Request::TakePendingSecret {},
            Request::ForgetPending { id: id() },
            Request::CreateFromPreset {
                org: org(),
                preset_id: PresetId::parse("git").unwrap_or_else(|_| unreachable!()),
                lifetime_days: Some(7),
            },
            Request::ListTokens {
                org: OrgRef {
                    style: HostStyle::Legacy,
                    ..org()
                },
            },
            Request::ListAllTokens { org: org() },
            Request::Extend {
                org: org(),
                id: id(),
                days: 30,
            },
            Request::Rotate {
                org: org(),
                id: id(),
            },
            Request::Revoke {
                org: org(),
                id: id(),
            },
            Request::CheckNow {},
            Request::Diagnose { org: org() },
        ]
    }

    pub fn responses() -> Vec<Response> {
        let stale = ErrorData {
            retry_after_secs: Some(30),
            server_message: Some("limit".into()),
            outcome: Some(Box::new(CreateOutcome::Several {
                count: 2,
                name: "Git · 2026-11-28".into(),
            })),
            ..ErrorData::new(AdoErrorKind::Network, "offline")
        };
        vec![
            Response::Pong {
                version: "1.2.3".into(),
            },
            Response::Session {
                org: org().name,
                session: SessionState::SignedIn {
                    user: Some("Ada".into()),
                },
                route: Some(Route::Web),
            },
            Response::Session {
                org: org().name,
                session: SessionState::SignedOut {},
                route: None,
            },
            Response::Session {
                org: org().name,
                session: SessionState::NoHostAccess {},
                route: None,
            },
            Response::Session {
                org: org().name,
                session: SessionState::Unknown {
                    error: stale.clone(),
                },
                route: None,
            },
            Response::Pending {
                created: Some(created()),
                interrupted: Some(CreateOutcome::Created { token: token() }),
            },
            Response::Pending {
                created: None,
                interrupted: None,
            },
            Response::Forgotten {},
            Response::Created {
                created: created(),
                not_kept: None,
            },
            Response::Created {
                created: created(),
                not_kept: Some(ErrorData::new(EngineErrorKind::Storage, "quota")),
            },
            Response::Pending {
                created: None,
                interrupted: Some(CreateOutcome::Unknown {
                    name: "Git · 2026-11-28".into(),
                }),
            },
            Response::Pending {
                created: None,
                interrupted: Some(CreateOutcome::NotCreated {
                    name: "Git · 2026-11-28".into(),
                }),
            },
            Response::Tokens {
                org: org().name,
                tokens: vec![token()],
                refreshed_at: Some("2026-11-28T10:00:00Z".into()),
                stale: true,
                error: Some(stale),
                route: Some(Route::Lifecycle),
            },
            Response::AllTokens {
                via: org().name,
                groups: vec![
                    OrgTokens {
                        org: AuditOrg::Named {
                            name: org().name,
                            id: Some(uuid::Uuid::from_u128(0x1234)),
                        },
                        tokens: vec![token()],
                    },
                    OrgTokens {
                        org: AuditOrg::Unnamed {
                            id: uuid::Uuid::from_u128(0x5678),
                        },
                        tokens: vec![],
                    },
                    OrgTokens {
                        org: AuditOrg::All {},
                        tokens: vec![],
                    },
                    OrgTokens {
                        org: AuditOrg::Unknown {},
                        tokens: vec![],
                    },
                ],
                refreshed_at: None,
                stale: false,
                error: None,
                route: Some(Route::Web),
            },
            Response::Extended {
                token: token(),
                requested_valid_to: datetime!(2026-12-28 10:00 UTC),
                policy_limited: true,
            },
            Response::Revoked { id: id() },
            Response::Checked {
                summary: CheckSummary {
                    notified: 2,
                    due: 3,
                    refreshed: vec![org().name],
                    stale: vec![],
                },
            },
            Response::Diagnosis {
                report: serde_json::json!({"routes": []}),
            },
        ]
    }

    pub fn request_name(r: &Request) -> &'static str {
        match r {
            Request::Ping {} => "ping",
            Request::Hello { .. } => "hello",
            Request::TakePendingSecret {} => "takePendingSecret",
            Request::ForgetPending { .. } => "forgetPending",
            Request::CreateFromPreset { .. } => "createFromPreset",
            Request::ListTokens { .. } => "listTokens",
            Request::ListAllTokens { .. } => "listAllTokens",
            Request::Extend { .. } => "extend",
            Request::Rotate { .. } => "rotate",
            Request::Revoke { .. } => "revoke",
            Request::CheckNow {} => "checkNow",
            Request::Diagnose { .. } => "diagnose",
        }
    }

    pub fn response_name(r: &Response) -> &'static str {
        match r {
            Response::Pong { .. } => "pong",
            Response::Session { .. } => "session",
            Response::Pending { .. } => "pending",
            Response::Forgotten {} => "forgotten",
            Response::Created { .. } => "created",
            Response::Tokens { .. } => "tokens",
            Response::AllTokens { .. } => "allTokens",
            Response::Extended { .. } => "extended",
            Response::Revoked { .. } => "revoked",
            Response::Checked { .. } => "checked",
            Response::Diagnosis { .. } => "diagnosis",
        }
    }

    /// Every variant name, listed by hand: the test checks the samples cover them.
    pub const REQUEST_NAMES: &[&str] = &[
        "ping",
        "hello",
        "takePendingSecret",
        "forgetPending",
        "createFromPreset",
        "listTokens",
        "listAllTokens",
        "extend",
        "rotate",
        "revoke",
        "checkNow",
        "diagnose",
    ];
    pub const RESPONSE_NAMES: &[&str] = &[
        "pong",
        "session",
        "pending",
        "forgotten",
        "created",
        "tokens",
        "allTokens",
        "extended",
        "revoked",
        "checked",
        "diagnosis",
    ];
}

/// Reads a request from its JSON form; a refusal is a `BadRequest` error to answer with.
pub fn parse_request(value: serde_json::Value) -> Result<Request, ErrorData> {
    serde_json::from_value(value)
        .map_err(|e| ErrorData::new(EngineErrorKind::BadRequest, e.to_string()))
}

/// Who sent a message, as the browser reports it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Sender {
    pub id: String,
    pub url: String,
}

/// The extension itself: its id and the base URL of its pages (`chrome-extension://<id>/`,
/// or `moz-extension://<uuid>/` in Firefox, where the base differs from the id).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Me {
    pub id: String,
    pub base: String,
}

/// Only the extension's own pages may ask the engine to act. `runtime.onMessage` already
/// excludes web pages (there is no `externally_connectable`), and there are no content
/// scripts; this check keeps it so if either ever changes.
pub fn sender_is_self(sender: &Sender, me: &Me) -> bool {
    !me.id.is_empty()
        && sender.id == me.id
        && !me.base.is_empty()
        && sender.url.starts_with(&me.base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ping_round_trips_as_a_tagged_object() {
        let request = parse_request(json!({"type": "ping"}));
        assert_eq!(request, Ok(Request::Ping {}));
        assert_eq!(
            serde_json::to_value(Request::Ping {}).ok(),
            Some(json!({"type": "ping"}))
        );
    }

    #[test]
    fn unknown_types_and_fields_are_refused() {
        for bad in [
            json!({"type": "launchMissiles"}),
            json!({"type": "ping", "extra": 1}),
            json!({}),
            json!("ping"),
        ] {
            match parse_request(bad.clone()) {
                Err(e) => {
                    assert_eq!(
                        e.kind,
                        ErrorKind::Engine(EngineErrorKind::BadRequest),
                        "{bad}"
                    )
                }
                other => panic!("{bad} was accepted: {other:?}"),
            }
        }
    }

    #[test]
    fn samples_cover_every_variant_and_round_trip_through_json() {
        let names: Vec<_> = samples::requests()
            .iter()
            .map(samples::request_name)
            .collect();
        for name in samples::REQUEST_NAMES {
            assert!(names.contains(name), "no sample request for {name}");
        }
        let names: Vec<_> = samples::responses()
            .iter()
            .map(samples::response_name)
            .collect();
        for name in samples::RESPONSE_NAMES {
            assert!(names.contains(name), "no sample response for {name}");
        }
        for request in samples::requests() {
            let json = serde_json::to_value(&request).unwrap_or_default();
            assert_eq!(parse_request(json).ok(), Some(request));
        }
        for response in samples::responses() {
            let reply = Reply::Ok(response);
            let json = serde_json::to_value(&reply).unwrap_or_default();
            assert_eq!(serde_json::from_value::<Reply>(json).ok(), Some(reply));
        }
    }

    #[test]
    fn only_the_extensions_own_pages_are_heard() {
        let me = Me {
            id: "abc".into(),
            base: "chrome-extension://abc/".into(),
        };
        let own = Sender {
            id: "abc".into(),
            url: "chrome-extension://abc/options.html".into(),
        };
        assert!(sender_is_self(&own, &me));
        let page = Sender {
            id: "abc".into(),
            url: "https://dev.azure.com/evil-org/".into(),
        };
        assert!(
            !sender_is_self(&page, &me),
            "a content-script-like sender on a web page"
        );
        let other = Sender {
            id: "xyz".into(),
            url: "chrome-extension://xyz/popup.html".into(),
        };
        assert!(!sender_is_self(&other, &me));
        let lookalike = Sender {
            id: "abc".into(),
            url: "chrome-extension://abcd/popup.html".into(),
        };
        assert!(!sender_is_self(&lookalike, &me));
        assert!(!sender_is_self(&Sender::default(), &Me::default()));
    }

    #[test]
    fn replies_are_ok_or_error_envelopes() {
        let ok = Reply::Ok(Response::Pong {
            version: "1.0.0".into(),
        });
        assert_eq!(
            serde_json::to_value(&ok).ok(),
            Some(json!({"ok": {"type": "pong", "version": "1.0.0"}}))
        );
        let err = Reply::error(EngineErrorKind::Internal, "boom");
        assert_eq!(
            serde_json::to_value(&err).ok(),
            Some(json!({"error": {"kind": "internal", "message": "boom"}}))
        );
    }
}
