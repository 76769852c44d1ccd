//! Every answer shape in `tests/fixtures/live/` is read by the client as the file expects: an
//! answer is built from the shape (see that folder's README) and run through the route's
//! reading. The shape of that built answer, as the diagnostics report would show it, is the
//! file's shape again — so a shape copied from a person's report can be added as it is.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use std::path::PathBuf;

use ado_support::*;
use pat_pilot::ado::lifecycle::LifecycleDialect;
use pat_pilot::ado::shape::shape;
use pat_pilot::ado::web::WebDialect;
use pat_pilot::ado::{AdoError, Client, CreateSpec, Dialect, ListFilter};
use pat_pilot::core::token::Scopes;
use pat_pilot::ports::fakes::{json_response, FakeHttp};
use pat_pilot::ports::Method;
use serde_json::{json, Map, Value};
use time::macros::datetime;

fn fixtures() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/live");
    let mut files: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, value)
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(files.len() >= 10, "the reference's shapes are all there");
    files
}

/// An answer with this shape. `values` gives the values of keys a shape cannot carry.
fn sample(shape: &Value, values: &Map<String, Value>) -> Value {
    match shape {
        Value::String(kind) => scalar(kind.split('|').next().unwrap()),
        Value::Array(items) => Value::Array(items.iter().map(|s| sample(s, values)).collect()),
        Value::Object(map) if map.len() == 1 && map.contains_key("anyOf") => {
            sample(&map["anyOf"][0], values)
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, s)| {
                    let key = key.trim_end_matches('?').to_owned();
                    let value = values
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| sample(s, values));
                    (key, value)
                })
                .collect(),
        ),
        other => panic!("not a shape: {other}"),
    }
}

fn scalar(kind: &str) -> Value {
    match kind {
        "null" => Value::Null,
        "boolean" => json!(false),
        "number" => json!(1),
        "string" => json!("x"),
        "string:empty" => json!(""),
        "string:uuid" => json!(ORG_ID),
        "string:date-time" => json!("2026-12-03T12:00:00Z"),
        "string:ms-date" => json!("/Date(1796299200000)/"),
        "string:rfc1123" => json!("Thu, 03 Dec 2026 12:00:00 GMT"),
        other => panic!("not a shape: {other}"),
    }
}

fn spec() -> CreateSpec {
    CreateSpec {
        name: "x".into(),
        scopes: Scopes::parse("x"),
        valid_to: datetime!(2026-12-31 0:00 UTC),
        org_id: ORG_ID.parse().unwrap(),
    }
}

/// Runs the route's reading of `answer`; returns what it made of it, as `expect` says it.
fn read(route: &str, status: u16, answer: &Value) -> Value {
    let fake = FakeHttp::new();
    let reply = Ok(json_response(status, answer));
    let urls = org().services(style());
    let outcome = |result: Result<Value, AdoError>| match result {
        Ok(value) => value,
        Err(error) => json!({
            "error": serde_json::to_value(error.kind()).unwrap(),
            "provesNothingWritten": error.proves_nothing_written(),
        }),
    };
    match route {
        "webList" => {
            on(&fake, Method::Get, SESSION_TOKENS, reply);
            let web = WebDialect::new(&fake, clock(), &org(), urls);
            outcome(block_on(web.list(ListFilter::All)).map(|tokens| {
                json!({"tokens": tokens.len(), "global": tokens.iter().any(|t| t.is_global())})
            }))
        }
        "webCreate" => {
            on(&fake, Method::Post, HIERARCHY_QUERY, reply);
            // Where the answer lacks the details, the list has nothing made in this attempt.
            on(
                &fake,
                Method::Get,
                SESSION_TOKENS,
                ok_json(json!({"count": 0, "value": []})),
            );
            let web = WebDialect::new(&fake, clock(), &org(), urls);
            outcome(block_on(web.create(&spec())).map(|_| json!({"created": true})))
        }
        "lifecycleList" => {
            on(&fake, Method::Get, PATS, reply);
            let lifecycle = LifecycleDialect::new(&fake, urls, None);
            outcome(block_on(lifecycle.list(ListFilter::Active)).map(|tokens| {
                json!({"tokens": tokens.len(), "global": tokens.iter().any(|t| t.is_global())})
            }))
        }
        "lifecycleCreate" => {
            on(&fake, Method::Post, PATS, reply);
            let lifecycle = LifecycleDialect::new(&fake, urls, None);
            outcome(block_on(lifecycle.create(&spec())).map(|_| json!({"created": true})))
        }
        "connectionData" => {
            on(&fake, Method::Get, CONNECTION_DATA, reply);
            let client = Client::new(&fake, clock(), &org(), style());
            outcome(block_on(client.connection()).map(|_| json!({"connection": true})))
        }
        other => panic!("unknown route {other}"),
    }
}

#[test]
fn every_live_shape_is_read_as_its_file_expects() {
    for (name, fixture) in fixtures() {
        for field in ["about", "source", "route", "status", "shape", "expect"] {
            assert!(fixture.get(field).is_some(), "{name}: no {field}");
        }
        let values = fixture["values"].as_object().cloned().unwrap_or_default();
        let answer = sample(&fixture["shape"], &values);
        let status = u16::try_from(fixture["status"].as_u64().unwrap()).unwrap();
        let got = read(fixture["route"].as_str().unwrap(), status, &answer);
        for (key, want) in fixture["expect"].as_object().unwrap() {
            assert_eq!(
                &got[key], want,
                "{name}: {key} (the client made {got} of {answer})"
            );
        }
    }
}

#[test]
fn the_report_shows_each_built_answer_with_its_files_shape() {
    for (name, fixture) in fixtures() {
        let plain = !fixture["shape"].to_string().contains(['?', '|'])
            && !fixture["shape"].to_string().contains("anyOf");
        if !plain {
            continue;
        }
        let answer = sample(&fixture["shape"], &Map::new());
        assert_eq!(shape(&answer), fixture["shape"], "{name}");
    }
}
