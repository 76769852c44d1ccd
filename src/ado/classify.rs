//! From what the transport returned to a usable answer or an [`AdoError`].
//!
//! Order matters: a lapsed session can look like a success (fetch follows the 302 to the
//! sign-in page and gets a 200 with HTML; docs/azure-devops.md §3), so the sign-in checks come before the
//! status. The dialects add what only they know (the public API's `patTokenError` in error
//! bodies) through the `domain` hook.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::error::{AdoError, RetryAfter, SignInHint};
use super::mask::excerpt;
use crate::core::secret::Secret;
use crate::ports::{HttpResponse, TransportError};

/// A 2xx answer that is not a sign-in page. Its body is JSON text or empty, and may hold a
/// secret (a create's answer, a session bearer).
#[derive(Debug)]
pub(crate) struct Success {
    pub status: u16,
    pub body: Secret,
}

/// Classifies with no dialect-specific reading of error bodies.
pub(crate) fn classify(reply: Result<HttpResponse, TransportError>) -> Result<Success, AdoError> {
    classify_with(reply, |_| None)
}

/// Classifies; `domain` may recognise a dialect's error in a non-2xx JSON body.
pub(crate) fn classify_with(
    reply: Result<HttpResponse, TransportError>,
    domain: impl Fn(&serde_json::Value) -> Option<AdoError>,
) -> Result<Success, AdoError> {
    let response = reply.map_err(|e| match e {
        TransportError::Timeout(_) => AdoError::Timeout,
        TransportError::Network(_) => AdoError::Network,
        TransportError::NoHostAccess(_) => AdoError::NoHostAccess,
        TransportError::TooLarge { limit } => AdoError::TooLarge { limit },
    })?;
    let status = response.status;
    let signed_out = |hint| Err(AdoError::SignedOut { hint });

    if ends_on_sign_in(&response.final_url) {
        return signed_out(SignInHint::SignInUrl);
    }
    match status {
        // 0 is fetch's `opaqueredirect` (with `redirect: "manual"`).
        0 | 300..=399 => return signed_out(SignInHint::Redirect),
        203 => return signed_out(SignInHint::NonAuthoritative),
        401 => return signed_out(SignInHint::Unauthorized),
        _ => {}
    }
    if looks_html(&response) {
        // A 403 or a 2xx with a page instead of JSON is the sign-in page (docs/azure-devops.md §3);
        // other statuses with HTML are classified by status below.
        if status == 403 || (200..300).contains(&status) {
            return signed_out(SignInHint::SignInPage);
        }
    }
    if (200..300).contains(&status) {
        return Ok(Success {
            status,
            body: response.body,
        });
    }

    let json: Option<serde_json::Value> = parse_value(response.body.expose());
    if let Some(error) = json.as_ref().and_then(&domain) {
        return Err(error);
    }
    let generic = json
        .as_ref()
        .and_then(|v| GenericError::deserialize(v).ok());
    Err(match status {
        403 => AdoError::Forbidden,
        404 => AdoError::NotFound,
        429 => AdoError::RateLimited {
            retry_after: retry_after(&response),
        },
        500..=599 => AdoError::Server { status },
        // The generic error shape (docs/azure-devops.md §3): an `InvalidAccessException` is a
        // refusal of access, whatever the status.
        _ if generic.as_ref().and_then(|g| g.type_key.as_deref())
            == Some("InvalidAccessException") =>
        {
            AdoError::Forbidden
        }
        _ => AdoError::unexpected(
            Some(status),
            match generic.and_then(|g| g.message) {
                Some(message) => excerpt(&message),
                None => excerpt(response.body.expose()),
            },
        ),
    })
}

/// Azure DevOps' generic error body: `{"message", "typeKey", …}`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GenericError {
    message: Option<String>,
    type_key: Option<String>,
}

/// Reads a success body as `T`; a body that does not fit is an unexpected answer.
pub(crate) fn parse<T: DeserializeOwned>(success: &Success) -> Result<T, AdoError> {
    serde_json::from_str(strip_bom(success.body.expose()))
        .map_err(|_| AdoError::unexpected(Some(success.status), excerpt(success.body.expose())))
}

/// Like [`parse`], for answers that may carry a credential (a new token's secret, a session
/// bearer): the excerpt is withheld rather than trusted to masking.
pub(crate) fn parse_secret_bearing<T: DeserializeOwned>(success: &Success) -> Result<T, AdoError> {
    serde_json::from_str(strip_bom(success.body.expose())).map_err(|_| {
        AdoError::unexpected(
            Some(success.status),
            "an answer that could not be read (withheld: it may hold a secret)",
        )
    })
}

pub(crate) fn parse_value(body: &str) -> Option<serde_json::Value> {
    serde_json::from_str(strip_bom(body)).ok()
}

fn strip_bom(body: &str) -> &str {
    body.trim_start_matches('\u{feff}')
}

