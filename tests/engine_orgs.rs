//! Every organization's tokens, as Azure DevOps lists them: the list of any organization holds
//! the person's tokens of all of them. The engine keeps the whole list, shows and warns about
//! each token under its own organization only, and changes a token only through its own
//! organization. Writes that the service refuses from a foreign `Origin` go the way the token
//! page sends them, remembered per organization. The public API refuses the browser session
//! here, as documented: create, list and revoke work on the web routes alone.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use ado_support::block_on;
use pat_pilot::ado::orgs::MY_ORGANIZATIONS;
use pat_pilot::ado::Transport;
use pat_pilot::core::known_orgs::{self, KnownOrgs};
use pat_pilot::core::notification::{Button, ExtendFailure, NotificationContent};
use pat_pilot::core::org::{HostStyle, OrgLabel, OrgName};
use pat_pilot::core::preset::PresetId;
use pat_pilot::core::preset_store::ensure_seeded;
use pat_pilot::engine::state::{InFlight, OrgDirectory, OrgState};
use pat_pilot::engine::watch::{ClickOutcome, NoteId};
use pat_pilot::engine::{Engine, Life, LifeId, Timing};
use pat_pilot::ports::fakes::{
    json_response, poll_until_stalled, run, FakeHttp, FixedClock, MemoryNotifier, MemoryStore,
};
use pat_pilot::ports::{Clock, HttpRequest, HttpResponse, Method, TransportError};
use pat_pilot::protocol::{
    CreateOutcome, EngineErrorKind, ErrorKind, OrgRef, Reply, Request, Response,
};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const NOW: OffsetDateTime = datetime!(2026-12-03 10:00 UTC);
const CONTOSO_ID: &str = "8f1c2b7e-4a3d-4c59-9e2f-6b1a0d3c5e71";
const FABRIKAM_ID: &str = "2d7e9a14-6c3b-4f8a-b5d1-0e9c7a2f4b63";
const SECRET: &str =
    "Zx9AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHAZDOijkl";

const OURS: &str = "00000000-0000-4000-8000-000000000001";
const THEIRS: &str = "00000000-0000-4000-8000-000000000002";
const GLOBAL: &str = "00000000-0000-4000-8000-000000000003";

fn org(name: &str) -> OrgName {
    OrgName::parse(name).unwrap()
}

fn org_ref(name: &str) -> OrgRef {
    OrgRef {
        name: org(name),
        style: HostStyle::Modern,
    }
}

fn id_of(name: &str) -> &'static str {
    if name == "fabrikam" {
        FABRIKAM_ID
    } else {
        CONTOSO_ID
    }
}

#[derive(Clone)]
struct Row {
    id: String,
    name: String,
    scope: String,
    /// `None`: global.
    org: Option<String>,
    valid_from: OffsetDateTime,
    valid_to: OffsetDateTime,
    revoked: bool,
}

/// Azure DevOps as the evidence describes it: one person, two organizations; the list (paged
/// only with `pageRequestTimeStamp`) spans both; get and revoke only through the token's own
/// organization; `tokens/pats` refuses the browser session; optionally, cookie writes with a
/// foreign `Origin` are refused with 401.
#[derive(Clone, Default)]
struct Server {
    rows: Rc<RefCell<Vec<Row>>>,
    origin_check: Rc<Cell<bool>>,
    next: Rc<Cell<u32>>,
    /// The web UI's organization list (docs/azure-devops.md §12.1): refused (401) unless
    /// offered, in its documented shape.
    org_list: Rc<Cell<bool>>,
    /// With `org_list`: a 200 in a shape no source shows.
    odd_list: Rc<Cell<bool>>,
}

impl Server {
    fn seed(&self, id: &str, name: &str, org: Option<&str>, days: i64) {
        self.rows.borrow_mut().push(Row {
            id: id.into(),
            name: name.into(),
            scope: "vso.packaging".into(),
            org: org.map(str::to_owned),
            valid_from: NOW - Duration::days(20),
            valid_to: NOW + Duration::days(days),
            revoked: false,
        });
    }

    fn row(&self, id: &str) -> Row {
        self.rows
            .borrow()
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .unwrap()
    }

    fn wire(r: &Row) -> Value {
        json!({
            "authorizationId": r.id, "displayName": r.name, "scope": r.scope,
            "targetAccounts": r.org.as_deref().map(|o| json!([id_of(o)])).unwrap_or(Value::Null),
            "validFrom": r.valid_from.format(&Rfc3339).unwrap(),
            "validTo": r.valid_to.format(&Rfc3339).unwrap(),
            "isValid": !r.revoked, "isPublic": false, "token": null,
        })
    }

