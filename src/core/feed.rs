//! Azure Artifacts feeds: their names, their project, and the URLs each package manager uses.
//!
//! A feed belongs to an organization and, when it is project-scoped, to a project too; its URLs
//! are `https://pkgs.dev.azure.com/{org}[/{project}]/_packaging/{feed}/…`
//! (`docs/copy-formats.md` quotes Microsoft's pages).
//!
//! Names are checked against what Azure DevOps itself accepts, narrowed where the copy formats
//! need it:
//! - a feed name may not contain spaces, start with `.` or `_`, end with `.`, or hold any of
//!   `@ ~ ; { } ' + = , < > | / \ ? : & $ * " # [ ] %` (the service's own rule, quoted in
//!   `docs/copy-formats.md`). PAT Pilot accepts the safe core of that: ASCII letters, digits,
//!   `-`, `_` and `.`, so a feed name can stand in a shell command, an `.npmrc` key, a URL and
//!   XML without quoting. The length limit is not documented; 64 is ours.
//! - a project name follows Microsoft's naming restrictions (at most 64 characters counted as
//!   UTF-16 units, none of `/ : \ ~ & % ; @ ' " ? < > | # $ * } { , + = [ ]`, no control
//!   characters, not starting with `_`, not starting or ending with `.`); spaces and other
//!   letters are allowed and percent-encoded in URLs.

use std::fmt;

use crate::core::org::OrgName;
use crate::core::preset::ProblemReason;

pub const MAX_FEED_CHARS: usize = 64;
pub const MAX_PROJECT_CHARS: usize = 64;

/// The host of every Azure Artifacts feed URL.
pub const PACKAGES_HOST: &str = "pkgs.dev.azure.com";

/// An Azure Artifacts feed name that is safe in every copy format.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedName(String);

