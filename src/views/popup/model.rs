//! What the popup knows, as data: where it was opened ([`Place`]) and the one [`Screen`] in
//! front. Types keep wrong states out: a create in progress names its preset, so no second one
//! can start; a secret lives only inside [`Screen::Created`], so leaving that screen forgets
//! it; the Tokens screen holds the organization it lists.

use serde_json::Value;

use super::problem::Problem;
use crate::core::copy_as::{CopyAs, CopyFormat};
use crate::core::expiry::Policy;
use crate::core::feed::Feed;
use crate::core::known_orgs::KnownOrg;
use crate::core::lifetime::ExtendOutcome;
use crate::core::org::{org_from_url_parts, UrlParts};
use crate::core::preset::{CopyAsDraft, Preset, PresetField, PresetId, PresetProblem};
use crate::core::preset_store::presets_in;
use crate::core::record::decode;
use crate::core::settings::{Settings, SETTINGS_KEY};
use crate::core::token::{AuthorizationId, Token};
use crate::protocol::{Created, ErrorData, OrgRef, OrgTokens, SessionState};

pub struct Model {
    pub place: Place,
    pub screen: Screen,
    /// The expiry rules of the person's settings and the global-PAT retirement date (the
    /// Tokens screen's order and status words). The date is the real one until the retirement
    /// record is read, after the first paint ([`super::update::Msg::Retirement`]).
    pub policy: Policy,
    /// The listed token a row action (extend, rotate, revoke) is working on: its answer may
    /// arrive after the person left the Tokens screen.
    pub working_on: Option<Token>,
    /// Which tokens the Tokens screen lists; kept while the popup is open (back from a
    /// rotation's secret, the same view returns).
    pub scope: TokenScope,
}

/// The Tokens screen's switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TokenScope {
    /// The tab's organization (its own tokens and the global ones).
    #[default]
    ThisOrg,
    /// Every organization in the person's list, grouped by organization.
    AllOrgs,
}

/// Where the popup was opened.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// The active tab is not an Azure DevOps organization, or PAT Pilot cannot tell: without
    /// its host permissions (Firefox lets a person withdraw them, or not grant them at install)
    /// the browser hides the tab's URL, so then the screen asks for them first. `recent` is
    /// `None` until the organizations used recently are read; the screen waits for both.
    Elsewhere {
        recent: Option<Vec<KnownOrg>>,
        access: Access,
    },
    /// The active tab belongs to this organization.
    Org(OrgPlace),
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrgPlace {
    pub org: OrgRef,
    /// The presets offered in this organization, in the person's order.
    pub presets: Vec<Preset>,
    pub session: Session,
}

/// Whether PAT Pilot holds its host permissions (`permissions.contains`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Checking,
    Held,
    Missing,
}

/// Who is signed in, as far as the worker told.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// `Hello` has not been answered yet.
    Checking,
    Known(SessionState),
}

/// The screen in front.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// The presets of the organization (or, elsewhere, the recent organizations).
    Home(CreatePhase),
    Created(CreatedScreen),
    Tokens(TokensScreen),
}

/// The one-click create, on the Home screen.
#[derive(Debug, Clone, PartialEq)]
pub enum CreatePhase {
    Idle,
    /// The worker is creating a token from this preset: every preset button waits.
    Creating {
        preset: PresetId,
    },
    /// The last attempt failed. `retry` is the preset and lifetime to ask again with (none
    /// for a create that was cut off while no popup was open).
    Failed {
        retry: Option<Retry>,
        problem: Problem,
    },
}

/// A create to ask for again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retry {
    pub preset: PresetId,
    /// The lifetime asked for instead of the preset's, if any.
    pub days: Option<u32>,
}

/// A token just created, shown once.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedScreen {
    pub created: Created,
    /// The clipboard took the text of the format chosen now.
    pub copied: bool,
    /// For a rotation: the token it replaces, which the person may now revoke.
    pub replaced: Option<Replaced>,
    /// "Copy as…": the form Copy puts the secret in. The formatted text is never kept: Copy
    /// makes it and hands it to the clipboard, and the view shows it masked.
    pub copy: CopyChoice,
}

/// The format Copy uses and, for a format that names a feed, where the feed comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyChoice {
    pub format: CopyFormat,
    /// The feed the preset names, if it does: every feed format uses it.
    pub preset_feed: Option<Feed>,
    /// The feed and project typed in the panel (a preset without a feed); kept while the
    /// format changes. Names, no secret.
    pub feed: String,
    pub project: String,
    /// Copy was pressed while the typed feed had problems: they show, then live.
    pub show_problems: bool,
}

impl CopyChoice {
    /// Starts on the preset's format and feed (the token itself without a preset).
    pub fn of(preset: Option<&Preset>) -> Self {
        let copy = preset.map(|p| p.copy_as().clone()).unwrap_or_default();
        CopyChoice {
            format: copy.format(),
            preset_feed: copy.feed().cloned(),
            feed: String::new(),
            project: String::new(),
            show_problems: false,
        }
    }

