//! Researcher lookups through the real binary: the query language, counts,
//! `show`, exports with citations, sorting and paging, the 2025 map.

mod common;

use common::*;
use std::io::Read;
use std::process::{Command as StdCommand, Stdio};

const HOANG_MAI_SEED: &str = "004_8c31f129d15c69f0";
const BEN_TRE_SEED: &str = "002_f24ad079690c9dd4";

fn run(index: &std::path::Path, args: &[&str]) -> std::process::Output {
    run_on(index, args)
}

fn stdout(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{}", stderr(output));
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn query_language_operators() {
    let dir = seed_index();
    let index = index_path(&dir);
    let all = sorted(ids(&search_json(&index, &["dân vận"])));
    let without = sorted(ids(&search_json(&index, &["dân vận -khéo"])));
    let not = sorted(ids(&search_json(&index, &["dân vận NOT khéo"])));
    assert_eq!(without, not);
    let with = sorted(ids(&search_json(&index, &["dân vận khéo"])));
    assert_eq!(without.len() + with.len(), all.len());
    assert!(without.iter().all(|id| !with.contains(id)));

    let either = sorted(ids(&search_json(&index, &["\"Hoàng Mai\" OR \"Bến Tre\""])));
    assert_eq!(
        either,
        sorted(vec![BEN_TRE_SEED.into(), HOANG_MAI_SEED.into()])
    );
    let grouped = sorted(ids(&search_json(
        &index,
        &["(hoang mai OR ben tre) dan van"],
    )));
    assert_eq!(grouped, either);

    let in_title = ids(&search_json(&index, &["title:\"hoàng mai\""]));
    assert_eq!(in_title, vec![HOANG_MAI_SEED]);
    let city = ids(&search_json(&index, &["dân vận city:hanoi"]));
    assert_eq!(city, vec![HOANG_MAI_SEED]);
    let district = ids(&search_json(
        &index,
        &["dân vận district:\"Quận Hoàng Mai\""],
    ));
    assert_eq!(district, vec![HOANG_MAI_SEED]);
    let year = sorted(ids(&search_json(&index, &["dân vận year:2024"])));
    assert_eq!(year, vec![BEN_TRE_SEED]);
    let prefix = sorted(ids(&search_json(&index, &["hoang*"])));
    assert!(prefix.contains(&HOANG_MAI_SEED.to_string()));
}

#[test]
fn query_errors_point_at_the_position() {
    let dir = seed_index();
    let index = index_path(&dir);
    for (query, expected) in [
        ("(dân vận", "the `(` at column 1 is never closed"),
        ("dân vận)", "column 8"),
        ("dân OR", "column 7: expected a word"),
        ("titel:dân", "unknown field `titel:`"),
        ("city:Atlantis", "unknown city `Atlantis`"),
    ] {
        let output = run(&index, &["search", query]);
        assert_eq!(output.status.code(), Some(2), "{query}");
        let err = stderr(&output);
        assert!(err.contains(expected), "{query}: {err}");
    }
}

#[test]
fn abbreviations_and_numbers_match_either_way() {
    let dir = seed_index();
    let index = index_path(&dir);
    // The Hoàng Mai seed writes "1.431".
    assert_eq!(ids(&search_json(&index, &["1431"])), vec![HOANG_MAI_SEED]);
    assert_eq!(ids(&search_json(&index, &["1.431"])), vec![HOANG_MAI_SEED]);
    // "Mặt trận Tổ quốc" and "MTTQ" both occur in the seeds.
    let short = sorted(ids(&search_json(&index, &["MTTQ"])));
    let long = sorted(ids(&search_json(&index, &["Mặt trận Tổ quốc"])));
    let literal_long = sorted(ids(&search_json(&index, &["\"Mặt trận Tổ quốc\""])));
    let literal_short: Vec<String> = sorted(ids(&search_json(&index, &["title:MTTQ OR MTTQ"])));
    assert_eq!(short, long);
    for id in literal_long.iter().chain(&literal_short) {
        assert!(short.contains(id), "{id}");
    }
}

#[test]
fn counts_by_city_and_year() {
    let dir = seed_index();
    let index = index_path(&dir);
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(
        &index,
        &["count", "dân vận", "--by", "city", "--json"],
    )))
    .unwrap();
    assert_eq!(json["total"], 5);
    let rows = json["rows"].as_array().unwrap();
    let sum: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(sum + json["unassigned"].as_u64().unwrap(), 5);
    assert_eq!(rows[0]["city"], "Hải Phòng");
    assert_eq!(rows[0]["count"], 3);

    let crossed: serde_json::Value = serde_json::from_str(&stdout(&run(
        &index,
        &["count", "dân vận", "--by", "city", "--by", "year", "--json"],
    )))
    .unwrap();
    let rows = crossed["rows"].as_array().unwrap();
    assert!(rows
        .iter()
        .any(|r| r["city"] == "Hải Phòng" && r["year"] == "2023" && r["count"] == 1));
    assert!(rows
        .iter()
        .any(|r| r["city"] == "Hải Phòng" && r["year"] == "2022" && r["count"] == 1));

    let csv = stdout(&run(&index, &["count", "dân vận", "--by", "year", "--csv"]));
    assert!(csv.starts_with("year,count\r\n"), "{csv}");
    let text = stdout(&run(&index, &["count", "dân vận", "--by", "city"]));
    assert!(text.contains("Hải Phòng") && text.contains('█'), "{text}");

    let bad = run(&index, &["count", "dân vận", "--by", "weather"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("weather"));
}

