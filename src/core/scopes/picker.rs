//! The catalog shaped for the options page's scope picker, and its search.
//!
//! Within a group, levels linked by Microsoft's `includes` form a *ladder*: one choice among
//! none / Read / Read & write / … (a radio group). Levels off the ladder are *independent*
//! (checkboxes): Code Status, Marketplace Acquire, Notifications Diagnostics, Audit streams.
//! When a group's links branch (Marketplace: Read → Acquire, Read → Publish → Manage), the
//! ladder is the longest chain and the branches are independent.

use super::{catalog, Catalog, ScopeInfo};
use crate::core::token::Scopes;

/// Levels that `includes` links into a chain but the token page offers as checkboxes: the
/// Auditing group shows "Read Audit Log" and "Manage Audit Streams" side by side.
const CHECKBOX_LEVELS: &[&str] = &["vso.auditstreams_manage"];

/// Words people search for that the catalog's own text does not hold. The descriptions
/// already say "feeds" (Packaging); these add the tools people name instead.
const KEYWORDS: &[(&str, &[&str])] = &[
    (
        "vso.packaging",
        &[
            "npm",
            "nuget",
            "maven",
            "pypi",
            "pip",
            "gradle",
            "cargo",
            "artifacts",
            "restore",
        ],
    ),
    (
        "vso.packaging_write",
        &[
            "npm",
            "nuget",
            "maven",
            "pypi",
            "twine",
            "gradle",
            "cargo",
            "artifacts",
            "publish",
        ],
    ),
    ("vso.code", &["git", "repo", "repository", "clone", "pull"]),
    (
        "vso.code_write",
        &["git", "repo", "repository", "clone", "push"],
    ),
    ("vso.gallery_publish", &["vsce", "extension", "vs code"]),
    (
        "vso.gallery_manage",
        &["vsce", "extension", "vs code", "publisher"],
    ),
    ("vso.agentpools_manage", &["agent", "self-hosted", "runner"]),
    ("vso.build", &["pipeline", "ci"]),
    ("vso.build_execute", &["pipeline", "ci", "queue", "run"]),
    ("vso.work", &["boards", "backlog", "issues"]),
    ("vso.work_write", &["boards", "backlog", "issues"]),
];

/// One group of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerGroup<'c> {
    pub name: &'c str,
    /// Levels from lowest to highest; each includes the one before. Empty when the group has
    /// no chain of two or more levels.
    pub ladder: Vec<&'c ScopeInfo>,
    /// Levels chosen on their own, in catalog order.
    pub independent: Vec<&'c ScopeInfo>,
}

impl<'c> PickerGroup<'c> {
    /// The highest ladder level the scopes hold, if any.
    pub fn selected_rung(&self, scopes: &Scopes) -> Option<&'c ScopeInfo> {
        self.ladder
            .iter()
            .rev()
            .find(|s| scopes.ids().contains(&s.id))
            .copied()
    }

    /// The scopes with this group's ladder set to `rung` (`None` clears it); other scopes keep
    /// their order.
    pub fn with_rung(&self, scopes: &Scopes, rung: Option<&str>) -> Scopes {
        let kept = scopes
            .ids()
            .iter()
            .filter(|id| !self.ladder.iter().any(|s| &s.id == *id))
            .map(String::as_str);
        let chosen = rung.filter(|r| self.ladder.iter().any(|s| s.id == *r));
        Scopes::from_ids(kept.chain(chosen))
    }
}

/// The picker's groups, in the token page's order.
pub fn picker_groups() -> Vec<PickerGroup<'static>> {
    picker_groups_of(catalog())
}

/// [`picker_groups`] over a given catalog.
pub fn picker_groups_of(catalog: &Catalog) -> Vec<PickerGroup<'_>> {
    catalog
        .groups()
        .iter()
        .map(|group| {
            let members: Vec<&ScopeInfo> = catalog.group_scopes(group).collect();
            let ladder = longest_chain(&members);
            let independent = members
                .iter()
                .filter(|s| !ladder.iter().any(|l| l.id == s.id))
                .copied()
                .collect();
            PickerGroup {
                name: &group.name,
                ladder,
                independent,
            }
        })
        .collect()
}

/// The longest chain of in-group `includes` links, lowest level first; shorter than two
/// levels is no ladder. Ties go to the chain met first in catalog order.
fn longest_chain<'c>(members: &[&'c ScopeInfo]) -> Vec<&'c ScopeInfo> {
    let linked = |child: &ScopeInfo, parent: &ScopeInfo| {
        child.includes.contains(&parent.id) && !CHECKBOX_LEVELS.contains(&child.id.as_str())
    };
    let roots = members
        .iter()
        .filter(|s| !members.iter().any(|p| linked(s, p)));
    let mut best: Vec<&ScopeInfo> = Vec::new();
    for root in roots {
        let chain = extend(members, vec![*root], &linked);
        if chain.len() > best.len() {
            best = chain;
        }
    }
    if best.len() < 2 {
        best.clear();
    }
    best
}

fn extend<'c>(
    members: &[&'c ScopeInfo],
    chain: Vec<&'c ScopeInfo>,
    linked: &dyn Fn(&ScopeInfo, &ScopeInfo) -> bool,
) -> Vec<&'c ScopeInfo> {
    let Some(last) = chain.last().copied() else {
        return chain;
    };
    let mut best = chain.clone();
    for child in members.iter().filter(|c| linked(c, last)) {
        if chain.iter().any(|s| s.id == child.id) {
            continue; // a cycle: stop here
        }
        let mut longer = chain.clone();
        longer.push(child);
        let candidate = extend(members, longer, linked);
        if candidate.len() > best.len() {
            best = candidate;
        }
    }
    best
}

/// Scopes matching every word of `query`, case-insensitively, in their label, group, id,
/// official name, description or search keywords; catalog order. An empty query matches all.
pub fn search(query: &str) -> Vec<&'static ScopeInfo> {
    search_in(catalog(), query)
}

/// [`search`] over a given catalog.
pub fn search_in<'c>(catalog: &'c Catalog, query: &str) -> Vec<&'c ScopeInfo> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    catalog
        .scopes()
        .filter(|scope| {
            let haystack = haystack(scope);
            words.iter().all(|w| haystack.contains(w.as_str()))
        })
        .collect()
}

fn haystack(scope: &ScopeInfo) -> String {
    let keywords = KEYWORDS
        .iter()
        .filter(|(id, _)| *id == scope.id)
        .flat_map(|(_, words)| words.iter().copied());
    [
        scope.label.as_str(),
        scope.group.as_str(),
        scope.id.as_str(),
        scope.name.as_str(),
        scope.description.as_str(),
    ]
    .into_iter()
    .chain(keywords)
    .collect::<Vec<_>>()
    .join("\n")
    .to_lowercase()
}
