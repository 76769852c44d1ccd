//! Every answer Azure DevOps can give, classified: statuses, sign-in pages, redirects,
//! malformed bodies, `Retry-After`, the public API's error values and the web dialect's
//! exceptions. And no error ever carries a secret.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use ado_support::*;
use pat_pilot::ado::lifecycle::LifecycleDialect;
use pat_pilot::ado::web::WebDialect;
use pat_pilot::ado::{
    AdoError, AdoErrorKind as K, CreateSpec, Dialect, ListFilter, Operation, PolicyKind,
    RetryAfter, SignInHint, UnsupportedReason, UpdateSpec,
};
use pat_pilot::core::token::{AuthorizationId, Scopes};
use pat_pilot::ports::fakes::{html_response, json_response, FakeHttp};
use pat_pilot::ports::{HttpResponse, Method, TransportError};
use serde_json::json;
use time::macros::datetime;

fn id() -> AuthorizationId {
    AuthorizationId::parse("3d3aca0c-9ad3-4b07-8334-08ec8b1ddc32").unwrap()
}

fn spec() -> CreateSpec {
    CreateSpec {
        name: "Git · 2026-11-28".into(),
        scopes: Scopes::parse("vso.code_write"),
        valid_to: datetime!(2026-11-28 0:00 UTC),
        org_id: ORG_ID.parse().unwrap(),
    }
}

/// What a web `get` makes of this one answer.
fn web_get(reply: Result<HttpResponse, TransportError>) -> AdoError {
    let fake = FakeHttp::new();
    fake.queue(reply);
    let web = WebDialect::new(&fake, clock(), &org(), org().services(style()));
    block_on(web.get(id())).unwrap_err()
}

/// What a lifecycle `get` makes of this answer (a bearer is to be had, and refused too).
fn lifecycle_get(reply: Result<HttpResponse, TransportError>) -> AdoError {
    let fake = FakeHttp::new();
    on(&fake, Method::Get, PATS, reply);
    bearer_available(&fake);
    let lifecycle = LifecycleDialect::new(&fake, org().services(style()), None);
    block_on(lifecycle.get(id())).unwrap_err()
}

fn with_headers(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: pat_pilot::core::secret::Secret::new(body),
        final_url: String::new(),
    }
}

#[test]
fn statuses_and_transport_failures_map_to_their_errors() {
    let signed_out = |hint| AdoError::SignedOut { hint };
    let cases: Vec<(&str, Result<HttpResponse, TransportError>, AdoError)> = vec![
        ("401", status(401), signed_out(SignInHint::Unauthorized)),
        ("403 json", status(403), AdoError::Forbidden),
        (
            "403 html",
            Ok(html_response(403, "<html>sign in</html>")),
            signed_out(SignInHint::SignInPage),
        ),
        (
            "302",
            Ok(html_response(302, "Object moved")),
            signed_out(SignInHint::Redirect),
        ),
        (
            "opaque redirect",
            Ok(with_headers(0, &[], "")),
            signed_out(SignInHint::Redirect),
        ),
        (
            "203",
            Ok(html_response(203, "<html/>")),
            signed_out(SignInHint::NonAuthoritative),
        ),
        (
            "200 html",
            sign_in_page(),
            signed_out(SignInHint::SignInPage),
        ),
        (
            "200 markup without a type",
            Ok(with_headers(200, &[], " <!DOCTYPE html>")),
            signed_out(SignInHint::SignInPage),
        ),
        ("404", status(404), AdoError::NotFound),
        ("500", status(500), AdoError::Server { status: 500 }),
        (
            "503 html",
            Ok(html_response(503, "<html>down</html>")),
            AdoError::Server { status: 503 },
        ),
        (
            "timeout",
            Err(TransportError::Timeout(20_000)),
            AdoError::Timeout,
        ),
        (
            "network",
            Err(TransportError::Network("reset".into())),
            AdoError::Network,
        ),
        (
            "no host access",
            Err(TransportError::NoHostAccess("vssps.dev.azure.com".into())),
            AdoError::NoHostAccess,
        ),
    ];
    for (name, reply, expected) in cases {
        assert_eq!(web_get(reply), expected, "{name}");
    }
}

