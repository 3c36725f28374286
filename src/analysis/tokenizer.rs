//! The tantivy analyzers: one `Tokenizer` that segments, normalizes and
//! (for bigrams) pairs words, registered under fixed names.
//!
//! Everything a field sees goes through [`VnTokenizer`], at index time (the
//! writer), at query time (the query builder) and for highlighting (the
//! snippet generator re-tokenizes stored text), so there is exactly one
//! analysis path.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

use super::forms::{Form, Normalizer};
use super::segment::{for_each_segment, SegmentKind};

/// Which tokens an analyzer produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Analyzer {
    /// One token per word in exact form (plus number/abbreviation variants).
    Exact,
    /// One token per word in folded form (plus variants).
    Folded,
    /// Adjacent word pairs in exact form, joined by a space: `hà nội`.
    BigramExact,
    /// Adjacent word pairs in folded form, run together: `hanoi`. Running
    /// them together is what lets a user's `haiphong` find `Hải Phòng`.
    BigramFolded,
}

impl Analyzer {
    pub const ALL: [Analyzer; 4] = [
        Analyzer::Exact,
        Analyzer::Folded,
        Analyzer::BigramExact,
        Analyzer::BigramFolded,
    ];

    /// The name under which the analyzer is registered with tantivy.
    pub fn name(self) -> &'static str {
        match self {
            Analyzer::Exact => "vn_exact",
            Analyzer::Folded => "vn_folded",
            Analyzer::BigramExact => "vn_bigram_exact",
            Analyzer::BigramFolded => "vn_bigram_folded",
        }
    }

    pub fn form(self) -> Form {
        match self {
            Analyzer::Exact | Analyzer::BigramExact => Form::Exact,
            Analyzer::Folded | Analyzer::BigramFolded => Form::Folded,
        }
    }

    fn is_bigram(self) -> bool {
        matches!(self, Analyzer::BigramExact | Analyzer::BigramFolded)
    }

    pub fn text_analyzer(self) -> TextAnalyzer {
        TextAnalyzer::builder(VnTokenizer::new(self)).build()
    }
}

/// Registers every analyzer by name. Tantivy does not persist analyzers in
/// the index, so this must run after every create *and* open.
pub fn register(manager: &TokenizerManager) {
    for analyzer in Analyzer::ALL {
        manager.register(analyzer.name(), analyzer.text_analyzer());
    }
}

/// A word as found in the text: byte range and kind. Kept instead of `&str`
/// so the buffer can be reused from one document to the next.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    end: usize,
    kind: SegmentKind,
}

#[derive(Clone)]
pub struct VnTokenizer {
    analyzer: Analyzer,
    spans: Vec<Span>,
    normalizer: Normalizer,
}

impl VnTokenizer {
    pub fn new(analyzer: Analyzer) -> Self {
        VnTokenizer {
            analyzer,
            spans: Vec::new(),
            normalizer: Normalizer::default(),
        }
    }
}

impl Tokenizer for VnTokenizer {
    type TokenStream<'a> = VnTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VnTokenStream<'a> {
        self.spans.clear();
        for_each_segment(text, |s| {
            self.spans.push(Span {
                start: s.start,
                end: s.end,
                kind: s.kind,
            })
        });
        VnTokenStream {
            text,
            analyzer: self.analyzer,
            spans: &self.spans,
            normalizer: &mut self.normalizer,
            next: 0,
            token: Token::default(),
            variant: None,
            previous: String::new(),
            current: String::new(),
        }
    }
}

pub struct VnTokenStream<'a> {
    text: &'a str,
    analyzer: Analyzer,
    spans: &'a [Span],
    normalizer: &'a mut Normalizer,
    next: usize,
    token: Token,
    /// A second spelling at the same position, emitted on the next advance.
    variant: Option<String>,
    /// Normalized previous word (bigrams only).
    previous: String,
    current: String,
}

impl VnTokenStream<'_> {
    fn advance_word(&mut self) -> bool {
        if let Some(variant) = self.variant.take() {
            self.token.text = variant;
            return true;
        }
        let Some(&span) = self.spans.get(self.next) else {
            return false;
        };
        let form = self.analyzer.form();
        self.normalizer
            .normalize(&self.text[span.start..span.end], form, &mut self.token.text);
        self.token.offset_from = span.start;
        self.token.offset_to = span.end;
        self.token.position = self.next;
        self.next += 1;
        if matches!(
            span.kind,
            SegmentKind::GroupedNumber | SegmentKind::Abbreviation
        ) {
            // `1.431` is also `1431`; `tp.hcm` is also `tphcm`.
            self.variant = Some(self.token.text.replace('.', ""));
        }
        true
    }

    fn advance_bigram(&mut self) -> bool {
        let form = self.analyzer.form();
        while let Some(&span) = self.spans.get(self.next) {
            let index = self.next;
            self.next += 1;
            std::mem::swap(&mut self.previous, &mut self.current);
            self.normalizer
                .normalize(&self.text[span.start..span.end], form, &mut self.current);
            if index == 0 {
                continue;
            }
            let before = self.spans[index - 1];
            // Pairs do not cross punctuation: `kinh tế - xã hội` has no `tế xã`.
            if !self.text[before.end..span.start]
                .chars()
                .all(char::is_whitespace)
            {
                continue;
            }
            let text = &mut self.token.text;
            text.clear();
            text.push_str(&self.previous);
            if form == Form::Exact {
                text.push(' ');
            }
            text.push_str(&self.current);
            self.token.offset_from = before.start;
            self.token.offset_to = span.end;
            self.token.position = index - 1;
            return true;
        }
        false
    }
}

impl TokenStream for VnTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.analyzer.is_bigram() {
            self.advance_bigram()
        } else {
            self.advance_word()
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
