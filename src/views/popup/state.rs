//! What the popup shows, as data: one [`Screen`] at a time, over a [`Place`] (the tab's
//! organization, or none). Types keep wrong states out: a create in progress names its preset,
//! so no second one can start; a secret lives only inside [`Screen::Created`], so leaving that
//! screen forgets it; the Tokens screen holds the organization it lists.

use crate::core::known_orgs::KnownOrg;
use crate::core::preset::Preset;
use crate::core::token::{AuthorizationId, Token};
use crate::protocol::{CreateOutcome, Created, ErrorData, OrgRef, SessionState};

/// Where the popup was opened.
pub enum Place {
    /// The active tab is not an Azure DevOps organization, or PAT Pilot cannot tell: without
    /// its host permissions (Firefox lets a person withdraw them, or not grant them at install)
    /// the browser hides the tab's URL, so `no_access` then asks for them first.
    Elsewhere {
        recent: Vec<KnownOrg>,
        no_access: bool,
    },
    /// The active tab belongs to this organization.
    Org(OrgPlace),
}

pub struct OrgPlace {
    pub org: OrgRef,
    /// The presets offered in this organization, in the person's order (read from
    /// `storage.sync` at open, before the worker answers).
    pub presets: Vec<Preset>,
    pub session: Session,
}

/// Who is signed in, as far as the worker told.
pub enum Session {
    /// `Hello` has not been answered yet.
    Checking,
    Known(SessionState),
}

/// The screen in front.
pub enum Screen {
    /// The presets of the organization (or, elsewhere, the recent organizations).
    Home(CreatePhase),
    Created(CreatedScreen),
    Tokens(TokensScreen),
}

/// The one-click create, on the Home screen.
pub enum CreatePhase {
    Idle,
    /// The worker is creating a token from this preset: every preset button waits.
    Creating {
        preset: String,
    },
    /// The last attempt failed. `retry` is the preset and lifetime to ask again with (none
    /// for a create that was cut off while no popup was open).
    Failed {
        retry: Option<(String, Option<u32>)>,
        problem: Problem,
    },
}

/// A token just created, shown once.
pub struct CreatedScreen {
    pub created: Created,
    pub copied: bool,
    /// For a rotation: the token it replaces, which the person may now revoke.
    pub replaced: Option<Replaced>,
}

pub struct Replaced {
    pub id: AuthorizationId,
    pub name: String,
    pub phase: RevokePhase,
}

/// Revoking a token: asked, confirmed, done.
#[derive(Clone)]
pub enum RevokePhase {
    Offered,
    Confirming,
    Working,
    Done,
    Failed(Problem),
}

/// The organization's tokens.
pub struct TokensScreen {
    pub org: OrgRef,
    pub list: TokenList,
    /// What the filter box holds (kept across repaints).
    pub filter: String,
    /// The one token whose row is asking something, if any.
    pub row: Option<(AuthorizationId, RowMode)>,
    /// The outcome of the last action, said above the list.
    pub notice: Option<Notice>,
}

pub enum TokenList {
    Loading,
    Loaded {
        tokens: Vec<Token>,
        /// Azure DevOps could not be reached: this is the cached list.
        stale: Option<ErrorData>,
    },
    Failed(Problem),
}

/// What a token's row is doing.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowMode {
    /// Choosing how many days to extend by.
    ChooseDays,
    ConfirmRevoke,
    Working,
}

/// The outcome of an action on the Tokens screen.
pub enum Notice {
    Extended {
        name: String,
        token: Token,
        outcome: crate::core::lifetime::ExtendOutcome,
    },
    Revoked {
        name: String,
    },
    Failed {
        problem: Problem,
    },
}

/// A failure, sorted by the next step it offers.
#[derive(Clone)]
pub enum Problem {
    /// Sign in (opens the organization's page).
    SignedOut,
    /// Allow site access (`permissions.request`).
    NoHostAccess,
    /// A lifespan policy refused the lifetime: retry with a shorter one.
    Lifespan { server_message: Option<String> },
    /// Azure DevOps refused this create with a reason (its own words, not a code): show them,
    /// and offer a shorter lifetime in case the reason is a lifespan limit.
    Declined { server_message: Option<String> },
    /// Another policy refused: nothing to retry; say which.
    Policy {
        key: &'static str,
        server_message: Option<String>,
    },
    /// Wait, then retry.
    RateLimited {
        wait_secs: Option<u32>,
        /// When Retry becomes available (`Date.now()` milliseconds).
        ready_at: f64,
    },
    /// Azure DevOps could not be reached or failed: retry.
    Unreachable { message: String },
    /// A create got no clear answer; the token list showed this.
    Uncertain { outcome: Option<CreateOutcome> },
    /// A create for this organization is already running.
    Busy,
    /// Extend is not available on the route that works: offer Rotate.
    ExtendUnavailable,
    /// Anything else: its headline key and the engine's message.
    Other { key: &'static str, message: String },
}

/// What a control asks for when activated. Controls carry an index into the table of the
/// current paint (`data-action`), so one listener on the page serves them all.
#[derive(Clone)]
pub enum Action {
    Create {
        preset: String,
        days: Option<u32>,
    },
    Copy,
    /// Back to the presets (forgets a shown secret).
    Home,
    ShowTokens,
    /// Ask the worker who is signed in again.
    Hello,
    OpenOptions,
    OpenUrl(String),
    RequestAccess,
    ChooseDays(AuthorizationId),
    Extend(AuthorizationId, u32),
    Rotate(AuthorizationId),
    AskRevoke(AuthorizationId),
    Revoke(AuthorizationId),
    /// Close a row's question.
    CancelRow,
    AskRevokeReplaced,
    RevokeReplaced,
    CancelRevokeReplaced,
}
