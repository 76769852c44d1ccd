//! The engine's create flow over fake ports: the token comes back once, its secret waits only
//! in session storage, a second click is refused while the first runs, and a create with no
//! clear answer is settled by listing the tokens — never retried blindly.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use ado_support::*;
use pat_pilot::core::org::HostStyle;
use pat_pilot::core::preset_store::ensure_seeded;
use pat_pilot::engine::state::{InFlight, OrgState};
use pat_pilot::engine::Engine;
use pat_pilot::ports::fakes::{FakeHttp, FixedClock, MemoryNotifier, MemoryStore};
use pat_pilot::ports::{Area, Method, TransportError};
use pat_pilot::protocol::{
    CreateOutcome, EngineErrorKind, ErrorKind, OrgRef, Reply, Request, Response,
};
use serde_json::json;
use time::macros::datetime;
use time::OffsetDateTime;

const NOW: OffsetDateTime = datetime!(2026-11-28 10:00 UTC);
const NEW_ID: &str = "5f1c8f5e-2a5e-4c44-9d8e-0c9e0d1b2a33";

struct World {
    http: FakeHttp,
    store: MemoryStore,
    clock: FixedClock,
    notifier: MemoryNotifier,
}

impl World {
    fn new() -> Self {
        let world = Self {
            http: FakeHttp::new(),
            store: MemoryStore::new(),
            clock: FixedClock::new(NOW),
            notifier: MemoryNotifier::new(),
        };
        block_on(ensure_seeded(&world.store, NOW, |r| format!("{r:?}"))).unwrap();
        on(
            &world.http,
            Method::Get,
            CONNECTION_DATA,
            ok_json(
                json!({"instanceId": ORG_ID, "authenticatedUser": {"id": ORG_ID, "providerDisplayName": "Ada Lovelace"}}),
            ),
        );
        world
    }

    fn send(&self, request: Request) -> Reply {
        let engine = Engine {
            http: &self.http,
            store: &self.store,
            clock: &self.clock,
            notifier: &self.notifier,
        };
        block_on(engine.handle(request))
    }

    fn everything_stored(&self, area: Area) -> String {
        serde_json::to_string(&self.store.dump(area)).unwrap()
    }
}

fn fabrikam() -> OrgRef {
    OrgRef {
        name: org(),
        style: HostStyle::Modern,
    }
}

fn create_git() -> Request {
    Request::CreateFromPreset {
        org: fabrikam(),
        preset_id: "builtin-git".into(),
        lifetime_days: None,
    }
}

fn web_created(valid_to: &str) -> serde_json::Value {
    let mut data = session_token(
        NEW_ID,
        "Git · 2026-11-28",
        "vso.code_write",
        "2026-11-28T10:00:00Z",
    );
    data["token"] = json!(EXAMPLE_SECRET);
    data["validTo"] = json!(valid_to);
    json!({"dataProviders": {"ms.vss-token-web.personal-access-token-issue-session-token-provider": data}})
}

#[test]
fn a_preset_creates_a_token_whose_secret_waits_only_in_session_storage() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );

    let Reply::Ok(Response::Created { created }) = w.send(create_git()) else {
        panic!("not created")
    };
    assert_eq!(created.secret, EXAMPLE_SECRET);
    assert_eq!(created.token.name, "Git · 2026-11-28");
    assert!(!created.policy_limited);
    assert_eq!(created.requested_valid_to, "2026-12-28T10:00:00Z");
    // The popup's "Copy as…" starts on the format of the preset named here.
    assert_eq!(
        created.preset.as_ref().map(|p| p.as_str()),
        Some("builtin-git")
    );

    let sent = w
        .http
        .requests()
        .into_iter()
        .find(|r| r.url.starts_with(HIERARCHY_QUERY))
        .unwrap();
    let props = &body(&sent)["dataProviderContext"]["properties"];
    assert_eq!(props["scope"], "vso.code_write");
    assert_eq!(props["targetAccounts"], json!([ORG_ID]));

    assert!(!w.everything_stored(Area::Local).contains(EXAMPLE_SECRET));
    assert!(!w.everything_stored(Area::Sync).contains(EXAMPLE_SECRET));
    assert!(
        w.everything_stored(Area::Session).contains(EXAMPLE_SECRET),
        "kept for a popup that closed"
    );
    assert!(
        block_on(InFlight::load(&w.store, &org()))
            .unwrap()
            .is_none(),
        "the marker is cleared"
    );

    // Shown once: taking it removes it.
    let Reply::Ok(Response::Pending {
        created: Some(again),
        ..
    }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("the pending secret was not handed over")
    };
    assert_eq!(again.token.id, created.token.id);
    assert!(!w.everything_stored(Area::Session).contains(EXAMPLE_SECRET));
    let Reply::Ok(Response::Pending { created: None, .. }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("shown twice")
    };
}

