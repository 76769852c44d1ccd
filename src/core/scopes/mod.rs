//! The catalog of Azure DevOps PAT scopes, compiled into the crate.
//!
//! The facts come from `data/scopes.json` (a copy of the project's reference catalog; see
//! `data/README.md` for its sources). `build.rs` transcribes it into static tables that
//! [`catalog`] indexes on first use: parsing the JSON at run time cost the popup's module
//! 37 KB of text plus the parser's code for it, and its first paint the parse.
//!
//! - [`catalog`] gives the parsed catalog: scopes in the token page's group order, their levels,
//!   official names and descriptions, the high-privilege flag, and which scopes each includes.
//! - [`summary`] turns a token's scopes into typed entries the views word.
//! - [`picker`] shapes the catalog for the options page's scope picker and searches it.

// The options page alone shows a scope's official name and description and offers the picker:
// the popup's and the worker's modules carry neither (11 KB of text).
#[cfg(feature = "options")]
pub mod picker;
pub mod summary;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The scope that means "Full access".
pub const FULL_ACCESS: &str = "app_token";

const CATALOG_JSON: &str = include_str!("../../../data/scopes.json");

/// Whether the token page offers a scope (see the reference catalog's `inUi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InUi {
    /// A public source shows the token page offering it.
    Yes,
    /// An official public scope, not yet seen on the token page.
    Probably,
    /// Microsoft marks it "no longer public".
    No,
}

/// One scope of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeInfo {
    /// The string sent to Azure DevOps (`vso.code_write`).
    pub id: String,
    /// The token page's group ("Code").
    pub group: String,
    /// The level within the group, as the token page words it ("Read & write").
    pub label: String,
    /// Microsoft's official name ("Code (read and write)").
    #[cfg(feature = "options")]
    pub name: String,
    /// Microsoft's official description.
    #[cfg(feature = "options")]
    pub description: String,
    pub high_privilege: bool,
    pub in_ui: InUi,
    /// The scopes this one includes directly (Microsoft's "Inherits from").
    pub includes: Vec<String>,
}

impl ScopeInfo {
    pub fn is_full_access(&self) -> bool {
        self.id == FULL_ACCESS
    }
}

/// A group of the token page, with its scopes in catalog order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    members: Vec<usize>,
}

/// Why the embedded catalog could not be read (checked by a test, so never at run time).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("catalog is not valid JSON: {0}")]
    Json(String),
    #[error("scope {0} appears twice")]
    DuplicateScope(String),
    #[error("scope {scope} is in group {group}, which groupOrder does not list")]
    UnlistedGroup { scope: String, group: String },
    #[error("scope {scope} includes {missing}, which the catalog does not hold")]
    UnknownInclude { scope: String, missing: String },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CatalogFile {
    group_order: Vec<String>,
    scopes: Vec<ScopeInfo>,
}

/// The scope catalog.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    scopes: Vec<ScopeInfo>,
    groups: Vec<Group>,
    by_id: BTreeMap<String, usize>,
    /// For each scope, every scope it includes, directly or through a chain.
    implied: Vec<Vec<usize>>,
}

/// One scope as `build.rs` transcribes it from `data/scopes.json`.
struct Entry {
    id: &'static str,
    group: &'static str,
    label: &'static str,
    #[cfg(feature = "options")]
    name: &'static str,
    #[cfg(feature = "options")]
    description: &'static str,
    high_privilege: bool,
    in_ui: InUi,
    includes: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/scopes.rs"));

/// The embedded catalog, indexed on first use.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    // A test proves the tables pass the checks; an empty catalog is the harmless fallback
    // (every scope then reads as unknown and is shown verbatim).
    CATALOG.get_or_init(|| Catalog::from_tables().unwrap_or_default())
}

/// The embedded catalog text, for the test that checks it and for tools.
pub fn catalog_json() -> &'static str {
    CATALOG_JSON
}

impl Catalog {
    /// Parses and checks a catalog in the reference format.
    pub fn from_json(text: &str) -> Result<Self, CatalogError> {
        let file: CatalogFile =
            serde_json::from_str(text).map_err(|e| CatalogError::Json(e.to_string()))?;
        Self::checked(file)
    }

    /// Checks the tables `build.rs` wrote from `data/scopes.json`.
    fn from_tables() -> Result<Self, CatalogError> {
        let scopes = SCOPES
            .iter()
            .map(|e| ScopeInfo {
                id: e.id.to_owned(),
                group: e.group.to_owned(),
                label: e.label.to_owned(),
                #[cfg(feature = "options")]
                name: e.name.to_owned(),
                #[cfg(feature = "options")]
                description: e.description.to_owned(),
                high_privilege: e.high_privilege,
                in_ui: e.in_ui,
                includes: e.includes.iter().map(|&id| id.to_owned()).collect(),
            })
            .collect();
        let group_order = GROUP_ORDER.iter().map(|&g| g.to_owned()).collect();
        Self::checked(CatalogFile {
            group_order,
            scopes,
        })
    }

