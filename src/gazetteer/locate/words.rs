//! The words of one zone (title, lead or body) as the scan sees them: the
//! original segments, for case and punctuation, beside their normalized
//! form, for lookup.

use crate::analysis::segment::for_each_segment;
use crate::analysis::{Form, Normalizer};

/// Joins the normalized words of a name or a run of words into one key
/// (`hoàng` + `mai` → `hoàng\u{1}mai`), as they lie in [`Words`]' buffer.
pub(super) const KEY_SEPARATOR: char = '\u{1}';

/// The words of a zone: original segments with their normalized form.
/// The normalized words lie in one buffer, each followed by
/// [`KEY_SEPARATOR`], so a run of words is a slice of it ([`Words::run`])
/// and a name lookup needs no allocation.
pub(super) struct Words<'t> {
    pub(super) text: &'t str,
    pub(super) segments: Vec<(usize, usize)>,
    normalized: String,
    /// Byte range of each word in `normalized`.
    spans: Vec<(u32, u32)>,
    pub(super) any_upper: bool,
}

impl<'t> Words<'t> {
    pub(super) fn new(text: &'t str, form: Form) -> Words<'t> {
        let mut segments = Vec::new();
        let mut normalized = String::with_capacity(text.len() + text.len() / 4);
        let mut spans = Vec::new();
        let mut norm = Normalizer::default();
        let mut word = String::new();
        for_each_segment(text, |s| {
            norm.normalize(s.text, form, &mut word);
            let start = normalized.len() as u32;
            normalized.push_str(&word);
            spans.push((start, normalized.len() as u32));
            normalized.push(KEY_SEPARATOR);
            segments.push((s.start, s.end));
        });
        Words {
            text,
            segments,
            normalized,
            spans,
            any_upper: text.chars().any(char::is_uppercase),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.spans.len()
    }

    /// Word `i`, normalized.
    pub(super) fn token(&self, i: usize) -> &str {
        let (start, end) = self.spans[i];
        &self.normalized[start as usize..end as usize]
    }

    /// Words `i..i + len`, normalized and joined by [`KEY_SEPARATOR`].
    pub(super) fn run(&self, i: usize, len: usize) -> &str {
        &self.normalized[self.spans[i].0 as usize..self.spans[i + len - 1].1 as usize]
    }

    /// Every word, normalized.
    pub(super) fn tokens(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.token(i).to_owned()).collect()
    }

    pub(super) fn seg(&self, i: usize) -> &'t str {
        let (s, e) = self.segments[i];
        &self.text[s..e]
    }

    pub(super) fn capitalised(&self, i: usize) -> bool {
        !self.any_upper
            || self
                .seg(i)
                .chars()
                .next()
                .is_some_and(|c| !c.is_alphabetic() || c.is_uppercase())
    }

    /// Capitalised in text that has capitals (in text without any, case
    /// says nothing).
    pub(super) fn truly_capitalised(&self, i: usize) -> bool {
        self.any_upper && self.seg(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Only spaces between word `i` and word `i + 1`.
    pub(super) fn adjacent(&self, i: usize) -> bool {
        i + 1 < self.segments.len()
            && self.text[self.segments[i].1..self.segments[i + 1].0]
                .chars()
                .all(|c| c == ' ' || c == '\u{a0}')
    }

    /// Whether the words right before word `i` are `phrase` (normalized).
    pub(super) fn preceded_by(&self, i: usize, phrase: &[String]) -> bool {
        let n = phrase.len();
        if i < n {
            return false;
        }
        (0..n).all(|k| {
            let j = i - n + k;
            self.adjacent(j) && self.token(j) == phrase[k]
        })
    }
}
