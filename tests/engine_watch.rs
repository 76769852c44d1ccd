//! The expiry watcher over fake ports: a check refreshes every known organization (or warns from
//! the cache when it cannot), notifies once per token per threshold — also across worker
//! restarts —, re-arms extended tokens, drops revoked ones, sums up global tokens before their
//! retirement and forgets them after, and keeps the badge.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use ado_support::block_on;
use pat_pilot::core::expiry::GLOBAL_PAT_RETIREMENT;
use pat_pilot::core::known_orgs::{self, KnownOrgs};
use pat_pilot::core::notification::{
    Badge, ExtendFailure, Freshness, Notification, NotificationContent,
};
use pat_pilot::core::org::{HostStyle, OrgLabel, OrgName};
use pat_pilot::core::planner::{NotifiedRecord, NOTIFIED_KEY};
use pat_pilot::core::preset_store::ensure_seeded;
use pat_pilot::core::relative::{RelativeTime, Tense, TimeUnit};
use pat_pilot::core::settings::{self, Settings};
use pat_pilot::core::token::AuthorizationId;
use pat_pilot::engine::state::OrgState;
use pat_pilot::engine::watch::{ClickOutcome, NoteId, ALARM_NAME};
use pat_pilot::engine::Engine;
use pat_pilot::engine::{Life, LifeId, Timing};
use pat_pilot::ports::fakes::{
    json_response, poll_until_stalled, run, FakeHttp, FixedClock, MemoryNotifier, MemoryStore,
};
use pat_pilot::ports::{Area, Clock, HttpRequest, HttpResponse, Method, Store, TransportError};
use pat_pilot::protocol::{CheckSummary, OrgRef, Reply, Request, Response};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-06-01 10:00 UTC);
const CONTOSO_ID: &str = "8f1c2b7e-4a3d-4c59-9e2f-6b1a0d3c5e71";
const FABRIKAM_ID: &str = "2d7e9a14-6c3b-4f8a-b5d1-0e9c7a2f4b63";

const AGENT: &str = "00000000-0000-4000-8000-000000000001";
const FEED: &str = "00000000-0000-4000-8000-000000000002";
const GIT: &str = "00000000-0000-4000-8000-000000000003";
const RELEASE: &str = "00000000-0000-4000-8000-000000000004";
const REVOKED: &str = "00000000-0000-4000-8000-000000000005";

fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap()
}

fn org(name: &str) -> OrgName {
    OrgName::parse(name).unwrap()
}

/// How the fake Azure DevOps answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Online,
    Offline,
    SignedOut,
}

/// A token as the fake keeps it.
#[derive(Debug, Clone)]
struct Stored {
    id: String,
    name: String,
    scope: String,
    valid_to: OffsetDateTime,
    global: bool,
    revoked: bool,
}

/// A small Azure DevOps: `connectionData` (the organization's id), the web dialect's list
/// (`{nextRowNumber, sessionTokens}`: the person's tokens of *every* organization, as the
/// service lists them) and the lifecycle dialect's get and update (`PatTokenResult`), per
/// organization.
#[derive(Clone, Default)]
struct Server {
    tokens: Rc<RefCell<BTreeMap<String, Vec<Stored>>>>,
    mode: Rc<Cell<Option<Mode>>>,
}

impl Server {
    fn mode(&self) -> Mode {
        self.mode.get().unwrap_or(Mode::Online)
    }

    fn set_mode(&self, mode: Mode) {
        self.mode.set(Some(mode));
    }

    fn seed(&self, org: &str, id: &str, name: &str, scope: &str, valid_to: OffsetDateTime) {
        self.push(
            org,
            Stored {
                id: id.into(),
                name: name.into(),
                scope: scope.into(),
                valid_to,
                global: false,
                revoked: false,
            },
        );
    }

    fn push(&self, org: &str, token: Stored) {
        self.tokens
            .borrow_mut()
            .entry(org.to_owned())
            .or_default()
            .push(token);
    }

    fn edit(&self, org: &str, id: &str, f: impl FnOnce(&mut Stored)) {
        let mut all = self.tokens.borrow_mut();
        let token = all
            .get_mut(org)
            .and_then(|list| list.iter_mut().find(|t| t.id == id))
            .unwrap();
        f(token);
    }

    fn valid_to(&self, org: &str, id: &str) -> OffsetDateTime {
        self.tokens.borrow()[org]
            .iter()
            .find(|t| t.id == id)
            .unwrap()
            .valid_to
    }

