//! What the watcher shows, as data: notifications and the toolbar badge. The engine decides
//! them (`crate::engine::watch`); the browser adapter words them through `_locales` and `Intl`,
//! so nothing here is English. Never a secret: token names, organizations and dates only.

use time::OffsetDateTime;

use crate::core::org::{OrgLabel, OrgName};
use crate::core::relative::RelativeTime;

/// A notification to show (or to replace: the browser keeps one per id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// Says what the notification is about (see `crate::engine::watch::NoteId`): the click
    /// handler may run in a worker restarted since, with nothing but this id to go on.
    pub id: String,
    pub content: NotificationContent,
}

/// What a notification says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotificationContent {
    /// A token crossed a warning threshold: "expires in 3 days (Tue, Dec 1)".
    Warning {
        /// The token's own organization (by name, or unnamed with its id).
        org: OrgLabel,
        token_name: String,
        expires_at: OffsetDateTime,
        /// From the check's instant to `expires_at`, rounded to the nearest unit.
        remaining: RelativeTime,
        freshness: Freshness,
    },
    /// Global tokens that stop working on the retirement date, in one notification.
    GlobalSummary {
        /// Whose token page the notification opens.
        org: OrgName,
        /// Name and organization of each token, soonest first.
        tokens: Vec<(String, OrgName)>,
        retires_at: OffsetDateTime,
        remaining: RelativeTime,
    },
    /// "Extend" worked: the new expiry.
    Extended {
        org: OrgName,
        token_name: String,
        valid_to: OffsetDateTime,
        /// A lifespan policy gave less than asked.
        policy_limited: bool,
    },
    /// "Extend" failed, and why (the adapter words it as a next step). When the reason is that
    /// no route can extend (the public API refused the session), it offers Rotate.
    ExtendFailed {
        org: OrgName,
        token_name: String,
        why: ExtendFailure,
    },
    /// "Rotate" from a notification made a replacement: its secret waits (memory only, 10
    /// minutes) for the popup to show it — unless it could not be kept (`kept: false`): with
    /// no popup waiting, the secret is then gone, and the notification says so.
    Rotated {
        org: OrgName,
        /// The new token's name.
        token_name: String,
        /// The name of the token it replaces (still valid: the popup offers to revoke it).
        replaces: String,
        /// Its secret waits in `storage.session` for the popup.
        kept: bool,
    },
    /// "Rotate" from a notification failed, and why.
    RotateFailed {
        org: OrgName,
        token_name: String,
        why: RotateFailure,
    },
}

/// Why "Extend" from a notification failed, as far as the person can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtendFailure {
    /// Signed out of Azure DevOps: sign in, then try again.
    SignedOut,
    /// The token has expired: it cannot be extended, only replaced.
    Expired,
    /// A lifespan policy refused the new expiry.
    Policy,
    /// The token is gone (revoked or deleted elsewhere).
    NotFound,
    /// The public API refused the session and the web dialect cannot update a token: Rotate
    /// is offered instead.
    Unsupported,
    /// No route could be used (refused, forbidden, none left).
    NoRoute,
    /// Azure DevOps could not be reached, or was busy: later.
    Unreachable,
    /// The person withdrew the extension's access to Azure DevOps.
    NoHostAccess,
    /// The token belongs to an organization nobody can name yet (never visited, in no
    /// organization list): Azure DevOps needs the name, so that organization must be opened once.
    OtherOrganization,
    /// Anything else.
    Other,
}

/// Why "Rotate" from a notification failed, as far as the person can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RotateFailure {
    /// Signed out of Azure DevOps: sign in, then try again.
    SignedOut,
    /// Azure DevOps could not be reached, or was busy: later.
    Unreachable,
    /// The person withdrew the extension's access to Azure DevOps.
    NoHostAccess,
    /// Anything else.
    Other,
}

impl NotificationContent {
    /// True for an extend that failed only because no route can extend: Rotate is offered.
    pub fn offers_rotate(&self) -> bool {
        matches!(
            self,
            NotificationContent::ExtendFailed {
                why: ExtendFailure::Unsupported,
                ..
            }
        )
    }
}

/// Whether a warning comes from a fresh list or from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    Fresh,
    /// The organization could not be refreshed: warned from the list of `since` (when known).
    Stale {
        since: Option<OffsetDateTime>,
    },
}

/// A notification's buttons (where the browser has them; Firefox has none, and a click on the
/// body opens the token page there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Extend,
    Open,
    /// Create a replacement (offered when Extend cannot work).
    Rotate,
}

impl NotificationContent {
    /// The buttons, in order: the browser reports a press by its index in this list.
    pub fn buttons(&self) -> &'static [Button] {
        match self {
            NotificationContent::Warning { .. } => &[Button::Extend, Button::Open],
            NotificationContent::GlobalSummary { .. } => &[Button::Open],
            content if content.offers_rotate() => &[Button::Rotate, Button::Open],
            NotificationContent::Extended { .. }
            | NotificationContent::ExtendFailed { .. }
            | NotificationContent::Rotated { .. }
            | NotificationContent::RotateFailed { .. } => &[],
        }
    }
}

/// The toolbar badge: empty text clears it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Badge {
    pub text: String,
    pub warning: bool,
}
