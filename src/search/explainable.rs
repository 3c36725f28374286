//! A query wrapper that makes `explain` safe for clauses that need not
//! match: optional (`Should`) clauses and `DisjunctionMaxQuery` branches.
//!
//! Tantivy's `BooleanWeight::explain` explains every clause of a matching
//! document, including optional clauses that do not match it, by seeking
//! their scorer to the document; when that scorer is empty or already past
//! the document (a word missing from one field or segment), tantivy's
//! `DocSet::seek` trips its debug assertion `doc <= target` (tantivy issue
//! #2645). So `--explain` and `explain=true` panicked in debug builds on
//! ordinary queries (`Bạn`; found by `fuzz/` target `query`, issue 15); in
//! release builds the clause was skipped as it should be. [`Explainable`]
//! answers "does not match" itself in that case, before tantivy seeks.
//! Scoring is untouched: the scorer is the inner query's own.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, Score, SeekDangerResult, SegmentReader, TantivyError, Term};

#[derive(Debug)]
pub struct Explainable(Box<dyn Query>);

impl Explainable {
    pub fn wrap(inner: Box<dyn Query>) -> Box<dyn Query> {
        Box::new(Explainable(inner))
    }
}

impl Clone for Explainable {
    fn clone(&self) -> Self {
        Explainable(self.0.box_clone())
    }
}

impl Query for Explainable {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExplainableWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct ExplainableWeight(Box<dyn Weight>);

impl Weight for ExplainableWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn scorer_danger(
        &self,
        reader: &SegmentReader,
        target: DocId,
        boost: Score,
    ) -> tantivy::Result<(SeekDangerResult, Box<dyn Scorer>)> {
        self.0.scorer_danger(reader, target, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if !matches(self.0.scorer(reader, 1.0)?.as_mut(), doc) {
            return Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        self.0.explain(reader, doc)
    }

    // The rest forwards, so that the inner query's own fast paths are kept.
    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.0.count(reader)
    }

    fn for_each(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        self.0.for_each(reader, callback)
    }

    fn for_each_no_score(
        &self,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        self.0.for_each_no_score(reader, callback)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        self.0.for_each_pruning(threshold, reader, callback)
    }
}

/// Whether a fresh scorer matches `doc`, seeking only forward.
pub fn matches(scorer: &mut dyn Scorer, doc: DocId) -> bool {
    scorer.doc() <= doc && scorer.seek(doc) == doc
}
