//! Tokens as the rest of the code sees them, whatever dialect of Azure DevOps produced them.

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::core::small_sort;

/// A token's `authorizationId`. Revoking requires one: there is no way to build the
/// "revoke every token" call (`DELETE …/Token/SessionTokens` without an id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AuthorizationId(Uuid);

impl<'de> Deserialize<'de> for AuthorizationId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        uuid_text::deserialize(deserializer).map(Self)
    }
}

/// Uuids read from text, fast: every check reads thousands of cached token ids.
pub mod uuid_text {
    use std::fmt;

    use serde::de::{Error, SeqAccess, Visitor};
    use serde::Deserializer;
    use uuid::Uuid;

    /// The usual `8-4-4-4-12` hexadecimal form directly; any other form `uuid` reads.
    pub fn parse(text: &str) -> Option<Uuid> {
        hyphenated(text.as_bytes()).or_else(|| Uuid::parse_str(text).ok())
    }

    fn hyphenated(text: &[u8]) -> Option<Uuid> {
        if text.len() != 36 {
            return None;
        }
        let mut value: u128 = 0;
        for (i, &b) in text.iter().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                if b != b'-' {
                    return None;
                }
                continue;
            }
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                _ => return None,
            };
            value = (value << 4) | u128::from(digit);
        }
        Some(Uuid::from_u128(value))
    }

    struct UuidText;

    impl Visitor<'_> for UuidText {
        type Value = Uuid;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a uuid")
        }
        fn visit_str<E: Error>(self, text: &str) -> Result<Uuid, E> {
            parse(text).ok_or_else(|| E::custom(format_args!("not a uuid: {text}")))
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Uuid, D::Error> {
        deserializer.deserialize_str(UuidText)
    }

    /// For `Option<Vec<Uuid>>` fields (`#[serde(deserialize_with = …)]`): `null` or a list.
    pub fn deserialize_list<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Vec<Uuid>>, D::Error> {
        struct List;
        impl<'de> Visitor<'de> for List {
            type Value = Option<Vec<Uuid>>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null or a list of uuids")
            }
            fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_seq(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                #[derive(Clone, Copy)]
                struct One;
                impl<'de> serde::de::DeserializeSeed<'de> for One {
                    type Value = Uuid;
                    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Uuid, D::Error> {
                        d.deserialize_str(UuidText)
                    }
                }
                let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(1).min(64));
                while let Some(id) = seq.next_element_seed(One)? {
                    list.push(id);
                }
                Ok(Some(list))
            }
        }
        deserializer.deserialize_option(List)
    }
}

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

pub use super::secret::Secret;

/// A token's scopes as Azure DevOps sends them: one space-separated string. Unknown scopes are
/// kept verbatim (a listed token may carry a scope this catalog does not know).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Scopes(Vec<String>);

impl Scopes {
    /// Splits on whitespace, drops duplicates, keeps the first-seen order.
    pub fn parse(text: &str) -> Self {
        let mut ids: Vec<String> = Vec::new();
        let mut add = |id: &str| {
            if !ids.iter().any(|known| known == id) {
                ids.push(id.to_owned());
            }
        };
        // Scopes are ASCII: split bytes rather than decode characters (every check reads
        // thousands of cached tokens). U+000B counts as whitespace in `split_whitespace` too.
        if text.is_ascii() {
            text.as_bytes()
                .split(|b| b.is_ascii_whitespace() || *b == 0x0b)
                .filter(|id| !id.is_empty())
                .filter_map(|id| std::str::from_utf8(id).ok())
                .for_each(&mut add);
        } else {
            text.split_whitespace().for_each(&mut add);
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
        small_sort::sort_by(&mut a, |x, y| x < y);
        small_sort::sort_by(&mut b, |x, y| x < y);
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
        /// Parses the string where the deserializer holds it (no copy of it first).
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Scopes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("space-separated scopes")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Scopes, E> {
                Ok(Scopes::parse(text))
            }
        }
        deserializer.deserialize_str(Text)
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
    #[serde(default, deserialize_with = "uuid_text::deserialize_list")]
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
    fn scopes_split_on_whitespace_and_drop_duplicates() {
        let scopes = Scopes::parse("  vso.code_write   vso.packaging vso.code_write ");
        assert_eq!(scopes.ids(), ["vso.code_write", "vso.packaging"]);
        for text in ["a\tb\nc\u{b}d\u{c}e\rf", "a\u{a0}b c\u{3000}d e\u{b}f"] {
            let expected: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(Scopes::parse(text).ids(), expected, "{text:?}");
        }
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
        let forms = [
            "3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00",
            "3D3ACA0C-B7A1-4E5F-9E4B-0E7A4E1C9F00",
            "3d3aca0cb7a14e5f9e4b0e7a4e1c9f00",
            "{3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00}",
            "urn:uuid:3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00",
        ];
        for text in forms {
            assert_eq!(uuid_text::parse(text), Uuid::parse_str(text).ok(), "{text}");
            let json = serde_json::Value::String(text.into());
            let read: AuthorizationId =
                serde_json::from_value(json).unwrap_or_else(|_| unreachable!());
            assert_eq!(
                read.uuid(),
                Uuid::from_u128(0x3d3aca0c_b7a1_4e5f_9e4b_0e7a4e1c9f00)
            );
        }
        for text in [
            "3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f0g",
            "3d3aca0c+b7a1-4e5f-9e4b-0e7a4e1c9f00",
            "3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f0",
            "3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f000",
            "3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9fé",
        ] {
            assert_eq!(uuid_text::parse(text), None, "{text}");
            assert_eq!(Uuid::parse_str(text).ok(), None, "{text}");
        }
        assert!(AuthorizationId::parse("00000000-0000-0000-0000-000000000000").is_none());
        let id = AuthorizationId::parse("3D3ACA0C-B7A1-4E5F-9E4B-0E7A4E1C9F00");
        assert_eq!(
            id.map(|i| i.to_string()).as_deref(),
            Some("3d3aca0c-b7a1-4e5f-9e4b-0e7a4e1c9f00")
        );
    }
}
