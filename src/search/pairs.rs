//! The second stage of ranking: two query words found side by side in an
//! article's body, counted from the folded words' positions for the best
//! articles of the first stage only.
//!
//! Adjacent syllables are strong evidence in Vietnamese (`dân vận`, `Hải
//! Phòng` are words of two syllables), but indexing every adjacent pair of
//! every body was a third of a full build: a corpus has millions of
//! distinct pairs, far too many for tantivy's in-memory postings to stay
//! in the processor's caches (docs/indexing.md). Titles are short and keep
//! their indexed pairs. For bodies the positions that exact phrases need
//! already say which words are adjacent, so a pair is counted from them
//! at query time, and only for the articles that can still reach the top
//! (the first [`Ranking::pair_window`](super::Ranking) by the first
//! stage's score), as Elasticsearch's `rescore` does. Counting it for
//! every matching article doubled the median query time.
//!
//! A pair is scored by the same BM25 as a word. Its document frequency is
//! estimated from a sample of the articles that hold the rarer word: the
//! share of them where the pair is adjacent, times their number (exact
//! when they are few). Summing the two words' IDFs instead, as phrase
//! queries do, lost 0.015 MRR@10 on `alqac-2023b`: adjacency of two common
//! words (`nhân dân`) is itself common and must not score like a rare
//! phrase.

use std::cell::RefCell;
use std::collections::HashMap;

use anyhow::{Context, Result};
use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use super::bm25::{idf, Bm25Params, LengthNorms};
use super::explain::ScorePart;
use crate::index::schema::SAMPLE_KEY;

/// How hard [`estimated_doc_freq`] looks.
#[derive(Clone, Copy, Debug)]
pub struct Sampling {
    /// Articles to look at first.
    pub samples: usize,
    /// Look at four times as many while fewer than this many of them had
    /// the pair: a rare pair seen in 0 or 1 of 256 articles would
    /// otherwise be estimated at 0 or at 1/256 of the articles, and it is
    /// the rare pairs that weigh most in a score.
    pub min_hits: u64,
    /// Never look at more than this many; when there are no more
    /// candidates than this, count them all.
    pub most: usize,
}

/// For ranking: enough to rank as exact counts do on `alqac-2023b` (a
/// fixed 256 samples without the retry lost 0.004 MRR@10; 128 with it,
/// up to 2,048, lose nothing and take half the time of 256 up to 16,384).
/// Pairs whose rarer word is in at most 2,048 articles are counted
/// exactly.
pub const FOR_RANKING: Sampling = Sampling {
    samples: 128,
    min_hits: 16,
    most: 2_048,
};

/// Two adjacent query words, folded, and the weight of finding them so.
#[derive(Clone, Debug, PartialEq)]
pub struct BodyPair {
    pub first: String,
    pub second: String,
    pub weight: f32,
}

/// Adds `pair` to `pairs`, or its weight to the same pair already there.
pub fn add_pair(pairs: &mut Vec<BodyPair>, pair: BodyPair) {
    match pairs
        .iter_mut()
        .find(|p| p.first == pair.first && p.second == pair.second)
    {
        Some(known) => known.weight += pair.weight,
        None => pairs.push(pair),
    }
}

/// The postings of `term` in one segment (`None` when it has none), with
/// positions or documents only.
fn postings(
    reader: &SegmentReader,
    term: &Term,
    record: IndexRecordOption,
) -> Result<Option<SegmentPostings>> {
    reader
        .inverted_index(term.field())
        .context("reading word positions")?
        .read_postings(term, record)
        .context("reading word positions")
}

/// Reusable buffers for counting adjacent positions.
#[derive(Default)]
struct Positions {
    first: Vec<u32>,
    second: Vec<u32>,
}

impl Positions {
    /// How often, in the article both postings stand on, the second word
    /// comes right after the first.
    fn adjacent(&mut self, first: &mut SegmentPostings, second: &mut SegmentPostings) -> u32 {
        first.positions(&mut self.first);
        second.positions(&mut self.second);
        adjacent(&self.first, &self.second)
    }
}