#[test]
fn the_popup_that_showed_the_token_drops_the_engines_copy() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    let Reply::Ok(Response::Created { created }) = w.send(create_git()) else {
        panic!("not created")
    };
    assert!(matches!(
        w.send(Request::ForgetPending {
            id: created.token.id
        }),
        Reply::Ok(Response::Forgotten {})
    ));
    assert!(!w.everything_stored(Area::Session).contains(EXAMPLE_SECRET));
}

#[test]
fn a_pending_secret_is_forgotten_after_ten_minutes() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    assert!(matches!(
        w.send(create_git()),
        Reply::Ok(Response::Created { .. })
    ));
    w.clock.advance(time::Duration::minutes(11));
    let Reply::Ok(Response::Pending { created: None, .. }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("an old secret was handed over")
    };
    assert!(!w.everything_stored(Area::Session).contains(EXAMPLE_SECRET));
}

#[test]
fn a_shortened_expiry_is_reported_and_the_limit_remembered() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-05T10:00:00Z")),
    );
    let Reply::Ok(Response::Created { created }) = w.send(create_git()) else {
        panic!("not created")
    };
    assert!(created.policy_limited);
    let state = block_on(OrgState::load(&w.store, &org(), NOW)).unwrap();
    assert_eq!(state.max_lifespan_days, Some(7));
}

#[test]
fn a_second_create_while_the_first_runs_is_refused_as_busy() {
    let w = World::new();
    let marker = InFlight {
        name: "Git · 2026-11-28".into(),
        scopes: pat_pilot::core::token::Scopes::parse("vso.code_write"),
        started: NOW,
        host_style: HostStyle::Modern,
    };
    block_on(marker.save(&w.store, &org())).unwrap();
    let Reply::Error(e) = w.send(create_git()) else {
        panic!("a second create went ahead")
    };
    assert_eq!(e.kind, ErrorKind::Engine(EngineErrorKind::Busy));
    assert!(!w
        .http
        .requests()
        .iter()
        .any(|r| r.url.starts_with(HIERARCHY_QUERY)));
}

#[test]
fn a_create_that_times_out_is_settled_by_the_list_not_sent_again() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        Err(TransportError::Timeout(20_000)),
    );
    // The token was made after all: the list shows it.
    let listed = session_token(
        NEW_ID,
        "Git · 2026-11-28",
        "vso.code_write",
        "2026-11-28T10:00:01Z",
    );
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!({"nextRowNumber": 0, "sessionTokens": [listed]})),
    );

    let Reply::Error(e) = w.send(create_git()) else {
        panic!("an uncertain create looked fine")
    };
    assert_eq!(e.kind, ErrorKind::Engine(EngineErrorKind::CreateUncertain));
    assert!(
        matches!(e.outcome.as_deref(), Some(CreateOutcome::Created { token }) if token.id.to_string() == NEW_ID)
    );
    let creates = w
        .http
        .requests()
        .iter()
        .filter(|r| {
            r.method == Method::Post
                && (r.url.contains("HierarchyQuery") || r.url.contains("tokens/pats"))
        })
        .count();
    assert_eq!(creates, 1, "never retried, on this route or another");
    assert!(block_on(InFlight::load(&w.store, &org()))
        .unwrap()
        .is_none());
}

