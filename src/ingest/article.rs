//! The article record every later stage works with: what ingestion extracts
//! from a file and what the index stores.

use serde::Serialize;

use crate::gazetteer::Locality;

/// A calendar date as printed by the source (Vietnam time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// A valid date, or `None` (month 13, 30 February…).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian), for timestamps.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
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

/// One article, extracted and cleaned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Stable id: file stem, the record's own `id`, or `file#line`.
    pub id: String,
    /// The file the article came from.
    pub path: String,
    pub title: String,
    /// Publication date; `None` when the source does not state one.
    pub date: Option<Date>,
    pub time: Option<Time>,
    /// A year guessed from the text when no date is stated, marked as such.
    pub date_inferred: Option<i32>,
    /// Display name of the outlet (`ĐCSVN`, `Báo Pháp luật Việt Nam`…).
    pub source: Option<String>,
    pub url: Option<String>,
    #[serde(flatten)]
    pub locality: Locality,
    /// Article text without site boilerplate.
    pub body: String,
    /// The text as found in the file, for display.
    #[serde(skip)]
    pub original: String,
    /// The line of a JSON Lines file the article came from (1-based).
    #[serde(skip)]
    pub line: Option<u64>,
    /// Problems met while extracting this article.
    pub warnings: Vec<String>,
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
        assert_eq!(Date::new(2023, 2, 29), None);
        assert_eq!(Date::new(2023, 13, 1), None);
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2023, 12, 19).unwrap().days_since_epoch(), 19710);
    }
}
