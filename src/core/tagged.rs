//! Internally tagged enums (`{"type": "hello", "org": …}`) without serde's buffering.
//!
//! serde's `#[serde(tag = "…")]` reads a tagged enum by first copying the value into its
//! private `Content` tree, then reading the variant from that copy; that machinery, generic
//! over every variant, was the largest single piece of each wasm module (about 75 KB of the
//! popup's). Every value here is a `serde_json::Value` on its way in or out anyway (messages and
//! records cross the JS boundary as JSON), so the tag is moved at that level instead:
//! [`internally_tagged!`] gives an enum whose derive is externally tagged
//! (`#[serde(remote = "Self")]`: `{"hello": {"org": …}}`) the internally tagged form on the
//! outside, through [`to_external`] and [`to_internal`]. Every variant must be a struct variant
//! (`Ping {}`), as the internally tagged form needs an object to put the tag in.

use serde_json::{Map, Value};

/// `{"<tag>": "<variant>", …fields}` → `{"<variant>": {…fields}}`.
pub fn to_external(tag: &str, value: Value) -> Result<Value, String> {
    let Value::Object(mut fields) = value else {
        return Err(format!("expected an object with a `{tag}`"));
    };
    let variant = match fields.remove(tag) {
        Some(Value::String(variant)) => variant,
        Some(_) => return Err(format!("`{tag}` must be a string")),
        None => return Err(format!("missing field `{tag}`")),
    };
    let mut external = Map::new();
    external.insert(variant, Value::Object(fields));
    Ok(Value::Object(external))
}

/// `{"<variant>": {…fields}}` → `{"<tag>": "<variant>", …fields}`.
pub fn to_internal(tag: &str, value: Value) -> Result<Value, String> {
    let Value::Object(external) = value else {
        return Err("a tagged enum must have struct variants".to_owned());
    };
    let mut entries = external.into_iter();
    let (Some((variant, Value::Object(fields))), None) = (entries.next(), entries.next()) else {
        return Err("a tagged enum must have struct variants".to_owned());
    };
    let mut internal = Map::new();
    internal.insert(tag.to_owned(), Value::String(variant));
    internal.extend(fields);
    Ok(Value::Object(internal))
}

/// `internally_tagged!(Request, "type")`: `Serialize` and `Deserialize` for an enum derived
/// with `#[serde(remote = "Self")]` (externally tagged), in the internally tagged form.
macro_rules! internally_tagged {
    ($ty:ident, $tag:literal) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::Error as _;
                let external = $ty::serialize(self, ::serde_json::value::Serializer)
                    .map_err(S::Error::custom)?;
                let internal =
                    $crate::core::tagged::to_internal($tag, external).map_err(S::Error::custom)?;
                ::serde::Serialize::serialize(&internal, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let internal: ::serde_json::Value =
                    ::serde::Deserialize::deserialize(deserializer)?;
                let external =
                    $crate::core::tagged::to_external($tag, internal).map_err(D::Error::custom)?;
                $ty::deserialize(external).map_err(D::Error::custom)
            }
        }
    };
}
pub(crate) use internally_tagged;

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(
        remote = "Self",
        rename_all = "camelCase",
        rename_all_fields = "camelCase",
        deny_unknown_fields
    )]
    enum Shape {
        Dot {},
        Square { side_length: u32 },
    }
    internally_tagged!(Shape, "kind");

    #[test]
    fn reads_and_writes_the_internally_tagged_form() {
        let square = Shape::Square { side_length: 3 };
        let json = serde_json::to_value(&square).unwrap();
        assert_eq!(json, json!({"kind": "square", "sideLength": 3}));
        assert_eq!(serde_json::from_value::<Shape>(json).unwrap(), square);
        assert_eq!(
            serde_json::to_value(Shape::Dot {}).unwrap(),
            json!({"kind": "dot"})
        );
        assert_eq!(
            serde_json::from_str::<Shape>(r#"{"sideLength": 4, "kind": "square"}"#).unwrap(),
            Shape::Square { side_length: 4 }
        );
    }

    #[test]
    fn refuses_a_missing_or_unknown_tag_and_unknown_fields() {
        for (bad, says) in [
            (json!({"sideLength": 3}), "missing field `kind`"),
            (json!({"kind": 3}), "`kind` must be a string"),
            (json!({"kind": "circle"}), "unknown variant `circle`"),
            (json!({"kind": "dot", "extra": 1}), "unknown field `extra`"),
            (json!({"kind": "square"}), "missing field `sideLength`"),
            (json!("dot"), "expected an object"),
        ] {
            let error = serde_json::from_value::<Shape>(bad.clone()).unwrap_err();
            assert!(error.to_string().contains(says), "{bad}: {error}");
        }
    }
}
