//! Typo tolerance, the Vietnamese way: a query word that the index does not
//! know (or hardly knows) in its folded form is corrected from the index's
//! own vocabulary.
//!
//! Tone marks and diacritics are not typos: folding already makes `dan`
//! find `dân`. What is left is a letter wrong, missing, doubled or swapped
//! (`hai phog`, `nguyen xuan phuk`). The rule, chosen by measurement on 200
//! misspelled headline queries (see docs/ranking.md):
//!
//! - only loose words are corrected: never a quoted phrase, a prefix, a
//!   filter value, a negated word or anything with a digit;
//! - only words of [`MIN_LETTERS`] letters or more, at edit distance 1
//!   (a transposition counts as one edit), or 2 from [`TWO_EDITS_FROM`]
//!   letters (run-together words such as `haiphog`);
//! - only when the folded word is in no article, or in at most
//!   [`RARE_DOCS`] and the correction in at least [`CORRECTION_RATIO`]
//!   times as many as have the word either alone or as two syllables typed
//!   together (`gaio` is sometimes `gái ở`, far more often a typo of
//!   `giao`);
//! - among the candidates, the one that most often stands next to the
//!   query's neighbouring words wins (syllables make words: `hai` + `phong`),
//!   then the most frequent.
//!
//! The correction is searched beside the word as typed, with less weight
//! (see `QueryBuilder`), so an article that has the word exactly as typed
//! still ranks first.

use std::collections::HashMap;
use std::sync::OnceLock;

use anyhow::{Context, Result};
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};
use tantivy_fst::Automaton;

use super::pairs::{self, Sampling};
use super::syntax::{FieldName, Node};
use super::words::{words, QueryWord};
use crate::analysis::{analyze, has_diacritics, normalize, Analyzer, Form};
use crate::index::schema::{Fields, TextFields};

/// Shorter words are not corrected: one edit away from a three-letter
/// syllable is almost every other syllable.
pub const MIN_LETTERS: usize = 4;
/// Words this long (run-together syllables) may be two edits away.
pub const TWO_EDITS_FROM: usize = 8;
/// Words this long that are no syllable may be two typed together.
pub(crate) const RUN_TOGETHER_FROM: usize = 6;
/// A word in more articles than this is taken as meant.
pub(crate) const RARE_DOCS: u64 = 2;
/// The correction must be this many times more common than the word.
pub(crate) const CORRECTION_RATIO: u64 = 50;

/// When a few articles have the word as typed, its correction's clauses
/// weigh this much of the word's own, so that those articles rank first.
pub(crate) const CORRECTION_WEIGHT: f32 = 0.5;

/// At most this many words of one query are corrected: each costs a few
/// walks of the vocabulary, and a query with more unknown words than this
/// is not a query with typos.
pub(crate) const MAX_CORRECTED_WORDS: usize = 8;
/// Runs longer than this keep their other words as typed in the
/// suggestion (their usual spellings are not looked up).
const MAX_SPELLED_RUN: usize = 12;

/// Whether to correct typos.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Typos {
    #[default]
    On,
    Off,
}

impl Typos {
    pub const NAMES: &'static [&'static str] = &["on", "off"];
}

impl std::str::FromStr for Typos {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "on" => Ok(Typos::On),
            "off" => Ok(Typos::Off),
            other => Err(format!("unknown typo setting `{other}`; use on or off")),
        }
    }
}

/// A correction and the weight of its clauses relative to the word's own.
#[derive(Clone, Debug, PartialEq)]
pub struct Correction {
    /// Folded.
    pub word: String,
    /// As written in the index, when the word was typed with diacritics.
    pub spelled: Option<String>,
    pub weight: f32,
}

/// The corrections made for one query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Corrections {
    /// Folded word as typed → its correction.
    pub by_word: HashMap<String, Correction>,
    /// The query as the user typed it with the corrected words replaced,
    /// in the user's own style (with diacritics only if they typed some).
    pub did_you_mean: Option<String>,
    /// The same with every word of the corrected runs in its usual
    /// Vietnamese spelling (`hải phòng`), for people to read.
    pub did_you_mean_accented: Option<String>,
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.by_word.is_empty()
    }
}

