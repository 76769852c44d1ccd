//! The public PAT Lifecycle API's JSON (`definitions` of `spec/7.{1,2}/tokens.json`; docs/azure-devops.md §7).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{present, secret, TokenFields, WireError};
use crate::core::token::{Secret, Token};

/// `PatToken`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatToken {
    pub authorization_id: Option<Uuid>,
    pub display_name: Option<String>,
    pub scope: Option<String>,
    /// Missing (`None`) is not `null` (`Some(None)`, a global token): see [`present`].
    #[serde(default, deserialize_with = "present")]
    pub target_accounts: Option<Option<Vec<Uuid>>>,
    /// Only in the create response (docs/azure-devops.md §7.2).
    #[serde(default, deserialize_with = "secret")]
    pub token: Option<Secret>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
}

impl TryFrom<&PatToken> for Token {
    type Error = WireError;
    fn try_from(wire: &PatToken) -> Result<Self, Self::Error> {
        TokenFields {
            authorization_id: wire.authorization_id,
            display_name: wire.display_name.as_deref(),
            scope: wire.scope.as_deref(),
            target_accounts: wire.target_accounts.clone(),
            valid_from: wire.valid_from.as_deref(),
            valid_to: wire.valid_to.as_deref(),
            // The public API lists revoked tokens only when asked (`displayFilterOption`),
            // and says nothing per token.
            revoked: false,
        }
        .into_token()
    }
}

/// `PagedPatTokens`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PagedPatTokens {
    pub continuation_token: Option<String>,
    #[serde(default)]
    pub pat_tokens: Option<Vec<PatToken>>,
}

/// `PatTokenResult` (7.2 adds `patTokenErrorMessage`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatTokenResult {
    pub pat_token: Option<PatToken>,
    /// A `SessionTokenError` value, kept as text so a value newer than this client still reads.
    pub pat_token_error: Option<String>,
    pub pat_token_error_message: Option<String>,
}

/// `PatTokenCreateRequest`: exactly the spec's four fields.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatTokenCreateRequest<'a> {
    pub display_name: &'a str,
    pub scope: String,
    pub valid_to: String,
    pub all_orgs: bool,
}

/// `PatTokenUpdateRequest`. Every field is sent, as in Microsoft's example: the spec calls them
/// optional but does not say what leaving one out does.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PatTokenUpdateRequest<'a> {
    pub authorization_id: Uuid,
    pub display_name: &'a str,
    pub scope: String,
    pub valid_to: String,
    pub all_orgs: bool,
}
