//! Two query words found next to each other in an article's body, scored
//! by BM25 like a word, but counted from the folded words' positions.
//!
//! Titles keep an indexed bigram field (they are short, so it is cheap);
//! bodies do not: inserting every adjacent pair of a body into tantivy's
//! in-memory postings was half the CPU of a build, since the pairs of a
//! corpus are far too many to stay in the processor's caches
//! (docs/indexing.md). The positions that exact phrases need already say
//! which words are adjacent, so a pair's frequency in an article is read
//! from them at query time, and only for the articles that hold both words.
//!
//! A pair's IDF is the sum of its two words' IDFs (as tantivy's and
//! Lucene's phrase queries compute it), since counting the articles that
//! hold the pair would mean reading every position of both words.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

use super::bm25::{idf, Bm25Params, LengthNorms};

/// Two adjacent words of one field with positions, scored as one term.
#[derive(Clone, Debug)]
pub struct Bm25PairQuery {
    first: Term,
    second: Term,
    params: Bm25Params,
}

impl Bm25PairQuery {
    pub fn new(first: Term, second: Term, params: Bm25Params) -> Self {
        Bm25PairQuery {
            first,
            second,
            params,
        }
    }
}

impl Query for Bm25PairQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let field = self.first.field();
        let (idf, average_length) = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                searcher,
            } => {
                let docs = statistics_provider.total_num_docs()?;
                let tokens = statistics_provider.total_num_tokens(field)?;
                let idf = if std::env::var("VN_PAIR_IDF").as_deref() == Ok("count") {
                    let mut df = 0u64;
                    for reader in searcher.segment_readers() {
                        if let Some(mut s) = pair_scorer(reader, &self.first, &self.second)? {
                            while s.doc() != TERMINATED {
                                df += 1;
                                s.advance();
                            }
                        }
                    }
                    idf(df, docs)
                } else {
                    idf(statistics_provider.doc_freq(&self.first)?, docs)
                        + idf(statistics_provider.doc_freq(&self.second)?, docs)
                };
                (idf, tokens as f32 / docs.max(1) as f32)
            }
            EnableScoring::Disabled { .. } => (0.0, 1.0),
        };
        Ok(Box::new(Bm25PairWeight {
            first: self.first.clone(),
            second: self.second.clone(),
            idf,
            average_length: average_length.max(f32::EPSILON),
            params: self.params,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.first, true);
        visitor(&self.second, true);
    }
}

/// The articles of one segment where `first` is directly followed by
/// `second`.
fn pair_scorer(
    reader: &SegmentReader,
    first: &Term,
    second: &Term,
) -> tantivy::Result<Option<AdjacentPairs>> {
    let inverted = reader.inverted_index(first.field())?;
    let read = |term| inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions);
    let (Some(first), Some(second)) = (read(first)?, read(second)?) else {
        return Ok(None);
    };
    Ok(Some(AdjacentPairs::new(first, second)))
}

/// Walks the articles holding both words, stopping at those where the
/// first is directly followed by the second, and counts those places.
struct AdjacentPairs {
    first: SegmentPostings,
    second: SegmentPostings,
    count: u32,
    first_positions: Vec<u32>,
    second_positions: Vec<u32>,
}

impl AdjacentPairs {
    fn new(first: SegmentPostings, second: SegmentPostings) -> Self {
        let mut pairs = AdjacentPairs {
            first,
            second,
            count: 0,
            first_positions: Vec::new(),
            second_positions: Vec::new(),
        };
        let doc = pairs.first.doc();
        pairs.settle(doc);
        pairs
    }

    /// Moves to the first article at or after `target` that has the pair.
    fn settle(&mut self, mut target: DocId) -> DocId {
        loop {
            let doc = self.first.seek(target);
            if doc == TERMINATED {
                return TERMINATED;
            }
            let mut other = self.second.doc();
            if other < doc {
                other = self.second.seek(doc);
            }
            if other == TERMINATED {
                // Keep both at the end, so `doc()` says so.
                self.first.seek(TERMINATED);
                return TERMINATED;
            }
            if other != doc {
                target = other;
                continue;
            }
            self.count = self.adjacent_count();
            if self.count > 0 {
                return doc;
            }
            target = doc + 1;
        }
    }

    /// How often, in the current article, the second word's position is
    /// the first word's plus one.
    fn adjacent_count(&mut self) -> u32 {
        self.first.positions(&mut self.first_positions);
        self.second.positions(&mut self.second_positions);
        let (mut i, mut j, mut count) = (0, 0, 0);
        let (a, b) = (&self.first_positions, &self.second_positions);
        while i < a.len() && j < b.len() {
            let wanted = a[i] + 1;
            match b[j].cmp(&wanted) {
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
}

impl DocSet for AdjacentPairs {
    fn advance(&mut self) -> DocId {
        let next = self.first.doc().saturating_add(1);
        if self.first.doc() == TERMINATED {
            return TERMINATED;
        }
        self.settle(next)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.first.doc() >= target {
            return self.first.doc();
        }
        self.settle(target)
    }

    fn doc(&self) -> DocId {
        self.first.doc()
    }

    fn size_hint(&self) -> u32 {
        self.first.size_hint().min(self.second.size_hint())
    }
}

struct Bm25PairWeight {
    first: Term,
    second: Term,
    idf: f32,
    average_length: f32,
    params: Bm25Params,
}

impl Bm25PairWeight {
    fn bm25_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<Bm25PairScorer>> {
        let Some(pairs) = pair_scorer(reader, &self.first, &self.second)? else {
            return Ok(None);
        };
        Ok(Some(Bm25PairScorer {
            pairs,
            lengths: reader.get_fieldnorms_reader(self.first.field())?,
            norms: LengthNorms::new(self.params, self.idf * boost, self.average_length),
        }))
    }
}

impl Weight for Bm25PairWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(match self.bm25_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let not_matching =
            || TantivyError::InvalidArgument(format!("document {doc} does not match"));
        let mut scorer = self.bm25_scorer(reader, 1.0)?.ok_or_else(not_matching)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(not_matching());
        }
        let mut explanation =
            Explanation::new_with_string(self.params.description(), scorer.score());
        explanation.add_context(format!("Pair={:?} {:?}", self.first, self.second));
        Ok(explanation)
    }
}

struct Bm25PairScorer {
    pairs: AdjacentPairs,
    lengths: FieldNormReader,
    norms: LengthNorms,
}

impl DocSet for Bm25PairScorer {
    fn advance(&mut self) -> DocId {
        self.pairs.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.pairs.seek(target)
    }

    fn doc(&self) -> DocId {
        self.pairs.doc()
    }

    fn size_hint(&self) -> u32 {
        self.pairs.size_hint()
    }
}

impl Scorer for Bm25PairScorer {
    fn score(&mut self) -> Score {
        let tf = self.pairs.count;
        let length = self.lengths.fieldnorm_id(self.doc());
        self.norms.score(tf, length)
    }
}