/// Finds corrections for the loose words of `query` (parsed as `node`).
pub(crate) fn correct(
    searcher: &Searcher,
    fields: &Fields,
    query: &str,
    node: &Node,
) -> Result<Corrections> {
    let mut runs = Vec::new();
    loose_runs(node, &mut runs);
    let vocabulary = Vocabulary { searcher, fields };
    let mut by_word = HashMap::new();
    let mut corrected_runs = Vec::new();
    for run in &runs {
        let mut any = false;
        for (i, word) in run.iter().enumerate() {
            let key = word.key();
            if by_word.contains_key(key) || !correctable(key) {
                continue;
            }
            if by_word.len() >= MAX_CORRECTED_WORDS {
                break;
            }
            let found = vocabulary.documents(key)?;
            if found > RARE_DOCS {
                continue;
            }
            // Typed with diacritics, the marks are kept: `chứx` is `chứa`,
            // not `chục`; only where no such word exists is any spelling
            // a candidate.
            let typed = word.exact.first().filter(|e| has_diacritics(e));
            // `gaio` is also `gái ở` typed together, but far less often
            // than it is a typo of `giao`. Whoever types diacritics types
            // the space between syllables too.
            let known = match typed {
                Some(_) => found,
                None => found + vocabulary.run_together(key)?,
            };
            let neighbours = [
                i.checked_sub(1).map(|j| (&run[j], true)),
                run.get(i + 1).map(|w| (w, false)),
            ];
            let mut best = match typed {
                Some(exact) if exact.chars().count() >= MIN_LETTERS => {
                    vocabulary.best_spelled_candidate(exact, &neighbours)?
                }
                _ => None,
            };
            if best.is_none() {
                best = vocabulary.best_candidate(key, &neighbours)?;
            }
            if let Some(best) = best {
                if known == 0 || best.documents >= CORRECTION_RATIO * known {
                    // A word no article has cannot outrank its correction;
                    // one that a few articles have keeps them first.
                    let weight = if found == 0 { 1.0 } else { CORRECTION_WEIGHT };
                    let correction = Correction {
                        word: best.word,
                        spelled: best.spelled,
                        weight,
                    };
                    by_word.insert(key.to_string(), correction);
                    any = true;
                }
            }
        }
        if any {
            corrected_runs.push(run);
        }
    }
    if by_word.is_empty() {
        return Ok(Corrections::default());
    }
    let accented_query = has_diacritics(query);
    let mut styled = HashMap::new();
    let mut readable = HashMap::new();
    for run in corrected_runs {
        let folded: Vec<String> = run
            .iter()
            .map(|w| {
                by_word
                    .get(w.key())
                    .map_or(&w.folded[0], |c| &c.word)
                    .clone()
            })
            .collect();
        let spelled = if folded.len() <= MAX_SPELLED_RUN {
            vocabulary.usual_spelling(&folded)?
        } else {
            vec![None; folded.len()]
        };
        for ((word, fixed), usual) in run.iter().zip(&folded).zip(spelled) {
            let typed_exact = word.exact.first().filter(|e| has_diacritics(e));
            let keep_typed = !by_word.contains_key(word.key()) && typed_exact.is_some();
            let spelled = by_word.get(word.key()).and_then(|c| c.spelled.clone());
            let usual = if keep_typed {
                typed_exact.cloned().unwrap_or_default()
            } else {
                spelled.or(usual).unwrap_or_else(|| fixed.clone())
            };
            if by_word.contains_key(word.key()) {
                let style = if accented_query { &usual } else { fixed };
                styled.insert(word.key().to_string(), style.clone());
            }
            readable.insert(word.key().to_string(), usual);
        }
    }
    Ok(Corrections {
        did_you_mean: Some(rewrite(query, &styled)),
        did_you_mean_accented: Some(rewrite(query, &readable)),
        by_word,
    })
}

/// Only letters, and enough of them.
fn correctable(folded: &str) -> bool {
    folded.len() >= MIN_LETTERS && folded.bytes().all(|b| b.is_ascii_lowercase())
}

/// The runs of loose words of a query, as the query builder groups them:
/// words side by side in one conjunction. Phrases, prefixes, filters and
/// negations are never corrected.
fn loose_runs(node: &Node, runs: &mut Vec<Vec<QueryWord>>) {
    match node {
        Node::Words(text) => runs.push(words(text)),
        Node::And(children) => {
            let mut run = Vec::new();
            for child in children {
                match child {
                    Node::Words(text) => run.extend(words(text)),
                    other => {
                        if !run.is_empty() {
                            runs.push(std::mem::take(&mut run));
                        }
                        loose_runs(other, runs);
                    }
                }
            }
            if !run.is_empty() {
                runs.push(run);
            }
        }
        Node::Or(children) => children.iter().for_each(|c| loose_runs(c, runs)),
        Node::Field(FieldName::Title, inner) => loose_runs(inner, runs),
        Node::Field(..) | Node::Not(_) | Node::Phrase(_) | Node::Prefix(_) | Node::All => {}
    }
}

