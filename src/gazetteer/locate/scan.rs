//! The one-pass scan of a zone: at each word the longest name in the map
//! that is written as a name wins (`Thái Bình Dương` hides `Thái Bình`),
//! and what its context says about it is recorded for grading.

use super::super::names::Prefix;
use super::context::{abbreviates, names_other_thing, prefix_before, prefix_is_residence};
use super::matcher::{Entry, Matcher, Target};
use super::people::is_person;
use super::words::Words;

/// A name found in the text, with what its context says about it.
pub(super) struct Found<'a> {
    pub(super) entries: &'a [Entry],
    pub(super) prefix: Option<Prefix>,
    /// Number of words matched.
    pub(super) len: usize,
    /// Byte range in the zone's text.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Nothing but punctuation before it in the zone, and a dash or colon
    /// after it (`HÀ NỘI -`, `Hải Phòng:`).
    pub(super) opens_zone: bool,
    /// Within the zone's first sentence.
    pub(super) first_sentence: bool,
    /// Where a person lives (`trú tại …`, `quê …`), not where the story is.
    pub(super) residence: bool,
    /// Next to other provinces in a list (`Hà Nội, Hải Phòng và …`).
    pub(super) listed: bool,
    /// Followed by a foreign country in parentheses: a place abroad.
    pub(super) abroad: bool,
}

/// Matches whose token sequence is longest win; `Thái Bình Dương` hides
/// `Thái Bình`.
impl Matcher {
    pub(super) fn scan<'a>(
        &'a self,
        text: &str,
        folded_mode: bool,
        mut found: impl FnMut(Found<'a>),
    ) {
        let index = if folded_mode {
            &self.folded
        } else {
            &self.exact
        };
        let (map, first, person) = (&index.names, &index.first_words, &index.context);
        let w = Words::new(text, index.form);
        let n = w.len();
        let first_word = w.segments.first().map(|s| s.0);
        let first_stop = first_sentence_end(text).min(300);
        let mut i = 0;
        while i < n {
            if !first.contains(w.token(i)) {
                i += 1;
                continue;
            }
            let mut advanced = false;
            for len in (1..=self.max_len.min(n - i)).rev() {
                let Some(entries) = map.get(w.run(i, len)) else {
                    continue;
                };
                let all_capitalised = (i..i + len).all(|k| w.capitalised(k));
                let first_capitalised = w.capitalised(i);
                let usable = entries.iter().any(|e| match e.target {
                    Target::NonPlace => true,
                    Target::National => !e.capital || first_capitalised,
                    _ => all_capitalised,
                });
                if !usable {
                    continue;
                }
                i += len;
                advanced = true;
                if entries.iter().any(|e| e.target == Target::NonPlace) {
                    break;
                }
                let start = w.segments[i - len].0;
                let end = w.segments[i - 1].1;
                let kept: &[Entry] = entries;
                if is_person(person, &w, i - len, i, kept) {
                    break;
                }
                if kept
                    .iter()
                    .all(|e| matches!(e.target, Target::Foreign { ambiguous: true }))
                    && !self.foreign_in_context(&w, i - len, i, first)
                {
                    break;
                }
                let prefix = prefix_before(&w, i - len);
                let place = kept.iter().any(|e| matches!(e.target, Target::Place(_)));
                if place && prefix.is_none() && names_other_thing(person, &w, i - len) {
                    break;
                }
                let opens_zone = first_word == Some(start)
                    && text[end..].trim_start().starts_with(['-', '–', '—', ':']);
                let first_sentence = start < first_stop;
                found(Found {
                    entries: kept,
                    prefix,
                    len,
                    start,
                    end,
                    residence: place && prefix_is_residence(person, &w, i - len),
                    opens_zone,
                    first_sentence,
                    listed: false,
                    abroad: false,
                });
                break;
            }
            if !advanced {
                i += 1;
            }
        }
    }
}

/// Where the first sentence of `text` ends (its length if it has one
/// sentence): at the first `.`, `!`, `?` or line break, except the full
/// stop of an abbreviated administrative prefix.
fn first_sentence_end(text: &str) -> usize {
    for (at, c) in text.match_indices(['.', '!', '?', '\n']) {
        let before = &text[..at];
        let word_start = before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
        if c == "." && abbreviates(&before[word_start..]) {
            continue;
        }
        return at;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::first_sentence_end;

    #[test]
    fn first_sentence_ends_at_a_full_stop_but_not_an_abbreviated_prefix() {
        let cases = [
            (
                "Mưa lớn ở TP. HCM gây ngập. Sáng nay",
                "Mưa lớn ở TP. HCM gây ngập",
            ),
            (
                "TP. Hồ Chí Minh giữ nguyên học phí",
                "TP. Hồ Chí Minh giữ nguyên học phí",
            ),
            ("Ở Q. 1 và P. Bến Nghé! Rồi", "Ở Q. 1 và P. Bến Nghé"),
            ("Hội nghị của UBND. TP. Huế", "Hội nghị của UBND"),
            ("Dòng một\nDòng hai", "Dòng một"),
        ];
        for (text, first) in cases {
            assert_eq!(&text[..first_sentence_end(text)], first, "{text}");
        }
    }
}
