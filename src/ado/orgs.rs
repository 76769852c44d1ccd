//! The person's organizations by name: the web UI's "my organizations" data provider, asked
//! through an organization PAT Pilot already knows (docs/azure-devops.md §12.1, observed and
//! undocumented, never verified with a browser session).
//!
//! `POST {web}/_apis/Contribution/HierarchyQuery?api-version=5.0-preview.1` with
//! `{"contributionIds": [MY_ORGANIZATIONS], "dataProviderContext": {"properties": {}}}`; the
//! answer is read at `dataProviders[MY_ORGANIZATIONS].organizations`, an array of
//! `{id, name, url}`. Read defensively: any other shape is *no list* (`Ok(None)`), never "no
//! organizations"; an entry whose `id` is not a uuid or whose `name` is not an organization
//! name is left out, the rest kept. Whether `id` equals `connectionData`'s `instanceId` (the id
//! `targetAccounts` holds) is unknown (§12.1): a listed name is only used to name an id no
//! visited organization names.

use serde_json::Value;
use uuid::Uuid;

use super::classify::{classify, parse_value};
use super::error::AdoError;
use super::request::{request, with_json, with_query, ACCEPT_JSON};
use crate::core::org::{OrgName, ServiceUrls};
use crate::ports::{Http, Method};

/// The data provider of the web UI's organization list (docs/azure-devops.md §12.1).
pub const MY_ORGANIZATIONS: &str = "ms.vss-features.my-organizations-data-provider";
/// The api-version public callers send with this query (§12.1).
const API_VERSION: &str = "5.0-preview.1";

/// One organization of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedOrg {
    pub id: Uuid,
    pub name: OrgName,
}

pub(crate) fn url(urls: &ServiceUrls) -> String {
    with_query(
        &format!("{}/_apis/Contribution/HierarchyQuery", urls.web),
        &[("api-version", API_VERSION)],
    )
}

pub(crate) fn body() -> Value {
    serde_json::json!({
        "contributionIds": [MY_ORGANIZATIONS],
        "dataProviderContext": {"properties": {}},
    })
}

/// Asks for the list. `Ok(None)`: an answer of an unknown shape (no list).
pub(crate) async fn my_organizations<H: Http>(
    http: &H,
    urls: &ServiceUrls,
) -> Result<Option<Vec<ListedOrg>>, AdoError> {
    let request = with_json(request(Method::Post, url(urls), ACCEPT_JSON), &body());
    let answer = classify(http.send(request).await)?;
    Ok(parse_value(answer.body.expose()).and_then(|value| read(&value)))
}

/// Reads an answer: the organizations, or `None` when the answer is not the known shape.
pub fn read(answer: &Value) -> Option<Vec<ListedOrg>> {
    let entries = answer
        .get("dataProviders")?
        .get(MY_ORGANIZATIONS)?
        .get("organizations")?
        .as_array()?;
    Some(
        entries
            .iter()
            .filter_map(|entry| {
                let id = Uuid::parse_str(entry.get("id")?.as_str()?).ok()?;
                let name = OrgName::parse(entry.get("name")?.as_str()?)?;
                (!id.is_nil()).then_some(ListedOrg { id, name })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "6f1b2c3d-0000-4000-8000-00000000000a";
    const B: &str = "6f1b2c3d-0000-4000-8000-00000000000b";

    #[test]
    fn the_documented_shape_gives_the_organizations() {
        let answer = json!({"dataProviders": {MY_ORGANIZATIONS: {"organizations": [
            {"id": A, "name": "Contoso", "url": "https://dev.azure.com/Contoso/"},
            {"id": B, "name": "fabrikam", "url": "https://dev.azure.com/fabrikam/"},
        ]}}});
        let listed = read(&answer).unwrap_or_default();
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].name.as_str(), "contoso");
        assert_eq!(listed[1].id.to_string(), B);
    }

    #[test]
    fn an_empty_list_is_a_list_and_bad_entries_are_left_out() {
        let empty = json!({"dataProviders": {MY_ORGANIZATIONS: {"organizations": []}}});
        assert_eq!(read(&empty), Some(Vec::new()));
        let mixed = json!({"dataProviders": {MY_ORGANIZATIONS: {"organizations": [
            {"id": "not-a-uuid", "name": "x"},
            {"id": A, "name": "has space"},
            {"id": "00000000-0000-0000-0000-000000000000", "name": "nil"},
            {"name": "no-id"},
            {"id": B, "name": "good"},
        ]}}});
        let listed = read(&mixed).unwrap_or_default();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name.as_str(), "good");
    }

    #[test]
    fn any_other_shape_is_no_list_not_no_organizations() {
        for odd in [
            json!({}),
            json!({"dataProviders": {}}),
            json!({"dataProviders": {MY_ORGANIZATIONS: null}}),
            json!({"dataProviders": {MY_ORGANIZATIONS: {"organizations": {"a": 1}}}}),
            json!({"dataProviders": {MY_ORGANIZATIONS: {"orgs": []}}}),
            json!({"dataProviders": {}, "dataProviderExceptions": {MY_ORGANIZATIONS: {"message": "no"}}}),
            json!([]),
        ] {
            assert_eq!(read(&odd), None, "{odd}");
        }
    }
}
