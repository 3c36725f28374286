//! Where the bytes of an index go, per component and per field, for
//! `docs/indexing.md`.
//!
//! `VNSEARCH_BENCH_INDEX=DIR cargo bench --bench index_size` prints the
//! doc store, then term dictionary, postings, positions, fast fields and
//! field norms of every field, in MB and as a share of the whole. Without
//! the variable it prints a note and exits, so `cargo bench` stays harmless.

use std::collections::BTreeMap;

use tantivy::space_usage::PerFieldSpaceUsage;
use vnsearch::index;

fn main() -> anyhow::Result<()> {
    let Ok(index_dir) = std::env::var("VNSEARCH_BENCH_INDEX") else {
        println!("index_size: set VNSEARCH_BENCH_INDEX to an index folder");
        return Ok(());
    };
    let (vn, _) = index::open(std::path::Path::new(&index_dir))?;
    let searcher = vn.index.reader()?.searcher();
    let usage = searcher.space_usage()?;
    let total = usage.total().get_bytes() as f64;
    let mb = |bytes: u64| bytes as f64 / 1e6;
    let share = |bytes: u64| 100.0 * bytes as f64 / total;
    let mut store = 0;
    // field → [term dictionary, postings, positions, fast fields, norms]
    let mut per_field: BTreeMap<String, [u64; 5]> = BTreeMap::new();
    for segment in usage.segments() {
        store += segment.store().total().get_bytes();
        let parts: [&PerFieldSpaceUsage; 5] = [
            segment.termdict(),
            segment.postings(),
            segment.positions(),
            segment.fast_fields(),
            segment.fieldnorms(),
        ];
        for (i, part) in parts.into_iter().enumerate() {
            for field_usage in part.fields() {
                let name = field_usage.field_name().to_string();
                per_field.entry(name).or_default()[i] += field_usage.total().get_bytes();
            }
        }
    }
    println!(
        "{} segments, {} documents, {:.1} MB",
        usage.segments().len(),
        searcher.num_docs(),
        total / 1e6
    );
    println!("doc store {:>10.1} MB {:>5.1}%", mb(store), share(store));
    println!(
        "{:<22}{:>10}{:>10}{:>10}{:>10}{:>10}{:>10}{:>7}",
        "field", "terms", "postings", "positions", "fast", "norms", "total MB", "%"
    );
    let mut rows: Vec<_> = per_field.into_iter().collect();
    rows.sort_by_key(|(_, parts)| std::cmp::Reverse(parts.iter().sum::<u64>()));
    for (name, parts) in rows {
        let sum: u64 = parts.iter().sum();
        if sum == 0 {
            continue;
        }
        print!("{name:<22}");
        for part in parts {
            print!("{:>10.1}", mb(part));
        }
        println!("{:>10.1}{:>7.1}", mb(sum), share(sum));
    }
    Ok(())
}
