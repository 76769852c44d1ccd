//! The JS boundary measured both ways (cargo feature `boundary-bench`, never in the extension):
//! JSON text (`browser::json`: `serde_json::Value` ⇄ text ⇄ `JSON.parse`/`JSON.stringify`)
//! against serde-wasm-bindgen (`Value` ⇄ JS values directly), for each path values take:
//! messages (a request in, a small reply and a 500-token list out) and storage objects (what
//! the check reads: ten organizations' records with their token caches; a preset read by the
//! popup). `node tests/bench/boundary.mjs` builds this and prints the figures.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;

use crate::core::token::{AuthorizationId, Scopes, Token};
use crate::protocol::{Reply, Request, Response};

fn now_ms() -> f64 {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| {
            let now = js_sys::Reflect::get(&p, &JsValue::from_str("now")).ok()?;
            now.dyn_ref::<js_sys::Function>()?.call0(&p).ok()
        })
        .and_then(|v| v.as_f64())
        .unwrap_or_else(js_sys::Date::now)
}

fn swb_to_js<T: Serialize>(value: &T) -> JsValue {
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    super::json::value_to_js(&value).unwrap_or(JsValue::NULL)
}

fn swb_from_js<T: DeserializeOwned>(value: &JsValue) -> Option<T> {
    let value = super::json::value_from_js(value.clone()).ok()?;
    serde_json::from_value(value).ok()
}

/// Milliseconds per round of `f`, over `rounds` rounds.
fn time(rounds: u32, mut f: impl FnMut()) -> f64 {
    f();
    let start = now_ms();
    for _ in 0..rounds {
        f();
    }
    (now_ms() - start) / f64::from(rounds.max(1))
}

fn tokens(count: u128) -> Vec<Token> {
    let at = time::macros::datetime!(2026-12-03 10:00 UTC);
    (0..count)
        .map(|n| Token {
            id: AuthorizationId::new(uuid::Uuid::from_u128(
                0xc000_0000_0000_4000_8000_0000_0000_0000 + n,
            )),
            name: format!("token {n}"),
            scopes: Scopes::parse("vso.code_write vso.packaging"),
            valid_from: at - time::Duration::days(30),
            valid_to: at + time::Duration::hours(i64::try_from(n % 1_488).unwrap_or(0) - 48),
            target_accounts: (n % 50 != 0).then(|| vec![uuid::Uuid::from_u128(0xb000 + n % 10)]),
            revoked: n % 97 == 0,
        })
        .collect()
}

/// What the check reads in one `storage.local.get`: ten organizations' records and caches.
fn check_read() -> Value {
    let mut items = serde_json::Map::new();
    for o in 0..10u128 {
        let cached: Vec<Value> = tokens(500)
            .iter()
            .map(|t| {
                json!({"id": t.id, "name": t.name, "scopes": t.scopes, "from": t.valid_from.unix_timestamp(),
                       "to": t.valid_to.unix_timestamp(), "accounts": t.target_accounts})
            })
            .collect();
        items.insert(
            format!("org:bench-{o}"),
            json!({"v": 1, "orgId": uuid::Uuid::from_u128(0xb000 + o), "route": null,
                   "refreshedAt": "2026-12-03T10:00:00Z", "lastAttempt": "2026-12-03T10:00:00Z", "lastError": null}),
        );
        items.insert(
            format!("tokens:bench-{o}"),
            json!({"v": 1, "tokens": Value::Array(cached).to_string()}),
        );
    }
    Value::Object(items)
}

/// A preset as the popup reads it from `storage.sync`.
fn preset_read() -> Value {
    json!({"preset:git": {"v": 1, "id": "git", "name": "Git (read & write)", "scopes": ["vso.code_write"],
        "lifetimeDays": 30, "nameTemplate": "{preset} · {org} · {date}", "orgs": "all"}})
}

/// `{path: {json: {toJs, fromJs}, swb: {toJs, fromJs}}}`, milliseconds per value.
#[wasm_bindgen(js_name = boundaryBench)]
pub fn boundary_bench(rounds: u32) -> JsValue {
    let request = Request::Ping {};
    let pong = Reply::Ok(Response::Pong {
        version: "0.1.0".into(),
    });
    let list = Reply::Ok(Response::Tokens {
        org: crate::core::org::OrgName::parse("contoso").unwrap_or_else(|| unreachable!()),
        tokens: tokens(500),
        refreshed_at: None,
        stale: false,
        error: None,
        route: None,
    });
    let read = check_read();
    let preset = preset_read();
    let out = js_sys::Object::new();
    let record = |path: &str, to_json: f64, from_json: f64, to_swb: f64, from_swb: f64| {
        let figures = js_sys::Object::new();
        for (name, to, from) in [("json", to_json, from_json), ("swb", to_swb, from_swb)] {
            let pair = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&pair, &"toJs".into(), &to.into());
            let _ = js_sys::Reflect::set(&pair, &"fromJs".into(), &from.into());
            let _ = js_sys::Reflect::set(&figures, &name.into(), &pair);
        }
        let _ = js_sys::Reflect::set(&out, &path.into(), &figures);
    };
    macro_rules! measure {
        ($path:literal, $value:expr, $ty:ty, $rounds:expr) => {{
            let js = super::to_js($value).unwrap_or(JsValue::NULL);
            record(
                $path,
                time($rounds, || drop(super::to_js($value))),
                time($rounds, || drop(super::from_js::<$ty>(&js))),
                time($rounds, || drop(swb_to_js($value))),
                time($rounds, || drop(swb_from_js::<$ty>(&js))),
            );
        }};
    }
    measure!("message: a request (ping)", &request, Request, rounds * 100);
    measure!("message: a small reply (pong)", &pong, Reply, rounds * 100);
    measure!("message: a 500-token list", &list, Reply, rounds);
    measure!(
        "storage: a preset (the popup's read)",
        &preset,
        Value,
        rounds * 100
    );
    measure!(
        "storage: the check's read (10 × 500 cached tokens)",
        &read,
        Value,
        rounds
    );
    out.into()
}
