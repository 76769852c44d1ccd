//! "Copy as…": the secret being shown, formatted for the place it goes.
//!
//! Each format follows the form Microsoft documents for Azure DevOps (sources and the exact
//! lines in `docs/copy-formats.md`):
//! - [`CopyFormat::Raw`]: the token itself;
//! - [`CopyFormat::Npmrc`]: the user-level `.npmrc` credentials block for a feed, with the token
//!   base64-encoded in `_password`;
//! - [`CopyFormat::NuGet`]: `dotnet nuget add source … --password <token>
//!   --store-password-in-clear-text`;
//! - [`CopyFormat::Pip`]: a `pip.conf`/`pip.ini` `[global]` `index-url` with the token;
//! - [`CopyFormat::Maven`]: a `settings.xml` `<server>`;
//! - [`CopyFormat::AzBash`], [`CopyFormat::AzPowerShell`]: `AZURE_DEVOPS_EXT_PAT` for
//!   `az devops`;
//! - [`CopyFormat::GitHeader`], [`CopyFormat::GitConfig`]: git's `http.extraHeader` with
//!   `Authorization: Basic` and the base64 of `:` and the token, for one command or for every
//!   repository of the organization.
//!
//! The result is a [`Secret`]: no `Serialize`, and `Debug`/`Display` hide it, so formatted text
//! can be handed to the clipboard ([`Secret::expose`]) but never written to storage, a log or a
//! notification by accident. Nothing here keeps it.

use std::fmt;

use crate::core::base64;
use crate::core::feed::{Feed, Protocol};
use crate::core::org::OrgName;
use crate::core::token::Secret;

/// The forms a token can be copied in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CopyFormat {
    Raw,
    Npmrc,
    NuGet,
    Pip,
    Maven,
    AzBash,
    AzPowerShell,
    GitHeader,
    GitConfig,
}

impl CopyFormat {
    /// Every format, in the order a menu offers them.
    pub const ALL: [CopyFormat; 9] = [
        CopyFormat::Raw,
        CopyFormat::Npmrc,
        CopyFormat::NuGet,
        CopyFormat::Pip,
        CopyFormat::Maven,
        CopyFormat::AzBash,
        CopyFormat::AzPowerShell,
        CopyFormat::GitHeader,
        CopyFormat::GitConfig,
    ];

    /// The id stored in presets and preset files.
    pub fn id(self) -> &'static str {
        match self {
            CopyFormat::Raw => "raw",
            CopyFormat::Npmrc => "npmrc",
            CopyFormat::NuGet => "nuget",
            CopyFormat::Pip => "pip",
            CopyFormat::Maven => "maven",
            CopyFormat::AzBash => "az-bash",
            CopyFormat::AzPowerShell => "az-powershell",
            CopyFormat::GitHeader => "git-header",
            CopyFormat::GitConfig => "git-config",
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.id() == id)
    }

    /// Formats that name an Azure Artifacts feed.
    pub fn needs_feed(self) -> bool {
        matches!(
            self,
            CopyFormat::Npmrc | CopyFormat::NuGet | CopyFormat::Pip | CopyFormat::Maven
        )
    }
}

impl fmt::Display for CopyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A format with what it needs: a feed exactly when [`CopyFormat::needs_feed`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CopyAs {
    format: CopyFormat,
    feed: Option<Feed>,
}

/// Why a [`CopyAs`] cannot be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CopyAsError {
    #[error("the {0} format needs a feed")]
    FeedRequired(CopyFormat),
}

impl CopyAs {
    /// The token itself.
    pub fn raw() -> Self {
        Self {
            format: CopyFormat::Raw,
            feed: None,
        }
    }

    /// `format` with its feed; a feed given to a format that names none is dropped.
    pub fn new(format: CopyFormat, feed: Option<Feed>) -> Result<Self, CopyAsError> {
        match (format.needs_feed(), feed) {
            (true, None) => Err(CopyAsError::FeedRequired(format)),
            (true, feed) => Ok(Self { format, feed }),
            (false, _) => Ok(Self { format, feed: None }),
        }
    }

