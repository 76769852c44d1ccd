//! The client: which route it tries, what it remembers, when a write may move on to another
//! route (and when it must not), the session bearer, and what each request carries.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use ado_support::*;
use pat_pilot::ado::{
    AdoError, AdoErrorKind as K, Bearer, Client, CreateSpec, ListFilter, Operation, Route,
    SignInHint, UpdateSpec,
};
use pat_pilot::core::org::HostStyle;
use pat_pilot::core::token::{AuthorizationId, Scopes};
use pat_pilot::ports::fakes::{json_response, FakeHttp};
use pat_pilot::ports::{Method, TransportError};
use serde_json::json;
use time::macros::datetime;

const ID: &str = "3d3aca0c-9ad3-4b07-8334-08ec8b1ddc32";

fn id() -> AuthorizationId {
    AuthorizationId::parse(ID).unwrap()
}

fn client(fake: &FakeHttp) -> Client<'_, FakeHttp> {
    Client::new(fake, clock(), &org(), style())
}

fn spec() -> CreateSpec {
    CreateSpec {
        name: "Git · 2026-11-28".into(),
        scopes: Scopes::parse("vso.code_write"),
        valid_to: datetime!(2026-11-28 0:00 UTC),
        org_id: ORG_ID.parse().unwrap(),
    }
}

fn web_list_works(fake: &FakeHttp) {
    on(
        fake,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!({"nextRowNumber": 0, "sessionTokens": [
        session_token(ID, "web", "vso.code", "2026-01-01T00:00:00Z")]})),
    );
}

fn lifecycle_list_works(fake: &FakeHttp) {
    let (_, list) = example_response("ListPats");
    on(fake, Method::Get, PATS, ok_json(list));
}

fn created_by_web() -> serde_json::Value {
    let mut data = session_token(
        ID,
        "Git · 2026-11-28",
        "vso.code_write",
        "2026-11-01T10:00:00Z",
    );
    data["token"] = json!(EXAMPLE_SECRET);
    json!({"dataProviders": {"ms.vss-token-web.personal-access-token-issue-session-token-provider": data}})
}

