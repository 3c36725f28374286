//! `vnsearch eval` on a tiny hand-made relevance set whose figures are
//! computed by hand, and its error messages.

mod common;

use common::*;
use std::path::Path;

struct Set {
    dir: tempfile::TempDir,
}

impl Set {
    fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }
}

/// Three documents with ids that hold spaces, commas and `|`.
fn tiny_set(queries: &str, qrels: &str) -> Set {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("docs.jsonl"),
        concat!(
            "{\"id\": \"Luật A, 2020|1\", \"title\": \"Luật A\", \"text\": \"Quyền và nghĩa vụ của công dân về dân vận.\"}\n",
            "{\"id\": \"Luật B 2021|7\", \"title\": \"Luật B\", \"text\": \"Trách nhiệm của Ủy ban nhân dân cấp xã trong phòng chống ma túy.\"}\n",
            "{\"id\": \"Luật C|3\", \"title\": \"Luật C\", \"text\": \"Bảo vệ môi trường biển và hải đảo.\"}\n",
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("queries.jsonl"), queries).unwrap();
    std::fs::write(dir.path().join("qrels.tsv"), qrels).unwrap();
    Set { dir }
}

fn eval(set: &Set, extra: &[&str]) -> std::process::Output {
    vnsearch()
        .arg("eval")
        .arg("--docs")
        .arg(set.path("docs.jsonl"))
        .arg("--queries")
        .arg(set.path("queries.jsonl"))
        .arg("--qrels")
        .arg(set.path("qrels.tsv"))
        .arg("--cache")
        .arg(set.path("cache"))
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn figures_match_hand_computation() {
    // q1 finds its document first; q2's relevant document is not found at
    // all (no document mentions "thuế"); so MRR = (1 + 0) / 2.
    let set = tiny_set(
        "{\"id\": \"q1\", \"text\": \"trách nhiệm ủy ban nhân dân phòng chống ma túy\"}\n{\"id\": \"q2\", \"text\": \"thuế\"}\n",
        "q1\tLuật B 2021|7\t1\nq2\tLuật C|3\t1\n",
    );
    let output = eval(&set, &["--json", "--per-query"]);
    // --per-query needs a file: clap reports it.
    assert!(!output.status.success());
    let per_query = set.path("per-query.tsv");
    let output = eval(
        &set,
        &["--json", "--per-query", per_query.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["judged_queries"], 2);
    assert_eq!(report["docs"], 3);
    assert!(
        (report["mrr"].as_f64().unwrap() - 0.5).abs() < 1e-9,
        "{report}"
    );
    assert!((report["recall_100"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    let lines = std::fs::read_to_string(&per_query).unwrap();
    assert!(lines.contains("q1\t1\t"), "{lines}");
    assert!(lines.contains("q2\t-\t"), "{lines}");
    // Unaccented query, same answer; the second run reuses the cached index.
    std::fs::write(
        set.path("queries.jsonl"),
        "{\"id\": \"q1\", \"text\": \"trach nhiem uy ban nhan dan phong chong ma tuy\"}\n",
    )
    .unwrap();
    let output = eval(&set, &["--json"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["mrr"], 1.0);
    assert_eq!(report["index_reused"], true);
}

#[test]
fn unknown_ids_in_qrels_are_warned_about_and_counted() {
    let set = tiny_set(
        "{\"id\": \"q1\", \"text\": \"dân vận\"}\n",
        "q1\tLuật A, 2020|1\t1\nq1\tno such doc\t1\nq9\tLuật C|3\t1\n",
    );
    let output = eval(&set, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("unknown document id `no such doc`"), "{err}");
    assert!(err.contains("unknown query id `q9`"), "{err}");
    assert!(err.contains("qrels.tsv:2"), "{err}");
}

#[test]
fn bad_files_are_clear_errors() {
    let set = tiny_set(
        "{\"id\": \"q1\", \"text\": \"dân\"}\n{\"id\": \"q2\", \"text\": \n",
        "q1\tLuật C|3\t1\n",
    );
    let output = eval(&set, &[]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("queries.jsonl:2"), "{err}");

    let set = tiny_set("{\"id\": \"q1\", \"text\": \"dân\"}\n", "q1 Luật C|3 1\n");
    let err = stderr(&eval(&set, &[]));
    assert!(
        err.contains("qrels.tsv:1") && err.contains("tab-separated"),
        "{err}"
    );

    let set = tiny_set(
        "{\"id\": \"q1\", \"text\": \"dân\"}\n",
        "q1\tLuật C|3\tyes\n",
    );
    let err = stderr(&eval(&set, &[]));
    assert!(err.contains("grade `yes`"), "{err}");

    let output = vnsearch()
        .args([
            "eval",
            "--docs",
            "nope.jsonl",
            "--queries",
            "q",
            "--qrels",
            "r",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--docs `nope.jsonl` does not exist"));
    assert!(!Path::new("nope.jsonl").exists());
}
