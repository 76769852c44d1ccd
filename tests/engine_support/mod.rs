//! The engine over memory fakes, shared by the `engine_*` tests of creating and of the
//! session: one organization (fabrikam) signed in as Ada, the starting presets, a worker life.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::rc::Rc;

pub use crate::ado_support::*;
use pat_pilot::core::org::HostStyle;
use pat_pilot::core::preset::PresetId;
use pat_pilot::core::preset_store::ensure_seeded;
use pat_pilot::engine::life::LifeId;
use pat_pilot::engine::state::{InFlight, PendingSecrets};
use pat_pilot::engine::{Engine, Life, Timing};
use pat_pilot::ports::fakes::{run, FakeHttp, FixedClock, MemoryNotifier, MemoryStore};
use pat_pilot::ports::{Area, Clock, Method};
use pat_pilot::protocol::{
    CreateOutcome, EngineErrorKind, ErrorKind, OrgRef, Reply, Request, Response,
};
use serde_json::json;
use time::macros::datetime;
use time::OffsetDateTime;
use uuid::Uuid;

pub const NOW: OffsetDateTime = datetime!(2026-11-28 10:00 UTC);
pub const NEW_ID: &str = "5f1c8f5e-2a5e-4c44-9d8e-0c9e0d1b2a33";
pub const NAME: &str = "Git · 2026-11-28";

pub struct World {
    pub http: FakeHttp,
    pub store: MemoryStore,
    pub clock: FixedClock,
    pub notifier: MemoryNotifier,
    pub life: Life,
    pub timing: Timing,
    /// Who `connectionData` says is signed in (an id and a name); `None`: signed out (401).
    pub signed_in: Rc<RefCell<Option<(String, String)>>>,
}

impl World {
    pub fn new() -> Self {
        let world = Self {
            http: FakeHttp::new(),
            store: MemoryStore::new(),
            clock: FixedClock::new(NOW),
            notifier: MemoryNotifier::new(),
            life: Life::new(LifeId::new(Uuid::from_u128(1))),
            timing: Timing::default(),
            signed_in: Rc::new(RefCell::new(Some((
                ORG_ID.to_owned(),
                "Ada Lovelace".to_owned(),
            )))),
        };
        block_on(ensure_seeded(&world.store, NOW, |r| format!("{r:?}"))).unwrap();
        let who = world.signed_in.clone();
        world.http.on(move |r| {
            if r.method != Method::Get || !r.url.starts_with(CONNECTION_DATA) {
                return None;
            }
            Some(match &*who.borrow() {
                Some((id, name)) => ok_json(
                    json!({"instanceId": ORG_ID, "authenticatedUser": {"id": id, "providerDisplayName": name}}),
                ),
                None => status(401),
            })
        });
        world
    }

    pub fn engine(&self) -> Engine<'_, FakeHttp, MemoryStore, FixedClock, MemoryNotifier> {
        Engine {
            http: &self.http,
            store: &self.store,
            clock: &self.clock,
            notifier: &self.notifier,
            life: &self.life,
            timing: self.timing,
        }
    }

    /// One request, driven to its answer (the clock moves only when the engine waits on it).
    pub fn send(&self, request: Request) -> Reply {
        run(&self.clock, self.engine().handle(request))
    }

    /// The browser stopped the worker and started it again: a new life, the same storage.
    pub fn restarted(self) -> Self {
        Self {
            life: Life::new(LifeId::new(Uuid::from_u128(2))),
            ..self
        }
    }

    pub fn marker(&self) -> Option<InFlight> {
        block_on(InFlight::load(&self.store, &org())).unwrap()
    }

    pub fn pending(&self) -> PendingSecrets {
        block_on(PendingSecrets::load(&self.store, self.clock.now()))
            .unwrap()
            .0
    }

    pub fn posts(&self) -> usize {
        self.http
            .requests()
            .iter()
            .filter(|r| {
                r.method == Method::Post
                    && (r.url.starts_with(HIERARCHY_QUERY) || r.url.starts_with(PATS))
            })
            .count()
    }

    pub fn lists(&self) -> usize {
        self.http
            .requests()
            .iter()
            .filter(|r| r.method == Method::Get && r.url.starts_with(SESSION_TOKENS))
            .count()
    }

    pub fn everything_stored(&self, area: Area) -> String {
        serde_json::to_string(&self.store.dump(area)).unwrap()
    }
}

pub fn fabrikam() -> OrgRef {
    OrgRef {
        name: org(),
        style: HostStyle::Modern,
    }
}

pub fn create_git() -> Request {
    Request::CreateFromPreset {
        org: fabrikam(),
        preset_id: PresetId::parse("builtin-git").unwrap(),
        lifetime_days: None,
    }
}

pub fn created(reply: Reply) -> pat_pilot::protocol::Created {
    match reply {
        Reply::Ok(Response::Created { created, .. }) => created,
        other => panic!("not created: {other:?}"),
    }
}

pub fn uncertain(reply: Reply) -> CreateOutcome {
    match reply {
        Reply::Error(e) => {
            assert_eq!(e.kind, ErrorKind::Engine(EngineErrorKind::CreateUncertain));
            *e.outcome.expect("an outcome")
        }
        other => panic!("not uncertain: {other:?}"),
    }
}

/// The token the web route lists after it was made.
pub fn listed_new(valid_from: &str) -> serde_json::Value {
    session_token(NEW_ID, NAME, "vso.code_write", valid_from)
}

pub fn list_of(tokens: Vec<serde_json::Value>) -> serde_json::Value {
    json!({"nextRowNumber": 0, "sessionTokens": tokens})
}

/// A marker left by a create of another worker life (the browser stopped that worker).
pub fn dead_marker(started: OffsetDateTime) -> InFlight {
    InFlight {
        name: NAME.into(),
        scopes: pat_pilot::core::token::Scopes::parse("vso.code_write"),
        started,
        host_style: HostStyle::Modern,
        life: LifeId::new(Uuid::from_u128(99)),
        create: 1,
        deadline: started + Timing::default().create_budget,
    }
}

pub fn web_created(valid_to: &str) -> serde_json::Value {
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
