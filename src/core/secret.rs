//! A secret: a token's value, a session bearer, or an answer from Azure DevOps that may hold
//! either. One wrapper for all of them, so that no `Debug`, `Display` or error ever shows one.
//!
//! It has no `Serialize`: a field that writes a secret out on purpose (the popup's `Created`
//! message, the records in `storage.session`) says so with `#[serde(with = "secret::exposed")]`,
//! and everything else cannot.

use std::fmt;

use serde::{Deserialize, Deserializer, Serializer};

#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The value, where it must go: the popup, `storage.session`, a header, a parser.
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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

/// `#[serde(with = "crate::core::secret::exposed")]`: the field is written out as its text.
pub mod exposed {
    use super::*;

    pub fn serialize<S: Serializer>(secret: &Secret, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(secret.expose())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_shows_in_debug_or_display() {
        let secret = Secret::new("abcdefghijklmnopqrstuvwxyz0123456789");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(format!("{secret:#?}"), "Secret(***)");
        assert_eq!(format!("{secret}"), "***");
        assert_eq!(secret.expose(), "abcdefghijklmnopqrstuvwxyz0123456789");
    }

    #[test]
    fn only_a_field_that_says_so_writes_it_out() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Shown {
            #[serde(with = "exposed")]
            secret: Secret,
        }
        let shown = Shown {
            secret: Secret::new("s3cret"),
        };
        let json = serde_json::to_string(&shown).unwrap_or_default();
        assert_eq!(json, r#"{"secret":"s3cret"}"#);
        assert_eq!(serde_json::from_str::<Shown>(&json).ok(), Some(shown));
    }
}
