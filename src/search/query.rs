//! From a parsed query ([`syntax::Node`]) to a tantivy query.
//!
//! Every word is analyzed with the index's own analyzers, and the query is
//! assembled so that ranking reflects how Vietnamese is written:
//!
//! - each word matches in folded form (any diacritics, any case);
//! - if the user typed diacritics, the exact form scores extra, so `dẫn`
//!   ranks `dẫn` above `dân`; a query without any diacritic uses folded
//!   fields only and so cannot favour `thanh` over `thành`;
//! - adjacent query words also match as bigrams, so `dân vận` together
//!   outranks `dân … vận`;
//! - a single word is also looked up among run-together folded bigrams, so
//!   `haiphong` finds `Hải Phòng`;
//! - abbreviations and their expansions match each other (`UBND`);
//! - title matches weigh more than body matches.
//!
//! The builder stays one file (about 450 lines) because its clauses are one
//! design: each signal above is a few lines next to the others it is
//! balanced against, and docs/ranking.md refers to them together.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

use anyhow::Result;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query, RegexQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::bm25::{Bm25Params, Bm25TermQuery};

use super::coordination::PlusConstant;
use super::explainable::Explainable;
use super::filters;
use super::limits;
use super::pairs::{add_pair, BodyPair};
use super::ranking::{MatchMode, Ranking};
use super::synonyms;
use super::syntax::{FieldName, Node};
use super::typos::Correction;
use super::words::{dotted_parts, folded_prefix, phrase_variants, words, QueryWord};
use crate::analysis::has_diacritics;
use crate::error::usage_error;
use crate::index::schema::{Fields, TextFields};

/// Score given to each matched word when counting words; larger than any
/// realistic BM25 sum, so the count decides first and BM25 breaks ties.
const WORD_COUNT_WEIGHT: f32 = 1000.0;

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if (boost - 1.0).abs() < f32::EPSILON {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// A scored term clause: tantivy's own query with its default BM25
/// constants (fastest: it can skip blocks), ours when they are tuned.
fn term_query_with(field: Field, text: &str, boost: f32, bm25: Bm25Params) -> Box<dyn Query> {
    let term = term(field, text);
    let query: Box<dyn Query> = if bm25 == Bm25Params::default() {
        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
    } else {
        Box::new(Bm25TermQuery::new(term, bm25))
    };
    boosted(query, boost)
}

fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.into_iter().next().expect("one query");
    }
    boolean(queries.into_iter().map(|q| (Occur::Should, q)).collect())
}

fn all_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.into_iter().next().expect("one query");
    }
    boolean(queries.into_iter().map(|q| (Occur::Must, q)).collect())
}

/// A boolean query whose optional clauses are [`Explainable`]: the one
/// constructor for boolean queries here, so `--explain` never seeks a
/// clause that does not match (see `explainable.rs`).
fn boolean(clauses: Clauses) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses
            .into_iter()
            .map(|(occur, q)| match occur {
                Occur::Should => (occur, Explainable::wrap(q)),
                _ => (occur, q),
            })
            .collect(),
    ))
}

/// The best of several scorings (plus `tie` times the others); each
/// branch [`Explainable`], as optional clauses are.
fn dis_max(branches: Vec<Box<dyn Query>>, tie: f32) -> Box<dyn Query> {
    Box::new(DisjunctionMaxQuery::with_tie_breaker(
        branches.into_iter().map(Explainable::wrap).collect(),
        tie,
    ))
}

/// Which text a clause searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    TitleAndBody,
    Title,
}

/// Builds the scoring query for a parsed query.
pub struct QueryBuilder<'a> {
    pub fields: &'a Fields,
    pub ranking: Ranking,
    pub mode: MatchMode,
    /// The user typed diacritics somewhere in the query.
    pub accented: bool,
    /// Rank first by how many query words an article contains (the relaxed
    /// fallback when no article contains them all), then by score.
    pub count_words: bool,
    /// Source names in the index, for `source:`.
    pub known_sources: &'a [String],
    /// For document frequencies (common-word handling).
    pub searcher: Option<&'a tantivy::Searcher>,
    /// Typo corrections of loose words (folded word → folded correction).
    pub corrections: Option<&'a HashMap<String, Correction>>,
    /// Adjacent query words to look for in bodies: the second stage
    /// (`pairs.rs`) scores them, since bodies have no indexed pairs.
    body_pairs: RefCell<Vec<BodyPair>>,
    /// How many negations enclose the clause being built: pairs under a
    /// negation are not rewarded.
    negations: Cell<u32>,
}

