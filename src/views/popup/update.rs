//! What each event does to the popup: `update(&mut Model, Msg) -> Vec<Effect>`. The events are
//! the person's (a click, a key, typing in the filter), the answers of the browser and of the
//! worker, and timers; the effects are what the page then asks the browser to do (`run.rs`
//! does it and feeds the results back as messages).

use serde_json::Value;
use time::OffsetDateTime;

use super::export::{export, Download, ExportFormat};
use super::model::{
    Access, CopyChoice, CreatePhase, CreatedScreen, Model, Notice, Place, Replaced, Retry,
    RevokePhase, RowMode, Screen, Session, TokenList, TokenScope, TokensScreen,
};
use super::problem::Problem;
use super::view::{count_line, notice_text};
use crate::core::audit::AuditOrg;
use crate::core::copy_as::{copy_text, CopyFormat};
use crate::core::known_orgs::KnownOrg;
use crate::core::lifetime::extend_outcome;
use crate::core::org::UrlParts;
use crate::core::preset::PresetId;
use crate::core::settings::retirement_in;
use crate::core::token::{AuthorizationId, Secret};
use crate::protocol::{Created, ErrorData, OrgTokens, Request, Response, SessionState};
use crate::views::words::{self, Text};

/// A shown secret is forgotten after this long, even if the popup stays open.
pub const SECRET_SHOWN_MS: u32 = 10 * 60 * 1000;

// One message at a time, handled at once: boxing the large answers would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    // The person.
    /// Create a token from a preset; `days` replaces the preset's lifetime.
    Create {
        preset: PresetId,
        days: Option<u32>,
    },
    /// Copy the secret in the format chosen.
    Copy,
    /// "Copy as…" set to this format (the select's value, a `CopyFormat` id).
    CopyFormat(String),
    /// The panel's feed field now holds this.
    CopyFeed(String),
    /// The panel's project field now holds this.
    CopyProject(String),
    /// Back to the presets (forgets a shown secret).
    Home,
    ShowTokens,
    /// Ask the worker who is signed in again.
    Recheck,
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
    /// The filter box of the Tokens screen now holds this.
    Filter(String),
    /// This organization's tokens, or every organization's.
    Scope(TokenScope),
    /// Save what the Tokens screen lists, for an audit.
    Export(ExportFormat),

    // The browser.
    /// Whether the extension may reach Azure DevOps (`permissions.contains`).
    HostAccess(bool),
    /// The person answered `permissions.request`.
    AccessGranted(bool),
    /// The active tab and `storage.sync` read again (after access was granted, the tab's
    /// address shows).
    PlaceFound {
        tab: Option<UrlParts>,
        sync: Vec<(String, Value)>,
    },
    RecentOrgs(Vec<KnownOrg>),
    /// What `storage.session` holds under `core::settings::RETIREMENT_KEY` (another global-PAT
    /// retirement date, which only the tests write), if anything.
    Retirement(Option<Value>),
    /// The clipboard took the secret (or refused it).
    Copied(bool),

    // The worker.
    Answered {
        request: Request,
        reply: Result<Response, ErrorData>,
    },

    // Timers.
    HideSecret(AuthorizationId),
    /// A rate limit's wait is over.
    RetryReady,
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Send a request to the worker; its answer comes back as [`Msg::Answered`].
    Ask(Request),
    /// `permissions.contains` for the Azure DevOps hosts → [`Msg::HostAccess`].
    CheckHostAccess,
    /// `permissions.request` → [`Msg::AccessGranted`].
    RequestHostAccess,
    /// The active tab's address and everything in `storage.sync` → [`Msg::PlaceFound`].
    FindPlace,
    /// The organizations used recently, from `storage.local` → [`Msg::RecentOrgs`].
    ReadRecentOrgs,
    /// The retirement record, from `storage.session` → [`Msg::Retirement`].
    ReadRetirement,
    /// Write the secret to the clipboard, in the click's user gesture → [`Msg::Copied`].
    CopySecret(Secret),
    OpenOptions,
    OpenTab(String),
    /// Save a file (a blob and a download link, in the click's user gesture).
    Download(Download),
    /// Say this in the page's live region.
    Announce(Text),
    /// Send `msg` after `ms` milliseconds.
    After {
        ms: u32,
        msg: Msg,
    },
}

