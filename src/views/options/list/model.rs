//! The list's state, and what it shows.

use crate::core::preset::{OrgScope, Preset, PresetId};
use crate::core::recipes::{RecipeId, RECIPES};
use crate::core::scopes::summary::check_privilege;
use crate::core::token::Scopes;
use crate::views::options::shared::Notice;
use crate::views::words::{self, Text};

/// How long "Undo" stays offered after a delete.
pub const UNDO_MS: u32 = 8_000;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct List {
    /// Choosing how to start a new preset (the recipes are shown).
    pub adding: bool,
    pub notice: Option<Notice>,
    pub undo: Option<Undo>,
    /// Bumped by every delete: the Undo timer of an earlier one does nothing.
    pub generation: u32,
}

/// A deleted preset that "Undo" can bring back where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Undo {
    pub preset: Preset,
    pub order: Vec<PresetId>,
    pub generation: u32,
}

/// What the list area shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ListView {
    /// The recipes to start from, while adding.
    pub recipes: Option<Vec<RecipeView>>,
    pub status: Status,
    /// The presets, in order (none: the empty state).
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecipeView {
    pub id: RecipeId,
    pub name: Text,
    pub purpose: Text,
    /// "Code: Read & write · 30 days".
    pub detail: Text,
    pub note: Option<Text>,
}

/// The list's status line.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    None,
    /// "Deleted “Git”." with Undo.
    Undo(Text),
    Notice(Notice),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: PresetId,
    pub name: String,
    /// Full access or a high-privilege scope.
    pub elevated: bool,
    pub scopes: Text,
    /// "30 days · All organizations".
    pub meta: Text,
    pub first: bool,
    pub last: bool,
}

/// "All organizations" or "contoso, fabrikam".
pub fn orgs_words(orgs: &OrgScope) -> Text {
    match orgs {
        OrgScope::All => Text::key("options_orgs_all"),
        OrgScope::Only(list) => Text::plain(
            list.iter()
                .map(|o| o.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

pub fn view(list: &List, presets: &[Preset]) -> ListView {
    let recipes = list.adding.then(|| {
        RECIPES
            .iter()
            .map(|r| RecipeView {
                id: r.id,
                name: Text::key(r.name_key),
                purpose: Text::key(r.purpose_key),
                detail: Text::Joined(
                    vec![
                        words::scopes(&Scopes::from_ids(r.scopes.iter())),
                        words::days(u32::from(r.lifetime_days)),
                    ],
                    " · ",
                ),
                note: r.note.map(|n| Text::key(n.message_key())),
            })
            .collect()
    });
    let status = match (&list.undo, &list.notice) {
        (Some(undo), _) => Status::Undo(Text::with(
            "options_deleted",
            [Text::plain(undo.preset.name())],
        )),
        (None, Some(notice)) => Status::Notice(notice.clone()),
        (None, None) => Status::None,
    };
    let count = presets.len();
    let rows = presets
        .iter()
        .enumerate()
        .map(|(i, p)| Row {
            id: p.id().clone(),
            name: p.name().to_owned(),
            elevated: check_privilege(p.scopes()).is_elevated(),
            scopes: words::scopes(p.scopes()),
            meta: Text::Joined(
                vec![
                    words::days(u32::from(p.lifetime_days())),
                    orgs_words(p.orgs()),
                ],
                " · ",
            ),
            first: i == 0,
            last: i + 1 == count,
        })
        .collect();
    ListView {
        recipes,
        status,
        rows,
    }
}