    fn checked(file: CatalogFile) -> Result<Self, CatalogError> {
        let mut by_id = BTreeMap::new();
        for (index, scope) in file.scopes.iter().enumerate() {
            if by_id.insert(scope.id.clone(), index).is_some() {
                return Err(CatalogError::DuplicateScope(scope.id.clone()));
            }
        }
        let mut groups: Vec<Group> = file
            .group_order
            .iter()
            .map(|name| Group {
                name: name.clone(),
                members: Vec::new(),
            })
            .collect();
        for (index, scope) in file.scopes.iter().enumerate() {
            let group = groups
                .iter_mut()
                .find(|g| g.name == scope.group)
                .ok_or_else(|| CatalogError::UnlistedGroup {
                    scope: scope.id.clone(),
                    group: scope.group.clone(),
                })?;
            group.members.push(index);
            if let Some(missing) = scope.includes.iter().find(|id| !by_id.contains_key(*id)) {
                return Err(CatalogError::UnknownInclude {
                    scope: scope.id.clone(),
                    missing: missing.clone(),
                });
            }
        }
        groups.retain(|g| !g.members.is_empty());
        let implied = (0..file.scopes.len())
            .map(|start| closure(&file.scopes, &by_id, start))
            .collect();
        Ok(Self {
            scopes: file.scopes,
            groups,
            by_id,
            implied,
        })
    }

    /// Every scope, groups in the token page's order, levels in catalog order within a group.
    pub fn scopes(&self) -> impl Iterator<Item = &ScopeInfo> {
        self.groups
            .iter()
            .flat_map(|g| g.members.iter().map(|&i| &self.scopes[i]))
    }

    pub fn len(&self) -> usize {
        self.scopes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.scopes.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&ScopeInfo> {
        self.by_id.get(id).map(|&i| &self.scopes[i])
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The groups in the token page's order.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// A group's scopes in catalog order.
    pub fn group_scopes<'a>(&'a self, group: &'a Group) -> impl Iterator<Item = &'a ScopeInfo> {
        group.members.iter().map(|&i| &self.scopes[i])
    }

    /// The position of a group in the token page's order.
    pub fn group_position(&self, name: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.name == name)
    }

    /// The position of a scope in [`Catalog::scopes`] order.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.scopes().position(|s| s.id == id)
    }

    /// Every scope that `id` includes, directly or through a chain (not `id` itself).
    /// Full access is outside Microsoft's table, so it implies nothing here: callers that
    /// need "full access covers everything" check [`FULL_ACCESS`] themselves.
    pub fn implied(&self, id: &str) -> Vec<&ScopeInfo> {
        self.by_id
            .get(id)
            .map(|&i| self.implied[i].iter().map(|&j| &self.scopes[j]).collect())
            .unwrap_or_default()
    }

    /// True when holding `holder` grants `other` through Microsoft's "includes" chains.
    pub fn implies(&self, holder: &str, other: &str) -> bool {
        match (self.by_id.get(holder), self.by_id.get(other)) {
            (Some(&h), Some(&o)) => self.implied[h].contains(&o),
            _ => false,
        }
    }
}

/// The transitive closure of `includes` from one scope, in discovery order, cycle-safe.
fn closure(scopes: &[ScopeInfo], by_id: &BTreeMap<String, usize>, start: usize) -> Vec<usize> {
    let mut seen = vec![false; scopes.len()];
    seen[start] = true;
    let mut out = Vec::new();
    let mut stack = vec![start];
    while let Some(current) = stack.pop() {
        for parent in &scopes[current].includes {
            if let Some(&p) = by_id.get(parent) {
                if !seen[p] {
                    seen[p] = true;
                    out.push(p);
                    stack.push(p);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_parses_and_checks() {
        let parsed = Catalog::from_json(CATALOG_JSON);
        assert!(parsed.is_ok(), "{parsed:?}");
    }

    #[test]
    fn the_tables_hold_the_json_catalog() {
        let tables = Catalog::from_tables();
        assert!(tables.is_ok(), "{tables:?}");
        let (Ok(tables), Ok(json)) = (tables, Catalog::from_json(CATALOG_JSON)) else {
            return;
        };
        assert_eq!(tables.scopes, json.scopes);
        assert_eq!(tables.groups, json.groups);
        assert_eq!(tables.implied, json.implied);
        assert_eq!(tables.len(), 86);
    }

    #[test]
    fn a_cycle_in_includes_does_not_loop() {
        let text = r#"{"groupOrder":["G"],"scopes":[
            {"id":"a","group":"G","label":"A","name":"a","description":"","highPrivilege":false,"inUi":"yes","includes":["b"]},
            {"id":"b","group":"G","label":"B","name":"b","description":"","highPrivilege":false,"inUi":"yes","includes":["a"]}]}"#;
        let catalog = Catalog::from_json(text).unwrap_or_default();
        assert!(catalog.implies("a", "b"));
        assert!(catalog.implies("b", "a"));
        assert!(!catalog.implies("a", "a"));
    }

    #[test]
    fn a_catalog_with_an_unknown_include_is_refused() {
        let text = r#"{"groupOrder":["G"],"scopes":[
            {"id":"a","group":"G","label":"A","name":"a","description":"","highPrivilege":false,"inUi":"yes","includes":["zzz"]}]}"#;
        assert!(matches!(
            Catalog::from_json(text),
            Err(CatalogError::UnknownInclude { .. })
        ));
    }
}
