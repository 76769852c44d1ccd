//! The diagnostics report: read calls only, what each route answered, and never a credential.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use ado_support::*;
use pat_pilot::ado::diagnose::Probe;
use pat_pilot::ado::{diagnose, AdoErrorKind, Route};
use pat_pilot::ports::fakes::{json_response, FakeHttp};
use pat_pilot::ports::Method;
use serde_json::json;

const COOKIE: &str = "UserAuthentication=cookievalue0123456789";

/// A fake where the web list needs a sign-in, the public API takes the session bearer, and
/// every answer carries things that must not reach the report.
fn fake() -> FakeHttp {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Get,
        CONNECTION_DATA,
        ok_json(json!({"instanceId": ORG_ID,
        "authenticatedUser": {"id": "8d2f9a6b-0000-4000-8000-000000000001", "providerDisplayName": "Ada"}})),
    );
    let mut refused = json_response(
        401,
        &json!({"message": format!("bad {BEARER}"), "typeKey": "UnauthorizedRequestException"}),
    );
    refused.headers.push(("set-cookie".into(), COOKIE.into()));
    on(&fake, Method::Get, SESSION_TOKENS, Ok(refused.clone()));
    fake.on(move |r| (r.url.starts_with(PATS) && !has_bearer(r)).then(|| Ok(refused.clone())));
    bearer_available(&fake);
    let (_, mut list) = example_response("ListPats");
    list["patTokens"][0]["token"] = json!(EXAMPLE_SECRET);
    on(&fake, Method::Get, PATS, ok_json(list));
    fake
}

#[test]
fn the_report_says_what_each_route_answered() {
    let fake = fake();
    let report = block_on(diagnose(&fake, clock(), &org(), style()));

    let probes: Vec<Probe> = report.checks.iter().map(|c| c.probe).collect();
    assert_eq!(
        probes,
        [
            Probe::Connection,
            Probe::List(Route::Web),
            Probe::List(Route::Lifecycle)
        ]
    );
    let [connection, web, lifecycle] = &report.checks[..] else {
        panic!()
    };
    assert!(connection.ok);
    assert!(!web.ok);
    assert_eq!(web.error.as_ref().unwrap().kind, AdoErrorKind::SignedOut);
    assert_eq!(web.requests[0].status, Some(401));
    assert_eq!(
        web.requests[0].type_key.as_deref(),
        Some("UnauthorizedRequestException")
    );
    assert!(lifecycle.ok);
    assert_eq!(lifecycle.tokens, Some(4));
    let path: Vec<(String, Option<u16>, bool)> = lifecycle
        .requests
        .iter()
        .map(|e| (e.method.clone(), e.status, e.with_bearer))
        .collect();
    assert_eq!(
        path,
        [
            ("GET".into(), Some(401), false),
            ("POST".into(), Some(200), false),
            ("GET".into(), Some(200), true)
        ]
    );
}

#[test]
fn the_report_uses_read_calls_only() {
    let fake = fake();
    block_on(diagnose(&fake, clock(), &org(), style()));
    for request in fake.requests() {
        // The one POST is the session-bearer exchange, which reads a credential, writes nothing.
        let read = request.method == Method::Get
            || (request.method == Method::Post && request.url.starts_with(WEB_PLATFORM_AUTH));
        assert!(read, "{request:?}");
    }
}

#[test]
fn the_report_never_contains_a_bearer_cookie_or_secret() {
    let fake = fake();
    let report = block_on(diagnose(&fake, clock(), &org(), style()));
    let text = serde_json::to_string(&report).unwrap();
    for secret in [BEARER, EXAMPLE_SECRET, "cookievalue", "Bearer "] {
        assert!(!text.contains(secret), "{secret} leaked into {text}");
    }
    assert!(text.contains(
        "https://vssps.dev.azure.com/fabrikam/_apis/tokens/pats?api-version=7.1-preview.1"
    ));
}

#[test]
fn transport_failures_are_named_in_the_report() {
    let fake = FakeHttp::new();
    fake.on(|_| {
        Some(Err(pat_pilot::ports::TransportError::NoHostAccess(
            "dev.azure.com".into(),
        )))
    });
    let report = block_on(diagnose(&fake, clock(), &org(), style()));
    let connection = &report.checks[0];
    assert_eq!(
        connection.requests[0].transport_error.as_deref(),
        Some("noHostAccess")
    );
    assert_eq!(
        connection.error.as_ref().unwrap().kind,
        AdoErrorKind::NoHostAccess
    );
}

#[test]
fn the_report_shows_the_shape_of_each_answer_and_none_of_its_values() {
    let fake = fake();
    let report = block_on(diagnose(&fake, clock(), &org(), style()));
    let lifecycle = &report.checks[2];
    let list = lifecycle.requests.last().unwrap();
    assert_eq!(
        list.shape.as_ref().unwrap()["patTokens"][0],
        json!({
            "authorizationId": "string:uuid",
            "displayName": "string",
            "scope": "string",
            "targetAccounts": {"anyOf": [["string:uuid"], "null"]},
            "token": "string|null",
            "validFrom": "string:date-time",
            "validTo": "string:date-time",
        })
    );
    let web = &report.checks[1];
    assert_eq!(
        web.requests[0].shape,
        Some(json!({"message": "string", "typeKey": "string"}))
    );
    // The bearer exchange shows that a token came, never the token.
    let bearer = &lifecycle.requests[1];
    assert_eq!(bearer.shape, Some(json!({"token": "string"})));
    let text = serde_json::to_string(&report).unwrap();
    for value in ["all_access_token", "38aaa865", "2020-11-23", "Ada"] {
        assert!(!text.contains(value), "{value} leaked into {text}");
    }
}

#[test]
fn a_list_in_an_unknown_shape_shows_that_shape_in_the_report() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!({"count": 2, "items": [{"id": 1}]})),
    );
    let report = block_on(diagnose(&fake, clock(), &org(), style()));
    let web = &report.checks[1];
    assert!(!web.ok);
    assert_eq!(web.error.as_ref().unwrap().kind, AdoErrorKind::Unexpected);
    assert_eq!(
        web.requests[0].shape,
        Some(json!({"count": "number", "items": [{"id": "number"}]}))
    );
    // The list was asked for with the timestamp that brings the paged shape.
    assert!(web.requests[0].url.contains("pageRequestTimeStamp="));
}
