//! The engine's create flow over fake ports: the token comes back once, its secret waits only
//! in session storage until a popup painted it (or its time is up), a second click is refused
//! while the first runs, a whole create ends within one deadline, and a create with no clear
//! answer is settled by listing the tokens (twice, a pause apart) — never retried blindly.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;
mod engine_support;

use std::cell::RefCell;
use std::rc::Rc;

use engine_support::*;
use pat_pilot::core::org::HostStyle;
use pat_pilot::core::preset::PresetId;
use pat_pilot::core::secret::Secret;
use pat_pilot::engine::life::LifeId;
use pat_pilot::engine::state::{BearerRecord, InFlight, OrgState, PendingSecret, PendingSecrets};
use pat_pilot::ports::fakes::{join, json_response, poll_until_stalled, run, FakeHttp};
use pat_pilot::ports::{Area, Clock, Method, TransportError};
use pat_pilot::protocol::{
    CreateOutcome, EngineErrorKind, ErrorKind, OrgRef, Reply, Request, Response,
};
use serde_json::json;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

#[test]
fn a_preset_creates_a_token_whose_secret_waits_only_in_session_storage() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );

    let created = created(w.send(create_git()));
    assert_eq!(created.secret.expose(), EXAMPLE_SECRET);
    assert_eq!(created.token.name, NAME);
    assert!(!created.policy_limited);
    assert_eq!(created.requested_valid_to, datetime!(2026-12-28 10:00 UTC));
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
    assert!(w.marker().is_none(), "the marker is cleared");
}

#[test]
fn the_pending_secret_stays_until_a_popup_painted_it() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    let created = created(w.send(create_git()));

    // A popup that asked, then closed before painting, loses nothing: the next one gets it.
    for _ in 0..2 {
        let Reply::Ok(Response::Pending {
            created: Some(again),
            ..
        }) = w.send(Request::TakePendingSecret {})
        else {
            panic!("the pending secret was not handed over")
        };
        assert_eq!(again.token.id, created.token.id);
        assert_eq!(again.secret.expose(), EXAMPLE_SECRET);
    }
    // The popup that painted it says so: then it is gone.
    assert!(matches!(
        w.send(Request::ForgetPending {
            id: created.token.id
        }),
        Reply::Ok(Response::Forgotten {})
    ));
    assert!(!w.everything_stored(Area::Session).contains(EXAMPLE_SECRET));
    let Reply::Ok(Response::Pending { created: None, .. }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("shown twice")
    };
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
    created(w.send(create_git()));
    w.clock.advance(Duration::minutes(11));
    let Reply::Ok(Response::Pending { created: None, .. }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("an old secret was handed over")
    };
    // The popup's open also removed it (the leak scan after each e2e file relies on it).
    assert!(!w.everything_stored(Area::Session).contains(EXAMPLE_SECRET));
}

#[test]
fn expired_secrets_their_quarantined_copies_and_bearers_are_removed_without_a_popup() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    created(w.send(create_git()));
    // A garbled copy of `pending` (from a newer version, say) was quarantined a minute later,
    // with the secret in it; a bearer was kept for 30 minutes.
    let copy = format!(
        "quarantine:pending:{}",
        (NOW + Duration::minutes(1)).unix_timestamp() * 1000
    );
    w.store.put_raw(
        Area::Session,
        &copy,
        json!({"v": 99, "secret": EXAMPLE_SECRET}),
    );
    let bearer = BearerRecord {
        bearer: Secret::new(BEARER),
        user: Uuid::parse_str(ORG_ID).unwrap(),
        expires_at: NOW + Duration::minutes(30),
    };
    block_on(bearer.save(&w.store, &org())).unwrap();

    let sweep = || run(&w.clock, w.engine().expire_secrets()).unwrap();
    w.clock.advance(Duration::minutes(9));
    sweep();
    assert!(
        w.everything_stored(Area::Session).contains(EXAMPLE_SECRET),
        "not yet"
    );

    w.clock.advance(Duration::minutes(2)); // 11 minutes after the create, 10 after the copy
    sweep();
    let session = w.everything_stored(Area::Session);
    assert!(!session.contains(EXAMPLE_SECRET), "{session}");
    assert!(w.store.raw(Area::Session, "pending").is_none());
    assert!(w.store.raw(Area::Session, &copy).is_none());
    assert!(session.contains(BEARER), "the bearer has 19 minutes left");

    w.clock.advance(Duration::minutes(20));
    sweep();
    assert!(!w.everything_stored(Area::Session).contains(BEARER));
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
    let created = created(w.send(create_git()));
    assert!(created.policy_limited);
    let state = block_on(OrgState::load(&w.store, &org(), NOW)).unwrap();
    assert_eq!(state.max_lifespan_days, Some(7));
}

