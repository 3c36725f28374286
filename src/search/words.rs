//! Query text → query words, each in its exact and folded forms, through
//! the same analyzers as the index (so a query is normalized exactly as
//! the articles were).

use super::synonyms;
use crate::analysis::{self, normalize, Analyzer, Form, DOTTED_ABBREVIATIONS};

/// At most this many spellings of one quoted phrase are searched (each
/// abbreviation or number in it doubles them).
pub(crate) const MAX_PHRASE_VARIANTS: usize = 16;

/// One word of the query in both forms. Several spellings can share a
/// position (`1.431` is also `1431`).
#[derive(Clone, Debug, PartialEq)]
pub struct QueryWord {
    pub exact: Vec<String>,
    pub folded: Vec<String>,
    /// A typo correction (folded), searched beside the word with less
    /// weight (see [`super::typos`]).
    pub correction: Option<super::typos::Correction>,
    /// A clause break (`,` `.` `;` …) stands between this word and the one
    /// before: a phrase keeps the gap the index has there.
    pub after_break: bool,
}

impl QueryWord {
    pub(crate) fn key(&self) -> &str {
        &self.folded[0]
    }

    /// The folded spellings to search, each with its weight: the word as
    /// typed, and its typo correction with less.
    pub(crate) fn weighted_keys(&self) -> Vec<(&str, f32)> {
        let mut keys = vec![(self.key(), 1.0)];
        keys.extend(
            self.correction
                .as_ref()
                .map(|c| (c.word.as_str(), c.weight)),
        );
        keys
    }

    /// A word known only in folded form (abbreviation tables).
    pub(crate) fn folded_only(folded: &str) -> QueryWord {
        QueryWord {
            exact: Vec::new(),
            folded: vec![folded.to_string()],
            correction: None,
            after_break: false,
        }
    }
}

/// Analyzes text into query words, grouped by position.
pub fn words(text: &str) -> Vec<QueryWord> {
    let exact = analysis::analyze(text, Analyzer::Exact);
    let folded = analysis::analyze(text, Analyzer::Folded);
    let mut words: Vec<QueryWord> = Vec::new();
    let mut last_position = None;
    for (e, f) in exact.into_iter().zip(folded) {
        if last_position != Some(e.position) {
            words.push(QueryWord {
                exact: Vec::new(),
                folded: Vec::new(),
                correction: None,
                after_break: last_position.is_some_and(|p| e.position > p + 1),
            });
            last_position = Some(e.position);
        }
        let word = words.last_mut().expect("pushed above");
        word.exact.push(e.text);
        word.folded.push(f.text);
    }
    words
}

impl QueryWord {
    /// The word's spellings as separate words (`1.431` and `1431`).
    fn spellings(&self) -> Vec<QueryWord> {
        self.folded
            .iter()
            .enumerate()
            .map(|(i, folded)| QueryWord {
                exact: self.exact.get(i).cloned().into_iter().collect(),
                folded: vec![folded.clone()],
                correction: None,
                after_break: self.after_break,
            })
            .collect()
    }
}

