//! Calendar dates and times of Vietnamese news, and the instants they stand
//! for, on the `time` crate (which tantivy already uses) rather than
//! hand-written calendar arithmetic. Every date path goes through here:
//! dates found in pages ([`super::date`]), dates stored in and read back
//! from the index, and the periods users type for `--from`/`--to`.
//! Outlets print Vietnam time (UTC+7), so that is the zone of every date.

use serde::Serialize;
use time::{Month, PrimitiveDateTime, UtcOffset};

/// Vietnam time (UTC+7), the zone of every date an outlet prints.
pub const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+7 is a valid offset"),
};

/// A calendar date as printed by the source (Vietnam time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(time::Date);

impl Date {
    /// A valid date, or `None` (month 13, 30 February…).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
        time::Date::from_calendar_date(year, month, u8::try_from(day).ok()?)
            .ok()
            .map(Date)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u32 {
        u32::from(u8::from(self.0.month()))
    }

    pub fn day(self) -> u32 {
        u32::from(self.0.day())
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }

    /// `dd/mm/yyyy`, as Vietnamese readers write a date (citations).
    pub fn vietnamese(self) -> String {
        format!("{:02}/{:02}/{:04}", self.day(), self.month(), self.year())
    }

    pub fn next_day(self) -> Option<Date> {
        self.0.next_day().map(Date)
    }

    /// The first day of the next month.
    fn next_month(self) -> Option<Date> {
        match self.month() {
            12 => Date::new(self.year() + 1, 1, 1),
            m => Date::new(self.year(), m + 1, 1),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// Hours and minutes, Vietnam time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    pub hour: u32,
    pub minute: u32,
}

impl Time {
    /// A valid time of day, or `None`.
    pub fn new(hour: u32, minute: u32) -> Option<Time> {
        (hour < 24 && minute < 60).then_some(Time { hour, minute })
    }

    fn of(time: time::Time) -> Time {
        Time {
            hour: u32::from(time.hour()),
            minute: u32::from(time.minute()),
        }
    }

    fn to_time(self) -> time::Time {
        time::Time::from_hms(
            u8::try_from(self.hour).unwrap_or(0),
            u8::try_from(self.minute).unwrap_or(0),
            0,
        )
        .unwrap_or(time::Time::MIDNIGHT)
    }

    /// Parses `HH:MM` (as [`Display`](std::fmt::Display) writes it).
    pub fn parse(text: &str) -> Option<Time> {
        let (h, m) = text.split_once(':')?;
        Time::new(h.parse().ok()?, m.parse().ok()?)
    }
}

/// `HH:MM`, the one way a time is written everywhere (index, JSON, text).
impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The instant a date (and optional time) printed in Vietnam stands for.
pub fn vietnam_instant(date: Date, time: Option<Time>) -> tantivy::DateTime {
    let local = PrimitiveDateTime::new(date.0, time.map_or(time::Time::MIDNIGHT, Time::to_time));
    tantivy::DateTime::from_utc(local.assume_offset(VIETNAM))
}

/// The Vietnam date and time of an instant (the inverse of
/// [`vietnam_instant`]).
pub fn vietnam_date_time(instant: tantivy::DateTime) -> (Date, Time) {
    let local = instant.into_offset(VIETNAM);
    (Date(local.date()), Time::of(local.time()))
}

/// A date and time given with an offset from UTC (`+00:00`, `Z`), as it
/// reads in Vietnam: `2026-02-03T20:30Z` is 4 February, 03:30.
pub fn from_offset(date: Date, time: Time, offset_minutes: i32) -> Option<(Date, Time)> {
    let offset = UtcOffset::from_whole_seconds(offset_minutes.checked_mul(60)?).ok()?;
    let local = PrimitiveDateTime::new(date.0, time.to_time())
        .assume_offset(offset)
        .to_offset(VIETNAM);
    Some((Date(local.date()), Time::of(local.time())))
}

/// Parses a period as users type it for `--from`/`--to`: `2023`,
/// `2023-12`, `2023-12-19`, `12/2023` or `19/12/2023`, into the half-open
/// range of instants `[start, end)` it names, in Vietnam time. `None` when
/// the text is not such a date.
pub fn parse_period(text: &str) -> Option<(tantivy::DateTime, tantivy::DateTime)> {
    let numbers: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let parse = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = match (text.contains('/'), numbers.as_slice()) {
        (false, [y]) => (parse(y)?, None, None),
        (false, [y, m]) => (parse(y)?, Some(parse(m)?), None),
        (false, [y, m, d]) => (parse(y)?, Some(parse(m)?), Some(parse(d)?)),
        (true, [m, y]) => (parse(y)?, Some(parse(m)?), None),
        (true, [d, m, y]) => (parse(y)?, Some(parse(m)?), Some(parse(d)?)),
        _ => return None,
    };
    if !(1000..=9999).contains(&year) {
        return None;
    }
    let year = year as i32;
    let start = Date::new(year, month.unwrap_or(1), day.unwrap_or(1))?;
    let end = match (month, day) {
        (None, _) => Date::new(year + 1, 1, 1),
        (Some(_), None) => start.next_month(),
        (Some(_), Some(_)) => start.next_day(),
    }?;
    Some((vietnam_instant(start, None), vietnam_instant(end, None)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            Date::new(2024, 2, 29).map(Date::iso).as_deref(),
            Some("2024-02-29")
        );
        for (y, m, d) in [(2023, 2, 29), (2023, 13, 1), (2023, 0, 1), (2023, 4, 31)] {
            assert_eq!(Date::new(y, m, d), None, "{y}-{m}-{d}");
        }
        assert_eq!(Date::new(2023, 12, 9).unwrap().vietnamese(), "09/12/2023");
        assert_eq!(
            Date::new(2023, 12, 31).unwrap().next_day(),
            Date::new(2024, 1, 1)
        );
    }

    #[test]
    fn instants_are_vietnam_time() {
        let date = Date::new(2023, 12, 19).unwrap();
        let instant = vietnam_instant(date, Time::new(14, 30));
        // 14:30 in Hà Nội is 07:30 UTC.
        assert_eq!(
            instant.into_timestamp_secs(),
            19_710 * 86_400 + 7 * 3600 + 30 * 60
        );
        assert_eq!(
            vietnam_date_time(instant),
            (date, Time::new(14, 30).unwrap())
        );
        let (d, t) = from_offset(
            Date::new(2026, 2, 3).unwrap(),
            Time::new(20, 30).unwrap(),
            0,
        )
        .unwrap();
        assert_eq!(
            (d.iso(), t.to_string()),
            ("2026-02-04".into(), "03:30".into())
        );
    }

    #[test]
    fn periods() {
        let day = |y, m, d| vietnam_instant(Date::new(y, m, d).unwrap(), None);
        let cases = [
            ("2023", day(2023, 1, 1), day(2024, 1, 1)),
            ("2023-12", day(2023, 12, 1), day(2024, 1, 1)),
            ("2023-02", day(2023, 2, 1), day(2023, 3, 1)),
            ("2023-12-19", day(2023, 12, 19), day(2023, 12, 20)),
            ("19/12/2023", day(2023, 12, 19), day(2023, 12, 20)),
            ("31/12/2023", day(2023, 12, 31), day(2024, 1, 1)),
            ("12/2023", day(2023, 12, 1), day(2024, 1, 1)),
        ];
        for (text, start, end) in cases {
            assert_eq!(parse_period(text), Some((start, end)), "{text}");
        }
        for bad in ["", "hôm qua", "2023-13", "32/12/2023", "2023-02-30", "99"] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }
}