#[test]
fn a_list_tries_the_web_route_first_and_remembers_it() {
    let fake = FakeHttp::new();
    web_list_works(&fake);
    lifecycle_list_works(&fake);
    let client = client(&fake);
    let tokens = block_on(client.list(ListFilter::Active)).unwrap();
    assert_eq!(tokens[0].name, "web");
    assert_eq!(client.route(), Some(Route::Web));
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn a_refused_web_route_falls_back_to_lifecycle_which_is_then_remembered() {
    let fake = FakeHttp::new();
    on(&fake, Method::Get, SESSION_TOKENS, status(401));
    lifecycle_list_works(&fake);
    let client = client(&fake).with_route(Some(Route::Web));
    let tokens = block_on(client.list(ListFilter::Active)).unwrap();
    assert_eq!(tokens.len(), 4);
    assert_eq!(client.route(), Some(Route::Lifecycle));
}

#[test]
fn a_remembered_route_is_tried_first() {
    let fake = FakeHttp::new();
    web_list_works(&fake);
    lifecycle_list_works(&fake);
    let client = client(&fake).with_route(Some(Route::Lifecycle));
    block_on(client.list(ListFilter::Active)).unwrap();
    assert_eq!(calls(&fake).len(), 1);
    assert!(fake.requests()[0].url.starts_with(PATS));
    assert_eq!(client.route(), Some(Route::Lifecycle));
}

#[test]
fn a_remembered_route_that_stopped_working_is_replaced_by_the_one_that_works() {
    let fake = FakeHttp::new();
    on(&fake, Method::Get, PATS, status(403));
    on(&fake, Method::Post, WEB_PLATFORM_AUTH, status(401));
    web_list_works(&fake);
    let client = client(&fake).with_route(Some(Route::Lifecycle));
    block_on(client.list(ListFilter::Active)).unwrap();
    assert_eq!(client.route(), Some(Route::Web));
}

#[test]
fn when_every_route_says_signed_out_the_error_is_signed_out_and_the_route_is_forgotten() {
    let fake = FakeHttp::new();
    on(&fake, Method::Get, SESSION_TOKENS, status(401));
    on(&fake, Method::Get, PATS, status(401));
    on(&fake, Method::Post, WEB_PLATFORM_AUTH, status(401));
    let client = client(&fake).with_route(Some(Route::Web));
    let error = block_on(client.list(ListFilter::Active)).unwrap_err();
    assert_eq!(
        error,
        AdoError::SignedOut {
            hint: SignInHint::Unauthorized
        }
    );
    assert_eq!(client.route(), None);
}

#[test]
fn when_routes_fail_differently_the_error_says_what_each_answered() {
    let fake = FakeHttp::new();
    on(&fake, Method::Get, SESSION_TOKENS, status(404));
    on(&fake, Method::Get, PATS, status(403));
    on(&fake, Method::Post, WEB_PLATFORM_AUTH, status(404));
    let error = block_on(client(&fake).list(ListFilter::Active)).unwrap_err();
    let AdoError::NoRoute { failures } = &error else {
        panic!("{error:?}")
    };
    let answers: Vec<(Route, K)> = failures.iter().map(|f| (f.route, f.error.kind())).collect();
    assert_eq!(
        answers,
        [(Route::Web, K::NotFound), (Route::Lifecycle, K::Forbidden)]
    );
    let text = error.to_string();
    assert!(
        text.contains("web answered") && text.contains("lifecycle answered"),
        "{text}"
    );
}

#[test]
fn a_read_moves_on_after_a_timeout_but_not_after_a_rate_limit() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Get,
        SESSION_TOKENS,
        Err(TransportError::Timeout(20_000)),
    );
    lifecycle_list_works(&fake);
    assert_eq!(
        block_on(client(&fake).list(ListFilter::Active))
            .unwrap()
            .len(),
        4
    );

    let fake = FakeHttp::new();
    on(&fake, Method::Get, SESSION_TOKENS, status(429));
    lifecycle_list_works(&fake);
    assert_eq!(
        block_on(client(&fake).list(ListFilter::Active))
            .unwrap_err()
            .kind(),
        K::RateLimited
    );
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn a_create_that_times_out_on_web_does_not_fall_through_to_lifecycle() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Post,
        HIERARCHY_QUERY,
        Err(TransportError::Timeout(20_000)),
    );
    let (_, created) = example_response("CreatePat");
    on(&fake, Method::Post, PATS, ok_json(created));
    let error = block_on(client(&fake).create(&spec())).unwrap_err();
    assert_eq!(
        error,
        AdoError::Uncertain {
            operation: Operation::Create,
            cause: Box::new(AdoError::Timeout)
        }
    );
    assert!(!error.proves_nothing_written());
    assert_eq!(calls(&fake), [format!("POST {HIERARCHY_QUERY}")]);
}

#[test]
fn a_create_answered_with_a_server_error_or_a_dropped_connection_is_uncertain() {
    for reply in [
        status(500),
        status(503),
        Err(TransportError::Network("reset".into())),
    ] {
        let fake = FakeHttp::new();
        on(&fake, Method::Post, HIERARCHY_QUERY, reply);
        let error = block_on(client(&fake).create(&spec())).unwrap_err();
        assert_eq!(error.kind(), K::Uncertain);
        assert_eq!(fake.requests().len(), 1, "no second route");
    }
}

