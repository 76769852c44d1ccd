//! Says a [`Text`] in the browser's language: `_locales` messages through `chrome.i18n`,
//! amounts, dates, relative times and lists through `Intl` (`browser::intl`).

use super::words::{DateStyle, Numeric, Text};
use crate::browser::ext::t_with;
use crate::browser::intl;

pub fn say(text: &Text) -> String {
    match text {
        Text::Message(key, args) => {
            let args: Vec<String> = args.iter().map(say).collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            t_with(key, &args)
        }
        Text::Plain(text) => text.clone(),
        Text::Amount(value, unit) => intl::amount(*value, unit.name()),
        Text::Date(at, style) => {
            let fields: &[(&str, &str)] = match style {
                DateStyle::Day => &[("day", "numeric"), ("month", "short"), ("year", "numeric")],
                DateStyle::DayAndTime => &[
                    ("day", "numeric"),
                    ("month", "short"),
                    ("year", "numeric"),
                    ("hour", "numeric"),
                    ("minute", "2-digit"),
                ],
                DateStyle::Medium => &[("dateStyle", "medium"), ("timeStyle", "short")],
            };
            intl::date(*at, fields)
        }
        Text::Relative {
            value,
            unit,
            numeric,
        } => {
            let numeric = match numeric {
                Numeric::Always => "always",
                Numeric::Auto => "auto",
            };
            intl::relative(*value as f64, unit.name(), numeric)
        }
        Text::List(items) => {
            let items: Vec<String> = items.iter().map(say).collect();
            intl::list(&items, "unit")
        }
        Text::Joined(items, separator) => items.iter().map(say).collect::<Vec<_>>().join(separator),
    }
}
