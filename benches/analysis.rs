//! Analyzer throughput: vnsearch's four analyzers next to tantivy's own
//! `SimpleTokenizer` + `LowerCaser` + `AsciiFoldingFilter` chain, on the
//! seed corpus repeated to 50 MB, in one process, rounds interleaved.
//!
//! Run: `cargo bench --bench analysis`. Prints the median MB/s of each
//! analyzer over the rounds and the folded/baseline time ratio.

use std::time::Instant;

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer, TokenStream,
};
use vnsearch::analysis::Analyzer;

const TARGET_BYTES: usize = 50 << 20;
const ROUNDS: usize = 5;

/// Tokens and total term bytes, so no work can be optimised away.
fn run(analyzer: &mut TextAnalyzer, documents: &[String]) -> (usize, usize) {
    let (mut tokens, mut bytes) = (0, 0);
    for document in documents {
        let mut stream = analyzer.token_stream(document);
        while stream.advance() {
            tokens += 1;
            bytes += stream.token().text.len();
        }
    }
    (tokens, bytes)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    vnsearch::eval::percentile(&values, 0.5)
}

fn main() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut seeds: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus/ exists")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect();
    seeds.sort();
    let seed_bytes: usize = seeds.iter().map(String::len).sum();
    // Documents of seed size, as the indexer sees them.
    let documents: Vec<String> = seeds
        .iter()
        .cycle()
        .take(TARGET_BYTES.div_ceil(seed_bytes) * seeds.len())
        .cloned()
        .collect();
    let total: usize = documents.iter().map(String::len).sum();
    println!(
        "text: the {} seed articles repeated, {:.1} MB in {} documents",
        seeds.len(),
        total as f64 / 1e6,
        documents.len()
    );

    let mut analyzers: Vec<(&str, TextAnalyzer)> = vec![(
        "tantivy simple+lower+ascii_folding (baseline)",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    )];
    for analyzer in Analyzer::ALL {
        analyzers.push((analyzer.name(), analyzer.text_analyzer()));
    }
    let mut seconds: Vec<Vec<f64>> = vec![Vec::new(); analyzers.len()];
    let mut counts = vec![(0, 0); analyzers.len()];
    for _ in 0..ROUNDS {
        for (i, (_, analyzer)) in analyzers.iter_mut().enumerate() {
            let started = Instant::now();
            counts[i] = run(analyzer, &documents);
            seconds[i].push(started.elapsed().as_secs_f64());
        }
    }
    let medians: Vec<f64> = seconds.into_iter().map(median).collect();
    for (i, (name, _)) in analyzers.iter().enumerate() {
        println!(
            "{name:<48} {:>8.1} MB/s  median {:.3} s over {ROUNDS} rounds  ({} tokens)",
            total as f64 / 1e6 / medians[i],
            medians[i],
            counts[i].0
        );
    }
    let folded = Analyzer::ALL
        .iter()
        .position(|a| *a == Analyzer::Folded)
        .expect("listed")
        + 1;
    println!(
        "folded / baseline time: {:.2}x (target: within 2x)",
        medians[folded] / medians[0]
    );
}