    fn org_id(org: &str) -> &'static str {
        if org == "fabrikam" {
            FABRIKAM_ID
        } else {
            CONTOSO_ID
        }
    }

    fn wire(org: &str, t: &Stored) -> Value {
        json!({
            "authorizationId": t.id,
            "displayName": t.name,
            "scope": t.scope,
            "targetAccounts": if t.global { Value::Null } else { json!([Self::org_id(org)]) },
            "validFrom": "2026-05-01T00:00:00Z",
            "validTo": rfc3339(t.valid_to),
            "isValid": !t.revoked,
            "isPublic": false,
            "token": null,
        })
    }

    fn answer(&self, request: &HttpRequest) -> Option<Result<HttpResponse, TransportError>> {
        let (org, path, web) = match request.url.strip_prefix("https://vssps.dev.azure.com/") {
            Some(rest) => {
                let (org, path) = rest.split_once('/')?;
                (org, path, false)
            }
            None => {
                let rest = request.url.strip_prefix("https://dev.azure.com/")?;
                let (org, path) = rest.split_once('/')?;
                (org, path, true)
            }
        };
        match self.mode() {
            Mode::Offline => return Some(Err(TransportError::Network("offline".into()))),
            Mode::SignedOut => {
                return Some(Ok(json_response(
                    401,
                    &json!({"message": "TF400813: Resource not available for anonymous access."}),
                )))
            }
            Mode::Online => {}
        }
        if web {
            if path.starts_with("_apis/connectionData") {
                return Some(Ok(json_response(
                    200,
                    &json!({"instanceId": Self::org_id(org), "authenticatedUser": {"id": "3c5b4e2a-7d1f-4c8e-9a6b-2f0d1e7c9a41", "providerDisplayName": "Ada Lovelace"}}),
                )));
            }
            return None;
        }
        let all = self.tokens.borrow();
        let tokens = all.get(org).cloned().unwrap_or_default();
        let everyones: Vec<Value> = all
            .iter()
            .flat_map(|(o, list)| list.iter().map(move |t| Self::wire(o, t)))
            .collect();
        drop(all);
        if path.starts_with("_apis/Token/SessionTokens") && request.method == Method::Get {
            let rows = everyones;
            return Some(Ok(json_response(
                200,
                &json!({"nextRowNumber": 0, "sessionTokens": rows}),
            )));
        }
        if path.starts_with("_apis/tokens/pats") {
            if request.method == Method::Get {
                let id = request.url.split("authorizationId=").nth(1)?;
                let token = tokens.iter().find(|t| id.starts_with(&t.id))?;
                return Some(Ok(json_response(
                    200,
                    &json!({"patToken": Self::wire(org, token), "patTokenError": "none"}),
                )));
            }
            if request.method == Method::Put {
                let body: Value = serde_json::from_str(request.body.as_deref()?).ok()?;
                let id = body["authorizationId"].as_str()?.to_owned();
                let valid_to = OffsetDateTime::parse(body["validTo"].as_str()?, &Rfc3339).ok()?;
                self.edit(org, &id, |t| t.valid_to = valid_to);
                let all = self.tokens.borrow();
                let token = all[org].iter().find(|t| t.id == id)?;
                return Some(Ok(json_response(
                    200,
                    &json!({"patToken": Self::wire(org, token), "patTokenError": "none"}),
                )));
            }
        }
        None
    }
}

struct World {
    http: FakeHttp,
    store: MemoryStore,
    clock: FixedClock,
    notifier: MemoryNotifier,
    server: Server,
    life: Life,
}

impl World {
    fn new() -> Self {
        let world = Self {
            http: FakeHttp::new(),
            store: MemoryStore::new(),
            clock: FixedClock::new(NOW),
            notifier: MemoryNotifier::new(),
            server: Server::default(),
            life: Life::new(LifeId::new(uuid::Uuid::from_u128(7))),
        };
        let server = world.server.clone();
        world.http.on(move |r| server.answer(r));
        world
    }

    /// contoso, as the end-to-end test seeds it: 12 hours, 3, 10 and 40 days, one revoked.
    fn contoso() -> Self {
        let w = Self::new();
        w.server.seed(
            "contoso",
            AGENT,
            "Build agent",
            "vso.agentpools_manage",
            NOW + Duration::hours(12),
        );
        w.server.seed(
            "contoso",
            FEED,
            "npm feed (CI)",
            "vso.packaging",
            NOW + Duration::days(3),
        );
        w.server.seed(
            "contoso",
            GIT,
            "Git (laptop)",
            "vso.code_write",
            NOW + Duration::days(10),
        );
        w.server.seed(
            "contoso",
            RELEASE,
            "Release pipeline",
            "vso.build_execute vso.release_execute",
            NOW + Duration::days(40),
        );
        w.server.push(
            "contoso",
            Stored {
                id: REVOKED.into(),
                name: "Old deploy script".into(),
                scope: "vso.code vso.build".into(),
                valid_to: NOW + Duration::days(5),
                global: false,
                revoked: true,
            },
        );
        w.know(&["contoso"]);
        w
    }

