//! Search quality on the real news corpus: known-item search and typo
//! tolerance, with the latency cost of typo correction.
//!
//! Run: `cargo bench --bench quality` after building the news index once:
//! `vnsearch index ../shared/corpus/news.jsonl.gz --index target/bench/news-index`
//! (optional env: `VNSEARCH_BENCH_INDEX`, `VNSEARCH_BENCH_CORPUS`, and
//! `VNSEARCH_BENCH_ONLY` = `known-items`, `typos` or `hostile` for one part).
//!
//! All draws use a fixed seed, so two runs measure the same queries:
//! - known items: 300 headlines as queries, with and without diacritics;
//!   success when the article (or one with the very same headline) is in
//!   the top 10, and MRR@10;
//! - typos: 200 two- and three-word queries from headlines with one letter
//!   of one word of 4+ letters changed; how much of the top 10 of the
//!   correct query the misspelled one finds, with `--typos off` (before)
//!   and on (after), with and without diacritics;
//! - latency of the correct and the misspelled queries, typos off and on;
//! - wall and CPU time of hostile queries (all operators, 10,000
//!   characters, 500 terms, deep nesting, 120 misspelled words …).

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::time::Instant;

use flate2::read::GzDecoder;
use vnsearch::analysis::{normalize, Form};
use vnsearch::eval::percentile;
use vnsearch::index;
use vnsearch::search::{self, SearchRequest, Typos};

const SEED: u64 = 20261125;

/// splitmix64: a fixed, dependency-free sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Searcher {
    vn: index::VnIndex,
    searcher: tantivy::Searcher,
}

impl Searcher {
    fn top(&self, query: &str, typos: Typos) -> anyhow::Result<(Vec<String>, bool, f64)> {
        let request = SearchRequest {
            typos,
            snippets: false,
            ..SearchRequest::new(query)
        };
        let started = Instant::now();
        let results = search::page(&self.vn, &self.searcher, &request)?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let ids = results.hits.iter().map(|h| h.article.id.clone()).collect();
        Ok((ids, !results.corrections.is_empty(), ms))
    }
}

fn main() -> anyhow::Result<()> {
    let index_dir = std::env::var("VNSEARCH_BENCH_INDEX")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("target/bench/news-index"));
    let corpus = std::env::var("VNSEARCH_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../shared/corpus/news.jsonl.gz"));
    if !index_dir.join("meta.json").exists() || !corpus.exists() {
        println!(
            "quality: needs the news index at {} (vnsearch index {} --index {}) and the corpus",
            index_dir.display(),
            corpus.display(),
            index_dir.display()
        );
        return Ok(());
    }
    let mut titles: Vec<(String, String)> = Vec::new();
    for line in BufReader::new(GzDecoder::new(std::fs::File::open(&corpus)?)).lines() {
        let record: serde_json::Value = serde_json::from_str(&line?)?;
        if let (Some(id), Some(title)) = (record["id"].as_str(), record["title"].as_str()) {
            titles.push((id.to_string(), title.to_string()));
        }
    }
    let (vn, _) = index::open(&index_dir)?;
    let searcher = vn.index.reader()?.searcher();
    let engine = Searcher { vn, searcher };
    println!(
        "index: {} ({} articles); corpus titles: {}",
        index_dir.display(),
        engine.searcher.num_docs(),
        titles.len()
    );
    let mut rng = Rng(SEED);
    // `VNSEARCH_BENCH_ONLY=typos` runs one part; the draws stay the same.
    let only = std::env::var("VNSEARCH_BENCH_ONLY").ok();
    let runs = |part: &str| only.as_deref().is_none_or(|only| only == part);
    known_items(&engine, &titles, &mut rng, runs("known-items"))?;
    if runs("typos") {
        typos(&engine, &titles, &mut rng)?;
    }
    if runs("hostile") {
        hostile(&engine)?;
    }
    Ok(())
}

