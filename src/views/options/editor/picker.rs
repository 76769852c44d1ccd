//! The scope picker, grouped like Azure DevOps' token page: groups in the catalog's order; in
//! each group the levels that include one another as one radio choice (None / Read /
//! Read & write / …) and the independent levels as checkboxes; every level with its `vso.*` id
//! and, when Microsoft marks it so, "High privilege". A search finds scopes by label, group,
//! id, official name, description or keyword (the core's `search`).
//!
//! [`structure`] is what the painter builds once per editor; [`view`] is what follows from the
//! draft — what is checked, which groups show, notes and matches.

use crate::core::scopes::picker::{picker_groups, search, PickerGroup};
use crate::core::scopes::{catalog, InUi, ScopeInfo, FULL_ACCESS};
use crate::core::token::Scopes;
use crate::views::words::{self, Text};

/// The groups the picker offers, with their index in `picker_groups()` (full access is the
/// separate "Full access" choice).
pub fn groups() -> Vec<(usize, PickerGroup<'static>)> {
    picker_groups()
        .into_iter()
        .enumerate()
        .filter(|(_, g)| !levels(g).any(|s| s.id == FULL_ACCESS))
        .collect()
}

fn levels<'g>(group: &'g PickerGroup<'static>) -> impl Iterator<Item = &'static ScopeInfo> + 'g {
    group.ladder.iter().chain(group.independent.iter()).copied()
}

/// Shown before "Show all scopes": groups with a level the token page is known to offer.
fn is_common(group: &PickerGroup<'static>) -> bool {
    levels(group).any(|s| s.in_ui == InUi::Yes)
}

/// Levels Microsoft no longer offers are left out, unless the preset holds them.
fn offered(scope: &ScopeInfo, held: &[String]) -> bool {
    scope.in_ui != InUi::No || held.contains(&scope.id)
}

/// One level's control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub id: &'static str,
    pub label: &'static str,
    pub high_privilege: bool,
}

/// A group's controls, built once per editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupControls {
    pub index: usize,
    pub name: &'static str,
    /// One radio choice, after "None".
    pub ladder: Vec<Level>,
    /// Checkboxes.
    pub independent: Vec<Level>,
}

fn level(s: &'static ScopeInfo) -> Level {
    Level {
        id: &s.id,
        label: &s.label,
        high_privilege: s.high_privilege,
    }
}

/// The groups and levels the picker offers to a preset holding `held` when the editor opens.
pub fn structure(held: &[String]) -> Vec<GroupControls> {
    groups()
        .into_iter()
        .filter_map(|(index, group)| {
            let ladder: Vec<Level> = group
                .ladder
                .iter()
                .filter(|s| offered(s, held))
                .map(|s| level(s))
                .collect();
            let independent: Vec<Level> = group
                .independent
                .iter()
                .filter(|s| offered(s, held))
                .map(|s| level(s))
                .collect();
            (!ladder.is_empty() || !independent.is_empty()).then_some(GroupControls {
                index,
                name: group.name,
                ladder,
                independent,
            })
        })
        .collect()
}

/// What the picker shows for a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct PickerView {
    pub groups: Vec<GroupView>,
    /// "3 groups match", when searching.
    pub count: Option<Text>,
    /// "Show all scopes" / "Show fewer scopes" and whether all are shown; none while searching.
    pub show_all: Option<(Text, bool)>,
    /// "Selected: Code: Read & write".
    pub selected: Text,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupView {
    pub index: usize,
    pub visible: bool,
    /// The chosen ladder level (`None`: "None"), when the group has a ladder.
    pub rung: Option<Option<&'static str>>,
    /// The independent levels and whether each is held.
    pub checked: Vec<(&'static str, bool)>,
    /// The levels the search matched.
    pub matched: Vec<&'static str>,
    /// What a chosen level grants within the group beyond what is ticked.
    pub note: Option<Text>,
    /// The matched levels, with their descriptions.
    pub matches: Vec<Match>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub label: &'static str,
    pub id: &'static str,
    pub description: &'static str,
}

/// The picker for scopes `held` (the draft's), the search `query`, all groups or the common.
pub fn view(held: &[String], query: &str, show_all: bool) -> PickerView {
    let scopes = Scopes::from_ids(held);
    let held = scopes.ids();
    let query = query.trim();
    let matches: Option<Vec<&'static str>> =
        (!query.is_empty()).then(|| search(query).iter().map(|s| s.id.as_str()).collect());
    let catalog = catalog();
    let mut shown_groups = 0;
    let mut groups_view = Vec::new();
    for (index, group) in groups() {
        let shown: Vec<&'static ScopeInfo> = levels(&group).filter(|s| offered(s, held)).collect();
        if shown.is_empty() {
            continue;
        }
        let matched: Vec<&'static ScopeInfo> = match &matches {
            Some(m) => shown
                .iter()
                .copied()
                .filter(|s| m.contains(&s.id.as_str()))
                .collect(),
            None => Vec::new(),
        };
        let visible = match &matches {
            Some(_) => !matched.is_empty(),
            None => show_all || is_common(&group) || shown.iter().any(|s| held.contains(&s.id)),
        };
        if visible {
            shown_groups += 1;
        }
        let rung =
            (!group.ladder.is_empty()).then(|| group.selected_rung(&scopes).map(|r| r.id.as_str()));
        let checked = group
            .independent
            .iter()
            .map(|s| (s.id.as_str(), held.contains(&s.id)))
            .collect();

        let rung_position = group
            .selected_rung(&scopes)
            .and_then(|r| group.ladder.iter().position(|s| s.id == r.id));
        let notes: Vec<Text> = shown
            .iter()
            .filter(|level| !held.contains(&level.id))
            .filter(|level| {
                let on_ladder = group.ladder.iter().position(|s| s.id == level.id);
                !matches!((on_ladder, rung_position), (Some(p), Some(r)) if p <= r)
            })
            .filter_map(|level| {
                let by: Vec<&str> = shown
                    .iter()
                    .filter(|holder| held.contains(&holder.id))
                    .filter(|holder| catalog.implies(&holder.id, &level.id))
                    .map(|holder| holder.label.as_str())
                    .collect();
                (!by.is_empty()).then(|| {
                    Text::with(
                        "options_scope_included",
                        [
                            Text::plain(&level.label),
                            Text::plain(&level.id),
                            Text::plain(by.join(", ")),
                        ],
                    )
                })
            })
            .collect();
        groups_view.push(GroupView {
            index,
            visible,
            rung,
            checked,
            matched: matched.iter().map(|s| s.id.as_str()).collect(),
            note: (!notes.is_empty()).then_some(Text::Joined(notes, " ")),
            matches: matched
                .iter()
                .map(|s| Match {
                    label: &s.label,
                    id: &s.id,
                    description: &s.description,
                })
                .collect(),
        });
    }
    let count = matches.as_ref().map(|_| match shown_groups {
        0 => Text::with("options_scope_no_match", [Text::plain(query)]),
        1 => Text::key("options_scope_match_one"),
        n => Text::with("options_scope_matches", [Text::number(n)]),
    });
    let show_all = matches.is_none().then(|| {
        let label = if show_all {
            "options_scope_show_fewer"
        } else {
            "options_scope_show_all"
        };
        (Text::key(label), show_all)
    });
    let selected = if scopes.is_empty() {
        Text::key("options_scope_selected_none")
    } else {
        Text::with("options_scope_selected", [words::scopes(&scopes)])
    };
    PickerView {
        groups: groups_view,
        count,
        show_all,
        selected,
    }
}