#[test]
fn a_create_cut_off_by_a_stopped_worker_is_settled_on_the_next_open() {
    let w = World::new();
    block_on(pat_pilot::core::known_orgs::save(&w.store, &{
        let mut k = pat_pilot::core::known_orgs::KnownOrgs::default();
        k.touch(org(), HostStyle::Modern, NOW);
        k
    }))
    .unwrap();
    let marker = InFlight {
        name: "Git · 2026-11-28".into(),
        scopes: pat_pilot::core::token::Scopes::parse("vso.code_write"),
        started: NOW,
        host_style: HostStyle::Modern,
    };
    block_on(marker.save(&w.store, &org())).unwrap();
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!({"nextRowNumber": 0, "sessionTokens": []})),
    );
    w.clock.advance(time::Duration::minutes(2));
    let Reply::Ok(Response::Pending {
        created: None,
        interrupted,
    }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("no answer")
    };
    assert_eq!(interrupted, Some(CreateOutcome::NotCreated {}));
    assert!(block_on(InFlight::load(&w.store, &org()))
        .unwrap()
        .is_none());
}

#[test]
fn an_unknown_preset_is_its_own_error() {
    let w = World::new();
    let request = Request::CreateFromPreset {
        org: fabrikam(),
        preset_id: "gone".into(),
        lifetime_days: None,
    };
    let Reply::Error(e) = w.send(request) else {
        panic!()
    };
    assert_eq!(e.kind, ErrorKind::Engine(EngineErrorKind::UnknownPreset));
}

#[test]
fn a_listing_that_fails_answers_from_the_cache_and_says_why() {
    let w = World::new();
    let listed = session_token(NEW_ID, "Git", "vso.code_write", "2026-11-01T10:00:00Z");
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!({"nextRowNumber": 0, "sessionTokens": [listed]})),
    );
    let Reply::Ok(Response::Tokens {
        tokens,
        stale: false,
        ..
    }) = w.send(Request::ListTokens { org: fabrikam() })
    else {
        panic!("no list")
    };
    assert_eq!(tokens.len(), 1);

    let offline = World {
        store: w.store,
        clock: w.clock,
        notifier: w.notifier,
        http: FakeHttp::new(),
    };
    offline
        .http
        .queue(Err(TransportError::Network("offline".into())));
    offline
        .http
        .on(|_| Some(Err(TransportError::Network("offline".into()))));
    let Reply::Ok(Response::Tokens {
        tokens,
        stale,
        error,
        ..
    }) = offline.send(Request::ListTokens { org: fabrikam() })
    else {
        panic!("no cached list")
    };
    assert!(stale);
    assert_eq!(tokens.len(), 1);
    assert!(error.is_some());
}

#[test]
fn hello_remembers_the_organization_and_says_who_is_signed_in() {
    let w = World::new();
    let Reply::Ok(Response::Session { session, .. }) = w.send(Request::Hello { org: fabrikam() })
    else {
        panic!()
    };
    assert_eq!(
        session,
        pat_pilot::protocol::SessionState::SignedIn {
            user: Some("Ada Lovelace".into())
        }
    );
    let known = block_on(pat_pilot::core::known_orgs::load(&w.store, NOW))
        .unwrap()
        .value;
    assert_eq!(known.orgs[0].name, org());
}

#[test]
fn a_rotation_names_the_preset_its_old_token_was_told_to_come_from() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    let Reply::Ok(Response::Created { created, .. }) = w.send(create_git()) else {
        panic!("not created")
    };
    // The same scopes and the name the Git preset's template gives: its replacement follows
    // that preset, and the popup's "Copy as…" starts on its format.
    let reply = w.send(Request::Rotate {
        org: fabrikam(),
        id: created.token.id,
    });
    let Reply::Ok(Response::Created {
        created: rotated, ..
    }) = reply
    else {
        panic!("{reply:?}")
    };
    assert_eq!(rotated.replaces, Some(created.token.id));
    assert_eq!(
        rotated.preset.as_ref().map(|p| p.as_str()),
        Some("builtin-git")
    );
}