/// The spellings of a quoted phrase: every abbreviation in it also spelled
/// out and every expansion also abbreviated (`UBND thành phố` ⇄ `Ủy ban
/// nhân dân thành phố` ⇄ `UBND TP` …), every number with and without its
/// thousands dots. Each word of a variant has one spelling; the phrase as
/// typed comes first; at most [`MAX_PHRASE_VARIANTS`].
pub(crate) fn phrase_variants(words: &[QueryWord]) -> Vec<Vec<QueryWord>> {
    let mut done: Vec<Vec<QueryWord>> = Vec::new();
    // (variant so far, next position in `words`)
    let mut pending: Vec<(Vec<QueryWord>, usize)> = vec![(Vec::new(), 0)];
    let keys: Vec<&str> = words.iter().map(QueryWord::key).collect();
    while let Some((prefix, i)) = pending.pop() {
        if done.len() >= MAX_PHRASE_VARIANTS {
            break;
        }
        if i == words.len() {
            if !done.contains(&prefix) {
                done.push(prefix);
            }
            continue;
        }
        let mut options: Vec<(Vec<QueryWord>, usize)> = Vec::new();
        for spelling in words[i].spellings() {
            options.push((vec![spelling.clone()], 1));
            if let Some(expansion) = synonyms::expansion(spelling.key()) {
                let mut spelled: Vec<QueryWord> =
                    expansion.into_iter().map(QueryWord::folded_only).collect();
                if let Some(first) = spelled.first_mut() {
                    first.after_break = spelling.after_break;
                }
                options.push((spelled, 1));
            }
        }
        for (abbreviation, len) in synonyms::abbreviations_at(&keys[i..]) {
            let mut short = QueryWord::folded_only(abbreviation);
            short.after_break = words[i].after_break;
            options.push((vec![short], len));
        }
        // Pushed in reverse so that the first option is explored first.
        for (words, width) in options.into_iter().rev() {
            let mut next = prefix.clone();
            next.extend(words);
            pending.push((next, i + width));
        }
    }
    done
}

/// The letters between the dots of a dotted abbreviation (`tp.hcm` →
/// `tp`, `hcm`), also when typed without its dots (`tphcm`, a known
/// one); `None` for other words and for grouped numbers.
pub(crate) fn dotted_parts(folded: &str) -> Option<Vec<&str>> {
    let dotted = DOTTED_ABBREVIATIONS
        .iter()
        .find(|dotted| dotted.replace('.', "") == folded)
        .copied()
        .unwrap_or(folded);
    let parts: Vec<&str> = dotted.split('.').collect();
    let letters = |part: &&str| !part.is_empty() && part.chars().all(char::is_alphabetic);
    (parts.len() > 1 && parts.iter().all(letters)).then_some(parts)
}

/// `1431` → `1.431`: the Vietnamese thousands grouping of a plain number of
/// four digits or more (how highlights find `1.431` for `1431`).
pub(crate) fn with_thousands_dots(word: &str) -> Option<String> {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = word.as_bytes();
    let mut out = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(*d as char);
    }
    Some(out)
}

/// A `prefix*` in folded form, letters and digits only.
pub(crate) fn folded_prefix(prefix: &str) -> String {
    normalize(prefix, Form::Folded)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_group_variants() {
        let w = words("1.431 Hoà");
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].folded, vec!["1.431", "1431"]);
        assert_eq!(w[1].exact, vec!["hòa"]);
        assert_eq!(w[1].folded, vec!["hoa"]);
    }

    fn keys(variants: &[Vec<QueryWord>]) -> Vec<String> {
        variants
            .iter()
            .map(|v| v.iter().map(QueryWord::key).collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn phrase_variants_cover_abbreviations_and_numbers() {
        let v = keys(&phrase_variants(&words("UBND thành phố")));
        assert_eq!(v[0], "ubnd thanh pho");
        for expected in ["uy ban nhan dan thanh pho", "ubnd tp", "uy ban nhan dan tp"] {
            assert!(v.contains(&expected.to_string()), "{expected} in {v:?}");
        }
        let v = keys(&phrase_variants(&words("Ủy ban nhân dân")));
        assert_eq!(v, vec!["uy ban nhan dan", "ubnd"]);
        let v = keys(&phrase_variants(&words("1.431 mô hình")));
        assert_eq!(v, vec!["1.431 mo hinh", "1431 mo hinh"]);
        let v = phrase_variants(&words("tp tp tp tp tp tp tp tp"));
        assert_eq!(v.len(), MAX_PHRASE_VARIANTS);
    }

    #[test]
    fn thousands_dots() {
        assert_eq!(with_thousands_dots("1431").as_deref(), Some("1.431"));
        assert_eq!(with_thousands_dots("1234567").as_deref(), Some("1.234.567"));
        assert_eq!(with_thousands_dots("431"), None);
        assert_eq!(with_thousands_dots("12a4"), None);
    }
}
