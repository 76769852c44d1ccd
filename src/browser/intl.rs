//! `Intl` in the browser's language: dates, relative times, amounts with units and lists. The
//! one place that builds `Intl` formatters, for the popup, the options page and notifications.

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use time::OffsetDateTime;
use wasm_bindgen::JsValue;

use super::ext::ui_language;
use crate::core::relative::{RelativeTime, Tense, TimeUnit};

fn locales() -> Array {
    Array::of1(&JsValue::from_str(&ui_language()))
}

/// `{key: value, …}` for an `Intl` constructor.
fn options(pairs: &[(&str, &str)]) -> Object {
    let object = Object::new();
    for (key, value) in pairs {
        // A plain property on a fresh object: cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    object
}

/// Calls a bound `format` getter on one value.
fn call_format(format: Function, value: &JsValue) -> String {
    format
        .call1(&JsValue::NULL, value)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A date (and time) with `Intl.DateTimeFormat` options such as
/// `[("day", "numeric"), ("month", "short")]` or `[("dateStyle", "medium")]`.
pub fn date(at: OffsetDateTime, fields: &[(&str, &str)]) -> String {
    let millis = (at.unix_timestamp_nanos() / 1_000_000) as f64;
    let format = Intl::DateTimeFormat::new(&locales(), &options(fields));
    call_format(format.format(), &Date::new(&JsValue::from_f64(millis)))
}

/// "30 days", "1 day", "45 seconds": a number with its unit, plural as the language wants.
pub fn amount(value: u32, unit: &str) -> String {
    let format = Intl::NumberFormat::new(
        &locales(),
        &options(&[("style", "unit"), ("unit", unit), ("unitDisplay", "long")]),
    );
    call_format(format.format(), &JsValue::from_f64(f64::from(value)))
}

/// The `Intl.RelativeTimeFormat` unit of a core time unit.
pub fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Minutes => "minute",
        TimeUnit::Hours => "hour",
        TimeUnit::Days => "day",
    }
}

/// "in 3 days", "2 hours ago"; `numeric` is `"always"` ("in 1 day") or `"auto"` ("tomorrow").
pub fn relative(value: f64, unit: &str, numeric: &str) -> String {
    let format = Intl::RelativeTimeFormat::new(&locales(), &options(&[("numeric", numeric)]));
    String::from(format.format(value, unit))
}

/// The core's relative time, worded: `Today` as "in 0 days" / "today" (by `numeric`).
pub fn relative_time(time: RelativeTime, numeric: &str) -> String {
    match time {
        RelativeTime::Today => relative(0.0, "day", numeric),
        RelativeTime::Span {
            amount,
            unit,
            tense,
        } => {
            let value = match tense {
                Tense::Future => f64::from(amount),
                Tense::Past => -f64::from(amount),
            };
            relative(value, unit_name(unit), numeric)
        }
    }
}

/// A list as the language joins one: `kind` `"conjunction"` ("a, b and c") or `"unit"`
/// ("a, b, c").
pub fn list(items: &[String], kind: &str) -> String {
    let array: Array = items.iter().map(|s| JsValue::from_str(s)).collect();
    String::from(Intl::ListFormat::new(&locales(), &options(&[("type", kind)])).format(&array))
}