#[test]
fn an_answer_that_ends_on_a_signin_url_is_signed_out_even_with_json() {
    let mut response = json_response(200, &json!({}));
    response.final_url =
        "https://spsprod.vssps.visualstudio.com/_signin?realm=dev.azure.com".into();
    assert_eq!(
        web_get(Ok(response)),
        AdoError::SignedOut {
            hint: SignInHint::SignInUrl
        }
    );
}

#[test]
fn malformed_json_on_success_is_an_unexpected_answer_that_may_have_written() {
    let error = web_get(Ok(with_headers(
        200,
        &[("content-type", "application/json")],
        "{\"authoriz",
    )));
    assert_eq!(error.kind(), K::Unexpected);
    assert!(!error.proves_nothing_written());
}

#[test]
fn the_generic_error_shape_is_read_for_its_type_key_and_message() {
    let refused = json!({"$id": "1", "innerException": null,
        "message": "The requested operation is not allowed.",
        "typeName": "Microsoft.TeamFoundation.Framework.Server.InvalidAccessException, Microsoft.TeamFoundation.Framework.Server",
        "typeKey": "InvalidAccessException", "errorCode": 0, "eventId": 3000});
    assert_eq!(
        web_get(Ok(json_response(400, &refused))),
        AdoError::Forbidden
    );

    let other = json!({"message": "VS403403: odd", "typeKey": "OddException"});
    assert_eq!(
        web_get(Ok(json_response(409, &other))),
        AdoError::Unexpected {
            status: Some(409),
            excerpt: "VS403403: odd".into()
        }
    );
    assert_eq!(web_get(status(415)).kind(), K::Unexpected);
}

#[test]
fn retry_after_is_honoured_as_seconds_or_as_a_date() {
    let limited = |headers: &[(&str, &str)]| web_get(Ok(with_headers(429, headers, "")));
    assert_eq!(
        limited(&[("Retry-After", "120")]),
        AdoError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(120))
        }
    );
    assert_eq!(
        limited(&[
            ("retry-after", "Sun, 14 Jul 2024 18:15:24 GMT"),
            ("date", "Sun, 14 Jul 2024 18:14:24 GMT"),
        ]),
        AdoError::RateLimited {
            retry_after: Some(RetryAfter::Seconds(60))
        }
    );
    let at = datetime!(2024-07-14 18:15:24 UTC);
    let error = limited(&[("Retry-After", "Sun, 14 Jul 2024 18:15:24 GMT")]);
    assert_eq!(
        error,
        AdoError::RateLimited {
            retry_after: Some(RetryAfter::At(at))
        }
    );
    assert_eq!(
        RetryAfter::At(at).seconds_from(datetime!(2024-07-14 18:14:54 UTC)),
        30
    );
    assert_eq!(limited(&[]), AdoError::RateLimited { retry_after: None });
    assert_eq!(
        limited(&[("Retry-After", "soon")]),
        AdoError::RateLimited { retry_after: None }
    );
    assert!(limited(&[("Retry-After", "120")])
        .to_string()
        .contains("120 seconds"));
}

#[test]
fn a_pat_token_error_on_a_success_status_is_an_error() {
    let body = json!({"patToken": null, "patTokenError": "patLifespanPolicyViolation",
        "patTokenErrorMessage": "The maximum lifespan is 7 days."});
    assert_eq!(
        lifecycle_get(ok_json(body)),
        AdoError::Policy {
            policy: PolicyKind::Lifespan,
            server_message: Some("The maximum lifespan is 7 days.".into()),
        }
    );
}

