//! RFC 3339 instants (`2026-12-01T09:30:00.25Z`), read and written by hand.
//!
//! Every stored record and every message writes its instants this way. `time`'s own parsing
//! and formatting (format descriptions, the well-known formats) cost more wasm than the rest of
//! `time` together, in every module, for the two forms PAT Pilot reads and writes: this module
//! does both in a few hundred bytes, and `time` keeps the calendar arithmetic. The output is
//! the one `time::format_description::well_known::Rfc3339` wrote before (records written by
//! earlier versions read back unchanged; `tests` below check both ways).

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// Reads an RFC 3339 date-time: `T` or `t` between date and time, any number of fractional
/// digits (nanoseconds kept), `Z`, `z` or `±hh:mm`. `None` for anything else (no leap seconds).
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    let (local, rest) = parse_local(text)?;
    let offset = parse_offset(rest)?;
    Some(local.assume_offset(offset))
}

/// The date and time of day at the start of `text`, and what follows them.
pub(crate) fn parse_local(text: &str) -> Option<(PrimitiveDateTime, &str)> {
    let mut c = Cursor(text.as_bytes());
    let year = c.number(4)?;
    c.byte(b'-')?;
    let month = Month::try_from(u8::try_from(c.number(2)?).ok()?).ok()?;
    c.byte(b'-')?;
    let day = u8::try_from(c.number(2)?).ok()?;
    c.byte_of(b"Tt")?;
    let hour = c.number(2)?;
    c.byte(b':')?;
    let minute = c.number(2)?;
    c.byte(b':')?;
    let second = c.number(2)?;
    let mut nanos = 0u32;
    if c.byte(b'.').is_some() {
        let digits = c.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        // Nanoseconds: the first nine digits, padded; further digits are below what `time` holds.
        for i in 0..9 {
            let digit = c.0.get(i).filter(|_| i < digits).map_or(0, |b| b - b'0');
            nanos = nanos * 10 + u32::from(digit);
        }
        c.0 = &c.0[digits..];
    }
    let date = Date::from_calendar_date(i32::try_from(year).ok()?, month, day).ok()?;
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    // The cursor only ever advances over ASCII, so the rest starts on a character boundary.
    let rest = text.get(text.len() - c.0.len()..)?;
    Some((PrimitiveDateTime::new(date, time), rest))
}

/// `Z`, `z` or `±hh:mm`, and nothing after it.
pub(crate) fn parse_offset(text: &str) -> Option<UtcOffset> {
    let mut c = Cursor(text.as_bytes());
    let offset = if c.byte_of(b"Zz").is_some() {
        UtcOffset::UTC
    } else {
        let negative = c.byte_of(b"+-")? == b'-';
        let hours = i8::try_from(c.number(2)?).ok()?;
        c.byte(b':')?;
        let minutes = i8::try_from(c.number(2)?).ok()?;
        if hours > 23 || minutes > 59 {
            return None;
        }
        let sign = if negative { -1 } else { 1 };
        UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?
    };
    c.0.is_empty().then_some(offset)
}

/// Writes `at` as RFC 3339, as `time` did: `Z` for UTC, else its offset; fractional seconds
/// only when there are any, without trailing zeros. `None` for a year outside 0–9999 or an
/// offset with seconds, which RFC 3339 cannot write.
pub fn format(at: OffsetDateTime) -> Option<String> {
    let offset = at.offset();
    if !(0..=9999).contains(&at.year()) || offset.seconds_past_minute() != 0 {
        return None;
    }
    let mut out = String::with_capacity(30);
    push_local(&mut out, at);
    let nanos = at.nanosecond();
    if nanos != 0 {
        let mut digits = 9;
        let mut value = nanos;
        while value % 10 == 0 {
            value /= 10;
            digits -= 1;
        }
        out.push('.');
        push_padded(&mut out, value, digits);
    }
    if offset.is_utc() {
        out.push('Z');
    } else {
        out.push(if offset.is_negative() { '-' } else { '+' });
        push_padded(&mut out, u32::from(offset.whole_hours().unsigned_abs()), 2);
        out.push(':');
        push_padded(
            &mut out,
            u32::from(offset.minutes_past_hour().unsigned_abs()),
            2,
        );
    }
    Some(out)
}

/// `2020-12-01T23:46:23.319Z`: in UTC, always with milliseconds (Azure DevOps' own form).
/// Years beyond 9999 are written as the last instant of 9999.
pub fn format_utc_millis(at: OffsetDateTime) -> String {
    let utc = at.to_offset(UtcOffset::UTC);
    if !(0..=9999).contains(&utc.year()) {
        return "9999-12-31T23:59:59.999Z".to_owned();
    }
    let mut out = String::with_capacity(24);
    push_local(&mut out, utc);
    out.push('.');
    push_padded(&mut out, u32::from(utc.millisecond()), 3);
    out.push('Z');
    out
}

