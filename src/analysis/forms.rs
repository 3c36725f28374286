//! The two indexed forms of a word, `exact` and `folded`, and the one
//! function that produces them. Index time and query time both call
//! [`Normalizer::normalize`], so a query term can never be spelled
//! differently from the indexed term it should match.

use std::ops::Range;

use super::steps::{self, Step};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// NFC, lower case, canonical tone placement: `Thành uỷ` → `thành ủy`.
    Exact,
    /// `Exact` without diacritics and with `đ` → `d`: `thanh uy`.
    Folded,
}

impl Form {
    fn steps(self) -> &'static [Step] {
        match self {
            Form::Exact => steps::EXACT,
            Form::Folded => steps::FOLDED,
        }
    }
}

/// Reusable buffers for normalizing one word after another.
#[derive(Clone, Default)]
pub struct Normalizer {
    scratch: String,
    exact: String,
}

impl Normalizer {
    /// Writes the `form` of `word` into `out` (cleared first).
    pub fn normalize(&mut self, word: &str, form: Form, out: &mut String) {
        steps::run(form.steps(), word, out, &mut self.scratch);
    }

    /// Appends both forms of `word` to `arena` and returns where each is:
    /// the exact form, then the folded one, which is the same range when
    /// folding changes nothing (ASCII words). One pass instead of two,
    /// because [`Form::Folded`] is [`Form::Exact`] plus one step.
    pub fn normalize_both(&mut self, word: &str, arena: &mut String) -> (Range<u32>, Range<u32>) {
        let mut exact = std::mem::take(&mut self.exact);
        steps::run(steps::EXACT, word, &mut exact, &mut self.scratch);
        let exact_range = push(arena, &exact);
        self.scratch.clear();
        let folded_range = if steps::fold::apply(&exact, &mut self.scratch) {
            push(arena, &self.scratch)
        } else {
            exact_range.clone()
        };
        self.exact = exact;
        (exact_range, folded_range)
    }
}

/// Appends `text` to `arena`, returning its byte range there.
fn push(arena: &mut String, text: &str) -> Range<u32> {
    let start = arena.len() as u32;
    arena.push_str(text);
    start..arena.len() as u32
}

/// One-off normalization of a string (which may hold several words).
pub fn normalize(text: &str, form: Form) -> String {
    steps::apply_all(form.steps(), text)
}

/// True when `text` carries any Vietnamese diacritic or `đ`, i.e. the user
/// typed it with a Vietnamese keyboard. Such queries prefer exact matches.
pub fn has_diacritics(text: &str) -> bool {
    !text.is_ascii() && normalize(text, Form::Folded) != normalize(text, Form::Exact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_at_once_equal_each_form_alone() {
        let mut normalizer = Normalizer::default();
        let mut arena = String::new();
        for word in [
            "Thành",
            "uỷ",
            "HOÀ",
            "Đỗ",
            "123",
            "TP.HCM",
            "nghiêng",
            "A\u{0306}",
        ] {
            let (exact, folded) = normalizer.normalize_both(word, &mut arena);
            assert_eq!(
                &arena[exact.start as usize..exact.end as usize],
                normalize(word, Form::Exact)
            );
            assert_eq!(
                &arena[folded.start as usize..folded.end as usize],
                normalize(word, Form::Folded)
            );
        }
    }

    #[test]
    fn diacritics_detection() {
        assert!(has_diacritics("Dân vận"));
        assert!(has_diacritics("đi"));
        assert!(has_diacritics("NA\u{0306}NG"));
        assert!(!has_diacritics("dan van kheo"));
        assert!(!has_diacritics("“quoted” — dash"));
    }
}
