//! Articles written to hurt: a gzip bomb, a line far over the per-line
//! limit, a headline of 100,000 combining marks, markup and `javascript:`
//! addresses in the text and the `url` field, and spreadsheet formulas in
//! the fields a CSV export carries. Indexing skips what it must with a
//! warning naming the file and line and indexes the rest; the API and the
//! page never emit the markup unescaped or a `javascript:` link; CSV
//! exports neutralise formulas unless `--raw-csv` / `raw_csv=true`.

mod common;

use std::io::Write;

use common::*;
use serde_json::json;
use tempfile::TempDir;

/// A JSON Lines article with a word (`marker`) to find it by.
fn article(id: &str, title: &str, text: &str) -> String {
    json!({"id": id, "title": title, "text": text, "date": "2024-03-01"}).to_string()
}

/// `DIR/corpus` holding `files`, indexed into `DIR/index`; returns the
/// indexing run's output (which must succeed).
fn index_files(files: &[(&str, Vec<u8>)]) -> (TempDir, String) {
    let dir = TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    for (name, bytes) in files {
        std::fs::write(corpus.join(name), bytes).unwrap();
    }
    let output = vnsearch()
        .arg("index")
        .arg(&corpus)
        .arg("--index")
        .arg(index_path(&dir))
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(output.status.success(), "indexing failed: {err}");
    assert!(!err.contains("panicked"), "{err}");
    (dir, err)
}

fn good_file() -> (&'static str, Vec<u8>) {
    (
        "good.jsonl",
        format!(
            "{}\n",
            article("good-1", "Hải Phòng tổng kết năm", "Nội dung về lục bình.")
        )
        .into_bytes(),
    )
}

/// `member` (one gzip member) repeated `times`: gzip readers inflate each
/// in turn, so a few hundred kilobytes stand for gigabytes.
fn repeated_gzip(plain_chunk: &[u8], times: usize) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(plain_chunk).unwrap();
    let member = gz.finish().unwrap();
    member.repeat(times)
}

#[test]
fn gzip_bomb_of_zeros_is_stopped_and_the_rest_indexed() {
    // 64 MiB of zeros × 64 = 4 GiB inflated, from about 4 MB on disk.
    let bomb = repeated_gzip(&vec![0u8; 64 << 20], 64);
    assert!(bomb.len() < 8 << 20, "{}", bomb.len());
    let (dir, err) = index_files(&[("bomb.jsonl.gz", bomb), good_file()]);
    assert!(
        err.contains("bomb.jsonl.gz:1:") && err.contains("gzip bomb"),
        "{err}"
    );
    let results = search_json(&index_path(&dir), &["lục bình"]);
    assert_eq!(ids(&results), ["good-1"]);
}

#[test]
fn gzip_bomb_of_articles_is_stopped() {
    // A short article repeated: every line valid, inflating to ~4 GiB.
    let line = format!("{}\n", article("", "Tin ngắn", "bom"));
    let chunk = line.repeat((64 << 20) / line.len());
    let bomb = repeated_gzip(chunk.as_bytes(), 64);
    let (dir, err) = index_files(&[("lines.jsonl.gz", bomb), good_file()]);
    assert!(
        err.contains("lines.jsonl.gz:") && err.contains("gzip bomb"),
        "{err}"
    );
    // Stopped after a few megabytes: far fewer than the 170 million lines.
    let count = json_on(
        &index_path(&dir),
        &["count", "bom", "--by", "year", "--json"],
    );
    let total = count["total"].as_u64().unwrap();
    assert!(total < 500_000, "{total} articles indexed from the bomb");
    assert_eq!(
        ids(&search_json(&index_path(&dir), &["lục bình"])),
        ["good-1"]
    );
}

#[test]
fn a_line_over_the_limit_is_skipped_with_its_number() {
    // `MAX_RECORD_BYTES` (20 MiB, documented in the README) plus a bit.
    let huge = "a".repeat(21 << 20);
    let text = format!(
        "{}\n{}\n{}\n",
        article("before", "Trước", "lục bình trước"),
        article("huge", "Lớn", &huge),
        article("after", "Sau", "lục bình sau"),
    );
    let (dir, err) = index_files(&[("big.jsonl", text.into_bytes())]);
    assert!(
        err.contains("big.jsonl:2: line is over 20.0 MB (21.0 MB read); skipped"),
        "{err}"
    );
    let results = search_json(&index_path(&dir), &["lục bình"]);
    assert_eq!(sorted(ids(&results)), ["after", "before"]);
}

