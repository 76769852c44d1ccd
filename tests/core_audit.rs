//! Export for audits: CSV (RFC 4180, defused for spreadsheets) and JSON, never a secret.
#![cfg(test)] // test code throughout: clippy.toml lets it unwrap, helpers included

mod core_support;

use core_support::{global_token, now, org, token};
use pat_pilot::core::audit::{
    file_name, to_csv, to_json, AuditOrg, AuditRow, AuditStatus, CSV_COLUMNS,
};
use pat_pilot::core::expiry::Policy;
use pat_pilot::core::token::{NewToken, Secret, Token};
use proptest::prelude::*;
use time::Duration;
use uuid::Uuid;

const HEADER: &str = "name,organization,scopes,created,expires,status,id,organization_id\r\n";

fn contoso_id() -> Uuid {
    Uuid::from_u128(7)
}

fn named(t: &Token) -> AuditOrg {
    AuditOrg::of(t, |id| (id == contoso_id()).then(|| org("contoso")))
}

fn row(t: &Token) -> AuditRow {
    AuditRow::new(t, named(t), now(), &Policy::default())
}

/// A strict RFC 4180 reader, for the tests: records of fields, CRLF between records.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut at_start = true;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
                continue;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                at_start = true;
                continue;
            }
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR outside quotes");
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_start = true;
                continue;
            }
            '\n' => panic!("a bare LF outside quotes"),
            '"' => panic!("a quote inside an unquoted field"),
            _ => field.push(c),
        }
        at_start = false;
    }
    assert!(
        field.is_empty() && record.is_empty(),
        "the last record ends with CRLF"
    );
    records
}

#[test]
fn csv_has_a_header_and_one_record_per_token() {
    let mut t = token(1, Duration::days(30));
    t.name = "Git · laptop".into();
    t.scopes = pat_pilot::core::token::Scopes::parse("vso.code_write vso.packaging");
    let csv = to_csv(&[row(&t)]);
    assert!(csv.starts_with(HEADER));
    let records = parse_csv(&csv);
    assert_eq!(records[0], CSV_COLUMNS.to_vec());
    assert_eq!(
        records[1],
        vec![
            "Git · laptop",
            "contoso",
            "vso.code_write vso.packaging",
            "2026-05-31T12:00:00Z",
            "2026-07-01T12:00:00Z",
            "active",
            &t.id.to_string(),
            "00000000-0000-0000-0000-000000000007",
        ]
    );
    assert_eq!(to_csv(&[]), HEADER, "no tokens: the header alone");
}

#[test]
fn statuses_follow_the_token_at_the_moment_of_export() {
    let mut revoked = token(5, Duration::days(30));
    revoked.revoked = true;
    let cases = [
        (token(1, Duration::days(60)), AuditStatus::Active),
        (token(2, Duration::days(3)), AuditStatus::Expiring),
        (token(3, -Duration::days(1)), AuditStatus::Expired),
        (revoked, AuditStatus::Revoked),
    ];
    for (t, status) in cases {
        assert_eq!(row(&t).status(), status, "{}", t.name);
    }
    // After 2026-12-01 a global token is retired.
    let global = global_token(6, Duration::days(400));
    let after = time::macros::datetime!(2026-12-03 00:00:00 UTC);
    let retired = AuditRow::new(&global, AuditOrg::All, after, &Policy::default());
    assert_eq!(retired.status(), AuditStatus::Retired);
}

#[test]
fn organizations_are_named_when_known_and_shown_by_id_when_not() {
    let known = token(1, Duration::days(30));
    let mut unknown = token(2, Duration::days(30));
    unknown.target_accounts = Some(vec![Uuid::from_u128(99)]);
    let global = global_token(3, Duration::days(30));
    let records = parse_csv(&to_csv(&[row(&known), row(&unknown), row(&global)]));
    let orgs: Vec<(&str, &str)> = records[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[7].as_str()))
        .collect();
    assert_eq!(
        orgs,
        vec![
            ("contoso", "00000000-0000-0000-0000-000000000007"),
            (
                "00000000-0000-0000-0000-000000000063",
                "00000000-0000-0000-0000-000000000063"
            ),
            ("all", ""),
        ]
    );
}

#[test]
fn names_a_spreadsheet_would_run_are_exported_as_text() {
    let names = [
        (
            "=HYPERLINK(\"https://evil.example\",\"click\")",
            "'=HYPERLINK(\"https://evil.example\",\"click\")",
        ),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-1+1", "'-1+1"),
        ("@SUM(1,2)", "'@SUM(1,2)"),
        ("line\nbreak, \"quoted\"", "line\nbreak, \"quoted\""),
    ];
    for (name, cell) in names {
        let mut t = token(1, Duration::days(30));
        t.name = name.into();
        let records = parse_csv(&to_csv(&[row(&t)]));
        assert_eq!(records.len(), 2, "{name:?}");
        assert_eq!(records[1][0], cell, "{name:?}");
    }
}

#[test]
fn json_is_a_versioned_document_with_values_as_they_are() {
    let mut t = token(1, Duration::days(30));
    t.name = "=not a formula here".into();
    let global = global_token(2, Duration::days(30));
    let text = to_json(&[row(&t), row(&global)], now());
    assert!(text.ends_with('\n'));
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["format"], "pat-pilot/tokens");
    assert_eq!(value["version"], 1);
    assert_eq!(value["exportedAt"], "2026-06-01T12:00:00Z");
    assert_eq!(
        value["tokens"][0],
        serde_json::json!({
            "name": "=not a formula here",
            "organization": "contoso",
            "organizationId": "00000000-0000-0000-0000-000000000007",
            "scopes": ["vso.code"],
            "created": "2026-05-31T12:00:00Z",
            "expires": "2026-07-01T12:00:00Z",
            "status": "active",
            "id": t.id.to_string(),
        })
    );
    assert_eq!(value["tokens"][1]["organization"], "all");
    assert_eq!(
        value["tokens"][1]["organizationId"],
        serde_json::Value::Null
    );
}

#[test]
fn an_export_never_holds_the_secret_of_a_token_just_created() {
    // Only `NewToken` carries a secret; an export takes `Token`s, so it cannot reach it.
    let created = NewToken {
        token: token(1, Duration::days(30)),
        secret: Secret::new("sEcReTsEcReTsEcReT0123456789"),
    };
    let rows = [row(&created.token)];
    assert!(!to_csv(&rows).contains(created.secret.expose()));
    assert!(!to_json(&rows, now()).contains(created.secret.expose()));
}

#[test]
fn file_names_say_what_and_when() {
    assert_eq!(
        file_name(Some(&org("contoso")), now(), "csv"),
        "pat-pilot-tokens-contoso-2026-06-01.csv"
    );
    assert_eq!(
        file_name(None, now(), "json"),
        "pat-pilot-tokens-all-2026-06-01.json"
    );
}

proptest! {
    #[test]
    fn any_name_survives_the_csv_as_one_field(name in "\\PC*", extra in "[,\"\r\n=+@\t-]{0,4}") {
        let name = format!("{extra}{name}");
        let mut t = token(1, Duration::days(30));
        t.name = name.clone();
        let records = parse_csv(&to_csv(&[row(&t), row(&t)]));
        prop_assert_eq!(records.len(), 3);
        let defused = name.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let expected = if defused { format!("'{name}") } else { name.clone() };
        prop_assert_eq!(&records[1][0], &expected);
        prop_assert_eq!(&records[2][0], &expected);
        prop_assert!(records.iter().all(|r| r.len() == CSV_COLUMNS.len()));
    }
}
