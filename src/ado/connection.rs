//! Who is signed in, and the organization's id: `GET {web}/_apis/connectionData`.
//!
//! The id (`instanceId`) goes into a web create's `targetAccounts`; the engine caches it per
//! organization. Whether a signed-out browser gets a 401 here or a 200 with an anonymous user
//! is not known (docs/azure-devops.md §8.1): no documented field tells an anonymous user apart, so
//! `user` is passed on as given.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::classify::{classify, parse};
use super::error::AdoError;
use super::request::{request, ACCEPT_JSON};
use super::wire::connection::ConnectionData;
use crate::core::org::ServiceUrls;
use crate::ports::{Http, Method};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    /// The organization's id (`instanceId`).
    pub org_id: Uuid,
    pub user: Option<UserInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    pub id: Uuid,
    pub display_name: String,
}

pub(crate) fn url(urls: &ServiceUrls) -> String {
    format!("{}/_apis/connectionData", urls.web)
}

pub(crate) async fn connection<H: Http>(
    http: &H,
    urls: &ServiceUrls,
) -> Result<Connection, AdoError> {
    let answer = classify(
        http.send(request(Method::Get, url(urls), ACCEPT_JSON))
            .await,
    )?;
    let data: ConnectionData = parse(&answer)?;
    let org_id = data.instance_id.filter(|id| !id.is_nil()).ok_or_else(|| {
        AdoError::unexpected(Some(answer.status), "connection data without an instanceId")
    })?;
    let user = data.authenticated_user.and_then(|identity| {
        Some(UserInfo {
            id: Uuid::parse_str(identity.id.as_deref()?).ok()?,
            display_name: identity.provider_display_name.unwrap_or_default(),
        })
    });
    Ok(Connection { org_id, user })
}