    /// The organizations the person used (as `Hello` records them).
    fn know(&self, names: &[&str]) {
        let mut known = KnownOrgs::default();
        for name in names.iter().rev() {
            known.touch(org(name), HostStyle::Modern, self.clock.now());
        }
        block_on(known_orgs::save(&self.store, &known)).unwrap();
    }

    fn engine(&self) -> Engine<'_, FakeHttp, MemoryStore, FixedClock, MemoryNotifier> {
        self.engine_with(&self.notifier)
    }

    fn engine_with<'a>(
        &'a self,
        notifier: &'a MemoryNotifier,
    ) -> Engine<'a, FakeHttp, MemoryStore, FixedClock, MemoryNotifier> {
        Engine {
            http: &self.http,
            store: &self.store,
            clock: &self.clock,
            notifier,
            life: &self.life,
            timing: Timing::default(),
        }
    }

    fn check(&self) -> CheckSummary {
        match block_on(self.engine().handle(Request::CheckNow {})) {
            Reply::Ok(Response::Checked { summary }) => summary,
            other => panic!("not checked: {other:?}"),
        }
    }

    /// The ids of the notifications on screen.
    fn shown(&self) -> Vec<String> {
        self.notifier.shown.borrow().keys().cloned().collect()
    }

    fn history(&self) -> Vec<Notification> {
        self.notifier.history.borrow().clone()
    }

    fn badge(&self) -> Badge {
        self.notifier.badge.borrow().clone()
    }

    fn org_state(&self, name: &str) -> OrgState {
        block_on(OrgState::load(&self.store, &org(name), self.clock.now())).unwrap()
    }
}

