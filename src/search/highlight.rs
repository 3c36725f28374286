//! What a query highlights: its positive words (folded), prefixes, and the
//! sequences that only count together (quoted phrases, expansions of
//! abbreviations). Snippets and `show --highlight` mark what this says.

use std::collections::HashSet;

use super::synonyms;
use super::syntax::{FieldName, Node};
use super::words::{
    dotted_parts, folded_prefix, phrase_variants, with_thousands_dots, words, QueryWord,
};

/// What snippets should highlight: folded words and folded prefixes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    pub terms: HashSet<String>,
    pub prefixes: Vec<String>,
    /// Sequences highlighted only where they occur together: quoted
    /// phrases and the expansions of abbreviations.
    pub phrases: Vec<Vec<String>>,
    /// Sequences highlighted where they occur together or split by a
    /// full stop or comma (`TP. HCM`, `TP. Hồ Chí Minh` for `TP.HCM`).
    pub phrases_across_breaks: Vec<Vec<String>>,
}

impl Highlight {
    /// The positive text terms of a query (not negated words, not filters).
    pub fn of(node: &Node) -> Highlight {
        let mut h = Highlight::default();
        h.collect(node);
        h
    }

    fn collect(&mut self, node: &Node) {
        match node {
            Node::Phrase(t) if words(t).len() > 1 => {
                // Every spelling of the phrase, each highlighted only where
                // its words stand together.
                for variant in phrase_variants(&words(t)) {
                    let keys: Vec<String> = variant.iter().map(|w| w.key().to_string()).collect();
                    if let [single] = &keys[..] {
                        self.terms.insert(single.clone());
                        continue;
                    }
                    let dotted: Vec<String> = keys
                        .iter()
                        .map(|k| with_thousands_dots(k).unwrap_or_else(|| k.clone()))
                        .collect();
                    if dotted != keys {
                        self.phrases.push(dotted);
                    }
                    self.phrases.push(keys);
                }
            }
            Node::Words(t) | Node::Phrase(t) => {
                let words = words(t);
                let keys: Vec<&str> = words.iter().map(QueryWord::key).collect();
                for i in 0..keys.len() {
                    for (abbreviation, _) in synonyms::abbreviations_at(&keys[i..]) {
                        self.terms.insert(abbreviation.to_string());
                    }
                    if let Some(expansion) = synonyms::expansion(keys[i]) {
                        self.phrases
                            .push(expansion.into_iter().map(str::to_string).collect());
                    }
                    // `TP.HCM` also written `TP HCM`, `TP. Hồ Chí Minh` …
                    if let Some(parts) = dotted_parts(keys[i]) {
                        let parts: Vec<QueryWord> =
                            parts.into_iter().map(QueryWord::folded_only).collect();
                        for variant in phrase_variants(&parts) {
                            self.phrases_across_breaks
                                .push(variant.iter().map(|w| w.key().to_string()).collect());
                        }
                    }
                }
                if matches!(node, Node::Phrase(_)) && words.len() > 1 {
                    self.phrases
                        .push(keys.iter().map(|k| k.to_string()).collect());
                } else {
                    self.terms.extend(words.into_iter().flat_map(|w| w.folded));
                }
            }
            Node::Prefix(p) => self.prefixes.push(folded_prefix(p)),
            Node::And(children) | Node::Or(children) => {
                children.iter().for_each(|c| self.collect(c))
            }
            Node::Field(FieldName::Title, inner) => self.collect(inner),
            Node::Field(..) | Node::Not(_) | Node::All => {}
        }
    }

    pub fn matches(&self, folded_word: &str) -> bool {
        self.terms.contains(folded_word)
            || self
                .prefixes
                .iter()
                .any(|p| folded_word.starts_with(p.as_str()))
    }

    /// Any positive text at all (a pure filter query highlights nothing).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.prefixes.is_empty()
            && self.phrases.is_empty()
            && self.phrases_across_breaks.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::syntax::parse;

    #[test]
    fn highlight_terms() {
        let h = Highlight::of(&parse("Dân vận -hội city:\"Hà Nội\" hoang* UBND").unwrap());
        for t in ["dan", "van", "ubnd"] {
            assert!(h.terms.contains(t), "{t}");
        }
        assert!(
            !h.terms.contains("nhan"),
            "expansions highlight only as phrases"
        );
        assert!(h.phrases.contains(&vec![
            "uy".into(),
            "ban".into(),
            "nhan".into(),
            "dan".into()
        ]));
        assert!(
            !h.terms.contains("hoi"),
            "negated words are not highlighted"
        );
        assert!(!h.terms.contains("noi"), "filters are not highlighted");
        assert!(h.matches("hoanganh"));
    }

    #[test]
    fn phrases_highlight_every_spelling() {
        let h = Highlight::of(&parse("\"UBND thành phố\" \"1431 mô hình\"").unwrap());
        for phrase in [
            "ubnd thanh pho",
            "uy ban nhan dan thanh pho",
            "1431 mo hinh",
            "1.431 mo hinh",
        ] {
            let words: Vec<String> = phrase.split(' ').map(str::to_string).collect();
            assert!(h.phrases.contains(&words), "{phrase}: {:?}", h.phrases);
        }
        assert!(!h.terms.contains("ubnd"), "UBND alone is not the phrase");
        let h = Highlight::of(&parse("\"Ủy ban nhân dân\"").unwrap());
        assert!(h.terms.contains("ubnd"));
    }

    #[test]
    fn the_city_abbreviation_highlights_every_way_it_is_written() {
        for query in ["tp.hcm", "TPHCM"] {
            let h = Highlight::of(&parse(query).unwrap());
            for phrase in ["tp hcm", "tp ho chi minh", "thanh pho ho chi minh"] {
                let words: Vec<String> = phrase.split(' ').map(str::to_string).collect();
                assert!(
                    h.phrases_across_breaks.contains(&words),
                    "{query}: {phrase}: {:?}",
                    h.phrases_across_breaks
                );
            }
            assert!(
                !h.terms.contains("hcm"),
                "{query}: HCM alone is not the city"
            );
        }
    }
}