type Clauses = Vec<(Occur, Box<dyn Query>)>;

impl<'a> QueryBuilder<'a> {
    pub fn new(fields: &'a Fields, ranking: Ranking, mode: MatchMode, query_text: &str) -> Self {
        QueryBuilder {
            fields,
            ranking,
            mode,
            accented: has_diacritics(query_text),
            count_words: false,
            known_sources: &[],
            searcher: None,
            corrections: None,
            body_pairs: RefCell::new(Vec::new()),
            negations: Cell::new(0),
        }
    }

    /// The whole query (the first stage of ranking).
    pub fn build(&self, node: &Node) -> Result<Box<dyn Query>> {
        self.body_pairs.borrow_mut().clear();
        self.node(node, Scope::TitleAndBody)?.ok_or_else(|| {
            usage_error("the query has no words to search for; type at least one word, e.g. `vnsearch search \"dân vận\"`")
        })
    }

    /// The adjacent query words the last [`build`](Self::build) found, for
    /// the second stage to score in bodies.
    pub fn body_pairs(&self) -> Vec<BodyPair> {
        self.body_pairs.borrow().clone()
    }

    /// Builds `inner` as the inside of a negation.
    fn negated<T>(&self, inner: impl FnOnce() -> T) -> T {
        self.negations.set(self.negations.get() + 1);
        let built = inner();
        self.negations.set(self.negations.get() - 1);
        built
    }

    fn text_fields(&self, scope: Scope) -> Vec<(TextFields, f32)> {
        let title = (self.fields.title_text, self.ranking.title_boost);
        match scope {
            Scope::TitleAndBody => vec![title, (self.fields.body_text, 1.0)],
            Scope::Title => vec![title],
        }
    }

    fn required(&self) -> Occur {
        match self.mode {
            MatchMode::All => Occur::Must,
            MatchMode::Any => Occur::Should,
        }
    }