#[test]
fn a_create_refused_with_401_on_web_falls_through_to_lifecycle() {
    let fake = FakeHttp::new();
    on(&fake, Method::Post, HIERARCHY_QUERY, status(401));
    let (_, created) = example_response("CreatePat");
    on(&fake, Method::Post, PATS, ok_json(created));
    let client = client(&fake);
    let new = block_on(client.create(&spec())).unwrap();
    assert_eq!(new.secret.expose(), EXAMPLE_SECRET);
    assert_eq!(client.route(), Some(Route::Lifecycle));
    // The refused write is sent once more as the token page would (a 401 proves nothing was
    // written), refused again, and only then does the next route get it.
    assert_eq!(
        calls(&fake),
        [
            format!("POST {HIERARCHY_QUERY}"),
            format!("POST {HIERARCHY_QUERY}"),
            format!("POST {PATS}?api-version=7.1-preview.1")
        ]
    );
    let origins: Vec<Option<String>> = fake
        .requests()
        .iter()
        .map(|r| r.page_origin.clone())
        .collect();
    assert_eq!(origins, [None, Some("https://dev.azure.com".into()), None]);
    assert_eq!(
        client.transport(),
        None,
        "nothing learned: both ways were refused"
    );
}

#[test]
fn a_create_refused_by_a_policy_is_not_retried_on_another_route() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Post,
        PATS,
        ok_json(json!({"patToken": null, "patTokenError": "patLifespanPolicyViolation"})),
    );
    let client = client(&fake).with_route(Some(Route::Lifecycle));
    let error = block_on(client.create(&spec())).unwrap_err();
    assert_eq!(error.kind(), K::PolicyLifespan);
    assert_eq!(fake.requests().len(), 1);
    assert_eq!(
        client.route(),
        Some(Route::Lifecycle),
        "a policy says nothing about the route"
    );
}

#[test]
fn a_web_create_sends_the_token_pages_hierarchy_query_and_returns_the_secret() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(created_by_web()),
    );
    let new = block_on(client(&fake).create(&spec())).unwrap();
    assert_eq!(new.secret.expose(), EXAMPLE_SECRET);
    assert_eq!(new.token.id, id());
    assert_eq!(new.token.valid_to, datetime!(2030-01-01 0:00 UTC));

    let request = &fake.requests()[0];
    assert_eq!(
        header(request, "accept"),
        Some("application/json;api-version=7.1-preview.1")
    );
    assert_eq!(
        body(request),
        json!({
            "contributionIds": ["ms.vss-token-web.personal-access-token-issue-session-token-provider"],
            "dataProviderContext": {"properties": {
                "displayName": "Git · 2026-11-28",
                "scope": "vso.code_write",
                "validTo": "2026-11-28T00:00:00.000Z",
                "targetAccounts": [ORG_ID],
                "sourcePage": {
                    "url": "https://dev.azure.com/fabrikam/_usersSettings/tokens",
                    "routeId": "ms.vss-admin-web.user-admin-hub-route",
                    "routeValues": {
                        "adminPivot": "tokens",
                        "controller": "ContributedPage",
                        "action": "Execute",
                        "serviceHost": format!("{ORG_ID} (fabrikam)"),
                    },
                },
            }},
        })
    );
}

#[test]
fn a_web_create_whose_answer_holds_only_the_secret_finds_the_rest_in_the_list() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(json!({"dataProviders": {
        "ms.vss-token-web.personal-access-token-issue-session-token-provider": {"token": EXAMPLE_SECRET}}})),
    );
    on(
        &fake,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!({"count": 4, "value": [
            session_token("00000000-0000-4000-8000-000000000001", "Git · 2026-11-28", "vso.code_write", "2026-10-01T00:00:00Z"),
            session_token(ID, "Git · 2026-11-28", "vso.code_write", "2026-12-03T12:00:01Z"),
            session_token("00000000-0000-4000-8000-000000000002", "other", "vso.code_write", "2026-12-03T12:00:01Z"),
            other_orgs_twin(),
        ]})),
    );
    let new = block_on(client(&fake).create(&spec())).unwrap();
    assert_eq!(
        new.token.id,
        id(),
        "the token with this name and these scopes made during this attempt, in this organization"
    );
    assert_eq!(new.secret.expose(), EXAMPLE_SECRET);
}

