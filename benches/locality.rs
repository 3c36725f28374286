//! Place detection over the whole real corpus: where the province counts
//! land, how often the known traps (`Thái Bình Dương`, `Trương Hòa Bình`,
//! `hòa bình` "peace") still tag a province, the share of articles with no
//! province, and how fast `locate` runs. Unit tests check rules on short
//! texts; this shows what the rules do to a researcher's counts.
//!
//! Run: `cargo bench --bench locality [-- PATH.jsonl.gz]` (default
//! `../shared/corpus/news.jsonl.gz`). With `LOCALITY_DUMP=FILE` every
//! article's id, province and scope are written to FILE as TSV, so that two
//! versions can be diffed.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use vnsearch::gazetteer::Gazetteer;
use vnsearch::ingest::article_from_json;
use vnsearch::ingest::split_lead;

/// A trap and how many articles containing it were tagged with `province`.
struct Trap {
    label: &'static str,
    province: &'static str,
    test: fn(&str) -> bool,
    containing: usize,
    tagged: usize,
}

fn pacific(t: &str) -> bool {
    t.contains("Thái Bình Dương")
}

fn deputy_pm(t: &str) -> bool {
    t.contains("Trương Hòa Bình") || t.contains("Trương Hoà Bình")
}

/// `hòa bình` written in lower case ("peace") and never capitalised as a
/// name in the article.
fn peace(t: &str) -> bool {
    (t.contains("hòa bình") || t.contains("hoà bình"))
        && !t.contains("Hòa Bình")
        && !t.contains("Hoà Bình")
        && !t.contains("HÒA BÌNH")
}

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/news.jsonl.gz")
        });
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("cannot open corpus {}: {e}", path.display()));
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut dump = std::env::var_os("LOCALITY_DUMP").map(|p| {
        std::io::BufWriter::new(std::fs::File::create(p).expect("LOCALITY_DUMP is writable"))
    });
    let g = Gazetteer::get();
    let mut traps = [
        Trap {
            label: "Thái Bình Dương (Pacific)",
            province: "Thái Bình",
            test: pacific,
            containing: 0,
            tagged: 0,
        },
        Trap {
            label: "Trương Hòa Bình (Deputy PM)",
            province: "Hòa Bình",
            test: deputy_pm,
            containing: 0,
            tagged: 0,
        },
        Trap {
            label: "hòa bình only in lower case (peace)",
            province: "Hòa Bình",
            test: peace,
            containing: 0,
            tagged: 0,
        },
    ];
    let mut provinces: HashMap<String, usize> = HashMap::new();
    let mut scopes: HashMap<String, usize> = HashMap::new();
    let (mut articles, mut no_city, mut bad) = (0usize, 0usize, 0usize);
    let mut locate_time = Duration::ZERO;
    let mut text_bytes = 0usize;
    for (n, line) in reader.lines().enumerate() {
        let line = line.expect("corpus is readable");
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            bad += 1;
            continue;
        };
        let Ok(a) = article_from_json(&value, format!("#{n}"), String::new(), g) else {
            bad += 1;
            continue;
        };
        // Timed separately from parsing and cleaning: the same call on the
        // same zones as ingestion makes.
        let (lead, rest) = split_lead(&a.body);
        let start = Instant::now();
        let again = g.locate(&a.title, lead, rest);
        locate_time += start.elapsed();
        assert_eq!(again.city, a.locality.city);
        text_bytes += a.title.len() + a.body.len();
        articles += 1;
        let city = a.locality.city.clone().unwrap_or_default();
        if city.is_empty() {
            no_city += 1;
        } else {
            *provinces.entry(city.clone()).or_default() += 1;
        }
        let scope = scope_of(&a.locality);
        *scopes.entry(scope.clone()).or_default() += 1;
        let full = format!("{}\n{}", a.title, a.body);
        for t in &mut traps {
            if (t.test)(&full) {
                t.containing += 1;
                if city == t.province {
                    t.tagged += 1;
                }
            }
        }
        if let Some(d) = dump.as_mut() {
            writeln!(d, "{}\t{city}\t{scope}", a.id).expect("dump is writable");
        }
    }
    println!(
        "corpus: {} ({articles} articles, {bad} unusable lines)",
        path.display()
    );
    let mut top: Vec<_> = provinces.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("\nprovince counts, top 10:");
    for (i, (p, c)) in top.iter().take(10).enumerate() {
        println!("  {:>2}. {p:<16} {c:>6}", i + 1);
    }
    println!(
        "\nno province: {no_city} of {articles} ({:.1}%)",
        100.0 * no_city as f64 / articles.max(1) as f64
    );
    println!("\ntraps (articles containing it / of those tagged with the province):");
    for t in &traps {
        println!(
            "  {:<40} {:>6} / {:>5} tagged {} ({:.1}%)",
            t.label,
            t.containing,
            t.tagged,
            t.province,
            100.0 * t.tagged as f64 / t.containing.max(1) as f64
        );
    }
    let mut scopes: Vec<_> = scopes.into_iter().collect();
    scopes.sort();
    println!("\nscope:");
    for (s, c) in &scopes {
        println!(
            "  {s:<14} {c:>6} ({:.1}%)",
            100.0 * *c as f64 / articles.max(1) as f64
        );
    }
    let secs = locate_time.as_secs_f64();
    println!(
        "\nlocate: {:.0} articles/s ({:.1} MB/s of title+body text; {secs:.1} s in all)",
        articles as f64 / secs,
        text_bytes as f64 / 1e6 / secs
    );
}

fn scope_of(l: &vnsearch::gazetteer::Locality) -> String {
    l.scope.as_str().to_owned()
}
