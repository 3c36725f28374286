//! The tantivy analyzers: one `Tokenizer` that segments, normalizes and
//! (for bigrams) pairs words, registered under fixed names.
//!
//! Everything a field sees goes through [`VnTokenizer`], at index time (the
//! writer), at query time (the query builder) and for highlighting (the
//! snippet generator re-tokenizes stored text), so there is exactly one
//! analysis path.

use std::cell::RefCell;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

use super::forms::{Form, Normalizer};
use super::segment::{for_each_segment, SegmentKind};

/// Whether the text between two neighbouring words ends a clause: a
/// sentence mark, a comma, a colon or semicolon, or a line break. Quotes,
/// brackets, dashes and slashes do not (`kinh tế - xã hội`, `dự án "Nhà
/// ở xã hội"` are read as one run of words).
///
/// Words on either side of a clause break are never a pair (bigram), and
/// the break leaves a gap in word positions, so neither a phrase nor a
/// body pair counted from positions runs across it (`Hà Nội, Hải Phòng`
/// has no `nội hải`). Ignoring the breaks lost 0.003–0.005 MRR@10 on
/// `alqac-2023b`, whose articles are lists (docs/ranking.md).
pub fn breaks_clause(between: &str) -> bool {
    between
        .chars()
        .any(|c| matches!(c, '.' | ',' | ';' | ':' | '?' | '!' | '…' | '\n' | '\r'))
}

/// How many pairs of neighbouring words `text` has (the number of its
/// bigrams): the length the second stage of ranking scores body pairs
/// with, stored per article since bodies index no bigrams.
pub fn pair_count(text: &str) -> u32 {
    let mut count = 0;
    let mut previous_end = None;
    for_each_segment(text, |s| {
        if let Some(end) = previous_end {
            if !breaks_clause(&text[end..s.start]) {
                count += 1;
            }
        }
        previous_end = Some(s.end);
    });
    count
}

/// Which tokens an analyzer produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Analyzer {
    /// One token per word in exact form (plus number/abbreviation variants).
    Exact,
    /// One token per word in folded form (plus variants).
    Folded,
    /// Adjacent word pairs in folded form, run together: `hanoi`. Running
    /// them together is what lets a user's `haiphong` find `Hải Phòng`.
    BigramFolded,
}

impl Analyzer {
    pub const ALL: [Analyzer; 3] = [Analyzer::Exact, Analyzer::Folded, Analyzer::BigramFolded];

    /// The name under which the analyzer is registered with tantivy.
    pub fn name(self) -> &'static str {
        match self {
            Analyzer::Exact => "vn_exact",
            Analyzer::Folded => "vn_folded",
            Analyzer::BigramFolded => "vn_bigram_folded",
        }
    }

    pub fn form(self) -> Form {
        match self {
            Analyzer::Exact => Form::Exact,
            Analyzer::Folded | Analyzer::BigramFolded => Form::Folded,
        }
    }

    fn is_bigram(self) -> bool {
        matches!(self, Analyzer::BigramFolded)
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

/// Texts longer than this are analyzed without being kept for the next
/// analyzer, so a huge article does not stay in memory after it is indexed.
const MAX_CACHED_TEXT_BYTES: usize = 1 << 20;

/// A word of a text: where it is in the text, and both of its forms, which
/// are byte ranges of [`Words::forms`]. Kept as offsets rather than `&str`
/// so the buffers can be reused from one text to the next.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    /// The word's position: one more than the previous word's, two more
    /// after a clause break.
    position: usize,
    kind: SegmentKind,
    exact: (u32, u32),
    folded: (u32, u32),
}

/// A text segmented and normalized once, in both forms: what all three
/// analyzers read their tokens from.
#[derive(Clone, Default)]
struct Words {
    words: Vec<Word>,
    forms: String,
}