/// The effects of opening the popup on `model` (fresh from [`Model::open`]), run once it is
/// painted. The retirement record is read here, not before the first paint: it changes only
/// the token statuses, which no screen shows before a list is answered.
pub fn start(model: &Model) -> Vec<Effect> {
    let mut effects = look_around(&model.place);
    effects.push(Effect::Ask(Request::TakePendingSecret {}));
    effects.push(Effect::ReadRetirement);
    effects
}

/// What a place needs read before its screen is whole: in an organization the session (after
/// the host permissions), elsewhere the host permissions and the recent organizations, both
/// asked at once.
fn look_around(place: &Place) -> Vec<Effect> {
    match place {
        Place::Org(_) => vec![Effect::CheckHostAccess],
        Place::Elsewhere { .. } => vec![Effect::CheckHostAccess, Effect::ReadRecentOrgs],
    }
}

/// What Escape does here, if anything: a row's question closes, a screen returns home.
pub fn escape(model: &Model) -> Option<Msg> {
    match &model.screen {
        Screen::Tokens(TokensScreen { row: Some(_), .. }) => Some(Msg::CancelRow),
        Screen::Created(CreatedScreen {
            replaced:
                Some(Replaced {
                    phase: RevokePhase::Confirming,
                    ..
                }),
            ..
        }) => Some(Msg::CancelRevokeReplaced),
        Screen::Tokens(_) | Screen::Created(_) => Some(Msg::Home),
        Screen::Home(CreatePhase::Failed { .. }) => Some(Msg::Home),
        Screen::Home(_) => None,
    }
}

