//! What the popup shows, decided from the model: [`page`] turns a [`Model`] into blocks of
//! typed words and controls that the painter (`paint.rs`) draws without deciding anything.
//! Every control names the message it sends and a stable key, so focus survives a repaint.

use time::OffsetDateTime;

use super::export::ExportFormat;
use super::model::{
    Access, CopyChoice, CreatePhase, CreatedScreen, Model, Notice, OrgPlace, Place, Replaced,
    RevokePhase, RowMode, Screen, Session, TokenList, TokenScope, TokensScreen,
};
use super::problem::Problem;
use super::update::Msg;
use crate::core::audit::AuditOrg;
use crate::core::copy_as::{preview, CopyFormat};
use crate::core::expiry::{effective_expiry, status, ExpiryCause, Policy, TokenStatus};
use crate::core::known_orgs::KnownOrg;
use crate::core::lifetime::{guess_preset, ExtendOutcome, DEFAULT_EXTENSION_DAYS};
use crate::core::org::OrgName;
use crate::core::preset::{Preset, PresetField, PresetId, PresetProblem};
use crate::core::small_sort;
use crate::core::token::{Secret, Token};
use crate::protocol::OrgTokens;
use crate::protocol::{CreateOutcome, OrgRef, SessionState};
use crate::views::words::{self, Text};

/// Lifetimes offered after a lifespan refusal, when the limit is unknown: the largest few
/// below what was asked.
const QUICK_DAYS: [u32; 6] = [180, 90, 30, 14, 7, 1];
const QUICK_COUNT: usize = 3;

/// Extensions offered besides the default (the preset's lifetime, else 30 days).
const EXTEND_CHOICES: [u32; 3] = [7, 30, 90];

/// The whole popup.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The organization and who is signed in there.
    pub org_line: Option<(String, Text)>,
    /// Create | Tokens, in an organization; which one is current (none on a created token).
    pub tabs: Option<Option<Tab>>,
    pub blocks: Vec<Block>,
    /// The screen waits for what it shows (elsewhere: the host permissions and the recent
    /// organizations): nothing takes focus yet, and what comes is painted as a new screen.
    pub waiting: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Create,
    Tokens,
}

/// Where focus goes when a screen is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    None,
    /// The first control of a new screen.
    First,
    /// What replaced the control that had focus, within a screen.
    Replacing,
}

/// A control.
#[derive(Debug, Clone, PartialEq)]
pub struct Button {
    /// Stable across repaints (`data-key`).
    pub key: String,
    pub label: Text,
    /// Its look: `primary`, `secondary small`, …
    pub class: &'static str,
    pub msg: Msg,
    /// The accessible name, when the label alone does not say what it acts on.
    pub name: Option<Text>,
    pub disabled: bool,
    pub focus: Focus,
    /// A toggle's state (`aria-pressed`), for the buttons of a switch.
    pub pressed: Option<bool>,
}

impl Button {
    fn new(key: impl Into<String>, class: &'static str, label: Text, msg: Msg) -> Self {
        Button {
            key: key.into(),
            label,
            class,
            msg,
            name: None,
            disabled: false,
            focus: Focus::None,
            pressed: None,
        }
    }

    fn focus(mut self, focus: Focus) -> Self {
        self.focus = focus;
        self
    }

    fn named(mut self, name: Text) -> Self {
        self.name = Some(name);
        self
    }
}