/// A token like the one being created, made at the same instant, in another organization.
fn other_orgs_twin() -> serde_json::Value {
    let mut twin = session_token(
        "00000000-0000-4000-8000-000000000003",
        "Git · 2026-11-28",
        "vso.code_write",
        "2026-12-03T12:00:01Z",
    );
    twin["targetAccounts"] = json!(["2d7e9a14-6c3b-4f8a-b5d1-0e9c7a2f4b63"]);
    twin
}

#[test]
fn find_created_never_takes_an_older_token_of_the_same_name_for_the_new_one() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(json!({"dataProviders": {
        "ms.vss-token-web.personal-access-token-issue-session-token-provider": {"token": EXAMPLE_SECRET}}})),
    );
    // Only yesterday's token of that name, and a twin in another organization: neither is it.
    on(
        &fake,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!([
            session_token(
                ID,
                "Git · 2026-11-28",
                "vso.code_write",
                "2026-12-02T12:00:00Z"
            ),
            other_orgs_twin(),
        ])),
    );
    let error = block_on(client(&fake).create(&spec())).unwrap_err();
    // The token exists (the answer had its secret): uncertain, never "nothing written".
    assert_eq!(error.kind(), K::Uncertain);
    assert!(!error.proves_nothing_written());
    assert_eq!(
        calls(&fake)
            .iter()
            .filter(|c| c.starts_with("POST"))
            .count(),
        1,
        "no second create"
    );
}

#[test]
fn lifecycle_falls_back_to_a_session_bearer_after_the_cookies_are_refused() {
    let fake = FakeHttp::new();
    fake.on(|r| (r.url.starts_with(PATS) && !has_bearer(r)).then(|| status(401)));
    bearer_available(&fake);
    lifecycle_list_works(&fake);
    let client = client(&fake).with_route(Some(Route::Lifecycle));
    assert_eq!(block_on(client.list(ListFilter::Active)).unwrap().len(), 4);

    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(
        header(&requests[0], "authorization"),
        None,
        "cookies alone first"
    );
    assert_eq!(
        requests[1].url,
        format!("{WEB_PLATFORM_AUTH}?api-version=7.1-preview.1")
    );
    assert_eq!(requests[1].method, Method::Post);
    assert_eq!(
        body(&requests[1]),
        json!({"appId": "00000000-0000-0000-0000-000000000000", "force": false})
    );
    assert!(has_bearer(&requests[2]));
    assert_eq!(
        client.bearer().map(|b| b.expose().to_owned()).as_deref(),
        Some(BEARER)
    );
    assert!(!format!("{:?}", client.bearer()).contains(BEARER));
}

#[test]
fn a_kept_bearer_is_used_at_once_and_renewed_once_when_stale() {
    let fake = FakeHttp::new();
    lifecycle_list_works(&fake);
    let kept = Bearer::from_stored(BEARER);
    let client = client(&fake)
        .with_route(Some(Route::Lifecycle))
        .with_bearer(kept);
    block_on(client.list(ListFilter::Active)).unwrap();
    assert_eq!(fake.requests().len(), 1);
    assert!(has_bearer(&fake.requests()[0]));

    let fake = FakeHttp::new();
    fake.on(|r| (r.url.starts_with(PATS) && !has_bearer(r)).then(|| status(401)));
    bearer_available(&fake);
    lifecycle_list_works(&fake);
    let client = Client::new(&fake, clock(), &org(), style())
        .with_route(Some(Route::Lifecycle))
        .with_bearer(Bearer::from_stored("stale"));
    block_on(client.list(ListFilter::Active)).unwrap();
    assert_eq!(fake.requests().len(), 3);
    assert_eq!(client.bearer().unwrap().expose(), BEARER);
}