#[test]
fn show_prints_the_whole_article() {
    let dir = seed_index();
    let index = index_path(&dir);
    let text = stdout(&run(
        &index,
        &["show", HOANG_MAI_SEED, "--highlight", "dan van kheo"],
    ));
    assert!(
        text.contains("Quận Hoàng Mai xây dựng được 1.431 mô hình"),
        "{text}"
    );
    assert!(text.contains("[Dân vận khéo]"), "{text}");
    assert!(text.contains("original text"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&index, &["show", HOANG_MAI_SEED, "--json"]))).unwrap();
    assert_eq!(json["id"], HOANG_MAI_SEED);
    assert_eq!(json["city"], "Hà Nội");
    assert!(json["original"].as_str().unwrap().contains("Báo Hànộimới"));
    assert_eq!(json["scope"], "local");
    for absent in ["district_full", "district_code", "warnings"] {
        assert!(json.get(absent).is_none(), "{absent} is not stored");
    }
    let missing = run(&index, &["show", "no-such-id"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("no article with id `no-such-id`"));
}

/// Regression: `show` found the original of JSON Lines records only under
/// `text`; ingestion also reads `body` and `content`.
#[test]
fn show_finds_the_original_under_every_text_key() {
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("crawl.jsonl");
    std::fs::write(
        &corpus,
        concat!(
            r#"{"id":"t","title":"Một","text":"Nội dung dưới text."}"#,
            "\n",
            r#"{"id":"b","title":"Hai","body":"Nội dung dưới body."}"#,
            "\n",
            r#"{"id":"c","title":"Ba","content":"Nội dung dưới content."}"#,
            "\n",
        ),
    )
    .unwrap();
    let index = dir.path().join("index");
    common::build_index(&corpus, &index);
    for (id, key) in [("t", "text"), ("b", "body"), ("c", "content")] {
        let json: serde_json::Value =
            serde_json::from_str(&stdout(&run(&index, &["show", id, "--json"]))).unwrap();
        assert_eq!(json["original"], format!("Nội dung dưới {key}."), "{id}");
    }
}

/// Regression: a word found after a phrase or an abbreviation's expansion
/// made the earlier highlight disappear.
#[test]
fn highlights_keep_every_part_of_a_mixed_query() {
    let dir = seed_index();
    let index = index_path(&dir);
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(
        &index,
        &[
            "show",
            HOANG_MAI_SEED,
            "--json",
            "--highlight",
            "UBND \"dân vận\" Hoàng Mai",
        ],
    )))
    .unwrap();
    let marked = json["body_highlighted"].as_str().unwrap();
    for part in ["<b>Hoàng Mai</b>", "<b>Dân vận</b>"] {
        assert!(marked.contains(part), "{part} missing");
    }
    let body = json["body"].as_str().unwrap();
    if body.contains("UBND") {
        assert!(marked.contains("<b>UBND</b>"));
    }
}

#[test]
fn exports_every_match_with_citations() {
    let dir = seed_index();
    let index = index_path(&dir);
    let total = search_json(&index, &["dân vận", "--limit", "1"])["total"]
        .as_u64()
        .unwrap();
    let jsonl = stdout(&run(
        &index,
        &["search", "dân vận", "--all", "--format", "jsonl", "--cite"],
    ));
    let rows: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len() as u64, total);
    for row in &rows {
        for key in [
            "id",
            "title",
            "date",
            "source",
            "city",
            "district",
            "province_2025",
            "url",
            "path",
            "score",
            "snippet",
            "citation",
        ] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
    }
    let csv = stdout(&run(
        &index,
        &[
            "search",
            "dân vận",
            "--all",
            "--format",
            "csv",
            "--fields",
            "id,title,citation",
        ],
    ));
    let mut lines = csv.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(lines.next(), Some("id,title,citation"));
    // Titles with commas are quoted (RFC 4180).
    assert!(
        csv.contains("\"Hải Phòng: Tiếp tục đổi mới, nâng cao hiệu quả công tác dân vận\""),
        "{csv}"
    );
    let bad = run(
        &index,
        &[
            "search",
            "dân vận",
            "--format",
            "csv",
            "--fields",
            "id,colour",
        ],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("unknown field `colour`"));
}

