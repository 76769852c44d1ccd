//! What can go wrong when talking to Azure DevOps, as typed problems.
//!
//! Every variant says what happened and what the person can do; [`AdoError::kind`] is the
//! stable, machine-readable name the views word through `_locales`, and `Display` is the
//! developer-facing fallback sentence. No variant ever holds a secret or a bearer: excerpts of
//! server text go through [`super::mask::excerpt`].
//!
//! Two questions matter for route fallback (see [`super::routes`]):
//! - [`AdoError::proves_nothing_written`]: did the answer prove the server changed nothing?
//!   Only then may a write move on to another route; otherwise it must be reconciled.
//! - [`AdoError::is_route_refusal`]: was this route (rather than the request) refused, so that
//!   another route may succeed?

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Which way of talking to Azure DevOps (see [`super::routes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Route {
    /// The routes of Azure DevOps' own token page (observed, undocumented).
    Web,
    /// The public PAT Lifecycle API (documented).
    Lifecycle,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::Web => "web",
            Route::Lifecycle => "lifecycle",
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the client was doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Operation {
    Connection,
    List,
    Get,
    Create,
    Update,
    Revoke,
}

impl Operation {
    /// Writes change the server: they are never retried on another route unless the first
    /// answer proved nothing was written.
    pub fn is_write(self) -> bool {
        matches!(
            self,
            Operation::Create | Operation::Update | Operation::Revoke
        )
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Connection => "connection",
            Operation::List => "list",
            Operation::Get => "get",
            Operation::Create => "create",
            Operation::Update => "update",
            Operation::Revoke => "revoke",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a lapsed session showed itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SignInHint {
    /// `401`.
    Unauthorized,
    /// A redirect (`3xx`, or fetch's opaque redirect) where an answer was expected.
    Redirect,
    /// `203 Non-Authoritative Information`: Azure DevOps' sign-in page.
    NonAuthoritative,
    /// An HTML page where JSON was expected.
    SignInPage,
    /// The answer came from a `_signin` URL after redirects.
    SignInUrl,
}

/// An organization or tenant policy that refused the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PolicyKind {
    /// "Enforce maximum personal access token lifespan" (`patLifespanPolicyViolation`). The
    /// maximum is not in any documented field; the server's own message, if any, is kept.
    Lifespan,
    /// "Restrict creation of full-scoped PATs" (`fullScopePatPolicyViolation`).
    FullScope,
    /// "Restrict creation of global PATs" (`globalPatPolicyViolation`).
    Global,
    /// Azure DevOps no longer creates global PATs (`globalPATCreationBlocked`, 7.2).
    GlobalCreationBlocked,
    /// "Restrict personal access token creation" (`disablePatCreationPolicyViolation`, 7.2);
    /// its sub-option "packaging scopes only" has no error value of its own in the spec.
    CreationRestricted,
    /// The service could not read the policy (`failedToReadTenantPolicy`,
    /// `failedToReadOrgPolicy`).
    Unreadable,
}

/// How long Azure DevOps asks to wait (`Retry-After`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryAfter {
    Seconds(u32),
    /// An HTTP date with no `Date` header to measure it against: the engine compares it with
    /// its clock.
    At(OffsetDateTime),
}

impl RetryAfter {
    /// Seconds to wait from `now` (0 if already past).
    pub fn seconds_from(self, now: OffsetDateTime) -> u32 {
        match self {
            RetryAfter::Seconds(s) => s,
            RetryAfter::At(at) => {
                u32::try_from((at - now).whole_seconds().max(0)).unwrap_or(u32::MAX)
            }
        }
    }
}

/// Why a dialect cannot do an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum UnsupportedReason {
    /// The web dialect has no known route to change a token; only the public API can.
    NoWebUpdate,
}

/// One route's failure, kept when every route failed.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteFailure {
    pub route: Route,
    pub error: AdoError,
}

/// Everything that can go wrong talking to Azure DevOps.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AdoError {
    #[error("you are signed out of Azure DevOps ({hint:?}): sign in to Azure DevOps in this browser, then try again")]
    SignedOut { hint: SignInHint },

    #[error("Azure DevOps refused this session access to tokens in this organization: check that you are a member of it")]
    Forbidden,

    #[error("{}", policy_message(*.policy, .server_message.as_deref()))]
    Policy {
        policy: PolicyKind,
        /// The server's own words (masked, short), when it gave any.
        server_message: Option<String>,
    },

    #[error(
        "Azure DevOps refused the token's name: use a shorter name without unusual characters"
    )]
    InvalidName,

    #[error("Azure DevOps refused the expiry date: choose a date in the future, within a year")]
    InvalidExpiry,

    #[error("Azure DevOps refused the token's scopes: check the preset's scopes")]
    InvalidScope,

    #[error("the token was not found (it may have been revoked elsewhere): refresh the list")]
    NotFound,

    #[error("an expired token cannot be extended: use Rotate to create a replacement")]
    ExpiredCannotExtend,

    #[error("{}", rate_message(*.retry_after))]
    RateLimited { retry_after: Option<RetryAfter> },

    #[error("Azure DevOps had a server error (status {status}): try again in a moment")]
    Server { status: u16 },

    #[error("Azure DevOps could not be reached: check the network connection")]
    Network,

    #[error("Azure DevOps did not answer in time: try again")]
    Timeout,

    #[error("PAT Pilot has no access to Azure DevOps in this browser: allow its site access")]
    NoHostAccess,

    /// The answer was larger than any Azure DevOps sends for this call
    /// ([`crate::ports::MAX_BODY_BYTES`]); it was not read further, and nothing was kept.
    #[error("Azure DevOps sent an answer too large to read (over {limit} bytes): try again later")]
    TooLarge { limit: usize },

    #[error("{}", unsupported_message(*.operation, *.reason))]
    Unsupported {
        operation: Operation,
        reason: UnsupportedReason,
    },

    /// The token page's create provider refused this request with a reason
    /// (`dataProviderExceptions`): a policy, most likely. It is the service's answer, not a
    /// broken route: final, and no other route is tried (docs/azure-devops.md §5.2).
    #[error("Azure DevOps refused to create the token{}", message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Declined {
        /// The server's message, masked and short (its wording is not documented).
        message: Option<String>,
    },

    /// Azure DevOps said no, with a reason this client does not classify further (an error
    /// code of the public API).
    #[error("Azure DevOps refused the request{}{}", code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default(), message.as_deref().map(|m| format!(": {m}")).unwrap_or_default())]
    Refused {
        /// The public API's `SessionTokenError` value, verbatim.
        code: Option<String>,
        /// The server's message, masked and short.
        message: Option<String>,
    },

    #[error("Azure DevOps gave an unexpected answer{}: {excerpt}", status.map(|s| format!(" (status {s})")).unwrap_or_default())]
    Unexpected {
        status: Option<u16>,
        /// What was wrong, or a masked excerpt of the answer.
        excerpt: String,
    },

    /// A write got no conclusive answer: it may or may not have happened. The engine checks
    /// the token list (see [`super::reconcile`]) before offering to try again.
    #[error("the {operation} may or may not have happened ({cause}): PAT Pilot checks the token list before trying again")]
    Uncertain {
        operation: Operation,
        cause: Box<AdoError>,
    },

    /// Every route failed, and not all for the same reason.
    #[error("no way of reaching your tokens worked: {}", describe_failures(.failures))]
    NoRoute { failures: Vec<RouteFailure> },
}

/// The stable name of an [`AdoError`], for the protocol and the views' messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AdoErrorKind {
    SignedOut,
    Forbidden,
    PolicyLifespan,
    PolicyFullScope,
    PolicyGlobal,
    PolicyGlobalCreationBlocked,
    PolicyCreationRestricted,
    PolicyUnreadable,
    InvalidName,
    InvalidExpiry,
    InvalidScope,
    NotFound,
    ExpiredCannotExtend,
    RateLimited,
    Server,
    Network,
    Timeout,
    NoHostAccess,
    TooLarge,
    Unsupported,
    Declined,
    Refused,
    Unexpected,
    Uncertain,
    NoRoute,
}

impl AdoError {
    pub fn kind(&self) -> AdoErrorKind {
        use AdoErrorKind as K;
        match self {
            AdoError::SignedOut { .. } => K::SignedOut,
            AdoError::Forbidden => K::Forbidden,
            AdoError::Policy { policy, .. } => match policy {
                PolicyKind::Lifespan => K::PolicyLifespan,
                PolicyKind::FullScope => K::PolicyFullScope,
                PolicyKind::Global => K::PolicyGlobal,
                PolicyKind::GlobalCreationBlocked => K::PolicyGlobalCreationBlocked,
                PolicyKind::CreationRestricted => K::PolicyCreationRestricted,
                PolicyKind::Unreadable => K::PolicyUnreadable,
            },
            AdoError::InvalidName => K::InvalidName,
            AdoError::InvalidExpiry => K::InvalidExpiry,
            AdoError::InvalidScope => K::InvalidScope,
            AdoError::NotFound => K::NotFound,
            AdoError::ExpiredCannotExtend => K::ExpiredCannotExtend,
            AdoError::RateLimited { .. } => K::RateLimited,
            AdoError::Server { .. } => K::Server,
            AdoError::Network => K::Network,
            AdoError::Timeout => K::Timeout,
            AdoError::NoHostAccess => K::NoHostAccess,
            AdoError::TooLarge { .. } => K::TooLarge,
            AdoError::Unsupported { .. } => K::Unsupported,
            AdoError::Declined { .. } => K::Declined,
            AdoError::Refused { .. } => K::Refused,
            AdoError::Unexpected { .. } => K::Unexpected,
            AdoError::Uncertain { .. } => K::Uncertain,
            AdoError::NoRoute { .. } => K::NoRoute,
        }
    }

    /// True when the answer proves the server wrote nothing: a write may then be sent again
    /// (on another route) without risking a second token. False after a timeout, a dropped
    /// connection, a 5xx, an answer too large to read, or a success-status answer that could
    /// not be read.
    pub fn proves_nothing_written(&self) -> bool {
        match self {
            AdoError::Timeout
            | AdoError::Network
            | AdoError::Server { .. }
            | AdoError::TooLarge { .. } => false,
            AdoError::Uncertain { .. } => false,
            // A 4xx is a refusal before any change; a 2xx (or no status) we could not read
            // may have done its work.
            AdoError::Unexpected { status, .. } => status.is_some_and(|s| (400..500).contains(&s)),
            AdoError::NoRoute { failures } => {
                failures.iter().all(|f| f.error.proves_nothing_written())
            }
            _ => true,
        }
    }

    /// True when this route, not the request, was refused: another route may succeed.
    /// (DESIGN.md: 400, 401, 403, 404, 415 or a sign-in page.)
    pub fn is_route_refusal(&self) -> bool {
        match self {
            AdoError::SignedOut { .. }
            | AdoError::Forbidden
            | AdoError::NotFound
            | AdoError::NoHostAccess
            | AdoError::Unsupported { .. }
            | AdoError::Refused { .. } => true,
            AdoError::Unexpected { status, .. } => matches!(status, Some(400 | 415)),
            _ => false,
        }
    }

    /// True for an answer about the request itself (a policy, an invalid field, slow down):
    /// another route would answer the same, so none is tried.
    pub fn is_definitive(&self) -> bool {
        matches!(
            self,
            AdoError::Policy { .. }
                | AdoError::Declined { .. }
                | AdoError::InvalidName
                | AdoError::InvalidExpiry
                | AdoError::InvalidScope
                | AdoError::ExpiredCannotExtend
                | AdoError::RateLimited { .. }
        )
    }

    /// True when the route itself stopped working for this session (so a remembered route
    /// should be forgotten), as opposed to this one operation or item being unavailable.
    pub fn is_route_broken(&self) -> bool {
        self.is_route_refusal()
            && !matches!(self, AdoError::NotFound | AdoError::Unsupported { .. })
    }

    pub(crate) fn unexpected(status: Option<u16>, excerpt: impl Into<String>) -> Self {
        AdoError::Unexpected {
            status,
            excerpt: excerpt.into(),
        }
    }
}

fn policy_message(policy: PolicyKind, server: Option<&str>) -> String {
    let base = match policy {
        PolicyKind::Lifespan => {
            "your organization limits how long tokens may last: choose a shorter lifetime"
        }
        PolicyKind::FullScope => {
            "your organization does not allow full-access tokens: choose specific scopes"
        }
        PolicyKind::Global => {
            "your organization does not allow tokens for all organizations: create one for this organization"
        }
        PolicyKind::GlobalCreationBlocked => {
            "Azure DevOps no longer creates tokens for all organizations: create one for this organization"
        }
        PolicyKind::CreationRestricted => {
            "your organization restricts who may create tokens (it may allow packaging scopes only): ask an administrator"
        }
        PolicyKind::Unreadable => {
            "Azure DevOps could not read your organization's token policy: try again later"
        }
    };
    match server {
        Some(message) => format!("{base} (Azure DevOps said: {message})"),
        None => base.to_owned(),
    }
}

fn rate_message(retry_after: Option<RetryAfter>) -> String {
    match retry_after {
        Some(RetryAfter::Seconds(s)) => {
            format!("Azure DevOps asks PAT Pilot to slow down: try again in {s} seconds")
        }
        _ => "Azure DevOps asks PAT Pilot to slow down: try again in a few minutes".to_owned(),
    }
}

fn unsupported_message(operation: Operation, reason: UnsupportedReason) -> String {
    match (operation, reason) {
        (Operation::Update, UnsupportedReason::NoWebUpdate) => {
            "Extend needs Azure DevOps' public token API, which refused this session; use Rotate"
                .to_owned()
        }
        (op, UnsupportedReason::NoWebUpdate) => {
            format!("the {op} is not available through Azure DevOps' web routes")
        }
    }
}

fn describe_failures(failures: &[RouteFailure]) -> String {
    failures
        .iter()
        .map(|f| format!("{} answered: {}", f.route, f.error))
        .collect::<Vec<_>>()
        .join("; ")
}
