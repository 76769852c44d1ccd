//! The shape of a JSON answer: its keys and the types of its values, never the values.
//!
//! Diagnostics put the shape of every answer into the report a person may paste into a bug
//! report, so maintainers see what the live service sent without seeing anything it sent
//! (docs/azure-devops.md §11). The same notation is what `tests/fixtures/live/` holds.
//!
//! Notation (itself JSON):
//! - `"null"`, `"boolean"`, `"number"`, `"string"`; a string whose form says something about how
//!   to read it is `"string:uuid"`, `"string:date-time"` (RFC 3339), `"string:ms-date"`
//!   (`/Date(…)/`), `"string:rfc1123"` or `"string:empty"`;
//! - an object is an object of shapes; a key missing from some elements of an array ends in `?`
//!   (`"targetAccounts?"`: so "missing" and `null` stay apart);
//! - an array is `[shape]` (every element merged) or `[]`;
//! - values of different types are `"a|b"` when all are plain, else `{"anyOf": [..]}`, in one
//!   order (objects, arrays, strings, numbers, booleans, `null` last).
//!
//! Keys are masked like any excerpt (a key can be data), objects show at most [`MAX_KEYS`] keys
//! and nesting stops at [`MAX_DEPTH`].

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::mask::mask_secrets;

/// Keys shown per object; the rest are counted under `"…"`.
pub const MAX_KEYS: usize = 60;
/// Levels of nesting shown; deeper values are `"…"`.
pub const MAX_DEPTH: usize = 8;
/// The longest key kept, in characters.
const MAX_KEY_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Null,
    Bool,
    Number,
    Str(Option<&'static str>),
    /// `None`: an empty array.
    Array(Option<Box<Shape>>),
    /// Key → (shape, present in every element merged).
    Object(BTreeMap<String, (Shape, bool)>, usize),
    Union(Vec<Shape>),
    Deep,
}

/// The shape of `value`, in the notation above.
pub fn shape(value: &Value) -> Value {
    render(&of(value, 0))
}

fn of(value: &Value, depth: usize) -> Shape {
    if depth >= MAX_DEPTH {
        return Shape::Deep;
    }
    match value {
        Value::Null => Shape::Null,
        Value::Bool(_) => Shape::Bool,
        Value::Number(_) => Shape::Number,
        Value::String(text) => Shape::Str(form(text)),
        Value::Array(items) => Shape::Array(
            items
                .iter()
                .map(|v| of(v, depth + 1))
                .reduce(merge)
                .map(Box::new),
        ),
        Value::Object(map) => {
            let mut keys = BTreeMap::new();
            for (key, v) in map.iter().take(MAX_KEYS) {
                keys.insert(clean_key(key), (of(v, depth + 1), true));
            }
            Shape::Object(keys, map.len().saturating_sub(MAX_KEYS))
        }
    }
}

/// What a string's form tells a reader; never its content.
fn form(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.is_empty() {
        Some("empty")
    } else if t.len() == 36 && uuid::Uuid::parse_str(t).is_ok() {
        Some("uuid")
    } else if super::wire::timestamp::parse(t).is_some() {
        Some("date-time")
    } else if t.starts_with("/Date(") && t.ends_with(")/") {
        Some("ms-date")
    } else if looks_rfc1123(t) {
        Some("rfc1123")
    } else {
        None
    }
}

fn looks_rfc1123(t: &str) -> bool {
    t.len() == 29 && t.ends_with(" GMT") && t.as_bytes().get(3) == Some(&b',')
}

fn clean_key(key: &str) -> String {
    mask_secrets(key).chars().take(MAX_KEY_CHARS).collect()
}

fn merge(a: Shape, b: Shape) -> Shape {
    match (a, b) {
        (a, b) if a == b => a,
        (Shape::Str(x), Shape::Str(y)) => Shape::Str(if x == y { x } else { None }),
        (Shape::Array(None), Shape::Array(y)) => Shape::Array(y),
        (Shape::Array(x), Shape::Array(None)) => Shape::Array(x),
        (Shape::Array(Some(x)), Shape::Array(Some(y))) => {
            Shape::Array(Some(Box::new(merge(*x, *y))))
        }
        (Shape::Object(mut x, more_x), Shape::Object(mut y, more_y)) => {
            let mut out = BTreeMap::new();
            let keys: Vec<String> = x.keys().chain(y.keys()).cloned().collect();
            for key in keys {
                if out.contains_key(&key) {
                    continue;
                }
                let merged = match (x.remove(&key), y.remove(&key)) {
                    (Some((s, p)), Some((t, q))) => (merge(s, t), p && q),
                    (Some((s, _)), None) | (None, Some((s, _))) => (s, false),
                    (None, None) => continue,
                };
                out.insert(key, merged);
            }
            Shape::Object(out, more_x.max(more_y))
        }
        (Shape::Union(mut xs), other) | (other, Shape::Union(mut xs)) => {
            add_to_union(&mut xs, other);
            Shape::Union(xs)
        }
        (a, b) => {
            let mut xs = vec![a];
            add_to_union(&mut xs, b);
            Shape::Union(xs)
        }
    }
}

