//! Turning a place name, however it is spelled, into a lookup key.
//!
//! Users and reporters write the same unit as `Hải Phòng`, `hai phong`,
//! `TP Hải Phòng`, `Haiphong`, `TP.HCM`, with either tone placement or in
//! NFD. Folding through [`crate::analysis::normalize`] and dropping spaces
//! and punctuation makes all of these one key; the administrative prefix is
//! recognised separately because it tells which kind of unit is meant.

use crate::analysis::{normalize, Form};

/// The administrative word written before a name (`Quận Hoàng Mai`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefix {
    /// `Tỉnh`.
    Province,
    /// `Thành phố`, `TP`: a centrally-run city or a provincial city.
    City,
    /// `Quận`.
    Urban,
    /// `Huyện`.
    Rural,
    /// `Thị xã`, `TX`.
    Town,
    /// `Thủ đô` (only Hà Nội).
    Capital,
}

impl Prefix {
    /// Whether a unit of gazetteer `kind` (`Quận`, `Huyện`, `Thị xã`,
    /// `Thành phố`, `Tỉnh`, `Thành phố Trung ương`) can be written with it.
    pub fn fits(self, kind: &str) -> bool {
        match self {
            Prefix::Province => kind == "Tỉnh",
            Prefix::City => kind.starts_with("Thành phố"),
            Prefix::Urban => kind == "Quận",
            Prefix::Rural => kind == "Huyện",
            Prefix::Town => kind == "Thị xã",
            Prefix::Capital => kind == "Thành phố Trung ương",
        }
    }
}

/// Folded words of `name`, split at anything that is not a letter or digit
/// (`TP.HCM` → `tp`, `hcm`).
pub fn folded_words(name: &str) -> Vec<String> {
    normalize(name, Form::Folded)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The prefix at the start of folded `words` and how many words it takes.
pub fn prefix_of(words: &[impl AsRef<str>]) -> Option<(Prefix, usize)> {
    let w = |i: usize| words.get(i).map(AsRef::as_ref);
    match (w(0)?, w(1)) {
        ("thanh", Some("pho")) => Some((Prefix::City, 2)),
        ("thi", Some("xa")) => Some((Prefix::Town, 2)),
        ("thu", Some("do")) => Some((Prefix::Capital, 2)),
        ("tp", _) => Some((Prefix::City, 1)),
        ("tx", _) => Some((Prefix::Town, 1)),
        ("tinh", _) => Some((Prefix::Province, 1)),
        ("quan", _) => Some((Prefix::Urban, 1)),
        ("huyen", _) => Some((Prefix::Rural, 1)),
        _ => None,
    }
}

/// Lookup keys of a name: the whole name run together, and, when it starts
/// with an administrative prefix, the rest without it. Both are kept because
/// some names start with a prefix-like word (`Quan Sơn`, `Quản Bạ`).
pub struct Keys {
    pub full: String,
    pub stripped: Option<(Prefix, String)>,
}

pub fn keys(name: &str) -> Keys {
    let words = folded_words(name);
    let full = words.concat();
    let stripped = prefix_of(&words)
        .filter(|&(_, n)| n < words.len())
        .map(|(p, n)| (p, words[n..].concat()));
    Keys { full, stripped }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_table() {
        let cases = [
            ("Hải Phòng", "haiphong", None),
            ("TP Hải Phòng", "tphaiphong", Some("haiphong")),
            ("TP.HCM", "tphcm", Some("hcm")),
            (
                "Thành phố Hồ Chí Minh",
                "thanhphohochiminh",
                Some("hochiminh"),
            ),
            ("Quận Hoàng Mai", "quanhoangmai", Some("hoangmai")),
            ("Quan Sơn", "quanson", Some("son")),
            (
                "Tha\u{300}nh pho\u{302}\u{301} Be\u{302}\u{301}n Tre",
                "thanhphobentre",
                Some("bentre"),
            ),
            ("Thanh Hoá", "thanhhoa", None),
        ];
        for (name, full, stripped) in cases {
            let k = keys(name);
            assert_eq!(k.full, full, "{name}");
            assert_eq!(k.stripped.map(|s| s.1).as_deref(), stripped, "{name}");
        }
    }
}