#[test]
fn a_second_create_while_the_first_runs_is_refused_as_busy() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    let gate = w.http.hold(Method::Post, HIERARCHY_QUERY);
    let engine = w.engine();
    let mut first = Box::pin(engine.handle(create_git()));
    assert!(
        poll_until_stalled(first.as_mut()).is_none(),
        "waits for Azure DevOps"
    );
    assert_eq!(gate.arrivals(), 1);

    let Reply::Error(e) = w.send(create_git()) else {
        panic!("a second create went ahead")
    };
    assert_eq!(e.kind, ErrorKind::Engine(EngineErrorKind::Busy));
    assert_eq!(w.posts(), 1);

    gate.open();
    created(poll_until_stalled(first.as_mut()).unwrap());
}

#[test]
fn two_creates_started_together_make_one_token_and_one_busy() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    // Storage answers later, as in the browser: the two events interleave at every await.
    w.store.yield_on_every_call(true);
    let engine = w.engine();
    let (a, b) = run(
        &w.clock,
        join(engine.handle(create_git()), engine.handle(create_git())),
    );
    let busy = |r: &Reply| matches!(r, Reply::Error(e) if e.kind == ErrorKind::Engine(EngineErrorKind::Busy));
    let made = |r: &Reply| matches!(r, Reply::Ok(Response::Created { .. }));
    assert!(
        (made(&a) && busy(&b)) || (busy(&a) && made(&b)),
        "{a:?}\n{b:?}"
    );
    assert_eq!(w.posts(), 1, "one create request");
}

#[test]
fn a_popup_open_never_settles_a_create_that_still_runs() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![])),
    );
    let gate = w.http.hold(Method::Post, HIERARCHY_QUERY);
    let engine = w.engine();
    let mut create = Box::pin(engine.handle(create_git()));
    assert!(poll_until_stalled(create.as_mut()).is_none());
    assert!(
        w.marker().is_some(),
        "the marker is written before the request"
    );

    // Azure DevOps is slow; a popup opens 50 seconds in (past the old 45-second "stale").
    w.clock.advance(Duration::seconds(50));
    let Reply::Ok(Response::Pending {
        created: None,
        interrupted: None,
    }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("the open settled a live create")
    };
    assert_eq!(w.lists(), 0, "no reconciliation of a live create");
    assert!(w.marker().is_some());

    gate.open();
    let created = created(poll_until_stalled(create.as_mut()).unwrap());
    assert!(w.marker().is_none());
    assert!(w.pending().holds(created.token.id));
}

#[test]
fn a_whole_create_ends_before_its_marker_could_be_called_stale() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![])),
    );
    // Every request takes 19 seconds: each alone is within the client's 20-second timeout.
    let sent: Rc<RefCell<Vec<(OffsetDateTime, u32)>>> = Rc::default();
    let (log, clock) = (sent.clone(), w.clock.clone());
    w.http.latency(&w.clock, move |r| {
        log.borrow_mut().push((clock.now(), r.timeout_ms));
        Duration::seconds(19)
    });

    let outcome = uncertain(w.send(create_git()));
    let budget = w.timing.create_budget;
    assert!(
        w.clock.now() - NOW <= budget,
        "the create took {}",
        w.clock.now() - NOW
    );
    assert!(budget + w.timing.stale_margin < w.timing.create_lease() + Duration::seconds(1));
    for (at, timeout_ms) in sent.borrow().iter() {
        let ends = *at + Duration::milliseconds(i64::from(*timeout_ms));
        assert!(ends <= NOW + budget, "a request could run until {ends}");
    }
    assert!(w.posts() <= 1, "never sent twice");
    assert_eq!(outcome, CreateOutcome::Unknown { name: NAME.into() });
    assert!(w.marker().is_none());
}

