//! The web UI's JSON: `SessionToken` (defined in the spec), `PagedSessionTokens` (observed) and
//! the `Contribution/HierarchyQuery` request and response (observed; README §2.2, §2.3).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{secret, TokenFields, WireError};
use crate::core::token::{Secret, Token};

/// The data provider that issues a token, as the token page calls it.
pub(crate) const ISSUE_PROVIDER: &str =
    "ms.vss-token-web.personal-access-token-issue-session-token-provider";

/// `SessionToken`: only the fields PAT Pilot reads.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionToken {
    pub authorization_id: Option<Uuid>,
    pub display_name: Option<String>,
    pub scope: Option<String>,
    #[serde(default)]
    pub target_accounts: Option<Vec<Uuid>>,
    #[serde(default, deserialize_with = "secret")]
    pub token: Option<Secret>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    pub is_valid: Option<bool>,
    /// SSH keys share this list (`isPublic: true`); they are not PATs.
    pub is_public: Option<bool>,
}

impl SessionToken {
    pub fn is_ssh_key(&self) -> bool {
        self.is_public == Some(true)
    }
}

impl TryFrom<&SessionToken> for Token {
    type Error = WireError;
    fn try_from(wire: &SessionToken) -> Result<Self, Self::Error> {
        TokenFields {
            authorization_id: wire.authorization_id,
            display_name: wire.display_name.as_deref(),
            scope: wire.scope.as_deref(),
            target_accounts: wire.target_accounts.clone(),
            valid_from: wire.valid_from.as_deref(),
            valid_to: wire.valid_to.as_deref(),
            revoked: wire.is_valid == Some(false),
        }
        .into_token()
    }
}

/// `PagedSessionTokens`: pages by row number [DECOMP][ADOWRAP].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PagedSessionTokens {
    pub next_row_number: Option<i64>,
    #[serde(default)]
    pub session_tokens: Option<Vec<SessionToken>>,
}

/// The body of a create through `Contribution/HierarchyQuery` (README §2.2).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HierarchyQuery<'a> {
    pub contribution_ids: [&'static str; 1],
    pub data_provider_context: DataProviderContext<'a>,
}

#[derive(Serialize)]
pub(crate) struct DataProviderContext<'a> {
    pub properties: IssueProperties<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IssueProperties<'a> {
    pub display_name: &'a str,
    pub scope: String,
    pub valid_to: String,
    pub target_accounts: [Uuid; 1],
    pub source_page: SourcePage,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SourcePage {
    pub url: String,
    pub route_id: &'static str,
    pub route_values: RouteValues,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RouteValues {
    pub admin_pivot: &'static str,
    pub controller: &'static str,
    pub action: &'static str,
    pub service_host: String,
}

/// The answer of a `HierarchyQuery`: per provider id, its data or its exception. Values stay
/// untyped until picked by id: other providers may answer in other shapes.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct HierarchyQueryResponse {
    #[serde(default)]
    pub data_providers: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    pub data_provider_exceptions: BTreeMap<String, serde_json::Value>,
}

/// A provider's failure. Only `message` is known (README §2.2); its wording is not documented.
#[derive(Deserialize)]
pub(crate) struct DataProviderException {
    pub message: Option<String>,
}
