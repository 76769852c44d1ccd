//! The popup's decisions, on the host: what it shows in each state and what each event does.
//! No browser: the model is opened from the parts of a tab's URL and a `storage.sync`
//! snapshot, messages are fed to `update`, and the view is read as typed words.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

use pat_pilot::ado::AdoErrorKind;
use pat_pilot::core::audit::AuditOrg;
use pat_pilot::core::known_orgs::KnownOrg;
use pat_pilot::core::lifetime::ExtendOutcome;
use pat_pilot::core::org::{HostStyle, OrgName, UrlParts};
use pat_pilot::core::preset::PresetId;
use pat_pilot::core::token::{AuthorizationId, Scopes, Secret, Token};
use pat_pilot::protocol::OrgTokens;
use pat_pilot::protocol::{
    CreateOutcome, Created, EngineErrorKind, ErrorData, ErrorKind, OrgRef, Request, Response,
    SessionState,
};
use pat_pilot::views::popup::export::{Download, ExportFormat};
use pat_pilot::views::popup::model::{
    Access, CreatePhase, Model, Notice, Place, Screen, Session, TokenList, TokenScope,
};
use pat_pilot::views::popup::problem::Problem;
use pat_pilot::views::popup::update::{escape, start, update, Effect, Msg, SECRET_SHOWN_MS};
use pat_pilot::views::popup::view::{
    page, Block, Focus, GroupView, NoticeView, Page, PresetState, ReplacedView, RowActions, Tab,
    TokensBody, Tone,
};
use pat_pilot::views::words::{self, Text};
use serde_json::{json, Value};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);

fn tab(url: &str) -> UrlParts {
    let u = url::Url::parse(url).unwrap();
    UrlParts {
        scheme: u.scheme().to_owned(),
        host: u.host_str().unwrap_or_default().to_owned(),
        path: u.path().to_owned(),
    }
}

fn preset(id: &str, name: &str, scopes: &[&str], days: u32, orgs: Value) -> (String, Value) {
    (
        format!("preset:{id}"),
        json!({"v": 1, "id": id, "name": name, "scopes": scopes, "lifetimeDays": days,
               "nameTemplate": "{preset} · {org} · {date}", "orgs": orgs}),
    )
}

/// Three presets (one only for fabrikam), their order, and settings warning at 10 days.
fn sync() -> Vec<(String, Value)> {
    vec![
        preset(
            "feeds",
            "Package feeds",
            &["vso.packaging"],
            90,
            json!("all"),
        ),
        preset("git", "Git", &["vso.code_write"], 30, json!("all")),
        preset(
            "fab",
            "Fabrikam only",
            &["vso.work"],
            7,
            json!(["fabrikam"]),
        ),
        (
            "preset-order".into(),
            json!({"v": 1, "ids": ["git", "fab", "feeds"]}),
        ),
        (
            "settings".into(),
            json!({"v": 2, "thresholds": [10], "checkIntervalHours": 6, "notifications": true}),
        ),
    ]
}

fn pid(id: &str) -> PresetId {
    PresetId::parse(id).unwrap()
}

fn contoso() -> OrgRef {
    OrgRef {
        name: OrgName::parse("contoso").unwrap(),
        style: HostStyle::Modern,
    }
}

fn opened() -> Model {
    Model::open(
        Some(&tab("https://dev.azure.com/contoso/_git/app")),
        &sync(),
    )
}

fn signed_in() -> Model {
    let mut model = opened();
    answer(
        &mut model,
        Request::Hello { org: contoso() },
        Ok(Response::Session {
            org: contoso().name,
            session: SessionState::SignedIn {
                user: Some("Ada Lovelace".into()),
            },
            route: None,
        }),
    );
    model
}

fn answer(model: &mut Model, request: Request, reply: Result<Response, ErrorData>) -> Vec<Effect> {
    update(model, Msg::Answered { request, reply }, NOW)
}

fn id(n: u128) -> AuthorizationId {
    AuthorizationId::new(uuid::Uuid::from_u128(n))
}

fn token(n: u128, name: &str, scopes: &str, valid_to: OffsetDateTime) -> Token {
    Token {
        id: id(n),
        name: name.into(),
        scopes: Scopes::parse(scopes),
        valid_from: NOW - Duration::days(5),
        valid_to,
        target_accounts: Some(vec![uuid::Uuid::from_u128(0xc0)]),
        revoked: false,
    }
}

fn created(n: u128, name: &str) -> Created {
    Created {
        org: contoso().name,
        token: token(n, name, "vso.code_write", NOW + Duration::days(30)),
        secret: Secret::new("s3cr3t-value"),
        requested_valid_to: datetime!(2027-01-02 10:00 UTC),
        policy_limited: false,
        replaces: None,
        preset: None,
    }
}

fn error(kind: impl Into<ErrorKind>) -> ErrorData {
    ErrorData::new(kind, "what the engine said")
}

fn view(model: &Model) -> Page {
    page(model, NOW)
}

