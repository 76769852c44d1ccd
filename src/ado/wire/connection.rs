//! `ConnectionData` (documented: [CONNDATA]); only the fields PAT Pilot reads.

use serde::Deserialize;
use uuid::Uuid;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConnectionData {
    /// "The instance id for this host": the organization id for `targetAccounts`.
    pub instance_id: Option<Uuid>,
    pub authenticated_user: Option<Identity>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Identity {
    /// Kept as text: an identity id that is not a uuid only loses the user, not the call.
    pub id: Option<String>,
    pub provider_display_name: Option<String>,
}

/// `WebPlatformAuth/SessionToken`'s answer: only `token` is known (docs/azure-devops.md §8.2).
#[derive(Deserialize)]
pub(crate) struct WebPlatformSessionToken {
    #[serde(default, deserialize_with = "super::secret")]
    pub token: Option<crate::core::token::Secret>,
}
