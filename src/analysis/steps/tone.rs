//! Step 3: canonical tone-mark placement.
//!
//! Vietnamese has two spelling conventions for where the tone mark sits in
//! open `oa`, `oe`, `uy` syllables: `hòa`/`hoà`, `khỏe`/`khoẻ`, `thủy`/`thuỷ`.
//! Both occur in the same article, so a search engine must give both one
//! term. This step pulls the tone out of a syllable and puts it back by one
//! rule (the classic placement, which the gazetteer and most outlets use):
//!
//! 1. `qu` and `gi` (before another vowel) are onsets, not vowels: `quý`, `già`.
//! 2. A vowel with a quality mark (ă â ê ô ơ ư) takes the tone; in `ươ` the
//!    later one (`người`, `thuở`, `khuyến`).
//! 3. Otherwise a lone vowel takes it; in a closed syllable the last vowel
//!    (`hoàn`, `huýt`); in an open one the first of two (`hòa`, `thủy`) or
//!    the middle of three (`ngoài`, `khuỷu`).
//!
//! Words that are not one Vietnamese syllable (several tones, vowels split
//! by consonants as in foreign names) are left untouched.

use crate::analysis::letters::{latin_letter, vowel, Tone, Vowel};

/// Longest run of letters treated as one syllable (`nghiêng` has 7).
const MAX_SYLLABLE_CHARS: usize = 10;

pub fn apply(input: &str, out: &mut String) -> bool {
    // Only a word with a tone mark can have it in the wrong place.
    let toned = input
        .chars()
        .any(|c| vowel(c).is_some_and(|v| v.tone != Tone::Level));
    if !toned {
        return false;
    }
    let mut changed = false;
    let mut copied_up_to = 0;
    for (start, end) in letter_runs(input) {
        let word = &input[start..end];
        if let Some(fixed) = canonical_syllable(word) {
            if !changed {
                out.clear();
                changed = true;
            }
            out.push_str(&input[copied_up_to..start]);
            out.push_str(&fixed);
            copied_up_to = end;
        }
    }
    if changed {
        out.push_str(&input[copied_up_to..]);
    }
    changed
}

fn is_letter(c: char) -> bool {
    latin_letter(c).unwrap_or_else(|| c.is_alphabetic())
}

/// Byte ranges of maximal runs of alphabetic characters.
fn letter_runs(input: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = input.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.by_ref().find(|(_, c)| is_letter(*c))?;
        let mut end = input.len();
        while let Some(&(i, c)) = chars.peek() {
            if !is_letter(c) {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
}

/// The syllable respelled with its tone on the canonical vowel, or `None`
/// when it already is canonical or is not a single Vietnamese syllable.
fn canonical_syllable(word: &str) -> Option<String> {
    let mut letters = ['\0'; MAX_SYLLABLE_CHARS];
    let mut len = 0;
    for c in word.chars() {
        if len == MAX_SYLLABLE_CHARS {
            return None;
        }
        letters[len] = c;
        len += 1;
    }
    let letters = &letters[..len];
    let (from, to, tone) = tone_move(letters)?;
    let mut fixed = String::with_capacity(word.len() + 2);
    for (i, &c) in letters.iter().enumerate() {
        match (i == from, i == to) {
            (true, _) => fixed.push(vowel(c).map_or(c, |v| v.base)),
            (_, true) => fixed.push(vowel(c).map_or(c, |v| Vowel { base: v.base, tone }.letter())),
            _ => fixed.push(c),
        }
    }
    Some(fixed)
}

/// Where the tone is (`from`), where it belongs (`to`), and which tone it is;
/// `None` when nothing needs to move.
fn tone_move(letters: &[char]) -> Option<(usize, usize, Tone)> {
    let mut vowels = [None; MAX_SYLLABLE_CHARS];
    for (slot, &c) in vowels.iter_mut().zip(letters) {
        *slot = vowel(c);
    }
    let vowels = &vowels[..letters.len()];
    let mut toned = None;
    for (i, v) in vowels.iter().enumerate() {
        if let Some(v) = v {
            if v.tone != Tone::Level {
                if toned.is_some() {
                    return None;
                }
                toned = Some((i, v.tone));
            }
        }
    }
    let (from, tone) = toned?;
    let is_vowel = |i: usize| vowels.get(i).is_some_and(Option::is_some);
    let base = |i: usize| vowels[i].map(|v| v.base);

    let mut start = (0..letters.len()).find(|&i| is_vowel(i))?;
    let onset_glide =
        (letters[0] == 'q' && base(1) == Some('u')) || (letters[0] == 'g' && base(1) == Some('i'));
    if start == 1 && onset_glide && is_vowel(2) {
        start = 2;
    }
    let mut end = start;
    while is_vowel(end) {
        end += 1;
    }
    if (end..letters.len()).any(is_vowel) {
        return None;
    }
    let closed = end < letters.len();
    let quality = (start..end)
        .rev()
        .find(|&i| vowels[i].is_some_and(Vowel::has_quality_mark));
    let to = match (quality, end - start, closed) {
        (Some(i), _, _) => i,
        (None, 1, _) => start,
        (None, _, true) => end - 1,
        (None, 2, false) => start,
        (None, _, false) => start + 1,
    };
    (to != from).then_some((from, to, tone))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::steps::apply_all;

    fn canon(s: &str) -> String {
        apply_all(&[apply], s)
    }

    #[test]
    fn old_and_new_placement_agree() {
        let pairs = [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("uỷ", "ủy"),
            ("khoẻ", "khỏe"),
            ("hoá", "hóa"),
            ("thành uỷ", "thành ủy"),
            ("loã", "lõa"),
            ("hoạ", "họa"),
            ("tuý", "túy"),
            ("luỹ", "lũy"),
            ("xoè", "xòe"),
        ];
        for (new, old) in pairs {
            assert_eq!(canon(new), old, "{new}");
            assert_eq!(canon(old), old, "{old} is already canonical");
        }
    }

    #[test]
    fn onsets_and_quality_marks_are_respected() {
        let stable = [
            "quý",
            "già",
            "giữ",
            "gìn",
            "quốc",
            "quyển",
            "người",
            "thuở",
            "khuyến",
            "việt",
            "hoàn",
            "toán",
            "huýt",
            "huỳnh",
            "ngoài",
            "khuỷu",
            "mùa",
            "kìa",
            "cửa",
            "rượu",
            "giường",
            "giữa",
            "gì",
            "xoáy",
            "khuấy",
        ];
        for word in stable {
            assert_eq!(canon(word), word, "{word}");
        }
    }

    #[test]
    fn misplaced_tones_move() {
        let cases = [
            ("qúy", "quý"),
            ("hòan", "hoàn"),
            ("ngòai", "ngoài"),
            ("nguời", "nguời"),
            ("ngừơi", "người"),
        ];
        for (input, want) in cases {
            assert_eq!(canon(input), want, "{input}");
        }
    }

    #[test]
    fn non_syllables_are_untouched() {
        for word in ["café", "hđnd", "tp.hcm", "1.431", "élysée", "", "ủyủy"] {
            assert_eq!(canon(word), word, "{word}");
        }
    }
}