    fn node(&self, node: &Node, scope: Scope) -> Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::All => Some(Box::new(AllQuery)),
            Node::Words(_) => self.conjunction(std::slice::from_ref(node), scope)?,
            Node::And(children) => self.conjunction(children, scope)?,
            Node::Phrase(text) => {
                let words = words(text);
                match words.len() {
                    0 => None,
                    1 => Some(self.word_query(&words[0], scope)),
                    _ => Some(self.phrase_query(&words, scope)),
                }
            }
            Node::Prefix(prefix) => Some(self.prefix_query(prefix, scope)?),
            Node::Or(children) => {
                let mut alternatives = Vec::new();
                for child in children {
                    alternatives.extend(self.node(child, scope)?);
                }
                (!alternatives.is_empty()).then(|| any_of(alternatives))
            }
            Node::Not(inner) => self.negated(|| self.node(inner, scope))?.map(|q| {
                boolean(vec![
                    (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
                    (Occur::MustNot, q),
                ])
            }),
            Node::Field(FieldName::Title, inner) => self.node(inner, Scope::Title)?,
            Node::Field(field, value) => Some(self.filter(*field, value)?),
        })
    }

    /// Words side by side, plus phrases, groups and negations among them.
    fn conjunction(&self, children: &[Node], scope: Scope) -> Result<Option<Box<dyn Query>>> {
        let mut clauses: Clauses = Vec::new();
        let mut run: Vec<QueryWord> = Vec::new();
        for child in children {
            match child {
                Node::Words(text) => run.extend(self.corrected(words(text))),
                Node::Not(inner) => {
                    self.word_run(std::mem::take(&mut run), scope, &mut clauses);
                    if let Some(q) = self.negated(|| self.node(inner, scope))? {
                        clauses.push((Occur::MustNot, q));
                    }
                }
                other => {
                    self.word_run(std::mem::take(&mut run), scope, &mut clauses);
                    if let Some(q) = self.node(other, scope)? {
                        let occur = match other {
                            Node::Phrase(_) | Node::Field(..) => Occur::Must,
                            _ => self.required(),
                        };
                        clauses.push((occur, q));
                    }
                }
            }
        }
        self.word_run(run, scope, &mut clauses);
        if clauses.is_empty() {
            return Ok(None);
        }
        if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        Ok(Some(boolean(clauses)))
    }

    /// Clauses for loose words: each word (or abbreviation group) is
    /// required, adjacent pairs add a bonus.
    fn word_run(&self, run: Vec<QueryWord>, scope: Scope, clauses: &mut Clauses) {
        let keys: Vec<&str> = run.iter().map(QueryWord::key).collect();
        let mut seen = HashSet::new();
        let mut i = 0;
        while i < run.len() {
            // `ủy ban nhân dân` may also be written `UBND`.
            let group = synonyms::abbreviations_at(&keys[i..])
                .into_iter()
                .max_by_key(|(_, len)| *len);
            let (query, width) = match group {
                Some((abbreviation, len)) => {
                    let spelled_out = all_of(
                        run[i..i + len]
                            .iter()
                            .map(|w| self.word_query(w, scope))
                            .collect(),
                    );
                    let short = self.word_query(&QueryWord::folded_only(abbreviation), scope);
                    (any_of(vec![spelled_out, short]), len)
                }
                None => (self.word_query(&run[i], scope), 1),
            };
            // A word typed twice counts once.
            if seen.insert(keys[i..i + width].join(" ")) && !(width == 1 && self.is_common(&run[i]))
            {
                let coordination = if self.count_words {
                    WORD_COUNT_WEIGHT
                } else {
                    self.ranking.coordination
                };
                let query: Box<dyn Query> = if coordination > 0.0 {
                    Box::new(PlusConstant::new(query, coordination * width as f32))
                } else {
                    query
                };
                clauses.push((self.required(), query));
            }
            i += width;
        }
        let mut seen_pairs = HashSet::new();
        for pair in run.windows(2) {
            if seen_pairs.insert((pair[0].key().to_string(), pair[1].key().to_string())) {
                clauses.push((Occur::Should, self.pair_query(&pair[0], &pair[1], scope)));
            }
        }
        if self.ranking.proximity_boost > 0.0 {
            for pair in run.windows(2) {
                clauses.push((Occur::Should, self.near_query(&pair[0], &pair[1], scope)));
            }
        }
        if self.ranking.trigram_boost > 0.0 {
            let mut seen_triples = HashSet::new();
            for triple in run.windows(3) {
                let key: Vec<&str> = triple.iter().map(QueryWord::key).collect();
                if seen_triples.insert(key.join(" ")) {
                    clauses.push((
                        Occur::Should,
                        boosted(
                            self.with_exact_words(self.plain_phrase(triple, scope), triple, scope),
                            self.ranking.trigram_boost,
                        ),
                    ));
                }
            }
        }
    }

    /// Loose words with their typo corrections attached.
    fn corrected(&self, mut words: Vec<QueryWord>) -> Vec<QueryWord> {
        if let Some(corrections) = self.corrections {
            for word in &mut words {
                word.correction = corrections.get(word.key()).cloned();
            }
        }
        words
    }

    fn term_query(&self, field: Field, text: &str, boost: f32) -> Box<dyn Query> {
        term_query_with(field, text, boost, self.ranking.bm25)
    }

    /// A very common word in `--match any`: it adds noise, not evidence,
    /// unless next to another query word (its bigrams still count).
    fn is_common(&self, word: &QueryWord) -> bool {
        let (Some(searcher), true) = (
            self.searcher,
            self.mode == MatchMode::Any && self.ranking.common_share < 1.0,
        ) else {
            return false;
        };
        let docs = searcher.num_docs().max(1) as f32;
        let term = term(self.fields.body_text.folded, word.key());
        let df = searcher.doc_freq(&term).unwrap_or(0) as f32;
        df / docs > self.ranking.common_share
    }

    /// A word that is not itself a syllable of the corpus may be two typed
    /// together (`haiphong`, `danang`). Real syllables are not looked up
    /// as run-together pairs: `bao` is a word, not `bà ở`. A word that
    /// some articles have is also read as two syllables when more
    /// headlines have them than articles have the word: `daklak` is in one
    /// article, `Đắk Lắk` in hundreds of headlines; `hanoi` (a brand's
    /// spelling in 193 articles) in thousands.
    fn may_be_run_together(&self, word: &QueryWord) -> bool {
        let Some(searcher) = self.searcher else {
            return true;
        };
        let doc_freq =
            |field: Field, text: &str| searcher.doc_freq(&term(field, text)).unwrap_or(0);
        word.folded.iter().all(|f| {
            let alone = doc_freq(self.fields.body_text.folded, f)
                + doc_freq(self.fields.title_text.folded, f);
            let together = self
                .fields
                .title_text
                .bigram_folded
                .map_or(0, |bigrams| doc_freq(bigrams, f));
            alone == 0 || together > alone
        })
    }

    /// `haiphong` as `Hải Phòng`: in titles, the folded bigram; in bodies
    /// (which index no bigrams), the phrase of each way of cutting the
    /// word into two syllables the bodies have.
    fn run_together_query(
        &self,
        fields: &TextFields,
        folded: &str,
        boost: f32,
    ) -> Option<Box<dyn Query>> {
        if let Some(bigrams) = fields.bigram_folded {
            return Some(self.term_query(bigrams, folded, boost));
        }
        let searcher = self.searcher?;
        let known = |syllable: &str| {
            searcher
                .doc_freq(&term(fields.folded, syllable))
                .unwrap_or(0)
                > 0
        };
        let phrases: Vec<Box<dyn Query>> = folded
            .char_indices()
            .skip(1)
            .map(|(at, _)| folded.split_at(at))
            .filter(|(first, second)| known(first) && known(second))
            .map(|(first, second)| {
                let phrase = PhraseQuery::new(vec![
                    term(fields.folded, first),
                    term(fields.folded, second),
                ]);
                boosted(Box::new(phrase), boost)
            })
            .collect();
        (!phrases.is_empty()).then(|| any_of(phrases))
    }

    /// Matches one query word anywhere, in any of its forms.
    fn word_query(&self, word: &QueryWord, scope: Scope) -> Box<dyn Query> {
        let run_together = self.may_be_run_together(word);
        let mut per_field = Vec::new();
        for (fields, field_boost) in self.text_fields(scope) {
            let mut clauses = Vec::new();
            let corrections = word.weighted_keys().into_iter().skip(1);
            let keys = word
                .folded
                .iter()
                .map(|f| (f.as_str(), 1.0))
                .chain(corrections);
            for (key, weight) in keys {
                clauses.push(self.term_query(fields.folded, key, field_boost * weight));
                if run_together {
                    clauses.extend(self.run_together_query(&fields, key, field_boost * weight));
                }
            }
            let mut exact = Vec::new();
            if self.accented {
                for form in &word.exact {
                    exact.push(self.term_query(
                        fields.exact,
                        form,
                        field_boost * self.ranking.exact_boost,
                    ));
                }
            }
            per_field.push(self.with_exact(any_of(clauses), exact));
        }
        let single_word = word.folded.len() == 1;
        let mut query = if self.ranking.field_tie < 1.0 && per_field.len() > 1 {
            dis_max(per_field, self.ranking.field_tie)
        } else {
            any_of(per_field)
        };
        if let Some(expansion) = synonyms::expansion(word.key()).filter(|_| single_word) {
            let spelled: Vec<QueryWord> = expansion
                .iter()
                .map(|w| QueryWord::folded_only(w))
                .collect();
            let phrase = self.with_exact_words(self.plain_phrase(&spelled, scope), &spelled, scope);
            query = any_of(vec![query, phrase]);
        }
        // `TP.HCM` is also written `TP HCM`, `TP. HCM` (the full stop then
        // breaks the clause) or `TP. Hồ Chí Minh`: its parts as a phrase,
        // with each part's abbreviation spelled out or not.
        if let Some(parts) = dotted_parts(word.key()) {
            let mut forms = vec![query];
            for after_break in [false, true] {
                let spelled: Vec<QueryWord> = parts
                    .iter()
                    .enumerate()
                    .map(|(i, part)| QueryWord {
                        after_break: i > 0 && after_break,
                        ..QueryWord::folded_only(part)
                    })
                    .collect();
                forms.push(self.phrase_query(&spelled, scope));
            }
            query = any_of(forms);
        }
        query
    }

    /// A word's (or pair's) folded clause combined with its exact-spelling
    /// clauses. With `exact_tie` 0 an article scores the better of the two:
    /// where it has the spelling the user typed, the word counts as that
    /// rarer spelling (higher IDF), elsewhere as the folded word, exactly as
    /// the unaccented query would score it. The gain is the IDF gap between
    /// the two forms, so it is large for an ambiguous folded form (`dan`:
    /// dân, dẫn, đàn …) and vanishes for an unambiguous one (`phuong`,
    /// nearly always `phường`), and the diacritics never add mass on top of
    /// the word's own weight.
    fn with_exact(&self, folded: Box<dyn Query>, exact: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        if exact.is_empty() {
            return folded;
        }
        let exact = any_of(exact);
        if self.ranking.exact_tie < 1.0 {
            dis_max(vec![folded, exact], self.ranking.exact_tie)
        } else {
            any_of(vec![folded, exact])
        }
    }

    /// Rewards two query words found next to each other: in titles through
    /// their indexed bigram, in bodies in the second stage (recorded in
    /// `body_pairs`).
    fn pair_query(&self, first: &QueryWord, second: &QueryWord, scope: Scope) -> Box<dyn Query> {
        let mut clauses = Vec::new();
        let boost = self.ranking.bigram_boost;
        for (fields, field_boost) in self.text_fields(scope) {
            let mut folded = Vec::new();
            for (a, a_weight) in first.weighted_keys() {
                for (b, b_weight) in second.weighted_keys() {
                    let weight = field_boost * boost * a_weight * b_weight;
                    match fields.bigram_folded {
                        Some(bigrams) => {
                            folded.push(self.term_query(bigrams, &format!("{a}{b}"), weight));
                        }
                        None if self.negations.get() == 0 => {
                            let pair = BodyPair {
                                first: a.to_string(),
                                second: b.to_string(),
                                weight,
                            };
                            add_pair(&mut self.body_pairs.borrow_mut(), pair);
                        }
                        None => {}
                    }
                }
            }
            if !folded.is_empty() {
                clauses.push(any_of(folded));
            }
        }
        any_of(clauses)
    }

    /// Rewards two query words found near each other, in order.
    fn near_query(&self, first: &QueryWord, second: &QueryWord, scope: Scope) -> Box<dyn Query> {
        let mut clauses = Vec::new();
        for (fields, field_boost) in self.text_fields(scope) {
            let terms = vec![
                term(fields.folded, first.key()),
                term(fields.folded, second.key()),
            ];
            let mut phrase = PhraseQuery::new(terms);
            phrase.set_slop(self.ranking.proximity_slop);
            clauses.push(boosted(
                Box::new(phrase),
                field_boost * self.ranking.proximity_boost,
            ));
        }
        any_of(clauses)
    }

    /// Matches the words in order, adjacent, in any of the phrase's
    /// spellings: abbreviations spelled out or not (`"UBND thành phố"` ⇄
    /// `"Ủy ban nhân dân thành phố"`), numbers with or without thousands
    /// dots.
    fn phrase_query(&self, words: &[QueryWord], scope: Scope) -> Box<dyn Query> {
        let mut phrases = Vec::new();
        for variant in phrase_variants(words) {
            phrases.push(self.plain_phrase(&variant, scope));
        }
        self.with_exact_words(any_of(phrases), words, scope)
    }

    /// The words in order, adjacent, exactly as given (first folded form).
    fn plain_phrase(&self, words: &[QueryWord], scope: Scope) -> Box<dyn Query> {
        let mut phrases = Vec::new();
        for (fields, field_boost) in self.text_fields(scope) {
            if let [word] = words {
                phrases.push(self.term_query(fields.folded, word.key(), field_boost));
                continue;
            }
            // Positions as the index has them: one more per word, two more
            // after a clause break.
            let mut position = 0;
            let folded: Vec<(usize, Term)> = words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    if i > 0 {
                        position += if w.after_break { 2 } else { 1 };
                    }
                    (position, term(fields.folded, &w.folded[0]))
                })
                .collect();
            let phrase = PhraseQuery::new_with_offset(folded);
            phrases.push(boosted(Box::new(phrase), field_boost));
        }
        any_of(phrases)
    }

    /// A phrase (matched on folded words, the only ones with positions)
    /// that prefers the spelling the user typed: each word typed with
    /// diacritics adds its exact form's score where the article spells it
    /// so. Every article here has the phrase, so this only orders them.
    fn with_exact_words(
        &self,
        phrases: Box<dyn Query>,
        words: &[QueryWord],
        scope: Scope,
    ) -> Box<dyn Query> {
        if !self.accented {
            return phrases;
        }
        let mut clauses: Clauses = vec![(Occur::Must, phrases)];
        for word in words {
            for (fields, field_boost) in self.text_fields(scope) {
                for form in word.exact.iter().filter(|form| has_diacritics(form)) {
                    clauses.push((
                        Occur::Should,
                        self.term_query(fields.exact, form, field_boost * self.ranking.exact_boost),
                    ));
                }
            }
        }
        boolean(clauses)
    }

    /// `hoang*`: words starting with the folded prefix.
    fn prefix_query(&self, prefix: &str, scope: Scope) -> Result<Box<dyn Query>> {
        let folded = folded_prefix(prefix);
        if folded.is_empty() {
            return Err(usage_error(format!(
                "the prefix `{prefix}*` has no letters; write at least one letter before `*`"
            )));
        }
        if let Some(searcher) = self.searcher {
            for (fields, _) in self.text_fields(scope) {
                if expansions(searcher, fields.folded, &folded)? > limits::MAX_PREFIX_EXPANSIONS {
                    return Err(limits::prefix_too_wide(prefix));
                }
            }
        }
        let mut clauses = Vec::new();
        for (fields, field_boost) in self.text_fields(scope) {
            let regex =
                RegexQuery::from_pattern(&format!("{folded}.*"), fields.folded).map_err(|e| {
                    usage_error(format!("the prefix `{prefix}*` cannot be searched: {e}"))
                })?;
            clauses.push(boosted(Box::new(regex), field_boost));
        }
        Ok(any_of(clauses))
    }

    /// `city:`, `district:`, `source:`, `year:`: non-scoring filters.
    fn filter(&self, field: FieldName, value: &Node) -> Result<Box<dyn Query>> {
        let names = value_names(field, value)?;
        let mut alternatives = Vec::new();
        for name in &names {
            alternatives.push(match field {
                FieldName::City => filters::place_query(self.fields, &filters::city_places(name)?),
                FieldName::District => {
                    filters::place_query(self.fields, &filters::district_places(name, &[])?)
                }
                FieldName::Source => filters::source_query(
                    self.fields,
                    &[filters::resolve_source(name, self.known_sources)?],
                ),
                FieldName::Year => {
                    let (from, until) = filters::parse_period("year:", name)?;
                    filters::date_query(self.fields, Some(from), Some(until))
                }
                FieldName::Scope => {
                    filters::scope_query(self.fields, &[filters::resolve_scope(name)?.to_string()])
                }
                FieldName::Title => unreachable!("title: is a text field"),
            });
        }
        Ok(any_of(alternatives))
    }
}