#[test]
fn without_a_bearer_to_be_had_the_cookies_refusal_is_the_answer() {
    let fake = FakeHttp::new();
    on(&fake, Method::Get, PATS, status(403));
    on(&fake, Method::Post, WEB_PLATFORM_AUTH, status(404));
    on(&fake, Method::Get, SESSION_TOKENS, status(403));
    for kept in [None, Bearer::from_stored("stale")] {
        let client = client(&fake)
            .with_route(Some(Route::Lifecycle))
            .with_bearer(kept);
        let error = block_on(client.list(ListFilter::Active)).unwrap_err();
        assert_eq!(error, AdoError::Forbidden);
        assert_eq!(client.bearer(), None, "a refused bearer is not kept");
    }
}

#[test]
fn extend_goes_to_the_public_api_without_asking_the_web_and_leaves_the_route_alone() {
    let fake = FakeHttp::new();
    let (_, current) = example_response("GetPat");
    let (_, updated) = example_response("UpdatePat");
    on(&fake, Method::Get, PATS, ok_json(current));
    on(&fake, Method::Put, PATS, ok_json(updated));
    let client = client(&fake).with_route(Some(Route::Web));
    let update = UpdateSpec {
        valid_to: Some(datetime!(2020-12-25 23:46:23 UTC)),
        name: None,
    };
    let token = block_on(client.update(id(), &update)).unwrap();
    assert_eq!(token.valid_to, datetime!(2020-12-25 23:46:23.32 UTC));
    assert!(fake.requests().iter().all(|r| r.url.starts_with(PATS)));
    assert_eq!(client.route(), Some(Route::Web));
}

#[test]
fn extend_when_the_public_api_refuses_the_session_says_to_use_rotate() {
    let fake = FakeHttp::new();
    on(&fake, Method::Get, PATS, status(401));
    on(&fake, Method::Post, WEB_PLATFORM_AUTH, status(401));
    let update = UpdateSpec {
        valid_to: Some(datetime!(2030-01-01 0:00 UTC)),
        name: None,
    };
    let error = block_on(client(&fake).update(id(), &update)).unwrap_err();
    assert_eq!(error.kind(), K::Unsupported);
    assert_eq!(
        error.to_string(),
        "Extend needs Azure DevOps' public token API, which refused this session; use Rotate"
    );
}

#[test]
fn extend_of_a_token_the_public_api_does_not_know_is_not_found() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Get,
        PATS,
        ok_json(json!({"patToken": null, "patTokenError": "authorizationNotFound"})),
    );
    let update = UpdateSpec {
        valid_to: Some(datetime!(2030-01-01 0:00 UTC)),
        name: None,
    };
    assert_eq!(
        block_on(client(&fake).update(id(), &update)).unwrap_err(),
        AdoError::NotFound
    );
}

#[test]
fn revoke_urls_always_end_with_the_tokens_id() {
    let fake = FakeHttp::new();
    on(&fake, Method::Delete, SESSION_TOKENS, status(404));
    on(
        &fake,
        Method::Delete,
        PATS,
        Ok(json_response(204, &json!({}))),
    );
    let client = client(&fake);
    block_on(client.revoke(id())).unwrap();
    let requests = fake.requests();
    assert_eq!(
        requests[0].url,
        format!("{SESSION_TOKENS}/{ID}"),
        "never the revoke-all URL"
    );
    assert_eq!(
        requests[1].url,
        format!("{PATS}?api-version=7.1-preview.1&authorizationId={ID}")
    );
    assert!(requests.iter().all(|r| r.url.ends_with(ID)));
}

#[test]
fn a_revoke_that_times_out_is_uncertain_and_not_sent_again() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Delete,
        SESSION_TOKENS,
        Err(TransportError::Timeout(20_000)),
    );
    let error = block_on(client(&fake).revoke(id())).unwrap_err();
    assert_eq!(error.kind(), K::Uncertain);
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn revoking_a_token_no_route_knows_is_not_found() {
    let fake = FakeHttp::new();
    on(&fake, Method::Delete, SESSION_TOKENS, status(404));
    on(
        &fake,
        Method::Delete,
        PATS,
        ok_json(json!({"patToken": null, "patTokenError": "tokenNotFound"})),
    );
    assert_eq!(
        block_on(client(&fake).revoke(id())).unwrap_err(),
        AdoError::NotFound
    );
}