fn warn(org_name: &str, token: &str, threshold: u16) -> String {
    NoteId::Warning {
        org: org(org_name),
        token: pat_pilot::core::token::AuthorizationId::parse(token).unwrap(),
        threshold,
    }
    .to_string()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

#[test]
fn a_check_refreshes_the_known_organizations_and_warns_each_token_at_its_nearest_threshold() {
    let w = World::contoso();
    let summary = w.check();

    assert_eq!(
        summary,
        CheckSummary {
            notified: 3,
            due: 3,
            refreshed: vec![org("contoso")],
            stale: vec![],
        }
    );
    assert_eq!(
        w.shown(),
        sorted(vec![
            warn("contoso", AGENT, 1),
            warn("contoso", FEED, 7),
            warn("contoso", GIT, 14),
        ])
    );
    assert_eq!(
        w.badge(),
        Badge {
            text: "3".into(),
            warning: true
        }
    );
    // The cache holds every listed token (the revoked one too, marked), metadata only.
    let state = w.org_state("contoso");
    assert_eq!(state.tokens.len(), 5);
    assert_eq!(state.refreshed_at, Some(NOW));
    assert!(state.tokens.iter().any(|t| t.revoked));
}

#[test]
fn a_warning_says_which_token_of_which_organization_expires_when() {
    let w = World::contoso();
    w.check();
    let feed = w.notifier.shown.borrow()[&warn("contoso", FEED, 7)].clone();
    assert_eq!(
        feed.content,
        NotificationContent::Warning {
            org: OrgLabel::Named(org("contoso")),
            token_name: "npm feed (CI)".into(),
            expires_at: NOW + Duration::days(3),
            remaining: RelativeTime::Span {
                amount: 3,
                unit: TimeUnit::Days,
                tense: Tense::Future
            },
            freshness: Freshness::Fresh,
        }
    );
    // The click handler reads the same buttons from the id as the notification shows.
    for note in w.history() {
        let id = NoteId::parse(&note.id).unwrap();
        assert_eq!(id.buttons(), note.content.buttons(), "{}", note.id);
    }
}

#[test]
fn a_second_check_adds_no_notification() {
    let w = World::contoso();
    w.check();
    let summary = w.check();
    assert_eq!(summary.notified, 0);
    assert_eq!(summary.due, 3);
    assert_eq!(w.history().len(), 3);
}

#[test]
fn a_restarted_worker_does_not_notify_again_since_the_record_is_in_storage() {
    let w = World::contoso();
    w.check();
    assert!(w.store.raw(Area::Local, NOTIFIED_KEY).is_some());

    // A fresh engine and a fresh notifier over the same store: nothing in memory survives.
    let after_restart = MemoryNotifier::new();
    let reply = block_on(w.engine_with(&after_restart).handle(Request::CheckNow {}));
    let Reply::Ok(Response::Checked { summary }) = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(summary.notified, 0);
    assert!(after_restart.history.borrow().is_empty());
    assert_eq!(after_restart.badge.borrow().text, "3");
}

#[test]
fn a_token_that_crosses_several_thresholds_at_once_gets_one_notification_for_the_nearest() {
    let w = World::new();
    w.server.seed(
        "contoso",
        GIT,
        "Git (laptop)",
        "vso.code_write",
        NOW + Duration::days(20),
    );
    w.know(&["contoso"]);
    assert_eq!(w.check().notified, 0);

    // The computer slept for 19 days and a half.
    w.clock.advance(Duration::hours(19 * 24 + 12));
    let summary = w.check();
    assert_eq!(summary.notified, 1);
    assert_eq!(w.shown(), vec![warn("contoso", GIT, 1)]);
    // Every threshold crossed counts as dealt with.
    let record = w.store.raw(Area::Local, NOTIFIED_KEY).unwrap();
    let record = pat_pilot::core::record::decode::<NotifiedRecord>(&record).unwrap();
    let git = AuthorizationId::parse(GIT).unwrap();
    assert_eq!(record.value.tokens[&git].notified, vec![14, 7, 1]);
    assert_eq!(w.check().notified, 0);
}

#[test]
fn crossing_a_nearer_threshold_replaces_the_tokens_earlier_warning() {
    let w = World::contoso();
    w.check();
    w.clock.advance(Duration::days(2) + Duration::hours(1));
    let summary = w.check();
    // FEED (now ~1 day) crosses 1; GIT (~8 days) stays at 14; AGENT expired.
    assert_eq!(summary.notified, 1);
    assert!(w.shown().contains(&warn("contoso", FEED, 1)));
    assert!(!w.shown().contains(&warn("contoso", FEED, 7)));
}

#[test]
fn when_azure_devops_cannot_be_reached_the_check_warns_from_the_cache_and_marks_the_organization() {
    for mode in [Mode::Offline, Mode::SignedOut] {
        let w = World::contoso();
        w.check();
        w.server.set_mode(mode);
        // Four days later, offline: GIT (10 days) is now at 6 and crosses 7.
        w.clock.advance(Duration::days(4));
        let summary = w.check();

        assert_eq!(summary.refreshed, Vec::<OrgName>::new(), "{mode:?}");
        assert_eq!(summary.stale, vec![org("contoso")], "{mode:?}");
        assert_eq!(summary.notified, 1, "{mode:?}");
        let shown = w.notifier.shown.borrow()[&warn("contoso", GIT, 7)].clone();
        let NotificationContent::Warning { freshness, .. } = shown.content else {
            panic!("not a warning")
        };
        assert_eq!(freshness, Freshness::Stale { since: Some(NOW) }, "{mode:?}");

        let state = w.org_state("contoso");
        assert_eq!(state.refreshed_at, Some(NOW), "{mode:?}");
        assert!(state.last_error.is_some(), "{mode:?}");
        assert_eq!(state.tokens.len(), 5, "the cache is kept ({mode:?})");
        // GIT is the only token still ahead within 14 days; the list is over a day old: "!".
        assert_eq!(
            w.badge(),
            Badge {
                text: "1!".into(),
                warning: true
            },
            "{mode:?}"
        );
    }
}

#[test]
fn a_check_that_changes_nothing_writes_only_when_each_organization_was_last_tried() {
    let w = World::contoso();
    w.check();
    w.server.set_mode(Mode::Offline);
    w.check();
    w.store.take_written();
    // Offline, nothing new to notify: the cache, the notified record and the (absent) session
    // bearer are left as they are.
    w.clock.advance(Duration::minutes(5));
    let summary = w.check();
    assert_eq!(summary.notified, 0);
    assert_eq!(
        w.store.take_written(),
        vec![(Area::Local, "org:contoso".to_owned())]
    );
    assert_eq!(w.org_state("contoso").tokens.len(), 5, "the cache is kept");
    assert_eq!(w.org_state("contoso").last_attempt, Some(w.clock.now()));
}

#[test]
fn a_check_reads_every_organizations_records_at_once() {
    let reads = |orgs: &[&str]| {
        let w = World::contoso();
        w.know(orgs);
        w.check();
        w.store.take_reads();
        w.clock.advance(Duration::minutes(5));
        w.check();
        w.store.take_reads()
    };
    // Each read is a round trip to the browser: as many for ten organizations as for one.
    assert_eq!(
        reads(&["contoso"]),
        reads(&["contoso", "fabrikam", "tailspin", "adventure-works"])
    );
}

#[test]
fn a_check_writes_every_organizations_records_at_once() {
    let writes = |orgs: &[&str], mode: Mode| {
        let w = World::contoso();
        w.know(orgs);
        w.check();
        w.server.set_mode(mode);
        w.clock.advance(Duration::minutes(5));
        w.store.take_sets();
        w.check();
        w.store.take_sets()
    };
    // Each write is a round trip to the browser: as many for four organizations as for one,
    // whether their lists came back (the caches are written) or not (only when each was tried).
    for mode in [Mode::Online, Mode::Offline] {
        assert_eq!(
            writes(&["contoso"], mode),
            writes(
                &["contoso", "fabrikam", "tailspin", "adventure-works"],
                mode
            ),
            "{mode:?}"
        );
    }
}

#[test]
fn a_check_whose_write_fails_keeps_nothing_and_says_every_organization_is_stale() {
    let w = World::contoso();
    w.check();
    let before = w.org_state("contoso");
    w.clock.advance(Duration::minutes(5));
    w.store.fail_writes_of("org:contoso");
    let summary = w.check();
    assert!(summary.refreshed.is_empty());
    assert_eq!(summary.stale, vec![org("contoso")]);
    assert_eq!(
        w.org_state("contoso"),
        before,
        "nothing of the failed write is kept"
    );
}

#[test]
fn the_stale_mark_waits_a_day_and_goes_when_the_organization_answers_again() {
    let w = World::contoso();
    w.check();
    w.server.set_mode(Mode::Offline);
    w.clock.advance(Duration::hours(2));
    w.check();
    assert_eq!(
        w.badge().text,
        "3",
        "not refreshed for two hours: no mark yet"
    );
    w.clock.advance(Duration::hours(23));
    w.check();
    assert!(w.badge().text.ends_with('!'));
    w.server.set_mode(Mode::Online);
    w.check();
    assert!(!w.badge().text.contains('!'));
}

#[test]
fn the_extend_button_extends_by_the_presets_lifetime_and_confirms_with_the_new_date() {
    let w = World::contoso();
    // The built-in "Feeds (read)" preset (vso.packaging, 90 days) most likely made FEED.
    block_on(ensure_seeded(&w.store, NOW, |r| format!("{r:?}"))).unwrap();
    w.check();
    let feed_warning = warn("contoso", FEED, 7);

    w.clock.advance(Duration::minutes(5));
    let outcome = block_on(w.engine().notification_button(&feed_warning, 0));
    assert_eq!(outcome, ClickOutcome::Done);

    let now = w.clock.now();
    let put = w
        .http
        .requests()
        .into_iter()
        .find(|r| r.method == Method::Put)
        .expect("an update was sent");
    let body: Value = serde_json::from_str(put.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["authorizationId"], FEED);
    assert_eq!(w.server.valid_to("contoso", FEED), now + Duration::days(90));

    let extended = NoteId::Extended {
        org: org("contoso"),
        token: pat_pilot::core::token::AuthorizationId::parse(FEED).unwrap(),
    }
    .to_string();
    assert_eq!(
        w.notifier.shown.borrow()[&extended].content,
        NotificationContent::Extended {
            org: org("contoso"),
            token_name: "npm feed (CI)".into(),
            valid_to: now + Duration::days(90),
            policy_limited: false,
        }
    );
    // The warning went, and the badge counts one token less.
    assert!(!w.shown().contains(&feed_warning));
    assert_eq!(w.badge().text, "2");
}

#[test]
fn without_a_matching_preset_extend_adds_thirty_days() {
    let w = World::contoso();
    w.check();
    block_on(w.engine().notification_button(&warn("contoso", GIT, 14), 0));
    assert_eq!(w.server.valid_to("contoso", GIT), NOW + Duration::days(30));
}

#[test]
fn an_extended_token_is_warned_again_when_it_nears_its_new_expiry() {
    let w = World::contoso();
    w.check();
    block_on(w.engine().notification_button(&warn("contoso", FEED, 7), 0));
    assert_eq!(w.check().notified, 0, "30 days ahead: nothing due");

    // Its new expiry is 30 days away; 20 days later it crosses 14 again.
    w.clock.advance(Duration::days(20));
    w.check();
    assert!(w.shown().contains(&warn("contoso", FEED, 14)));
}

#[test]
fn a_failed_extend_says_why_and_keeps_the_warning() {
    let w = World::contoso();
    w.check();
    w.server.set_mode(Mode::SignedOut);
    let feed_warning = warn("contoso", FEED, 7);
    block_on(w.engine().notification_button(&feed_warning, 0));

    let failed = w.history().last().cloned().unwrap();
    let offers_rotate = failed.content.offers_rotate();
    let NotificationContent::ExtendFailed {
        token_name, why, ..
    } = failed.content
    else {
        panic!("{failed:?}")
    };
    // The id carries the buttons: Rotate is offered when no route can extend.
    let prefix = if offers_rotate {
        "pat-pilot:extendUnavailable:contoso:"
    } else {
        "pat-pilot:extendFailed:contoso:"
    };
    assert!(failed.id.starts_with(prefix), "{}", failed.id);
    assert_eq!(token_name, "npm feed (CI)");
    // Which refusal the client reports when every route fails is the client's choice (here the
    // web dialect's "no update route"); the notification says a next step for whichever it is.
    assert_ne!(why, ExtendFailure::Other);
    assert!(w.shown().contains(&feed_warning));
    assert_eq!(w.server.valid_to("contoso", FEED), NOW + Duration::days(3));
}

#[test]
fn the_body_and_the_open_button_open_the_organizations_token_page() {
    let w = World::contoso();
    w.check();
    let page = ClickOutcome::Open("https://dev.azure.com/contoso/_usersSettings/tokens".into());
    let git = warn("contoso", GIT, 14);
    assert_eq!(block_on(w.engine().notification_clicked(&git)), page);
    assert!(!w.shown().contains(&git), "a clicked notification goes");
    let feed = warn("contoso", FEED, 7);
    assert_eq!(block_on(w.engine().notification_button(&feed, 1)), page);
    // Not ours, or no such button: nothing happens.
    assert_eq!(
        block_on(w.engine().notification_clicked("someone-else:1")),
        ClickOutcome::Done
    );
    assert_eq!(
        block_on(w.engine().notification_button(&feed, 7)),
        ClickOutcome::Done
    );
    assert!(w.http.requests().iter().all(|r| r.method == Method::Get));
}

#[test]
fn revoked_tokens_are_neither_warned_about_nor_counted_and_lose_their_warnings() {
    let w = World::contoso();
    w.check();
    assert!(!w.history().iter().any(|n| n.id.contains(REVOKED)));

    // FEED is revoked on the token page: the next check drops it and clears its warning.
    w.server.edit("contoso", FEED, |t| t.revoked = true);
    let summary = w.check();
    assert_eq!(summary.due, 2);
    assert!(!w.shown().contains(&warn("contoso", FEED, 7)));
    let record = w.store.raw(Area::Local, NOTIFIED_KEY).unwrap();
    assert!(record["tokens"].get(FEED).is_none());
}

#[test]
fn the_popups_list_updates_warnings_and_badge_from_what_it_fetched() {
    let w = World::contoso();
    let reply = block_on(w.engine().handle(Request::ListTokens {
        org: OrgRef {
            name: org("contoso"),
            style: HostStyle::Modern,
        },
    }));
    assert!(matches!(reply, Reply::Ok(Response::Tokens { .. })));
    assert_eq!(w.history().len(), 3);
    assert_eq!(w.badge().text, "3");
}

#[test]
fn a_check_stopped_by_a_trap_does_not_hang_the_next_list() {
    let w = World::contoso();
    // A check stops where it stands while evaluating (under `panic = "abort"` a trap leaves
    // its future unpolled and undropped: whatever it holds, it never lets go).
    let storage = w.store.hold(NOTIFIED_KEY);
    let engine = w.engine();
    let mut check = Box::pin(engine.handle(Request::CheckNow {}));
    assert!(poll_until_stalled(check.as_mut()).is_none());
    assert_eq!(storage.arrivals(), 1, "stopped inside the evaluation");
    std::mem::forget(check);
    storage.open();

    // The popup's list still answers (and its evaluation runs, once the stopped one's lease
    // has run out).
    let reply = run(
        &w.clock,
        w.engine().handle(Request::ListTokens {
            org: OrgRef {
                name: org("contoso"),
                style: HostStyle::Modern,
            },
        }),
    );
    assert!(
        matches!(reply, Reply::Ok(Response::Tokens { .. })),
        "{reply:?}"
    );
    assert_eq!(w.badge().text, "3");
}

fn global(id: &str, name: &str, valid_to: OffsetDateTime) -> Stored {
    Stored {
        id: id.into(),
        name: name.into(),
        scope: "vso.code".into(),
        valid_to,
        global: true,
        revoked: false,
    }
}

const GLOBAL_A: &str = "00000000-0000-4000-8000-0000000000a1";
const GLOBAL_B: &str = "00000000-0000-4000-8000-0000000000b2";

#[test]
fn before_the_retirement_global_tokens_are_summed_up_in_one_notification() {
    let w = World::new();
    w.clock.set(GLOBAL_PAT_RETIREMENT - Duration::days(10));
    let far = GLOBAL_PAT_RETIREMENT + Duration::days(200);
    w.server
        .push("contoso", global(GLOBAL_A, "Old global token", far));
    w.server
        .push("fabrikam", global(GLOBAL_B, "Agent (all orgs)", far));
    // The list holds every organization's tokens, so a global token comes through each: it
    // counts once, under the first organization (it belongs to all of them).
    w.server
        .push("fabrikam", global(GLOBAL_A, "Old global token", far));
    w.know(&["contoso", "fabrikam"]);

    let summary = w.check();
    assert_eq!(summary.notified, 1);
    assert_eq!(summary.due, 2);
    let history = w.history();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].id, "pat-pilot:globals:contoso:14");
    assert_eq!(
        history[0].content,
        NotificationContent::GlobalSummary {
            org: org("contoso"),
            tokens: vec![
                ("Old global token".into(), org("contoso")),
                ("Agent (all orgs)".into(), org("contoso")),
            ],
            retires_at: GLOBAL_PAT_RETIREMENT,
            remaining: RelativeTime::Span {
                amount: 10,
                unit: TimeUnit::Days,
                tense: Tense::Future
            },
        }
    );
    assert_eq!(w.check().notified, 0);

    // A week later they cross 7 days together: one more summary.
    w.clock.advance(Duration::days(4));
    assert_eq!(w.check().notified, 1);
    assert_eq!(
        w.history().last().unwrap().id,
        "pat-pilot:globals:contoso:7"
    );
}

