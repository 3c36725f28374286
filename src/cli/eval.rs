//! `vnsearch eval`: ranking metrics on a relevance set, as text or JSON.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::{output, usage_error};
use crate::eval::{self, EvalOptions};
use crate::search::{MatchMode, Ranking};

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Documents, JSON Lines with "id", "title", "text".
    #[arg(long, value_name = "FILE")]
    pub docs: PathBuf,
    /// Queries, JSON Lines with "id", "text".
    #[arg(long, value_name = "FILE")]
    pub queries: PathBuf,
    /// Judgments, TSV: query_id, doc_id, grade (tab-separated).
    #[arg(long, value_name = "FILE")]
    pub qrels: PathBuf,
    /// `any` suits long natural-language questions; `all` is interactive search.
    #[arg(
        long = "match",
        value_name = "MODE",
        default_value = "any",
        value_parser = super::choice::<MatchMode>(MatchMode::NAMES)
    )]
    pub mode: MatchMode,
    /// Cut-off for MRR, nDCG and the first recall figure.
    #[arg(long, value_name = "K", default_value_t = 10)]
    pub k: usize,
    /// Write each query's rank of its first relevant document to FILE (TSV).
    #[arg(long, value_name = "FILE")]
    pub per_query: Option<PathBuf>,
    /// With --per-query: add how the top hit's and the first relevant hit's
    /// scores were made (JSON columns), to see why a query ranks as it does.
    #[arg(long, requires = "per_query")]
    pub explain: bool,
    /// Folder for the cached evaluation indexes.
    #[arg(long, value_name = "DIR", default_value_os_t = std::env::temp_dir())]
    pub cache: PathBuf,
    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Ranking experiment: weight of title matches relative to body matches.
    #[arg(long, value_name = "W", default_value_t = Ranking::default().title_boost)]
    pub title_boost: f32,
    /// Ranking experiment: extra weight of exact-diacritic matches.
    #[arg(long, value_name = "W", default_value_t = Ranking::default().exact_boost)]
    pub exact_boost: f32,
    /// Ranking experiment: exact and folded forms of a word, 0 the better
    /// of the two, 1 summed.
    #[arg(long, value_name = "T", default_value_t = Ranking::default().exact_tie)]
    pub exact_tie: f32,
    /// Ranking experiment: weight of adjacent-syllable (bigram) matches.
    #[arg(long, value_name = "W", default_value_t = Ranking::default().bigram_boost)]
    pub bigram_boost: f32,
    /// Ranking experiment: words in more than this share of documents score
    /// only through bigrams (1 disables).
    #[arg(long, value_name = "SHARE", default_value_t = Ranking::default().common_share)]
    pub common_share: f32,
    /// Ranking experiment: weight of three query words found together.
    #[arg(long, value_name = "W", default_value_t = Ranking::default().trigram_boost)]
    pub trigram_boost: f32,
    /// Ranking experiment: weight of adjacent query words found near each
    /// other in the text.
    #[arg(long, value_name = "W", default_value_t = Ranking::default().proximity_boost)]
    pub proximity_boost: f32,
    /// Ranking experiment: how far apart "near" may be, in positions.
    #[arg(long, value_name = "N", default_value_t = Ranking::default().proximity_slop)]
    pub proximity_slop: u32,

    /// Ranking experiment: how many of the first stage's best articles
    /// are rescored with adjacent word pairs in their bodies.
    #[arg(long, value_name = "N", default_value_t = Ranking::default().pair_window)]
    pub pair_window: usize,
    /// Ranking experiment: title/body tie-breaker per word (1 sums them).
    #[arg(long, value_name = "T", default_value_t = Ranking::default().field_tie)]
    pub field_tie: f32,
    /// Ranking experiment: score added per matched query word.
    #[arg(long, value_name = "W", default_value_t = Ranking::default().coordination)]
    pub coordination: f32,
    /// Ranking experiment: BM25 term-frequency saturation.
    #[arg(long, value_name = "K1", default_value_t = Ranking::default().bm25.k1)]
    pub k1: f32,
    /// Ranking experiment: BM25 length normalization (0 none, 1 full).
    #[arg(long, value_name = "B", default_value_t = Ranking::default().bm25.b)]
    pub b: f32,
    /// Ranking experiment: BM25+ lower bound per matched term, times its
    /// IDF (0 is plain BM25).
    #[arg(long, value_name = "DELTA", default_value_t = Ranking::default().bm25.delta)]
    pub bm25_delta: f32,
}

