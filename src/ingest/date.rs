//! Publication dates as Vietnamese news sites print them.
//!
//! `Thứ ba, 19/12/2023 14:30`, `29/09/2023 - 13:34`, `T3, 19-12-2023 9h05`,
//! `14h30 ngày 19/12/2023`, `ngày 5 tháng 3 năm 2024`, ISO in JSON. A date
//! is only a publication date where the page prints it as one (a short
//! dateline near the headline): `Sáng ngày 18/01/2024, Ban Dân vận…` is an
//! event in the story, and a day without a year (`Chiều 7/1`) needs context
//! we do not have, so neither is taken.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::calendar::{self, Date, Time};

struct Patterns {
    dmy: Regex,
    long: Regex,
    iso: Regex,
    time: Regex,
    year: Regex,
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        dmy: Regex::new(r"\b(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?([/.\-])\s?(\d{4})\b").unwrap(),
        long: Regex::new(r"(?i)\bngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*)?năm\s+(\d{4})\b")
            .unwrap(),
        iso: Regex::new(
            r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+\-]\d{2}:?\d{2})?)?",
        )
        .unwrap(),
        time: Regex::new(r"(?i)\b(\d{1,2})\s?(?::|h|g)\s?(\d{2})\b|\b(\d{1,2})h\b").unwrap(),
        year: Regex::new(r"\b(19[5-9]\d|20[0-4]\d)\b").unwrap(),
    })
}

/// A date found in a text, with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    pub date: Date,
    pub time: Option<Time>,
    pub start: usize,
    pub end: usize,
}

fn plausible_year(y: i32) -> bool {
    (1900..=2100).contains(&y)
}

fn num<T: std::str::FromStr>(m: Option<regex::Match>) -> Option<T> {
    m?.as_str().parse().ok()
}

/// The first full date (day, month and year) in `text`, with the time
/// printed next to it on the same line, if any. `text` should be NFC.
pub fn find_date(text: &str) -> Option<Found> {
    let p = patterns();
    let mut best: Option<(usize, usize, Date)> = None;
    let mut consider = |start: usize, end: usize, date: Option<Date>| {
        if let Some(date) = date.filter(|d| plausible_year(d.year())) {
            if best.is_none_or(|(s, _, _)| start < s) {
                best = Some((start, end, date));
            }
        }
    };
    if let Some(c) = p.iso.captures(text) {
        let m = c.get(0).unwrap();
        if let Some(found) = iso_captures(&c) {
            consider(m.start(), m.end(), Some(found.date));
        }
    }
    for c in p.dmy.captures_iter(text) {
        // `19/12-2023` is not a date; `19-12-2023` and `19.12.2023` are.
        if c[2] != c[4] {
            continue;
        }
        let m = c.get(0).unwrap();
        consider(
            m.start(),
            m.end(),
            Date::new(num(c.get(5))?, num(c.get(3))?, num(c.get(1))?),
        );
        break;
    }
    if let Some(c) = p.long.captures(text) {
        let m = c.get(0).unwrap();
        consider(
            m.start(),
            m.end(),
            Date::new(num(c.get(3))?, num(c.get(2))?, num(c.get(1))?),
        );
    }
    let (start, end, date) = best?;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let time = if let Some(c) = p
        .iso
        .captures(&text[start..end])
        .filter(|c| c.get(4).is_some())
    {
        iso_captures(&c).and_then(|f| f.time)
    } else {
        find_time(&text[end..line_end]).or_else(|| find_time(&text[line_start..start]))
    };
    // An ISO timestamp with an offset may move to another day in Vietnam.
    let date = p
        .iso
        .captures(&text[start..end])
        .and_then(|c| iso_captures(&c))
        .map_or(date, |f| f.date);
    Some(Found {
        date,
        time,
        start,
        end,
    })
}

fn find_time(text: &str) -> Option<Time> {
    for c in patterns().time.captures_iter(text) {
        let (hour, minute) = match (c.get(1), c.get(2), c.get(3)) {
            (Some(h), Some(m), _) => (h.as_str().parse().ok()?, m.as_str().parse().ok()?),
            (_, _, Some(h)) => (h.as_str().parse().ok()?, 0),
            _ => continue,
        };
        if let Some(time) = Time::new(hour, minute) {
            return Some(time);
        }
    }
    None
}

/// An ISO date, or date-time converted to Vietnam time (UTC+7) when it
/// carries an offset.
fn iso_captures(c: &regex::Captures) -> Option<Found> {
    let whole = c.get(0)?;
    let date = Date::new(num(c.get(1))?, num(c.get(2))?, num(c.get(3))?)?;
    let (Some(h), Some(m)) = (num::<u32>(c.get(4)), num::<u32>(c.get(5))) else {
        return Some(Found {
            date,
            time: None,
            start: whole.start(),
            end: whole.end(),
        });
    };
    if h > 23 || m > 59 {
        return Some(Found {
            date,
            time: None,
            start: whole.start(),
            end: whole.end(),
        });
    }
    let time = Time::new(h, m)?;
    let (date, time) = match c.get(6) {
        None => (date, time),
        Some(offset) => {
            let o = offset.as_str();
            let offset_minutes = if o == "Z" {
                0
            } else {
                let sign = if o.starts_with('-') { -1 } else { 1 };
                let digits: String = o[1..].chars().filter(char::is_ascii_digit).collect();
                let hh: i32 = digits.get(..2)?.parse().ok()?;
                let mm: i32 = digits.get(2..).unwrap_or("0").parse().unwrap_or(0);
                sign * (hh * 60 + mm)
            };
            calendar::from_offset(date, time, offset_minutes)?
        }
    };
    Some(Found {
        date,
        time: Some(time),
        start: whole.start(),
        end: whole.end(),
    })
}

