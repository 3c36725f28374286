//! Query text → query words, each in its exact and folded forms, through
//! the same analyzers as the index (so a query is normalized exactly as
//! the articles were).

use crate::analysis::{self, normalize, Analyzer, Form};

/// One word of the query in both forms. Several spellings can share a
/// position (`1.431` is also `1431`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryWord {
    pub exact: Vec<String>,
    pub folded: Vec<String>,
}

impl QueryWord {
    pub(crate) fn key(&self) -> &str {
        &self.folded[0]
    }

    /// A word known only in folded form (abbreviation tables).
    pub(crate) fn folded_only(folded: &str) -> QueryWord {
        QueryWord {
            exact: Vec::new(),
            folded: vec![folded.to_string()],
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
            });
            last_position = Some(e.position);
        }
        let word = words.last_mut().expect("pushed above");
        word.exact.push(e.text);
        word.folded.push(f.text);
    }
    words
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
}
