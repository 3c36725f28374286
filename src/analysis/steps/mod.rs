//! Normalization steps, one small unit each, composed into the two forms
//! vnsearch indexes (`exact` and `folded`).
//!
//! Every step has the same shape, [`Step`]: it writes its output into `out`
//! and returns `true`, or returns `false` without touching `out` when the
//! input is already in its form. The "unchanged" answer is what keeps the
//! pipeline cheap on the common case (ASCII numbers, already-NFC lower-case
//! syllables), because no copy is made.

pub mod fold;
pub mod lowercase;
pub mod nfc;
pub mod tone;

/// One normalization step: see the module documentation.
pub type Step = fn(input: &str, out: &mut String) -> bool;

/// NFC, lower case, canonical tone placement.
pub const EXACT: &[Step] = &[nfc::apply, lowercase::apply, tone::apply];

/// NFC, lower case, then diacritics removed and `đ` → `d`. Tone placement
/// is not a step here: folding removes every tone mark wherever it sits, so
/// it would change nothing (`composed_forms` checks that both orders agree)
/// and it was the costliest step of the folded form.
pub const FOLDED: &[Step] = &[nfc::apply, lowercase::apply, fold::apply];

/// Runs `steps` over `input`, leaving the result in `out` (cleared first).
/// `scratch` is a reusable buffer so the hot path does not allocate.
pub fn run(steps: &[Step], input: &str, out: &mut String, scratch: &mut String) {
    out.clear();
    out.push_str(input);
    for step in steps {
        scratch.clear();
        if step(out, scratch) {
            std::mem::swap(out, scratch);
        }
    }
}

/// Convenience for tests and one-off calls.
pub fn apply_all(steps: &[Step], input: &str) -> String {
    let (mut out, mut scratch) = (String::new(), String::new());
    run(steps, input, &mut out, &mut scratch);
    out
}

/// Table test for one step: each input must give the wanted output (the
/// input itself when the step leaves it alone).
#[cfg(test)]
pub(crate) fn check_table(step: Step, cases: &[(&str, &str)]) {
    for (input, want) in cases {
        assert_eq!(apply_all(&[step], input), *want, "{input:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_forms() {
        let cases = [
            ("Thành uỷ", "thành ủy", "thanh uy"),
            ("HOÀ", "hòa", "hoa"),
            ("Đỗ Mạnh Hiến", "đỗ mạnh hiến", "do manh hien"),
            ("Khoẻ", "khỏe", "khoe"),
            ("123", "123", "123"),
        ];
        for (input, exact, folded) in cases {
            assert_eq!(apply_all(EXACT, input), exact, "{input}");
            assert_eq!(apply_all(FOLDED, input), folded, "{input}");
            // Folding the exact form gives the folded form: tone placement
            // cannot matter once tones are gone.
            assert_eq!(apply_all(&[fold::apply], exact), folded, "{input}");
        }
        for misplaced in ["hoà", "thuỷ", "khoẻ", "uỷ", "QUÝ", "ngoài", "Khuỷu", "giặt"]
        {
            assert_eq!(
                apply_all(FOLDED, misplaced),
                apply_all(&[fold::apply], &apply_all(EXACT, misplaced)),
                "{misplaced}"
            );
        }
    }
}