#[test]
fn every_request_asks_for_json_and_suppresses_sign_in_redirects() {
    let fake = FakeHttp::new();
    fake.on(|_| Some(status(401)));
    let client = client(&fake);
    let update = UpdateSpec {
        valid_to: Some(datetime!(2030-01-01 0:00 UTC)),
        name: None,
    };
    let _ = block_on(client.connection());
    let _ = block_on(client.list(ListFilter::Active));
    let _ = block_on(client.get(id()));
    let _ = block_on(client.create(&spec()));
    let _ = block_on(client.update(id(), &update));
    let _ = block_on(client.revoke(id()));
    let requests = fake.requests();
    assert!(requests.len() >= 12);
    for request in requests {
        assert!(
            header(&request, "accept")
                .unwrap()
                .starts_with("application/json"),
            "{request:?}"
        );
        assert_eq!(header(&request, "x-tfs-fedauthredirect"), Some("Suppress"));
        assert_eq!(
            header(&request, "x-vss-reauthenticationaction"),
            Some("Suppress")
        );
        if request.body.is_some() {
            assert_eq!(header(&request, "content-type"), Some("application/json"));
        }
    }
}

#[test]
fn connection_data_gives_the_organization_id_and_the_signed_in_user() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Get,
        CONNECTION_DATA,
        ok_json(json!({
        "authenticatedUser": {"id": "8d2f9a6b-0000-4000-8000-000000000001", "providerDisplayName": "Ada"},
        "authorizedUser": {"id": "8d2f9a6b-0000-4000-8000-000000000001"},
        "instanceId": ORG_ID, "deploymentId": "x", "deploymentType": "hosted"})),
    );
    let connection = block_on(client(&fake).connection()).unwrap();
    assert_eq!(connection.org_id.to_string(), ORG_ID);
    let user = connection.user.unwrap();
    assert_eq!(user.display_name, "Ada");
    assert_eq!(calls(&fake), [format!("GET {CONNECTION_DATA}")]);

    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Get,
        CONNECTION_DATA,
        ok_json(json!({"authenticatedUser": null})),
    );
    assert_eq!(
        block_on(client(&fake).connection()).unwrap_err().kind(),
        K::Unexpected
    );
}

#[test]
fn legacy_organizations_are_reached_on_their_legacy_hosts() {
    let fake = FakeHttp::new();
    fake.on(|_| Some(status(401)));
    let client = Client::new(&fake, clock(), &org(), HostStyle::Legacy);
    let _ = block_on(client.list(ListFilter::Active));
    let _ = block_on(client.connection());
    let urls = calls(&fake);
    assert!(urls[0]
        .starts_with("GET https://fabrikam.vssps.visualstudio.com/_apis/Token/SessionTokens?"));
    assert!(urls[1].starts_with("GET https://fabrikam.vssps.visualstudio.com/_apis/tokens/pats?"));
    assert!(urls[2]
        .starts_with("POST https://fabrikam.visualstudio.com/_apis/WebPlatformAuth/SessionToken"));
    // The refused POST once more as the page would send it: with the legacy host's origin.
    assert_eq!(
        fake.requests()[3].page_origin.as_deref(),
        Some("https://fabrikam.visualstudio.com")
    );
    assert_eq!(
        urls.last().map(String::as_str),
        Some("GET https://fabrikam.visualstudio.com/_apis/connectionData")
    );
}

#[test]
fn a_web_create_refused_with_a_reason_is_final_and_no_other_route_creates() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(json!({"dataProviders": {}, "dataProviderExceptions": {
            "ms.vss-token-web.personal-access-token-issue-session-token-provider":
                {"message": "Your organization limits the lifespan of personal access tokens to 7 days."}}})),
    );
    let (_, created) = example_response("CreatePat");
    on(&fake, Method::Post, PATS, ok_json(created));
    let client = client(&fake);
    let error = block_on(client.create(&spec())).unwrap_err();
    assert_eq!(
        error,
        AdoError::Declined {
            message: Some(
                "Your organization limits the lifespan of personal access tokens to 7 days.".into()
            )
        }
    );
    assert_eq!(
        calls(&fake),
        [format!("POST {HIERARCHY_QUERY}")],
        "one create, one route"
    );
}