pub fn update(model: &mut Model, msg: Msg, now: OffsetDateTime) -> Vec<Effect> {
    match msg {
        Msg::Create { preset, days } => create(model, preset, days),
        Msg::Copy => copy(model),
        Msg::CopyFormat(id) => {
            if let (Screen::Created(c), Some(format)) = (&mut model.screen, CopyFormat::parse(&id))
            {
                if c.copy.format != format {
                    c.copy.format = format;
                    c.copied = false;
                }
            }
            Vec::new()
        }
        Msg::CopyFeed(text) => edit_copy(model, |c| c.feed = text),
        Msg::CopyProject(text) => edit_copy(model, |c| c.project = text),
        Msg::Copied(done) => {
            let mut said = Text::key(if done {
                "popup_copied"
            } else {
                "popup_copy_failed"
            });
            if let Screen::Created(c) = &mut model.screen {
                c.copied = done;
                if done && c.copy.format != CopyFormat::Raw {
                    said = Text::with("popup_copied_as", [words::copy_format(c.copy.format)]);
                }
            }
            vec![Effect::Announce(said)]
        }
        Msg::Home => {
            model.screen = Screen::Home(CreatePhase::Idle);
            Vec::new()
        }
        Msg::ShowTokens => show_tokens(model),
        Msg::Recheck => match &mut model.place {
            Place::Org(p) => {
                p.session = Session::Checking;
                vec![Effect::CheckHostAccess]
            }
            Place::Elsewhere { .. } => Vec::new(),
        },
        Msg::OpenOptions => vec![Effect::OpenOptions],
        Msg::OpenUrl(url) => vec![Effect::OpenTab(url)],
        Msg::RequestAccess => vec![Effect::RequestHostAccess],
        Msg::AccessGranted(true) => {
            model.screen = Screen::Home(CreatePhase::Idle);
            match &mut model.place {
                Place::Org(p) => p.session = Session::Checking,
                Place::Elsewhere { access, .. } => *access = Access::Checking,
            }
            // With access the active tab's address shows: find the organization again.
            vec![Effect::FindPlace]
        }
        Msg::PlaceFound { tab, sync } => {
            model.place = Place::find(tab.as_ref(), &sync);
            look_around(&model.place)
        }
        Msg::AccessGranted(false) => {
            vec![Effect::Announce(Text::key("popup_access_refused"))]
        }
        Msg::HostAccess(held) => match &mut model.place {
            Place::Org(p) if held => vec![Effect::Ask(Request::Hello { org: p.org.clone() })],
            Place::Org(p) => {
                p.session = Session::Known(SessionState::NoHostAccess {});
                Vec::new()
            }
            Place::Elsewhere { access, .. } => {
                *access = if held { Access::Held } else { Access::Missing };
                Vec::new()
            }
        },
        Msg::Retirement(raw) => {
            model.policy.retirement = retirement_in(raw.as_ref());
            Vec::new()
        }
        Msg::RecentOrgs(orgs) => {
            if let Place::Elsewhere { recent, .. } = &mut model.place {
                *recent = Some(orgs);
            }
            Vec::new()
        }
        Msg::ChooseDays(id) => set_row(model, Some((id, RowMode::ChooseDays))),
        Msg::AskRevoke(id) => set_row(model, Some((id, RowMode::ConfirmRevoke))),
        Msg::CancelRow => set_row(model, None),
        Msg::Extend(id, days) => row_action(model, id, "popup_working", |org| Request::Extend {
            org,
            id,
            days,
        }),
        Msg::Rotate(id) => row_action(model, id, "popup_creating", |org| Request::Rotate {
            org,
            id,
        }),
        Msg::Revoke(id) => row_action(model, id, "popup_working", |org| Request::Revoke {
            org,
            id,
        }),
        Msg::AskRevokeReplaced => set_replaced(model, RevokePhase::Confirming),
        Msg::CancelRevokeReplaced => set_replaced(model, RevokePhase::Offered),
        Msg::RevokeReplaced => revoke_replaced(model),
        Msg::Filter(text) => {
            if let Screen::Tokens(screen) = &mut model.screen {
                screen.filter = text;
            }
            Vec::new()
        }
        Msg::Scope(scope) => {
            let changed = model.scope != scope;
            model.scope = scope;
            match &model.screen {
                Screen::Tokens(_) if changed => show_tokens(model),
                _ => Vec::new(),
            }
        }
        Msg::Export(format) => match &model.screen {
            Screen::Tokens(screen) => match export(screen, format, &model.policy, now) {
                Some(file) => vec![
                    Effect::Download(file),
                    Effect::Announce(Text::key("popup_exported")),
                ],
                None => Vec::new(),
            },
            _ => Vec::new(),
        },
        Msg::Answered { request, reply } => answered(model, request, reply, now),
        Msg::HideSecret(id) => match &model.screen {
            Screen::Created(c) if c.created.token.id == id => {
                model.screen = Screen::Home(CreatePhase::Idle);
                vec![Effect::Announce(Text::key("popup_secret_hidden"))]
            }
            _ => Vec::new(),
        },
        Msg::RetryReady => {
            if let Some(problem) = shown_problem(&mut model.screen) {
                problem.wait_over();
            }
            Vec::new()
        }
    }
}

/// The problem on the screen in front, if any.
fn shown_problem(screen: &mut Screen) -> Option<&mut Problem> {
    match screen {
        Screen::Home(CreatePhase::Failed { problem, .. }) => Some(problem),
        Screen::Tokens(TokensScreen {
            list: TokenList::Failed(problem),
            ..
        }) => Some(problem),
        Screen::Tokens(TokensScreen {
            notice: Some(Notice::Failed { problem }),
            ..
        }) => Some(problem),
        Screen::Created(CreatedScreen {
            replaced:
                Some(Replaced {
                    phase: RevokePhase::Failed(problem),
                    ..
                }),
            ..
        }) => Some(problem),
        _ => None,
    }
}

/// A problem that makes Retry wait schedules the end of the wait.
fn wait_for(problem: &Problem) -> Option<Effect> {
    problem.wait_ms().map(|ms| Effect::After {
        ms,
        msg: Msg::RetryReady,
    })
}

fn set_session(model: &mut Model, session: SessionState) {
    if let Place::Org(p) = &mut model.place {
        p.session = Session::Known(session);
    }
}

