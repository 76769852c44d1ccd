//! Microsoft's example payloads and spec (copied in `tests/fixtures/azure-devops/`) against the
//! lifecycle dialect: the answers parse into tokens, and the requests use only the spec's fields.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod ado_support;

use ado_support::*;
use pat_pilot::ado::lifecycle::LifecycleDialect;
use pat_pilot::ado::{CreateSpec, Dialect, ListFilter, UpdateSpec};
use pat_pilot::core::token::{AuthorizationId, Scopes};
use pat_pilot::ports::fakes::{json_response, FakeHttp};
use pat_pilot::ports::{HttpResponse, Method};
use serde_json::{json, Value};
use time::macros::datetime;

fn lifecycle(fake: &FakeHttp) -> LifecycleDialect<'_, FakeHttp> {
    LifecycleDialect::new(fake, org().services(style()), None)
}

fn answer_with_example(fake: &FakeHttp, method: Method, name: &str) {
    let (status, body) = example_response(name);
    on(fake, method, PATS, Ok(json_response(status, &body)));
}

fn spec_properties(definition: &str) -> Vec<String> {
    let spec = fixture("spec/7.1/tokens.json");
    spec["definitions"][definition]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn id(text: &str) -> AuthorizationId {
    AuthorizationId::parse(text).unwrap()
}

#[test]
fn the_list_example_parses_into_four_tokens_with_a_global_one() {
    let fake = FakeHttp::new();
    answer_with_example(&fake, Method::Get, "ListPats");
    let tokens = block_on(lifecycle(&fake).list(ListFilter::Active)).unwrap();

    let names: Vec<&str> = tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "all_access_token",
            "work_token",
            "new_token",
            "analytics_token"
        ]
    );
    assert!(tokens[0].is_global(), "targetAccounts: null is global");
    assert_eq!(
        tokens[1].target_accounts,
        Some(vec![ORG_ID.parse().unwrap()])
    );
    assert_eq!(
        tokens[0].valid_to,
        datetime!(2020-11-23 04:04:38.5233333 UTC)
    );
    assert_eq!(tokens[2].valid_to, datetime!(2020-12-01 23:46:23.32 UTC));
    assert_eq!(tokens[1].scopes, Scopes::parse("vso.work_full"));
    assert_eq!(
        fake.requests().len(),
        1,
        "an empty continuation token ends the list"
    );
}

#[test]
fn the_get_example_parses_and_asks_by_authorization_id() {
    let fake = FakeHttp::new();
    answer_with_example(&fake, Method::Get, "GetPat");
    let asked = id("cf42cc9f-f170-4375-92ba-c13d58a6545f");
    let token = block_on(lifecycle(&fake).get(asked)).unwrap();

    // The example answers with another id than it asked for (docs/azure-devops.md §7.4): taken as given.
    assert_eq!(token.id, id("3d3aca0c-9ad3-4b07-8334-08ec8b1ddc32"));
    assert_eq!(token.name, "analytics_token");
    let url = url::Url::parse(&fake.requests()[0].url).unwrap();
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert!(query.contains(&("authorizationId".into(), asked.to_string())));
    assert!(query.contains(&("api-version".into(), "7.1-preview.1".into())));
}

#[test]
fn creating_sends_exactly_the_body_of_microsofts_example_and_returns_the_secret() {
    let fake = FakeHttp::new();
    answer_with_example(&fake, Method::Post, "CreatePat");
    let spec = CreateSpec {
        name: "new_token".into(),
        scopes: Scopes::parse("app_token"),
        valid_to: datetime!(2020-12-01 23:46:23.319 UTC),
        org_id: ORG_ID.parse().unwrap(),
    };
    let created = block_on(lifecycle(&fake).create(&spec)).unwrap();

    assert_eq!(created.secret.expose(), EXAMPLE_SECRET);
    assert_eq!(created.token.id, id("4ab5764f-4193-4f1d-b995-64144880b7d7"));
    // The server's validTo is read back (here rounded to .32).
    assert_eq!(
        created.token.valid_to,
        datetime!(2020-12-01 23:46:23.32 UTC)
    );
    assert!(!format!("{created:?}").contains(EXAMPLE_SECRET));

    let request = &fake.requests()[0];
    assert_eq!(body(request), example("CreatePat")["parameters"]["body"]);
    assert_eq!(header(request, "content-type"), Some("application/json"));
}

