//! A token's scopes as typed data a person can read once the views word it:
//! `"vso.code_write vso.packaging"` → `[Code: Read & write, Packaging: Read]`; and the check
//! that flags full access and high-privilege scopes.

use serde::Serialize;

use super::{catalog, Catalog, FULL_ACCESS};
use crate::core::token::Scopes;

/// One line of a summary. From the embedded catalog, `'c` is `'static`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ScopeEntry<'c> {
    /// A catalog scope: its group and level as the token page words them.
    Known {
        id: &'c str,
        group: &'c str,
        level: &'c str,
        high_privilege: bool,
    },
    /// A scope the catalog does not know, kept verbatim.
    Unknown { id: String },
}

/// Summarizes scopes in the token page's order, leaving out what another held scope already
/// includes (`vso.code vso.code_write` reads as "Code: Read & write"); with full access, the
/// other catalog scopes add nothing and are left out too. Unknown scopes come last, verbatim.
pub fn summarize(scopes: &Scopes) -> Vec<ScopeEntry<'static>> {
    summarize_with(catalog(), scopes)
}

/// [`summarize`] over a given catalog.
pub fn summarize_with<'c>(catalog: &'c Catalog, scopes: &Scopes) -> Vec<ScopeEntry<'c>> {
    let held: Vec<&str> = scopes.ids().iter().map(String::as_str).collect();
    let full = held.contains(&FULL_ACCESS);
    let mut entries: Vec<ScopeEntry<'c>> = catalog
        .scopes()
        .filter(|s| held.contains(&s.id.as_str()))
        .filter(|s| !full || s.is_full_access())
        .filter(|s| !held.iter().any(|other| catalog.implies(other, &s.id)))
        .map(|s| ScopeEntry::Known {
            id: &s.id,
            group: &s.group,
            level: &s.label,
            high_privilege: s.high_privilege,
        })
        .collect();
    entries.extend(
        held.iter()
            .filter(|id| !catalog.contains(id))
            .map(|id| ScopeEntry::Unknown {
                id: (*id).to_owned(),
            }),
    );
    entries
}

/// What deserves a warning before creating (or while showing) a token.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivilegeCheck {
    /// The scopes hold `app_token`.
    pub full_access: bool,
    /// The held catalog scopes Microsoft marks high privilege (full access excluded), in
    /// catalog order.
    pub high_privilege: Vec<String>,
}

impl PrivilegeCheck {
    /// Full access or any high-privilege scope.
    pub fn is_elevated(&self) -> bool {
        self.full_access || !self.high_privilege.is_empty()
    }
}

/// Flags full access and high-privilege scopes.
pub fn check_privilege(scopes: &Scopes) -> PrivilegeCheck {
    let catalog = catalog();
    let held = scopes.ids();
    PrivilegeCheck {
        full_access: held.iter().any(|id| id == FULL_ACCESS),
        high_privilege: catalog
            .scopes()
            .filter(|s| s.high_privilege && !s.is_full_access())
            .filter(|s| held.contains(&s.id))
            .map(|s| s.id.clone())
            .collect(),
    }
}