/// A final URL on Azure DevOps' sign-in route (`…/_signin?realm=…`).
fn ends_on_sign_in(final_url: &str) -> bool {
    let path = final_url.split(['?', '#']).next().unwrap_or_default();
    path.to_ascii_lowercase()
        .split('/')
        .any(|segment| segment == "_signin")
}

/// An HTML content type, or a body that starts like markup.
fn looks_html(response: &HttpResponse) -> bool {
    let declared = response
        .header("content-type")
        .is_some_and(|v| v.to_ascii_lowercase().contains("html"));
    declared
        || strip_bom(response.body.expose())
            .trim_start()
            .starts_with('<')
}

/// `Retry-After` as seconds or an HTTP date. A date is measured against the response's own
/// `Date` header when there is one (the server's clock on both sides), else left to the engine.
fn retry_after(response: &HttpResponse) -> Option<RetryAfter> {
    let value = response.header("retry-after")?.trim();
    if let Ok(seconds) = value.parse::<u32>() {
        return Some(RetryAfter::Seconds(seconds));
    }
    let at = http_date(value)?;
    match response.header("date").and_then(http_date) {
        Some(date) => Some(RetryAfter::Seconds(
            u32::try_from((at - date).whole_seconds().max(0)).unwrap_or(u32::MAX),
        )),
        None => Some(RetryAfter::At(at)),
    }
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110's form of an HTTP date), or the
/// RFC 2822 date it descends from (`6 Nov 1994 08:49 +0000`: the weekday and seconds optional,
/// a numeric zone).
fn http_date(text: &str) -> Option<OffsetDateTime> {
    let text = text.trim();
    // The weekday says nothing the date does not.
    let text = text.split_once(',').map_or(text, |(_, rest)| rest);
    let mut parts = text.split_ascii_whitespace();
    let day: u8 = parts.next().filter(|d| d.len() <= 2)?.parse().ok()?;
    let month = parts.next()?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month))
        .and_then(|i| u8::try_from(i + 1).ok())
        .and_then(|m| Month::try_from(m).ok())?;
    let year: i32 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let mut field = |required: bool| -> Option<u8> {
        match clock.next() {
            Some(f) if f.len() == 2 => f.parse().ok(),
            None if !required => Some(0),
            _ => None,
        }
    };
    let (hour, minute, second) = (field(true)?, field(true)?, field(false)?);
    let offset = match parts.next()? {
        "GMT" | "UT" | "UTC" | "Z" => UtcOffset::UTC,
        zone => {
            let (sign, digits) = zone.split_at_checked(1)?;
            let sign = match sign {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hours: i8 = digits.get(..2)?.parse().ok()?;
            let minutes: i8 = digits.get(2..)?.parse().ok()?;
            UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?
        }
    };
    if parts.next().is_some() {
        return None;
    }
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(
        PrimitiveDateTime::new(date, time)
            .assume_offset(offset)
            .to_offset(UtcOffset::UTC),
    )
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_success_never_prints_its_body() {
        let success = classify(Ok(crate::ports::fakes::json_response(
            200,
            &serde_json::json!({"token": "the-new-tokens-secret"}),
        )))
        .unwrap();
        let printed = format!("{success:?}");
        assert!(!printed.contains("the-new-tokens-secret"), "{printed}");
        assert!(printed.contains("200"));
    }

    #[test]
    fn http_dates_parse() {
        assert_eq!(
            http_date("Sun, 14 Jul 2024 18:14:24 GMT"),
            Some(datetime!(2024-07-14 18:14:24 UTC))
        );
        assert_eq!(
            http_date("Sun, 6 Nov 1994 08:49 +0130"),
            Some(datetime!(1994-11-06 07:19 UTC))
        );
        assert_eq!(
            http_date("14 jul 2024 18:14:24 UT"),
            Some(datetime!(2024-07-14 18:14:24 UTC))
        );
        for text in [
            "soon",
            "",
            "Sun, 14 Jul 2024 18:14:24",
            "Sun, 14 Jul 2024 18:14:24 GMT extra",
            "Sun, 31 Feb 2024 18:14:24 GMT",
            "Sun, 14 Jux 2024 18:14:24 GMT",
            "Sun, 14 Jul 24 18:14:24 GMT",
            "Sun, 14 Jul 2024 18:14:24 +01",
            "Sun, 14 Jul 2024 25:14:24 GMT",
        ] {
            assert_eq!(http_date(text), None, "{text}");
        }
    }

    #[test]
    fn a_signin_segment_anywhere_in_the_path_is_a_sign_in_url() {
        assert!(ends_on_sign_in(
            "https://spsprod.vssps.visualstudio.com/_signin?realm=dev.azure.com"
        ));
        assert!(ends_on_sign_in("https://x/a/_SignIn"));
        assert!(!ends_on_sign_in(
            "https://dev.azure.com/org/_apis/x?next=_signin"
        ));
        assert!(!ends_on_sign_in(""));
    }
}
