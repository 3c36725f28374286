//! A query that adds a constant to another query's score when it matches:
//! how a matched query word earns its coordination point (and, with a large
//! constant, how the relaxed `--match all` ranks by words matched first)
//! without evaluating the word's query a second time.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

#[derive(Debug)]
pub struct PlusConstant {
    inner: Box<dyn Query>,
    bonus: Score,
}

impl Clone for PlusConstant {
    fn clone(&self) -> Self {
        PlusConstant {
            inner: self.inner.box_clone(),
            bonus: self.bonus,
        }
    }
}

impl PlusConstant {
    pub fn new(inner: Box<dyn Query>, bonus: Score) -> Self {
        PlusConstant { inner, bonus }
    }
}

impl Query for PlusConstant {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(PlusConstantWeight {
            inner: self.inner.weight(enable_scoring)?,
            bonus: self.bonus,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct PlusConstantWeight {
    inner: Box<dyn Weight>,
    bonus: Score,
}

impl Weight for PlusConstantWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(PlusConstantScorer {
            inner: self.inner.scorer(reader, boost)?,
            bonus: self.bonus * boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation = Explanation::new(
            "word matched: score plus a constant per matched word",
            inner.value() + self.bonus,
        );
        explanation.add_detail(inner);
        explanation.add_const("constant (coordination / word count)", self.bonus);
        Ok(explanation)
    }
}

struct PlusConstantScorer {
    inner: Box<dyn Scorer>,
    bonus: Score,
}

impl DocSet for PlusConstantScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for PlusConstantScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.bonus
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    #[test]
    fn adds_the_constant_to_every_match_only() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for body in ["dân vận", "dân dân", "khác"] {
            writer.add_document(doc!(text => body)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let plain = TermQuery::new(
            Term::from_field_text(text, "dân"),
            IndexRecordOption::WithFreqs,
        );
        let top = TopDocs::with_limit(10).order_by_score();
        let before = searcher.search(&plain, &top).unwrap();
        let after = searcher
            .search(&PlusConstant::new(Box::new(plain), 10.0), &top)
            .unwrap();
        assert_eq!(before.len(), 2);
        for ((a, da), (b, db)) in before.iter().zip(&after) {
            assert_eq!(da, db);
            assert!((b - a - 10.0).abs() < 1e-4);
        }
    }
}
