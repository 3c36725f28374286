//! Bytes → text for files that are not always UTF-8.
//!
//! Older Vietnamese sites and Windows tools produce Windows-1258 (with
//! decomposed tone marks) or UTF-16 with a BOM; crawls also contain binary
//! files with a text extension. Anything but plain UTF-8 is decoded when it
//! can be and reported, so the user knows which files to convert. Text
//! stacking combining marks past any real use is cut ([`limit_marks`]).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

/// Decoded text and, when it was not plain UTF-8, a note for the user.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
        .count();
    control * 100 > sample.len()
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> String {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.nfc().collect()
}

/// Decodes a whole file. `Err` carries the reason it was skipped.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err("empty file".into());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let (text, had_errors) = UTF_8.decode_without_bom_handling(rest);
        let note = had_errors.then(|| "invalid UTF-8 bytes replaced".to_owned());
        return Ok(Decoded {
            text: text.into_owned(),
            note,
        });
    }
    for (bom, encoding, name) in [
        (&b"\xFF\xFE"[..], UTF_16LE, "UTF-16LE"),
        (&b"\xFE\xFF"[..], UTF_16BE, "UTF-16BE"),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return Ok(Decoded {
                text: decode_with(encoding, rest),
                note: Some(format!("not UTF-8; decoded as {name} (byte order mark)")),
            });
        }
    }
    if looks_binary(bytes) {
        return Err("binary file, skipped".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_owned(),
            note: None,
        }),
        Err(e) => Ok(Decoded {
            text: decode_with(WINDOWS_1258, bytes),
            note: Some(format!(
                "not UTF-8 (invalid byte at offset {}); decoded as Windows-1258",
                e.valid_up_to()
            )),
        }),
    }
}

/// Most combining marks kept on one character. Vietnamese needs two at
/// most (ệ is e + ◌̂ + ◌̣ when decomposed); text stacking dozens ("Zalgo"
/// text, or a headline of 100,000 accents) only costs time in every later
/// step and draws over its neighbours on the page.
pub const MAX_MARKS_PER_LETTER: usize = 3;

/// `text` with every run of combining marks cut to
/// [`MAX_MARKS_PER_LETTER`], and how many marks were dropped; `None` when
/// there was nothing to drop (the usual case, without a copy).
pub fn limit_marks(text: &str) -> Option<(String, usize)> {
    use unicode_normalization::char::is_combining_mark;
    let mut run = 0;
    let first_excess = text.char_indices().find_map(|(i, c)| {
        run = if is_combining_mark(c) { run + 1 } else { 0 };
        (run > MAX_MARKS_PER_LETTER).then_some(i)
    })?;
    let mut kept = String::with_capacity(text.len());
    kept.push_str(&text[..first_excess]);
    let mut dropped = 0;
    let mut run = MAX_MARKS_PER_LETTER;
    for c in text[first_excess..].chars() {
        run = if is_combining_mark(c) { run + 1 } else { 0 };
        if run > MAX_MARKS_PER_LETTER {
            dropped += 1;
        } else {
            kept.push(c);
        }
    }
    Some((kept, dropped))
}

/// The note for a warning when [`limit_marks`] dropped `dropped` marks.
pub fn marks_note(dropped: usize) -> String {
    format!("{dropped} combining marks dropped (more than {MAX_MARKS_PER_LETTER} on one letter)")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text the way Windows-1258 writes it: letters with their quality
    /// marks precomposed, tone marks as separate combining characters.
    pub(crate) fn cp1258_style(text: &str) -> String {
        let mut out = String::new();
        let mut tones = String::new();
        let mut cluster = String::new();
        let flush = |cluster: &mut String, tones: &mut String, out: &mut String| {
            out.extend(cluster.nfc());
            out.push_str(tones);
            cluster.clear();
            tones.clear();
        };
        for c in text.nfd() {
            match c {
                '\u{0302}' | '\u{0306}' | '\u{031B}' => cluster.push(c),
                '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}' => tones.push(c),
                _ => {
                    flush(&mut cluster, &mut tones, &mut out);
                    cluster.push(c);
                }
            }
        }
        flush(&mut cluster, &mut tones, &mut out);
        out
    }

    #[test]
    fn encodings() {
        let text = "Hải Phòng: Tăng cường khối đại đoàn kết";
        assert_eq!(decode(text.as_bytes()).unwrap().note, None);
        let styled = cp1258_style(text);
        let (cp1258, _, unmappable) = WINDOWS_1258.encode(&styled);
        assert!(!unmappable);
        let d = decode(&cp1258).unwrap();
        assert_eq!(d.text, text);
        assert!(d.note.unwrap().contains("Windows-1258"));
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        let d = decode(&utf16).unwrap();
        assert_eq!(d.text, text);
        assert!(d.note.unwrap().contains("UTF-16LE"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(text.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, text);
    }

    #[test]
    fn stacked_marks_are_cut() {
        assert_eq!(limit_marks("Hải Phòng"), None);
        let decomposed: String = "Nghệ An".nfd().collect();
        assert_eq!(limit_marks(&decomposed), None);
        let zalgo = format!("ab{}c", "\u{0301}".repeat(100_000));
        let (kept, dropped) = limit_marks(&zalgo).unwrap();
        assert_eq!(
            kept,
            format!("ab{}c", "\u{0301}".repeat(MAX_MARKS_PER_LETTER))
        );
        assert_eq!(dropped, 100_000 - MAX_MARKS_PER_LETTER);
    }

    #[test]
    fn rejects() {
        assert_eq!(decode(b"").unwrap_err(), "empty file");
        assert_eq!(decode(b" \n\n").unwrap_err(), "empty file");
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
            "binary file, skipped"
        );
    }
}
