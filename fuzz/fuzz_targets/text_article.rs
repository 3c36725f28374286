//! Fuzz target (c): plain-text article extraction (headline, dateline,
//! outlet, boilerplate, lead, places). The bytes go both straight to
//! `ingest::article_from_text` (as lossy UTF-8) and through the file reader
//! `ingest::read_file` as a `.txt` file, which also decodes legacy
//! encodings and checks sizes, exactly as `vnsearch index` reads a crawl.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnsearch::gazetteer::Gazetteer;
use vnsearch::ingest::{self, Format};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let article =
        ingest::article_from_text("fuzz".into(), "fuzz.txt".into(), &text, Gazetteer::get());
    vnsearch_fuzz::check_article(&article);
    let (lead, rest) = ingest::split_lead(&article.body);
    assert!(lead.len() + rest.len() <= article.body.len());
    let articles = vnsearch_fuzz::read_as_file("article.txt", Format::Text, data);
    assert!(articles <= 1, "a .txt file is one article");
});