    pub fn format(&self) -> CopyFormat {
        self.format
    }
    pub fn feed(&self) -> Option<&Feed> {
        self.feed.as_ref()
    }
    pub fn is_raw(&self) -> bool {
        self.format == CopyFormat::Raw
    }
}

impl Default for CopyAs {
    fn default() -> Self {
        Self::raw()
    }
}

/// npm's fixed text for the `:email` lines, as Microsoft's snippet has it.
const NPM_EMAIL: &str = "npm requires email to be set but doesn't use the value";

/// The token formatted as `copy` says, for a token of `org`. The text holds the token: it is a
/// [`Secret`] again.
pub fn copy_text(secret: &Secret, copy: &CopyAs, org: &OrgName) -> Secret {
    Secret::new(render(&TokenText::Real(secret.expose()), copy, org))
}

/// What [`copy_text`] would give, with the token and everything made from it (its base64, the
/// Basic header's base64) replaced by [`MASK`]: safe to show beside the secret and to keep in
/// a view, as it holds nothing of the token.
pub fn preview(copy: &CopyAs, org: &OrgName) -> String {
    render(&TokenText::Masked, copy, org)
}

/// What stands for the token (or a text made from it) in a [`preview`].
pub const MASK: &str = "••••••••";

/// The token a text is rendered with: the real one, or none at all.
enum TokenText<'a> {
    Real(&'a str),
    Masked,
}

impl TokenText<'_> {
    /// The token run through `encode`, or the mask: nothing computed from a token is shown.
    fn shown(&self, encode: impl FnOnce(&str) -> String) -> String {
        match self {
            TokenText::Real(token) => encode(token),
            TokenText::Masked => MASK.to_owned(),
        }
    }
}

fn render(token: &TokenText, copy: &CopyAs, org: &OrgName) -> String {
    match (copy.format, &copy.feed) {
        (CopyFormat::Raw, _) => token.shown(str::to_owned),
        (CopyFormat::Npmrc, Some(feed)) => npmrc(token, feed, org),
        (CopyFormat::NuGet, Some(feed)) => nuget(token, feed, org),
        (CopyFormat::Pip, Some(feed)) => pip(token, feed, org),
        (CopyFormat::Maven, Some(feed)) => maven(token, feed, org),
        (CopyFormat::AzBash, _) => {
            format!("export AZURE_DEVOPS_EXT_PAT={}", token.shown(posix_word))
        }
        (CopyFormat::AzPowerShell, _) => format!(
            "$env:AZURE_DEVOPS_EXT_PAT = '{}'",
            token.shown(powershell_single_quoted)
        ),
        (CopyFormat::GitHeader, _) => {
            format!("git -c http.extraHeader=\"{}\"", basic_header(token))
        }
        (CopyFormat::GitConfig, _) => format!(
            "git config --global http.https://dev.azure.com/{org}/.extraHeader \"{}\"",
            basic_header(token)
        ),
        // `CopyAs::new` gives every feed format its feed.
        (CopyFormat::Npmrc | CopyFormat::NuGet | CopyFormat::Pip | CopyFormat::Maven, None) => {
            token.shown(str::to_owned)
        }
    }
}

/// The project-level `.npmrc` lines for a feed (no secret): the registry and `always-auth`, as
/// Microsoft's "Project setup" has them, for the file beside `package.json`.
pub fn npm_project_lines(feed: &Feed, org: &OrgName) -> String {
    format!(
        "registry={}\nalways-auth=true\n",
        feed.url(org, Protocol::Npm)
    )
}

/// The user-level `.npmrc` block: username, base64 password and email for the registry URL
/// and for its `npm/` parent, between npm comments.
fn npmrc(token: &TokenText, feed: &Feed, org: &OrgName) -> String {
    let password = token.shown(|t| base64::encode(t.as_bytes()));
    let base = feed.base(org);
    let mut out = String::from("; begin auth token\n");
    for prefix in [format!("//{base}/npm/registry/"), format!("//{base}/npm/")] {
        out.push_str(&format!("{prefix}:username={org}\n"));
        out.push_str(&format!("{prefix}:_password={password}\n"));
        out.push_str(&format!("{prefix}:email={NPM_EMAIL}\n"));
    }
    out.push_str("; end auth token\n");
    out
}

