//! The words of one zone (title, lead or body) as the scan sees them: the
//! original segments, for case and punctuation, beside their normalized
//! form, for lookup.

use crate::analysis::segment::for_each_segment;
use crate::analysis::{Form, Normalizer};

/// The words of a zone: original segments with their normalized form.
pub(super) struct Words<'t> {
    pub(super) text: &'t str,
    pub(super) segments: Vec<(usize, usize)>,
    pub(super) tokens: Vec<String>,
    pub(super) any_upper: bool,
}

impl<'t> Words<'t> {
    pub(super) fn new(text: &'t str, form: Form) -> Words<'t> {
        let mut segments = Vec::new();
        let mut tokens = Vec::new();
        let mut norm = Normalizer::default();
        for_each_segment(text, |s| {
            let mut w = String::new();
            norm.normalize(s.text, form, &mut w);
            segments.push((s.start, s.end));
            tokens.push(w);
        });
        Words {
            text,
            segments,
            tokens,
            any_upper: text.chars().any(char::is_uppercase),
        }
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
            self.adjacent(j) && self.tokens[j] == phrase[k]
        })
    }
}
