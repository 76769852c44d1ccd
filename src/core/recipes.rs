//! Built-in recipes: starting points for presets, each with a one-line purpose.
//!
//! Words live at the edge: a recipe carries `_locales` message keys for its name and purpose,
//! never English text. Every recipe's scopes are catalog scopes (a test checks).

use serde::{Deserialize, Serialize};

use crate::core::preset::{CopyAsDraft, OrgsDraft, Preset, PresetDraft, PresetId, PresetProblem};
use crate::core::template::DEFAULT_TEMPLATE;

/// A recipe's fixed id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecipeId {
    /// Git clone and push over HTTPS.
    Git,
    /// Restore packages from feeds (npm, NuGet, Maven, PyPI…).
    FeedsRead,
    /// Publish packages to feeds.
    FeedsPublish,
    /// Register a self-hosted agent.
    Agent,
    /// Read code, work items, builds and releases.
    ReadOnly,
    /// Publish VS Code extensions with `vsce`.
    MarketplacePublish,
}

impl RecipeId {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipeId::Git => "git",
            RecipeId::FeedsRead => "feeds-read",
            RecipeId::FeedsPublish => "feeds-publish",
            RecipeId::Agent => "agent",
            RecipeId::ReadOnly => "read-only",
            RecipeId::MarketplacePublish => "marketplace-publish",
        }
    }
}

/// Something to know before using a recipe, worded by the views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RecipeNote {
    /// `vsce` has historically required a token for all organizations; whether an
    /// organization-scoped token (what PAT Pilot creates) works is unverified.
    MarketplaceAllOrganizations,
}

impl RecipeNote {
    pub fn message_key(self) -> &'static str {
        match self {
            RecipeNote::MarketplaceAllOrganizations => "recipe_note_marketplace_all_orgs",
        }
    }
}

/// A built-in recipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipe {
    pub id: RecipeId,
    pub scopes: &'static [&'static str],
    pub lifetime_days: u16,
    /// `_locales` key of the recipe's short name ("Git clone/push").
    pub name_key: &'static str,
    /// `_locales` key of its one-line purpose.
    pub purpose_key: &'static str,
    pub note: Option<RecipeNote>,
}

/// Every recipe, in the order the options page offers them.
pub const RECIPES: [Recipe; 6] = [
    Recipe {
        id: RecipeId::Git,
        scopes: &["vso.code_write"],
        lifetime_days: 30,
        name_key: "recipe_git_name",
        purpose_key: "recipe_git_purpose",
        note: None,
    },
    Recipe {
        id: RecipeId::FeedsRead,
        scopes: &["vso.packaging"],
        lifetime_days: 90,
        name_key: "recipe_feeds_read_name",
        purpose_key: "recipe_feeds_read_purpose",
        note: None,
    },
    Recipe {
        id: RecipeId::FeedsPublish,
        scopes: &["vso.packaging_write"],
        lifetime_days: 30,
        name_key: "recipe_feeds_publish_name",
        purpose_key: "recipe_feeds_publish_purpose",
        note: None,
    },
    Recipe {
        id: RecipeId::Agent,
        // Registering an agent is the only use of the token: a short life is enough.
        scopes: &["vso.agentpools_manage"],
        lifetime_days: 7,
        name_key: "recipe_agent_name",
        purpose_key: "recipe_agent_purpose",
        note: None,
    },
    Recipe {
        id: RecipeId::ReadOnly,
        scopes: &["vso.code", "vso.work", "vso.build", "vso.release"],
        lifetime_days: 7,
        name_key: "recipe_read_only_name",
        purpose_key: "recipe_read_only_purpose",
        note: None,
    },
    Recipe {
        id: RecipeId::MarketplacePublish,
        scopes: &["vso.gallery_manage"],
        lifetime_days: 30,
        name_key: "recipe_marketplace_publish_name",
        purpose_key: "recipe_marketplace_publish_purpose",
        note: Some(RecipeNote::MarketplaceAllOrganizations),
    },
];

pub fn recipe(id: RecipeId) -> &'static Recipe {
    match id {
        RecipeId::Git => &RECIPES[0],
        RecipeId::FeedsRead => &RECIPES[1],
        RecipeId::FeedsPublish => &RECIPES[2],
        RecipeId::Agent => &RECIPES[3],
        RecipeId::ReadOnly => &RECIPES[4],
        RecipeId::MarketplacePublish => &RECIPES[5],
    }
}

impl Recipe {
    /// A draft preset from this recipe, for the editor (the person names it).
    pub fn draft(&self, id: PresetId, name: &str) -> PresetDraft {
        PresetDraft {
            id: id.as_str().to_owned(),
            name: name.to_owned(),
            scopes: self.scopes.iter().map(|s| (*s).to_owned()).collect(),
            lifetime_days: i64::from(self.lifetime_days),
            name_template: DEFAULT_TEMPLATE.to_owned(),
            orgs: OrgsDraft::All,
            copy_as: CopyAsDraft::default(),
        }
    }

    /// A preset from this recipe.
    pub fn preset(&self, id: PresetId, name: &str) -> Result<Preset, Vec<PresetProblem>> {
        self.draft(id, name).validate()
    }
}

/// The presets a first run starts with: recipe, fixed preset id, lifetime in days. Fixed ids
/// make two browsers that seed at once write the same keys, so sync does not duplicate them.
pub const SEEDED: [(RecipeId, &str, u16); 3] = [
    (RecipeId::Git, "builtin-git", 30),
    (RecipeId::FeedsRead, "builtin-feeds-read", 90),
    (RecipeId::ReadOnly, "builtin-read-only", 7),
];