fn nuget(token: &TokenText, feed: &Feed, org: &OrgName) -> String {
    format!(
        "dotnet nuget add source {} --name {} --username {org} --password {} --store-password-in-clear-text",
        feed.url(org, Protocol::NuGet),
        feed.name,
        token.shown(posix_word),
    )
}

fn pip(token: &TokenText, feed: &Feed, org: &OrgName) -> String {
    // `https://<FEED_NAME>:<PAT>@<FEED_URL>`: the userinfo is percent-encoded, as URLs need.
    format!(
        "[global]\nindex-url=https://{}:{}@{}/pypi/simple/\n",
        userinfo(feed.name.as_str()),
        token.shown(userinfo),
        feed.base(org),
    )
}

fn maven(token: &TokenText, feed: &Feed, org: &OrgName) -> String {
    format!(
        "<server>\n  <id>{}</id>\n  <username>{}</username>\n  <password>{}</password>\n</server>\n",
        xml_text(feed.name.as_str()),
        xml_text(org.as_str()),
        token.shown(xml_text),
    )
}

/// `Authorization: Basic` with the base64 of an empty user name, `:` and the token.
fn basic_header(token: &TokenText) -> String {
    format!(
        "Authorization: Basic {}",
        token.shown(|t| base64::encode(format!(":{t}").as_bytes()))
    )
}

/// A word for a POSIX shell: as it is when it holds nothing a shell treats specially (PATs are
/// letters and digits), otherwise in single quotes.
fn posix_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// The inside of a PowerShell single-quoted string: nothing in it is expanded; `'` is written
/// twice.
fn powershell_single_quoted(text: &str) -> String {
    text.replace('\'', "''")
}

/// Percent-encodes all but RFC 3986's unreserved characters, for a URL's user name or password.
fn userinfo(text: &str) -> String {
    crate::core::feed::percent_encode_segment(text)
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_a_distinct_id_that_parses_back() {
        for format in CopyFormat::ALL {
            assert_eq!(CopyFormat::parse(format.id()), Some(format));
        }
        let mut ids: Vec<&str> = CopyFormat::ALL.iter().map(|f| f.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CopyFormat::ALL.len());
        assert_eq!(CopyFormat::parse("Raw"), None);
        assert_eq!(CopyFormat::parse(""), None);
    }

    #[test]
    fn feed_formats_need_a_feed_and_others_drop_one() {
        for format in CopyFormat::ALL {
            let made = CopyAs::new(format, None);
            if format.needs_feed() {
                assert_eq!(made, Err(CopyAsError::FeedRequired(format)));
            } else {
                assert_eq!(made.map(|c| c.feed().is_none()), Ok(true));
            }
        }
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(posix_word("abc123XYZ"), "abc123XYZ");
        assert_eq!(posix_word("a b"), "'a b'");
        assert_eq!(posix_word("it's"), "'it'\\''s'");
        assert_eq!(posix_word("$HOME"), "'$HOME'");
        assert_eq!(posix_word(""), "''");
        assert_eq!(powershell_single_quoted("it's"), "it''s");
        assert_eq!(powershell_single_quoted("$env:X"), "$env:X");
    }

    #[test]
    fn xml_and_userinfo_escape_what_they_must() {
        assert_eq!(xml_text("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(userinfo("p@ss:w/rd"), "p%40ss%3Aw%2Frd");
        assert_eq!(userinfo("abcXYZ019"), "abcXYZ019");
    }

    #[test]
    fn the_formatted_text_is_a_secret_that_hides_itself() {
        let secret = Secret::new("s3cr3t");
        let org = OrgName::parse("contoso").unwrap();
        let text = copy_text(&secret, &CopyAs::raw(), &org);
        assert_eq!(format!("{text:?}"), "Secret(***)");
        assert_eq!(format!("{text}"), "***");
        assert_eq!(text.expose(), "s3cr3t");
    }
}