#[test]
fn a_marker_is_cleared_only_by_the_create_that_wrote_it() {
    let w = World::new();
    let mine = dead_marker(NOW);
    block_on(mine.save(&w.store, &org())).unwrap();
    block_on(InFlight::clear_own(
        &w.store,
        &org(),
        mine.life,
        mine.create + 1,
    ))
    .unwrap();
    block_on(InFlight::clear_own(
        &w.store,
        &org(),
        LifeId::new(Uuid::from_u128(5)),
        mine.create,
    ))
    .unwrap();
    assert_eq!(
        w.marker(),
        Some(mine.clone()),
        "another create's marker stays"
    );
    block_on(InFlight::clear_own(
        &w.store,
        &org(),
        mine.life,
        mine.create,
    ))
    .unwrap();
    assert_eq!(w.marker(), None);
}

#[test]
fn a_popup_open_settling_a_cut_off_create_keeps_a_new_create_out() {
    let w = World::new();
    block_on(dead_marker(NOW).save(&w.store, &org())).unwrap();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![])),
    );
    w.clock.advance(Duration::minutes(2));
    // The open's reconciliation waits for the list…
    let gate = w.http.hold(Method::Get, SESSION_TOKENS);
    let engine = w.engine();
    let mut open = Box::pin(engine.handle(Request::TakePendingSecret {}));
    assert!(poll_until_stalled(open.as_mut()).is_none());
    // …while a click arrives: it waits its turn rather than write a marker the open would
    // then clear.
    let Reply::Error(e) = w.send(create_git()) else {
        panic!("a create ran beside a settle")
    };
    assert_eq!(e.kind, ErrorKind::Engine(EngineErrorKind::Busy));
    gate.open();
    let Reply::Ok(Response::Pending { interrupted, .. }) = run(&w.clock, open) else {
        panic!()
    };
    assert_eq!(
        interrupted,
        Some(CreateOutcome::NotCreated { name: NAME.into() })
    );
    assert_eq!(w.marker(), None);
    assert_eq!(w.posts(), 0);
}

#[test]
fn a_failed_save_of_the_pending_copy_still_hands_the_secret_over() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    w.store.fail_writes_of("pending");
    let Reply::Ok(Response::Created { created, not_kept }) = w.send(create_git()) else {
        panic!("the token was made, but its secret did not reach the person")
    };
    assert_eq!(created.secret.expose(), EXAMPLE_SECRET);
    let not_kept = not_kept.expect("the failure is reported");
    assert_eq!(not_kept.kind, ErrorKind::Engine(EngineErrorKind::Storage));
    assert!(!serde_json::to_string(&not_kept)
        .unwrap()
        .contains(EXAMPLE_SECRET));
    assert!(w.marker().is_none());
}