#[test]
fn a_title_of_combining_marks_is_tamed() {
    let title = format!("Lục bình{}", "\u{0301}".repeat(100_000));
    let text = article("marks", &title, "Nội dung về lục bình trên sông.");
    let (dir, err) = index_files(&[("marks.jsonl", format!("{text}\n").into_bytes())]);
    assert!(
        err.contains("marks.jsonl:1:") && err.contains("combining marks"),
        "{err}"
    );
    let index = index_path(&dir);
    let results = search_json(&index, &["lục bình"]);
    assert_eq!(ids(&results), ["marks"]);
    let shown = json_on(&index, &["show", "marks", "--json"]);
    let stored = shown["title"].as_str().unwrap();
    assert!(stored.starts_with("Lục bình"), "{stored}");
    assert!(
        stored.chars().count() < 20,
        "{} chars",
        stored.chars().count()
    );
}

const SCRIPT: &str = "<script>document.title='pwned-script'</script>";
const IMG: &str = "\"><img src=x onerror=\"document.title='pwned-img'\">";

/// An article made of markup and `javascript:` addresses.
pub fn hostile_article() -> String {
    json!({
        "id": "hostile",
        "title": format!("{SCRIPT} Lục bình {IMG}"),
        "text": format!(
            "Lục bình trôi {SCRIPT} trên sông {IMG} xem <a href=\"javascript:alert(1)\">đây</a> javascript:alert(2)"
        ),
        "url": "javascript:alert(document.domain)",
        "source": "<b onmouseover=alert(3)>Báo lạ</b>",
        "date": "2024-03-01",
    })
    .to_string()
}

fn assert_no_markup(what: &str, text: &str) {
    for bad in [
        "<script>document",
        "<img",
        "href=\"javascript",
        "onerror=\"doc",
        "<b onmouseover",
    ] {
        assert!(!text.contains(bad), "{what} contains `{bad}`: {text}");
    }
}

#[test]
fn markup_in_articles_is_never_emitted_as_markup() {
    let (dir, err) = index_files(&[(
        "hostile.jsonl",
        format!("{}\n", hostile_article()).into_bytes(),
    )]);
    assert!(
        err.contains("hostile.jsonl:1: hostile: url `javascript:alert(document.domain)` is not an http(s) address; dropped"),
        "{err}"
    );
    let index = index_path(&dir);
    let results = search_json(&index, &["lục bình"]);
    assert_eq!(ids(&results), ["hostile"]);
    let hit = &results["hits"][0];
    // The `url` field: a javascript: address is dropped, not passed on.
    assert_eq!(hit["url"], serde_json::Value::Null);
    // Snippets are HTML: escaped, with only <b> added.
    let snippet = hit["snippet"].as_str().unwrap();
    assert_no_markup("snippet", snippet);
    assert!(snippet.contains("&lt;script&gt;"), "{snippet}");
    let shown = json_on(
        &index,
        &["show", "hostile", "--json", "--highlight", "lục bình"],
    );
    assert_eq!(shown["url"], serde_json::Value::Null);
    assert_no_markup(
        "body_highlighted",
        shown["body_highlighted"].as_str().unwrap(),
    );

    let server = Server::start(&index);
    let api = server.json("/api/search?q=l%E1%BB%A5c+b%C3%ACnh", 200);
    assert_eq!(api["hits"][0]["url"], serde_json::Value::Null);
    assert_no_markup("API snippet", api["hits"][0]["snippet"].as_str().unwrap());
    // The Meilisearch API gives text as Meilisearch does (its clients
    // escape it); the address is dropped there too.
    let meili = server.json("/indexes/articles/search?q=l%E1%BB%A5c+b%C3%ACnh", 200);
    assert_eq!(meili["hits"][0]["id"], "hostile");
    assert_eq!(meili["hits"][0]["url"], serde_json::Value::Null);
    for (path, what) in [
        ("/?q=l%E1%BB%A5c+b%C3%ACnh", "results page"),
        ("/articles/hostile?q=l%E1%BB%A5c+b%C3%ACnh", "article page"),
    ] {
        let (status, kind, html) = server.get(path);
        assert_eq!(status, 200, "{what}");
        assert!(kind.starts_with("text/html"), "{what}: {kind}");
        assert_no_markup(what, &html);
        assert!(
            !html.contains("javascript:alert(document"),
            "{what}: {html}"
        );
        assert!(html.contains("&lt;script&gt;"), "{what} shows the text");
    }
}