    fn answer(&self, r: &HttpRequest) -> Option<Result<HttpResponse, TransportError>> {
        let ok = |v: Value| Some(Ok(json_response(200, &v)));
        let refused = || Some(Ok(json_response(401, &json!({"message": "TF400813"}))));
        if self.origin_check.get() && r.method != Method::Get && r.page_origin.is_none() {
            return refused();
        }
        if let Some(rest) = r.url.strip_prefix("https://vssps.dev.azure.com/") {
            let (org, path) = rest.split_once('/')?;
            if path.starts_with("_apis/tokens/pats") {
                return refused();
            }
            let path = path.strip_prefix("_apis/Token/SessionTokens")?;
            if r.method == Method::Get && !path.starts_with('/') {
                let rows: Vec<Value> = self.rows.borrow().iter().map(Self::wire).collect();
                return if r.url.contains("pageRequestTimeStamp=") {
                    ok(json!({"nextRowNumber": 0, "sessionTokens": rows}))
                } else {
                    ok(json!({"count": rows.len(), "value": rows}))
                };
            }
            if r.method == Method::Delete {
                let id = path.trim_start_matches('/');
                let mut rows = self.rows.borrow_mut();
                let row = rows
                    .iter_mut()
                    .find(|row| row.id == id && row.org.as_deref().is_none_or(|o| o == org))?;
                row.revoked = true;
                return Some(Ok(json_response(200, &Value::Null)));
            }
            return None;
        }
        let rest = r.url.strip_prefix("https://dev.azure.com/")?;
        let (org, path) = rest.split_once('/')?;
        if path.starts_with("_apis/connectionData") {
            return ok(
                json!({"instanceId": id_of(org), "authenticatedUser": {"id": "3c5b4e2a-7d1f-4c8e-9a6b-2f0d1e7c9a41", "providerDisplayName": "Ada Lovelace"}}),
            );
        }
        if path.starts_with("_apis/WebPlatformAuth") {
            return ok(json!({"token": "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2ln"}));
        }
        if path.starts_with("_apis/Contribution/HierarchyQuery") {
            let body: Value = serde_json::from_str(r.body.as_deref()?).ok()?;
            if body["contributionIds"] == json!([MY_ORGANIZATIONS]) {
                assert!(r.url.contains("api-version=5.0-preview.1"), "{}", r.url);
                if !self.org_list.get() {
                    return refused();
                }
                if self.odd_list.get() {
                    return ok(json!({"dataProviders": {MY_ORGANIZATIONS: {"accounts": [
                        {"id": FABRIKAM_ID, "name": "fabrikam"},
                    ]}}}));
                }
                return ok(
                    json!({"dataProviders": {MY_ORGANIZATIONS: {"organizations": [
                        {"id": CONTOSO_ID, "name": "contoso", "url": "https://dev.azure.com/contoso/"},
                        {"id": FABRIKAM_ID, "name": "fabrikam", "url": "https://dev.azure.com/fabrikam/"},
                    ]}}}),
                );
            }
            let props = &body["dataProviderContext"]["properties"];
            assert_eq!(
                props["targetAccounts"],
                json!([id_of(org)]),
                "created in {org}"
            );
            self.next.set(self.next.get() + 1);
            let row = Row {
                id: format!("00000000-0000-4000-8000-00000000010{}", self.next.get()),
                name: props["displayName"].as_str()?.into(),
                scope: props["scope"].as_str()?.into(),
                org: Some(org.into()),
                valid_from: NOW,
                valid_to: OffsetDateTime::parse(props["validTo"].as_str()?, &Rfc3339).ok()?,
                revoked: false,
            };
            let mut data = Self::wire(&row);
            data["token"] = json!(SECRET);
            self.rows.borrow_mut().push(row);
            return ok(
                json!({"dataProviders": {"ms.vss-token-web.personal-access-token-issue-session-token-provider": data}}),
            );
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
    /// Ours in contoso (expires in 5 days), theirs in fabrikam (in 6 days), a global one.
    fn new() -> Self {
        let server = Server::default();
        server.seed(OURS, "Contoso feed", Some("contoso"), 5);
        server.seed(THEIRS, "Fabrikam feed", Some("fabrikam"), 6);
        server.seed(GLOBAL, "Everywhere", None, 40);
        let http = FakeHttp::new();
        let s = server.clone();
        http.on(move |r| s.answer(r));
        let w = Self {
            http,
            store: MemoryStore::new(),
            clock: FixedClock::new(NOW),
            notifier: MemoryNotifier::new(),
            server,
            life: Life::new(LifeId::new(uuid::Uuid::from_u128(12))),
        };
        block_on(ensure_seeded(&w.store, NOW, |r| format!("{r:?}"))).unwrap();
        w
    }

    fn engine(&self) -> Engine<'_, FakeHttp, MemoryStore, FixedClock, MemoryNotifier> {
        Engine {
            http: &self.http,
            store: &self.store,
            clock: &self.clock,
            notifier: &self.notifier,
            life: &self.life,
            timing: Timing::default(),
        }
    }

    fn send(&self, request: Request) -> Reply {
        block_on(self.engine().handle(request))
    }

    fn hello(&self, name: &str) {
        let reply = self.send(Request::Hello { org: org_ref(name) });
        assert!(
            matches!(reply, Reply::Ok(Response::Session { .. })),
            "{reply:?}"
        );
    }

    fn list(&self, name: &str) -> Vec<String> {
        match self.send(Request::ListTokens { org: org_ref(name) }) {
            Reply::Ok(Response::Tokens { tokens, .. }) => {
                tokens.into_iter().map(|t| t.name).collect()
            }
            other => panic!("{other:?}"),
        }
    }

    fn only_know(&self, names: &[&str]) {
        let mut known = KnownOrgs::default();
        for name in names.iter().rev() {
            known.touch(org(name), HostStyle::Modern, NOW);
        }
        block_on(known_orgs::save(&self.store, &known)).unwrap();
    }

    fn warnings(&self) -> Vec<String> {
        self.notifier.shown.borrow().keys().cloned().collect()
    }

    fn sent(&self, method: Method) -> Vec<String> {
        self.http
            .requests()
            .iter()
            .filter(|r| r.method == method)
            .map(|r| r.url.clone())
            .collect()
    }
}

#[test]
fn an_organizations_tokens_are_its_own_and_the_global_ones_and_the_cache_keeps_them_all() {
    let w = World::new();
    w.hello("contoso");
    let mut names = w.list("contoso");
    names.sort();
    assert_eq!(names, ["Contoso feed", "Everywhere"]);

    let state = block_on(OrgState::load(&w.store, &org("contoso"), NOW)).unwrap();
    assert_eq!(
        state.tokens.len(),
        3,
        "the whole list is kept, for a later all-organizations view"
    );
    assert!(state
        .token(
            THEIRS
                .parse()
                .map(pat_pilot::core::token::AuthorizationId::new)
                .unwrap()
        )
        .is_some());
}

#[test]
fn without_the_organizations_id_no_token_is_shown_under_it() {
    let w = World::new();
    // A first list with no Hello before: the engine asks connectionData first.
    let mut names = w.list("fabrikam");
    names.sort();
    assert_eq!(names, ["Everywhere", "Fabrikam feed"]);
    assert!(w.sent(Method::Get)[0].ends_with("/fabrikam/_apis/connectionData"));
}

#[test]
fn each_token_is_warned_about_under_its_own_organization_only() {
    let w = World::new();
    w.only_know(&["contoso", "fabrikam"]);
    block_on(w.engine().check()).unwrap();
    let mut shown = w.warnings();
    shown.sort();
    assert_eq!(
        shown,
        [
            format!("pat-pilot:warn:contoso:{OURS}:7"),
            format!("pat-pilot:warn:fabrikam:{THEIRS}:7"),
        ]
    );
    let titles: Vec<(String, String)> = w
        .notifier
        .shown
        .borrow()
        .values()
        .filter_map(|n| match &n.content {
            NotificationContent::Warning {
                org, token_name, ..
            } => Some((org.to_string(), token_name.clone())),
            _ => None,
        })
        .collect();
    assert!(titles.contains(&("fabrikam".into(), "Fabrikam feed".into())));
    assert!(!titles.contains(&("contoso".into(), "Fabrikam feed".into())));
    assert_eq!(w.notifier.badge.borrow().text, "2");
}

/// What the notifications said about each token: (organization, token name).
fn warned(w: &World) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = w
        .notifier
        .shown
        .borrow()
        .values()
        .filter_map(|n| match &n.content {
            NotificationContent::Warning {
                org, token_name, ..
            } => Some((org.to_string(), token_name.clone())),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_token_of_an_organization_nobody_can_name_is_warned_about_as_unnamed_with_its_id() {
    let w = World::new();
    w.only_know(&["contoso"]);
    block_on(w.engine().check()).unwrap();
    // The organization list was asked (through contoso) and refused: fabrikam stays an id.
    assert_eq!(
        w.sent(Method::Post)
            .iter()
            .filter(|u| u.contains("HierarchyQuery"))
            .count(),
        2,
        "asked once, and once more the token page's way after the 401"
    );
    assert_eq!(
        warned(&w),
        [
            (FABRIKAM_ID.into(), "Fabrikam feed".into()),
            ("contoso".into(), "Contoso feed".into()),
        ]
    );
    let shown = w.notifier.shown.borrow();
    let theirs = shown
        .values()
        .find(|n| matches!(&n.content, NotificationContent::Warning { token_name, .. } if token_name == "Fabrikam feed"))
        .unwrap();
    assert!(matches!(
        &theirs.content,
        NotificationContent::Warning { org: OrgLabel::Unnamed(id), .. } if id.to_string() == FABRIKAM_ID
    ));
    // Its id names the organization it was listed through (whose token page a click opens).
    assert_eq!(theirs.id, format!("pat-pilot:warn:contoso:{THEIRS}:7"));
    drop(shown);
    assert_eq!(w.notifier.badge.borrow().text, "2", "both are counted");

    // The next check warns about neither again: one notification per token per threshold.
    w.notifier.shown.borrow_mut().clear();
    block_on(w.engine().check()).unwrap();
    assert!(w.warnings().is_empty(), "{:?}", w.warnings());
    assert_eq!(w.notifier.badge.borrow().text, "2");
}

#[test]
fn an_organization_list_of_another_shape_is_no_list_not_no_organizations() {
    let w = World::new();
    w.server.org_list.set(true);
    w.server.odd_list.set(true);
    w.hello("contoso");
    let reply = w.send(Request::ListAllTokens {
        org: org_ref("contoso"),
    });
    let Reply::Ok(Response::AllTokens { groups, .. }) = reply else {
        panic!("{reply:?}")
    };
    assert!(
        groups
            .iter()
            .any(|g| g.org.label() == FABRIKAM_ID && !g.can_act()),
        "still known by id only"
    );
    let asked: Vec<_> = w
        .sent(Method::Post)
        .into_iter()
        .filter(|u| u.contains("HierarchyQuery"))
        .collect();
    assert_eq!(asked.len(), 1, "answered (200), so asked once");
    let directory = block_on(OrgDirectory::load(&w.store, NOW)).unwrap();
    assert!(directory.listed.is_empty(), "the odd answer taught nothing");
    assert!(directory.name_of(FABRIKAM_ID.parse().unwrap()).is_none());
}

#[test]
fn the_organization_list_names_an_organization_never_visited() {
    let w = World::new();
    w.server.org_list.set(true);
    w.only_know(&["contoso"]);
    block_on(w.engine().check()).unwrap();
    assert_eq!(
        warned(&w),
        [
            ("contoso".into(), "Contoso feed".into()),
            ("fabrikam".into(), "Fabrikam feed".into()),
        ]
    );
    assert!(w
        .warnings()
        .contains(&format!("pat-pilot:warn:fabrikam:{THEIRS}:7")));
    let directory = block_on(OrgDirectory::load(&w.store, NOW)).unwrap();
    assert_eq!(
        directory
            .name_of(FABRIKAM_ID.parse().unwrap())
            .map(|o| o.name.to_string()),
        Some("fabrikam".into())
    );
    // Named, its token can be revoked from contoso's list: through fabrikam.
    w.list("contoso");
    let reply = w.send(Request::Revoke {
        org: org_ref("contoso"),
        id: THEIRS
            .parse()
            .map(pat_pilot::core::token::AuthorizationId::new)
            .unwrap(),
    });
    assert!(
        matches!(reply, Reply::Ok(Response::Revoked { .. })),
        "{reply:?}"
    );
    assert!(w.server.row(THEIRS).revoked);
    assert!(w
        .sent(Method::Delete)
        .iter()
        .all(|u| u.starts_with("https://vssps.dev.azure.com/fabrikam/")));
}

#[test]
fn all_organizations_come_in_groups_named_as_far_as_anyone_can() {
    let w = World::new();
    w.hello("contoso");
    let groups = |w: &World| match w.send(Request::ListAllTokens {
        org: org_ref("contoso"),
    }) {
        Reply::Ok(Response::AllTokens { groups, via, .. }) => {
            assert_eq!(via.as_str(), "contoso");
            groups
                .into_iter()
                .map(|g| {
                    (
                        g.org.label(),
                        g.can_act(),
                        g.tokens.into_iter().map(|t| t.name).collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        }
        other => panic!("{other:?}"),
    };
    // The list is refused (the stricter default): fabrikam is known by id only.
    assert_eq!(
        groups(&w),
        [
            ("contoso".into(), true, vec!["Contoso feed".to_owned()]),
            (FABRIKAM_ID.into(), false, vec!["Fabrikam feed".to_owned()]),
            ("all".into(), true, vec!["Everywhere".to_owned()]),
        ]
    );
    // Offered, the list names it.
    w.server.org_list.set(true);
    assert_eq!(
        groups(&w),
        [
            ("contoso".into(), true, vec!["Contoso feed".to_owned()]),
            ("fabrikam".into(), true, vec!["Fabrikam feed".to_owned()]),
            ("all".into(), true, vec!["Everywhere".to_owned()]),
        ]
    );
    // Once named, nothing more is asked.
    let before = w.sent(Method::Post).len();
    groups(&w);
    assert_eq!(w.sent(Method::Post).len(), before);
}

#[test]
fn revoke_goes_through_the_tokens_own_organization() {
    let w = World::new();
    w.hello("fabrikam");
    w.hello("contoso");
    w.list("contoso");
    let reply = w.send(Request::Revoke {
        org: org_ref("contoso"),
        id: THEIRS
            .parse()
            .map(pat_pilot::core::token::AuthorizationId::new)
            .unwrap(),
    });
    assert!(
        matches!(reply, Reply::Ok(Response::Revoked { .. })),
        "{reply:?}"
    );
    assert_eq!(
        w.sent(Method::Delete),
        [format!(
            "https://vssps.dev.azure.com/fabrikam/_apis/Token/SessionTokens/{THEIRS}"
        )]
    );
    assert!(w.server.row(THEIRS).revoked);
    // Gone from every cache, not only fabrikam's.
    let contoso = block_on(OrgState::load(&w.store, &org("contoso"), NOW)).unwrap();
    assert!(contoso.tokens.iter().all(|t| t.id.to_string() != THEIRS));
}

#[test]
fn a_token_of_an_organization_whose_name_is_unknown_is_not_changed_through_another() {
    let w = World::new();
    w.hello("contoso");
    w.list("contoso");
    let reply = w.send(Request::Revoke {
        org: org_ref("contoso"),
        id: THEIRS
            .parse()
            .map(pat_pilot::core::token::AuthorizationId::new)
            .unwrap(),
    });
    let Reply::Error(error) = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(
        error.kind,
        ErrorKind::Engine(EngineErrorKind::OtherOrganization)
    );
    assert!(w.sent(Method::Delete).is_empty(), "nothing sent");
    assert!(!w.server.row(THEIRS).revoked);
}

#[test]
fn rotate_makes_the_replacement_in_the_tokens_own_organization() {
    let w = World::new();
    w.hello("fabrikam");
    w.hello("contoso");
    w.list("contoso");
    let reply = w.send(Request::Rotate {
        org: org_ref("contoso"),
        id: THEIRS
            .parse()
            .map(pat_pilot::core::token::AuthorizationId::new)
            .unwrap(),
    });
    let Reply::Ok(Response::Created { created, .. }) = reply else {
        panic!("{reply:?}")
    };
    assert_eq!(created.org, org("fabrikam"));
    assert_eq!(
        created.token.target_accounts,
        Some(vec![FABRIKAM_ID.parse().unwrap()])
    );
    assert_eq!(
        w.sent(Method::Post),
        ["https://dev.azure.com/fabrikam/_apis/Contribution/HierarchyQuery"]
    );
}

#[test]
fn the_organizations_are_named_by_id_from_what_was_visited() {
    let w = World::new();
    w.hello("contoso");
    w.hello("fabrikam");
    let directory = block_on(OrgDirectory::load(&w.store, NOW)).unwrap();
    assert_eq!(
        directory
            .name_of(FABRIKAM_ID.parse().unwrap())
            .map(|o| o.name.to_string()),
        Some("fabrikam".into())
    );
    assert_eq!(
        directory
            .name_of(CONTOSO_ID.parse().unwrap())
            .map(|o| o.name.to_string()),
        Some("contoso".into())
    );
}

#[test]
fn where_the_public_api_refuses_the_session_extend_from_a_notification_offers_rotate_and_rotate_works(
) {
    let w = World::new();
    w.only_know(&["contoso"]);
    block_on(w.engine().check()).unwrap();
    let warning = format!("pat-pilot:warn:contoso:{OURS}:7");
    block_on(w.engine().notification_button(&warning, 0)); // Extend

    let unavailable = format!("pat-pilot:extendUnavailable:contoso:{OURS}");
    let note = w
        .notifier
        .shown
        .borrow()
        .get(&unavailable)
        .cloned()
        .unwrap();
    assert_eq!(note.content.buttons(), [Button::Rotate, Button::Open]);
    assert_eq!(
        NoteId::parse(&unavailable).unwrap().buttons(),
        note.content.buttons(),
        "a restarted worker reads the same buttons from the id"
    );

    let outcome = block_on(w.engine().notification_button(&unavailable, 0)); // Rotate
    let rotated = w
        .notifier
        .shown
        .borrow()
        .get(&format!("pat-pilot:rotated:contoso:{OURS}"))
        .cloned()
        .unwrap();
    let NotificationContent::Rotated { replaces, kept, .. } = &rotated.content else {
        panic!("{rotated:?}")
    };
    assert_eq!(replaces, "Contoso feed");
    assert!(kept);
    assert!(
        !format!("{rotated:?}").contains(SECRET),
        "no secret in a notification"
    );
    // The new secret waits for the popup, in memory only.
    let Reply::Ok(Response::Pending {
        created: Some(created),
        ..
    }) = w.send(Request::TakePendingSecret {})
    else {
        panic!("no pending secret")
    };
    assert_eq!(created.secret.expose(), SECRET);
    // The worker sets its expiry alarm, as after a create from the popup.
    assert_eq!(outcome, ClickOutcome::Created(created.token.id));
}

#[test]
fn a_rotate_from_a_notification_whose_secret_cannot_be_kept_says_so() {
    let w = World::new();
    w.only_know(&["contoso"]);
    block_on(w.engine().check()).unwrap();
    block_on(
        w.engine()
            .notification_button(&format!("pat-pilot:warn:contoso:{OURS}:7"), 0),
    );
    w.store.fail_writes_of("pending");
    let outcome = block_on(
        w.engine()
            .notification_button(&format!("pat-pilot:extendUnavailable:contoso:{OURS}"), 0),
    );
    let rotated = w
        .notifier
        .shown
        .borrow()
        .get(&format!("pat-pilot:rotated:contoso:{OURS}"))
        .cloned()
        .unwrap();
    let NotificationContent::Rotated { kept, .. } = rotated.content else {
        panic!("{rotated:?}")
    };
    assert!(!kept, "no popup will show it");
    assert_eq!(outcome, ClickOutcome::Done, "no secret waits: no alarm");
}

#[test]
fn writes_refused_from_a_foreign_origin_go_as_the_token_page_sends_them_remembered_per_organization(
) {
    let w = World::new();
    w.server.origin_check.set(true);
    w.hello("contoso");
    w.hello("fabrikam");
    w.list("contoso");
    let reply = w.send(Request::Revoke {
        org: org_ref("contoso"),
        id: OURS
            .parse()
            .map(pat_pilot::core::token::AuthorizationId::new)
            .unwrap(),
    });
    assert!(
        matches!(reply, Reply::Ok(Response::Revoked { .. })),
        "{reply:?}"
    );
    assert!(w.server.row(OURS).revoked);
    let contoso = block_on(OrgState::load(&w.store, &org("contoso"), NOW)).unwrap();
    assert_eq!(contoso.transport, Some(Transport::PageOrigin));
    let fabrikam = block_on(OrgState::load(&w.store, &org("fabrikam"), NOW)).unwrap();
    assert_eq!(fabrikam.transport, None, "learned per organization");

    // The next write of contoso goes that way at once: one request.
    w.http.clear_requests();
    let reply = w.send(Request::CreateFromPreset {
        org: org_ref("contoso"),
        preset_id: PresetId::parse("builtin-git").unwrap(),
        lifetime_days: None,
    });
    assert!(
        matches!(reply, Reply::Ok(Response::Created { .. })),
        "{reply:?}"
    );
    let posts: Vec<Option<String>> = w
        .http
        .requests()
        .iter()
        .filter(|r| r.method == Method::Post)
        .map(|r| r.page_origin.clone())
        .collect();
    assert_eq!(posts, [Some("https://dev.azure.com".to_owned())]);

    // Diagnostics say which transport worked.
    let Reply::Ok(Response::Diagnosis { report }) = w.send(Request::Diagnose {
        org: org_ref("contoso"),
    }) else {
        panic!()
    };
    assert_eq!(
        report["writes"],
        json!({"chosen": "pageOrigin", "lastWorked": "pageOrigin"})
    );
}

#[test]
fn listed_names_are_added_to_never_dropped_and_a_reused_name_moves() {
    use pat_pilot::ado::ListedOrg;
    let w = World::new();
    let a = uuid::Uuid::from_u128(0xa);
    let b = uuid::Uuid::from_u128(0xb);
    let listed = |id, name: &str| ListedOrg {
        id,
        name: org(name),
    };
    block_on(OrgDirectory::learn_listed(
        &w.store,
        &[listed(a, "alpha")],
        NOW,
    ))
    .unwrap();
    // Another directory's list, through another organization: alpha stays.
    block_on(OrgDirectory::learn_listed(
        &w.store,
        &[listed(b, "beta")],
        NOW,
    ))
    .unwrap();
    let names = |w: &World| {
        let d = block_on(OrgDirectory::load(&w.store, NOW)).unwrap();
        d.listed
            .iter()
            .map(|(id, n)| (*id, n.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&w), [(a, "alpha".into()), (b, "beta".into())]);
    // beta renamed to gamma, and its old name taken by a new organization: each id has its own.
    let c = uuid::Uuid::from_u128(0xc);
    block_on(OrgDirectory::learn_listed(
        &w.store,
        &[listed(b, "gamma"), listed(c, "beta")],
        NOW,
    ))
    .unwrap();
    assert_eq!(
        names(&w),
        [(a, "alpha".into()), (b, "gamma".into()), (c, "beta".into())]
    );
}

#[test]
fn extend_from_the_warning_of_an_unnamed_organizations_token_says_why_and_sends_nothing() {
    let w = World::new();
    w.only_know(&["contoso"]);
    block_on(w.engine().check()).unwrap();
    let warning = format!("pat-pilot:warn:contoso:{THEIRS}:7");
    assert!(w.warnings().contains(&warning));
    let writes = |w: &World| {
        w.http
            .requests()
            .iter()
            .filter(|r| r.method != Method::Get && !r.url.contains("HierarchyQuery"))
            .count()
    };
    let before = writes(&w);
    block_on(w.engine().notification_button(&warning, 0)); // Extend
    assert_eq!(
        writes(&w),
        before,
        "nothing sent through contoso for fabrikam's token"
    );
    let shown = w.notifier.shown.borrow();
    let failed = shown
        .values()
        .find_map(|n| match &n.content {
            NotificationContent::ExtendFailed { why, .. } => Some(*why),
            _ => None,
        })
        .unwrap();
    assert_eq!(failed, ExtendFailure::OtherOrganization);
}

// With the create's lifecycle (one claim, one deadline, a second look): how the write
// transport, the owner of a token and the list of every organization fit in.

fn git_in(name: &str) -> Request {
    Request::CreateFromPreset {
        org: org_ref(name),
        preset_id: PresetId::parse("builtin-git").unwrap(),
        lifetime_days: None,
    }
}

fn uncertain_outcome(reply: Reply) -> CreateOutcome {
    match reply {
        Reply::Error(e) => {
            assert_eq!(e.kind, ErrorKind::Engine(EngineErrorKind::CreateUncertain));
            *e.outcome.expect("an outcome")
        }
        other => panic!("not uncertain: {other:?}"),
    }
}

/// Sends a create in contoso through the origin check: the direct write is refused after
/// `refused_after`, the page's would answer after `page_takes`. Each request, with when it
/// was sent.
fn create_through_the_origin_check(
    w: &World,
    refused_after: Duration,
    page_takes: Duration,
) -> (CreateOutcome, Vec<(HttpRequest, OffsetDateTime)>) {
    w.server.origin_check.set(true);
    w.hello("contoso");
    let sent: Rc<RefCell<Vec<(HttpRequest, OffsetDateTime)>>> = Rc::default();
    let (log, clock) = (sent.clone(), w.clock.clone());
    w.http.latency(&w.clock, move |r| {
        log.borrow_mut().push((r.clone(), clock.now()));
        match (r.method, r.page_origin.is_some()) {
            (Method::Post, false) => refused_after,
            (Method::Post, true) => page_takes,
            _ => Duration::ZERO,
        }
    });
    let outcome = uncertain_outcome(run(&w.clock, w.engine().handle(git_in("contoso"))));
    let sent = sent.borrow().clone();
    (outcome, sent)
}

/// The writes sent: where, and whether as the token page.
fn writes(sent: &[(HttpRequest, OffsetDateTime)]) -> Vec<(&str, bool)> {
    sent.iter()
        .filter(|(r, _)| r.method != Method::Get)
        .map(|(r, _)| (r.url.as_str(), r.page_origin.is_some()))
        .collect()
}

const CONTOSO_CREATE: &str = "https://dev.azure.com/contoso/_apis/Contribution/HierarchyQuery";

#[test]
fn a_write_sent_again_by_the_page_transport_without_an_answer_is_uncertain_and_never_sent_on_another_route(
) {
    let w = World::new();
    // Refused at once; the page's write gets no answer within its 20-second timeout, with
    // half a minute of the create's budget still left.
    let (outcome, sent) =
        create_through_the_origin_check(&w, Duration::seconds(1), Duration::seconds(25));
    assert!(
        matches!(outcome, CreateOutcome::NotCreated { .. }),
        "settled by the list: {outcome:?}"
    );
    assert_eq!(
        writes(&sent),
        [(CONTOSO_CREATE, false), (CONTOSO_CREATE, true)],
        "sent again once, by the other transport, and never on another route"
    );
}

#[test]
fn the_write_sent_again_by_the_page_transport_stays_within_the_creates_deadline() {
    let w = World::new();
    let timing = Timing::default();
    // Refused after 19 seconds (within the 20-second timeout); the page's write would take
    // 30, more than the 16 seconds left of the create's own share.
    let (outcome, sent) =
        create_through_the_origin_check(&w, Duration::seconds(19), Duration::seconds(30));
    assert!(
        matches!(outcome, CreateOutcome::NotCreated { .. }),
        "{outcome:?}"
    );
    assert_eq!(
        writes(&sent),
        [(CONTOSO_CREATE, false), (CONTOSO_CREATE, true)]
    );
    // The second write had what was left of the create's own share of the budget.
    let (retry, at) = sent.iter().find(|(r, _)| r.page_origin.is_some()).unwrap();
    let own_end = NOW + timing.create_budget - timing.reconcile_share;
    assert_eq!(
        *at + Duration::milliseconds(i64::from(retry.timeout_ms)),
        own_end
    );
    for (r, at) in &sent {
        let ends = *at + Duration::milliseconds(i64::from(r.timeout_ms));
        assert!(
            ends <= NOW + timing.create_budget,
            "{} could run until {ends}",
            r.url
        );
    }
    assert!(block_on(InFlight::load(&w.store, &org("contoso")))
        .unwrap()
        .is_none());
}

#[test]
fn a_second_look_counts_only_this_organizations_tokens() {
    let w = World::new();
    w.hello("contoso");
    w.hello("fabrikam");
    // Made in fabrikam just now: the same name, the same scopes.
    let made = created_in(&w, "fabrikam");
    // contoso's create gets no answer and the server never makes it.
    w.http.latency(&w.clock, |r| {
        if r.method == Method::Post && r.url.contains("/contoso/") {
            Duration::seconds(25)
        } else {
            Duration::ZERO
        }
    });
    let outcome = uncertain_outcome(run(&w.clock, w.engine().handle(git_in("contoso"))));
    assert_eq!(
        outcome,
        CreateOutcome::NotCreated {
            name: made.token.name.clone()
        },
        "fabrikam's token is not contoso's"
    );
    let lists = w
        .sent(Method::Get)
        .iter()
        .filter(|u| u.contains("/_apis/Token/SessionTokens"))
        .count();
    assert_eq!(lists, 2, "looked twice");
}

#[test]
fn a_rotate_claims_the_organization_its_replacement_is_made_in() {
    let w = World::new();
    w.hello("fabrikam");
    w.hello("contoso");
    w.list("contoso");
    // A create in fabrikam has claimed it and waits for the presets: no marker yet.
    let presets = w.store.hold("preset");
    let engine = w.engine();
    let mut create = Box::pin(engine.handle(git_in("fabrikam")));
    assert!(poll_until_stalled(create.as_mut()).is_none(), "held");
    assert!(block_on(InFlight::load(&w.store, &org("fabrikam")))
        .unwrap()
        .is_none());

    // fabrikam's token, asked from contoso: its replacement would be made in fabrikam.
    let mut rotate = Box::pin(
        engine.handle(Request::Rotate {
            org: org_ref("contoso"),
            id: THEIRS
                .parse()
                .map(pat_pilot::core::token::AuthorizationId::new)
                .unwrap(),
        }),
    );
    let Some(Reply::Error(error)) = poll_until_stalled(rotate.as_mut()) else {
        panic!("the rotate did not answer at once")
    };
    assert_eq!(error.kind, ErrorKind::Engine(EngineErrorKind::Busy));

    presets.open();
    let Some(Reply::Ok(Response::Created { created, .. })) = poll_until_stalled(create.as_mut())
    else {
        panic!("the create did not end")
    };
    assert_eq!(created.org, org("fabrikam"));
    assert_eq!(w.sent(Method::Post).len(), 1, "one create at a time");
}

fn created_in(w: &World, name: &str) -> pat_pilot::protocol::Created {
    match w.send(git_in(name)) {
        Reply::Ok(Response::Created { created, .. }) => created,
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_check_across_organizations_reads_the_directory_once_with_every_organizations_records() {
    // Named from the organization list, or known by id only: either way the evaluation names
    // the other organizations' tokens from the directory the check already read.
    for org_list in [true, false] {
        let w = World::new();
        w.server.org_list.set(org_list);
        w.only_know(&["contoso"]);
        block_on(w.engine().check()).unwrap();
        w.clock.advance(Duration::minutes(5));
        w.store.take_read_keys();
        block_on(w.engine().check()).unwrap();
        let directory_reads = w
            .store
            .take_read_keys()
            .into_iter()
            .filter(|(_, key)| key == "org-ids")
            .count();
        assert_eq!(directory_reads, 1, "org_list: {org_list}");
    }
}
