//! Locality accuracy on hand-labelled real articles from the shared corpus
//! (`../shared/corpus/news.jsonl.gz`). The corpus is not part of the
//! project but sits beside every clone (and in CI), so the test requires
//! it and fails, naming the file, when it is absent; only ids and labels
//! are stored here (`tests/data/labelled.tsv`).

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use vnsearch::gazetteer::Gazetteer;
use vnsearch::ingest::article_from_json;

const CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpus/news.jsonl.gz"
);

#[test]
fn locality_accuracy_on_labelled_articles() {
    assert!(
        Path::new(CORPUS).is_file(),
        "{CORPUS} not found: this test needs the shared news corpus beside the clone (../shared/corpus/news.jsonl.gz)"
    );
    let labels: HashMap<String, (String, String)> = include_str!("data/labelled.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].to_owned(),
                (f[1].to_owned(), f.get(2).copied().unwrap_or("").to_owned()),
            )
        })
        .collect();
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(
        std::fs::File::open(CORPUS).unwrap(),
    ));
    let g = Gazetteer::get();
    let (mut city_ok, mut district_ok, mut district_n, mut seen) = (0, 0, 0, 0);
    for line in reader.lines() {
        let line = line.unwrap();
        // Cheap pre-filter: the id is near the start of each line.
        let cut = (0..=line.len().min(80))
            .rev()
            .find(|&i| line.is_char_boundary(i))
            .unwrap_or(0);
        let head = &line[..cut];
        let Some(id) = labels.keys().find(|id| head.contains(&format!("\"{id}\""))) else {
            continue;
        };
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        let a = article_from_json(&value, id.clone(), CORPUS.into(), g).unwrap();
        let (city, district) = &labels[id];
        seen += 1;
        let got_city = a.locality.city.clone().unwrap_or_default();
        if &got_city == city {
            city_ok += 1;
        } else {
            eprintln!("{id}: city {got_city:?}, labelled {city:?}");
        }
        if district != "?" {
            district_n += 1;
            let got = a.locality.district.clone().unwrap_or_default();
            if &got == district {
                district_ok += 1;
            } else {
                eprintln!("{id}: district {got:?}, labelled {district:?}");
            }
        }
        if seen == labels.len() {
            break;
        }
    }
    assert_eq!(seen, labels.len(), "labelled ids missing from the corpus");
    let city_acc = city_ok as f64 / seen as f64;
    let district_acc = district_ok as f64 / district_n as f64;
    eprintln!("city {city_ok}/{seen} = {city_acc:.2}; district {district_ok}/{district_n} = {district_acc:.2}");
    assert!(city_acc >= 0.85, "city accuracy {city_acc:.2}");
    assert!(district_acc >= 0.75, "district accuracy {district_acc:.2}");
}