#[test]
fn sorting_and_paging_are_stable() {
    let dir = seed_index();
    let index = index_path(&dir);
    let by_date = search_json(&index, &["dân vận", "--sort", "date"]);
    let dates: Vec<String> = by_date["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str().map(str::to_string))
        .collect();
    let mut sorted_dates = dates.clone();
    sorted_dates.sort();
    assert_eq!(dates, sorted_dates);
    let newest = search_json(&index, &["dân vận", "--sort=-date", "--limit", "1"]);
    assert_eq!(newest["hits"][0]["id"], BEN_TRE_SEED);
    let all = ids(&search_json(&index, &["dân vận", "--limit", "5"]));
    let mut paged = Vec::new();
    for offset in 0..5 {
        paged.extend(ids(&search_json(
            &index,
            &["dân vận", "--limit", "1", "--offset", &offset.to_string()],
        )));
    }
    assert_eq!(paged, all);
    assert_eq!(
        ids(&search_json(&index, &["dân vận", "--limit", "5"])),
        all,
        "same order on every run"
    );
}

#[test]
fn the_2025_map_filter() {
    let dir = seed_index();
    let index = index_path(&dir);
    let vinh_long = search_json(&index, &["dân vận", "--province-2025", "Vĩnh Long"]);
    assert_eq!(ids(&vinh_long), vec![BEN_TRE_SEED]);
    assert_eq!(vinh_long["hits"][0]["city"], "Bến Tre");
    assert_eq!(vinh_long["hits"][0]["province_2025"], "Vĩnh Long");
    // --city keeps meaning the place as written at publication.
    assert!(ids(&search_json(&index, &["dân vận", "--city", "Vĩnh Long"])).is_empty());
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let dir = seed_index();
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("vnsearch"))
        .args(["search", "dân", "--all", "--format", "jsonl", "--index"])
        .arg(index_path(&dir))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        status.success() || status.code() == Some(0),
        "{status:?} {err}"
    );
}

/// On a slice of the real news corpus in ../shared (required: the test
/// fails, naming the file, when it is absent): counts add up, exports are
/// complete, phrases are really phrases.
#[test]
fn consistency_on_real_news() {
    use std::io::{BufRead, BufReader, Write};
    let source = shared_news();
    let dir = tempfile::TempDir::new().unwrap();
    let slice = dir.path().join("news-slice.jsonl");
    {
        let reader = BufReader::new(flate2::read::GzDecoder::new(
            std::fs::File::open(&source).unwrap(),
        ));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&slice).unwrap());
        // Every 25th of the first 50,000 lines: all the collections in it.
        for line in reader.lines().take(50_000).step_by(25) {
            writeln!(out, "{}", line.unwrap()).unwrap();
        }
    }
    let index = dir.path().join("index");
    vnsearch()
        .arg("index")
        .arg(&slice)
        .arg("--index")
        .arg(&index)
        .assert()
        .success();

    for query in ["ủy ban nhân dân", "thanh pho", "\"hội đồng nhân dân\""] {
        let total = search_json(&index, &[query, "--limit", "1"])["total"]
            .as_u64()
            .unwrap();
        assert!(total > 0, "{query}");
        let counts: serde_json::Value = serde_json::from_str(&stdout(&run(
            &index,
            &["count", query, "--by", "city", "--json"],
        )))
        .unwrap();
        let by_city: u64 = counts["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["count"].as_u64().unwrap())
            .sum();
        assert_eq!(
            by_city + counts["unassigned"].as_u64().unwrap(),
            total,
            "{query}"
        );
        let export = stdout(&run(
            &index,
            &[
                "search",
                query,
                "--all",
                "--format",
                "jsonl",
                "--fields",
                "id,title,body",
            ],
        ));
        let rows: Vec<serde_json::Value> = export
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            rows.len() as u64,
            total,
            "{query}: --all exports every match"
        );
        if query.starts_with('"') {
            let phrase = vnsearch::analysis::normalize(
                query.trim_matches('"'),
                vnsearch::analysis::Form::Folded,
            );
            for row in &rows {
                let text = format!(
                    "{} {}",
                    row["title"].as_str().unwrap(),
                    row["body"].as_str().unwrap()
                );
                let words: Vec<String> =
                    vnsearch::analysis::analyze(&text, vnsearch::analysis::Analyzer::Folded)
                        .into_iter()
                        .map(|t| t.text)
                        .collect();
                let joined = format!(" {} ", words.join(" "));
                // A quoted phrase also matches its abbreviation (issue 12).
                assert!(
                    joined.contains(&format!(" {phrase} ")) || joined.contains(" hdnd "),
                    "{} lacks the phrase",
                    row["id"]
                );
            }
        }
    }
}
