//! BM25 with adjustable `k1` and `b`, and BM25+'s lower bound `delta`.
//!
//! tantivy fixes BM25 at k1 = 1.2, b = 0.75. Those are sensible defaults,
//! but term-frequency saturation (`k1`) and length normalization (`b`) are
//! exactly what differs between collections (short headlines, long legal
//! articles), so vnsearch scores its term clauses with this query, which
//! is tantivy's own formula with the constants made parameters. With
//! the defaults it gives tantivy's scores.
//!
//! `delta` is BM25+ (Lv and Zhai, "Lower-bounding term frequency
//! normalization", CIKM 2011): a matched term always earns at least
//! `delta × idf`, however long the document. With full length
//! normalization (b = 1) plain BM25 lets a long article that has a word
//! score hardly more than one that lacks it; the lower bound keeps
//! "has the word" worth something.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

/// Term-frequency saturation and length normalization.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bm25Params {
    pub k1: f32,
    pub b: f32,
    /// BM25+'s lower bound per matched term, in units of its IDF (0 is
    /// plain BM25).
    pub delta: f32,
}

impl Default for Bm25Params {
    /// tantivy's (and Lucene's) constants, plain BM25.
    fn default() -> Self {
        Bm25Params {
            k1: 1.2,
            b: 0.75,
            delta: 0.0,
        }
    }
}

impl Bm25Params {
    /// How `explain` names the formula.
    pub fn description(&self) -> String {
        let Bm25Params { k1, b, delta } = *self;
        if delta > 0.0 {
            format!("bm25+(k1={k1}, b={b}, delta={delta})")
        } else {
            format!("bm25(k1={k1}, b={b})")
        }
    }
}

/// The BM25 formula for one clause in one segment, with its length part
/// computed once for each of the 256 length codes tantivy stores instead
/// of once per document.
pub(super) struct LengthNorms {
    /// idf × boost × (k1 + 1).
    weight: f32,
    /// idf × boost × delta: what any match earns.
    lower_bound: f32,
    /// k1 × (1 − b + b × length / average length), by length code.
    norms: Box<[f32; 256]>,
}

impl LengthNorms {
    /// `weight` is the clause's IDF times its boost.
    pub(super) fn new(params: Bm25Params, weight: f32, average_length: f32) -> Self {
        let Bm25Params { k1, b, delta } = params;
        let mut norms = [0.0f32; 256];
        for (id, norm) in norms.iter_mut().enumerate() {
            let length = FieldNormReader::id_to_fieldnorm(id as u8) as f32;
            *norm = k1 * (1.0 - b + b * length / average_length);
        }
        LengthNorms {
            weight: weight * (k1 + 1.0),
            lower_bound: weight * delta,
            norms: Box::new(norms),
        }
    }

    /// The score of a clause matched `term_freq` times in a document of
    /// length code `length`.
    pub(super) fn score(&self, term_freq: u32, length: u8) -> Score {
        let tf = term_freq as f32;
        self.weight * tf / (tf + self.norms[usize::from(length)]) + self.lower_bound
    }
}

/// Robertson–Spärck Jones IDF as tantivy and Lucene compute it.
pub(super) fn idf(doc_freq: u64, doc_count: u64) -> f32 {
    let x = ((doc_count - doc_freq.min(doc_count)) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

/// A term query scored by BM25 with [`Bm25Params`].
#[derive(Clone, Debug)]
pub struct Bm25TermQuery {
    term: Term,
    params: Bm25Params,
}

impl Bm25TermQuery {
    pub fn new(term: Term, params: Bm25Params) -> Self {
        Bm25TermQuery { term, params }
    }
}

impl Query for Bm25TermQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let field = self.term.field();
        let (idf, average_length) = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => {
                let docs = statistics_provider.total_num_docs()?;
                let tokens = statistics_provider.total_num_tokens(field)?;
                let df = statistics_provider.doc_freq(&self.term)?;
                (idf(df, docs), tokens as f32 / docs.max(1) as f32)
            }
            EnableScoring::Disabled { .. } => (0.0, 1.0),
        };
        Ok(Box::new(Bm25TermWeight {
            term: self.term.clone(),
            idf,
            average_length: average_length.max(f32::EPSILON),
            params: self.params,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

struct Bm25TermWeight {
    term: Term,
    idf: f32,
    average_length: f32,
    params: Bm25Params,
}

impl Bm25TermWeight {
    fn bm25_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<Bm25Scorer>> {
        let field = self.term.field();
        let inverted = reader.inverted_index(field)?;
        let Some(postings) = inverted.read_postings(&self.term, IndexRecordOption::WithFreqs)?
        else {
            return Ok(None);
        };
        Ok(Some(Bm25Scorer {
            postings,
            lengths: reader.get_fieldnorms_reader(field)?,
            norms: LengthNorms::new(self.params, self.idf * boost, self.average_length),
        }))
    }
}

impl Weight for Bm25TermWeight {
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
        // The same context tantivy's TermQuery gives, so explanations name
        // the field and word either way.
        explanation.add_context(format!("Term={:?}", self.term));
        Ok(explanation)
    }
}

struct Bm25Scorer {
    postings: SegmentPostings,
    lengths: FieldNormReader,
    norms: LengthNorms,
}

impl DocSet for Bm25Scorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for Bm25Scorer {
    fn score(&mut self) -> Score {
        let length = self.lengths.fieldnorm_id(self.doc());
        self.norms.score(self.postings.term_freq(), length)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{doc, Index};

    /// With tantivy's constants the scores are tantivy's own.
    #[test]
    fn default_parameters_reproduce_tantivy_scores() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for body in [
            "dân vận khéo",
            "dân dân dân vận",
            "vận động dân vận khéo léo",
            "khác",
        ] {
            writer.add_document(doc!(text => body)).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let term = Term::from_field_text(text, "dân");
        let ours = searcher
            .search(
                &Bm25TermQuery::new(term.clone(), Bm25Params::default()),
                &TopDocs::with_limit(10).order_by_score(),
            )
            .unwrap();
        let theirs = searcher
            .search(
                &TermQuery::new(term, IndexRecordOption::WithFreqs),
                &TopDocs::with_limit(10).order_by_score(),
            )
            .unwrap();
        assert_eq!(ours.len(), 3);
        for ((a, da), (b, db)) in ours.iter().zip(&theirs) {
            assert_eq!(da, db);
            assert!((a - b).abs() < 1e-4, "{a} vs {b}");
        }
        // BM25+: every match earns delta × idf more, and nothing else
        // changes (idf of a word in 3 of 4 documents).
        let plus = searcher
            .search(
                &Bm25TermQuery::new(
                    Term::from_field_text(text, "dân"),
                    Bm25Params {
                        delta: 1.0,
                        ..Bm25Params::default()
                    },
                ),
                &TopDocs::with_limit(10).order_by_score(),
            )
            .unwrap();
        let idf = idf(3, 4);
        assert_eq!(plus.len(), 3);
        for ((a, da), (b, db)) in plus.iter().zip(&ours) {
            assert_eq!(da, db);
            assert!((a - b - idf).abs() < 1e-4, "{a} vs {b} + {idf}");
        }
    }
}