/// `Sun, 14 Jul 2024 18:14:24 GMT`: an IMF-fixdate (RFC 9110's HTTP date, .NET's `"R"`), in
/// UTC, whole seconds. Years beyond 9999 are written as the last second of 9999.
pub fn format_http_date(at: OffsetDateTime) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let utc = at.to_offset(UtcOffset::UTC);
    if !(0..=9999).contains(&utc.year()) {
        return "Fri, 31 Dec 9999 23:59:59 GMT".to_owned();
    }
    let name = |names: &[&'static str], i: u8| names.get(usize::from(i)).copied().unwrap_or("");
    let mut out = String::with_capacity(29);
    out.push_str(name(&DAYS, utc.weekday().number_days_from_monday()));
    out.push_str(", ");
    push_padded(&mut out, u32::from(utc.day()), 2);
    out.push(' ');
    out.push_str(name(&MONTHS, u8::from(utc.month()) - 1));
    out.push(' ');
    push_padded(&mut out, utc.year().unsigned_abs(), 4);
    out.push(' ');
    push_padded(&mut out, u32::from(utc.hour()), 2);
    out.push(':');
    push_padded(&mut out, u32::from(utc.minute()), 2);
    out.push(':');
    push_padded(&mut out, u32::from(utc.second()), 2);
    out.push_str(" GMT");
    out
}

/// `yyyy-mm-ddThh:mm:ss` (the year is known to be 0–9999).
fn push_local(out: &mut String, at: OffsetDateTime) {
    push_padded(out, at.year().unsigned_abs(), 4);
    out.push('-');
    push_padded(out, u32::from(u8::from(at.month())), 2);
    out.push('-');
    push_padded(out, u32::from(at.day()), 2);
    out.push('T');
    push_padded(out, u32::from(at.hour()), 2);
    out.push(':');
    push_padded(out, u32::from(at.minute()), 2);
    out.push(':');
    push_padded(out, u32::from(at.second()), 2);
}

/// `value` in decimal, zero-padded to `width` digits.
fn push_padded(out: &mut String, value: u32, width: u32) {
    let mut divisor = 10u32.pow(width.saturating_sub(1));
    let mut value = value;
    // Wider values than `width` keep all their digits.
    while divisor > 0 && value / divisor >= 10 {
        divisor *= 10;
    }
    while divisor > 0 {
        let digit = u8::try_from(value / divisor % 10).unwrap_or(0);
        out.push(char::from(b'0' + digit));
        value %= divisor;
        divisor /= 10;
    }
}

/// The unread rest of an ASCII text.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn byte(&mut self, expected: u8) -> Option<()> {
        self.byte_of(&[expected]).map(drop)
    }

    fn byte_of(&mut self, any: &[u8]) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        any.contains(&first).then(|| {
            self.0 = rest;
            first
        })
    }

    /// Exactly `digits` decimal digits.
    fn number(&mut self, digits: usize) -> Option<u32> {
        let (head, rest) = self.0.split_at_checked(digits)?;
        let mut value = 0u32;
        for b in head {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.0 = rest;
        Some(value)
    }
}

/// `#[serde(with = "crate::core::rfc3339::serde")]`: an instant as an RFC 3339 string.
pub mod serde {
    use ::serde::de::Error as _;
    use ::serde::ser::Error as _;
    use ::serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;

    pub fn serialize<S: Serializer>(at: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        let text = super::format(*at)
            .ok_or_else(|| S::Error::custom("an instant RFC 3339 cannot write"))?;
        serializer.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<OffsetDateTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse(&text).ok_or_else(|| D::Error::custom("not an RFC 3339 date-time"))
    }

