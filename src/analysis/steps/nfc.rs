//! Step 1: Unicode NFC composition.
//!
//! Some outlets publish decomposed (NFD) text, where `ẵ` is `a` + breve +
//! tilde. Without composition those bytes never equal the precomposed term,
//! so every later step assumes NFC.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

pub fn apply(input: &str, out: &mut String) -> bool {
    // Precomposed Latin letters (the usual case) are NFC already; only text
    // with combining marks or other scripts needs Unicode's check.
    let precomposed_latin = input
        .chars()
        .all(|c| c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c));
    if precomposed_latin || is_nfc_quick(input.chars()) == IsNormalized::Yes {
        return false;
    }
    out.extend(input.nfc());
    out != input
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::steps::check_table;

    #[test]
    fn table() {
        let cases = [
            ("Na\u{0306}\u{0303}ng", "Nẵng"),
            ("e\u{0323}\u{0302}", "ệ"),
            ("e\u{0302}\u{0323}", "ệ"),
            ("Vie\u{0323}\u{0302}t", "Việt"),
            ("Việt", "Việt"),
            ("plain", "plain"),
            ("\u{0301}", "\u{0301}"),
        ];
        check_table(apply, &cases);
    }

    #[test]
    fn unchanged_input_reports_false() {
        let mut out = String::new();
        assert!(!apply("Hà Nội", &mut out));
        assert!(out.is_empty());
    }
}
