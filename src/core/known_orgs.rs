//! The organizations the person uses on this machine, most recent first: what the watcher
//! checks and the popup offers. `storage.local` under [`KNOWN_ORGS_KEY`]:
//! `{"v":1,"orgs":[{"name":"contoso","hostStyle":"modern","lastUsed":"2026-…Z"}]}`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::core::org::{HostStyle, OrgName};
use crate::core::record::{self, Loaded, Versioned};
use crate::ports::{Area, Store, StoreError};

pub const KNOWN_ORGS_KEY: &str = "orgs";
pub const KNOWN_ORGS_AREA: Area = Area::Local;
/// The oldest organizations beyond this many are forgotten.
pub const MAX_KNOWN_ORGS: usize = 20;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownOrg {
    pub name: OrgName,
    #[serde(default)]
    pub host_style: HostStyle,
    #[serde(with = "crate::core::rfc3339::serde")]
    pub last_used: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct KnownOrgs {
    /// Most recently used first.
    pub orgs: Vec<KnownOrg>,
}

impl Versioned for KnownOrgs {
    const VERSION: u32 = 1;
}

impl KnownOrgs {
    /// Records a use of `org` now: it moves to the front, with its latest host style.
    pub fn touch(&mut self, org: OrgName, host_style: HostStyle, now: OffsetDateTime) {
        self.orgs.retain(|known| known.name != org);
        self.orgs.insert(
            0,
            KnownOrg {
                name: org,
                host_style,
                last_used: now,
            },
        );
        self.orgs.truncate(MAX_KNOWN_ORGS);
    }

    pub fn forget(&mut self, org: &OrgName) {
        self.orgs.retain(|known| &known.name != org);
    }

    pub fn get(&self, org: &OrgName) -> Option<&KnownOrg> {
        self.orgs.iter().find(|known| &known.name == org)
    }
}

pub async fn load<S: Store>(
    store: &S,
    now: OffsetDateTime,
) -> Result<Loaded<KnownOrgs>, StoreError> {
    record::load(store, KNOWN_ORGS_AREA, KNOWN_ORGS_KEY, now).await
}

pub async fn save<S: Store>(store: &S, orgs: &KnownOrgs) -> Result<(), StoreError> {
    record::save(store, KNOWN_ORGS_AREA, KNOWN_ORGS_KEY, orgs).await
}