#[test]
fn a_global_token_that_expires_before_the_retirement_is_warned_like_any_other() {
    let w = World::new();
    w.clock.set(GLOBAL_PAT_RETIREMENT - Duration::days(30));
    w.server.push(
        "contoso",
        global(GLOBAL_A, "Short global", w.clock.now() + Duration::days(5)),
    );
    w.know(&["contoso"]);
    w.check();
    assert_eq!(w.shown(), vec![warn("contoso", GLOBAL_A, 7)]);
}

#[test]
fn after_the_retirement_global_tokens_are_retired_not_notified_and_not_counted() {
    let w = World::new();
    w.clock.set(GLOBAL_PAT_RETIREMENT + Duration::days(1));
    let far = GLOBAL_PAT_RETIREMENT + Duration::days(200);
    w.server
        .push("contoso", global(GLOBAL_A, "Old global token", far));
    w.know(&["contoso"]);
    let summary = w.check();
    assert_eq!(summary.notified, 0);
    assert_eq!(summary.due, 0);
    assert!(w.history().is_empty());
    assert_eq!(w.badge(), Badge::default());
}

#[test]
fn the_badge_is_cleared_when_nothing_is_due() {
    let w = World::contoso();
    w.check();
    assert_eq!(w.badge().text, "3");
    w.server.edit("contoso", AGENT, |t| t.revoked = true);
    w.server.edit("contoso", FEED, |t| t.revoked = true);
    w.server.edit("contoso", GIT, |t| t.revoked = true);
    w.check();
    assert_eq!(w.badge(), Badge::default());
}