/// How often a position in `second` is one more than a position in
/// `first` (both ascending).
fn adjacent(first: &[u32], second: &[u32]) -> u32 {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < first.len() && j < second.len() {
        match second[j].cmp(&(first[i] + 1)) {
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

/// Moves `postings` to `doc` and says whether it holds it.
fn holds(postings: &mut SegmentPostings, doc: DocId) -> bool {
    if postings.doc() < doc {
        postings.seek(doc);
    }
    postings.doc() == doc
}

/// How many articles of the index have `second` right after `first`
/// (two terms of a field with positions) and also every term of `also`
/// (e.g. exact spellings): counted among a sample of the articles holding
/// the rarest of those terms, and scaled to all of them. Exact when those
/// articles are no more than `sampling.most`.
///
/// An article is in the sample when its [`SAMPLE_KEY`] (a hash of its id)
/// is below a limit, so the sample is the same however a build split the
/// articles into segments, and a larger sample holds the smaller one.
pub fn estimated_doc_freq(
    searcher: &Searcher,
    first: &Term,
    second: &Term,
    also: &[Term],
    sampling: Sampling,
) -> Result<u64> {
    let mut samples = sampling.samples.max(1);
    loop {
        let sampled = sample(searcher, first, second, also, samples, sampling.most)?;
        if sampled.hits >= sampling.min_hits || sampled.exact || samples >= sampling.most {
            return Ok(sampled.estimate);
        }
        samples = (samples * 4).min(sampling.most);
    }
}

/// One sampling of [`estimated_doc_freq`].
struct Sampled {
    estimate: u64,
    /// Sampled articles that had the pair.
    hits: u64,
    /// Every candidate article was looked at.
    exact: bool,
}

/// Sample keys run from 0 to this (exclusive).
const SAMPLE_KEYS: u64 = 1 << 32;

/// Counts exactly when the candidates are at most `exact_up_to`.
fn sample(
    searcher: &Searcher,
    first: &Term,
    second: &Term,
    also: &[Term],
    samples: usize,
    exact_up_to: usize,
) -> Result<Sampled> {
    // Candidates are the articles of the rarest term in the whole index
    // (not per segment, which would depend on the build).
    let terms: Vec<&Term> = [first, second].into_iter().chain(also).collect();
    let mut driver = 0;
    let mut total = u64::MAX;
    for (i, term) in terms.iter().enumerate() {
        let doc_freq = searcher
            .doc_freq(term)
            .context("reading word frequencies")?;
        if doc_freq < total {
            (driver, total) = (i, doc_freq);
        }
    }
    // Few enough to count them all: the figure is then exact, at no more
    // cost than the retries could reach anyway.
    let limit = if total <= exact_up_to as u64 {
        SAMPLE_KEYS
    } else {
        (SAMPLE_KEYS as f64 * samples as f64 / total as f64).ceil() as u64
    };
    let (mut holding, mut looked, mut adjacent) = (0u64, 0u64, 0u64);
    let mut positions = Positions::default();
    for reader in searcher.segment_readers() {
        // The pair's words (with positions), then the other terms. In a
        // segment missing any of them the candidates are looked at all
        // the same (none has the pair), or the share would be skewed.
        let mut lists = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            let record = if i < 2 {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::Basic
            };
            match postings(reader, term, record)? {
                Some(list) => lists.push(list),
                None => break,
            }
        }
        let complete = lists.len() == terms.len();
        if !complete {
            lists.clear();
            match postings(reader, terms[driver], IndexRecordOption::Basic)? {
                Some(postings) => lists.push(postings),
                None => continue,
            }
        }
        let candidates = if complete { driver } else { 0 };
        let keys = reader
            .fast_fields()
            .u64(SAMPLE_KEY)
            .context("reading sample keys")?;
        let alive = reader.alive_bitset();
        while lists[candidates].doc() != TERMINATED {
            let doc = lists[candidates].doc();
            if alive.is_none_or(|bits| bits.is_alive(doc)) {
                holding += 1;
                if keys.first(doc).unwrap_or(0) < limit {
                    looked += 1;
                    if complete && lists.iter_mut().all(|list| holds(list, doc)) {
                        let (a, b) = lists.split_at_mut(1);
                        if positions.adjacent(&mut a[0], &mut b[0]) > 0 {
                            adjacent += 1;
                        }
                    }
                }
            }
            lists[candidates].advance();
        }
    }
    let estimate = if looked == 0 {
        0
    } else {
        (holding as f64 * adjacent as f64 / looked as f64).round() as u64
    };
    Ok(Sampled {
        estimate,
        hits: adjacent,
        exact: looked == holding,
    })
}

/// The second stage for one query: scores its body pairs in the
/// articles given to it.
pub struct PairScorer<'a> {
    searcher: &'a Searcher,
    /// The folded body words, with positions.
    field: Field,
    /// The fast field of each body's pair count: a pair's BM25 length, as
    /// the length of a bigram field would be.
    lengths: &'static str,
    pairs: Vec<BodyPair>,
    params: Bm25Params,
    /// What is read from the whole index, once per scorer however many
    /// articles it scores or explains.
    statistics: RefCell<Statistics>,
}

/// The average pair count and each pair's estimated document frequency,
/// filled in when first needed.
#[derive(Default)]
struct Statistics {
    average_length: Option<f32>,
    doc_freqs: HashMap<usize, u64>,
}

/// How often each pair is adjacent in each article: per article, (pair,
/// count) for the pairs it has, and its length code.
struct Counts {
    per_article: Vec<Vec<(usize, u32)>>,
    length_codes: Vec<u8>,
}

/// The pair counts of one segment's articles.
fn lengths_of(reader: &SegmentReader, name: &str) -> Result<Column<u64>> {
    reader
        .fast_fields()
        .u64(name)
        .context("reading article lengths")
}

impl<'a> PairScorer<'a> {
    pub fn new(
        searcher: &'a Searcher,
        field: Field,
        lengths: &'static str,
        pairs: Vec<BodyPair>,
        params: Bm25Params,
    ) -> PairScorer<'a> {
        PairScorer {
            searcher,
            field,
            lengths,
            pairs,
            params,
            statistics: RefCell::default(),
        }
    }

    fn terms(&self, pair: &BodyPair) -> (Term, Term) {
        (
            Term::from_field_text(self.field, &pair.first),
            Term::from_field_text(self.field, &pair.second),
        )
    }

    /// Counts every pair in every article (reading each pair's postings
    /// once per segment, articles in index order).
    fn counts<'p>(&'p self, articles: &[DocAddress]) -> Result<Counts> {
        let mut counts = Counts {
            per_article: vec![Vec::new(); articles.len()],
            length_codes: vec![0; articles.len()],
        };
        let mut by_segment: HashMap<u32, Vec<(DocId, usize)>> = HashMap::new();
        for (i, address) in articles.iter().enumerate() {
            by_segment
                .entry(address.segment_ord)
                .or_default()
                .push((address.doc_id, i));
        }
        // Each distinct word's postings are read once per segment and its
        // positions once per article, however many pairs it is part of.
        let mut words: Vec<&str> = Vec::new();
        let mut pair_words = Vec::new();
        for pair in &self.pairs {
            let mut index_of = |word: &'p str| match words.iter().position(|w| *w == word) {
                Some(i) => i,
                None => {
                    words.push(word);
                    words.len() - 1
                }
            };
            pair_words.push((index_of(&pair.first), index_of(&pair.second)));
        }
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); words.len()];
        for (segment, mut docs) in by_segment {
            docs.sort_unstable();
            let reader = self.searcher.segment_reader(segment);
            let lengths = lengths_of(reader, self.lengths)?;
            let mut lists = Vec::new();
            for word in &words {
                let term = Term::from_field_text(self.field, word);
                lists.push(postings(
                    reader,
                    &term,
                    IndexRecordOption::WithFreqsAndPositions,
                )?);
            }
            for &(doc, i) in &docs {
                // Coded as tantivy codes a field's length.
                let length = lengths.first(doc).unwrap_or(0).min(u64::from(u32::MAX));
                counts.length_codes[i] = FieldNormReader::fieldnorm_to_id(length as u32);
                for (word, list) in lists.iter_mut().enumerate() {
                    positions[word].clear();
                    if let Some(list) = list {
                        if holds(list, doc) {
                            list.positions(&mut positions[word]);
                        }
                    }
                }
                for (p, &(first, second)) in pair_words.iter().enumerate() {
                    let count = adjacent(&positions[first], &positions[second]);
                    if count > 0 {
                        counts.per_article[i].push((p, count));
                    }
                }
            }
        }
        Ok(counts)
    }

    /// The BM25 formula of each pair found in `counts` (`None` for the
    /// others: their document frequency is never estimated, which is most
    /// of the second stage's cost), with how many articles hold it.
    fn formulas(&self, counts: &Counts) -> Result<Vec<Option<(LengthNorms, u64)>>> {
        let mut found = vec![false; self.pairs.len()];
        for (p, _) in counts.per_article.iter().flatten() {
            found[*p] = true;
        }
        if !found.contains(&true) {
            return Ok(self.pairs.iter().map(|_| None).collect());
        }
        let docs = self
            .searcher
            .total_num_docs()
            .context("reading article lengths")?
            .max(1);
        let statistics = &mut *self.statistics.borrow_mut();
        let average_length = match statistics.average_length {
            Some(length) => length,
            None => {
                let mut all_pairs = 0u64;
                for reader in self.searcher.segment_readers() {
                    all_pairs += lengths_of(reader, self.lengths)?.values.iter().sum::<u64>();
                }
                let length = (all_pairs as f32 / docs as f32).max(f32::EPSILON);
                *statistics.average_length.insert(length)
            }
        };
        let mut formulas = Vec::new();
        for (p, (pair, found)) in self.pairs.iter().zip(found).enumerate() {
            if !found {
                formulas.push(None);
                continue;
            }
            let doc_freq = match statistics.doc_freqs.get(&p) {
                Some(&known) => known,
                None => {
                    let (first, second) = self.terms(pair);
                    // At least 1: the articles being scored hold it.
                    let estimated =
                        estimated_doc_freq(self.searcher, &first, &second, &[], FOR_RANKING)?
                            .max(1);
                    *statistics.doc_freqs.entry(p).or_insert(estimated)
                }
            };
            let weight = idf(doc_freq, docs) * pair.weight;
            formulas.push(Some((
                LengthNorms::new(self.params, weight, average_length),
                doc_freq,
            )));
        }
        Ok(formulas)
    }

    /// Adds the pairs' scores to `hits`.
    pub fn add_scores(&self, hits: &mut [(f32, DocAddress)]) -> Result<()> {
        if self.pairs.is_empty() {
            return Ok(());
        }
        let addresses: Vec<DocAddress> = hits.iter().map(|(_, address)| *address).collect();
        let counts = self.counts(&addresses)?;
        let formulas = self.formulas(&counts)?;
        for (i, found) in counts.per_article.iter().enumerate() {
            for &(p, count) in found {
                if let Some((norms, _)) = &formulas[p] {
                    hits[i].0 += norms.score(count, counts.length_codes[i]);
                }
            }
        }
        Ok(())
    }

    /// The pairs' parts of one article's score, for `--explain`.
    pub fn explain(&self, address: DocAddress) -> Result<Vec<ScorePart>> {
        let counts = self.counts(&[address])?;
        let formulas = self.formulas(&counts)?;
        let mut parts = Vec::new();
        for &(p, count) in &counts.per_article[0] {
            if let Some((norms, doc_freq)) = &formulas[p] {
                let pair = &self.pairs[p];
                parts.push(ScorePart {
                    value: norms.score(count, counts.length_codes[0]),
                    description: format!(
                        "{} [body, adjacent folded words: \"{}\" \"{}\", {count} times; in about {doc_freq} articles]",
                        self.params.description(),
                        pair.first,
                        pair.second
                    ),
                    parts: Vec::new(),
                });
            }
        }
        Ok(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_counts_each_position_once() {
        let cases: [(&[u32], &[u32], u32); 5] = [
            (&[0, 5], &[1, 6], 2),
            (&[0, 5], &[2, 7], 0),
            // A gap of two is a clause break, not a pair.
            (&[3], &[5], 0),
            (&[1, 2], &[2, 3], 2),
            (&[], &[1], 0),
        ];
        for (first, second, count) in cases {
            assert_eq!(adjacent(first, second), count, "{first:?} {second:?}");
        }
    }

    #[test]
    fn the_same_pair_twice_adds_its_weights() {
        let mut pairs = Vec::new();
        let pair = |weight| BodyPair {
            first: "dan".into(),
            second: "van".into(),
            weight,
        };
        add_pair(&mut pairs, pair(1.0));
        add_pair(&mut pairs, pair(0.5));
        assert_eq!(pairs, vec![pair(1.5)]);
    }
}
