//! Crash consistency of `vnsearch index`, the cheap version for CI: an
//! update of a few hundred real articles (some removed, some added, some
//! edited) killed with SIGKILL at five moments spread over its duration.
//! After each kill the index must open, searches must answer and the
//! documents must be exactly the old set or exactly the new set; the next
//! run must finish the update. `bench/crash.py` is the full measurement
//! (20 random kill points over thousands of articles, and a server reading
//! throughout).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Sorted (id, headline) of every document: an edit changes the headline,
/// so an edited article counts as a different document.
fn documents(index: &Path) -> Vec<(String, String)> {
    let output = run_on(
        index,
        &[
            "search", "*", "--all", "--format", "jsonl", "--fields", "id,title",
        ],
    );
    assert!(
        output.status.success(),
        "the index does not open after the kill: {}",
        stderr(&output)
    );
    let mut docs: Vec<(String, String)> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            (
                record["id"].as_str().unwrap().to_string(),
                record["title"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    docs.sort();
    docs
}

fn write_version(corpus: &Path, files: &[(&str, Vec<serde_json::Value>)]) {
    if corpus.exists() {
        std::fs::remove_dir_all(corpus).unwrap();
    }
    std::fs::create_dir_all(corpus).unwrap();
    for (name, records) in files {
        let text: String = records.iter().map(|r| format!("{r}\n")).collect();
        std::fs::write(corpus.join(name), text).unwrap();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    if to.exists() {
        std::fs::remove_dir_all(to).unwrap();
    }
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn update(corpus: &Path, index: &Path) -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("vnsearch"));
    command
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(["--memory", "1"])
        .env_remove("VNSEARCH_INDEX")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[test]
fn a_killed_update_leaves_the_old_or_the_new_documents() {
    let dir = tempfile::TempDir::new().unwrap();
    let slice = dir.path().join("news.jsonl");
    news_slice(&slice, 800);
    let articles: Vec<serde_json::Value> = std::fs::read_to_string(&slice)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let part = |i: usize| articles[i * 200..(i + 1) * 200].to_vec();
    let edited: Vec<serde_json::Value> = part(1)
        .into_iter()
        .enumerate()
        .map(|(i, mut a)| {
            if i % 4 == 0 {
                let title = format!("{} (bản sửa)", a["title"].as_str().unwrap_or(""));
                a["title"] = title.into();
            }
            a
        })
        .collect();
    let kept: Vec<serde_json::Value> = part(2).into_iter().step_by(2).collect();

    // Old: a, b, c. New: a unchanged, b edited, c halved, d new.
    let corpus = dir.path().join("corpus");
    let template = dir.path().join("old-index");
    write_version(
        &corpus,
        &[
            ("a.jsonl", part(0)),
            ("b.jsonl", part(1)),
            ("c.jsonl", part(2)),
        ],
    );
    let built = update(&corpus, &template).status().unwrap();
    assert!(built.success());
    let old = documents(&template);
    write_version(
        &corpus,
        &[
            ("a.jsonl", part(0)),
            ("b.jsonl", edited),
            ("c.jsonl", kept),
            ("d.jsonl", part(3)),
        ],
    );

    // The update once, uninterrupted: how long it takes and what it gives.
    let index = dir.path().join("index");
    copy_dir(&template, &index);
    let started = Instant::now();
    assert!(update(&corpus, &index).status().unwrap().success());
    let window = started.elapsed();
    let new = documents(&index);
    assert_eq!(old.len(), 600);
    assert_eq!(new.len(), 700);
    assert_ne!(old, new);

    let mut outcomes = Vec::new();
    for fraction in [0.05, 0.25, 0.45, 0.65, 0.85] {
        copy_dir(&template, &index);
        let mut child = update(&corpus, &index).spawn().unwrap();
        let kill_at = Instant::now() + window.mul_f64(fraction);
        let finished = loop {
            if child.try_wait().unwrap().is_some() {
                break true;
            }
            if Instant::now() >= kill_at {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                break false;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        let docs = documents(&index);
        let state = if docs == old {
            "old"
        } else if docs == new {
            "new"
        } else {
            panic!(
                "killed at {fraction} of the update: {} documents, neither the old {} nor the new {}",
                docs.len(),
                old.len(),
                new.len()
            );
        };
        for args in [
            &["search", "dân vận", "--json"][..],
            &["search", "ha noi", "--city", "Hà Nội", "--json"],
            &["count", "*", "--by", "year", "--json"],
        ] {
            let output = run_on(&index, args);
            assert!(
                output.status.success(),
                "{args:?} after a kill: {}",
                stderr(&output)
            );
        }
        // The next run finishes the update.
        assert!(update(&corpus, &index).status().unwrap().success());
        assert_eq!(documents(&index), new, "the update after a kill");
        outcomes.push(format!(
            "{fraction}: {state}{}",
            if finished { " (finished first)" } else { "" }
        ));
    }
    eprintln!(
        "update window {:.2} s; kills: {}",
        window.as_secs_f64(),
        outcomes.join(", ")
    );
}