fn create(model: &mut Model, preset: PresetId, days: Option<u32>) -> Vec<Effect> {
    let Some(org) = model.org().cloned() else {
        return Vec::new();
    };
    // A second click while a create runs does nothing: the state names the one running.
    if matches!(model.screen, Screen::Home(CreatePhase::Creating { .. })) {
        return Vec::new();
    }
    model.screen = Screen::Home(CreatePhase::Creating {
        preset: preset.clone(),
    });
    vec![
        Effect::Announce(Text::key("popup_creating")),
        Effect::Ask(Request::CreateFromPreset {
            org,
            preset_id: preset,
            lifetime_days: days,
        }),
    ]
}

/// Copy: the secret in the chosen format, made now and handed to the clipboard (never kept).
/// A feed typed in the panel that is missing or invalid is said instead, and nothing is copied.
fn copy(model: &mut Model) -> Vec<Effect> {
    let Screen::Created(c) = &mut model.screen else {
        return Vec::new();
    };
    match c.copy.copy_as() {
        Ok(copy_as) => {
            vec![Effect::CopySecret(copy_text(
                &c.created.secret,
                &copy_as,
                &c.created.org,
            ))]
        }
        Err(problems) => {
            c.copy.show_problems = true;
            c.copied = false;
            let said = problems
                .first()
                .map(words::preset_problem)
                .unwrap_or_else(|| Text::key("popup_copy_failed"));
            vec![Effect::Announce(said)]
        }
    }
}

/// A change of the panel's feed fields: what was copied before is no longer what Copy makes.
fn edit_copy(model: &mut Model, change: impl FnOnce(&mut CopyChoice)) -> Vec<Effect> {
    if let Screen::Created(c) = &mut model.screen {
        change(&mut c.copy);
        c.copied = false;
    }
    Vec::new()
}

/// Shows a created token (its secret, once), tells the worker to drop its copy, and forgets
/// the secret after a while. "Copy as…" starts on the format of the preset it was made from.
fn show_created(model: &mut Model, created: Created, replaced: Option<Replaced>) -> Vec<Effect> {
    let id = created.token.id;
    let copy = CopyChoice::of(model.preset(created.preset.as_ref()));
    model.screen = Screen::Created(CreatedScreen {
        created,
        copied: false,
        replaced,
        copy,
    });
    vec![
        Effect::Announce(Text::key("popup_created_title")),
        Effect::Ask(Request::ForgetPending { id }),
        Effect::After {
            ms: SECRET_SHOWN_MS,
            msg: Msg::HideSecret(id),
        },
    ]
}

fn show_tokens(model: &mut Model) -> Vec<Effect> {
    let Some(org) = model.org().cloned() else {
        return Vec::new();
    };
    let scope = model.scope;
    model.screen = Screen::Tokens(TokensScreen {
        org: org.clone(),
        scope,
        list: TokenList::Loading,
        filter: String::new(),
        row: None,
        notice: None,
    });
    let request = match scope {
        TokenScope::ThisOrg => Request::ListTokens { org },
        TokenScope::AllOrgs => Request::ListAllTokens { org },
    };
    vec![
        Effect::Announce(Text::key("popup_tokens_loading")),
        Effect::Ask(request),
    ]
}

fn set_row(model: &mut Model, row: Option<(AuthorizationId, RowMode)>) -> Vec<Effect> {
    if let Screen::Tokens(screen) = &mut model.screen {
        screen.row = row;
    }
    Vec::new()
}

/// Starts an action on a listed token: its row works, the worker is asked.
fn row_action(
    model: &mut Model,
    id: AuthorizationId,
    said: &'static str,
    request: impl FnOnce(crate::protocol::OrgRef) -> Request,
) -> Vec<Effect> {
    let (Some((group, token)), Screen::Tokens(screen)) = (model.listed_in(id), &model.screen)
    else {
        return Vec::new();
    };
    // A token of an organization nobody can name cannot be reached (its name is part of the
    // URL): the row says so instead of offering the action.
    if !group.can_act() {
        return Vec::new();
    }
    let token = token.clone();
    let org = screen.org.clone();
    model.working_on = Some(token);
    set_row(model, Some((id, RowMode::Working)));
    vec![Effect::Announce(Text::key(said)), Effect::Ask(request(org))]
}