#[test]
fn a_pat_token_error_in_an_error_status_body_is_read_too() {
    let body = json!({"patToken": null, "patTokenError": "fullScopePatPolicyViolation"});
    assert_eq!(
        lifecycle_get(Ok(json_response(400, &body))).kind(),
        K::PolicyFullScope
    );
    let body = json!({"patToken": null, "patTokenError": "tokenNotFound"});
    assert_eq!(
        lifecycle_get(Ok(json_response(404, &body))),
        AdoError::NotFound
    );
}

#[test]
fn a_blocked_global_create_is_a_policy_error() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Post,
        PATS,
        ok_json(json!({"patToken": null, "patTokenError": "globalPATCreationBlocked"})),
    );
    let lifecycle = LifecycleDialect::new(&fake, org().services(style()), None);
    let error = block_on(lifecycle.create(&spec())).unwrap_err();
    assert_eq!(error.kind(), K::PolicyGlobalCreationBlocked);
    assert!(error.proves_nothing_written());
}

#[test]
fn an_expired_token_cannot_be_extended() {
    let fake = FakeHttp::new();
    let (_, current) = example_response("GetPat");
    on(&fake, Method::Get, PATS, ok_json(current));
    on(
        &fake,
        Method::Put,
        PATS,
        ok_json(json!({"patToken": null, "patTokenError": "expiredPatCannotBeExtended"})),
    );
    let lifecycle = LifecycleDialect::new(&fake, org().services(style()), None);
    let update = UpdateSpec {
        valid_to: Some(datetime!(2030-01-01 0:00 UTC)),
        name: None,
    };
    let error = block_on(lifecycle.update(id(), &update)).unwrap_err();
    assert_eq!(error, AdoError::ExpiredCannotExtend);
    assert!(error.to_string().contains("Rotate"));
}

#[test]
fn the_web_dialects_exception_is_a_final_refusal_with_its_message_masked_and_never_parsed() {
    let fake = FakeHttp::new();
    let message = format!("Token {EXAMPLE_SECRET} refused: lifespan 7 days");
    on(
        &fake,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(json!({
            "dataProviders": {"ms.vss-token-web.personal-access-token-issue-session-token-provider": null},
            "dataProviderExceptions": {"ms.vss-token-web.personal-access-token-issue-session-token-provider":
                {"message": message, "exceptionType": "X"}},
        })),
    );
    let web = WebDialect::new(&fake, clock(), &org(), org().services(style()));
    let error = block_on(web.create(&spec())).unwrap_err();
    assert_eq!(
        error,
        AdoError::Declined {
            message: Some("Token [masked] refused: lifespan 7 days".into()),
        }
    );
    // The service's answer to this request: nothing was written, and no other route is tried.
    assert!(error.proves_nothing_written() && !error.is_route_refusal() && error.is_definitive());
}

#[test]
fn a_web_create_answer_without_a_token_may_have_written() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Post,
        HIERARCHY_QUERY,
        ok_json(json!({"dataProviders": {}})),
    );
    let web = WebDialect::new(&fake, clock(), &org(), org().services(style()));
    let error = block_on(web.create(&spec())).unwrap_err();
    assert_eq!(error.kind(), K::Unexpected);
    assert!(!error.proves_nothing_written());
}

#[test]
fn an_unreadable_create_answer_withholds_its_excerpt_since_it_may_hold_the_secret() {
    let fake = FakeHttp::new();
    // Truncated JSON, its secret too short to look like one.
    let body = "{\"patToken\": {\"token\": \"shortsecret\", \"validTo\": ";
    on(
        &fake,
        Method::Post,
        PATS,
        Ok(with_headers(
            200,
            &[("content-type", "application/json")],
            body,
        )),
    );
    let lifecycle = LifecycleDialect::new(&fake, org().services(style()), None);
    let error = block_on(lifecycle.create(&spec())).unwrap_err();
    assert!(!format!("{error} {error:?}").contains("shortsecret"));
    assert!(!error.proves_nothing_written());
}

