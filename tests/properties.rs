//! Property tests for every entry point the fuzz targets in `fuzz/` cover
//! (issue 15), so CI exercises them on stable Rust without libFuzzer: the
//! query parser and builder (real searches on an index of `corpus/`), the
//! four analyzer forms (offsets on char boundaries), text-article
//! extraction, JSON records, the date parser, the gazetteer, and the
//! Meilisearch filter and search-request parsing. Each property is a
//! "never panics, and what it returns is coherent" check on generated
//! input built from the same pieces as the fuzz seeds. Case counts are
//! small so the file runs in seconds.

mod common;

use proptest::prelude::*;
use serde_json::{json, Value};
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;
use vnsearch::analysis::Analyzer;
use vnsearch::gazetteer::{Gazetteer, Zone};
use vnsearch::index::{self, VnIndex};
use vnsearch::ingest::{self, date, Article};
use vnsearch::search::{self, MatchMode, SearchRequest, SortOrder, Typos};
use vnsearch::server::meili::filter;
use vnsearch::server::meili::request::{Origin, SearchParams};
use vnsearch::server::meili::search as meili_search;
use vnsearch::server::Engine;

fn open(dir: &TempDir) -> (VnIndex, tantivy::Searcher) {
    let (index, _) = index::open(&dir.path().join("index")).unwrap();
    let searcher = index.index.reader().unwrap().searcher();
    (index, searcher)
}

/// Vietnamese words, place names, numbers and dates as articles have them.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "dân",
            "vận",
            "khéo",
            "Hải",
            "Phòng",
            "Hà",
            "Nội",
            "hoà",
            "hòa",
            "Thành",
            "uỷ",
            "UBND",
            "TP.HCM",
            "Bến",
            "Tre",
            "Quận",
            "Hoàng",
            "Mai",
            "huyện",
            "1.431",
            "2023",
            "19/12/2023",
            "14:30",
            "ngày",
            "tháng",
            "năm",
            "Thứ",
            "ba,",
            "(ĐCSVN)",
            "-",
            "–",
            "“",
            "”",
            "\"",
            "Mỹ",
            "Chính",
            "phủ",
            "cả",
            "nước",
            "Vĩnh",
            "Long",
            "(",
            ")",
            ",",
            ".",
            "…",
        ])
        .prop_map(String::from),
        "\\PC{1,6}",
        "[\u{300}-\u{36f}]{1,8}",
    ]
}

/// Words joined by spaces and line breaks, sometimes decomposed (NFD).
fn text(max_words: usize) -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                word(),
                prop::sample::select(vec![" ", " ", "\n", "\n\n", ", "]),
            ),
            0..max_words,
        ),
        any::<bool>(),
    )
        .prop_map(|(words, nfd)| {
            let text: String = words.into_iter().map(|(w, s)| w + s).collect();
            if nfd {
                text.nfd().collect()
            } else {
                text
            }
        })
}

/// The query language's pieces with words between them.
fn query() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => word(),
        2 => prop::sample::select(vec![
            "OR", "AND", "NOT", "-", "(", ")", "\"", "*", "title:", "city:", "source:", "year:",
            "scope:", "district:", "hoang*", "thanh*", "city:(hanoi OR haiphong)", "year:2023-12",
            "scope:international", "source:PLVN", "hai phog",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..10).prop_map(|p| p.join(" "))
}

/// Meilisearch filter pieces.
fn filter_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(vec![
            "city", "district", "year", "month", "date", "source", "province_2025", "scope", "=",
            "!=", ">=", "<", "TO", "IN", "[", "]", ",", "AND", "OR", "NOT", "(", ")", "hanoi",
            "'Hải Phòng'", "\"Hoàng Mai\"", "2023", "2023-12", "2023-12-19", "PLVN", "EXISTS",
            "IS", "NULL",
        ])
        .prop_map(String::from),
        1 => "\\PC{1,4}",
    ];
    prop::collection::vec(piece, 0..14).prop_map(|p| p.join(" "))
}

fn assert_offsets(text: &str, from: usize, to: usize) -> Result<(), TestCaseError> {
    prop_assert!(
        from <= to && to <= text.len(),
        "{}..{} in {:?}",
        from,
        to,
        text
    );
    prop_assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
    Ok(())
}

