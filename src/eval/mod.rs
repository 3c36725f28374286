//! `vnsearch eval`: measures ranking on a relevance set (documents,
//! queries, judgments) so that ranking changes are judged by figures, not
//! by impressions.
//!
//! The documents are indexed once into a cache folder keyed by a hash of
//! the docs file and the schema version, so repeated runs while tuning
//! only pay for the queries.

pub(crate) mod judgments;
pub(crate) mod metrics;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use serde::Serialize;
use tantivy::Term;

pub use judgments::{load_qrels, load_queries, EvalQuery};
pub use metrics::percentile;

use crate::index::manifest::hash_file;
use crate::index::schema::SCHEMA_VERSION;
use crate::index::{self, store::Found, BuildOptions};
use crate::search::{self, Hit, MatchMode, Ranking, ScorePart, SearchRequest};

pub struct EvalOptions {
    pub docs: PathBuf,
    pub queries: PathBuf,
    pub qrels: PathBuf,
    pub mode: MatchMode,
    pub k: usize,
    pub ranking: Ranking,
    /// Where cached indexes live (one sub-folder per docs hash).
    pub cache_dir: PathBuf,
    /// Keep the score breakdown of the top hit and the first relevant one.
    pub explain: bool,
}

/// One query's outcome, for error analysis.
#[derive(Clone, Debug, Serialize)]
pub struct QueryOutcome {
    pub id: String,
    /// 1-based rank of the first relevant document in the top 100.
    pub first_relevant_rank: Option<usize>,
    pub reciprocal_rank: f64,
    pub ndcg: f64,
    pub hits: usize,
    /// With `explain`: how the top hit's score was made.
    pub top_explained: Option<ScorePart>,
    /// With `explain`: how the first relevant hit's score was made.
    pub relevant_explained: Option<ScorePart>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvalReport {
    pub docs: usize,
    pub queries: usize,
    /// Queries with at least one judged-relevant document; metrics average over these.
    pub judged_queries: usize,
    pub k: usize,
    #[serde(rename = "match")]
    pub mode: MatchMode,
    pub mrr: f64,
    pub ndcg: f64,
    pub recall_k: f64,
    pub recall_100: f64,
    pub latency_median_ms: f64,
    pub latency_p95_ms: f64,
    pub index_reused: bool,
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub per_query: Vec<QueryOutcome>,
}

fn cached_index(
    options: &EvalOptions,
    warnings: &mut Vec<String>,
) -> Result<(index::VnIndex, bool, usize)> {
    let hash = hash_file(&options.docs)?;
    let dir = options
        .cache_dir
        .join(format!("vnsearch-eval-v{SCHEMA_VERSION}-{hash:016x}"));
    if let Ok(Found::Ready(index, info)) = index::store::find(&dir) {
        return Ok((*index, true, info.articles as usize));
    }
    let report = index::build(BuildOptions {
        corpus: vec![options.docs.clone()],
        index_dir: dir.clone(),
        rebuild: true,
        memory_bytes: 256 << 20,
        progress: None,
    })?;
    warnings.extend(report.warnings.iter().map(|w| w.to_string()));
    let (index, _) = index::open(&dir)?;
    Ok((index, false, report.articles as usize))
}

pub fn run(options: &EvalOptions) -> Result<EvalReport> {
    let queries = load_queries(&options.queries)?;
    let mut warnings = Vec::new();
    let (vn, index_reused, docs) = cached_index(options, &mut warnings)?;
    let reader = vn.index.reader().context("opening the evaluation index")?;
    let searcher = reader.searcher();
    let known_doc = |id: &str| {
        searcher
            .doc_freq(&Term::from_field_text(vn.fields.id, id))
            .unwrap_or(0)
            > 0
    };
    let known_query = |id: &str| queries.iter().any(|q| q.id == id);
    let qrels = load_qrels(&options.qrels, known_query, known_doc, &mut warnings)?;

    let depth = options.k.max(100);
    let mut per_query = Vec::new();
    let mut latencies = Vec::new();
    let (mut mrr, mut ndcg, mut recall_k, mut recall_100) = (0.0, 0.0, 0.0, 0.0);
    for query in &queries {
        let Some(judged) = qrels.get(&query.id) else {
            continue;
        };
        let request = SearchRequest {
            limit: depth,
            mode: options.mode,
            ranking: options.ranking,
            snippets: false,
            explain: options.explain,
            ..SearchRequest::new(&query.text)
        };
        let started = Instant::now();
        let hits: Vec<Hit> = match search::page(&vn, &searcher, &request) {
            Ok(results) => results.hits,
            Err(e) => {
                warnings.push(format!("query `{}`: {e:#}", query.id));
                Vec::new()
            }
        };
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let ranked: Vec<String> = hits.iter().map(|h| h.article.id.clone()).collect();
        let first_relevant_rank = metrics::first_relevant_rank(&ranked, judged);
        let explained = |rank: Option<usize>| {
            rank.and_then(|r| hits.get(r - 1))
                .and_then(|h| h.explanation.clone())
        };
        let rr = metrics::reciprocal_rank(&ranked, judged, options.k);
        let nd = metrics::ndcg(&ranked, judged, options.k);
        mrr += rr;
        ndcg += nd;
        recall_k += metrics::recall(&ranked, judged, options.k);
        recall_100 += metrics::recall(&ranked, judged, 100);
        per_query.push(QueryOutcome {
            id: query.id.clone(),
            first_relevant_rank,
            reciprocal_rank: rr,
            ndcg: nd,
            hits: ranked.len(),
            top_explained: explained(Some(1)),
            relevant_explained: explained(first_relevant_rank),
        });
    }
    let judged_queries = per_query.len();
    let n = judged_queries.max(1) as f64;
    latencies.sort_by(f64::total_cmp);
    Ok(EvalReport {
        docs,
        queries: queries.len(),
        judged_queries,
        k: options.k,
        mode: options.mode,
        mrr: mrr / n,
        ndcg: ndcg / n,
        recall_k: recall_k / n,
        recall_100: recall_100 / n,
        latency_median_ms: metrics::percentile(&latencies, 0.5),
        latency_p95_ms: metrics::percentile(&latencies, 0.95),
        index_reused,
        warnings,
        per_query,
    })
}