#[test]
fn updates_to_pending_from_events_together_are_none_lost() {
    let w = World::new();
    let second = "6a2d9f6f-3b6f-4d55-8e9f-1d0f1e2c3b44";
    let contoso_created = {
        let mut data = session_token(
            second,
            "Git · 2026-11-28",
            "vso.code_write",
            "2026-11-28T10:00:00Z",
        );
        data["token"] = json!("second-secret");
        json!({"dataProviders": {"ms.vss-token-web.personal-access-token-issue-session-token-provider": data}})
    };
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    on(
        &w.http,
        Method::Post,
        "https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery",
        ok_json(contoso_created),
    );
    on(
        &w.http,
        Method::Get,
        "https://dev.azure.com/contoso/_apis/connectionData",
        ok_json(
            json!({"instanceId": ORG_ID, "authenticatedUser": {"id": ORG_ID, "providerDisplayName": "Ada Lovelace"}}),
        ),
    );
    let contoso = Request::CreateFromPreset {
        org: OrgRef {
            name: pat_pilot::core::org::OrgName::parse("contoso").unwrap(),
            style: HostStyle::Modern,
        },
        preset_id: PresetId::parse("builtin-git").unwrap(),
        lifetime_days: None,
    };
    // Both creates get their answer and reach `pending` at the same moment; storage answers
    // later, as in the browser, so their reads and writes can interleave.
    w.store.yield_on_every_call(true);
    let storage = w.store.hold("pending");
    let engine = w.engine();
    let mut both = Box::pin(join(engine.handle(create_git()), engine.handle(contoso)));
    assert!(poll_until_stalled(both.as_mut()).is_none());
    storage.open();
    let (a, b) = poll_until_stalled(both.as_mut()).expect("both answered");
    let (a, b) = (created(a), created(b));
    let pending = w.pending();
    assert!(pending.holds(a.token.id), "{pending:?}");
    assert!(pending.holds(b.token.id), "{pending:?}");
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
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![listed_new("2026-11-28T10:00:01Z")])),
    );

    let outcome = uncertain(w.send(create_git()));
    assert!(matches!(&outcome, CreateOutcome::Created { token } if token.id.to_string() == NEW_ID));
    assert_eq!(w.posts(), 1, "never retried, on this route or another");
    assert!(w.marker().is_none());
}

#[test]
fn after_a_timeout_the_list_is_read_again_after_a_pause_before_saying_not_created() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        Err(TransportError::Timeout(20_000)),
    );
    // The server finishes the create after the client gave up: the first list does not show
    // it yet, the second does.
    let looks: Rc<RefCell<Vec<OffsetDateTime>>> = Rc::default();
    let (seen, clock) = (looks.clone(), w.clock.clone());
    w.http.on(move |r| {
        if r.method != Method::Get || !r.url.starts_with(SESSION_TOKENS) {
            return None;
        }
        seen.borrow_mut().push(clock.now());
        let tokens = match seen.borrow().len() {
            1 => vec![],
            _ => vec![listed_new("2026-11-28T10:00:01Z")],
        };
        Some(Ok(json_response(200, &list_of(tokens))))
    });

    let outcome = uncertain(w.send(create_git()));
    assert!(
        matches!(outcome, CreateOutcome::Created { .. }),
        "{outcome:?}"
    );
    let looks = looks.borrow();
    assert_eq!(looks.len(), 2);
    assert_eq!(looks[1] - looks[0], w.timing.reconcile_pause);
}

#[test]
fn after_a_server_error_two_empty_lists_a_pause_apart_say_not_created() {
    let w = World::new();
    on(&w.http, Method::Post, HIERARCHY_QUERY, status(503));
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![])),
    );
    let outcome = uncertain(w.send(create_git()));
    assert_eq!(outcome, CreateOutcome::NotCreated { name: NAME.into() });
    assert_eq!(w.lists(), 2);
    assert_eq!(w.clock.now() - NOW, w.timing.reconcile_pause);
    assert_eq!(w.posts(), 1);
}

#[test]
fn a_create_cut_off_by_a_stopped_worker_is_settled_on_the_next_open() {
    let w = World::new();
    block_on(dead_marker(NOW).save(&w.store, &org())).unwrap();
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![])),
    );
    w.clock.advance(Duration::minutes(2));
    let Reply::Ok(Response::Pending {
        created: None,
        interrupted,
    }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("no answer")
    };
    assert_eq!(
        interrupted,
        Some(CreateOutcome::NotCreated { name: NAME.into() })
    );
    assert!(w.marker().is_none());
}

#[test]
fn a_marker_from_before_worker_lives_were_recorded_is_settled_too() {
    let w = World::new();
    w.store.put_raw(
        Area::Session,
        "inflight:fabrikam",
        json!({"v": 1, "name": NAME, "scopes": "vso.code_write", "started": "2026-11-28T10:00:00Z", "hostStyle": "modern"}),
    );
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![])),
    );
    w.clock.advance(Duration::minutes(2));
    let Reply::Ok(Response::Pending { interrupted, .. }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("no answer")
    };
    assert_eq!(
        interrupted,
        Some(CreateOutcome::NotCreated { name: NAME.into() })
    );
    assert!(w.marker().is_none());
}