#[test]
fn with_notifications_off_only_the_badge_is_kept() {
    let w = World::contoso();
    let off = Settings {
        notifications: false,
        ..Settings::default()
    };
    block_on(settings::save(&w.store, &off)).unwrap();
    let summary = w.check();
    assert_eq!(summary.notified, 0);
    assert!(w.history().is_empty());
    assert_eq!(w.badge().text, "3");
}

#[test]
fn the_alarm_follows_the_check_interval_setting() {
    let w = World::new();
    let schedule = block_on(w.engine().schedule());
    assert_eq!(schedule.alarm, ALARM_NAME);
    assert_eq!(schedule.period_minutes, 6 * 60);
    let hourly = Settings {
        check_interval_hours: 1,
        ..Settings::default()
    };
    block_on(settings::save(&w.store, &hourly)).unwrap();
    assert_eq!(block_on(w.engine().schedule()).period_minutes, 60);
}

#[test]
fn with_no_known_organization_a_check_sends_nothing_and_clears_the_badge() {
    let w = World::new();
    let summary = w.check();
    assert_eq!(
        summary,
        CheckSummary {
            notified: 0,
            due: 0,
            refreshed: vec![],
            stale: vec![],
        }
    );
    assert!(w.http.requests().is_empty());
    assert_eq!(w.badge(), Badge::default());
}

