//! What the options page knows: the section in front, the stored presets, the organizations
//! this machine knows and what the engine stored about them, and each area's own state.

use serde_json::Value;

use super::diagnostics::model::Diagnostics;
use super::editor::model::Editor;
use super::list::model::List;
use super::settings::model::SettingsArea;
use super::shared::Names;
use super::transfer::model::Import;
use crate::core::known_orgs::KnownOrgs;
use crate::core::org::OrgName;
use crate::core::preset::Preset;
use crate::engine::state::OrgState;

/// The page's sections, each behind a nav link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Presets,
    Settings,
    Diagnostics,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Presets, Section::Settings, Section::Diagnostics];

    /// Its name in the address (`#settings`) and in element ids.
    pub fn slug(self) -> &'static str {
        match self {
            Section::Presets => "presets",
            Section::Settings => "settings",
            Section::Diagnostics => "diagnostics",
        }
    }

    /// The section an address names; the presets by default.
    pub fn from_hash(hash: &str) -> Section {
        let slug = hash.trim_start_matches('#');
        Section::ALL
            .into_iter()
            .find(|s| s.slug() == slug)
            .unwrap_or(Section::Presets)
    }
}

pub struct Model {
    pub section: Section,
    /// The stored presets, in the person's order, as this page last read or wrote them.
    pub presets: Vec<Preset>,
    /// The organizations this machine knows (watched by the check, offered by the editor).
    pub known: KnownOrgs,
    /// What the engine stored for each known organization, in the known order.
    pub org_states: Vec<(OrgName, OrgState)>,
    pub names: Names,
    pub list: List,
    /// The preset being edited, if any (the list is hidden meanwhile).
    pub editor: Option<Editor>,
    /// How many editors were opened: each gets a number, so the painter builds its controls
    /// once per editor.
    pub editors_opened: u32,
    pub import: Option<Import>,
    pub settings: SettingsArea,
    pub diagnostics: Diagnostics,
    /// Bumped by every change of the stored presets: the list reloads once they settle.
    pub stored_changes: u32,
}

/// What the page reads as it opens.
pub struct Start {
    /// The address's `#section`.
    pub hash: String,
    pub presets: Result<crate::core::preset_store::PresetList, crate::ports::StoreError>,
    pub settings: Result<
        crate::core::record::Loaded<crate::core::settings::Settings>,
        crate::ports::StoreError,
    >,
    pub known: KnownOrgs,
    pub org_states: Vec<(OrgName, OrgState)>,
    /// The editor's draft left in `storage.local` by an earlier visit.
    pub draft: Option<Value>,
    pub names: Names,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_address_shows_the_presets() {
        assert_eq!(Section::from_hash("#settings"), Section::Settings);
        assert_eq!(Section::from_hash(""), Section::Presets);
        assert_eq!(Section::from_hash("#nope"), Section::Presets);
    }
}