/// Replaces each word of `query` found in `replacements` (by its folded
/// form) with its replacement, outside quotes; everything else is kept as
/// typed.
fn rewrite(query: &str, replacements: &HashMap<String, String>) -> String {
    let quoted = quoted_spans(query);
    let mut out = String::with_capacity(query.len());
    let mut copied = 0;
    for token in analyze(query, Analyzer::Folded) {
        let in_quotes = quoted
            .iter()
            .any(|(a, b)| *a <= token.start && token.end <= *b);
        let Some(replacement) = replacements.get(&token.text).filter(|_| !in_quotes) else {
            continue;
        };
        if token.start < copied {
            continue;
        }
        out.push_str(&query[copied..token.start]);
        out.push_str(replacement);
        copied = token.end;
    }
    out.push_str(&query[copied..]);
    out
}

/// Byte ranges between double quotes.
fn quoted_spans(query: &str) -> Vec<(usize, usize)> {
    let quotes: Vec<usize> = query.match_indices('"').map(|(i, _)| i).collect();
    quotes
        .chunks(2)
        .map(|pair| (pair[0], *pair.get(1).unwrap_or(&query.len())))
        .collect()
}

/// A correction and how many articles have it.
struct Candidate {
    /// Folded.
    word: String,
    /// With diacritics, when chosen among spellings with diacritics.
    spelled: Option<String>,
    documents: u64,
}

/// How hard to look for two words side by side in bodies when ranking
/// corrections: one sample of 256 articles, no retry (corrections are
/// compared with each other, and there may be dozens of them).
const FOR_TYPOS: Sampling = Sampling {
    samples: 256,
    min_hits: 0,
    most: 256,
};

/// The index's own words, for finding and ranking corrections.
struct Vocabulary<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
}