#[test]
fn nothing_the_watcher_writes_or_shows_holds_more_than_metadata() {
    let w = World::contoso();
    w.check();
    block_on(w.engine().notification_button(&warn("contoso", FEED, 7), 0));
    let stored = serde_json::to_string(&w.store.dump(Area::Local)).unwrap();
    assert!(!stored.contains("\"token\":\""), "{stored}");
    let shown = format!("{:?}", w.history());
    assert!(!shown.contains("secret"));
}

#[test]
fn a_notification_that_cannot_be_shown_is_tried_again_at_the_next_check() {
    let w = World::contoso();
    // A notifier that refuses everything (the person blocked notifications, say).
    struct Refusing(MemoryNotifier);
    impl pat_pilot::ports::Notifier for Refusing {
        async fn notify(&self, _: Notification) -> Result<(), pat_pilot::ports::NotifierError> {
            Err(pat_pilot::ports::NotifierError("blocked".into()))
        }
        async fn clear(&self, id: &str) -> Result<(), pat_pilot::ports::NotifierError> {
            self.0.clear(id).await
        }
        async fn set_badge(&self, badge: Badge) -> Result<(), pat_pilot::ports::NotifierError> {
            self.0.set_badge(badge).await
        }
    }
    let refusing = Refusing(MemoryNotifier::new());
    let engine = Engine {
        http: &w.http,
        store: &w.store,
        clock: &w.clock,
        notifier: &refusing,
        life: &w.life,
        timing: Timing::default(),
    };
    let summary = block_on(engine.check()).unwrap();
    assert_eq!(summary.notified, 0);
    assert_eq!(refusing.0.badge.borrow().text, "3");
    assert_eq!(w.check().notified, 3);
}