fn set_replaced(model: &mut Model, phase: RevokePhase) -> Vec<Effect> {
    if let Screen::Created(CreatedScreen {
        replaced: Some(replaced),
        ..
    }) = &mut model.screen
    {
        replaced.phase = phase;
    }
    Vec::new()
}

fn revoke_replaced(model: &mut Model) -> Vec<Effect> {
    let Some(org) = model.org().cloned() else {
        return Vec::new();
    };
    let id = match &model.screen {
        Screen::Created(CreatedScreen {
            replaced: Some(r), ..
        }) => r.id,
        _ => return Vec::new(),
    };
    set_replaced(model, RevokePhase::Working);
    vec![
        Effect::Announce(Text::key("popup_working")),
        Effect::Ask(Request::Revoke { org, id }),
    ]
}

/// Ends a row's action: the list takes the change, the notice says it.
fn finish_row(model: &mut Model, notice: Notice, now: OffsetDateTime) -> Vec<Effect> {
    model.working_on = None;
    let said = notice_text(&notice, now);
    let mut effects = vec![Effect::Announce(said)];
    if let Notice::Failed { problem } = &notice {
        effects.extend(wait_for(problem));
    }
    if let Screen::Tokens(screen) = &mut model.screen {
        if let TokenList::Loaded { groups, .. } = &mut screen.list {
            for tokens in groups.iter_mut().map(|g| &mut g.tokens) {
                match &notice {
                    Notice::Extended { token, .. } => {
                        if let Some(slot) = tokens.iter_mut().find(|t| t.id == token.id) {
                            *slot = token.clone();
                        }
                    }
                    Notice::Revoked { id, .. } => tokens.retain(|t| t.id != *id),
                    Notice::Failed { .. } => {}
                }
            }
        }
        screen.row = None;
        screen.notice = Some(notice);
    }
    effects
}

