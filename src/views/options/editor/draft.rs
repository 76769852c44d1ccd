//! The editor's draft as kept in `storage.local` under [`DRAFT_KEY`] (it holds no secret).

use serde::{Deserialize, Serialize};

use super::model::Editor;
use crate::core::preset::{CopyAsDraft, OrgsDraft, PresetDraft};
use crate::core::record::Versioned;

/// The unsaved draft, in `storage.local`.
pub const DRAFT_KEY: &str = "options-draft";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredDraft {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub lifetime_days: i64,
    pub name_template: String,
    pub all_orgs: bool,
    /// The listed organizations (kept while "All organizations" is chosen).
    pub orgs: Vec<String>,
    /// A preset not yet stored when the draft was kept.
    pub is_new: bool,
    /// Drafts kept before "Copy as…" existed have none: copy as is.
    #[serde(default)]
    pub copy_as: CopyAsDraft,
}

impl Versioned for StoredDraft {
    const VERSION: u32 = 1;
}

impl StoredDraft {
    pub fn of(ed: &Editor) -> Self {
        let d = &ed.draft;
        let (all_orgs, orgs) = match &d.orgs {
            OrgsDraft::All => (true, ed.custom_orgs.clone()),
            OrgsDraft::Only(list) => (false, list.clone()),
        };
        Self {
            id: d.id.clone(),
            name: d.name.clone(),
            scopes: d.scopes.clone(),
            lifetime_days: d.lifetime_days,
            name_template: d.name_template.clone(),
            all_orgs,
            orgs,
            is_new: ed.original.is_none(),
            copy_as: d.copy_as.clone(),
        }
    }

    pub fn draft(&self) -> PresetDraft {
        PresetDraft {
            id: self.id.clone(),
            name: self.name.clone(),
            scopes: self.scopes.clone(),
            lifetime_days: self.lifetime_days,
            name_template: self.name_template.clone(),
            orgs: if self.all_orgs {
                OrgsDraft::All
            } else {
                OrgsDraft::Only(self.orgs.clone())
            },
            copy_as: self.copy_as.clone(),
        }
    }
}