impl Vocabulary<'_> {
    fn doc_freq(&self, field: Field, text: &str) -> Result<u64> {
        self.searcher
            .doc_freq(&Term::from_field_text(field, text))
            .context("reading word frequencies")
    }

    /// Articles with the folded word in their title or body (an upper
    /// bound: an article with it in both counts twice).
    fn documents(&self, folded: &str) -> Result<u64> {
        Ok(self.doc_freq(self.fields.body_text.folded, folded)?
            + self.doc_freq(self.fields.title_text.folded, folded)?)
    }

    /// Articles where two words stand side by side spelled exactly as
    /// given (`chứa tên`): the articles with both spellings and their
    /// folded pair. The index keeps pairs folded only (and bodies keep
    /// none), so this intersects posting lists, estimated from a sample in
    /// bodies; it runs only for a word being corrected.
    fn spelled_pair(&self, fields: &TextFields, first: &str, second: &str) -> Result<u64> {
        let (first_folded, second_folded) = (
            normalize(first, Form::Folded),
            normalize(second, Form::Folded),
        );
        let exact = [
            Term::from_field_text(fields.exact, first),
            Term::from_field_text(fields.exact, second),
        ];
        let Some(bigrams) = fields.bigram_folded else {
            return pairs::estimated_doc_freq(
                self.searcher,
                &Term::from_field_text(fields.folded, &first_folded),
                &Term::from_field_text(fields.folded, &second_folded),
                &exact,
                FOR_TYPOS,
            );
        };
        let [first_exact, second_exact] = exact;
        let terms = [
            Term::from_field_text(bigrams, &format!("{first_folded}{second_folded}")),
            first_exact,
            second_exact,
        ];
        if self
            .searcher
            .doc_freq(&terms[0])
            .context("reading word frequencies")?
            == 0
        {
            return Ok(0);
        }
        let all = BooleanQuery::new(
            terms
                .into_iter()
                .map(|term| {
                    let query: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                    (Occur::Must, query)
                })
                .collect(),
        );
        Ok(all.count(self.searcher).context("counting word pairs")? as u64)
    }

    /// Titles where the word is two syllables typed together
    /// (`haiphong`): only titles index their pairs.
    fn run_together(&self, folded: &str) -> Result<u64> {
        match self.fields.title_text.bigram_folded {
            Some(bigrams) => self.doc_freq(bigrams, folded),
            None => Ok(0),
        }
    }

    /// Articles where the folded words stand side by side, in the title
    /// (indexed pairs) or the body (estimated from a sample).
    fn pair(&self, (first, second): (&str, &str)) -> Result<u64> {
        let field = self.fields.body_text.folded;
        let in_bodies = pairs::estimated_doc_freq(
            self.searcher,
            &Term::from_field_text(field, first),
            &Term::from_field_text(field, second),
            &[],
            FOR_TYPOS,
        )?;
        Ok(self.run_together(&format!("{first}{second}"))? + in_bodies)
    }

    /// The best correction of `word`: the candidate most often next to the
    /// neighbouring query words (`(word, is_before)`), then the most
    /// common; fewer edits first.
    fn best_candidate(
        &self,
        word: &str,
        neighbours: &[Option<(&QueryWord, bool)>],
    ) -> Result<Option<Candidate>> {
        let edits = if word.len() >= TWO_EDITS_FROM { 2 } else { 1 };
        let mut best: Option<(u8, u64, u64, String)> = None;
        for distance in 1..=edits {
            for candidate in self.within(word, distance, self.fields.body_text.folded)? {
                if !correctable_result(&candidate) {
                    continue;
                }
                let documents = self.documents(&candidate)?;
                let together = self.together(&candidate, neighbours)?;
                let key = (distance, together, documents, candidate);
                let better = match &best {
                    None => true,
                    Some((d, t, n, c)) => {
                        (key.1, key.2, std::cmp::Reverse(&key.3)) > (*t, *n, std::cmp::Reverse(c))
                            && key.0 <= *d
                    }
                };
                if better {
                    best = Some(key);
                }
            }
            if best.is_some() {
                break;
            }
        }
        if best.is_none() && word.len() >= RUN_TOGETHER_FROM {
            // Two syllables typed together (`haiphog`): corrected among the
            // index's run-together pairs.
            for distance in 1..=edits {
                let Some(bigrams) = self.fields.title_text.bigram_folded else {
                    break;
                };
                for candidate in self.within(word, distance, bigrams)? {
                    if !correctable_result(&candidate) {
                        continue;
                    }
                    let documents = self.run_together(&candidate)?;
                    if best.as_ref().is_none_or(|(_, _, n, _)| documents > *n) {
                        best = Some((distance, 0, documents, candidate));
                    }
                }
                if best.is_some() {
                    break;
                }
            }
        }
        Ok(best.map(|(_, _, documents, word)| Candidate {
            word,
            spelled: None,
            documents,
        }))
    }

    /// The best correction of a word typed with diacritics among the
    /// index's spellings one edit away (a letter, or a letter's marks):
    /// the one most often next to the neighbouring query words, then the
    /// most common.
    fn best_spelled_candidate(
        &self,
        typed: &str,
        neighbours: &[Option<(&QueryWord, bool)>],
    ) -> Result<Option<Candidate>> {
        let mut best: Option<(u64, u64, String)> = None;
        for spelled in self.within(typed, 1, self.fields.body_text.exact)? {
            let folded = normalize(&spelled, Form::Folded);
            if !correctable_result(&folded) {
                continue;
            }
            let documents = self.doc_freq(self.fields.body_text.exact, &spelled)?
                + self.doc_freq(self.fields.title_text.exact, &spelled)?;
            let together = self.together_spelled(&spelled, &folded, neighbours)?;
            let better = best.as_ref().is_none_or(|(t, n, s)| {
                (together, documents, std::cmp::Reverse(&spelled)) > (*t, *n, std::cmp::Reverse(s))
            });
            if better {
                best = Some((together, documents, spelled));
            }
        }
        Ok(best.map(|(_, documents, spelled)| Candidate {
            word: normalize(&spelled, Form::Folded),
            spelled: Some(spelled),
            documents,
        }))
    }

    /// How often `candidate` (folded) stands next to the neighbouring
    /// query words.
    fn together(&self, candidate: &str, neighbours: &[Option<(&QueryWord, bool)>]) -> Result<u64> {
        let mut together = 0;
        for (neighbour, before) in neighbours.iter().flatten() {
            together += self.pair(in_order(candidate, neighbour.key(), *before))?;
        }
        Ok(together)
    }

    /// How often `spelled` stands next to the neighbouring query words, as
    /// written where the neighbour was typed with diacritics (`chứa tên`,
    /// not `chục tên`), folded where it was not.
    fn together_spelled(
        &self,
        spelled: &str,
        folded: &str,
        neighbours: &[Option<(&QueryWord, bool)>],
    ) -> Result<u64> {
        let mut together = 0;
        for (neighbour, before) in neighbours.iter().flatten() {
            together += match neighbour.exact.first().filter(|e| has_diacritics(e)) {
                Some(exact) => {
                    let (first, second) = if *before {
                        (exact.as_str(), spelled)
                    } else {
                        (spelled, exact.as_str())
                    };
                    self.spelled_pair(&self.fields.body_text, first, second)?
                        + self.spelled_pair(&self.fields.title_text, first, second)?
                }
                None => self.pair(in_order(folded, neighbour.key(), *before))?,
            };
        }
        Ok(together)
    }

    /// Words of `field` (a body field: its vocabulary holds the titles'
    /// too, in practice) at exactly `distance` edits from `word`.
    fn within(&self, word: &str, distance: u8, field: Field) -> Result<Vec<String>> {
        let dfa = automaton_builder(distance).build_dfa(word);
        let mut found = std::collections::BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment
                .inverted_index(field)
                .context("reading the vocabulary")?;
            let mut terms = inverted
                .terms()
                .search(Within(&dfa, distance))
                .into_stream()
                .context("reading the vocabulary")?;
            while terms.advance() {
                if let Ok(text) = std::str::from_utf8(terms.key()) {
                    if text != word {
                        found.insert(text.to_string());
                    }
                }
            }
        }
        Ok(found.into_iter().collect())
    }

    /// Each folded word of a run in its most likely Vietnamese spelling,
    /// chosen with its neighbours (`hai phong` → `hải phòng`, not `hai
    /// phong`): the spellings whose pairs are most often written, then the
    /// most common. `None` where the index has no spelling.
    fn usual_spelling(&self, folded: &[String]) -> Result<Vec<Option<String>>> {
        let mut options = Vec::new();
        for word in folded {
            options.push(self.spellings(word)?);
        }
        // Words without any known spelling split the run; each stretch
        // between them is chosen as a whole.
        let mut chosen: Vec<Option<String>> = vec![None; folded.len()];
        let mut start = 0;
        while start < folded.len() {
            let mut end = start;
            while end < folded.len() && !options[end].is_empty() {
                end += 1;
            }
            if end > start {
                for (offset, pick) in self
                    .best_path(&options[start..end])?
                    .into_iter()
                    .enumerate()
                {
                    chosen[start + offset] = Some(options[start + offset][pick].0.clone());
                }
            }
            start = end + 1;
        }
        Ok(chosen)
    }

    /// The best choice of one spelling per word over a run where every word
    /// has at least one spelling.
    fn best_path(&self, options: &[Vec<(String, u64)>]) -> Result<Vec<usize>> {
        // (score, path) for paths ending in each option of the last word.
        let mut ends: Vec<((u64, u64), Vec<usize>)> = options[0]
            .iter()
            .enumerate()
            .map(|(j, (_, n))| ((0, *n), vec![j]))
            .collect();
        for i in 1..options.len() {
            let mut next = Vec::new();
            for (j, (spelling, documents)) in options[i].iter().enumerate() {
                let mut best: Option<((u64, u64), Vec<usize>)> = None;
                for ((pairs, singles), path) in &ends {
                    let last = &options[i - 1][*path.last().expect("non-empty")].0;
                    let together = self.spelled_pair(&self.fields.body_text, last, spelling)?;
                    let score = (pairs + together, singles + documents);
                    if best.as_ref().is_none_or(|(b, _)| score > *b) {
                        let mut path = path.clone();
                        path.push(j);
                        best = Some((score, path));
                    }
                }
                next.extend(best);
            }
            ends = next;
        }
        Ok(ends
            .into_iter()
            .max_by_key(|(score, _)| *score)
            .map(|(_, path)| path)
            .unwrap_or_default())
    }

    /// The written spellings of a folded word, most common first (at most
    /// a few): `phong` → `phòng`, `phong`, `phóng` …
    fn spellings(&self, folded: &str) -> Result<Vec<(String, u64)>> {
        const MOST: usize = 4;
        let pattern: String = folded.chars().map(letter_class).collect();
        let regex = tantivy_fst::Regex::new(&pattern).context("building a spelling pattern")?;
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in self.searcher.segment_readers() {
            let inverted = segment
                .inverted_index(self.fields.body_text.exact)
                .context("reading the vocabulary")?;
            let mut terms = inverted
                .terms()
                .search(&regex)
                .into_stream()
                .context("reading the vocabulary")?;
            while terms.advance() {
                if let Ok(text) = std::str::from_utf8(terms.key()) {
                    *found.entry(text.to_string()).or_default() += terms.value().doc_freq as u64;
                }
            }
        }
        let mut found: Vec<(String, u64)> = found.into_iter().collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        found.truncate(MOST);
        Ok(found)
    }
}

