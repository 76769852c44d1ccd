//! The session bearer over fake ports: kept in `storage.session` for the person it was obtained
//! for and for a while, and dropped when that person signs out, when someone else signs in,
//! and when it expires — it never acts for anyone else.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;
mod engine_support;

use engine_support::*;
use pat_pilot::engine::state::BearerRecord;
use pat_pilot::ports::fakes::json_response;
use pat_pilot::ports::{Area, Clock, Method};
use pat_pilot::protocol::{Reply, Request, Response, SessionState};
use serde_json::json;
use time::Duration;
use uuid::Uuid;

const GRACE: &str = "0f9e8d7c-6b5a-4938-8271-605f4e3d2c1b";

/// The web routes refuse this session; the public API takes only a session bearer.
fn bearer_only(w: &World) {
    on(&w.http, Method::Get, SESSION_TOKENS, status(401));
    bearer_available(&w.http);
    w.http.on(|r| {
        (r.method == Method::Get && r.url.starts_with(PATS)).then(|| {
            if has_bearer(r) {
                Ok(json_response(
                    200,
                    &json!({"patTokens": [], "continuationToken": ""}),
                ))
            } else {
                status(401)
            }
        })
    });
}

fn list(w: &World) -> Reply {
    w.send(Request::ListTokens { org: fabrikam() })
}

fn hello(w: &World) -> SessionState {
    match w.send(Request::Hello { org: fabrikam() }) {
        Reply::Ok(Response::Session { session, .. }) => session,
        other => panic!("{other:?}"),
    }
}

fn stored(w: &World) -> Option<BearerRecord> {
    block_on(BearerRecord::load(&w.store, &org(), w.clock.now()))
}

fn bearers_sent(w: &World) -> usize {
    w.http.requests().iter().filter(|r| has_bearer(r)).count()
}

#[test]
fn a_bearer_is_kept_for_the_person_signed_in_and_for_a_while() {
    let w = World::new();
    bearer_only(&w);
    assert!(matches!(
        list(&w),
        Reply::Ok(Response::Tokens { stale: false, .. })
    ));
    let record = stored(&w).expect("the bearer is kept");
    assert_eq!(record.bearer.expose(), BEARER);
    assert_eq!(record.user, Uuid::parse_str(ORG_ID).unwrap());
    assert_eq!(record.expires_at, NOW + w.timing.bearer_ttl);
    assert!(w
        .store
        .dump(Area::Local)
        .iter()
        .all(|(_, v)| !v.to_string().contains(BEARER)));

    // The next list uses it straight away.
    w.http.clear_requests();
    list(&w);
    let lifecycle: Vec<_> = w
        .http
        .requests()
        .into_iter()
        .filter(|r| r.url.starts_with(PATS))
        .collect();
    assert!(has_bearer(&lifecycle[0]));
}

#[test]
fn signing_out_drops_the_bearer() {
    let w = World::new();
    bearer_only(&w);
    list(&w);
    assert!(stored(&w).is_some());
    *w.signed_in.borrow_mut() = None;
    assert_eq!(hello(&w), SessionState::SignedOut {});
    assert!(w.store.raw(Area::Session, "bearer:fabrikam").is_none());
}

#[test]
fn another_person_signing_in_drops_the_bearer() {
    let w = World::new();
    bearer_only(&w);
    list(&w);
    *w.signed_in.borrow_mut() = Some((GRACE.into(), "Grace Hopper".into()));
    assert_eq!(
        hello(&w),
        SessionState::SignedIn {
            user: Some("Grace Hopper".into())
        }
    );
    assert!(w.store.raw(Area::Session, "bearer:fabrikam").is_none());
}

#[test]
fn a_bearer_never_acts_for_someone_else_even_without_a_popup() {
    let w = World::new();
    bearer_only(&w);
    list(&w);
    // Ada signs out and Grace signs in; the next request is the watcher's (no Hello first).
    *w.signed_in.borrow_mut() = Some((GRACE.into(), "Grace Hopper".into()));
    w.http.clear_requests();
    list(&w);
    let lifecycle: Vec<_> = w
        .http
        .requests()
        .into_iter()
        .filter(|r| r.url.starts_with(PATS))
        .collect();
    assert!(
        !has_bearer(&lifecycle[0]),
        "Ada's bearer was sent while Grace is signed in"
    );
    // Grace got her own.
    let record = stored(&w).unwrap();
    assert_eq!(record.user, Uuid::parse_str(GRACE).unwrap());
}

#[test]
fn an_expired_bearer_is_not_used_and_goes() {
    let w = World::new();
    bearer_only(&w);
    list(&w);
    w.clock.advance(w.timing.bearer_ttl + Duration::seconds(1));
    w.http.clear_requests();
    list(&w);
    let lifecycle: Vec<_> = w
        .http
        .requests()
        .into_iter()
        .filter(|r| r.url.starts_with(PATS))
        .collect();
    assert!(!has_bearer(&lifecycle[0]), "an expired bearer was sent");
    assert!(bearers_sent(&w) >= 1, "a fresh one was obtained and used");
    assert_eq!(
        stored(&w).unwrap().expires_at,
        w.clock.now() + w.timing.bearer_ttl
    );
}
