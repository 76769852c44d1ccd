//! The `Notifier` port over `chrome.notifications` and `chrome.action`'s badge. The engine hands
//! over typed content; the words come from `_locales` (`locales/en/watch.json`) and dates and
//! durations from `Intl`, in the browser's language.

use time::OffsetDateTime;

use super::ext::{self, t, t_with};
use super::js_error_text;
use crate::core::notification::{
    Badge, Button, ExtendFailure, Freshness, Notification, NotificationContent, RotateFailure,
};
use crate::core::org::OrgLabel;
use crate::core::relative::{RelativeTime, TimeUnit};
use crate::ports::{Notifier, NotifierError};

pub struct BrowserNotifier;

impl Notifier for BrowserNotifier {
    async fn notify(&self, n: Notification) -> Result<(), NotifierError> {
        let (title, message) = words(&n.content);
        let buttons = n.content.buttons().iter().map(|b| button(*b)).collect();
        ext::notify(&n.id, &title, &message, buttons)
            .await
            .map(drop)
            .map_err(|e| NotifierError(js_error_text(&e)))
    }

    async fn clear(&self, id: &str) -> Result<(), NotifierError> {
        ext::clear_notification(id)
            .await
            .map(drop)
            .map_err(|e| NotifierError(js_error_text(&e)))
    }

    async fn set_badge(&self, badge: Badge) -> Result<(), NotifierError> {
        ext::set_badge(&badge.text, badge.warning)
            .await
            .map(drop)
            .map_err(|e| NotifierError(js_error_text(&e)))
    }
}

fn button(button: Button) -> String {
    match button {
        Button::Extend => t("watch_button_extend"),
        Button::Open => t("watch_button_open"),
        Button::Rotate => t("watch_button_rotate"),
    }
}

/// The title and the message of a notification.
fn words(content: &NotificationContent) -> (String, String) {
    match content {
        NotificationContent::Warning {
            org,
            token_name,
            expires_at,
            remaining,
            freshness,
        } => {
            let org = match org {
                OrgLabel::Named(name) => name.as_str().to_owned(),
                OrgLabel::Unnamed(id) => t_with("watch_org_unnamed", &[&id.to_string()]),
            };
            let title = t_with("watch_warning_title", &[token_name, &org]);
            let mut message = t_with(
                "watch_warning_message",
                &[&relative(*remaining), &day(*expires_at, *remaining)],
            );
            if let Freshness::Stale { since } = freshness {
                message.push('\n');
                message.push_str(&match since {
                    Some(at) => t_with("watch_stale_since", &[&date_time(*at)]),
                    None => t("watch_stale_never"),
                });
            }
            (title, message)
        }
        NotificationContent::GlobalSummary {
            tokens,
            retires_at,
            remaining,
            ..
        } => {
            let items: Vec<String> = tokens
                .iter()
                .map(|(name, org)| t_with("watch_global_item", &[name, org.as_str()]))
                .collect();
            (
                t_with("watch_global_title", &[&relative(*remaining)]),
                t_with(
                    "watch_global_message",
                    &[&day(*retires_at, *remaining), &list(&items)],
                ),
            )
        }
        NotificationContent::Extended {
            org,
            token_name,
            valid_to,
            policy_limited,
        } => {
            let key = if *policy_limited {
                "watch_extended_limited"
            } else {
                "watch_extended_message"
            };
            (
                t_with("watch_extended_title", &[token_name, org.as_str()]),
                t_with(key, &[&long_day(*valid_to)]),
            )
        }
        NotificationContent::ExtendFailed {
            org,
            token_name,
            why,
        } => {
            let name = if token_name.is_empty() {
                t("watch_token_unnamed")
            } else {
                token_name.clone()
            };
            // A token of an organization nobody can name was warned about under the one it was
            // listed through: that one is not its organization.
            let org = if *why == ExtendFailure::OtherOrganization {
                t("watch_org_unnamed_short")
            } else {
                org.as_str().to_owned()
            };
            (
                t_with("watch_extend_failed_title", &[&name, &org]),
                t_with(failure_key(*why), &[&org]),
            )
        }
        NotificationContent::Rotated {
            org,
            token_name,
            replaces,
            kept,
        } => {
            let old = if replaces.is_empty() {
                t("watch_token_unnamed")
            } else {
                replaces.clone()
            };
            (
                t_with("watch_rotated_title", &[token_name, org.as_str()]),
                match kept {
                    true => t_with("watch_rotated_message", &[&old]),
                    false => t_with("watch_rotated_not_kept_message", &[&old]),
                },
            )
        }
        NotificationContent::RotateFailed {
            org,
            token_name,
            why,
        } => {
            let name = if token_name.is_empty() {
                t("watch_token_unnamed")
            } else {
                token_name.clone()
            };
            (
                t_with("watch_rotate_failed_title", &[&name, org.as_str()]),
                t_with(rotate_failure_key(*why), &[org.as_str()]),
            )
        }
    }
}