fn check_article(article: &Article) -> Result<(), TestCaseError> {
    if let Some(d) = article.date {
        prop_assert!((1900..=2100).contains(&d.year()));
    }
    if let Some(url) = &article.url {
        let lower = url.to_ascii_lowercase();
        prop_assert!(
            lower.starts_with("http://") || lower.starts_with("https://"),
            "{}",
            url
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn analyzer_offsets_stay_on_char_boundaries(text in text(24)) {
        for analyzer in Analyzer::ALL {
            let mut analyzer = analyzer.text_analyzer();
            let mut stream = analyzer.token_stream(&text);
            while stream.advance() {
                let token = stream.token();
                assert_offsets(&text, token.offset_from, token.offset_to)?;
            }
        }
    }

    /// The folded form skips tone placement because folding removes every
    /// tone mark: folding the exact form must give the same text.
    #[test]
    fn folding_the_exact_form_is_the_folded_form(text in text(24)) {
        let folded = vnsearch::analysis::normalize(&text, vnsearch::analysis::Form::Folded);
        let exact = vnsearch::analysis::normalize(&text, vnsearch::analysis::Form::Exact);
        prop_assert_eq!(vnsearch::analysis::normalize(&exact, vnsearch::analysis::Form::Folded), folded);
    }

    /// `has_diacritics` scans characters; it must answer exactly whether
    /// the two normalized forms differ.
    #[test]
    fn has_diacritics_is_whether_the_forms_differ(text in prop_oneof![text(12), "\\PC{0,12}"]) {
        use vnsearch::analysis::{has_diacritics, normalize, Form};
        prop_assert_eq!(
            has_diacritics(&text),
            normalize(&text, Form::Folded) != normalize(&text, Form::Exact),
            "{:?}", text
        );
    }

    #[test]
    fn dates_are_plausible_and_in_the_text(
        text in prop_oneof![
            text(8),
            "[0-9]{1,4}[/.\\- ]{1,2}[0-9]{1,2}[/.\\- ]{1,2}[0-9]{2,5}( [0-9]{1,2}[:hg][0-9]{2})?",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?",
            "ngày [0-9]{1,2} tháng [0-9]{1,2},? năm [0-9]{4}",
        ]
    ) {
        if let Some(found) = date::find_date(&text) {
            assert_offsets(&text, found.start, found.end)?;
            prop_assert!((1900..=2100).contains(&found.date.year()));
        }
        for (d, _) in [date::parse_date(&text), date::dateline(&text)].into_iter().flatten() {
            prop_assert!((1900..=2100).contains(&d.year()));
        }
        if let Some(year) = date::infer_year(&text) {
            prop_assert!((1950..=2049).contains(&year));
        }
    }

    #[test]
    fn text_articles_extract_coherently(text in text(60)) {
        let article = ingest::article_from_text("p".into(), "p.txt".into(), &text, Gazetteer::get());
        check_article(&article)?;
        let (lead, rest) = ingest::split_lead(&article.body);
        prop_assert!(lead.len() + rest.len() <= article.body.len());
    }

    #[test]
    fn json_records_extract_or_are_refused(
        title in prop::option::of(text(6)),
        body in prop::option::of(text(30)),
        date in prop::option::of(prop_oneof![
            "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}\\+07:00)?",
            "[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}", "\\PC{0,12}",
        ]),
        url in prop::option::of(prop_oneof![
            "https?://[a-z]{1,8}\\.vn/[a-z0-9-]{0,12}", "(javascript|data|HTTP|ftp):[a-z()]{0,10}",
        ]),
        city in prop::option::of(prop::sample::select(vec!["Hà Nội", "haiphong", "Bến Tre", "Atlantis", ""])),
        key in prop::sample::select(vec!["text", "body", "content"]),
        numbers in any::<bool>(),
    ) {
        let mut record = serde_json::Map::new();
        record.insert("id".into(), if numbers { json!(7) } else { json!("r1") });
        if let Some(t) = title { record.insert("title".into(), json!(t)); }
        if let Some(b) = body { record.insert(key.into(), json!(b)); }
        if let Some(d) = date { record.insert("date".into(), json!(d)); }
        if let Some(u) = url { record.insert("url".into(), json!(u)); }
        if let Some(c) = city { record.insert("city".into(), json!(c)); }
        let value = Value::Object(record);
        if let Ok(article) = ingest::article_from_json(&value, "f#1".into(), "f.jsonl".into(), Gazetteer::get()) {
            check_article(&article)?;
        }
    }

    #[test]
    fn gazetteer_evidence_is_the_words_at_its_position(
        title in text(8), lead in text(20), body in text(40), name in text(3),
    ) {
        let gazetteer = Gazetteer::get();
        let province = gazetteer.province(&name);
        let _ = gazetteer.province_2025(&name);
        let _ = gazetteer.suggest(&name, 3);
        let _ = gazetteer.district(&name, province.map(|p| p.name.as_str()));
        for city in [None, province] {
            let locality = gazetteer.locate_within(&title, &lead, &body, city);
            if let Some(evidence) = &locality.evidence {
                let (zone, offset) = match evidence.zone {
                    Zone::Title => (&title, 0),
                    Zone::Lead => (&lead, 0),
                    Zone::Body => (&body, lead.len()),
                };
                let at = evidence.position - offset;
                prop_assert_eq!(zone.get(at..at + evidence.text.len()), Some(evidence.text.as_str()));
            }
        }
    }

    #[test]
    fn meili_filters_parse_or_are_refused(text in filter_text()) {
        let _ = filter::parse(&text);
        let _ = filter::parse_value(&json!([text.clone(), [text.clone(), "city = hanoi"]]));
    }
}

proptest! {
    // Each case runs real searches: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn queries_parse_and_build_or_are_refused(
        queries in prop::collection::vec((query(), any::<u8>()), 8),
    ) {
        let dir = common::seed_index();
        let (index, searcher) = open(&dir);
        for (text, options) in queries {
            if search::parse_query(&text).is_err() {
                continue;
            }
            let mut request = SearchRequest::new(text.as_str());
            request.mode = if options & 1 == 0 { MatchMode::All } else { MatchMode::Any };
            request.typos = if options & 2 == 0 { Typos::On } else { Typos::Off };
            request.sort = [SortOrder::Relevance, SortOrder::Date, SortOrder::DateDescending][(options as usize >> 2) % 3];
            request.explain = options & 16 != 0;
            if let Ok(results) = search::page(&index, &searcher, &request) {
                prop_assert!(results.hits.len() <= results.total.min(request.limit));
            }
        }
    }

    #[test]
    fn meili_requests_parse_and_answer_or_are_refused(
        requests in prop::collection::vec((
            query(), filter_text(), 0u64..40, prop::option::of(0u64..5),
            prop::sample::select(vec!["body", "body:3", "title:0", "*", "nope"]),
            prop::sample::select(vec!["date:asc", "date:desc", "title:asc", ""]),
            any::<bool>(),
        ), 4),
    ) {
        let dir = common::seed_index();
        let engine = Engine::open(&dir.path().join("index")).unwrap();
        for (q, f, limit, page, crop, sort, flags) in requests {
            let mut body = json!({
                "q": q, "filter": f, "limit": limit, "attributesToCrop": [crop], "cropLength": limit,
                "sort": [sort], "facets": ["city", "year"], "attributesToHighlight": ["*"],
                "showMatchesPosition": flags, "showRankingScore": flags,
            });
            if let Some(page) = page {
                body["page"] = json!(page);
                body["hitsPerPage"] = json!(limit);
                body.as_object_mut().unwrap().remove("limit");
            }
            for origin in [Origin::Search, Origin::MultiSearch, Origin::Federated] {
                let _ = SearchParams::from_json(&body, origin);
            }
            if let Ok(params) = SearchParams::from_json(&body, Origin::Search) {
                let _ = meili_search::search(&engine, &params);
            }
            let query_string: String = form_urlencoded_pairs(&q, &f, limit);
            if let Ok(params) = SearchParams::from_query_string(Some(&query_string)) {
                let _ = meili_search::search(&engine, &params);
            }
        }
    }
}

/// A `GET …/search` query string (percent-encoded by hand: the tests do not
/// depend on an URL crate).
fn form_urlencoded_pairs(q: &str, filter: &str, limit: u64) -> String {
    let encode = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "q={}&filter={}&limit={limit}&facets=city,year",
        encode(q),
        encode(filter)
    )
}