/// The bad inputs of the search-quality issue, timed in-process (wall
/// and CPU time of this single-threaded search): each must answer or
/// refuse well within a second.
fn hostile(engine: &Searcher) -> anyhow::Result<()> {
    let misspelled: Vec<String> = (0..120)
        .map(|i| format!("phog{}", (b'a' + (i % 26) as u8) as char))
        .collect();
    let common: Vec<&str> = "và của là thì mà những các có được cho trong một người không"
        .split(' ')
        .collect();
    let cases: Vec<(&str, String)> = vec![
        ("all operators", "OR AND NOT ( ) - * : || &&".into()),
        ("common syllables only", common.join(" ")),
        ("punctuation only", "!!! ??? ... ,,, ;; — “ ”".into()),
        ("10,000 characters", "dân ".repeat(2_500)),
        ("500 terms", "x ".repeat(500)),
        (
            "128 common words",
            common
                .iter()
                .cycle()
                .take(128)
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        ("120 misspelled words", misspelled.join(" ")),
        (
            "200 nested parentheses",
            format!("{}dân{}", "(".repeat(200), ")".repeat(200)),
        ),
    ];
    println!("hostile queries (in-process; refused = a usage error):");
    for (name, query) in cases {
        let cpu = cpu_seconds();
        let started = Instant::now();
        let answer = search::page(&engine.vn, &engine.searcher, &SearchRequest::new(query));
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let cpu_ms = (cpu_seconds() - cpu) * 1000.0;
        let outcome = match answer {
            Ok(results) => format!("{} matches", results.total),
            Err(e) => format!(
                "refused: {}",
                e.to_string().chars().take(60).collect::<String>()
            ),
        };
        println!("  {name:<24} {ms:>8.1} ms wall {cpu_ms:>8.1} ms CPU  {outcome}");
    }
    Ok(())
}

/// This process's user + system CPU time, in seconds (from /proc).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

/// Articles that share a headline are the same known item.
fn same_headline(titles: &[(String, String)]) -> std::collections::HashMap<String, String> {
    titles
        .iter()
        .map(|(id, t)| (id.clone(), normalize(t, Form::Folded)))
        .collect()
}

fn known_items(
    engine: &Searcher,
    titles: &[(String, String)],
    rng: &mut Rng,
    run: bool,
) -> anyhow::Result<()> {
    let verbose = std::env::var_os("VNSEARCH_BENCH_VERBOSE").is_some();
    let mut drawn = Vec::new();
    while drawn.len() < 300 {
        let (id, title) = &titles[rng.below(titles.len())];
        if title.split_whitespace().count() >= 3 {
            drawn.push((id.clone(), title.clone()));
        }
    }
    // Drawn even when skipped, so that the typo queries stay the same.
    if !run {
        return Ok(());
    }
    let headline_of = same_headline(titles);
    for ((name, fold), setting) in [("with diacritics", false), ("without diacritics", true)]
        .into_iter()
        .flat_map(|f| [(f, Typos::Off), (f, Typos::On)])
    {
        let (mut found, mut reciprocal, mut ms) = (0, 0.0, Vec::new());
        for (id, title) in &drawn {
            let query = if fold {
                normalize(title, Form::Folded)
            } else {
                title.clone()
            };
            let wanted = &headline_of[id];
            let (ids, _, took) = engine.top(&query, setting)?;
            ms.push(took);
            let rank = ids
                .iter()
                .position(|hit| hit == id || headline_of.get(hit) == Some(wanted));
            if verbose && rank.is_none() {
                println!("    not found ({setting:?}): {query}");
            }
            if let Some(rank) = rank {
                found += 1;
                reciprocal += 1.0 / (rank + 1) as f64;
            }
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "known items {name:<19} typos {:<3} top-10 {found}/{} = {:.3}  MRR@10 {:.3}  median {:.1} ms  p99 {:.1} ms",
            format!("{setting:?}").to_lowercase(),
            drawn.len(),
            found as f64 / drawn.len() as f64,
            reciprocal / drawn.len() as f64,
            percentile(&ms, 0.5),
            percentile(&ms, 0.99)
        );
    }
    Ok(())
}

/// A query of 2-3 consecutive words of a headline, and the same with one
/// letter of one word of 4+ letters changed.
fn misspelled_query(title: &str, rng: &mut Rng) -> Option<(String, String)> {
    let words: Vec<&str> = title
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .collect();
    let width = 2 + rng.below(2);
    if words.len() < width {
        return None;
    }
    let start = rng.below(words.len() - width + 1);
    let window: Vec<String> = words[start..start + width]
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let long: Vec<usize> = (0..window.len())
        .filter(|&i| window[i].chars().count() >= 4)
        .collect();
    if long.is_empty() {
        return None;
    }
    let which = long[rng.below(long.len())];
    let mut letters: Vec<char> = window[which].chars().collect();
    let at = rng.below(letters.len());
    let original = normalize(&letters[at].to_string(), Form::Folded);
    let replacement = loop {
        let c = (b'a' + rng.below(26) as u8) as char;
        if c.to_string() != original {
            break c;
        }
    };
    letters[at] = replacement;
    let mut typo = window.clone();
    typo[which] = letters.into_iter().collect();
    Some((window.join(" "), typo.join(" ")))
}

fn typos(engine: &Searcher, titles: &[(String, String)], rng: &mut Rng) -> anyhow::Result<()> {
    let mut pairs = Vec::new();
    while pairs.len() < 200 {
        let (_, title) = &titles[rng.below(titles.len())];
        if let Some(pair) = misspelled_query(title, rng) {
            pairs.push(pair);
        }
    }
    println!(
        "typo queries: {} (e.g. `{}` → `{}`)",
        pairs.len(),
        pairs[0].0,
        pairs[0].1
    );
    let verbose = std::env::var_os("VNSEARCH_BENCH_VERBOSE").is_some();
    for (name, fold) in [("with diacritics", false), ("without diacritics", true)] {
        let mut overlap = [0.0f64; 2];
        let mut counted = 0;
        let mut corrected = 0;
        let mut false_alarms = 0;
        let mut ms: [Vec<f64>; 4] = Default::default();
        for (right, wrong) in &pairs {
            let (right, wrong) = if fold {
                (
                    normalize(right, Form::Folded),
                    normalize(wrong, Form::Folded),
                )
            } else {
                (right.clone(), wrong.clone())
            };
            // Warm the caches once, then time both settings, in turns first.
            let (wanted, alarm, _) = engine.top(&right, Typos::On)?;
            let first_off = ms[0].len().is_multiple_of(2);
            let (a, b) = if first_off {
                (Typos::Off, Typos::On)
            } else {
                (Typos::On, Typos::Off)
            };
            let (_, _, a_ms) = engine.top(&right, a)?;
            let (_, _, b_ms) = engine.top(&right, b)?;
            let (off_ms, on_ms) = if first_off {
                (a_ms, b_ms)
            } else {
                (b_ms, a_ms)
            };
            ms[0].push(off_ms);
            ms[1].push(on_ms);
            false_alarms += usize::from(alarm);
            if wanted.is_empty() {
                continue;
            }
            counted += 1;
            let wanted: HashSet<&String> = wanted.iter().collect();
            for (slot, setting) in [Typos::Off, Typos::On].into_iter().enumerate() {
                let (got, fixed, took) = engine.top(&wrong, setting)?;
                ms[2 + slot].push(took);
                if setting == Typos::On && fixed {
                    corrected += 1;
                }
                let shared = got.iter().filter(|id| wanted.contains(id)).count();
                overlap[slot] += shared as f64 / wanted.len() as f64;
                if setting == Typos::On && verbose && shared * 2 < wanted.len() {
                    println!(
                        "    low overlap {shared}/{}: `{right}` → `{wrong}` (corrected: {fixed})",
                        wanted.len()
                    );
                }
            }
        }
        println!(
            "typos {name:<19} top-10 overlap: --typos off {:.3}, on {:.3} ({counted} queries; {corrected} corrected; {false_alarms} of {} correct queries got a correction)",
            overlap[0] / counted as f64,
            overlap[1] / counted as f64,
            pairs.len()
        );
        for (label, mut times) in [
            "correct queries, --typos off",
            "correct queries, --typos on",
            "misspelled queries, --typos off",
            "misspelled queries, --typos on",
        ]
        .into_iter()
        .zip(ms)
        {
            times.sort_by(f64::total_cmp);
            println!(
                "  {label:<33} median {:>6.2} ms  p99 {:>6.2} ms",
                percentile(&times, 0.5),
                percentile(&times, 0.99)
            );
        }
    }
    Ok(())
}
