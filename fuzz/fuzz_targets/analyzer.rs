//! Fuzz target (b): the analyzer in all three forms (exact words, folded
//! words, folded bigrams), through the tantivy `TextAnalyzer` the index and the
//! query builder use. Every token's offsets must be char boundaries inside
//! the text with `from <= to`: the snippet and highlight code slice the
//! stored text with them, so a bad offset is a panic on a reader's page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnsearch::analysis::{self, Analyzer, Form};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    for analyzer in Analyzer::ALL {
        let mut text_analyzer = analyzer.text_analyzer();
        let mut stream = text_analyzer.token_stream(text);
        while stream.advance() {
            let token = stream.token();
            let (from, to) = (token.offset_from, token.offset_to);
            assert!(from <= to, "{analyzer:?}: offsets {from}..{to} reversed");
            assert!(to <= text.len(), "{analyzer:?}: offset {to} past the end");
            assert!(
                text.is_char_boundary(from) && text.is_char_boundary(to),
                "{analyzer:?}: offsets {from}..{to} not on char boundaries"
            );
        }
    }
    let exact = analysis::normalize(text, Form::Exact);
    let folded = analysis::normalize(text, Form::Folded);
    // Folding skips tone placement, which folding makes moot; and
    // `has_diacritics` scans characters instead of comparing the forms.
    assert_eq!(analysis::normalize(&exact, Form::Folded), folded);
    assert_eq!(analysis::has_diacritics(text), exact != folded);
});