fn answered(
    model: &mut Model,
    request: Request,
    reply: Result<Response, ErrorData>,
    now: OffsetDateTime,
) -> Vec<Effect> {
    match (request, reply) {
        (Request::Hello { .. }, Ok(Response::Session { session, .. })) => {
            set_session(model, session);
            Vec::new()
        }
        (Request::Hello { .. }, Err(error)) => {
            set_session(model, SessionState::Unknown { error });
            Vec::new()
        }
        (
            Request::TakePendingSecret {},
            Ok(Response::Pending {
                created,
                interrupted,
            }),
        ) => {
            if let Some(created) = created {
                show_created(model, created, None)
            } else if let Some(outcome) = interrupted {
                if matches!(model.screen, Screen::Home(CreatePhase::Idle)) {
                    model.screen = Screen::Home(CreatePhase::Failed {
                        retry: None,
                        problem: Problem::Uncertain {
                            outcome: Some(outcome),
                        },
                    });
                }
                Vec::new()
            } else {
                Vec::new()
            }
        }
        // `not_kept`: the engine could not keep a copy for a later popup. This popup shows the
        // secret now, as any other, and its hint already says it will not show again.
        (Request::CreateFromPreset { .. }, Ok(Response::Created { created, .. })) => {
            show_created(model, created, None)
        }
        (
            Request::CreateFromPreset {
                preset_id,
                lifetime_days,
                ..
            },
            Err(error),
        ) => {
            let problem = Problem::from_error(&error);
            if let Some(session) = problem.session() {
                set_session(model, session);
            }
            let mut effects = vec![Effect::Announce(problem.headline())];
            effects.extend(wait_for(&problem));
            if matches!(model.screen, Screen::Home(_)) {
                let retry = Some(Retry {
                    preset: preset_id,
                    days: lifetime_days,
                });
                model.screen = Screen::Home(CreatePhase::Failed { retry, problem });
            }
            effects
        }
        (request @ (Request::ListTokens { .. } | Request::ListAllTokens { .. }), reply) => {
            let scope = match &request {
                Request::ListAllTokens { .. } => TokenScope::AllOrgs,
                _ => TokenScope::ThisOrg,
            };
            // An answer to the other view (the switch was flipped meanwhile) is not shown.
            if !matches!(&model.screen, Screen::Tokens(s) if s.scope == scope) {
                return Vec::new();
            }
            let list = match reply {
                Ok(Response::Tokens {
                    org, tokens, error, ..
                }) => TokenList::Loaded {
                    groups: vec![OrgTokens {
                        org: AuditOrg::Named {
                            name: org,
                            id: None,
                        },
                        tokens,
                    }],
                    stale: error,
                },
                Ok(Response::AllTokens { groups, error, .. }) => TokenList::Loaded {
                    groups,
                    stale: error,
                },
                Ok(_) => return Vec::new(),
                Err(error) => TokenList::Failed(Problem::from_error(&error)),
            };
            let mut effects = vec![Effect::Announce(match &list {
                TokenList::Loaded { groups, .. } => {
                    let tokens: Vec<_> = groups.iter().flat_map(|g| g.tokens.clone()).collect();
                    count_line(&tokens)
                }
                TokenList::Failed(problem) => problem.headline(),
                TokenList::Loading => Text::plain(""),
            })];
            if let TokenList::Failed(problem) = &list {
                effects.extend(wait_for(problem));
            }
            if let Screen::Tokens(screen) = &mut model.screen {
                screen.list = list;
            }
            effects
        }
        (
            Request::Extend { .. },
            Ok(Response::Extended {
                token,
                requested_valid_to,
                ..
            }),
        ) => {
            let before = model.working_on.clone();
            let requested = requested_valid_to;
            let before_valid_to = before.as_ref().map_or(token.valid_to, |b| b.valid_to);
            let notice = Notice::Extended {
                name: before.map_or_else(|| token.name.clone(), |b| b.name),
                outcome: extend_outcome(before_valid_to, requested, token.valid_to),
                token,
            };
            finish_row(model, notice, now)
        }
        (Request::Rotate { id, .. }, Ok(Response::Created { created, .. })) => {
            let name = model
                .working_on
                .take()
                .map(|t| t.name)
                .unwrap_or_else(|| created.token.name.clone());
            let replaced = Replaced {
                id,
                name,
                phase: RevokePhase::Offered,
            };
            show_created(model, created, Some(replaced))
        }
        (Request::Revoke { id, .. }, reply) if replacing(model, id) => {
            let phase = match reply {
                Ok(_) => RevokePhase::Done,
                Err(error) => RevokePhase::Failed(Problem::from_error(&error)),
            };
            let said = match &phase {
                RevokePhase::Failed(problem) => problem.headline(),
                _ => Text::key("popup_old_revoked"),
            };
            let mut effects = vec![Effect::Announce(said)];
            if let RevokePhase::Failed(problem) = &phase {
                effects.extend(wait_for(problem));
            }
            set_replaced(model, phase);
            effects
        }
        (Request::Revoke { id, .. }, Ok(_)) => {
            let name = model
                .working_on
                .as_ref()
                .map(|t| t.name.clone())
                .unwrap_or_default();
            finish_row(model, Notice::Revoked { id, name }, now)
        }
        (Request::Extend { .. } | Request::Rotate { .. } | Request::Revoke { .. }, Err(error)) => {
            let problem = Problem::from_error(&error);
            finish_row(model, Notice::Failed { problem }, now)
        }
        // Anything else (ForgetPending's answer, a shape the worker does not send) changes
        // nothing on screen.
        _ => Vec::new(),
    }
}

/// The Created screen is revoking the token it replaced.
fn replacing(model: &Model, id: AuthorizationId) -> bool {
    matches!(
        &model.screen,
        Screen::Created(CreatedScreen {
            replaced: Some(Replaced { id: r, phase: RevokePhase::Working, .. }),
            ..
        }) if *r == id
    )
}
