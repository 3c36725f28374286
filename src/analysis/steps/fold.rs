//! Step 4 (folded form only): remove every diacritic and fold `đ` to `d`.
//!
//! Users on phones without a Vietnamese keyboard type `dan van kheo` for
//! `dân vận khéo`, and `da nang` for `Đà Nẵng`: `đ` is a separate letter in
//! Unicode, not `d` plus a mark, which is why generic folding (SQLite FTS5)
//! misses it. Non-Vietnamese accented letters lose their marks through NFD.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use crate::analysis::letters::{ascii_base, vowel};

pub fn apply(input: &str, out: &mut String) -> bool {
    if input.is_ascii() {
        return false;
    }
    for c in input.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(v) = vowel(c) {
            out.push(ascii_base(v.base));
        } else if c == 'đ' || c == 'Đ' {
            out.push(ascii_base(c));
        } else if is_combining_mark(c) {
            // A stray mark (e.g. left over from broken NFD) carries no letter.
        } else {
            decompose_canonical(c, |part| {
                if !is_combining_mark(part) {
                    out.push(part);
                }
            });
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::steps::check_table;

    #[test]
    fn table() {
        let cases = [
            ("đỗ mạnh hiến", "do manh hien"),
            ("đà nẵng", "da nang"),
            ("ư ơ ô ê â ă", "u o o e a a"),
            ("café", "cafe"),
            ("naïve", "naive"),
            ("x\u{0301}", "x"),
            ("日本", "日本"),
        ];
        check_table(apply, &cases);
        assert!(!apply("already ascii", &mut String::new()));
    }
}