fn announced(effects: &[Effect]) -> Vec<Text> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Announce(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

fn asked(effects: &[Effect]) -> Vec<Request> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Ask(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn presets_shown(page: &Page) -> Vec<(String, PresetState)> {
    page.blocks
        .iter()
        .find_map(|b| match b {
            Block::Presets(items) => Some(
                items
                    .iter()
                    .map(|i| (i.name.clone(), i.state))
                    .collect::<Vec<_>>(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

fn problem_panel(page: &Page) -> Option<&pat_pilot::views::popup::view::Panel> {
    page.blocks.iter().find_map(|b| match b {
        Block::Problem(p) => Some(p),
        _ => None,
    })
}

// Opening.

#[test]
fn on_an_organization_the_popup_paints_its_presets_in_order_from_one_read_of_sync() {
    let model = opened();
    let page = view(&model);
    assert_eq!(
        presets_shown(&page),
        vec![
            ("Git".to_owned(), PresetState::Ready),
            ("Package feeds".to_owned(), PresetState::Ready),
        ],
        "fabrikam's preset is not offered in contoso"
    );
    assert_eq!(
        page.org_line,
        Some(("contoso".into(), Text::key("popup_session_checking")))
    );
    assert_eq!(page.tabs, Some(Some(Tab::Create)));
    assert_eq!(
        start(&model),
        vec![
            Effect::CheckHostAccess,
            Effect::Ask(Request::TakePendingSecret {}),
            Effect::ReadRetirement,
        ],
        "after the first paint; the retirement record too (it only changes token statuses)"
    );
    let Block::Presets(items) = &page.blocks[0] else {
        panic!("presets first")
    };
    assert_eq!(
        items[0].button.focus,
        Focus::First,
        "focus starts on the first preset"
    );
    assert_eq!(items[0].days, words::days(30));
    assert_eq!(
        items[0].scopes,
        Text::List(vec![Text::with(
            "popup_scope_entry",
            [Text::plain("Code"), Text::plain("Read & write")]
        )])
    );
    assert_eq!(
        items[0].button.msg,
        Msg::Create {
            preset: pid("git"),
            days: None
        }
    );
}

#[test]
fn the_legacy_host_is_the_same_organization() {
    let model = Model::open(Some(&tab("https://contoso.visualstudio.com/")), &sync());
    assert_eq!(
        model.org(),
        Some(&OrgRef {
            name: contoso().name,
            style: HostStyle::Legacy
        })
    );
}

#[test]
fn garbled_records_are_left_out_and_garbled_settings_give_the_defaults() {
    let mut items = sync();
    items.push(("preset:broken".into(), json!({"v": 1, "id": "broken"})));
    items.push(("preset:other-key".into(), items[0].1.clone()));
    items.retain(|(k, _)| k != "settings");
    items.push(("settings".into(), json!("not an object")));
    let model = Model::open(Some(&tab("https://dev.azure.com/contoso/")), &items);
    assert_eq!(model.presets().len(), 2);
    assert_eq!(model.policy, Default::default());
}

#[test]
fn away_from_azure_devops_the_popup_waits_for_the_recent_organizations_then_lists_them() {
    let mut model = Model::open(Some(&tab("https://example.com/contoso")), &sync());
    assert_eq!(
        model.place,
        Place::Elsewhere {
            recent: None,
            access: Access::Checking
        }
    );
    assert_eq!(view(&model).blocks, vec![], "nothing half-drawn");
    assert!(view(&model).waiting, "and nothing takes focus yet");
    assert_eq!(view(&model).tabs, None);
    assert_eq!(
        start(&model),
        vec![
            Effect::CheckHostAccess,
            Effect::ReadRecentOrgs,
            Effect::Ask(Request::TakePendingSecret {}),
            Effect::ReadRetirement,
        ],
        "both reads at once"
    );
    update(&mut model, Msg::RecentOrgs(Vec::new()), NOW);
    assert_eq!(view(&model).blocks, vec![], "still asking for access");
    assert!(view(&model).waiting);
    update(&mut model, Msg::HostAccess(true), NOW);
    assert!(!view(&model).waiting);
    let Block::Elsewhere { recent, open } = &view(&model).blocks[0] else {
        panic!("elsewhere")
    };
    assert!(recent.is_empty());
    assert_eq!(open.class, "primary", "dev.azure.com is the one step left");

    let known = KnownOrg {
        name: OrgName::parse("fabrikam").unwrap(),
        host_style: HostStyle::Legacy,
        last_used: NOW,
    };
    update(&mut model, Msg::RecentOrgs(vec![known]), NOW);
    let Block::Elsewhere { recent, open } = &view(&model).blocks[0] else {
        panic!("elsewhere")
    };
    assert_eq!(open.class, "secondary");
    assert_eq!(
        recent[0].msg,
        Msg::OpenUrl("https://fabrikam.visualstudio.com/".into())
    );
    assert_eq!(
        recent[0].name,
        Some(Text::with("popup_open_org", [Text::plain("fabrikam")]))
    );
    assert_eq!(
        update(
            &mut model,
            Msg::OpenUrl("https://dev.azure.com/".into()),
            NOW
        ),
        vec![Effect::OpenTab("https://dev.azure.com/".into())]
    );
}

#[test]
fn without_a_tab_address_the_popup_is_elsewhere() {
    let model = Model::open(None, &sync());
    assert!(matches!(model.place, Place::Elsewhere { .. }));
}

#[test]
fn with_no_preset_for_the_organization_the_popup_offers_the_options_page() {
    let model = Model::open(Some(&tab("https://dev.azure.com/northwind/")), &[]);
    let Block::NoPresets { org, options } = &view(&model).blocks[0] else {
        panic!("no presets")
    };
    assert_eq!(org, "northwind");
    assert_eq!(options.msg, Msg::OpenOptions);
    assert_eq!(options.focus, Focus::First);
}

// Who is signed in.

#[test]
fn without_site_access_the_popup_asks_for_it_and_hides_the_presets() {
    let mut model = opened();
    assert!(asked(&update(&mut model, Msg::HostAccess(false), NOW)).is_empty());
    let page = view(&model);
    assert_eq!(presets_shown(&page), vec![]);
    let panel = problem_panel(&page).unwrap();
    assert_eq!(panel.headline, Text::key("popup_no_access_title"));
    assert_eq!(panel.actions[0].msg, Msg::RequestAccess);
    assert_eq!(
        page.org_line.unwrap().1,
        Text::key("popup_session_no_access")
    );

    assert_eq!(
        update(&mut model, Msg::RequestAccess, NOW),
        vec![Effect::RequestHostAccess]
    );
    assert_eq!(
        announced(&update(&mut model, Msg::AccessGranted(false), NOW)),
        vec![Text::key("popup_access_refused")]
    );
    assert_eq!(
        update(&mut model, Msg::AccessGranted(true), NOW),
        vec![Effect::FindPlace],
        "granted: find the organization again (the tab's address now shows)"
    );
    assert_eq!(
        problem_panel(&view(&model)),
        None,
        "the question is answered"
    );
    assert_eq!(
        update(
            &mut model,
            Msg::PlaceFound {
                tab: Some(tab("https://dev.azure.com/contoso/_git/app")),
                sync: sync(),
            },
            NOW
        ),
        vec![Effect::CheckHostAccess],
        "then ask again who is signed in"
    );
    assert_eq!(
        model.place,
        Place::Org(pat_pilot::views::popup::model::OrgPlace {
            org: contoso(),
            presets: opened().presets().to_vec(),
            session: Session::Checking,
        })
    );
}

#[test]
fn with_site_access_the_popup_says_hello_and_names_who_is_signed_in() {
    let mut model = opened();
    assert_eq!(
        update(&mut model, Msg::HostAccess(true), NOW),
        vec![Effect::Ask(Request::Hello { org: contoso() })]
    );
    let model = signed_in();
    assert_eq!(
        view(&model).org_line.unwrap().1,
        Text::with("popup_session_user", [Text::plain("Ada Lovelace")])
    );
}

#[test]
fn signed_out_the_popup_offers_to_sign_in_on_the_organizations_page_only() {
    let mut model = opened();
    answer(
        &mut model,
        Request::Hello { org: contoso() },
        Ok(Response::Session {
            org: contoso().name,
            session: SessionState::SignedOut {},
            route: None,
        }),
    );
    let page = view(&model);
    assert_eq!(page.blocks.len(), 1, "no preset to click while signed out");
    let panel = problem_panel(&page).unwrap();
    assert_eq!(panel.headline, Text::key("popup_signed_out_title"));
    assert_eq!(
        panel.actions[0].msg,
        Msg::OpenUrl("https://dev.azure.com/contoso/".into())
    );
}

#[test]
fn when_the_worker_cannot_tell_the_presets_stay_with_a_note_and_a_retry() {
    let mut model = opened();
    answer(
        &mut model,
        Request::Hello { org: contoso() },
        Err(error(AdoErrorKind::Network)),
    );
    let page = view(&model);
    let Block::Note(note) = &page.blocks[0] else {
        panic!("a note first")
    };
    assert_eq!(note.detail, "what the engine said");
    assert_eq!(note.retry.msg, Msg::Recheck);
    assert_eq!(presets_shown(&page).len(), 2);
    assert_eq!(
        update(&mut model, Msg::Recheck, NOW),
        vec![Effect::CheckHostAccess]
    );
    assert_eq!(
        view(&model).org_line.unwrap().1,
        Text::key("popup_session_checking")
    );
}

// Creating.

fn create_git(model: &mut Model) -> Vec<Effect> {
    update(
        model,
        Msg::Create {
            preset: pid("git"),
            days: None,
        },
        NOW,
    )
}

#[test]
fn a_preset_click_creates_once_while_its_button_shows_progress_and_the_others_wait() {
    let mut model = signed_in();
    let effects = create_git(&mut model);
    assert_eq!(
        effects,
        vec![
            Effect::Announce(Text::key("popup_creating")),
            Effect::Ask(Request::CreateFromPreset {
                org: contoso(),
                preset_id: pid("git"),
                lifetime_days: None,
            }),
        ]
    );
    assert_eq!(
        presets_shown(&view(&model)),
        vec![
            ("Git".to_owned(), PresetState::Busy),
            ("Package feeds".to_owned(), PresetState::Waiting),
        ]
    );
    assert_eq!(
        create_git(&mut model),
        vec![],
        "a second click does nothing"
    );
}

#[test]
fn a_created_token_is_shown_once_the_worker_forgets_its_copy_and_it_hides_after_ten_minutes() {
    let mut model = signed_in();
    create_git(&mut model);
    let request = Request::CreateFromPreset {
        org: contoso(),
        preset_id: pid("git"),
        lifetime_days: None,
    };
    let effects = answer(
        &mut model,
        request,
        Ok(Response::Created {
            created: created(7, "Git · contoso · 2026-12-03"),
            not_kept: None,
        }),
    );
    assert_eq!(
        effects,
        vec![
            Effect::Announce(Text::key("popup_created_title")),
            Effect::Ask(Request::ForgetPending { id: id(7) }),
            Effect::After {
                ms: SECRET_SHOWN_MS,
                msg: Msg::HideSecret(id(7))
            },
        ]
    );
    let page = view(&model);
    assert_eq!(
        page.tabs,
        Some(None),
        "no tab is current on a created token"
    );
    let Block::Created(shown) = &page.blocks[0] else {
        panic!("created")
    };
    assert_eq!(shown.secret.expose(), "s3cr3t-value");
    assert!(
        !format!("{shown:?}").contains("s3cr3t-value"),
        "the view's Debug hides the secret"
    );
    assert_eq!(shown.copy.focus, Focus::First);
    assert_eq!(
        shown.expiry,
        words::expiry(NOW, NOW + Duration::days(30)),
        "the expiry the server set"
    );
    assert_eq!(shown.shortened, None);

    let copy = update(&mut model, Msg::Copy, NOW);
    assert_eq!(copy, vec![Effect::CopySecret(Secret::new("s3cr3t-value"))]);
    assert!(
        !format!("{copy:?}").contains("s3cr3t-value"),
        "the effect's Debug hides the secret"
    );
    assert_eq!(
        announced(&update(&mut model, Msg::Copied(true), NOW)),
        vec![Text::key("popup_copied")]
    );
    let Block::Created(shown) = &view(&model).blocks[0] else {
        panic!("created")
    };
    assert_eq!(shown.copy.label, Text::key("popup_copied_short"));

    assert_eq!(update(&mut model, Msg::HideSecret(id(8)), NOW), vec![]);
    assert!(matches!(model.screen, Screen::Created(_)));
    assert_eq!(
        announced(&update(&mut model, Msg::HideSecret(id(7)), NOW)),
        vec![Text::key("popup_secret_hidden")]
    );
    assert_eq!(model.screen, Screen::Home(CreatePhase::Idle));
}

#[test]
fn a_copy_the_clipboard_refuses_is_said() {
    let mut model = signed_in();
    answer(
        &mut model,
        Request::TakePendingSecret {},
        Ok(Response::Pending {
            created: Some(created(7, "Git")),
            interrupted: None,
        }),
    );
    assert_eq!(
        announced(&update(&mut model, Msg::Copied(false), NOW)),
        vec![Text::key("popup_copy_failed")]
    );
    let Block::Created(shown) = &view(&model).blocks[0] else {
        panic!("created")
    };
    assert_eq!(shown.copy.label, Text::key("popup_copy"));
}

#[test]
fn a_policy_shortened_token_says_what_was_asked() {
    let mut model = signed_in();
    let mut c = created(7, "Git");
    c.policy_limited = true;
    answer(
        &mut model,
        Request::TakePendingSecret {},
        Ok(Response::Pending {
            created: Some(c),
            interrupted: None,
        }),
    );
    let Block::Created(shown) = &view(&model).blocks[0] else {
        panic!("created")
    };
    assert_eq!(
        shown.shortened,
        Some(Text::with(
            "popup_policy_shortened",
            [words::date(datetime!(2027-01-02 10:00 UTC), false)]
        ))
    );
}

#[test]
fn leaving_the_created_screen_forgets_the_secret() {
    let mut model = signed_in();
    answer(
        &mut model,
        Request::TakePendingSecret {},
        Ok(Response::Pending {
            created: Some(created(7, "Git")),
            interrupted: None,
        }),
    );
    assert_eq!(escape(&model), Some(Msg::Home));
    update(&mut model, Msg::Home, NOW);
    assert_eq!(model.screen, Screen::Home(CreatePhase::Idle));
    assert!(!format!("{:?}", view(&model)).contains("s3cr3t-value"));
}

#[test]
fn a_lifespan_refusal_offers_the_largest_shorter_lifetimes_and_one_creates_with_it() {
    let mut model = signed_in();
    create_git(&mut model);
    let request = Request::CreateFromPreset {
        org: contoso(),
        preset_id: pid("git"),
        lifetime_days: None,
    };
    let effects = answer(
        &mut model,
        request,
        Err(error(AdoErrorKind::PolicyLifespan)),
    );
    assert_eq!(
        announced(&effects),
        vec![Text::key("popup_policy_lifespan")]
    );
    let page = view(&model);
    let panel = problem_panel(&page).unwrap();
    let shorter = panel.shorter.as_ref().unwrap();
    assert_eq!(shorter.lead, Text::key("popup_lifespan_choose"));
    let shorter: Vec<&Msg> = shorter.choices.iter().map(|b| &b.msg).collect();
    assert_eq!(
        shorter,
        vec![
            &Msg::Create {
                preset: pid("git"),
                days: Some(14)
            },
            &Msg::Create {
                preset: pid("git"),
                days: Some(7)
            },
            &Msg::Create {
                preset: pid("git"),
                days: Some(1)
            },
        ],
        "below the preset's 30 days"
    );
    assert_eq!(
        panel.shorter.as_ref().unwrap().choices[0].focus,
        Focus::First
    );
    assert_eq!(presets_shown(&page).len(), 2, "the presets stay");
    assert_eq!(escape(&model), Some(Msg::Home));

    // A refusal of 14 days offers less than 14.
    update(
        &mut model,
        Msg::Create {
            preset: pid("git"),
            days: Some(14),
        },
        NOW,
    );
    let request = Request::CreateFromPreset {
        org: contoso(),
        preset_id: pid("git"),
        lifetime_days: Some(14),
    };
    answer(
        &mut model,
        request,
        Err(error(AdoErrorKind::PolicyLifespan)),
    );
    let page = view(&model);
    let days: Vec<Text> = problem_panel(&page)
        .unwrap()
        .shorter
        .as_ref()
        .unwrap()
        .choices
        .iter()
        .map(|b| b.label.clone())
        .collect();
    assert_eq!(
        days,
        vec![
            Text::with("popup_create_with_days", [words::days(7)]),
            Text::with("popup_create_with_days", [words::days(1)]),
        ]
    );
}

#[test]
fn slow_down_makes_retry_wait_as_long_as_azure_devops_asked() {
    let mut model = signed_in();
    create_git(&mut model);
    let mut e = error(AdoErrorKind::RateLimited);
    e.retry_after_secs = Some(2);
    let request = Request::CreateFromPreset {
        org: contoso(),
        preset_id: pid("git"),
        lifetime_days: None,
    };
    let effects = answer(&mut model, request, Err(e));
    assert!(effects.contains(&Effect::After {
        ms: 2000,
        msg: Msg::RetryReady
    }));
    let retry = |model: &Model| problem_panel(&view(model)).unwrap().actions[0].clone();
    assert!(retry(&model).disabled);
    assert_eq!(
        retry(&model).msg,
        Msg::Create {
            preset: pid("git"),
            days: None
        }
    );
    update(&mut model, Msg::RetryReady, NOW);
    assert!(!retry(&model).disabled);
}

#[test]
fn a_create_refused_as_signed_out_updates_the_header_too() {
    let mut model = signed_in();
    create_git(&mut model);
    let request = Request::CreateFromPreset {
        org: contoso(),
        preset_id: pid("git"),
        lifetime_days: None,
    };
    answer(&mut model, request, Err(error(AdoErrorKind::SignedOut)));
    assert_eq!(
        view(&model).org_line.unwrap().1,
        Text::key("popup_session_signed_out")
    );
}

#[test]
fn a_server_error_that_created_nothing_offers_retry_and_an_uncertain_one_offers_tokens() {
    let mut model = signed_in();
    create_git(&mut model);
    let request = Request::CreateFromPreset {
        org: contoso(),
        preset_id: pid("git"),
        lifetime_days: None,
    };
    let mut e = error(EngineErrorKind::CreateUncertain);
    e.outcome = Some(Box::new(CreateOutcome::NotCreated {
        name: "Git · contoso · 2026-12-03".into(),
    }));
    answer(&mut model, request.clone(), Err(e));
    let panel = problem_panel(&view(&model)).unwrap().clone();
    assert_eq!(panel.headline, Text::key("popup_uncertain_not_created"));
    assert_eq!(panel.actions[0].label, Text::key("popup_retry"));

    create_git(&mut model);
    let mut e = error(EngineErrorKind::CreateUncertain);
    e.outcome = Some(Box::new(CreateOutcome::Unknown {
        name: "Git · contoso · 2026-12-03".into(),
    }));
    answer(&mut model, request, Err(e));
    let panel = problem_panel(&view(&model)).unwrap().clone();
    assert_eq!(panel.headline, Text::key("popup_uncertain_check_tokens"));
    assert_eq!(panel.actions[0].msg, Msg::ShowTokens);
}

#[test]
fn a_create_cut_off_while_no_popup_was_open_is_said_without_a_retry() {
    let mut model = signed_in();
    answer(
        &mut model,
        Request::TakePendingSecret {},
        Ok(Response::Pending {
            created: None,
            interrupted: Some(CreateOutcome::Several {
                count: 2,
                name: "Git · contoso · 2026-12-03".into(),
            }),
        }),
    );
    let Screen::Home(CreatePhase::Failed { retry, problem }) = &model.screen else {
        panic!("failed")
    };
    assert_eq!(retry, &None);
    assert_eq!(
        problem,
        &Problem::Uncertain {
            outcome: Some(CreateOutcome::Several {
                count: 2,
                name: "Git · contoso · 2026-12-03".into()
            })
        }
    );
}

/// The effects that ask the worker to forget a secret, each with whether the model, as it
/// stands after the update, shows that very token: `run.rs` paints the model before it runs
/// the effects, so a `ForgetPending` leaves only once its secret is on screen.
fn forgets(model: &Model, effects: &[Effect]) -> Vec<(AuthorizationId, bool)> {
    asked(effects)
        .into_iter()
        .filter_map(|r| match r {
            Request::ForgetPending { id } => Some(id),
            _ => None,
        })
        .map(|forgotten| {
            let shown = matches!(
                view(model).blocks.first(),
                Some(Block::Created(c)) if c.secret.expose() == "s3cr3t-value"
            ) && matches!(&model.screen, Screen::Created(c) if c.created.token.id == forgotten);
            (forgotten, shown)
        })
        .collect()
}

#[test]
fn the_worker_is_told_to_forget_a_secret_only_with_the_screen_that_shows_it() {
    // Opening asks for a waiting secret and forgets nothing.
    let model = signed_in();
    assert_eq!(forgets(&model, &start(&model)), vec![]);

    // A waiting secret handed over: shown, then forgotten.
    let mut model = signed_in();
    let effects = answer(
        &mut model,
        Request::TakePendingSecret {},
        Ok(Response::Pending {
            created: Some(created(7, "Git")),
            interrupted: None,
        }),
    );
    assert_eq!(forgets(&model, &effects), vec![(id(7), true)]);

    // Nothing waiting, or only a cut-off create: nothing to forget.
    for interrupted in [None, Some(CreateOutcome::Unknown { name: "Git".into() })] {
        let mut model = signed_in();
        let effects = answer(
            &mut model,
            Request::TakePendingSecret {},
            Ok(Response::Pending {
                created: None,
                interrupted,
            }),
        );
        assert_eq!(forgets(&model, &effects), vec![]);
    }

    // A create from this popup and a rotation: the same.
    let mut model = signed_in();
    create_git(&mut model);
    let effects = answer(
        &mut model,
        Request::CreateFromPreset {
            org: contoso(),
            preset_id: pid("git"),
            lifetime_days: None,
        },
        Ok(Response::Created {
            created: created(8, "Git"),
            not_kept: None,
        }),
    );
    assert_eq!(forgets(&model, &effects), vec![(id(8), true)]);
    let mut model = tokens_screen();
    update(&mut model, Msg::Rotate(id(2)), NOW);
    let effects = answer(
        &mut model,
        Request::Rotate {
            org: contoso(),
            id: id(2),
        },
        Ok(Response::Created {
            created: created(9, "Git (laptop) 2"),
            not_kept: None,
        }),
    );
    assert_eq!(forgets(&model, &effects), vec![(id(9), true)]);

    // A create that failed forgets nothing.
    let mut model = signed_in();
    create_git(&mut model);
    let effects = answer(
        &mut model,
        Request::CreateFromPreset {
            org: contoso(),
            preset_id: pid("git"),
            lifetime_days: None,
        },
        Err(error(AdoErrorKind::Server)),
    );
    assert_eq!(forgets(&model, &effects), vec![]);
}

#[test]
fn a_created_token_whose_copy_could_not_be_kept_is_shown_as_any_other() {
    // `not_kept`: the worker could not keep a copy for a later popup. This popup shows the
    // secret now, as it shows any other (its hint already says it will not show again).
    let kept = |not_kept: Option<ErrorData>| {
        let mut model = signed_in();
        create_git(&mut model);
        let effects = answer(
            &mut model,
            Request::CreateFromPreset {
                org: contoso(),
                preset_id: pid("git"),
                lifetime_days: None,
            },
            Ok(Response::Created {
                created: created(7, "Git · contoso · 2026-12-03"),
                not_kept,
            }),
        );
        (effects, view(&model))
    };
    let (effects, page) = kept(Some(ErrorData::new(EngineErrorKind::Storage, "quota")));
    assert_eq!(
        (effects.clone(), page.clone()),
        kept(None),
        "the same screen and the same effects"
    );
    let Block::Created(shown) = &page.blocks[0] else {
        panic!("created")
    };
    assert_eq!(shown.secret.expose(), "s3cr3t-value");
    assert_eq!(
        announced(&effects),
        vec![Text::key("popup_created_title")],
        "the storage failure is not said as a failure of the create"
    );

    // A rotation likewise.
    let mut model = tokens_screen();
    update(&mut model, Msg::Rotate(id(2)), NOW);
    answer(
        &mut model,
        Request::Rotate {
            org: contoso(),
            id: id(2),
        },
        Ok(Response::Created {
            created: created(9, "Git (laptop) 2"),
            not_kept: Some(ErrorData::new(EngineErrorKind::Storage, "quota")),
        }),
    );
    let Block::Created(shown) = &view(&model).blocks[0] else {
        panic!("created")
    };
    assert_eq!(shown.secret.expose(), "s3cr3t-value");
    assert!(
        shown.replaced.is_some(),
        "the old token is offered for revoking"
    );
}

#[test]
fn an_uncertain_create_names_the_token_to_look_for_and_offers_its_next_step() {
    const NAME: &str = "Git · contoso · 2026-12-03";
    let named = || NAME.to_owned();
    // (what the token list showed, the headline, the detail, the one action)
    let cases: Vec<(Option<CreateOutcome>, &str, Text, Msg)> = vec![
        (
            Some(CreateOutcome::NotCreated { name: named() }),
            "popup_uncertain_not_created",
            Text::with("popup_uncertain_not_created_detail", [Text::plain(NAME)]),
            Msg::Create {
                preset: pid("git"),
                days: None,
            },
        ),
        (
            Some(CreateOutcome::Several {
                count: 2,
                name: named(),
            }),
            "popup_uncertain_check_tokens",
            Text::with(
                "popup_uncertain_several",
                [Text::number(2), Text::plain(NAME)],
            ),
            Msg::ShowTokens,
        ),
        (
            Some(CreateOutcome::Unknown { name: named() }),
            "popup_uncertain_check_tokens",
            Text::with("popup_uncertain_unknown_detail", [Text::plain(NAME)]),
            Msg::ShowTokens,
        ),
        // No outcome at all: the list was not read; the words say so, with no name to give.
        (
            None,
            "popup_uncertain_check_tokens",
            Text::key("popup_uncertain_no_answer_detail"),
            Msg::ShowTokens,
        ),
    ];
    for (outcome, headline, detail, action) in cases {
        let mut model = signed_in();
        create_git(&mut model);
        let mut e = error(EngineErrorKind::CreateUncertain);
        e.outcome = outcome.clone().map(Box::new);
        let effects = answer(
            &mut model,
            Request::CreateFromPreset {
                org: contoso(),
                preset_id: pid("git"),
                lifetime_days: None,
            },
            Err(e),
        );
        assert_eq!(
            announced(&effects),
            vec![Text::key(headline)],
            "{outcome:?}"
        );
        let page = view(&model);
        let panel = problem_panel(&page).unwrap();
        assert_eq!(panel.headline, Text::key(headline), "{outcome:?}");
        assert_eq!(panel.detail.as_ref(), Some(&detail), "{outcome:?}");
        let actions: Vec<&Msg> = panel.actions.iter().map(|b| &b.msg).collect();
        assert_eq!(actions, vec![&action], "{outcome:?}");
        assert_eq!(panel.actions[0].focus, Focus::First, "{outcome:?}");
    }
}

#[test]
fn a_create_cut_off_while_no_popup_was_open_names_its_token_and_offers_no_retry() {
    const NAME: &str = "Git · contoso · 2026-12-03";
    for (outcome, detail, actions) in [
        (
            CreateOutcome::Unknown { name: NAME.into() },
            Text::with("popup_uncertain_unknown_detail", [Text::plain(NAME)]),
            vec![Msg::ShowTokens],
        ),
        // Not created, but nothing to retry with: this popup did not ask.
        (
            CreateOutcome::NotCreated { name: NAME.into() },
            Text::with("popup_uncertain_not_created_detail", [Text::plain(NAME)]),
            vec![],
        ),
    ] {
        let mut model = signed_in();
        answer(
            &mut model,
            Request::TakePendingSecret {},
            Ok(Response::Pending {
                created: None,
                interrupted: Some(outcome.clone()),
            }),
        );
        let page = view(&model);
        let panel = problem_panel(&page).unwrap();
        assert_eq!(panel.detail.as_ref(), Some(&detail), "{outcome:?}");
        let shown: Vec<Msg> = panel.actions.iter().map(|b| b.msg.clone()).collect();
        assert_eq!(shown, actions, "{outcome:?}");
    }
}

#[test]
fn an_answer_too_large_to_read_is_said_as_such() {
    let mut model = signed_in();
    create_git(&mut model);
    let effects = answer(
        &mut model,
        Request::CreateFromPreset {
            org: contoso(),
            preset_id: pid("git"),
            lifetime_days: None,
        },
        Err(error(AdoErrorKind::TooLarge)),
    );
    assert_eq!(
        announced(&effects),
        vec![Text::key("popup_error_too_large")]
    );
    let page = view(&model);
    let panel = problem_panel(&page).unwrap();
    assert_eq!(panel.headline, Text::key("popup_error_too_large"));
    assert_eq!(panel.detail, Some(Text::plain("what the engine said")));
    assert_eq!(presets_shown(&page).len(), 2, "the presets stay");

    // The token list too.
    let mut model = signed_in();
    update(&mut model, Msg::ShowTokens, NOW);
    let effects = answer(
        &mut model,
        Request::ListTokens { org: contoso() },
        Err(error(AdoErrorKind::TooLarge)),
    );
    assert_eq!(
        announced(&effects),
        vec![Text::key("popup_error_too_large")]
    );
}

// Tokens.

fn tokens() -> Vec<Token> {
    let mut revoked = token(4, "Old deploy script", "vso.build", NOW + Duration::days(3));
    revoked.revoked = true;
    let mut global = token(
        5,
        "Old global token",
        "vso.packaging",
        NOW + Duration::days(60),
    );
    global.target_accounts = None;
    vec![
        token(
            1,
            "Release pipeline",
            "vso.build_execute",
            NOW + Duration::days(40),
        ),
        token(2, "Git (laptop)", "vso.code_write", NOW + Duration::days(8)),
        token(3, "Expired deploy", "vso.build", NOW - Duration::days(2)),
        revoked,
        global,
    ]
}

fn tokens_screen() -> Model {
    let mut model = signed_in();
    let effects = update(&mut model, Msg::ShowTokens, NOW);
    assert_eq!(
        effects,
        vec![
            Effect::Announce(Text::key("popup_tokens_loading")),
            Effect::Ask(Request::ListTokens { org: contoso() }),
        ]
    );
    assert_eq!(view(&model).tabs, Some(Some(Tab::Tokens)));
    let effects = answer(
        &mut model,
        Request::ListTokens { org: contoso() },
        Ok(Response::Tokens {
            org: contoso().name,
            tokens: tokens(),
            refreshed_at: None,
            stale: false,
            error: None,
            route: None,
        }),
    );
    assert_eq!(
        announced(&effects),
        vec![Text::with("popup_tokens_count", [Text::number(4)])]
    );
    model
}

fn rows(model: &Model) -> Vec<pat_pilot::views::popup::view::Row> {
    let page = view(model);
    let Block::Tokens(tokens) = &page.blocks[0] else {
        panic!("tokens")
    };
    match &tokens.list {
        TokensBody::Loaded { groups, .. } => groups.iter().flat_map(|g| g.rows.clone()).collect(),
        other => panic!("{other:?}"),
    }
}

fn row_named(model: &Model, name: &str) -> pat_pilot::views::popup::view::Row {
    rows(model).into_iter().find(|r| r.name == name).unwrap()
}

fn buttons(actions: &RowActions) -> Vec<Msg> {
    match actions {
        RowActions::Buttons(b)
        | RowActions::Choose { buttons: b, .. }
        | RowActions::Confirm { buttons: b, .. } => b.iter().map(|b| b.msg.clone()).collect(),
        RowActions::Working => Vec::new(),
    }
}

#[test]
fn the_tokens_are_the_live_ones_sorted_by_when_they_stop_working() {
    let model = tokens_screen();
    let names: Vec<String> = rows(&model).into_iter().map(|r| r.name).collect();
    // The global token retired on 2026-12-01, before the others expire.
    assert_eq!(
        names,
        vec![
            "Old global token",
            "Expired deploy",
            "Git (laptop)",
            "Release pipeline"
        ]
    );
    let global = row_named(&model, "Old global token");
    assert!(global.global);
    assert_eq!(
        (global.tone, global.status),
        (Tone::Bad, Text::key("popup_status_retired"))
    );
    let laptop = row_named(&model, "Git (laptop)");
    assert_eq!(laptop.tone, Tone::Warn, "within the 10-day warning");
    assert_eq!(laptop.status, words::expiry(NOW, NOW + Duration::days(8)));
    assert_eq!(row_named(&model, "Release pipeline").tone, Tone::Ok);
}

#[test]
fn an_expired_token_offers_a_replacement_and_a_live_one_extend_and_rotate() {
    let model = tokens_screen();
    assert_eq!(
        buttons(&row_named(&model, "Expired deploy").actions),
        vec![Msg::Rotate(id(3)), Msg::AskRevoke(id(3))]
    );
    assert_eq!(
        buttons(&row_named(&model, "Git (laptop)").actions),
        vec![
            Msg::ChooseDays(id(2)),
            Msg::Rotate(id(2)),
            Msg::AskRevoke(id(2))
        ]
    );
    let RowActions::Buttons(b) = row_named(&model, "Expired deploy").actions else {
        panic!()
    };
    assert_eq!(
        b[0].name,
        Some(Text::with(
            "popup_replace_named",
            [Text::plain("Expired deploy")]
        ))
    );
}

#[test]
fn the_filter_narrows_the_rows_by_name_and_scope_words() {
    let mut model = tokens_screen();
    update(&mut model, Msg::Filter("  BUILD ".into()), NOW);
    let visible: Vec<String> = rows(&model)
        .into_iter()
        .filter(|r| r.visible)
        .map(|r| r.name)
        .collect();
    assert_eq!(visible, vec!["Expired deploy", "Release pipeline"]);
    update(&mut model, Msg::Filter("nothing like this".into()), NOW);
    let page = view(&model);
    let Block::Tokens(tokens) = &page.blocks[0] else {
        panic!()
    };
    assert!(matches!(
        &tokens.list,
        TokensBody::Loaded { no_match: true, filter, .. } if filter == "nothing like this"
    ));
    assert_eq!(escape(&model), Some(Msg::Home));
}

#[test]
fn extend_offers_the_likely_presets_lifetime_first_and_shows_the_expiry_the_server_set() {
    let mut model = tokens_screen();
    update(&mut model, Msg::ChooseDays(id(2)), NOW);
    let RowActions::Choose { group, buttons } = row_named(&model, "Git (laptop)").actions else {
        panic!("choices")
    };
    assert_eq!(
        group,
        Text::with("popup_extend_group", [Text::plain("Git (laptop)")])
    );
    let focused: Vec<&Msg> = buttons
        .iter()
        .filter(|b| b.focus == Focus::Replacing)
        .map(|b| &b.msg)
        .collect();
    assert_eq!(
        focused,
        vec![&Msg::Extend(id(2), 30)],
        "Git's 30 days, by scopes"
    );
    assert_eq!(escape(&model), Some(Msg::CancelRow));

    let effects = update(&mut model, Msg::Extend(id(2), 30), NOW);
    assert_eq!(
        asked(&effects),
        vec![Request::Extend {
            org: contoso(),
            id: id(2),
            days: 30
        }]
    );
    assert_eq!(
        row_named(&model, "Git (laptop)").actions,
        RowActions::Working
    );
    let mut extended = token(
        2,
        "Git (laptop)",
        "vso.code_write",
        NOW + Duration::days(30),
    );
    extended.valid_from = NOW;
    let effects = answer(
        &mut model,
        Request::Extend {
            org: contoso(),
            id: id(2),
            days: 30,
        },
        Ok(Response::Extended {
            token: extended.clone(),
            requested_valid_to: datetime!(2027-01-02 10:00 UTC),
            policy_limited: false,
        }),
    );
    let said = Text::with(
        "popup_extended",
        [
            Text::plain("Git (laptop)"),
            words::expiry(NOW, NOW + Duration::days(30)),
        ],
    );
    assert_eq!(announced(&effects), vec![said.clone()]);
    assert_eq!(
        row_named(&model, "Git (laptop)").status,
        words::expiry(NOW, NOW + Duration::days(30))
    );
    let page = view(&model);
    let Block::Tokens(t) = &page.blocks[0] else {
        panic!()
    };
    let TokensBody::Loaded { notice, .. } = &t.list else {
        panic!()
    };
    assert_eq!(
        notice,
        &Some(NoticeView::Said {
            text: said,
            ok: true
        })
    );
    let Screen::Tokens(screen) = &model.screen else {
        panic!()
    };
    assert!(matches!(
        screen.notice,
        Some(Notice::Extended {
            outcome: ExtendOutcome::Extended,
            ..
        })
    ));
}

#[test]
fn an_extension_a_policy_kept_back_is_said_as_not_extended() {
    let mut model = tokens_screen();
    update(&mut model, Msg::Extend(id(2), 30), NOW);
    let same = token(2, "Git (laptop)", "vso.code_write", NOW + Duration::days(8));
    let effects = answer(
        &mut model,
        Request::Extend {
            org: contoso(),
            id: id(2),
            days: 30,
        },
        Ok(Response::Extended {
            token: same,
            requested_valid_to: datetime!(2027-01-02 10:00 UTC),
            policy_limited: true,
        }),
    );
    assert_eq!(
        announced(&effects),
        vec![Text::with(
            "popup_not_extended",
            [Text::plain("Git (laptop)")]
        )]
    );
}

#[test]
fn where_extend_is_unavailable_the_row_says_so_and_rotate_remains() {
    let mut model = tokens_screen();
    update(&mut model, Msg::Extend(id(2), 30), NOW);
    answer(
        &mut model,
        Request::Extend {
            org: contoso(),
            id: id(2),
            days: 30,
        },
        Err(error(AdoErrorKind::Unsupported)),
    );
    let page = view(&model);
    let Block::Tokens(t) = &page.blocks[0] else {
        panic!()
    };
    let TokensBody::Loaded { notice, .. } = &t.list else {
        panic!()
    };
    let Some(NoticeView::Problem(panel)) = notice else {
        panic!("{notice:?}")
    };
    assert_eq!(panel.headline, Text::key("popup_extend_unavailable"));
    assert!(buttons(&row_named(&model, "Git (laptop)").actions).contains(&Msg::Rotate(id(2))));
}

#[test]
fn revoke_asks_first_cancel_keeps_it_and_yes_removes_it() {
    let mut model = tokens_screen();
    update(&mut model, Msg::AskRevoke(id(1)), NOW);
    let RowActions::Confirm {
        question, buttons, ..
    } = row_named(&model, "Release pipeline").actions
    else {
        panic!("confirm")
    };
    assert_eq!(
        question,
        Text::with("popup_revoke_confirm", [Text::plain("Release pipeline")])
    );
    assert_eq!(buttons[0].msg, Msg::Revoke(id(1)));
    assert_eq!(escape(&model), Some(Msg::CancelRow));
    update(&mut model, Msg::CancelRow, NOW);
    assert!(matches!(
        row_named(&model, "Release pipeline").actions,
        RowActions::Buttons(_)
    ));

    update(&mut model, Msg::Revoke(id(1)), NOW);
    let effects = answer(
        &mut model,
        Request::Revoke {
            org: contoso(),
            id: id(1),
        },
        Ok(Response::Revoked { id: id(1) }),
    );
    assert_eq!(
        announced(&effects),
        vec![Text::with(
            "popup_revoked_named",
            [Text::plain("Release pipeline")]
        )]
    );
    assert!(rows(&model).iter().all(|r| r.name != "Release pipeline"));
}

#[test]
fn rotate_shows_the_new_token_and_offers_to_revoke_the_old_one_with_confirmation() {
    let mut model = tokens_screen();
    let effects = update(&mut model, Msg::Rotate(id(2)), NOW);
    assert_eq!(announced(&effects), vec![Text::key("popup_creating")]);
    answer(
        &mut model,
        Request::Rotate {
            org: contoso(),
            id: id(2),
        },
        Ok(Response::Created {
            created: created(9, "Git (laptop) 2"),
            not_kept: None,
        }),
    );
    let offer = |model: &Model| {
        let Block::Created(c) = &view(model).blocks[0] else {
            panic!("created")
        };
        c.replaced.clone().unwrap()
    };
    let ReplacedView::Ask { text, buttons } = offer(&model) else {
        panic!()
    };
    assert_eq!(
        text,
        Text::with("popup_replaces", [Text::plain("Git (laptop)")])
    );
    assert_eq!(buttons[0].msg, Msg::AskRevokeReplaced);
    update(&mut model, Msg::AskRevokeReplaced, NOW);
    assert_eq!(escape(&model), Some(Msg::CancelRevokeReplaced));
    let effects = update(&mut model, Msg::RevokeReplaced, NOW);
    assert_eq!(
        asked(&effects),
        vec![Request::Revoke {
            org: contoso(),
            id: id(2)
        }]
    );
    let effects = answer(
        &mut model,
        Request::Revoke {
            org: contoso(),
            id: id(2),
        },
        Ok(Response::Revoked { id: id(2) }),
    );
    assert_eq!(announced(&effects), vec![Text::key("popup_old_revoked")]);
    assert_eq!(
        offer(&model),
        ReplacedView::Said {
            text: Text::with("popup_revoked_named", [Text::plain("Git (laptop)")]),
            ok: true
        }
    );
}

#[test]
fn a_failed_revoke_of_the_replaced_token_offers_retry() {
    let mut model = tokens_screen();
    update(&mut model, Msg::Rotate(id(2)), NOW);
    answer(
        &mut model,
        Request::Rotate {
            org: contoso(),
            id: id(2),
        },
        Ok(Response::Created {
            created: created(9, "Git 2"),
            not_kept: None,
        }),
    );
    update(&mut model, Msg::RevokeReplaced, NOW);
    answer(
        &mut model,
        Request::Revoke {
            org: contoso(),
            id: id(2),
        },
        Err(error(AdoErrorKind::Server)),
    );
    let Block::Created(c) = &view(&model).blocks[0] else {
        panic!()
    };
    let Some(ReplacedView::Problem(panel)) = &c.replaced else {
        panic!()
    };
    assert_eq!(panel.actions[0].msg, Msg::RevokeReplaced);
}

#[test]
fn a_list_that_cannot_be_read_offers_retry_and_a_stale_one_says_so() {
    let mut model = signed_in();
    update(&mut model, Msg::ShowTokens, NOW);
    answer(
        &mut model,
        Request::ListTokens { org: contoso() },
        Err(error(AdoErrorKind::Server)),
    );
    let page = view(&model);
    let Block::Tokens(t) = &page.blocks[0] else {
        panic!()
    };
    let TokensBody::Failed(panel) = &t.list else {
        panic!()
    };
    assert_eq!(panel.actions[0].msg, Msg::ShowTokens);

    update(&mut model, Msg::ShowTokens, NOW);
    answer(
        &mut model,
        Request::ListTokens { org: contoso() },
        Ok(Response::Tokens {
            org: contoso().name,
            tokens: tokens(),
            refreshed_at: None,
            stale: true,
            error: Some(error(AdoErrorKind::Network)),
            route: None,
        }),
    );
    let page = view(&model);
    let Block::Tokens(t) = &page.blocks[0] else {
        panic!()
    };
    let TokensBody::Loaded {
        stale: Some(note), ..
    } = &t.list
    else {
        panic!()
    };
    assert_eq!(note.title, Text::key("popup_tokens_stale"));
}

#[test]
fn an_answer_for_a_screen_left_behind_changes_nothing_on_the_new_one() {
    let mut model = signed_in();
    update(&mut model, Msg::ShowTokens, NOW);
    update(&mut model, Msg::Home, NOW);
    answer(
        &mut model,
        Request::ListTokens { org: contoso() },
        Ok(Response::Tokens {
            org: contoso().name,
            tokens: tokens(),
            refreshed_at: None,
            stale: false,
            error: None,
            route: None,
        }),
    );
    assert_eq!(model.screen, Screen::Home(CreatePhase::Idle));
    assert_eq!(escape(&model), None, "Escape on the presets does nothing");
}

// Where the host permissions are missing, refusals with a reason, another organization's token,
// and another retirement date.

#[test]
fn elsewhere_without_site_access_the_popup_asks_for_it_then_finds_the_organization() {
    // Without its host permissions the browser hides the tab's address: it reads as elsewhere.
    let mut model = Model::open(None, &sync());
    start(&model);
    let known = KnownOrg {
        name: OrgName::parse("fabrikam").unwrap(),
        host_style: HostStyle::Modern,
        last_used: NOW,
    };
    update(&mut model, Msg::RecentOrgs(vec![known]), NOW);
    update(&mut model, Msg::HostAccess(false), NOW);
    let page = view(&model);
    assert!(
        !page.waiting,
        "the question is the content: Allow access takes focus"
    );
    assert_eq!(page.blocks.len(), 1, "only the question: {:?}", page.blocks);
    let panel = problem_panel(&page).unwrap();
    assert_eq!(panel.headline, Text::key("popup_no_access_title"));
    assert_eq!(panel.detail, Some(Text::key("popup_no_access_detail")));
    assert_eq!(panel.actions[0].label, Text::key("popup_allow_access"));
    assert_eq!(panel.actions[0].msg, Msg::RequestAccess);
    assert_eq!(panel.actions[0].focus, Focus::First);
    assert_eq!(page.org_line, None);

    // Refused: the question stays.
    update(&mut model, Msg::AccessGranted(false), NOW);
    assert!(problem_panel(&view(&model)).is_some());

    // Granted: the tab's address now shows, so the popup looks again.
    assert_eq!(
        update(&mut model, Msg::AccessGranted(true), NOW),
        vec![Effect::FindPlace]
    );
    assert_eq!(view(&model).blocks, vec![], "nothing half-drawn meanwhile");
    assert!(view(&model).waiting);
    let effects = update(
        &mut model,
        Msg::PlaceFound {
            tab: Some(tab("https://dev.azure.com/contoso/_git/app")),
            sync: sync(),
        },
        NOW,
    );
    assert_eq!(effects, vec![Effect::CheckHostAccess]);
    assert_eq!(model.org(), Some(&contoso()));
    assert_eq!(
        presets_shown(&view(&model)),
        vec![
            ("Git".to_owned(), PresetState::Ready),
            ("Package feeds".to_owned(), PresetState::Ready),
        ],
        "the organization's presets, from the new read"
    );
    assert_eq!(
        update(&mut model, Msg::HostAccess(true), NOW),
        vec![Effect::Ask(Request::Hello { org: contoso() })]
    );
}

#[test]
fn elsewhere_with_access_granted_on_a_page_that_is_still_elsewhere_lists_the_recent_ones() {
    let mut model = Model::open(None, &sync());
    update(&mut model, Msg::HostAccess(false), NOW);
    update(&mut model, Msg::AccessGranted(true), NOW);
    let effects = update(
        &mut model,
        Msg::PlaceFound {
            tab: Some(tab("https://example.com/")),
            sync: sync(),
        },
        NOW,
    );
    assert_eq!(
        effects,
        vec![Effect::CheckHostAccess, Effect::ReadRecentOrgs]
    );
    update(&mut model, Msg::HostAccess(true), NOW);
    update(&mut model, Msg::RecentOrgs(Vec::new()), NOW);
    assert!(matches!(
        view(&model).blocks.as_slice(),
        [Block::Elsewhere { .. }]
    ));
}

#[test]
fn a_create_declined_with_a_reason_shows_the_services_words_and_offers_shorter_lifetimes() {
    let mut model = signed_in();
    create_git(&mut model);
    let request = Request::CreateFromPreset {
        org: contoso(),
        preset_id: pid("git"),
        lifetime_days: None,
    };
    let mut e = error(AdoErrorKind::Declined);
    e.server_message = Some("Tokens may last at most 7 days in this organization.".into());
    let effects = answer(&mut model, request, Err(e));
    assert_eq!(announced(&effects), vec![Text::key("popup_declined")]);
    let page = view(&model);
    let panel = problem_panel(&page).unwrap();
    assert_eq!(panel.headline, Text::key("popup_declined"));
    assert_eq!(
        panel.detail,
        Some(Text::with(
            "popup_server_said",
            [Text::plain(
                "Tokens may last at most 7 days in this organization."
            )]
        )),
        "the service's words as they came (the engine masked them)"
    );
    let shorter = panel.shorter.as_ref().unwrap();
    assert_eq!(shorter.lead, Text::key("popup_declined_choose"));
    assert_eq!(
        shorter.choices.iter().map(|b| &b.msg).collect::<Vec<_>>(),
        vec![
            &Msg::Create {
                preset: pid("git"),
                days: Some(14)
            },
            &Msg::Create {
                preset: pid("git"),
                days: Some(7)
            },
            &Msg::Create {
                preset: pid("git"),
                days: Some(1)
            },
        ]
    );
    assert_eq!(shorter.choices[0].focus, Focus::First);
    assert_eq!(presets_shown(&page).len(), 2, "the presets stay");

    // Declined at one day: nothing shorter to offer, the words remain.
    update(
        &mut model,
        Msg::Create {
            preset: pid("git"),
            days: Some(1),
        },
        NOW,
    );
    answer(
        &mut model,
        Request::CreateFromPreset {
            org: contoso(),
            preset_id: pid("git"),
            lifetime_days: Some(1),
        },
        Err(error(AdoErrorKind::Declined)),
    );
    let page = view(&model);
    let panel = problem_panel(&page).unwrap();
    assert_eq!(panel.headline, Text::key("popup_declined"));
    assert_eq!(panel.detail, None);
    assert_eq!(panel.shorter, None);
}

#[test]
fn a_token_of_another_organization_is_left_alone_and_the_row_says_where_to_manage_it() {
    let mut model = tokens_screen();
    update(&mut model, Msg::Revoke(id(1)), NOW);
    let effects = answer(
        &mut model,
        Request::Revoke {
            org: contoso(),
            id: id(1),
        },
        Err(error(EngineErrorKind::OtherOrganization)),
    );
    assert_eq!(
        announced(&effects),
        vec![Text::key("popup_error_other_org")]
    );
    let page = view(&model);
    let Block::Tokens(t) = &page.blocks[0] else {
        panic!()
    };
    let TokensBody::Loaded { notice, .. } = &t.list else {
        panic!()
    };
    let Some(NoticeView::Problem(panel)) = notice else {
        panic!("{notice:?}")
    };
    assert_eq!(panel.headline, Text::key("popup_error_other_org"));
    assert_eq!(panel.actions, vec![], "nothing to retry from here");
    assert!(
        rows(&model).iter().any(|r| r.name == "Release pipeline"),
        "the token stays listed"
    );
}

/// `storage.session`'s retirement record, as the end-to-end tests write it.
fn retirement(at: OffsetDateTime) -> Value {
    json!({"v": 1, "at": at.format(&time::format_description::well_known::Rfc3339).unwrap()})
}

fn listed_with(retirement: Option<&Value>) -> Model {
    let mut model = Model::open(Some(&tab("https://dev.azure.com/contoso/")), &sync());
    update(&mut model, Msg::Retirement(retirement.cloned()), NOW);
    update(&mut model, Msg::ShowTokens, NOW);
    answer(
        &mut model,
        Request::ListTokens { org: contoso() },
        Ok(Response::Tokens {
            org: contoso().name,
            tokens: tokens(),
            refreshed_at: None,
            stale: false,
            error: None,
            route: None,
        }),
    );
    model
}

#[test]
fn the_retirement_record_moves_the_global_tokens_date_on_both_sides_of_it() {
    use pat_pilot::core::expiry::GLOBAL_PAT_RETIREMENT;
    // Two days ahead: the global token stops working then, sorted there, and says so.
    let ahead = NOW + Duration::days(2);
    let model = listed_with(Some(&retirement(ahead)));
    assert_eq!(model.policy.retirement, ahead);
    let names: Vec<String> = rows(&model).into_iter().map(|r| r.name).collect();
    assert_eq!(
        names,
        vec![
            "Expired deploy",
            "Old global token",
            "Git (laptop)",
            "Release pipeline"
        ]
    );
    let global = row_named(&model, "Old global token");
    assert_eq!(
        global.status,
        Text::with(
            "popup_status_global_retires",
            [words::date(ahead, false), words::until(NOW, ahead)]
        )
    );
    assert_eq!(global.tone, Tone::Warn);
    assert!(buttons(&global.actions).contains(&Msg::ChooseDays(id(5))));

    // Three days ago (before the expired token's end): retired, first, with a replacement.
    let model = listed_with(Some(&retirement(NOW - Duration::days(3))));
    assert_eq!(rows(&model)[0].name, "Old global token");
    let global = row_named(&model, "Old global token");
    assert_eq!(global.status, Text::key("popup_status_retired"));
    assert_eq!(
        buttons(&global.actions),
        vec![Msg::Rotate(id(5)), Msg::AskRevoke(id(5))]
    );

    // Missing or garbled: the real date, and the settings' thresholds stay.
    for record in [None, Some(json!({"v": 1, "at": "soon"})), Some(json!("x"))] {
        let model = listed_with(record.as_ref());
        assert_eq!(model.policy.retirement, GLOBAL_PAT_RETIREMENT, "{record:?}");
        assert_eq!(model.policy, opened().policy);
    }
    assert_ne!(
        opened().policy,
        Default::default(),
        "the settings' 10-day warning is kept beside the record"
    );
}

// All organizations.

const FABRIKAM: u128 = 0xfa;
const NORTHWIND: u128 = 0x70;

fn all_orgs_screen() -> Model {
    let mut model = tokens_screen();
    let effects = update(&mut model, Msg::Scope(TokenScope::AllOrgs), NOW);
    assert_eq!(
        effects,
        vec![
            Effect::Announce(Text::key("popup_tokens_loading")),
            Effect::Ask(Request::ListAllTokens { org: contoso() }),
        ],
        "the switch lists every organization, through the tab's"
    );
    let mut theirs = token(10, "Wiki bot", "vso.wiki_write", NOW + Duration::days(20));
    theirs.target_accounts = Some(vec![uuid::Uuid::from_u128(FABRIKAM)]);
    let mut far = token(
        11,
        "=cmd|' /C calc'!A0",
        "vso.work",
        NOW + Duration::days(2),
    );
    far.target_accounts = Some(vec![uuid::Uuid::from_u128(NORTHWIND)]);
    let mut global = token(
        5,
        "Old global token",
        "vso.packaging",
        NOW + Duration::days(60),
    );
    global.target_accounts = None;
    answer(
        &mut model,
        Request::ListAllTokens { org: contoso() },
        Ok(Response::AllTokens {
            via: contoso().name,
            groups: vec![
                OrgTokens {
                    org: AuditOrg::Named {
                        name: contoso().name,
                        id: Some(uuid::Uuid::from_u128(0xc0)),
                    },
                    tokens: vec![token(
                        2,
                        "Git (laptop)",
                        "vso.code_write",
                        NOW + Duration::days(8),
                    )],
                },
                OrgTokens {
                    org: AuditOrg::Named {
                        name: OrgName::parse("fabrikam").unwrap(),
                        id: Some(uuid::Uuid::from_u128(FABRIKAM)),
                    },
                    tokens: vec![theirs],
                },
                OrgTokens {
                    org: AuditOrg::Unnamed {
                        id: uuid::Uuid::from_u128(NORTHWIND),
                    },
                    tokens: vec![far],
                },
                OrgTokens {
                    org: AuditOrg::All {},
                    tokens: vec![global],
                },
            ],
            refreshed_at: None,
            stale: false,
            error: None,
            route: None,
        }),
    );
    model
}

fn groups(model: &Model) -> Vec<GroupView> {
    let page = view(model);
    let Block::Tokens(tokens) = &page.blocks[0] else {
        panic!("tokens")
    };
    match &tokens.list {
        TokensBody::Loaded { groups, .. } => groups.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn all_organizations_are_grouped_under_their_names_and_an_unnamed_one_under_its_id() {
    let model = all_orgs_screen();
    let page = view(&model);
    let Block::Tokens(tokens) = &page.blocks[0] else {
        panic!("tokens")
    };
    assert_eq!(tokens.title, Text::key("popup_tokens_all_title"));
    let pressed: Vec<_> = tokens
        .scope
        .iter()
        .map(|b| (b.key.as_str(), b.pressed))
        .collect();
    assert_eq!(
        pressed,
        [("scope-this", Some(false)), ("scope-all", Some(true))]
    );
    let headings: Vec<_> = groups(&model)
        .into_iter()
        .map(|g| (g.heading, g.note))
        .collect();
    assert_eq!(
        headings,
        [
            (Some(Text::plain("contoso")), None),
            (Some(Text::plain("fabrikam")), None),
            (
                Some(Text::with(
                    "popup_org_unnamed",
                    [Text::plain("00000000-0000-0000-0000-000000000070")]
                )),
                Some(Text::key("popup_org_unnamed_note"))
            ),
            (Some(Text::key("popup_org_global")), None),
        ]
    );
    // The named organizations' tokens can be changed; the unnamed one's cannot.
    let fabrikam = &groups(&model)[1].rows[0];
    assert_eq!(
        buttons(&fabrikam.actions),
        [
            Msg::ChooseDays(id(10)),
            Msg::Rotate(id(10)),
            Msg::AskRevoke(id(10))
        ]
    );
    let northwind = &groups(&model)[2].rows[0];
    assert_eq!(buttons(&northwind.actions), []);
}

#[test]
fn this_organizations_view_has_no_headings_and_the_switch_remembers_the_choice() {
    let model = tokens_screen();
    assert!(groups(&model).iter().all(|g| g.heading.is_none()));
    let mut model = all_orgs_screen();
    // Back from another screen, the same view is listed again.
    update(&mut model, Msg::Home, NOW);
    let effects = update(&mut model, Msg::ShowTokens, NOW);
    assert!(effects.contains(&Effect::Ask(Request::ListAllTokens { org: contoso() })));
    // Pressing the switch that is on asks nothing.
    assert_eq!(
        update(&mut model, Msg::Scope(TokenScope::AllOrgs), NOW),
        vec![]
    );
}

#[test]
fn an_answer_for_the_other_view_is_not_shown() {
    let mut model = tokens_screen();
    update(&mut model, Msg::Scope(TokenScope::AllOrgs), NOW);
    // This organization's list, asked before the switch, arrives late.
    let effects = answer(
        &mut model,
        Request::ListTokens { org: contoso() },
        Ok(Response::Tokens {
            org: contoso().name,
            tokens: tokens(),
            refreshed_at: None,
            stale: false,
            error: None,
            route: None,
        }),
    );
    assert_eq!(effects, vec![]);
    let Screen::Tokens(screen) = &model.screen else {
        panic!("tokens")
    };
    assert_eq!(screen.list, TokenList::Loading);
}

#[test]
fn actions_from_all_organizations_are_sent_through_the_tab_and_an_unnamed_ones_are_not_sent() {
    let mut model = all_orgs_screen();
    // The engine sends it on through the token's own organization (fabrikam).
    let effects = update(&mut model, Msg::Revoke(id(10)), NOW);
    assert!(effects.contains(&Effect::Ask(Request::Revoke {
        org: contoso(),
        id: id(10)
    })));
    let effects = answer(
        &mut model,
        Request::Revoke {
            org: contoso(),
            id: id(10),
        },
        Ok(Response::Revoked { id: id(10) }),
    );
    assert_eq!(
        announced(&effects),
        vec![Text::with("popup_revoked_named", [Text::plain("Wiki bot")])]
    );
    assert!(
        groups(&model)
            .iter()
            .all(|g| g.heading != Some(Text::plain("fabrikam"))),
        "fabrikam's only token left the list, and its empty group with it"
    );
    // Nothing is sent for a token of an organization nobody can name.
    for msg in [
        Msg::Rotate(id(11)),
        Msg::Revoke(id(11)),
        Msg::Extend(id(11), 30),
    ] {
        assert_eq!(update(&mut model, msg, NOW), vec![]);
    }
}

fn download(effects: &[Effect]) -> Download {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Download(file) => Some(file.clone()),
            _ => None,
        })
        .expect("a download")
}

#[test]
fn the_export_of_all_organizations_names_each_tokens_organization_and_defuses_formulas() {
    let mut model = all_orgs_screen();
    let effects = update(&mut model, Msg::Export(ExportFormat::Csv), NOW);
    assert_eq!(announced(&effects), vec![Text::key("popup_exported")]);
    let file = download(&effects);
    assert_eq!(file.name, "pat-pilot-tokens-all-2026-12-03.csv");
    assert_eq!(file.mime, "text/csv;charset=utf-8");
    let lines: Vec<&str> = file.text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "name,organization,scopes,created,expires,status,id,organization_id"
    );
    assert_eq!(lines.len(), 6, "four tokens, the header and the last CRLF");
    assert!(lines[1].starts_with(
        "Git (laptop),contoso,vso.code_write,2026-11-28T10:00:00Z,2026-12-11T10:00:00Z,expiring,"
    ));
    assert!(lines[2].starts_with("Wiki bot,fabrikam,vso.wiki_write,"));
    assert!(
        lines[3].starts_with("'=cmd|' /C calc'!A0,00000000-0000-0000-0000-000000000070,vso.work,")
    );
    assert!(lines[4].starts_with("Old global token,all,vso.packaging,"));

    let json = download(&update(&mut model, Msg::Export(ExportFormat::Json), NOW));
    assert_eq!(json.name, "pat-pilot-tokens-all-2026-12-03.json");
    let doc: Value = serde_json::from_str(&json.text).unwrap();
    assert_eq!(doc["format"], "pat-pilot/tokens");
    let orgs: Vec<_> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["organization"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        orgs,
        [
            "contoso",
            "fabrikam",
            "00000000-0000-0000-0000-000000000070",
            "all"
        ]
    );
}

#[test]
fn the_export_of_this_organization_leaves_out_revoked_tokens_and_marks_global_ones() {
    let mut model = tokens_screen();
    let file = download(&update(&mut model, Msg::Export(ExportFormat::Json), NOW));
    assert_eq!(file.name, "pat-pilot-tokens-contoso-2026-12-03.json");
    let doc: Value = serde_json::from_str(&file.text).unwrap();
    let rows: Vec<_> = doc["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["organization"].as_str().unwrap().to_owned(),
                t["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "Release pipeline".to_owned(),
                "contoso".to_owned(),
                "active".to_owned()
            ),
            ("Git (laptop)".into(), "contoso".into(), "expiring".into()),
            ("Expired deploy".into(), "contoso".into(), "expired".into()),
            // Global tokens stopped working on 2026-12-01.
            ("Old global token".into(), "all".into(), "retired".into()),
        ]
    );
    assert!(
        !file.text.contains("Old deploy script"),
        "revoked: not listed"
    );
    // While the list loads there is nothing to export.
    update(&mut model, Msg::ShowTokens, NOW);
    assert_eq!(
        update(&mut model, Msg::Export(ExportFormat::Csv), NOW),
        vec![]
    );
}

#[test]
fn a_retirement_record_read_after_the_list_is_shown_sorts_it_again() {
    // The record is read after the first paint: the list may be painted before it comes.
    let ahead = NOW + Duration::days(2);
    let mut model = listed_with(None);
    let names =
        |model: &Model| -> Vec<String> { rows(model).into_iter().map(|r| r.name).collect() };
    assert_eq!(
        row_named(&model, "Old global token").status,
        Text::key("popup_status_retired"),
        "before the record: the real date, already past"
    );
    assert_eq!(names(&model)[0], "Old global token");
    let effects = update(&mut model, Msg::Retirement(Some(retirement(ahead))), NOW);
    assert_eq!(effects, vec![], "nothing to ask or say");
    assert_eq!(names(&model), names(&listed_with(Some(&retirement(ahead)))));
    assert_eq!(
        row_named(&model, "Old global token").status,
        Text::with(
            "popup_status_global_retires",
            [words::date(ahead, false), words::until(NOW, ahead)]
        )
    );
}

// The popup's answers, read alone (`views::popup::answer`): they must agree with the
// protocol's own decoder on every answer the popup can get, and refuse everything else.

const POPUP_ANSWERS: &[&str] = &[
    "session",
    "pending",
    "forgotten",
    "created",
    "tokens",
    "allTokens",
    "extended",
    "revoked",
];

/// What the protocol's own decoder makes of a written reply (`None`: refused).
fn protocol_reads(written: &Value) -> Option<Result<Response, ErrorData>> {
    match serde_json::from_value::<pat_pilot::protocol::Reply>(written.clone()).ok()? {
        pat_pilot::protocol::Reply::Ok(response) => Some(Ok(response)),
        pat_pilot::protocol::Reply::Error(error) => Some(Err(error)),
    }
}

#[test]
fn the_popup_reads_its_answers_as_the_protocol_writes_them() {
    use pat_pilot::protocol::samples::{response_name, responses};
    use pat_pilot::protocol::Reply;
    use pat_pilot::views::popup::answer::read_reply;
    let mut read = Vec::new();
    for response in responses() {
        let written = serde_json::to_value(Reply::Ok(response.clone())).unwrap();
        let name = response_name(&response);
        if POPUP_ANSWERS.contains(&name) {
            assert_eq!(read_reply(written), Ok(response), "{name}");
            read.push(name);
        } else {
            let refused = read_reply(written).unwrap_err();
            assert_eq!(refused.kind, ErrorKind::from(EngineErrorKind::Internal));
            assert!(refused.message.contains(name), "{name}: {refused:?}");
        }
    }
    for name in POPUP_ANSWERS {
        assert!(read.contains(name), "no sample of `{name}`");
    }
    let error = ErrorData {
        retry_after_secs: Some(30),
        ..ErrorData::new(EngineErrorKind::Busy, "busy")
    };
    let written = serde_json::to_value(Reply::Error(error.clone())).unwrap();
    assert_eq!(read_reply(written), Err(error));
}

#[test]
fn the_popup_accepts_and_refuses_what_the_protocol_does_field_by_field() {
    use pat_pilot::protocol::samples::{response_name, responses};
    use pat_pilot::protocol::Reply;
    use pat_pilot::views::popup::answer::read_reply;
    let mut compared = 0;
    for response in responses() {
        if !POPUP_ANSWERS.contains(&response_name(&response)) {
            continue;
        }
        let written = serde_json::to_value(Reply::Ok(response)).unwrap();
        let fields: Vec<String> = written["ok"].as_object().unwrap().keys().cloned().collect();
        // Each field left out, set to null, or given a wrong type; and a field too many.
        let mut changed = vec![written.clone()];
        for field in fields.iter().filter(|f| *f != "type") {
            for change in [None, Some(Value::Null), Some(json!([true]))] {
                let mut reply = written.clone();
                let ok = reply["ok"].as_object_mut().unwrap();
                match change {
                    None => drop(ok.remove(field)),
                    Some(value) => drop(ok.insert(field.clone(), value)),
                }
                changed.push(reply);
            }
        }
        let mut extra = written.clone();
        extra["ok"]["extra"] = json!(1);
        changed.push(extra);
        for reply in changed {
            let ours = read_reply(reply.clone());
            match protocol_reads(&reply) {
                Some(theirs) => assert_eq!(ours, theirs, "{reply}"),
                None => {
                    let refused = ours.expect_err(&reply.to_string());
                    assert_eq!(refused.kind, ErrorKind::from(EngineErrorKind::Internal));
                }
            }
            compared += 1;
        }
    }
    assert!(compared > 100, "{compared}");
}

#[test]
fn the_popup_refuses_a_malformed_answer_with_an_internal_error() {
    use pat_pilot::views::popup::answer::read_reply;
    for bad in [
        json!(null),
        json!("revoked"),
        json!({}),
        json!({"ok": {"type": "forgotten"}, "error": {}}),
        json!({"fine": {}}),
        json!({"ok": {"id": "3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00"}}),
        json!({"ok": {"type": 7}}),
        json!({"ok": []}),
        json!({"ok": {"type": "forgotten", "more": true}}),
        json!({"ok": {"type": "pong", "version": "1.2.3"}}),
        json!({"error": {"kind": "busy"}}),
    ] {
        let refused = read_reply(bad.clone()).unwrap_err();
        assert_eq!(
            refused.kind,
            ErrorKind::from(EngineErrorKind::Internal),
            "{bad}"
        );
    }
}