#[test]
fn remaining_time_is_rounded_to_the_nearest_unit() {
    use pat_pilot::engine::watch::remaining;
    let span = |amount, unit| RelativeTime::Span {
        amount,
        unit,
        tense: Tense::Future,
    };
    let cases = [
        (
            Duration::days(3) - Duration::seconds(5),
            span(3, TimeUnit::Days),
        ),
        (Duration::hours(12), span(12, TimeUnit::Hours)),
        (Duration::hours(36), span(2, TimeUnit::Days)),
        (Duration::minutes(20), span(20, TimeUnit::Minutes)),
        (Duration::seconds(10), span(1, TimeUnit::Minutes)),
    ];
    for (left, expected) in cases {
        assert_eq!(remaining(NOW, NOW + left), expected, "{left}");
    }
}

#[test]
fn a_warning_goes_when_its_token_leaves_the_warning_window() {
    let w = World::contoso();
    let wide = Settings {
        thresholds: pat_pilot::core::expiry::Thresholds::new([45, 14, 7, 1]).unwrap(),
        ..Settings::default()
    };
    block_on(settings::save(&w.store, &wide)).unwrap();
    w.check();
    assert!(w.shown().contains(&warn("contoso", RELEASE, 45)));

    block_on(settings::save(&w.store, &Settings::default())).unwrap();
    let summary = w.check();
    assert_eq!(summary.notified, 0);
    assert!(!w.shown().contains(&warn("contoso", RELEASE, 45)));
    assert_eq!(w.shown().len(), 3);
}

/// Another retirement date, as the end-to-end tests keep it in `storage.session`.
fn set_retirement(w: &World, at: Value) {
    block_on(w.store.set(
        settings::RETIREMENT_AREA,
        vec![(settings::RETIREMENT_KEY.into(), at)],
    ))
    .unwrap();
}

#[test]
fn a_retirement_date_in_session_storage_replaces_the_real_one_on_both_sides_of_it() {
    // NOW is months before the real retirement: without the override nothing is due.
    let w = World::new();
    let far = NOW + Duration::days(200);
    w.server
        .push("contoso", global(GLOBAL_A, "Old global token", far));
    w.know(&["contoso"]);
    assert_eq!(w.check().due, 0);

    // Ten days ahead: summed up, with the override's date.
    let ahead = NOW + Duration::days(10);
    set_retirement(&w, json!({"v": 1, "at": rfc3339(ahead)}));
    let summary = w.check();
    assert_eq!((summary.notified, summary.due), (1, 1));
    assert!(matches!(
        &w.history()[0].content,
        NotificationContent::GlobalSummary { retires_at, .. } if *retires_at == ahead
    ));

    // A day ago: retired, neither warned about nor counted.
    set_retirement(&w, json!({"v": 1, "at": rfc3339(NOW - Duration::days(1))}));
    let summary = w.check();
    assert_eq!((summary.notified, summary.due), (0, 0));
    assert_eq!(w.badge(), Badge::default());
}

#[test]
fn a_garbled_retirement_override_leaves_the_real_date() {
    let w = World::new();
    w.clock.set(GLOBAL_PAT_RETIREMENT - Duration::days(10));
    let far = GLOBAL_PAT_RETIREMENT + Duration::days(200);
    w.server
        .push("contoso", global(GLOBAL_A, "Old global token", far));
    w.know(&["contoso"]);
    for garbled in [
        json!("2020-01-01T00:00:00Z"),
        json!({"v": 1, "at": "yesterday"}),
        json!({"v": 9, "at": "2020-01-01T00:00:00Z"}),
        json!({"v": 1, "at": "2020-01-01T00:00:00Z", "extra": true}),
    ] {
        set_retirement(&w, garbled.clone());
        let policy = block_on(settings::policy(&w.store, &Settings::default()));
        assert_eq!(policy.retirement, GLOBAL_PAT_RETIREMENT, "{garbled}");
    }
    assert_eq!(w.check().due, 1);
}
