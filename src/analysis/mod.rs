//! Vietnamese text analysis: how text becomes searchable terms.
//!
//! Data path: [`segment`] splits raw text into words with byte offsets into
//! the original; [`steps`] normalize each word (NFC → lower case → canonical
//! tone placement → optional diacritic folding); [`forms`] composes the steps
//! into the `exact` and `folded` forms; [`tokenizer`] wraps it all as tantivy
//! analyzers, including syllable bigrams. Index and query time share this
//! one path.

pub(crate) mod forms;
pub(crate) mod letters;
pub(crate) mod segment;
pub(crate) mod steps;
pub(crate) mod tokenizer;

pub use forms::{has_diacritics, normalize, Form, Normalizer, WordMemo};
pub use letters::{Tone, Vowel, VOWELS};
pub use segment::{for_each_segment, DOTTED_ABBREVIATIONS};
pub use tokenizer::{breaks_clause, pair_count, register, Analyzer};

use serde::Serialize;
use tantivy::tokenizer::TokenStream;

/// A term with its byte range in the analyzed text, as `vnsearch analyze`
/// reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnalyzedToken {
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(skip)]
    pub position: usize,
}

/// Runs one analyzer over `text` and collects its tokens.
pub fn analyze(text: &str, analyzer: Analyzer) -> Vec<AnalyzedToken> {
    let mut text_analyzer = analyzer.text_analyzer();
    let mut stream = text_analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while stream.advance() {
        let t = stream.token();
        tokens.push(AnalyzedToken {
            text: t.text.clone(),
            start: t.offset_from,
            end: t.offset_to,
            position: t.position,
        });
    }
    tokens
}
