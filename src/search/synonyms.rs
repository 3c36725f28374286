//! Abbreviations of civic news and their expansions, so that a query in
//! either form finds both: `UBND` ⇄ `Ủy ban nhân dân`. Entries are folded
//! forms (the comparison happens after analysis); the table is documented
//! in the README.

/// (abbreviation, expansion), folded.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ubnd", "uy ban nhan dan"),
    ("hdnd", "hoi dong nhan dan"),
    ("mttq", "mat tran to quoc"),
    ("tphcm", "thanh pho ho chi minh"),
    ("tp.hcm", "thanh pho ho chi minh"),
    ("hcm", "ho chi minh"),
    ("tp", "thanh pho"),
    ("tw", "trung uong"),
    ("bch", "ban chap hanh"),
    ("btv", "ban thuong vu"),
    ("dbqh", "dai bieu quoc hoi"),
    ("csgt", "canh sat giao thong"),
    ("bhxh", "bao hiem xa hoi"),
    ("bhyt", "bao hiem y te"),
    ("thcs", "trung hoc co so"),
    ("thpt", "trung hoc pho thong"),
    ("gpmb", "giai phong mat bang"),
    ("ntm", "nong thon moi"),
    ("xhcn", "xa hoi chu nghia"),
    ("atgt", "an toan giao thong"),
    ("vksnd", "vien kiem sat nhan dan"),
    ("tand", "toa an nhan dan"),
    ("cand", "cong an nhan dan"),
    ("qdnd", "quan doi nhan dan"),
    ("ubkt", "uy ban kiem tra"),
    ("blhs", "bo luat hinh su"),
    ("blds", "bo luat dan su"),
    ("pccc", "phong chay chua chay"),
    ("antt", "an ninh trat tu"),
    ("nsnn", "ngan sach nha nuoc"),
    ("cchc", "cai cach hanh chinh"),
    ("kcn", "khu cong nghiep"),
    ("cntt", "cong nghe thong tin"),
    ("tngt", "tai nan giao thong"),
    ("dbscl", "dong bang song cuu long"),
    ("bds", "bat dong san"),
    ("thads", "thi hanh an dan su"),
];

/// The folded words of the expansion of `word`, if it is an abbreviation.
pub fn expansion(folded_word: &str) -> Option<Vec<&'static str>> {
    ABBREVIATIONS
        .iter()
        .find(|(abbr, _)| *abbr == folded_word)
        .map(|(_, exp)| exp.split(' ').collect())
}

/// Abbreviations whose expansion starts at `words[0]`, with its length.
pub fn abbreviations_at(folded_words: &[&str]) -> Vec<(&'static str, usize)> {
    ABBREVIATIONS
        .iter()
        .filter_map(|(abbr, exp)| {
            let parts: Vec<&str> = exp.split(' ').collect();
            let matches =
                folded_words.len() >= parts.len() && folded_words[..parts.len()] == parts[..];
            // `tp.hcm` and `tphcm` are one index term family; offer the dotless one.
            (matches && !abbr.contains('.')).then_some((*abbr, parts.len()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{normalize, Form};

    /// The table's entries are already in folded form.
    fn table_is_folded() -> bool {
        ABBREVIATIONS
            .iter()
            .all(|(a, e)| normalize(a, Form::Folded) == *a && normalize(e, Form::Folded) == *e)
    }

    #[test]
    fn table() {
        assert!(table_is_folded());
        assert_eq!(expansion("ubnd"), Some(vec!["uy", "ban", "nhan", "dan"]));
        assert_eq!(expansion("dan"), None);
        let found = abbreviations_at(&["uy", "ban", "nhan", "dan", "tinh"]);
        assert_eq!(found, vec![("ubnd", 4)]);
        let found = abbreviations_at(&["thanh", "pho", "ho", "chi", "minh"]);
        assert!(found.contains(&("tphcm", 5)) && found.contains(&("tp", 2)));
        let found = abbreviations_at(&["vien", "kiem", "sat", "nhan", "dan", "toi", "cao"]);
        assert_eq!(found, vec![("vksnd", 5)]);
        assert_eq!(expansion("dbscl").map(|e| e.len()), Some(5));
    }

    /// A dotted abbreviation is one word however it is typed, or `tp.hcm`
    /// would be two words and never match this table.
    #[test]
    fn dotted_abbreviations_are_kept_whole() {
        for (abbreviation, _) in ABBREVIATIONS.iter().filter(|(a, _)| a.contains('.')) {
            assert!(crate::analysis::DOTTED_ABBREVIATIONS.contains(abbreviation));
        }
    }

    /// One expansion per abbreviation, or a query would expand at random.
    #[test]
    fn abbreviations_are_unique() {
        let mut abbreviations: Vec<&str> = ABBREVIATIONS.iter().map(|(a, _)| *a).collect();
        abbreviations.sort_unstable();
        abbreviations.dedup();
        assert_eq!(abbreviations.len(), ABBREVIATIONS.len());
    }
}
