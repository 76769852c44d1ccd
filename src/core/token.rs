//! Tokens as the rest of the code sees them, whatever dialect of Azure DevOps produced them.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A token's `authorizationId`. Revoking requires one: there is no way to build the
/// "revoke every token" call (`DELETE …/Token/SessionTokens` without an id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AuthorizationId(Uuid);

/// The uuid's byte order, compared as one integer: the watcher keys maps of thousands of
/// tokens by id, and `Uuid`'s own order compares byte slices.
impl Ord for AuthorizationId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.as_u128().cmp(&other.0.as_u128())
    }
}

impl PartialOrd for AuthorizationId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl AuthorizationId {
    pub fn new(id: Uuid) -> Self {
        Self(id)
    }
    /// Parses a uuid in any of its usual spellings; the nil uuid is not a token.
    pub fn parse(text: &str) -> Option<Self> {
        Uuid::parse_str(text.trim())
            .ok()
            .filter(|u| !u.is_nil())
            .map(Self)
    }
    pub fn uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for AuthorizationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// A token's secret. It has no `Serialize`, and `Debug`/`Display` never show it: the only way
/// out is [`Secret::expose`], called where the secret must go (the popup, `storage.session`).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A token's scopes as Azure DevOps sends them: one space-separated string. Unknown scopes are
/// kept verbatim (a listed token may carry a scope this catalog does not know).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Scopes(Vec<String>);

impl Scopes {
    /// Splits on whitespace, drops duplicates, keeps the first-seen order.
    pub fn parse(text: &str) -> Self {
        let mut ids: Vec<String> = Vec::new();
        for id in text.split_whitespace() {
            if !ids.iter().any(|known| known == id) {
                ids.push(id.to_owned());
            }
        }
        Self(ids)
    }
    pub fn from_ids<I: IntoIterator<Item = S>, S: AsRef<str>>(ids: I) -> Self {
        let joined: Vec<String> = ids.into_iter().map(|s| s.as_ref().to_owned()).collect();
        Self::parse(&joined.join(" "))
    }
    pub fn ids(&self) -> &[String] {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The string to send: ids separated by single spaces.
    pub fn to_wire(&self) -> String {
        self.0.join(" ")
    }
    /// The same set of scopes, whatever the order.
    pub fn same_set(&self, other: &Scopes) -> bool {
        let mut a = self.0.clone();
        let mut b = other.0.clone();
        a.sort();
        b.sort();
        a == b
    }
}

impl Serialize for Scopes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_wire())
    }
}

impl<'de> Deserialize<'de> for Scopes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Self::parse(&text))
    }
}

/// A token's metadata (never its secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Token {
    pub id: AuthorizationId,
    pub name: String,
    pub scopes: Scopes,
    #[serde(with = "crate::core::rfc3339::serde")]
    pub valid_from: OffsetDateTime,
    #[serde(with = "crate::core::rfc3339::serde")]
    pub valid_to: OffsetDateTime,
    /// The organizations (ids) the token works in; `None` is a global, all-organizations token.
    pub target_accounts: Option<Vec<Uuid>>,
    /// Revoked tokens may still be listed by the web dialect (`isValid: false`).
    #[serde(default)]
    pub revoked: bool,
}

impl Token {
    pub fn is_global(&self) -> bool {
        self.target_accounts.is_none()
    }
}

/// A token just created: its metadata and, this once, its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewToken {
    pub token: Token,
    pub secret: Secret,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_shows_in_debug_or_display() {
        let secret = Secret::new("abcdefghijklmnopqrstuvwxyz0123456789");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(secret.expose(), "abcdefghijklmnopqrstuvwxyz0123456789");
    }

    #[test]
    fn scopes_split_on_whitespace_and_drop_duplicates() {
        let scopes = Scopes::parse("  vso.code_write   vso.packaging vso.code_write ");
        assert_eq!(scopes.ids(), ["vso.code_write", "vso.packaging"]);
        assert_eq!(scopes.to_wire(), "vso.code_write vso.packaging");
        assert!(scopes.same_set(&Scopes::parse("vso.packaging vso.code_write")));
    }

    #[test]
    fn ids_are_ordered_as_their_uuids() {
        let ids = [
            "00000000-0000-0000-0000-000000000001",
            "00000000-0000-0000-0000-000000000100",
            "0000ffff-0000-0000-0000-000000000000",
            "ff000000-0000-0000-0000-000000000000",
        ]
        .map(|s| AuthorizationId::parse(s).unwrap_or_else(|| unreachable!()));
        for pair in ids.windows(2) {
            assert!(pair[0] < pair[1]);
            assert_eq!(pair[0].uuid().cmp(&pair[1].uuid()), pair[0].cmp(&pair[1]));
        }
    }

    #[test]
    fn authorization_id_rejects_garbage_and_nil() {
        assert!(AuthorizationId::parse("not-a-uuid").is_none());
        assert!(AuthorizationId::parse("00000000-0000-0000-0000-000000000000").is_none());
        let id = AuthorizationId::parse("3D3ACA0C-B7A1-4E5F-9E4B-0E7A4E1C9F00");
        assert_eq!(
            id.map(|i| i.to_string()).as_deref(),
            Some("3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00")
        );
    }
}