// A view is built, painted and dropped: boxing the large blocks would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A problem with its next step.
    Problem(Panel),
    /// Something to know that leaves the screen usable, with a retry.
    Note(Note),
    Presets(Vec<PresetItem>),
    /// No preset applies to the organization: the options page makes one.
    NoPresets {
        org: String,
        options: Button,
    },
    /// Not on Azure DevOps: the organizations used recently, or Azure DevOps itself.
    Elsewhere {
        recent: Vec<Button>,
        open: Button,
    },
    Created(CreatedView),
    Tokens(TokensView),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub headline: Text,
    pub detail: Option<Text>,
    pub actions: Vec<Button>,
    /// After a lifespan refusal (or a refusal that may be one): shorter lifetimes to create
    /// with.
    pub shorter: Option<Shorter>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shorter {
    /// What the choices are for.
    pub lead: Text,
    /// The largest few lifetimes below what was asked; never empty.
    pub choices: Vec<Button>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub title: Text,
    pub detail: String,
    pub retry: Button,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PresetItem {
    pub name: String,
    pub days: Text,
    pub scopes: Text,
    pub button: Button,
    pub state: PresetState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PresetState {
    Ready,
    /// Its token is being created.
    Busy,
    /// Another preset's token is being created.
    Waiting,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CreatedView {
    pub name: String,
    /// Shown in the page (`expose` is the painter's); `Debug` hides it.
    pub secret: Secret,
    pub copy: Button,
    pub copy_as: CopyAsView,
    pub scopes: Text,
    pub expiry: Text,
    /// A lifespan policy shortened it: what was asked.
    pub shortened: Option<Text>,
    pub replaced: Option<ReplacedView>,
    pub done: Button,
}

/// "Copy as…": the formats, the feed, and the text Copy makes with the token masked.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyAsView {
    /// Every format, its name, and whether it is the one chosen.
    pub formats: Vec<(CopyFormat, Text, bool)>,
    pub feed: FeedView,
    /// What Copy puts on the clipboard, the token masked (`core::copy_as::preview`): none for
    /// the token itself, nor while the feed typed is missing or invalid.
    pub preview: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FeedView {
    /// The format names no feed.
    None,
    /// The preset's feed, said.
    Preset(Text),
    /// The preset names none: fields to type one, with their problems once Copy was tried.
    Fields {
        feed: String,
        project: String,
        feed_problem: Option<Text>,
        project_problem: Option<Text>,
    },
}

/// After a rotation: the offer to revoke the old token.
#[derive(Debug, Clone, PartialEq)]
pub enum ReplacedView {
    Ask {
        text: Text,
        buttons: Vec<Button>,
    },
    /// Said, with focus on it; `ok` when it is done.
    Said {
        text: Text,
        ok: bool,
    },
    Problem(Panel),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TokensView {
    pub title: Text,
    /// This organization | All organizations.
    pub scope: Vec<Button>,
    pub list: TokensBody,
}

/// One organization's rows (this organization's list is one group without a heading).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupView {
    /// The organization's name, or what it is when it has none.
    pub heading: Option<Text>,
    /// Why its tokens offer no actions (nobody can name the organization).
    pub note: Option<Text>,
    pub rows: Vec<Row>,
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum TokensBody {
    Loading,
    Failed(Panel),
    Loaded {
        stale: Option<Note>,
        notice: Option<NoticeView>,
        /// The live tokens in groups by organization, each sorted by when they stop
        /// working.
        groups: Vec<GroupView>,
        filter: String,
        /// No row matches the filter.
        no_match: bool,
        /// Save the list as CSV or JSON (none when nothing is listed).
        export: Vec<Button>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum NoticeView {
    Problem(Panel),
    Said { text: Text, ok: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Ok,
    Warn,
    Bad,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub name: String,
    pub global: bool,
    pub tone: Tone,
    pub status: Text,
    pub scopes: Text,
    /// The filter lets it through.
    pub visible: bool,
    pub actions: RowActions,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RowActions {
    Buttons(Vec<Button>),
    /// How many days to extend by.
    Choose {
        group: Text,
        buttons: Vec<Button>,
    },
    /// Revoke, really?
    Confirm {
        key: String,
        question: Text,
        buttons: Vec<Button>,
    },
    Working,
}

/// The popup for `model` at `now`.
pub fn page(model: &Model, now: OffsetDateTime) -> Page {
    let org_line = match &model.place {
        Place::Org(p) => Some((p.org.name.as_str().to_owned(), who(&p.session))),
        Place::Elsewhere { .. } => None,
    };
    let tabs = model.org().map(|_| match &model.screen {
        Screen::Home(_) => Some(Tab::Create),
        Screen::Tokens(_) => Some(Tab::Tokens),
        Screen::Created(_) => None,
    });
    let blocks = match (&model.screen, &model.place) {
        (Screen::Home(phase), Place::Org(place)) => home(place, phase),
        // Without its host permissions PAT Pilot cannot see where the tab is: ask for them.
        (
            Screen::Home(_),
            Place::Elsewhere {
                access: Access::Missing,
                ..
            },
        ) => vec![Block::Problem(panel(
            &Problem::NoHostAccess,
            &Next::NOTHING,
        ))],
        (
            Screen::Home(phase),
            Place::Elsewhere {
                recent: Some(recent),
                access: Access::Held,
            },
        ) => elsewhere(recent, phase),
        // The host permissions or the recent organizations are being read: nothing to show yet.
        (Screen::Home(_), Place::Elsewhere { .. }) => {
            return Page {
                org_line,
                tabs,
                blocks: Vec::new(),
                waiting: true,
            }
        }
        (Screen::Created(created), _) => vec![Block::Created(created_view(created, now))],
        (Screen::Tokens(screen), _) => vec![Block::Tokens(tokens_view(
            screen,
            model.presets(),
            &model.policy,
            now,
        ))],
    };
    Page {
        org_line,
        tabs,
        blocks,
        waiting: false,
    }
}

fn who(session: &Session) -> Text {
    match session {
        Session::Checking => Text::key("popup_session_checking"),
        Session::Known(SessionState::SignedIn { user: Some(user) }) => {
            Text::with("popup_session_user", [Text::plain(user)])
        }
        Session::Known(SessionState::SignedIn { user: None }) => {
            Text::key("popup_session_signed_in")
        }
        Session::Known(SessionState::SignedOut {}) => Text::key("popup_session_signed_out"),
        Session::Known(SessionState::NoHostAccess {}) => Text::key("popup_session_no_access"),
        Session::Known(SessionState::Unknown { .. }) => Text::key("popup_session_unknown"),
    }
}

/// What a problem's panel offers, where it stands.
struct Next<'a> {
    org: Option<&'a OrgRef>,
    /// What "Retry" repeats.
    retry: Option<Msg>,
    /// After a lifespan refusal: the preset and the days that were asked.
    lifespan: Option<(&'a PresetId, u32)>,
}

impl Next<'_> {
    const NOTHING: Next<'static> = Next {
        org: None,
        retry: None,
        lifespan: None,
    };
}

fn panel(problem: &Problem, next: &Next) -> Panel {
    let retry = |focus| {
        next.retry.clone().map(|msg| {
            let mut b = Button::new("retry", "primary", Text::key("popup_retry"), msg).focus(focus);
            b.disabled = problem.wait_ms().is_some();
            b
        })
    };
    let mut shorter = None;
    let actions: Vec<Button> = match problem {
        Problem::SignedOut => next
            .org
            .map(|org| {
                let url = format!("{}/", org.name.services(org.style).web);
                Button::new(
                    "sign-in",
                    "primary",
                    Text::key("popup_sign_in"),
                    Msg::OpenUrl(url),
                )
                .focus(Focus::First)
            })
            .into_iter()
            .collect(),
        Problem::NoHostAccess => vec![Button::new(
            "allow-access",
            "primary",
            Text::key("popup_allow_access"),
            Msg::RequestAccess,
        )
        .focus(Focus::First)],
        Problem::Lifespan { .. } | Problem::Declined { .. } => {
            if let Some((preset, asked)) = next.lifespan {
                let days = QUICK_DAYS
                    .iter()
                    .copied()
                    .filter(|d| *d < asked)
                    .take(QUICK_COUNT);
                let mut choices = Vec::new();
                for (i, days) in days.enumerate() {
                    let first = i == 0;
                    choices.push(
                        Button::new(
                            format!("lifespan:{days}"),
                            if first { "primary" } else { "secondary" },
                            Text::with("popup_create_with_days", [words::days(days)]),
                            Msg::Create {
                                preset: preset.clone(),
                                days: Some(days),
                            },
                        )
                        .focus(if first {
                            Focus::First
                        } else {
                            Focus::None
                        }),
                    );
                }
                // A refusal with a reason may be a lifespan limit in the service's words.
                let lead = match problem {
                    Problem::Declined { .. } => "popup_declined_choose",
                    _ => "popup_lifespan_choose",
                };
                shorter = (!choices.is_empty()).then(|| Shorter {
                    lead: Text::key(lead),
                    choices,
                });
            }
            Vec::new()
        }
        // Retry waits: it is not where focus starts.
        Problem::RateLimited { .. } => retry(Focus::None).into_iter().collect(),
        Problem::Unreachable { .. }
        | Problem::Uncertain {
            outcome: Some(CreateOutcome::NotCreated { .. }),
        } => retry(Focus::First).into_iter().collect(),
        Problem::Uncertain { .. } => next
            .org
            .map(|_| {
                Button::new(
                    "check-tokens",
                    "primary",
                    Text::key("popup_check_tokens"),
                    Msg::ShowTokens,
                )
                .focus(Focus::First)
            })
            .into_iter()
            .collect(),
        Problem::Busy | Problem::ExtendUnavailable | Problem::Policy { .. } => Vec::new(),
        Problem::Other { .. } => Vec::new(),
    };
    Panel {
        headline: problem.headline(),
        detail: problem.detail(),
        actions,
        shorter,
    }
}

/// The Home screen of an organization: the session's problems, the last create's, the presets.
fn home(place: &OrgPlace, phase: &CreatePhase) -> Vec<Block> {
    let org = Some(&place.org);
    let mut blocks = Vec::new();
    match &place.session {
        Session::Known(SessionState::SignedOut {}) => {
            let next = Next {
                org,
                ..Next::NOTHING
            };
            return vec![Block::Problem(panel(&Problem::SignedOut, &next))];
        }
        Session::Known(SessionState::NoHostAccess {}) => {
            return vec![Block::Problem(panel(
                &Problem::NoHostAccess,
                &Next::NOTHING,
            ))];
        }
        Session::Known(SessionState::Unknown { error }) => blocks.push(Block::Note(Note {
            title: Text::key("popup_session_unknown_title"),
            detail: error.message.clone(),
            retry: Button::new(
                "hello",
                "secondary small",
                Text::key("popup_retry"),
                Msg::Recheck,
            ),
        })),
        Session::Checking | Session::Known(SessionState::SignedIn { .. }) => {}
    }
    if let CreatePhase::Failed { retry, problem } = phase {
        let lifespan = retry.as_ref().and_then(|r| {
            let asked = r.days.or_else(|| {
                place
                    .presets
                    .iter()
                    .find(|p| *p.id() == r.preset)
                    .map(|p| u32::from(p.lifetime_days()))
            })?;
            Some((&r.preset, asked))
        });
        let next = Next {
            org,
            retry: retry.as_ref().map(|r| Msg::Create {
                preset: r.preset.clone(),
                days: r.days,
            }),
            lifespan,
        };
        blocks.push(Block::Problem(panel(problem, &next)));
    }
    if place.presets.is_empty() {
        blocks.push(Block::NoPresets {
            org: place.org.name.as_str().to_owned(),
            options: Button::new(
                "empty-options",
                "primary",
                Text::key("popup_open_options"),
                Msg::OpenOptions,
            )
            .focus(Focus::First),
        });
        return blocks;
    }
    let creating = match phase {
        CreatePhase::Creating { preset } => Some(preset),
        _ => None,
    };
    let items = place
        .presets
        .iter()
        .enumerate()
        .map(|(i, preset)| preset_item(preset, i == 0, creating))
        .collect();
    blocks.push(Block::Presets(items));
    blocks
}

fn preset_item(preset: &Preset, first: bool, creating: Option<&PresetId>) -> PresetItem {
    let id = preset.id();
    let button = Button::new(
        format!("preset:{}", id.as_str()),
        "preset",
        Text::plain(""),
        Msg::Create {
            preset: id.clone(),
            days: None,
        },
    )
    .focus(if first { Focus::First } else { Focus::None });
    PresetItem {
        name: preset.name().to_owned(),
        days: words::days(u32::from(preset.lifetime_days())),
        scopes: words::scopes(preset.scopes()),
        button,
        state: match creating {
            Some(busy) if busy == id => PresetState::Busy,
            Some(_) => PresetState::Waiting,
            None => PresetState::Ready,
        },
    }
}

fn elsewhere(recent: &[KnownOrg], phase: &CreatePhase) -> Vec<Block> {
    let mut blocks = Vec::new();
    if let CreatePhase::Failed { problem, .. } = phase {
        blocks.push(Block::Problem(panel(problem, &Next::NOTHING)));
    }
    let recent_buttons = recent
        .iter()
        .map(|known| {
            let url = format!("{}/", known.name.services(known.host_style).web);
            Button::new(
                format!("org:{}", known.name),
                "org-link",
                Text::plain(known.name.as_str()),
                Msg::OpenUrl(url),
            )
            .named(Text::with(
                "popup_open_org",
                [Text::plain(known.name.as_str())],
            ))
        })
        .collect::<Vec<_>>();
    let open = Button::new(
        "open-ado",
        if recent.is_empty() {
            "primary"
        } else {
            "secondary"
        },
        Text::key("popup_open_ado"),
        Msg::OpenUrl("https://dev.azure.com/".to_owned()),
    );
    blocks.push(Block::Elsewhere {
        recent: recent_buttons,
        open,
    });
    blocks
}

fn created_view(screen: &CreatedScreen, now: OffsetDateTime) -> CreatedView {
    let created = &screen.created;
    let (class, label) = if screen.copied {
        ("primary copied", "popup_copied_short")
    } else {
        ("primary", "popup_copy")
    };
    let shortened = created.policy_limited.then(|| {
        Text::with(
            "popup_policy_shortened",
            [words::date(created.requested_valid_to, false)],
        )
    });
    CreatedView {
        name: created.token.name.clone(),
        secret: created.secret.clone(),
        copy: Button::new("copy", class, Text::key(label), Msg::Copy).focus(Focus::First),
        copy_as: copy_as_view(&screen.copy, &created.org),
        scopes: words::scopes(&created.token.scopes),
        expiry: words::expiry(now, created.token.valid_to),
        shortened,
        replaced: screen.replaced.as_ref().map(replaced_view),
        done: Button::new("done", "secondary", Text::key("popup_done"), Msg::Home),
    }
}

fn copy_as_view(choice: &CopyChoice, org: &OrgName) -> CopyAsView {
    let checked = choice.copy_as();
    let feed = if !choice.format.needs_feed() {
        FeedView::None
    } else if let Some(feed) = &choice.preset_feed {
        let name = Text::plain(feed.name.as_str());
        FeedView::Preset(match &feed.project {
            Some(project) => Text::with(
                "popup_feed_in_project",
                [name, Text::plain(project.as_str())],
            ),
            None => Text::with("popup_feed_of_org", [name]),
        })
    } else {
        let problems: &[PresetProblem] = match (&checked, choice.show_problems) {
            (Err(problems), true) => problems,
            _ => &[],
        };
        let said = |field: PresetField| {
            let mut texts: Vec<Text> = problems
                .iter()
                .filter(|p| p.field == field)
                .map(words::preset_problem)
                .collect();
            match texts.len() {
                0 => None,
                1 => texts.pop(),
                _ => Some(Text::Joined(texts, " ")),
            }
        };
        FeedView::Fields {
            feed: choice.feed.clone(),
            project: choice.project.clone(),
            feed_problem: said(PresetField::Feed),
            project_problem: said(PresetField::Project),
        }
    };
    CopyAsView {
        formats: CopyFormat::ALL
            .into_iter()
            .map(|f| (f, words::copy_format(f), f == choice.format))
            .collect(),
        feed,
        preview: checked
            .ok()
            .filter(|c| !c.is_raw())
            .map(|c| preview(&c, org)),
    }
}

fn replaced_view(replaced: &Replaced) -> ReplacedView {
    let name = || Text::plain(&replaced.name);
    match &replaced.phase {
        RevokePhase::Offered => ReplacedView::Ask {
            text: Text::with("popup_replaces", [name()]),
            buttons: vec![Button::new(
                "revoke-old",
                "danger-outline small",
                Text::with("popup_revoke_named", [name()]),
                Msg::AskRevokeReplaced,
            )
            .focus(Focus::Replacing)],
        },
        RevokePhase::Confirming => ReplacedView::Ask {
            text: Text::with("popup_revoke_confirm", [name()]),
            buttons: vec![
                Button::new(
                    "revoke-old-yes",
                    "danger",
                    Text::key("popup_revoke"),
                    Msg::RevokeReplaced,
                )
                .focus(Focus::Replacing),
                Button::new(
                    "revoke-old-no",
                    "secondary",
                    Text::key("popup_cancel"),
                    Msg::CancelRevokeReplaced,
                ),
            ],
        },
        RevokePhase::Working => ReplacedView::Said {
            text: Text::key("popup_working"),
            ok: false,
        },
        RevokePhase::Done => ReplacedView::Said {
            text: Text::with("popup_revoked_named", [name()]),
            ok: true,
        },
        RevokePhase::Failed(problem) => ReplacedView::Problem(panel(
            problem,
            &Next {
                retry: Some(Msg::RevokeReplaced),
                ..Next::NOTHING
            },
        )),
    }
}

fn tokens_view(
    screen: &TokensScreen,
    presets: &[Preset],
    policy: &Policy,
    now: OffsetDateTime,
) -> TokensView {
    let title = match screen.scope {
        TokenScope::ThisOrg => Text::with(
            "popup_tokens_title",
            [Text::plain(screen.org.name.as_str())],
        ),
        TokenScope::AllOrgs => Text::key("popup_tokens_all_title"),
    };
    let switch = |key: &str, label, scope| {
        let mut b = Button::new(key, "scope small", Text::key(label), Msg::Scope(scope));
        b.pressed = Some(screen.scope == scope);
        b
    };
    let scope = vec![
        switch("scope-this", "popup_scope_this", TokenScope::ThisOrg),
        switch("scope-all", "popup_scope_all", TokenScope::AllOrgs),
    ];
    let list = match &screen.list {
        TokenList::Loading => TokensBody::Loading,
        TokenList::Failed(problem) => TokensBody::Failed(panel(
            problem,
            &Next {
                org: Some(&screen.org),
                retry: Some(Msg::ShowTokens),
                lifespan: None,
            },
        )),
        TokenList::Loaded { groups, stale } => {
            let stale = stale.as_ref().map(|error| Note {
                title: Text::key("popup_tokens_stale"),
                detail: error.message.clone(),
                retry: Button::new(
                    "reload",
                    "secondary small",
                    Text::key("popup_retry"),
                    Msg::ShowTokens,
                ),
            });
            let notice = screen.notice.as_ref().map(|notice| match notice {
                Notice::Failed { problem } => NoticeView::Problem(panel(
                    problem,
                    &Next {
                        org: Some(&screen.org),
                        ..Next::NOTHING
                    },
                )),
                _ => NoticeView::Said {
                    text: notice_text(notice, now),
                    ok: matches!(
                        notice,
                        Notice::Extended {
                            outcome: ExtendOutcome::Extended,
                            ..
                        } | Notice::Revoked { .. }
                    ),
                },
            });
            let needle = screen.filter.trim().to_lowercase();
            let groups: Vec<GroupView> = groups
                .iter()
                .map(|group| group_view(group, screen, presets, policy, now, &needle))
                .filter(|g| !g.rows.is_empty())
                .collect();
            let mut rows = groups.iter().flat_map(|g| &g.rows).peekable();
            let any = rows.peek().is_some();
            let no_match = any && rows.all(|r| !r.visible);
            let export = if any {
                vec![
                    Button::new(
                        "export-csv",
                        "secondary small",
                        Text::key("popup_export_csv"),
                        Msg::Export(ExportFormat::Csv),
                    ),
                    Button::new(
                        "export-json",
                        "secondary small",
                        Text::key("popup_export_json"),
                        Msg::Export(ExportFormat::Json),
                    ),
                ]
            } else {
                Vec::new()
            };
            TokensBody::Loaded {
                stale,
                notice,
                groups,
                filter: screen.filter.clone(),
                no_match,
                export,
            }
        }
    };
    TokensView { title, scope, list }
}

/// One organization's rows; in the all-organizations view with its heading, and for an
/// organization nobody can name, why its rows offer no actions.
fn group_view(
    group: &OrgTokens,
    screen: &TokensScreen,
    presets: &[Preset],
    policy: &Policy,
    now: OffsetDateTime,
    needle: &str,
) -> GroupView {
    let act = group.can_act();
    // Soonest effective expiry first (each worked out once, not per comparison).
    let mut shown: Vec<(OffsetDateTime, &Token)> = group
        .tokens
        .iter()
        .filter(|t| !t.revoked)
        .map(|t| (effective_expiry(t, policy.retirement).at, t))
        .collect();
    small_sort::sort_by(&mut shown, |a, b| a.0 < b.0);
    let rows = shown
        .into_iter()
        .map(|(_, token)| row(token, screen, presets, policy, now, needle, act))
        .collect();
    let heading = match screen.scope {
        TokenScope::ThisOrg => None,
        TokenScope::AllOrgs => Some(org_heading(&group.org)),
    };
    GroupView {
        heading,
        note: (!act).then(|| match &group.org {
            AuditOrg::Unnamed { .. } => Text::key("popup_org_unnamed_note"),
            _ => Text::key("popup_org_none_note"),
        }),
        rows,
    }
}

/// How the all-organizations view names a group.
pub fn org_heading(org: &AuditOrg) -> Text {
    match org {
        AuditOrg::Named { name, .. } => Text::plain(name.as_str()),
        AuditOrg::Unnamed { id } => Text::with(
            "popup_org_unnamed",
            [Text::plain(id.hyphenated().to_string())],
        ),
        AuditOrg::All {} => Text::key("popup_org_global"),
        AuditOrg::Unknown {} => Text::key("popup_org_none"),
    }
}

fn row(
    token: &Token,
    screen: &TokensScreen,
    presets: &[Preset],
    policy: &Policy,
    now: OffsetDateTime,
    needle: &str,
    reachable: bool,
) -> Row {
    let id = token.id;
    let name = || Text::plain(&token.name);
    let state = status(token, now, policy);
    let expiry = effective_expiry(token, policy.retirement);
    let status_words = || match expiry.cause {
        ExpiryCause::ValidTo => words::expiry(now, expiry.at),
        ExpiryCause::GlobalRetirement => Text::with(
            "popup_status_global_retires",
            [words::date(expiry.at, false), words::until(now, expiry.at)],
        ),
    };
    let (tone, status) = match state {
        TokenStatus::Retired => (Tone::Bad, Text::key("popup_status_retired")),
        TokenStatus::Expired => (Tone::Bad, words::expiry(now, expiry.at)),
        TokenStatus::Expiring { .. } => (Tone::Warn, status_words()),
        TokenStatus::Fine | TokenStatus::Revoked => (Tone::Ok, status_words()),
    };
    let haystack = format!(
        "{} {}",
        token.name,
        words::scope_search_words(&token.scopes)
    )
    .to_lowercase();
    let key = |what: &str| format!("{what}:{id}");
    let act = |class, label, named, what: &str, msg| {
        Button::new(key(what), class, Text::key(label), msg).named(Text::with(named, [name()]))
    };
    let mode = screen.row.filter(|(row, _)| *row == id).map(|(_, m)| m);
    let actions = match mode {
        // Nobody can name its organization: the group's note says why there is nothing to do.
        None if !reachable => RowActions::Buttons(Vec::new()),
        None => {
            let mut buttons = Vec::new();
            if matches!(state, TokenStatus::Expired | TokenStatus::Retired) {
                buttons.push(act(
                    "secondary small",
                    "popup_replace",
                    "popup_replace_named",
                    "rotate",
                    Msg::Rotate(id),
                ));
            } else {
                buttons.push(act(
                    "secondary small",
                    "popup_extend",
                    "popup_extend_named",
                    "extend",
                    Msg::ChooseDays(id),
                ));
                buttons.push(act(
                    "secondary small",
                    "popup_rotate",
                    "popup_rotate_named",
                    "rotate",
                    Msg::Rotate(id),
                ));
            }
            buttons.push(act(
                "danger-outline small",
                "popup_revoke",
                "popup_revoke_named",
                "revoke",
                Msg::AskRevoke(id),
            ));
            RowActions::Buttons(buttons)
        }
        Some(RowMode::ChooseDays) => {
            let default = extend_default(token, &screen.org, presets);
            let mut choices: Vec<u32> = EXTEND_CHOICES.to_vec();
            if !choices.contains(&default) {
                // In its place among the ascending choices.
                let at = choices.iter().position(|&d| d > default);
                choices.insert(at.unwrap_or(choices.len()), default);
            }
            let mut buttons: Vec<Button> = choices
                .into_iter()
                .map(|days| {
                    let chosen = days == default;
                    Button::new(
                        key(&format!("days{days}")),
                        if chosen {
                            "primary small"
                        } else {
                            "secondary small"
                        },
                        words::days(days),
                        Msg::Extend(id, days),
                    )
                    .focus(if chosen {
                        Focus::Replacing
                    } else {
                        Focus::None
                    })
                })
                .collect();
            buttons.push(Button::new(
                key("cancel"),
                "link small",
                Text::key("popup_cancel"),
                Msg::CancelRow,
            ));
            RowActions::Choose {
                group: Text::with("popup_extend_group", [name()]),
                buttons,
            }
        }
        Some(RowMode::ConfirmRevoke) => RowActions::Confirm {
            key: key("confirm"),
            question: Text::with("popup_revoke_confirm", [name()]),
            buttons: vec![
                Button::new(
                    key("revoke-yes"),
                    "danger small",
                    Text::key("popup_revoke"),
                    Msg::Revoke(id),
                )
                .focus(Focus::Replacing),
                Button::new(
                    key("cancel"),
                    "link small",
                    Text::key("popup_cancel"),
                    Msg::CancelRow,
                ),
            ],
        },
        Some(RowMode::Working) => RowActions::Working,
    };
    Row {
        name: token.name.clone(),
        global: token.is_global(),
        tone,
        status,
        scopes: words::scopes(&token.scopes),
        visible: needle.is_empty() || haystack.contains(needle),
        actions,
    }
}

/// The extension offered first: the lifetime of the preset that likely made the token, else
/// 30 days.
fn extend_default(token: &Token, org: &OrgRef, presets: &[Preset]) -> u32 {
    guess_preset(token, &org.name, presets)
        .map(|p| u32::from(p.lifetime_days()))
        .unwrap_or(u32::from(DEFAULT_EXTENSION_DAYS))
}

/// What a row's action did, in one sentence (shown and announced).
pub fn notice_text(notice: &Notice, now: OffsetDateTime) -> Text {
    match notice {
        Notice::Extended {
            name,
            token,
            outcome,
        } => {
            let name = Text::plain(name);
            let when = words::expiry(now, token.valid_to);
            match outcome {
                ExtendOutcome::Extended => Text::with("popup_extended", [name, when]),
                ExtendOutcome::Limited => Text::with("popup_extended_limited", [name, when]),
                ExtendOutcome::NotExtended => Text::with("popup_not_extended", [name]),
            }
        }
        Notice::Revoked { name, .. } => Text::with("popup_revoked_named", [Text::plain(name)]),
        Notice::Failed { problem } => problem.headline(),
    }
}

/// "Tokens listed: 5", announced when the list arrives.
pub fn count_line(tokens: &[Token]) -> Text {
    let n = tokens.iter().filter(|t| !t.revoked).count();
    Text::with("popup_tokens_count", [Text::number(n)])
}