impl FeedName {
    pub fn parse(text: &str) -> Result<Self, ProblemReason> {
        if text.is_empty() {
            return Err(ProblemReason::Empty);
        }
        if text.chars().count() > MAX_FEED_CHARS {
            return Err(ProblemReason::TooLong {
                max: MAX_FEED_CHARS,
            });
        }
        let allowed = text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !allowed || text.starts_with(['.', '_']) || text.ends_with('.') {
            return Err(ProblemReason::InvalidCharacters);
        }
        Ok(Self(text.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FeedName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Azure DevOps project name, as Microsoft's naming rules allow it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProjectName(String);

/// Printable characters a project name may not hold (Microsoft's naming restrictions).
const PROJECT_FORBIDDEN: &str = "/:\\~&%;@'\"?<>|#$*}{,+=[]";

impl ProjectName {
    pub fn parse(text: &str) -> Result<Self, ProblemReason> {
        if text.is_empty() {
            return Err(ProblemReason::Empty);
        }
        if text.encode_utf16().count() > MAX_PROJECT_CHARS {
            return Err(ProblemReason::TooLong {
                max: MAX_PROJECT_CHARS,
            });
        }
        if text.chars().any(char::is_control) {
            return Err(ProblemReason::ControlCharacter);
        }
        if text.chars().any(|c| PROJECT_FORBIDDEN.contains(c))
            || text.starts_with(['_', '.'])
            || text.ends_with('.')
        {
            return Err(ProblemReason::InvalidCharacters);
        }
        Ok(Self(text.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProjectName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A feed: its name and, for a project-scoped feed, its project.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Feed {
    pub name: FeedName,
    pub project: Option<ProjectName>,
}

/// The package managers whose feed URLs differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `…/npm/registry/`
    Npm,
    /// `…/nuget/v3/index.json`
    NuGet,
    /// `…/pypi/simple/`
    PyPi,
    /// `…/maven/v1`
    Maven,
}

impl Feed {
    pub fn new(name: FeedName, project: Option<ProjectName>) -> Self {
        Self { name, project }
    }

    /// `pkgs.dev.azure.com/{org}[/{project}]/_packaging/{feed}`, without a scheme: the part every
    /// URL of this feed starts with.
    pub fn base(&self, org: &OrgName) -> String {
        let mut out = format!("{PACKAGES_HOST}/{org}");
        if let Some(project) = &self.project {
            out.push('/');
            out.push_str(&percent_encode_segment(project.as_str()));
        }
        out.push_str("/_packaging/");
        out.push_str(self.name.as_str());
        out
    }

    /// The URL a package manager is pointed at, as in Microsoft's "Connect to feed" snippets.
    pub fn url(&self, org: &OrgName, protocol: Protocol) -> String {
        let tail = match protocol {
            Protocol::Npm => "/npm/registry/",
            Protocol::NuGet => "/nuget/v3/index.json",
            Protocol::PyPi => "/pypi/simple/",
            Protocol::Maven => "/maven/v1",
        };
        format!("https://{}{tail}", self.base(org))
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so a project name such as
/// `Web Shop` becomes one path segment, `Web%20Shop`.
pub fn percent_encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org() -> OrgName {
        OrgName::parse("contoso").unwrap()
    }

    #[test]
    fn feed_names_follow_the_safe_core_of_the_service_rule() {
        for ok in ["packages", "web-feed", "Team_Feed.2", "a", "A1"] {
            assert!(FeedName::parse(ok).is_ok(), "{ok}");
        }
        let cases = [
            ("", ProblemReason::Empty),
            ("my feed", ProblemReason::InvalidCharacters),
            (".hidden", ProblemReason::InvalidCharacters),
            ("_under", ProblemReason::InvalidCharacters),
            ("dot.", ProblemReason::InvalidCharacters),
            ("feed@Local", ProblemReason::InvalidCharacters),
            ("a/b", ProblemReason::InvalidCharacters),
            ("Büro", ProblemReason::InvalidCharacters),
            ("x$y", ProblemReason::InvalidCharacters),
        ];
        for (text, reason) in cases {
            assert_eq!(FeedName::parse(text), Err(reason), "{text:?}");
        }
        assert_eq!(
            FeedName::parse(&"f".repeat(65)),
            Err(ProblemReason::TooLong { max: 64 })
        );
        assert!(FeedName::parse(&"f".repeat(64)).is_ok());
    }

    #[test]
    fn project_names_follow_microsofts_naming_restrictions() {
        for ok in ["Web Shop", "Fabrikam-Fiber", "Büro (intern)", "v1.2", "a"] {
            assert!(ProjectName::parse(ok).is_ok(), "{ok}");
        }
        let cases = [
            ("_private", ProblemReason::InvalidCharacters),
            (".dot", ProblemReason::InvalidCharacters),
            ("dot.", ProblemReason::InvalidCharacters),
            ("a/b", ProblemReason::InvalidCharacters),
            ("a#b", ProblemReason::InvalidCharacters),
            ("100%", ProblemReason::InvalidCharacters),
            ("tab\there", ProblemReason::ControlCharacter),
        ];
        for (text, reason) in cases {
            assert_eq!(ProjectName::parse(text), Err(reason), "{text:?}");
        }
        // 64 UTF-16 units: a character outside the BMP counts twice.
        assert!(ProjectName::parse(&"p".repeat(64)).is_ok());
        assert_eq!(
            ProjectName::parse(&format!("{}😀", "p".repeat(63))),
            Err(ProblemReason::TooLong { max: 64 })
        );
    }

    #[test]
    fn feed_urls_match_the_connect_to_feed_snippets() {
        let org_feed = Feed::new(FeedName::parse("packages").unwrap(), None);
        let project_feed = Feed::new(
            FeedName::parse("packages").unwrap(),
            Some(ProjectName::parse("Web Shop").unwrap()),
        );
        let cases = [
            (
                &org_feed,
                Protocol::Npm,
                "https://pkgs.dev.azure.com/contoso/_packaging/packages/npm/registry/",
            ),
            (
                &org_feed,
                Protocol::NuGet,
                "https://pkgs.dev.azure.com/contoso/_packaging/packages/nuget/v3/index.json",
            ),
            (
                &org_feed,
                Protocol::PyPi,
                "https://pkgs.dev.azure.com/contoso/_packaging/packages/pypi/simple/",
            ),
            (
                &org_feed,
                Protocol::Maven,
                "https://pkgs.dev.azure.com/contoso/_packaging/packages/maven/v1",
            ),
            (
                &project_feed,
                Protocol::Npm,
                "https://pkgs.dev.azure.com/contoso/Web%20Shop/_packaging/packages/npm/registry/",
            ),
            (
                &project_feed,
                Protocol::NuGet,
                "https://pkgs.dev.azure.com/contoso/Web%20Shop/_packaging/packages/nuget/v3/index.json",
            ),
        ];
        for (feed, protocol, url) in cases {
            assert_eq!(feed.url(&org(), protocol), url);
        }
    }

    #[test]
    fn percent_encoding_keeps_unreserved_characters_and_encodes_utf8_bytes() {
        assert_eq!(percent_encode_segment("Az09-._~"), "Az09-._~");
        assert_eq!(percent_encode_segment("a b"), "a%20b");
        assert_eq!(percent_encode_segment("Büro"), "B%C3%BCro");
        assert_eq!(percent_encode_segment("(x)!"), "%28x%29%21");
    }
}