impl Words {
    fn analyze(&mut self, text: &str, normalizer: &mut Normalizer) {
        self.words.clear();
        self.forms.clear();
        let forms = &mut self.forms;
        let words = &mut self.words;
        for_each_segment(text, |s| {
            let (exact, folded) = normalizer.normalize_both(s.text, forms);
            let position = match words.last() {
                None => 0,
                Some(before) if breaks_clause(&text[before.end..s.start]) => before.position + 2,
                Some(before) => before.position + 1,
            };
            words.push(Word {
                start: s.start,
                end: s.end,
                position,
                kind: s.kind,
                exact: (exact.start, exact.end),
                folded: (folded.start, folded.end),
            })
        });
    }

    fn form(&self, word: &Word, form: Form) -> &str {
        let (start, end) = match form {
            Form::Exact => word.exact,
            Form::Folded => word.folded,
        };
        &self.forms[start as usize..end as usize]
    }
}

/// The last text analyzed on this thread, with its words.
#[derive(Default)]
struct Recent {
    text: String,
    words: Words,
    normalizer: Normalizer,
}

thread_local! {
    /// Tantivy's indexer hands the same title or body to its three fields
    /// one after another on one thread, so the last two analyzers find
    /// the words here instead of segmenting and normalizing again (this
    /// was most of the analysis cost of a build).
    static RECENT: RefCell<Recent> = RefCell::default();
}

/// Fills `out` with the words of `text`, from the thread's last analysis
/// when it was of the same text.
fn words_of(text: &str, out: &mut Words) {
    RECENT.with(|recent| {
        let recent = &mut *recent.borrow_mut();
        if text.len() > MAX_CACHED_TEXT_BYTES {
            return out.analyze(text, &mut recent.normalizer);
        }
        if recent.text != text {
            recent.text.clear();
            recent.text.push_str(text);
            recent.words.analyze(text, &mut recent.normalizer);
        }
        out.clone_from(&recent.words);
    })
}

#[derive(Clone)]
pub struct VnTokenizer {
    analyzer: Analyzer,
    words: Words,
}

impl VnTokenizer {
    pub fn new(analyzer: Analyzer) -> Self {
        VnTokenizer {
            analyzer,
            words: Words::default(),
        }
    }
}

impl Tokenizer for VnTokenizer {
    type TokenStream<'a> = VnTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VnTokenStream<'a> {
        words_of(text, &mut self.words);
        VnTokenStream {
            analyzer: self.analyzer,
            words: &self.words,
            next: 0,
            token: Token::default(),
            variant: None,
        }
    }
}

pub struct VnTokenStream<'a> {
    analyzer: Analyzer,
    words: &'a Words,
    next: usize,
    token: Token,
    /// A second spelling at the same position, emitted on the next advance.
    variant: Option<String>,
}

impl VnTokenStream<'_> {
    fn advance_word(&mut self) -> bool {
        if let Some(variant) = self.variant.take() {
            self.token.text = variant;
            return true;
        }
        let Some(word) = self.words.words.get(self.next) else {
            return false;
        };
        let text = &mut self.token.text;
        text.clear();
        text.push_str(self.words.form(word, self.analyzer.form()));
        self.token.offset_from = word.start;
        self.token.offset_to = word.end;
        self.token.position = word.position;
        self.next += 1;
        if matches!(
            word.kind,
            SegmentKind::GroupedNumber | SegmentKind::Abbreviation
        ) {
            // `1.431` is also `1431`; `tp.hcm` is also `tphcm`.
            self.variant = Some(self.token.text.replace('.', ""));
        }
        true
    }

    fn advance_bigram(&mut self) -> bool {
        let form = self.analyzer.form();
        let words = &self.words.words;
        while let Some(word) = words.get(self.next) {
            let index = self.next;
            self.next += 1;
            if index == 0 {
                continue;
            }
            let before = &words[index - 1];
            if word.position != before.position + 1 {
                continue;
            }
            let text = &mut self.token.text;
            text.clear();
            text.push_str(self.words.form(before, form));
            text.push_str(self.words.form(word, form));
            self.token.offset_from = before.start;
            self.token.offset_to = word.end;
            self.token.position = before.position;
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