#[test]
fn token_shaped_strings_in_error_bodies_are_masked() {
    let body = json!({"message": format!("bad bearer {BEARER} and pat {EXAMPLE_SECRET}")});
    let error = web_get(Ok(json_response(400, &body)));
    let shown = format!("{error} {error:?}");
    assert!(
        !shown.contains(BEARER) && !shown.contains(EXAMPLE_SECRET),
        "{shown}"
    );
    assert!(shown.contains("[masked]"));
}

#[test]
fn creates_are_refused_before_sending_without_a_name_or_scopes() {
    let fake = FakeHttp::new();
    let web = WebDialect::new(&fake, clock(), &org(), org().services(style()));
    let nameless = CreateSpec {
        name: " ".into(),
        ..spec()
    };
    assert_eq!(
        block_on(web.create(&nameless)).unwrap_err(),
        AdoError::InvalidName
    );
    let scopeless = CreateSpec {
        scopes: Scopes::default(),
        ..spec()
    };
    assert_eq!(
        block_on(web.create(&scopeless)).unwrap_err(),
        AdoError::InvalidScope
    );
    assert!(fake.requests().is_empty());
}

#[test]
fn extend_through_the_web_dialect_is_unsupported_and_says_to_rotate() {
    let fake = FakeHttp::new();
    let web = WebDialect::new(&fake, clock(), &org(), org().services(style()));
    let update = UpdateSpec {
        valid_to: Some(datetime!(2030-01-01 0:00 UTC)),
        name: None,
    };
    let error = block_on(web.update(id(), &update)).unwrap_err();
    assert_eq!(
        error,
        AdoError::Unsupported {
            operation: Operation::Update,
            reason: UnsupportedReason::NoWebUpdate
        }
    );
    assert_eq!(
        error.to_string(),
        "Extend needs Azure DevOps' public token API, which refused this session; use Rotate"
    );
    assert!(fake.requests().is_empty(), "no route is guessed");
}

#[test]
fn which_answers_prove_that_nothing_was_written() {
    let nothing_written = [
        web_get(status(400)),
        web_get(status(401)),
        web_get(status(403)),
        web_get(status(404)),
        web_get(status(415)),
        web_get(sign_in_page()),
        web_get(status(429)),
    ];
    for error in nothing_written {
        assert!(error.proves_nothing_written(), "{error:?}");
    }
    let maybe_written = [
        web_get(status(500)),
        web_get(status(502)),
        web_get(Err(TransportError::Timeout(20_000))),
        web_get(Err(TransportError::Network("reset".into()))),
        web_get(Ok(with_headers(200, &[], "not json"))),
    ];
    for error in maybe_written {
        assert!(!error.proves_nothing_written(), "{error:?}");
    }
}

#[test]
fn kinds_serialize_as_stable_camel_case_names() {
    let kinds = [
        (K::SignedOut, "signedOut"),
        (
            K::PolicyGlobalCreationBlocked,
            "policyGlobalCreationBlocked",
        ),
        (K::ExpiredCannotExtend, "expiredCannotExtend"),
        (K::NoHostAccess, "noHostAccess"),
        (K::NoRoute, "noRoute"),
    ];
    for (kind, name) in kinds {
        assert_eq!(serde_json::to_value(kind).unwrap(), json!(name));
    }
}

#[test]
fn the_list_answer_of_an_unknown_shape_is_unexpected() {
    let fake = FakeHttp::new();
    on(
        &fake,
        Method::Get,
        SESSION_TOKENS,
        ok_json(json!({"sessionTokens": [{"authorizationId": "x"}]})),
    );
    let web = WebDialect::new(&fake, clock(), &org(), org().services(style()));
    assert_eq!(
        block_on(web.list(ListFilter::Active)).unwrap_err().kind(),
        K::Unexpected
    );
}
