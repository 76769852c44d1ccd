//! The web UI's JSON: `SessionToken` (defined in the spec), the token list in its three shapes
//! (observed) and the `Contribution/HierarchyQuery` request and response (observed;
//! docs/azure-devops.md §4, §5).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{present, secret, TokenFields, WireError};
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
    /// Missing (`None`) is not `null` (`Some(None)`, a global token): see [`present`].
    #[serde(default, deserialize_with = "present")]
    pub target_accounts: Option<Option<Vec<Uuid>>>,
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

/// One answer of `GET …/Token/SessionTokens`, in whichever of the three shapes it came
/// (docs/azure-devops.md §4.1). Any other JSON is not a list: [`TokenList::read`] says so.
pub(crate) enum TokenList {
    /// `{nextRowNumber, sessionTokens}`: the paged answer, sent only when the request carried
    /// `pageRequestTimeStamp`.
    Paged {
        next_row_number: i64,
        rows: Vec<SessionToken>,
    },
    /// `{count, value}`: Azure DevOps' collection wrapper around the unpaged list.
    Wrapped(Vec<SessionToken>),
    /// `[…]`: the unpaged list with `noArrayWrap`.
    Bare(Vec<SessionToken>),
}

impl TokenList {
    /// Reads one of the three shapes; anything else is an error naming what was missing.
    pub fn read(value: serde_json::Value) -> Result<Self, WireError> {
        let rows = |v: serde_json::Value| {
            serde_json::from_value::<Vec<SessionToken>>(v)
                .map_err(|_| WireError("a token list whose rows are not tokens"))
        };
        match value {
            serde_json::Value::Array(_) => rows(value).map(TokenList::Bare),
            serde_json::Value::Object(mut object) => {
                if object.contains_key("sessionTokens") {
                    let next = object
                        .get("nextRowNumber")
                        .and_then(serde_json::Value::as_i64)
                        .ok_or(WireError("a paged token list without a nextRowNumber"))?;
                    // The server replaces a missing page with an empty one; `null` reads the
                    // same.
                    let page = match object.remove("sessionTokens") {
                        Some(serde_json::Value::Null) | None => Vec::new(),
                        Some(v) => rows(v)?,
                    };
                    return Ok(TokenList::Paged {
                        next_row_number: next,
                        rows: page,
                    });
                }
                if object.get("count").is_some_and(serde_json::Value::is_u64) {
                    if let Some(v @ serde_json::Value::Array(_)) = object.remove("value") {
                        return rows(v).map(TokenList::Wrapped);
                    }
                }
                Err(WireError(
                    "a token list in none of the known shapes ({nextRowNumber, sessionTokens}, {count, value}, [...])",
                ))
            }
            _ => Err(WireError("a token list that is not a JSON object or array")),
        }
    }
}

/// The body of a create through `Contribution/HierarchyQuery` (docs/azure-devops.md §5).
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

/// A provider's failure. Only `message` is known (docs/azure-devops.md §5.2); its wording is
/// not documented.
#[derive(Deserialize)]
pub(crate) struct DataProviderException {
    pub message: Option<String>,
}