/// A date field of a record (`2020-10-01`, `2026-02-03T13:45:00+00:00`,
/// `19/12/2023 14:30`…).
pub fn parse_date(value: &str) -> Option<(Date, Option<Time>)> {
    let value: String = value.trim().nfc().collect();
    find_date(&value).map(|f| (f.date, f.time))
}

/// The date of a dateline: a short line that is mostly a date (`Thứ ba,
/// 19/12/2023 14:30`, `Hiền Thu 29/09/2023 - 13:34`), not a sentence that
/// happens to contain one.
pub fn dateline(line: &str) -> Option<(Date, Option<Time>)> {
    let line: String = line.trim().nfc().collect();
    if line.chars().count() > 80 {
        return None;
    }
    let found = find_date(&line)?;
    let rest = format!("{}{}", &line[..found.start], &line[found.end..]);
    let words = rest
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    // Weekday, byline and `Cập nhật:` fit in a few words; a sentence does not.
    (words <= 6 && !rest.contains(',') || words <= 4).then_some((found.date, found.time))
}

/// The year a text is most likely from, for articles without a date: the
/// year it names most often (the later one on a tie). Only a hint.
pub fn infer_year(text: &str) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for m in patterns().year.find_iter(text) {
        // `1.431` or `2.000.000` are not years.
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        if matches!(before, Some('.' | ','))
            || matches!(after, Some('.' | ','))
                && text[m.end() + 1..].starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        if let Ok(y) = m.as_str().parse() {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
        .map(|(y, _)| y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn t(hour: u32, minute: u32) -> Option<Time> {
        Some(Time { hour, minute })
    }

    #[test]
    fn datelines() {
        let cases = [
            ("Thứ ba, 19/12/2023 14:30", d(2023, 12, 19), t(14, 30)),
            ("22/01/2024", d(2024, 1, 22), None),
            ("Thứ sáu, 07/01/2022 - 21:29", d(2022, 1, 7), t(21, 29)),
            ("29/09/2023 - 13:34", d(2023, 9, 29), t(13, 34)),
            ("Hiền Thu 29/09/2023 - 13:34", d(2023, 9, 29), t(13, 34)),
            ("19-12-2023", d(2023, 12, 19), None),
            ("ngày 5 tháng 3 năm 2024", d(2024, 3, 5), None),
            ("Ngày 5 tháng 3, năm 2024", d(2024, 3, 5), None),
            ("Chủ nhật, 1/10/2023 | 07:05", d(2023, 10, 1), t(7, 5)),
            ("T3, 19-12-2023 9h05", d(2023, 12, 19), t(9, 5)),
            ("14h30 ngày 19/12/2023", d(2023, 12, 19), t(14, 30)),
            ("Cập nhật: 08:15 19.12.2023", d(2023, 12, 19), t(8, 15)),
            ("2024-03-05", d(2024, 3, 5), None),
            (
                "Thu\u{301} ba, 19/12/2023 14:30",
                d(2023, 12, 19),
                t(14, 30),
            ),
        ];
        for (line, date, time) in cases {
            assert_eq!(dateline(line), Some((date, time)), "{line}");
        }
    }

    #[test]
    fn event_dates_are_not_datelines() {
        let not_datelines = [
            "Sáng ngày 18/01/2024, Ban Dân vận Thành ủy Bến Tre tổ chức hội nghị tổng kết công tác dân vận",
            "Chiều 7/1, UBND thành phố Hải Phòng phối hợp với Ban Dân vận",
            "Chỉ thị số 01-CT/TU, ngày 17/10/2020 của Ban Thường vụ Tỉnh ủy về phát động phong trào",
            "Hải Phòng: Tăng cường khối đại đoàn kết toàn dân",
            "31/02/2023",
            "giai đoạn 2016 - 2020",
        ];
        for line in not_datelines {
            assert_eq!(dateline(line), None, "{line}");
        }
    }

    #[test]
    fn record_dates() {
        let cases = [
            ("2020-10-01", d(2020, 10, 1), None),
            ("2013-10-23T11:39:00", d(2013, 10, 23), t(11, 39)),
            ("2026-02-03T13:45:00+00:00", d(2026, 2, 3), t(20, 45)),
            ("2026-02-03T20:00:00Z", d(2026, 2, 4), t(3, 0)),
            ("2026-02-03T13:45:00+07:00", d(2026, 2, 3), t(13, 45)),
            ("2023-12-31 23:30:00-05:00", d(2024, 1, 1), t(11, 30)),
            ("19/12/2023 14:30", d(2023, 12, 19), t(14, 30)),
        ];
        for (value, date, time) in cases {
            assert_eq!(parse_date(value), Some((date, time)), "{value}");
        }
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("hôm qua"), None);
    }

    #[test]
    fn inferred_years() {
        assert_eq!(
            infer_year("tổng kết năm 2020; nhiệm vụ năm 2021; giai đoạn 2016 - 2020"),
            Some(2020)
        );
        assert_eq!(infer_year("được 1.431 mô hình"), None);
        assert_eq!(infer_year("không có năm"), None);
    }
}