#[test]
fn request_bodies_use_only_the_specs_fields() {
    let fake = FakeHttp::new();
    answer_with_example(&fake, Method::Post, "CreatePat");
    answer_with_example(&fake, Method::Get, "GetPat");
    answer_with_example(&fake, Method::Put, "UpdatePat");
    let dialect = lifecycle(&fake);
    let spec = CreateSpec {
        name: "n".into(),
        scopes: Scopes::parse("vso.code"),
        valid_to: datetime!(2030-01-01 0:00 UTC),
        org_id: ORG_ID.parse().unwrap(),
    };
    block_on(dialect.create(&spec)).unwrap();
    let update = UpdateSpec {
        valid_to: Some(datetime!(2030-01-01 0:00 UTC)),
        name: None,
    };
    block_on(dialect.update(id("3d3aca0c-9ad3-4b07-8334-08ec8b1ddc32"), &update)).unwrap();

    let requests = fake.requests();
    let create = body(&requests[0]);
    let put = requests.iter().find(|r| r.method == Method::Put).unwrap();
    for (sent, definition) in [
        (create, "PatTokenCreateRequest"),
        (body(put), "PatTokenUpdateRequest"),
    ] {
        let allowed = spec_properties(definition);
        for key in sent.as_object().unwrap().keys() {
            assert!(allowed.contains(key), "{definition} has no field {key}");
        }
    }
}

#[test]
fn updating_sends_every_field_merged_over_the_current_token() {
    let fake = FakeHttp::new();
    answer_with_example(&fake, Method::Get, "GetPat");
    answer_with_example(&fake, Method::Put, "UpdatePat");
    let update = UpdateSpec {
        valid_to: Some(datetime!(2020-12-25 23:46:23.319 UTC)),
        name: Some("updated_token".into()),
    };
    let token =
        block_on(lifecycle(&fake).update(id("3d3aca0c-9ad3-4b07-8334-08ec8b1ddc32"), &update))
            .unwrap();

    assert_eq!(token.name, "updated_token");
    assert_eq!(token.valid_to, datetime!(2020-12-25 23:46:23.32 UTC));
    let put = fake
        .requests()
        .into_iter()
        .find(|r| r.method == Method::Put)
        .unwrap();
    assert_eq!(
        body(&put),
        json!({
            "authorizationId": "3d3aca0c-9ad3-4b07-8334-08ec8b1ddc32",
            "displayName": "updated_token",
            "scope": "vso.analytics",
            "validTo": "2020-12-25T23:46:23.319Z",
            // The current token is organization-scoped: it stays so.
            "allOrgs": false,
        })
    );
}

#[test]
fn revoking_accepts_the_examples_204_with_an_empty_object_and_a_200_with_no_body() {
    for reply in [
        {
            let (status, body) = example_response("RevokePat");
            json_response(status, &body)
        },
        HttpResponse {
            status: 200,
            headers: vec![],
            body: pat_pilot::core::secret::Secret::default(),
            final_url: String::new(),
        },
    ] {
        let fake = FakeHttp::new();
        fake.queue(Ok(reply));
        let revoked = id("cf42cc9f-f170-4375-92ba-c13d58a6545f");
        block_on(lifecycle(&fake).revoke(revoked)).unwrap();
        let request = &fake.requests()[0];
        assert_eq!(request.method, Method::Delete);
        assert!(
            request.url.ends_with(&revoked.to_string()),
            "{}",
            request.url
        );
    }
}

#[test]
fn list_queries_use_only_the_specs_parameters_and_values() {
    let fake = FakeHttp::new();
    answer_with_example(&fake, Method::Get, "ListPats");
    block_on(lifecycle(&fake).list(ListFilter::All)).unwrap();

    let spec = fixture("spec/7.1/tokens.json");
    let parameters: Vec<Value> = spec["x-ms-paths"]["/{organization}/_apis/tokens/pats?"]["get"]
        ["parameters"]
        .as_array()
        .unwrap()
        .clone();
    let url = url::Url::parse(&fake.requests()[0].url).unwrap();
    assert_eq!(url.path(), "/fabrikam/_apis/tokens/pats");
    for (key, value) in url.query_pairs() {
        if key == "api-version" {
            continue; // a `$ref` parameter
        }
        let parameter = parameters
            .iter()
            .find(|p| p["name"] == *key)
            .unwrap_or_else(|| panic!("the spec has no parameter {key}"));
        if let Some(values) = parameter["enum"].as_array() {
            assert!(values.contains(&json!(value)), "{key}={value}");
        }
        if key == "$top" {
            assert!(value.parse::<u32>().unwrap() <= 100);
        }
    }
}