/// `word` next to `neighbour`, which stands before it or after it.
fn in_order<'a>(word: &'a str, neighbour: &'a str, before: bool) -> (&'a str, &'a str) {
    if before {
        (neighbour, word)
    } else {
        (word, neighbour)
    }
}

/// A correction must itself be a plain word.
fn correctable_result(folded: &str) -> bool {
    !folded.is_empty() && folded.bytes().all(|b| b.is_ascii_lowercase())
}

/// Levenshtein automata builders (with transpositions), built once: a
/// builder's tables take milliseconds.
fn automaton_builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    let cell = if distance <= 1 { &ONE } else { &TWO };
    cell.get_or_init(|| LevenshteinAutomatonBuilder::new(distance.max(1), true))
}

/// Matches words at exactly `distance` edits (closer ones are found by the
/// smaller automaton first).
struct Within<'a>(&'a DFA, u8);

impl Automaton for Within<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(d) if d == self.1)
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// A regex character class of every lower-case letter that folds to the
/// ASCII letter `c` (`a` → `[aàáảãạăằ…]`, `d` → `[dđ]`).
fn letter_class(c: char) -> String {
    static CLASSES: OnceLock<HashMap<char, String>> = OnceLock::new();
    let classes = CLASSES.get_or_init(|| {
        let mut classes: HashMap<char, String> = HashMap::new();
        let letters = ('a'..='z')
            .chain('\u{00C0}'..='\u{024F}')
            .chain('\u{1E00}'..='\u{1EFF}');
        for letter in letters {
            if letter.is_uppercase() {
                continue;
            }
            let folded = normalize(&letter.to_string(), Form::Folded);
            let exact = normalize(&letter.to_string(), Form::Exact);
            let mut chars = folded.chars();
            if let (Some(base), None) = (chars.next(), chars.next()) {
                if base.is_ascii_lowercase() && exact.chars().count() == 1 {
                    let class = classes.entry(base).or_default();
                    if !class.contains(&exact) {
                        class.push_str(&exact);
                    }
                }
            }
        }
        classes
    });
    match classes.get(&c) {
        Some(class) if class.chars().count() > 1 => format!("[{class}]"),
        _ => regex_escape(c),
    }
}

