//! Azure DevOps' timestamps, read leniently and written in one fixed form.
//!
//! Microsoft's examples show 2, 3 and 7 fractional digits (`…23.32Z`, `…23.319Z`,
//! `…57.5233333Z`; docs/azure-devops.md §7.4). Accepted: RFC 3339 with any number of fractional digits and
//! any offset, and the same without an offset, which is taken as UTC (the service works in UTC
//! and .NET drops the `Z` of an unspecified-kind date).

use time::{OffsetDateTime, UtcOffset};

use crate::core::rfc3339;

pub(crate) fn parse(text: &str) -> Option<OffsetDateTime> {
    let (local, rest) = rfc3339::parse_local(text.trim())?;
    if rest.is_empty() {
        return Some(local.assume_utc());
    }
    Some(
        local
            .assume_offset(rfc3339::parse_offset(rest)?)
            .to_offset(UtcOffset::UTC),
    )
}

/// `2020-12-01T23:46:23.319Z`: UTC, milliseconds, as Microsoft's examples send.
pub(crate) fn format(at: OffsetDateTime) -> String {
    rfc3339::format_utc_millis(at)
}

/// `Sun, 14 Jul 2024 18:14:24 GMT`: RFC 1123 (.NET's `"R"` format), the form the token page
/// sends as `pageRequestTimeStamp` and the server parses exactly (docs/azure-devops.md §4.3).
pub(crate) fn format_rfc1123(at: OffsetDateTime) -> String {
    rfc3339::format_http_date(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn zero_to_seven_fractional_digits_with_or_without_z_parse() {
        let cases = [
            ("2020-12-01T23:46:23Z", datetime!(2020-12-01 23:46:23 UTC)),
            (
                "2020-12-01T23:46:23.3Z",
                datetime!(2020-12-01 23:46:23.3 UTC),
            ),
            (
                "2020-12-01T23:46:23.32Z",
                datetime!(2020-12-01 23:46:23.32 UTC),
            ),
            (
                "2020-12-01T23:46:23.319Z",
                datetime!(2020-12-01 23:46:23.319 UTC),
            ),
            (
                "2020-11-23T04:04:38.5233333Z",
                datetime!(2020-11-23 04:04:38.5233333 UTC),
            ),
            (
                "2020-11-23T04:04:38.5233333",
                datetime!(2020-11-23 04:04:38.5233333 UTC),
            ),
            ("2020-11-23T04:04:38", datetime!(2020-11-23 04:04:38 UTC)),
            (
                "2020-11-23T05:04:38+01:00",
                datetime!(2020-11-23 04:04:38 UTC),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn garbage_does_not_parse() {
        for text in [
            "",
            "yesterday",
            "2020-13-01T00:00:00Z",
            "/Date(1606866383000)/",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn rfc1123_is_the_token_pages_form() {
        assert_eq!(
            format_rfc1123(datetime!(2024-07-14 20:14:24.9 +02:00)),
            "Sun, 14 Jul 2024 18:14:24 GMT"
        );
        assert_eq!(
            format_rfc1123(datetime!(2026-12-03 09:05:07 UTC)),
            "Thu, 03 Dec 2026 09:05:07 GMT"
        );
    }

    #[test]
    fn formats_as_utc_with_milliseconds() {
        let at = datetime!(2020-12-02 00:46:23.3199 +01:00);
        assert_eq!(format(at), "2020-12-01T23:46:23.319Z");
        assert_eq!(
            parse(&format(at)).unwrap(),
            datetime!(2020-12-01 23:46:23.319 UTC)
        );
    }
}
