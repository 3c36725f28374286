//! Fuzz target (d): JSON and JSON Lines records. The input is parsed as
//! one JSON value for `ingest::article_from_json` (the per-record
//! extractor), each of its lines as a record, and the whole input is read
//! through `ingest::read_file` as a `.json` and as a `.jsonl` file (the
//! streamed line reader, its size limits and error recovery), and as a
//! `.jsonl.gz` when it starts like gzip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vnsearch::gazetteer::Gazetteer;
use vnsearch::ingest::{self, Format};

fuzz_target!(|data: &[u8]| {
    let gazetteer = Gazetteer::get();
    let record = |value: &Value| {
        if let Ok(article) =
            ingest::article_from_json(value, "fuzz#1".into(), "fuzz.jsonl".into(), gazetteer)
        {
            vnsearch_fuzz::check_article(&article);
        }
    };
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        record(&value);
        if let Value::Array(items) = &value {
            items.iter().for_each(record);
        }
    }
    for line in data.split(|&b| b == b'\n') {
        if let Ok(value) = serde_json::from_slice::<Value>(line) {
            record(&value);
        }
    }
    vnsearch_fuzz::read_as_file("records.json", Format::Json, data);
    let lines = data.split(|&b| b == b'\n').count();
    let articles = vnsearch_fuzz::read_as_file("records.jsonl", Format::JsonLines, data);
    assert!(articles <= lines, "{articles} articles from {lines} lines");
    if data.starts_with(&[0x1f, 0x8b]) {
        vnsearch_fuzz::read_as_file("records.jsonl.gz", Format::JsonLinesGz, data);
    }
});