/// A corpus whose titles and outlet are spreadsheet formulas.
fn formula_index() -> TempDir {
    let lines = [
        json!({"id": "f1", "title": "=HYPERLINK(\"http://evil.example\",\"Lục bình\")", "text": "lục bình một", "source": "=cmd|' /C calc'!A0", "date": "2024-03-01"}),
        json!({"id": "f2", "title": "+84 lục bình", "text": "lục bình hai", "source": "@SUM(1+1)", "date": "2024-03-02"}),
        json!({"id": "f3", "title": "-2+3 lục bình", "text": "lục bình ba", "source": "-x Báo", "date": "2024-03-03"}),
        json!({"id": "f4", "title": "Lục bình thường", "text": "lục bình bốn", "source": "Báo Dân trí", "date": "2024-03-04"}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    index_files(&[("f.jsonl", text.into_bytes())]).0
}

/// The first cell of every row after the header whose id is `id`.
fn csv_row<'a>(csv: &'a str, id: &str) -> &'a str {
    csv.split("\r\n")
        .find(|row| row.starts_with(&format!("{id},")))
        .unwrap_or_else(|| panic!("no row {id} in {csv}"))
}

#[test]
fn csv_exports_neutralise_formulas() {
    let dir = formula_index();
    let index = index_path(&dir);
    let args = [
        "search",
        "lục bình",
        "--all",
        "--format",
        "csv",
        "--fields",
        "id,title,source",
    ];
    let out = run_on(&index, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv_row(&csv, "f1"),
        "f1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Lục bình\"\")\",'=cmd|' /C calc'!A0"
    );
    assert_eq!(csv_row(&csv, "f2"), "f2,'+84 lục bình,'@SUM(1+1)");
    assert_eq!(csv_row(&csv, "f3"), "f3,'-2+3 lục bình,'-x Báo");
    assert_eq!(csv_row(&csv, "f4"), "f4,Lục bình thường,Báo Dân trí");

    let mut raw_args = args.to_vec();
    raw_args.push("--raw-csv");
    let raw = String::from_utf8(run_on(&index, &raw_args).stdout).unwrap();
    assert_eq!(
        csv_row(&raw, "f1"),
        "f1,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Lục bình\"\")\",=cmd|' /C calc'!A0"
    );
    assert_eq!(csv_row(&raw, "f2"), "f2,+84 lục bình,@SUM(1+1)");

    // Counting per outlet: the outlet names are cells too.
    let count = run_on(&index, &["count", "lục bình", "--by", "source", "--csv"]);
    let count = String::from_utf8(count.stdout).unwrap();
    assert!(count.contains("\r\n'=cmd|' /C calc'!A0,1\r\n"), "{count}");
    assert!(count.contains("\r\n'@SUM(1+1),1\r\n"), "{count}");
    let count_raw = run_on(
        &index,
        &["count", "lục bình", "--by", "source", "--csv", "--raw-csv"],
    );
    let count_raw = String::from_utf8(count_raw.stdout).unwrap();
    assert!(count_raw.contains("\r\n@SUM(1+1),1\r\n"), "{count_raw}");

    let server = Server::start(&index);
    let query = "q=l%E1%BB%A5c+b%C3%ACnh&format=csv&fields=id,title,source";
    let (status, _, csv) = server.get(&format!("/api/export?{query}"));
    assert_eq!(status, 200);
    assert_eq!(csv_row(&csv, "f2"), "f2,'+84 lục bình,'@SUM(1+1)");
    let (_, _, raw) = server.get(&format!("/api/export?{query}&raw_csv=true"));
    assert_eq!(csv_row(&raw, "f2"), "f2,+84 lục bình,@SUM(1+1)");
}
