//! Organizations: their names, which of a tab's URLs belong to one, and where their services
//! live.
//!
//! URLs are parsed at the edge by a real WHATWG parser (the browser's `URL`; the `url` crate in
//! host tests and fuzzing), which hands the scheme, host and path to
//! [`org_from_url_parts`]. The rules:
//! - `https://dev.azure.com/{org}/…` (modern) and `https://{org}.visualstudio.com/…` (legacy);
//!   hosts compared case-insensitively, the organization segment percent-decoded;
//! - not an organization: `https://dev.azure.com/` alone, other `*.dev.azure.com` hosts (`aex`,
//!   `vssps`), `*.visualstudio.com` hosts with more than one label before it
//!   (`app.vssps.visualstudio.com`, `{x}.vssps.visualstudio.com`), Microsoft's own
//!   `visualstudio.com` sites (`code.`, `marketplace.`, …), sign-in pages (`_signin`), plain
//!   `http`, and every other host (lookalikes such as `dev.azure.com.evil.example` or
//!   `evil-dev.azure.com`; a userinfo trick like `https://dev.azure.com@evil.example/` has the
//!   host `evil.example` once parsed).

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

/// How a warning names an organization: by name, or — for one nobody can name yet (never
/// visited, not in any organization list) — as an unnamed organization with its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgLabel {
    Named(OrgName),
    Unnamed(uuid::Uuid),
}

/// The name, or the id of an unnamed organization (for logs and tests; views word it).
impl fmt::Display for OrgLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OrgLabel::Named(name) => name.fmt(f),
            OrgLabel::Unnamed(id) => id.fmt(f),
        }
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
        format!(
            "https://dev.azure.com/{}/_usersSettings/tokens",
            self.as_str()
        )
    }
}

/// The host of modern organization URLs.
pub const MODERN_HOST: &str = "dev.azure.com";
/// Legacy organization hosts are `{org}.visualstudio.com`.
pub const LEGACY_SUFFIX: &str = ".visualstudio.com";

/// Single labels under `visualstudio.com` that are Microsoft's own sites, not organizations.
const NOT_ORGANIZATIONS: &[&str] = &[
    "aex",
    "app",
    "code",
    "developercommunity",
    "devblogs",
    "docs",
    "download",
    "go",
    "learn",
    "login",
    "marketplace",
    "my",
    "signup",
    "status",
    "support",
    "vssps",
    "www",
];

/// A sign-in page under any host.
const SIGN_IN_SEGMENT: &str = "_signin";

/// The parts of a parsed URL the core needs: `URL.protocol` without its colon (or with it),
/// `URL.hostname` (no port), `URL.pathname`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlParts {
    pub scheme: String,
    pub host: String,
    pub path: String,
}

/// The organization a URL belongs to, from its parsed parts.
pub fn org_from_url_parts(scheme: &str, host: &str, path: &str) -> Option<(OrgName, HostStyle)> {
    let scheme = scheme.strip_suffix(':').unwrap_or(scheme);
    if !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let host = host.to_ascii_lowercase();
    let mut segments = path.strip_prefix('/').unwrap_or(path).split('/');
    if segments
        .clone()
        .any(|s| percent_decode(s).eq_ignore_ascii_case(SIGN_IN_SEGMENT))
    {
        return None;
    }
    if host == MODERN_HOST {
        let org = OrgName::parse(&percent_decode(segments.next()?))?;
        return Some((org, HostStyle::Modern));
    }
    let label = host.strip_suffix(LEGACY_SUFFIX)?;
    if label.contains('.') || NOT_ORGANIZATIONS.contains(&label) {
        return None;
    }
    Some((OrgName::parse(label)?, HostStyle::Legacy))
}

/// Decodes `%XX` escapes; a malformed escape stays as written, and bytes that do not form
/// UTF-8 become U+FFFD (either way no organization name survives them).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let value = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why an "add organization" entry was not understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "camelCase")]
pub enum OrgInputError {
    #[error("nothing was entered")]
    Empty,
    #[error("neither an organization name nor a URL")]
    NotUnderstood,
    #[error("a URL, but not an Azure DevOps organization's")]
    NotAnOrganizationUrl,
}

/// What [`org_from_input`] hands its URL parser: the entry, with `https://` when it has no
/// scheme. (A page that parses ahead of time, with the browser's parser, parses this.)
pub fn input_as_url(text: &str) -> String {
    let text = text.trim();
    let has_scheme = text.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphabetic())
    });
    if has_scheme {
        text.to_owned()
    } else {
        format!("https://{text}")
    }
}

/// Reads what a person typed to add an organization: a bare name (`contoso`), or a URL with or
/// without its scheme (`dev.azure.com/contoso/project`, `https://contoso.visualstudio.com`).
/// `parse_url` is the edge's WHATWG parser (the browser's `URL`; the `url` crate in tests).
pub fn org_from_input(
    text: &str,
    parse_url: impl FnOnce(&str) -> Option<UrlParts>,
) -> Result<(OrgName, HostStyle), OrgInputError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(OrgInputError::Empty);
    }
    if let Some(org) = OrgName::parse(text) {
        return Ok((org, HostStyle::Modern));
    }
    let parts = parse_url(&input_as_url(text)).ok_or(OrgInputError::NotUnderstood)?;
    org_from_url_parts(&parts.scheme, &parts.host, &parts.path)
        .ok_or(OrgInputError::NotAnOrganizationUrl)
}