    /// The same for `Option<OffsetDateTime>` (`null` for `None`).
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(
            at: &Option<OffsetDateTime>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match at {
                Some(at) => super::serialize(at, serializer),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<OffsetDateTime>, D::Error> {
            match Option::<String>::deserialize(deserializer)? {
                Some(text) => super::super::parse(&text)
                    .map(Some)
                    .ok_or_else(|| D::Error::custom("not an RFC 3339 date-time")),
                None => Ok(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn reads_utc_offsets_and_any_number_of_fractional_digits() {
        let cases = [
            ("2020-12-01T23:46:23Z", datetime!(2020-12-01 23:46:23 UTC)),
            ("2020-12-01t23:46:23z", datetime!(2020-12-01 23:46:23 UTC)),
            (
                "2020-12-01T23:46:23.3Z",
                datetime!(2020-12-01 23:46:23.3 UTC),
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
                "2020-11-23T04:04:38.123456789123Z",
                datetime!(2020-11-23 04:04:38.123456789 UTC),
            ),
            (
                "2020-11-23T05:04:38+01:00",
                datetime!(2020-11-23 05:04:38 +01:00),
            ),
            (
                "2020-11-22T23:34:38-04:30",
                datetime!(2020-11-22 23:34:38 -04:30),
            ),
            ("2024-02-29T00:00:00Z", datetime!(2024-02-29 00:00 UTC)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_rfc_3339() {
        for text in [
            "",
            "yesterday",
            "2020-12-01",
            "2020-12-01T23:46:23",
            "2020-12-01 23:46:23Z",
            "2020-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2020-12-01T24:00:00Z",
            "2020-12-01T23:60:00Z",
            "2020-12-01T23:59:60Z",
            "2020-12-01T23:46:23.Z",
            "2020-12-01T23:46:23Z ",
            "2020-12-01T23:46:23+0100",
            "2020-12-01T23:46:23+01:60",
            "2020-12-01T23:46:23+24:00",
            "+2020-12-01T23:46:23Z",
            "２020-12-01T23:46:23Z",
            "2020-12-01T23:46:23.３Z",
        ] {
            assert_eq!(parse(text), None, "{text:?}");
        }
    }

    #[test]
    fn writes_what_time_wrote() {
        use time::format_description::well_known::Rfc3339;
        let cases = [
            datetime!(2026-12-01 00:00 UTC),
            datetime!(2020-12-01 23:46:23.319 UTC),
            datetime!(2020-12-01 23:46:23.3 UTC),
            datetime!(2020-12-01 23:46:23.000000001 UTC),
            datetime!(2020-12-01 23:46:23.12345678 UTC),
            datetime!(2020-11-23 05:04:38 +01:00),
            datetime!(2020-11-22 23:34:38.5 -04:30),
            datetime!(0001-01-01 00:00 UTC),
            datetime!(9999-12-31 23:59:59.999999999 UTC),
        ];
        for at in cases {
            let ours = format(at).unwrap();
            assert_eq!(ours, at.format(&Rfc3339).unwrap());
            assert_eq!(parse(&ours), Some(at));
            assert_eq!(OffsetDateTime::parse(&ours, &Rfc3339).unwrap(), at);
        }
    }

    #[test]
    fn writes_http_dates_as_time_wrote_them() {
        let form = time::macros::format_description!(
            version = 2,
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        );
        let cases = [
            datetime!(2024-07-14 20:14:24.9 +02:00),
            datetime!(2026-12-03 09:05:07 UTC),
            datetime!(2026-02-28 23:59:59.999 -01:00),
            datetime!(0001-01-01 00:00 UTC),
            datetime!(9999-12-31 23:59:59 UTC),
        ];
        for at in cases {
            let utc = at.to_offset(UtcOffset::UTC);
            assert_eq!(format_http_date(at), utc.format(&form).unwrap(), "{at}");
        }
    }

    #[test]
    fn refuses_to_write_what_rfc_3339_cannot() {
        assert_eq!(format(datetime!(-0001-01-01 00:00 UTC)), None);
        assert_eq!(format(datetime!(2020-01-01 00:00 +01:00:30)), None);
    }

    #[test]
    fn the_wire_form_is_utc_with_milliseconds() {
        let at = datetime!(2020-12-02 00:46:23.3199 +01:00);
        assert_eq!(format_utc_millis(at), "2020-12-01T23:46:23.319Z");
        assert_eq!(
            format_utc_millis(datetime!(2020-01-02 03:04:05 UTC)),
            "2020-01-02T03:04:05.000Z"
        );
    }

    #[test]
    fn serde_round_trips_and_refuses_garbage() {
        #[derive(::serde::Serialize, ::serde::Deserialize, Debug, PartialEq)]
        struct At {
            #[serde(with = "crate::core::rfc3339::serde")]
            at: OffsetDateTime,
            #[serde(with = "crate::core::rfc3339::serde::option")]
            maybe: Option<OffsetDateTime>,
        }
        let value = At {
            at: datetime!(2026-12-01 09:30:00.25 UTC),
            maybe: None,
        };
        let json = serde_json::to_value(&value).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"at": "2026-12-01T09:30:00.25Z", "maybe": null})
        );
        assert_eq!(serde_json::from_value::<At>(json).unwrap(), value);
        let garbled = serde_json::json!({"at": "tomorrow", "maybe": null});
        assert!(serde_json::from_value::<At>(garbled).is_err());
        let garbled = serde_json::json!({"at": "2026-12-01T09:30:00Z", "maybe": 5});
        assert!(serde_json::from_value::<At>(garbled).is_err());
    }
}