#[test]
fn right_after_a_cut_off_create_an_empty_list_says_it_may_have_been_made() {
    // The worker stopped a few seconds into a create: its request may still be running on the
    // server, so an empty list cannot say "not created" yet.
    let w = World::new();
    block_on(dead_marker(NOW).save(&w.store, &org())).unwrap();
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![])),
    );
    w.clock.advance(Duration::seconds(5));
    let Reply::Ok(Response::Pending { interrupted, .. }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("no answer")
    };
    assert_eq!(
        interrupted,
        Some(CreateOutcome::Unknown { name: NAME.into() })
    );
}

#[test]
fn a_cut_off_create_whose_secret_was_kept_is_shown_not_reported_lost() {
    // The worker stopped after keeping the secret, before clearing its marker.
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    let made = created(w.send(create_git()));
    block_on(dead_marker(NOW).save(&w.store, &org())).unwrap();
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![listed_new("2026-11-28T10:00:00Z")])),
    );
    let w = w.restarted();
    let Reply::Ok(Response::Pending {
        created: Some(shown),
        interrupted: None,
    }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("not shown once")
    };
    assert_eq!(shown.token.id, made.token.id);
}

#[test]
fn a_click_after_a_cut_off_create_that_made_a_token_reports_it_instead_of_making_another() {
    let w = World::new();
    block_on(dead_marker(NOW).save(&w.store, &org())).unwrap();
    on(
        &w.http,
        Method::Get,
        SESSION_TOKENS,
        ok_json(list_of(vec![listed_new("2026-11-28T10:00:01Z")])),
    );
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    w.clock.advance(Duration::minutes(2));
    let outcome = uncertain(w.send(create_git()));
    assert!(
        matches!(outcome, CreateOutcome::Created { .. }),
        "{outcome:?}"
    );
    assert_eq!(w.posts(), 0, "no second token");
    assert!(w.marker().is_none());
    // Said once: the next click creates.
    created(w.send(create_git()));
}

#[test]
fn every_type_that_holds_a_secret_hides_it_in_debug() {
    let w = World::new();
    on(
        &w.http,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(web_created("2026-12-28T10:00:00Z")),
    );
    let reply = w.send(create_git());
    let created = created(reply.clone());
    let pending = PendingSecrets {
        items: vec![PendingSecret {
            created: created.clone(),
            expires_at: NOW,
        }],
    };
    let bearer = BearerRecord {
        bearer: Secret::new(BEARER),
        user: Uuid::nil(),
        expires_at: NOW,
    };
    let answer = json_response(200, &web_created("2026-12-28T10:00:00Z"));
    let new_token = pat_pilot::core::token::NewToken {
        token: created.token.clone(),
        secret: created.secret.clone(),
    };
    let printed = [
        format!("{created:?}"),
        format!("{created:#?}"),
        format!("{reply:?}"),
        format!("{pending:?}"),
        format!("{bearer:?}"),
        format!("{:?}", bearer.token()),
        format!("{answer:?}"),
        format!("{new_token:?}"),
    ];
    for text in printed {
        assert!(!text.contains(EXAMPLE_SECRET), "{text}");
        assert!(!text.contains(BEARER), "{text}");
    }
}

#[test]
fn an_unknown_preset_is_its_own_error() {
    let w = World::new();
    let request = Request::CreateFromPreset {
        org: fabrikam(),
        preset_id: PresetId::parse("gone").unwrap(),
        lifetime_days: None,
    };
    let Reply::Error(e) = w.send(request) else {
        panic!()
    };
    assert_eq!(e.kind, ErrorKind::Engine(EngineErrorKind::UnknownPreset));
    assert!(w.marker().is_none());
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
        http: FakeHttp::new(),
        ..w
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