fn regex_escape(c: char) -> String {
    if c.is_ascii_alphanumeric() {
        c.to_string()
    } else {
        format!("\\{c}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_classes_cover_vietnamese() {
        let a = letter_class('a');
        for letter in ['a', 'ă', 'â', 'ằ', 'ậ', 'á'] {
            assert!(a.contains(letter), "{a} lacks {letter}");
        }
        assert!(letter_class('d').contains('đ'));
        assert!(letter_class('h').contains('h'));
        assert_eq!(letter_class('\\'), "\\\\");
    }

    #[test]
    fn rewrite_keeps_quotes_and_punctuation() {
        let fix: HashMap<String, String> = [("phog".to_string(), "phong".to_string())].into();
        assert_eq!(rewrite("hai phog", &fix), "hai phong");
        assert_eq!(rewrite("Hai Phog, \"phog\"", &fix), "Hai phong, \"phog\"");
    }

    #[test]
    fn only_plain_long_words_are_corrected() {
        assert!(correctable("phog"));
        assert!(!correctable("pho"));
        assert!(!correctable("2023"));
        assert!(!correctable("covid19"));
    }

    #[test]
    fn typo_setting_parses() {
        assert_eq!("off".parse::<Typos>(), Ok(Typos::Off));
        assert!("maybe".parse::<Typos>().is_err());
    }
}