/// Why a rotation failed, in a sentence the person can act on.
fn rotate_failure_key(why: RotateFailure) -> &'static str {
    match why {
        RotateFailure::SignedOut => "watch_extend_failed_signed_out",
        RotateFailure::Unreachable => "watch_extend_failed_unreachable",
        RotateFailure::NoHostAccess => "watch_extend_failed_no_access",
        RotateFailure::Other => "watch_rotate_failed_other",
    }
}

/// Why an extension failed, in a sentence the person can act on.
fn failure_key(why: ExtendFailure) -> &'static str {
    match why {
        ExtendFailure::SignedOut => "watch_extend_failed_signed_out",
        ExtendFailure::Expired => "watch_extend_failed_expired",
        ExtendFailure::Policy => "watch_extend_failed_policy",
        ExtendFailure::NotFound => "watch_extend_failed_not_found",
        ExtendFailure::Unsupported => "watch_extend_failed_unsupported",
        ExtendFailure::NoRoute => "watch_extend_failed_no_route",
        ExtendFailure::Unreachable => "watch_extend_failed_unreachable",
        ExtendFailure::NoHostAccess => "watch_extend_failed_no_access",
        ExtendFailure::OtherOrganization => "watch_extend_failed_other_org",
        ExtendFailure::Other => "watch_extend_failed_other",
    }
}

fn format_date(at: OffsetDateTime, pairs: &[(&str, &str)]) -> String {
    super::intl::date(at, pairs)
}

/// "Tue, Dec 1" (with the time of day when it is less than two days away: then the day alone
/// says too little).
fn day(at: OffsetDateTime, remaining: RelativeTime) -> String {
    let soon = matches!(
        remaining,
        RelativeTime::Span {
            unit: TimeUnit::Minutes | TimeUnit::Hours,
            ..
        } | RelativeTime::Span {
            unit: TimeUnit::Days,
            amount: 0..=1,
            ..
        }
    );
    let mut pairs = vec![("weekday", "short"), ("day", "numeric"), ("month", "short")];
    if soon {
        pairs.extend([("hour", "numeric"), ("minute", "2-digit")]);
    }
    format_date(at, &pairs)
}

/// "Mon, Dec 28, 2026".
fn long_day(at: OffsetDateTime) -> String {
    format_date(
        at,
        &[
            ("weekday", "short"),
            ("day", "numeric"),
            ("month", "short"),
            ("year", "numeric"),
        ],
    )
}

/// "Nov 27, 2026, 4:05 PM".
fn date_time(at: OffsetDateTime) -> String {
    format_date(at, &[("dateStyle", "medium"), ("timeStyle", "short")])
}

/// "in 3 days", "in 12 hours".
fn relative(remaining: RelativeTime) -> String {
    super::intl::relative_time(remaining, "always")
}

/// "a, b and c", as the language joins a list.
fn list(items: &[String]) -> String {
    super::intl::list(items, "conjunction")
}
