//! Wire types: the JSON of each dialect, exactly as the sources give it, and the conversions to
//! the domain's [`Token`]. Nothing here leaves the `ado` module.
//!
//! Responses are read leniently (the spec marks no field required; unknown fields are ignored),
//! and every field the domain needs is checked in the conversion instead.

pub(crate) mod connection;
pub(crate) mod lifecycle;
pub(crate) mod timestamp;
pub(crate) mod web;

use serde::{Deserialize, Deserializer};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::core::token::{AuthorizationId, Scopes, Secret, Token};

/// A field the domain needs was missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WireError(pub &'static str);

/// Reads a `token` string straight into a [`Secret`], so no wire type ever holds it in a
/// `String` that a `Debug` could print.
pub(crate) fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Secret>, D::Error> {
    Ok(Option::<String>::deserialize(d)?
        .filter(|s| !s.is_empty())
        .map(Secret::new))
}

/// Tells a missing field (`None`) from one that is `null` (`Some(None)`). `targetAccounts:
/// null` is a global token; a row without the field says nothing about whose it is
/// (docs/azure-devops.md §4.4). Use with `#[serde(default, deserialize_with = "present")]`.
pub(crate) fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The fields both dialects share, checked and converted.
pub(crate) struct TokenFields<'a> {
    pub authorization_id: Option<Uuid>,
    pub display_name: Option<&'a str>,
    pub scope: Option<&'a str>,
    /// `None`: the field was missing; `Some(None)`: it was `null`.
    pub target_accounts: Option<Option<Vec<Uuid>>>,
    pub valid_from: Option<&'a str>,
    pub valid_to: Option<&'a str>,
    pub revoked: bool,
}

impl TokenFields<'_> {
    pub fn into_token(self) -> Result<Token, WireError> {
        let id = self
            .authorization_id
            .map(AuthorizationId::new)
            .filter(|id| !id.uuid().is_nil())
            .ok_or(WireError("a token without an authorizationId"))?;
        Ok(Token {
            id,
            name: self.display_name.unwrap_or_default().to_owned(),
            scopes: Scopes::parse(self.scope.unwrap_or_default()),
            valid_from: instant(self.valid_from, "a token without a readable validFrom")?,
            valid_to: instant(self.valid_to, "a token without a readable validTo")?,
            // `null` means all of the person's organizations; a missing field means the row
            // cannot be attributed to any (docs/azure-devops.md §4.4).
            target_accounts: self.target_accounts.ok_or(WireError(
                "a token without targetAccounts (whose organization it is, is unknown)",
            ))?,
            revoked: self.revoked,
        })
    }
}

fn instant(text: Option<&str>, missing: &'static str) -> Result<OffsetDateTime, WireError> {
    text.and_then(timestamp::parse).ok_or(WireError(missing))
}
