//! The two indexed forms of a word, `exact` and `folded`, and the one
//! function that produces them. Index time and query time both call
//! [`Normalizer::normalize`], so a query term can never be spelled
//! differently from the indexed term it should match.

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
}

impl Normalizer {
    /// Writes the `form` of `word` into `out` (cleared first).
    pub fn normalize(&mut self, word: &str, form: Form, out: &mut String) {
        steps::run(form.steps(), word, out, &mut self.scratch);
    }
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
    fn diacritics_detection() {
        assert!(has_diacritics("Dân vận"));
        assert!(has_diacritics("đi"));
        assert!(has_diacritics("NA\u{0306}NG"));
        assert!(!has_diacritics("dan van kheo"));
        assert!(!has_diacritics("“quoted” — dash"));
    }
}
