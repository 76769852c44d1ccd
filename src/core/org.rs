//! Organizations: their names, and which of a tab's URLs belong to one.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An Azure DevOps organization name, as it appears in `dev.azure.com/{org}`.
/// Only [`OrgName::parse`] makes one, so every `OrgName` is safe to put in a URL path and host.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgName(String);

impl OrgName {
    /// Organization names are 1–50 characters of letters, digits and hyphens, not starting or
    /// ending with a hyphen; compared case-insensitively, so they are kept lower case.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = (1..=50).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !text.starts_with('-')
            && !text.ends_with('-');
        ok.then(|| Self(text.to_ascii_lowercase()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for OrgName {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("not an organization name: {value:?}"))
    }
}

impl From<OrgName> for String {
    fn from(value: OrgName) -> Self {
        value.0
    }
}

/// Where an organization's services live. Organizations opened on the legacy
/// `{org}.visualstudio.com` host keep using the legacy hosts (their cookies are set there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum HostStyle {
    #[default]
    Modern,
    Legacy,
}

/// The base URLs of one organization's services, without a trailing slash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceUrls {
    /// `https://dev.azure.com/{org}` or `https://{org}.visualstudio.com`: the web UI,
    /// `connectionData`, `Contribution/HierarchyQuery`, `WebPlatformAuth/SessionToken`.
    pub web: String,
    /// `https://vssps.dev.azure.com/{org}` or `https://{org}.vssps.visualstudio.com`: the
    /// identity service (`tokens/pats`, `Token/SessionTokens`).
    pub vssps: String,
}

impl OrgName {
    pub fn services(&self, style: HostStyle) -> ServiceUrls {
        let org = self.as_str();
        match style {
            HostStyle::Modern => ServiceUrls {
                web: format!("https://dev.azure.com/{org}"),
                vssps: format!("https://vssps.dev.azure.com/{org}"),
            },
            HostStyle::Legacy => ServiceUrls {
                web: format!("https://{org}.visualstudio.com"),
                vssps: format!("https://{org}.vssps.visualstudio.com"),
            },
        }
    }

    /// The organization's own token page (always on the modern host: it redirects as needed).
    pub fn tokens_page(&self) -> String {
        format!("https://dev.azure.com/{}/_usersSettings/tokens", self.as_str())
    }
}