/// Adds `shape` to a union, merging it with a member of the same kind.
fn add_to_union(members: &mut Vec<Shape>, shape: Shape) {
    let shapes = match shape {
        Shape::Union(inner) => inner,
        one => vec![one],
    };
    for shape in shapes {
        match members
            .iter()
            .position(|m| std::mem::discriminant(m) == std::mem::discriminant(&shape))
        {
            Some(i) => {
                let member = members.remove(i);
                members.insert(i, merge(member, shape));
            }
            None => members.push(shape),
        }
    }
}

fn render(shape: &Shape) -> Value {
    match shape {
        Shape::Null => "null".into(),
        Shape::Bool => "boolean".into(),
        Shape::Number => "number".into(),
        Shape::Str(None) => "string".into(),
        Shape::Str(Some(form)) => format!("string:{form}").into(),
        Shape::Deep => "…".into(),
        Shape::Array(None) => Value::Array(Vec::new()),
        Shape::Array(Some(item)) => Value::Array(vec![render(item)]),
        Shape::Object(keys, more) => {
            let mut map = Map::new();
            for (key, (shape, always)) in keys {
                let key = if *always {
                    key.clone()
                } else {
                    format!("{key}?")
                };
                map.insert(key, render(shape));
            }
            if *more > 0 {
                map.insert("…".into(), format!("{more} more keys").into());
            }
            Value::Object(map)
        }
        Shape::Union(members) => {
            // One order whatever the answer's: so the same answers give the same shape.
            let mut members: Vec<&Shape> = members.iter().collect();
            members.sort_by_key(|m| rank(m));
            let rendered: Vec<Value> = members.into_iter().map(render).collect();
            if rendered.iter().all(Value::is_string) {
                let names: Vec<&str> = rendered.iter().filter_map(Value::as_str).collect();
                names.join("|").into()
            } else {
                let mut map = Map::new();
                map.insert("anyOf".into(), Value::Array(rendered));
                Value::Object(map)
            }
        }
    }
}

/// Where a type goes in a union: structures first, `null` last (`"string|null"`).
fn rank(shape: &Shape) -> u8 {
    match shape {
        Shape::Object(..) => 0,
        Shape::Array(_) => 1,
        Shape::Str(_) => 2,
        Shape::Number => 3,
        Shape::Bool => 4,
        Shape::Deep => 5,
        Shape::Union(_) => 6,
        Shape::Null => 7,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_and_types_are_shown_and_values_never() {
        let answer = json!({
            "nextRowNumber": 0,
            "sessionTokens": [
                {"authorizationId": "3d3aca0c-9ad3-4b07-8334-08ec8b1ddc32", "displayName": "Ada's secret name",
                 "targetAccounts": ["38aaa865-2c70-4bf7-a308-0c6539c38c1a"], "validTo": "2020-12-01T23:46:23.32Z",
                 "token": null, "isValid": true},
                {"authorizationId": "4c60c9ed-a378-4883-af16-d655ca025b11", "displayName": "",
                 "targetAccounts": null, "validTo": "/Date(1606866383000)/", "isValid": false}
            ]
        });
        let shape = shape(&answer);
        assert_eq!(
            shape,
            json!({
                "nextRowNumber": "number",
                "sessionTokens": [{
                    "authorizationId": "string:uuid",
                    "displayName": "string",
                    "isValid": "boolean",
                    "targetAccounts": {"anyOf": [["string:uuid"], "null"]},
                    "token?": "null",
                    "validTo": "string",
                }]
            })
        );
        let text = shape.to_string();
        for value in ["3d3aca0c", "Ada", "2020-12-01", "1606866383000"] {
            assert!(!text.contains(value), "{value} leaked into {text}");
        }
    }

    #[test]
    fn the_forms_of_strings_are_named() {
        let answer = json!([
            "",
            "2026-12-03T09:05:07Z",
            "/Date(1)/",
            "Sun, 14 Jul 2024 18:14:24 GMT"
        ]);
        assert_eq!(
            shape(&json!({"a": answer[0], "b": answer[1], "c": answer[2], "d": answer[3]})),
            json!({"a": "string:empty", "b": "string:date-time", "c": "string:ms-date", "d": "string:rfc1123"})
        );
    }

    #[test]
    fn scalars_of_several_types_read_as_a_plain_union_and_empty_arrays_as_empty() {
        assert_eq!(shape(&json!([1, null, "x"])), json!(["string|number|null"]));
        assert_eq!(shape(&json!({"value": []})), json!({"value": []}));
        assert_eq!(shape(&json!(7)), json!("number"));
    }

    #[test]
    fn secret_shaped_keys_are_masked_and_nesting_is_bounded() {
        let key = "dip55dwf4vpitomw63jzvomefmi2jluguprzwwqwuc6xq4fhocwq";
        let text = shape(&json!({ key: 1 })).to_string();
        assert!(!text.contains("dip55"), "{text}");
        let mut deep = json!(1);
        for _ in 0..20 {
            deep = json!([deep]);
        }
        assert!(shape(&deep).to_string().contains('…'));
    }
}