/// How many words of `field` start with `prefix` in the largest segment,
/// counting no further than the limit.
fn expansions(searcher: &tantivy::Searcher, field: Field, prefix: &str) -> Result<usize> {
    let mut most = 0;
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()?;
        let mut n = 0;
        while terms.advance() && terms.key().starts_with(prefix.as_bytes()) {
            n += 1;
            if n > limits::MAX_PREFIX_EXPANSIONS {
                break;
            }
        }
        most = most.max(n);
    }
    Ok(most)
}

/// The names in a filter's value: `city:hanoi`, `city:"Hải Phòng"`,
/// `city:(hanoi OR haiphong)`.
fn value_names(field: FieldName, value: &Node) -> Result<Vec<String>> {
    match value {
        Node::Words(text) | Node::Phrase(text) => Ok(vec![text.clone()]),
        Node::Or(children) => {
            let mut names = Vec::new();
            for child in children {
                names.extend(value_names(field, child)?);
            }
            Ok(names)
        }
        Node::And(children) if children.iter().all(|c| matches!(c, Node::Words(_))) => {
            Ok(vec![children
                .iter()
                .map(|c| match c {
                    Node::Words(w) => w.as_str(),
                    _ => "",
                })
                .collect::<Vec<_>>()
                .join(" ")])
        }
        _ => Err(usage_error(format!(
            "{}: takes a name or `(a OR b)`, e.g. city:\"Hải Phòng\" or year:2023",
            format!("{field:?}").to_lowercase()
        ))),
    }
}

/// Number of loose words in the query's top level (what `--match all`
/// requires), for deciding whether relaxing can help.
pub fn loose_words(node: &Node) -> usize {
    match node {
        Node::Words(t) => words(t).len(),
        Node::And(children) => children.iter().map(loose_words).sum(),
        _ => 0,
    }
}

/// True when the query uses `source:` (which needs the index's source list).
pub fn uses_source_field(node: &Node) -> bool {
    match node {
        Node::Field(FieldName::Source, _) => true,
        Node::Field(_, inner) | Node::Not(inner) => uses_source_field(inner),
        Node::And(children) | Node::Or(children) => children.iter().any(uses_source_field),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::syntax::parse;

    #[test]
    fn loose_word_count() {
        assert_eq!(loose_words(&parse("dân vận \"khéo\"").unwrap()), 2);
        assert_eq!(loose_words(&parse("a OR b").unwrap()), 0);
    }
}
