//! Splitting raw text into word segments, with byte offsets into the
//! original string.
//!
//! A segment is a syllable, a number or an abbreviation exactly as written
//! (`Hải`, `1.431`, `TP.HCM`, `HĐND`). Offsets always point into the input,
//! never into a normalized copy, so that snippets can highlight the original
//! accented words. Normalization happens afterwards, per segment.

use unicode_normalization::char::is_combining_mark;

use super::letters::latin_letter;

/// Segments longer than this many bytes (URLs glued to text, base64 blobs,
/// runaway scraping) are skipped: nobody searches for them and tantivy
/// rejects terms over 64 KiB.
pub const MAX_SEGMENT_BYTES: usize = 256;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    /// Letters (possibly with digits): a syllable or a foreign word.
    Word,
    /// Digits, optionally with a decimal comma (`1,5`).
    Number,
    /// Digits grouped by thousands dots (`1.431`, `2.000.000`).
    GroupedNumber,
    /// Upper-case letters joined by dots (`TP.HCM`), or a dotted
    /// abbreviation of [`DOTTED_ABBREVIATIONS`] in any case (`Tp.HCM`).
    Abbreviation,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: SegmentKind,
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match latin_letter(c) {
        Some(letter) => letter,
        None => c.is_alphanumeric() || is_combining_mark(c),
    }
}

fn is_joiner(c: char) -> bool {
    c == '.' || c == ','
}

/// Calls `emit` for every segment of `text`, in order.
pub fn for_each_segment<'a>(text: &'a str, mut emit: impl FnMut(Segment<'a>)) {
    let bytes_len = text.len();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_word_char(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        let mut has_joiner = false;
        while let Some(&(i, c)) = chars.peek() {
            if is_word_char(c) {
                end = i + c.len_utf8();
                chars.next();
            } else if is_joiner(c)
                && text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
            {
                has_joiner = true;
                chars.next();
            } else {
                break;
            }
        }
        debug_assert!(end <= bytes_len);
        if has_joiner {
            split_joined(text, start, end, &mut emit);
        } else {
            emit_plain(text, start, end, &mut emit);
        }
    }
}

fn emit_plain<'a>(text: &'a str, start: usize, end: usize, emit: &mut impl FnMut(Segment<'a>)) {
    let slice = &text[start..end];
    // A lone combining mark is no word; neither is an over-long run.
    if slice.len() > MAX_SEGMENT_BYTES || !slice.chars().any(char::is_alphanumeric) {
        return;
    }
    let kind = if slice.bytes().all(|b| b.is_ascii_digit()) {
        SegmentKind::Number
    } else {
        SegmentKind::Word
    };
    emit(Segment {
        text: slice,
        start,
        end,
        kind,
    });
}

/// A run containing `.` or `,` between alphanumerics: keep it whole when it
/// is a number or an abbreviation, otherwise split it at the joiners
/// (`dân.Ngày` from a missing space is two words).
fn split_joined<'a>(text: &'a str, start: usize, end: usize, emit: &mut impl FnMut(Segment<'a>)) {
    let slice = &text[start..end];
    if slice.len() <= MAX_SEGMENT_BYTES {
        if let Some(kind) = joined_kind(slice) {
            emit(Segment {
                text: slice,
                start,
                end,
                kind,
            });
            return;
        }
    }
    let mut part_start = start;
    for (i, c) in slice.char_indices() {
        if is_joiner(c) {
            emit_plain(text, part_start, start + i, emit);
            part_start = start + i + 1;
        }
    }
    emit_plain(text, part_start, end, emit);
}

/// Dotted abbreviations that are also written, and typed in queries, in
/// lower or mixed case (`tp.hcm`, `Tp.HCM`): split at the dot they would
/// be two unrelated words with a clause break between them, and miss the
/// articles that write `TP.HCM`.
pub const DOTTED_ABBREVIATIONS: &[&str] = &["tp.hcm"];

