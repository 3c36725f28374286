//! Step 2: lower case, including `Đ` → `đ` and upper-case toned vowels.
//!
//! Headlines and slogans are often in capitals (`DÂN VẬN KHÉO`); lower-casing
//! after NFC keeps every letter precomposed.

pub fn apply(input: &str, out: &mut String) -> bool {
    let is_upper = |c: char| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            c.is_uppercase()
        }
    };
    if !input.chars().any(is_upper) {
        return false;
    }
    if input.is_ascii() {
        out.push_str(input);
        out.make_ascii_lowercase();
    } else {
        for c in input.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
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
            ("DÂN VẬN KHÉO", "dân vận khéo"),
            ("ĐỖ", "đỗ"),
            ("Ủy", "ủy"),
            ("HĐND", "hđnd"),
            ("TP.HCM", "tp.hcm"),
            ("ƯỚC", "ước"),
        ];
        check_table(apply, &cases);
        let mut out = String::new();
        assert!(!apply("đã thấp", &mut out));
    }
}
