//! An import under way, and what its panel shows.

use crate::core::transfer::{ImportPreview, MatchedBy};
use crate::views::words::{self, Text};

/// The file an export writes.
pub const EXPORT_FILE: &str = "pat-pilot-presets.json";

/// A file being imported.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub file_name: String,
    /// The file's bytes, once read.
    pub bytes: Vec<u8>,
    /// What importing it would do, or why it cannot be imported (`None` while it is read).
    pub outcome: Option<Result<ImportPreview, Text>>,
    /// Why confirming did not write.
    pub problem: Option<Text>,
}

/// What the import panel shows.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportView {
    /// The file is being read.
    Reading {
        title: Text,
    },
    /// The file cannot be imported: why.
    Refused {
        title: Text,
        why: Text,
    },
    Preview(PreviewView),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreviewView {
    pub title: Text,
    pub summary: Text,
    /// Each group (`import-added`, …): its title and its items.
    pub groups: Vec<Group>,
    pub note: Option<Text>,
    /// "Import 3 presets", when there is something to write.
    pub confirm: Option<Text>,
    pub problem: Option<Text>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub id: &'static str,
    pub title: Text,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A name in bold, then " — " and what to know.
    Named {
        name: String,
        detail: Text,
    },
    /// Who (by position, name or id), then every reason.
    Rejected {
        who: Text,
        reasons: Vec<Text>,
    },
    Plain(Text),
}

fn count(n: usize) -> Text {
    Text::number(n)
}

pub fn view(import: &Import) -> ImportView {
    let title = Text::with("options_import_title", [Text::plain(&import.file_name)]);
    let preview = match &import.outcome {
        None => return ImportView::Reading { title },
        Some(Err(why)) => {
            return ImportView::Refused {
                title,
                why: Text::with("options_import_refused", [why.clone()]),
            }
        }
        Some(Ok(p)) => p,
    };
    let p = preview;
    let summary = Text::with(
        "options_import_summary",
        [
            count(p.added.len()),
            count(p.replaced.len()),
            count(p.unchanged.len()),
            count(p.rejected.len()),
        ],
    );
    let mut groups = Vec::new();
    if !p.added.is_empty() {
        groups.push(Group {
            id: "import-added",
            title: Text::with("options_import_added", [count(p.added.len())]),
            items: p
                .added
                .iter()
                .map(|preset| Item::Named {
                    name: preset.name().to_owned(),
                    detail: words::scopes(preset.scopes()),
                })
                .collect(),
        });
    }
    if !p.replaced.is_empty() {
        groups.push(Group {
            id: "import-replaced",
            title: Text::with("options_import_replaced", [count(p.replaced.len())]),
            items: p
                .replaced
                .iter()
                .map(|r| Item::Named {
                    name: r.preset.name().to_owned(),
                    detail: Text::Joined(
                        r.replaces
                            .iter()
                            .map(|x| {
                                let key = match x.by {
                                    MatchedBy::Id => "options_import_by_id",
                                    MatchedBy::Name => "options_import_by_name",
                                };
                                Text::with(key, [Text::plain(&x.name)])
                            })
                            .collect(),
                        "; ",
                    ),
                })
                .collect(),
        });
    }
    if !p.rejected.is_empty() {
        groups.push(Group {
            id: "import-rejected",
            title: Text::with("options_import_rejected", [count(p.rejected.len())]),
            items: p
                .rejected
                .iter()
                .map(|r| {
                    let nth = Text::number(r.index + 1);
                    let who = match (&r.name, &r.id) {
                        (Some(name), _) => {
                            Text::with("options_import_named", [nth, Text::plain(name)])
                        }
                        (None, Some(id)) => {
                            Text::with("options_import_named", [nth, Text::plain(id)])
                        }
                        (None, None) => Text::with("options_import_nth", [nth]),
                    };
                    Item::Rejected {
                        who,
                        reasons: r
                            .problems
                            .iter()
                            .map(words::preset_problem_in_field)
                            .collect(),
                    }
                })
                .collect(),
        });
    }
    if !p.quota.is_empty() {
        groups.push(Group {
            id: "import-quota",
            title: Text::key("options_import_quota"),
            items: p
                .quota
                .iter()
                .map(|q| Item::Plain(words::quota_problem(q)))
                .collect(),
        });
    }
    let writable = p.has_changes() && p.quota.is_empty();
    let note = if !p.has_changes() {
        Some(Text::key("options_import_nothing"))
    } else if !p.rejected.is_empty() && p.quota.is_empty() {
        Some(match p.rejected.len() {
            1 => Text::key("options_import_skips_one"),
            n => Text::with("options_import_skips", [count(n)]),
        })
    } else {
        None
    };
    let confirm = writable.then(|| match p.added.len() + p.replaced.len() {
        1 => Text::key("options_import_confirm_one"),
        n => Text::with("options_import_confirm", [count(n)]),
    });
    ImportView::Preview(PreviewView {
        title,
        summary,
        groups,
        note,
        confirm,
        problem: import
            .problem
            .as_ref()
            .map(|why| Text::with("options_import_failed", [why.clone()])),
    })
}