#[test]
fn a_list_in_an_unknown_shape_is_reported_as_such_and_never_marks_the_route_as_working() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!({"items": []})),
    );
    // The public API refuses the browser session, as documented.
    on(&fake, Method::Get, PATS, status(401));
    on(&fake, Method::Post, WEB_PLATFORM_AUTH, status(401));
    let client = client(&fake);
    let error = block_on(client.list(ListFilter::All)).unwrap_err();
    // The web answer is what the person needs to see, not the public API's expected refusal.
    assert_eq!(error.kind(), K::Unexpected, "{error}");
    assert_eq!(client.route(), None);
}

#[test]
fn a_write_refused_directly_but_accepted_as_the_page_sends_it_remembers_that_transport() {
    let fake = FakeHttp::new();
    // The service refuses cookie writes whose Origin is not Azure DevOps' (answered as 401).
    fake.on(|r| (r.method != Method::Get && r.page_origin.is_none()).then(|| status(401)));
    on(
        &fake,
        Method::Delete,
        SESSION_TOKENS,
        Ok(json_response(200, &json!(null))),
    );
    let client = client(&fake);
    block_on(client.revoke(id())).unwrap();
    assert_eq!(
        client.transport(),
        Some(pat_pilot::ado::Transport::PageOrigin)
    );
    assert_eq!(
        client.transport_worked(),
        Some(pat_pilot::ado::Transport::PageOrigin)
    );
    let origins: Vec<Option<String>> = fake
        .requests()
        .iter()
        .map(|r| r.page_origin.clone())
        .collect();
    assert_eq!(origins, [None, Some("https://dev.azure.com".into())]);

    // Remembered: the next write goes that way first, and reads never carry it.
    fake.clear_requests();
    let again = Client::new(&fake, clock(), &org(), style())
        .with_transport(Some(pat_pilot::ado::Transport::PageOrigin));
    block_on(again.revoke(id())).unwrap();
    on(&fake, Method::Get, SESSION_TOKENS, ok_json(json!([])));
    block_on(again.list(ListFilter::All)).unwrap();
    let sent: Vec<(String, Option<String>)> = fake
        .requests()
        .iter()
        .map(|r| (r.method.to_string(), r.page_origin.clone()))
        .collect();
    assert_eq!(
        sent,
        [
            (
                "DELETE".to_owned(),
                Some("https://dev.azure.com".to_owned())
            ),
            ("GET".to_owned(), None)
        ]
    );
}

#[test]
fn a_remembered_transport_that_is_refused_gives_way_to_the_other() {
    let fake = FakeHttp::new();
    fake.on(|r| (r.page_origin.is_some()).then(|| status(401)));
    on(
        &fake,
        Method::Delete,
        SESSION_TOKENS,
        Ok(json_response(200, &json!(null))),
    );
    let client = client(&fake).with_transport(Some(pat_pilot::ado::Transport::PageOrigin));
    block_on(client.revoke(id())).unwrap();
    assert_eq!(client.transport(), Some(pat_pilot::ado::Transport::Direct));
}

#[test]
fn a_write_with_a_bearer_is_not_a_cookie_write_and_is_not_resent() {
    let fake = FakeHttp::new();
    bearer_available(&fake);
    fake.on(|r| (r.url.starts_with(PATS)).then(|| status(401)));
    let client = client(&fake).with_route(Some(Route::Lifecycle));
    let _ = block_on(client.revoke(id()));
    let with_bearer_resent = fake
        .requests()
        .iter()
        .filter(|r| r.url.starts_with(PATS) && has_bearer(r) && r.page_origin.is_some())
        .count();
    assert_eq!(with_bearer_resent, 0);
}