fn joined_kind(slice: &str) -> Option<SegmentKind> {
    let parts: Vec<&str> = slice.split(is_joiner).collect();
    let all_digits = parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if all_digits {
        let dots_only = !slice.contains(',');
        let grouped = dots_only && parts[0].len() <= 3 && parts[1..].iter().all(|p| p.len() == 3);
        if grouped {
            return Some(SegmentKind::GroupedNumber);
        }
        let decimal_comma = parts.len() == 2 && slice.contains(',');
        return decimal_comma.then_some(SegmentKind::Number);
    }
    let abbreviation = !slice.contains(',')
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars().count() <= 5
                && p.chars().all(|c| c.is_uppercase() || is_combining_mark(c))
        });
    let known = DOTTED_ABBREVIATIONS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(slice));
    (abbreviation || known).then_some(SegmentKind::Abbreviation)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(text: &str) -> Vec<(&str, SegmentKind)> {
        let mut out = Vec::new();
        for_each_segment(text, |s| {
            assert_eq!(&text[s.start..s.end], s.text);
            out.push((s.text, s.kind));
        });
        out
    }

    use SegmentKind::*;

    #[test]
    fn table() {
        let cases: Vec<(&str, Vec<(&str, SegmentKind)>)> = vec![
            ("Hải Phòng:", vec![("Hải", Word), ("Phòng", Word)]),
            (
                "được 1.431 mô",
                vec![("được", Word), ("1.431", GroupedNumber), ("mô", Word)],
            ),
            (
                "2.000.000 đồng",
                vec![("2.000.000", GroupedNumber), ("đồng", Word)],
            ),
            ("1,5 tỷ", vec![("1,5", Number), ("tỷ", Word)]),
            (
                "TP.HCM, HĐND",
                vec![("TP.HCM", Abbreviation), ("HĐND", Word)],
            ),
            ("dân.Ngày", vec![("dân", Word), ("Ngày", Word)]),
            ("Tp.HCM", vec![("Tp.HCM", Abbreviation)]),
            ("ở tp.hcm", vec![("ở", Word), ("tp.hcm", Abbreviation)]),
            ("tp.hue", vec![("tp", Word), ("hue", Word)]),
            (
                "19/12/2023 14:30",
                vec![
                    ("19", Number),
                    ("12", Number),
                    ("2023", Number),
                    ("14", Number),
                    ("30", Number),
                ],
            ),
            ("25-NQ/TƯ", vec![("25", Number), ("NQ", Word), ("TƯ", Word)]),
            (
                "19.12.2023",
                vec![("19", Number), ("12", Number), ("2023", Number)],
            ),
            ("Na\u{0306}\u{0303}ng", vec![("Na\u{0306}\u{0303}ng", Word)]),
            (
                "“Dân vận khéo”",
                vec![("Dân", Word), ("vận", Word), ("khéo", Word)],
            ),
            ("end.", vec![("end", Word)]),
            ("", vec![]),
            ("!!! ... ---", vec![]),
            (
                "a\u{200B}b\u{00A0}c",
                vec![("a", Word), ("b", Word), ("c", Word)],
            ),
            ("😀 Hà\u{0007}Nội", vec![("Hà", Word), ("Nội", Word)]),
            ("\u{0301} \u{0323}\u{0302}", vec![]),
        ];
        for (text, want) in cases {
            assert_eq!(segs(text), want, "{text:?}");
        }
    }

    #[test]
    fn overlong_segments_are_skipped() {
        let long = "a".repeat(2000);
        let text = format!("trước {long} sau");
        assert_eq!(segs(&text), vec![("trước", Word), ("sau", Word)]);
        let long_number = vec!["123"; 200].join(".");
        assert!(segs(&long_number)
            .iter()
            .all(|(s, _)| s.len() <= MAX_SEGMENT_BYTES));
    }
}
