//! Paging: both dialects read every page, resend the same filters, and stop — even when a
//! server repeats itself or never ends.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use std::cell::Cell;
use std::rc::Rc;

use ado_support::*;
use pat_pilot::ado::lifecycle::LifecycleDialect;
use pat_pilot::ado::web::WebDialect;
use pat_pilot::ado::{AdoErrorKind, Dialect, ListFilter};
use pat_pilot::ports::fakes::FakeHttp;
use pat_pilot::ports::HttpRequest;
use serde_json::{json, Value};

fn query(request: &HttpRequest) -> Vec<(String, String)> {
    url::Url::parse(&request.url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

fn param(request: &HttpRequest, name: &str) -> Option<String> {
    query(request)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn uuid(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn pat(n: usize) -> Value {
    json!({"authorizationId": uuid(n), "displayName": format!("t{n}"), "scope": "vso.code",
        "targetAccounts": [ORG_ID], "validFrom": "2026-01-01T00:00:00Z",
        "validTo": "2026-02-01T00:00:00Z", "token": null})
}

fn lifecycle(fake: &FakeHttp) -> LifecycleDialect<'_, FakeHttp> {
    LifecycleDialect::new(fake, org().services(style()), None)
}

fn web(fake: &FakeHttp) -> WebDialect<'_, FakeHttp> {
    WebDialect::new(fake, clock(), &org(), org().services(style()))
}

#[test]
fn the_lifecycle_list_follows_continuation_tokens_with_the_same_filters_until_one_is_empty() {
    let fake = FakeHttp::new();
    fake.on(|r| {
        let page = match param(r, "continuationToken").as_deref() {
            None => {
                json!({"patTokens": [pat(1), pat(2)], "continuationToken": "Mi1wYXRhcGl0b2tlbg=="})
            }
            Some("Mi1wYXRhcGl0b2tlbg==") => {
                json!({"patTokens": [pat(3)], "continuationToken": "My1w"})
            }
            Some("My1w") => json!({"patTokens": [], "continuationToken": ""}),
            Some(other) => panic!("unexpected continuation {other}"),
        };
        Some(ok_json(page))
    });
    let tokens = block_on(lifecycle(&fake).list(ListFilter::Active)).unwrap();

    assert_eq!(tokens.len(), 3);
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    let without_continuation = |r: &HttpRequest| -> Vec<(String, String)> {
        query(r)
            .into_iter()
            .filter(|(k, _)| k != "continuationToken")
            .collect()
    };
    let first = without_continuation(&requests[0]);
    assert_eq!(
        first,
        [
            ("api-version", "7.1-preview.1"),
            ("displayFilterOption", "active"),
            ("sortByOption", "displayDate"),
            ("isSortAscending", "true"),
            ("$top", "100"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    for later in &requests[1..] {
        assert_eq!(
            without_continuation(later),
            first,
            "filters resent on every page"
        );
    }
}

#[test]
fn the_lifecycle_list_ends_when_the_continuation_token_is_missing_or_null() {
    for page in [
        json!({"patTokens": [pat(1)]}),
        json!({"patTokens": [pat(1)], "continuationToken": null}),
    ] {
        let fake = FakeHttp::new();
        fake.on(move |_| Some(ok_json(page.clone())));
        assert_eq!(
            block_on(lifecycle(&fake).list(ListFilter::Active))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(fake.requests().len(), 1);
    }
}

#[test]
fn listing_all_on_the_public_api_asks_for_active_and_expired_but_never_revoked_tokens() {
    // `PatToken` carries no revoked flag: a revoked token in the list would look alive.
    let fake = FakeHttp::new();
    fake.on(|r| {
        let page = if r.url.contains("displayFilterOption=expired") {
            pat(2)
        } else {
            pat(1)
        };
        Some(ok_json(
            json!({"patTokens": [page], "continuationToken": ""}),
        ))
    });
    let tokens = block_on(lifecycle(&fake).list(ListFilter::All)).unwrap();
    assert_eq!(tokens.len(), 2);
    let filters: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| {
            let url = url::Url::parse(&r.url).unwrap();
            url.query_pairs()
                .find(|(k, _)| k == "displayFilterOption")
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(filters, ["active", "expired"]);
}

#[test]
fn a_server_that_repeats_a_continuation_token_is_an_error_not_an_endless_loop() {
    let fake = FakeHttp::new();
    fake.on(|_| {
        Some(ok_json(
            json!({"patTokens": [pat(1)], "continuationToken": "same"}),
        ))
    });
    let error = block_on(lifecycle(&fake).list(ListFilter::Active)).unwrap_err();
    assert_eq!(error.kind(), AdoErrorKind::Unexpected);
    assert!(error.to_string().contains("repeated"));
    assert_eq!(fake.requests().len(), 2);
}

#[test]
fn a_server_that_never_stops_paging_is_cut_off() {
    let fake = FakeHttp::new();
    let n = Rc::new(Cell::new(0));
    fake.on(move |_| {
        n.set(n.get() + 1);
        Some(ok_json(
            json!({"patTokens": [pat(n.get())], "continuationToken": format!("c{}", n.get())}),
        ))
    });
    let error = block_on(lifecycle(&fake).list(ListFilter::Active)).unwrap_err();
    assert_eq!(error.kind(), AdoErrorKind::Unexpected);
    assert_eq!(fake.requests().len(), 100);
}

#[test]
fn the_web_list_pages_by_row_number_until_an_empty_page() {
    let fake = FakeHttp::new();
    fake.on(|r| {
        let start: usize = param(r, "startRowNumber").unwrap().parse().unwrap();
        let page = match start {
            1 => json!({"nextRowNumber": 3, "sessionTokens": [
                session_token(&uuid(1), "a", "vso.code", "2026-01-01T00:00:00Z"),
                session_token(&uuid(2), "b", "vso.code", "2026-01-01T00:00:00Z")]}),
            3 => json!({"nextRowNumber": 4, "sessionTokens": [
                session_token(&uuid(3), "c", "vso.code", "2026-01-01T00:00:00Z")]}),
            _ => json!({"nextRowNumber": 0, "sessionTokens": []}),
        };
        Some(ok_json(page))
    });
    let tokens = block_on(web(&fake).list(ListFilter::Active)).unwrap();
    assert_eq!(tokens.len(), 3);

    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].url.starts_with(SESSION_TOKENS));
    assert_eq!(
        query(&requests[0]),
        [
            ("displayFilterOption", "1"),
            ("createdByOption", "3"),
            ("sortByOption", "2"),
            ("isSortAscending", "true"),
            ("startRowNumber", "1"),
            ("pageSize", "100"),
            // RFC 1123, as the token page sends it; a clock skew ahead of the browser's now.
            ("pageRequestTimeStamp", "Thu, 03 Dec 2026 12:05:00 GMT"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert!(
        requests[0]
            .url
            .contains("pageRequestTimeStamp=Thu%2C%2003%20Dec%202026%2012%3A05%3A00%20GMT"),
        "percent-encoded: {}",
        requests[0].url
    );
    assert_eq!(param(&requests[1], "startRowNumber").as_deref(), Some("3"));
    assert_eq!(param(&requests[2], "startRowNumber").as_deref(), Some("4"));
    for request in &requests {
        assert_eq!(
            param(request, "pageRequestTimeStamp").as_deref(),
            Some("Thu, 03 Dec 2026 12:05:00 GMT"),
            "one timestamp for every page of a listing"
        );
    }
    assert_eq!(
        header(&requests[0], "accept"),
        Some("application/json;api-version=7.1-preview.1")
    );
}

#[test]
fn the_web_list_stops_when_the_row_number_does_not_move_forward() {
    for next in [json!(1), json!(0)] {
        let fake = FakeHttp::new();
        fake.on(move |_| {
            Some(ok_json(
                json!({"nextRowNumber": next.clone(), "sessionTokens": [
            session_token(&uuid(1), "a", "vso.code", "2026-01-01T00:00:00Z")]}),
            ))
        });
        assert_eq!(block_on(web(&fake).list(ListFilter::All)).unwrap().len(), 1);
        assert_eq!(fake.requests().len(), 1);
        assert_eq!(
            param(&fake.requests()[0], "displayFilterOption").as_deref(),
            Some("4")
        );
    }
}

#[test]
fn a_web_server_that_never_stops_paging_is_cut_off() {
    let fake = FakeHttp::new();
    fake.on(|r| {
        let start: usize = param(r, "startRowNumber").unwrap().parse().unwrap();
        Some(ok_json(
            json!({"nextRowNumber": start + 1, "sessionTokens": [
            session_token(&uuid(start), "a", "vso.code", "2026-01-01T00:00:00Z")]}),
        ))
    });
    let error = block_on(web(&fake).list(ListFilter::Active)).unwrap_err();
    assert_eq!(error.kind(), AdoErrorKind::Unexpected);
    assert_eq!(fake.requests().len(), 100);
}

#[test]
fn ssh_keys_are_left_out_revoked_tokens_are_marked_and_repeats_are_dropped() {
    let fake = FakeHttp::new();
    let mut ssh = session_token(&uuid(9), "laptop key", "", "2026-01-01T00:00:00Z");
    ssh["isPublic"] = json!(true);
    ssh["validFrom"] = json!(null); // SSH keys need not look like PATs at all
    let mut revoked = session_token(&uuid(2), "old", "vso.code", "2026-01-01T00:00:00Z");
    revoked["isValid"] = json!(false);
    let mut global = session_token(
        &uuid(3),
        "everywhere",
        "app_token",
        "2026-01-01T00:00:00.1234567",
    );
    global["targetAccounts"] = json!(null);
    let first = session_token(
        &uuid(1),
        "a",
        "vso.code vso.packaging",
        "2026-01-01T00:00:00Z",
    );
    fake.queue(ok_json(
        json!({"nextRowNumber": 6, "sessionTokens": [ssh, first.clone(), revoked, global]}),
    ));
    fake.queue(ok_json(
        json!({"nextRowNumber": 7, "sessionTokens": [first]}),
    ));
    fake.queue(ok_json(json!({"nextRowNumber": 7, "sessionTokens": []})));

    let tokens = block_on(web(&fake).list(ListFilter::All)).unwrap();
    let names: Vec<&str> = tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "old", "everywhere"]);
    assert!(!tokens[0].revoked && tokens[1].revoked);
    assert!(tokens[2].is_global(), "targetAccounts: null is global");
    assert_eq!(tokens[0].scopes.ids(), ["vso.code", "vso.packaging"]);
}

#[test]
fn the_unpaged_shapes_are_the_whole_list_in_one_answer() {
    let rows = json!([
        session_token(&uuid(1), "a", "vso.code", "2026-01-01T00:00:00Z"),
        session_token(&uuid(2), "b", "vso.code", "2026-01-01T00:00:00Z")
    ]);
    for answer in [json!({"count": 2, "value": rows.clone()}), rows.clone()] {
        let fake = FakeHttp::new();
        fake.on(move |_| Some(ok_json(answer.clone())));
        let tokens = block_on(web(&fake).list(ListFilter::Active)).unwrap();
        assert_eq!(tokens.len(), 2, "not an empty list");
        assert_eq!(fake.requests().len(), 1);
    }
}

#[test]
fn an_answer_in_no_known_shape_is_an_unexpected_answer_never_an_empty_list() {
    for answer in [
        json!({"items": [session_token(&uuid(1), "a", "vso.code", "2026-01-01T00:00:00Z")]}),
        json!({"count": 1}),
        json!({"value": []}),
        json!({"sessionTokens": [], "continuation": "x"}),
        json!({}),
        json!("tokens"),
        json!({"count": 1, "value": [{"authorizationId": 5}]}),
    ] {
        let fake = FakeHttp::new();
        let sent = answer.clone();
        fake.on(move |_| Some(ok_json(sent.clone())));
        let error = block_on(web(&fake).list(ListFilter::Active)).unwrap_err();
        assert_eq!(error.kind(), AdoErrorKind::Unexpected, "{answer}");
        // Not a refusal of the route: the client must not read it as "nothing here".
        assert!(!error.is_route_refusal(), "{answer}");
    }
}

#[test]
fn the_excerpt_of_an_unknown_list_is_masked() {
    let fake = FakeHttp::new();
    fake.on(|_| Some(ok_json(json!({"tokens": [EXAMPLE_SECRET]}))));
    let error = block_on(web(&fake).list(ListFilter::Active)).unwrap_err();
    let text = error.to_string();
    assert!(!text.contains("dip55"), "{text}");
    assert!(text.contains("[masked]"), "{text}");
}

#[test]
fn a_missing_target_accounts_is_not_a_global_token() {
    let mut row = session_token(&uuid(1), "a", "vso.code", "2026-01-01T00:00:00Z");
    row.as_object_mut().unwrap().remove("targetAccounts");
    let fake = FakeHttp::new();
    fake.on(move |_| Some(ok_json(json!({"count": 1, "value": [row.clone()]}))));
    let error = block_on(web(&fake).list(ListFilter::Active)).unwrap_err();
    assert_eq!(error.kind(), AdoErrorKind::Unexpected);
    assert!(error.to_string().contains("targetAccounts"), "{error}");

    let mut global = session_token(&uuid(2), "g", "vso.code", "2026-01-01T00:00:00Z");
    global["targetAccounts"] = json!(null);
    let fake = FakeHttp::new();
    fake.on(move |_| Some(ok_json(json!([global.clone()]))));
    let tokens = block_on(web(&fake).list(ListFilter::Active)).unwrap();
    assert!(tokens[0].is_global());
}

#[test]
fn a_paged_answer_without_a_row_number_is_not_read() {
    let fake = FakeHttp::new();
    fake.on(|_| {
        Some(ok_json(json!({"nextRowNumber": null, "sessionTokens": [
            session_token(&uuid(1), "a", "vso.code", "2026-01-01T00:00:00Z")]})))
    });
    let error = block_on(web(&fake).list(ListFilter::Active)).unwrap_err();
    assert_eq!(error.kind(), AdoErrorKind::Unexpected);
}

#[test]
fn the_list_keeps_every_organizations_tokens_with_their_target_accounts() {
    let other = "2d7e9a14-6c3b-4f8a-b5d1-0e9c7a2f4b63";
    let mut theirs = session_token(&uuid(2), "theirs", "vso.code", "2026-01-01T00:00:00Z");
    theirs["targetAccounts"] = json!([other]);
    let ours = session_token(&uuid(1), "ours", "vso.code", "2026-01-01T00:00:00Z");
    let fake = FakeHttp::new();
    fake.on(move |_| {
        Some(ok_json(
            json!({"count": 2, "value": [ours.clone(), theirs.clone()]}),
        ))
    });
    let tokens = block_on(web(&fake).list(ListFilter::All)).unwrap();
    assert_eq!(
        tokens.len(),
        2,
        "the dialect keeps the whole list; the engine attributes"
    );
    assert_eq!(
        tokens[1].target_accounts.as_deref(),
        Some(&[other.parse().unwrap()][..])
    );
}