pub fn run(args: EvalArgs) -> Result<()> {
    if args.k == 0 {
        return Err(usage_error("--k must be at least 1"));
    }
    for (flag, path) in [
        ("--docs", &args.docs),
        ("--queries", &args.queries),
        ("--qrels", &args.qrels),
    ] {
        if !path.is_file() {
            return Err(usage_error(format!(
                "{flag} `{}` does not exist or is not a file",
                path.display()
            )));
        }
    }
    let report = eval::run(&EvalOptions {
        docs: args.docs,
        queries: args.queries,
        qrels: args.qrels,
        mode: args.mode,
        k: args.k,
        ranking: Ranking {
            title_boost: args.title_boost,
            exact_boost: args.exact_boost,
            exact_tie: args.exact_tie,
            bigram_boost: args.bigram_boost,
            common_share: args.common_share,
            trigram_boost: args.trigram_boost,
            proximity_boost: args.proximity_boost,
            proximity_slop: args.proximity_slop,
            pair_window: args.pair_window,
            field_tie: args.field_tie,
            coordination: args.coordination,
            bm25: crate::search::bm25::Bm25Params {
                k1: args.k1,
                b: args.b,
                delta: args.bm25_delta,
            },
        },
        cache_dir: args.cache,
        explain: args.explain,
    })?;
    for warning in &report.warnings {
        eprintln!("vnsearch: warning: {warning}");
    }
    if let Some(path) = &args.per_query {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(path)
                .with_context(|| format!("creating `{}`", path.display()))?,
        );
        let explain_columns = if args.explain {
            "\ttop_explained\trelevant_explained"
        } else {
            ""
        };
        writeln!(
            file,
            "query_id\tfirst_relevant_rank\treciprocal_rank\tndcg\thits{explain_columns}"
        )?;
        for q in &report.per_query {
            let rank = q
                .first_relevant_rank
                .map_or_else(|| "-".to_string(), |r| r.to_string());
            write!(
                file,
                "{}\t{rank}\t{:.4}\t{:.4}\t{}",
                q.id, q.reciprocal_rank, q.ndcg, q.hits
            )?;
            if args.explain {
                for part in [&q.top_explained, &q.relevant_explained] {
                    write!(file, "\t{}", serde_json::to_string(part)?)?;
                }
            }
            writeln!(file)?;
        }
        file.flush()?;
    }
    let mut out = output::stdout();
    if args.json {
        output::write_json_line(&mut out, &report)?;
    } else {
        let k = report.k;
        writeln!(
            out,
            "{} queries ({} judged) over {} documents, --match {}{}",
            report.queries,
            report.judged_queries,
            report.docs,
            report.mode.name(),
            if report.index_reused {
                " (cached index)"
            } else {
                ""
            }
        )?;
        writeln!(out, "MRR@{k}      {:.4}", report.mrr)?;
        writeln!(out, "nDCG@{k}     {:.4}", report.ndcg)?;
        writeln!(out, "Recall@{k}   {:.4}", report.recall_k)?;
        writeln!(out, "Recall@100  {:.4}", report.recall_100)?;
        writeln!(
            out,
            "latency     median {:.2} ms, p95 {:.2} ms",
            report.latency_median_ms, report.latency_p95_ms
        )?;
    }
    out.flush()?;
    Ok(())
}