    /// The chosen format with its feed: the preset's, or the one typed (checked as a preset's
    /// is, through `core::feed`).
    pub fn copy_as(&self) -> Result<CopyAs, Vec<PresetProblem>> {
        match (&self.preset_feed, self.format.needs_feed()) {
            (Some(feed), true) => CopyAs::new(self.format, Some(feed.clone())).map_err(|_| {
                vec![PresetProblem::new(
                    PresetField::Feed,
                    crate::core::preset::ProblemReason::Missing,
                )]
            }),
            _ => CopyAsDraft {
                format: self.format.id().to_owned(),
                feed: self.feed.clone(),
                project: self.project.clone(),
            }
            .validate(),
        }
    }

    /// The panel asks for a feed: a feed format, and the preset names none.
    pub fn asks_feed(&self) -> bool {
        self.format.needs_feed() && self.preset_feed.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    pub id: AuthorizationId,
    pub name: String,
    pub phase: RevokePhase,
}

/// Revoking the replaced token: offered, confirmed, done.
#[derive(Debug, Clone, PartialEq)]
pub enum RevokePhase {
    Offered,
    Confirming,
    Working,
    Done,
    Failed(Problem),
}

/// The organization's tokens, or every organization's.
#[derive(Debug, Clone, PartialEq)]
pub struct TokensScreen {
    /// The tab's organization: what is listed through, and what row actions are sent to (the
    /// engine sends each through the token's own organization).
    pub org: OrgRef,
    pub scope: TokenScope,
    pub list: TokenList,
    /// What the filter box holds.
    pub filter: String,
    /// The one token whose row is asking something, if any.
    pub row: Option<(AuthorizationId, RowMode)>,
    /// The outcome of the last action, said above the list.
    pub notice: Option<Notice>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TokenList {
    Loading,
    Loaded {
        /// This organization: one group (its name); all organizations: one per organization,
        /// in the engine's order.
        groups: Vec<OrgTokens>,
        /// Azure DevOps could not be reached: this is the cached list.
        stale: Option<ErrorData>,
    },
    Failed(Problem),
}

/// What a token's row is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowMode {
    /// Choosing how many days to extend by.
    ChooseDays,
    ConfirmRevoke,
    Working,
}

/// The outcome of an action on the Tokens screen.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    Extended {
        name: String,
        token: Token,
        outcome: ExtendOutcome,
    },
    Revoked {
        id: AuthorizationId,
        name: String,
    },
    Failed {
        problem: Problem,
    },
}

impl Place {
    /// Where a tab with this address is, and the presets offered there (from `sync`).
    pub fn find(tab: Option<&UrlParts>, sync: &[(String, Value)]) -> Self {
        let found = tab.and_then(|t| org_from_url_parts(&t.scheme, &t.host, &t.path));
        match found {
            Some((name, style)) => Place::Org(OrgPlace {
                presets: presets_in(sync)
                    .into_iter()
                    .filter(|p| p.applies_to(&name))
                    .collect(),
                org: OrgRef { name, style },
                session: Session::Checking,
            }),
            None => Place::Elsewhere {
                recent: None,
                access: Access::Checking,
            },
        }
    }
}

impl Model {
    /// The popup as it opens: the tab's organization (from the parts of its URL, parsed by the
    /// browser) and its presets and settings, from one read of `storage.sync`, the one storage
    /// read before the first paint.
    pub fn open(tab: Option<&UrlParts>, sync: &[(String, Value)]) -> Self {
        let settings = sync
            .iter()
            .find(|(key, _)| key == SETTINGS_KEY)
            .and_then(|(_, value)| decode::<Settings>(value).ok())
            .map(|d| d.value)
            .unwrap_or_default();
        Model {
            place: Place::find(tab, sync),
            screen: Screen::Home(CreatePhase::Idle),
            policy: settings.policy(),
            working_on: None,
            scope: TokenScope::ThisOrg,
        }
    }

    /// The organization of the tab, if it is one.
    pub fn org(&self) -> Option<&OrgRef> {
        match &self.place {
            Place::Org(p) => Some(&p.org),
            Place::Elsewhere { .. } => None,
        }
    }

    /// The presets offered here (none elsewhere).
    pub fn presets(&self) -> &[Preset] {
        match &self.place {
            Place::Org(p) => &p.presets,
            Place::Elsewhere { .. } => &[],
        }
    }

    /// The preset with this id, if it is offered here.
    pub fn preset(&self, id: Option<&PresetId>) -> Option<&Preset> {
        let id = id?;
        self.presets().iter().find(|p| p.id() == id)
    }

    /// The token with this id on the Tokens screen, and its group.
    pub fn listed_in(&self, id: AuthorizationId) -> Option<(&OrgTokens, &Token)> {
        match &self.screen {
            Screen::Tokens(TokensScreen {
                list: TokenList::Loaded { groups, .. },
                ..
            }) => groups
                .iter()
                .find_map(|g| g.tokens.iter().find(|t| t.id == id).map(|t| (g, t))),
            _ => None,
        }
    }

    /// The token with this id on the Tokens screen.
    pub fn listed(&self, id: AuthorizationId) -> Option<&Token> {
        self.listed_in(id).map(|(_, token)| token)
    }
}
