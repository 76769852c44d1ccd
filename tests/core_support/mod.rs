//! Helpers shared by the `core_*` tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use pat_pilot::core::org::OrgName;
use pat_pilot::core::preset::{CopyAsDraft, OrgsDraft, Preset, PresetDraft};
use pat_pilot::core::token::{AuthorizationId, Scopes, Token};
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

/// 2026-06-01T12:00:00Z, a fixed "now".
pub fn now() -> OffsetDateTime {
    time::macros::datetime!(2026-06-01 12:00:00 UTC)
}

pub fn org(name: &str) -> OrgName {
    OrgName::parse(name).expect("valid org")
}

pub fn id(n: u128) -> AuthorizationId {
    AuthorizationId::new(Uuid::from_u128(n + 1))
}

/// An organization-scoped token expiring `valid_for` after [`now`].
pub fn token(n: u128, valid_for: Duration) -> Token {
    Token {
        id: id(n),
        name: format!("token {n}"),
        scopes: Scopes::parse("vso.code"),
        valid_from: now() - Duration::days(1),
        valid_to: now() + valid_for,
        target_accounts: Some(vec![Uuid::from_u128(7)]),
        revoked: false,
    }
}

/// A global (all organizations) token expiring `valid_for` after [`now`].
pub fn global_token(n: u128, valid_for: Duration) -> Token {
    Token {
        target_accounts: None,
        ..token(n, valid_for)
    }
}

pub fn draft(id: &str, name: &str, scopes: &[&str]) -> PresetDraft {
    PresetDraft {
        id: id.to_owned(),
        name: name.to_owned(),
        scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        lifetime_days: 30,
        name_template: "{preset} · {date}".to_owned(),
        orgs: OrgsDraft::All,
        copy_as: CopyAsDraft::default(),
    }
}

pub fn preset(id: &str, name: &str, scopes: &[&str]) -> Preset {
    draft(id, name, scopes).validate().expect("valid preset")
}

/// Drives a future to completion (the ports are single-threaded).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    pollster::block_on(future)
}
