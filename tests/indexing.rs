//! Building and updating indexes through the real binary: incremental
//! updates, interruption, a read-only corpus, a full disk.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::*;

fn copy_seeds(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(corpus()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn index_stdout(corpus: &Path, index: &Path, extra: &[&str]) -> String {
    let output = vnsearch()
        .arg("index")
        .arg(corpus)
        .arg("--index")
        .arg(index)
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn updates_add_change_and_remove_files() {
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    copy_seeds(&corpus);
    assert!(index_stdout(&corpus, &index, &[]).contains("indexed 5 articles from 5 files"));
    let again = index_stdout(&corpus, &index, &[]);
    assert!(
        again.contains("0 new, 0 changed, 5 unchanged, 0 removed"),
        "{again}"
    );

    // A changed file, a touched-but-equal file, a deleted one, a new one.
    std::thread::sleep(Duration::from_millis(20));
    let changed = corpus.join("001_2b3147db5cda446e.txt");
    let text = std::fs::read_to_string(&changed).unwrap();
    let edited = text.replacen(
        "Năm 2020, các cấp ủy",
        "Năm 2020, ở xóm Bướm Vàng, các cấp ủy",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&changed, edited).unwrap();
    let touched = corpus.join("000_19344bc9e478a924.txt");
    std::fs::write(&touched, std::fs::read(&touched).unwrap()).unwrap();
    std::fs::remove_file(corpus.join("002_f24ad079690c9dd4.txt")).unwrap();
    std::fs::write(
        corpus.join("moi.txt"),
        "Tin mới\n\nThị xã Hoàng Mai khánh thành cầu Bướm Vàng.\n",
    )
    .unwrap();

    let update = index_stdout(&corpus, &index, &[]);
    assert!(
        update.contains("1 new, 1 changed, 3 unchanged, 1 removed"),
        "{update}"
    );
    assert!(update.contains("2 articles added, 5 in all"), "{update}");
    let found = sorted(ids(&search_json(&index, &["bướm vàng"])));
    assert_eq!(found, vec!["001_2b3147db5cda446e", "moi"]);
    assert!(ids(&search_json(&index, &["Bến Tre"]))
        .iter()
        .all(|id| id != "002_f24ad079690c9dd4"));
    assert_eq!(
        search_json(&index, &["dân vận", "--limit", "1"])["total"],
        4
    );

    let rebuilt = index_stdout(&corpus, &index, &["--rebuild"]);
    assert!(
        rebuilt.contains("indexed 5 articles from 5 files"),
        "{rebuilt}"
    );
}

/// A mount made for one test, unmounted when dropped (also on a panic).
/// Tests run as root here and in CI; a mount that fails fails the test.
struct Mounted(PathBuf);

impl Mounted {
    fn run(args: &[&std::ffi::OsStr], why: &str) {
        let output = std::process::Command::new("mount")
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run mount(8) ({e}); {why}"));
        assert!(
            output.status.success(),
            "`mount {}` failed: {}; {why}",
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            stderr(&output).trim()
        );
    }

    /// A tmpfs of `size` (e.g. "3m") at `at`.
    fn tmpfs(at: &Path, size: &str) -> Mounted {
        let options = format!("size={size}");
        Self::run(
            &[
                "-t".as_ref(),
                "tmpfs".as_ref(),
                "-o".as_ref(),
                options.as_ref(),
                "tmpfs".as_ref(),
                at.as_os_str(),
            ],
            "this test needs root and mount(8) for a small tmpfs",
        );
        Mounted(at.to_owned())
    }

    /// `source` seen read-only at `at` (a read-only bind mount: even root
    /// cannot write through it, unlike `chmod 0o555`).
    fn read_only_bind(source: &Path, at: &Path) -> Mounted {
        const WHY: &str = "this test needs root and mount(8) for a read-only bind mount";
        Self::run(
            &["--bind".as_ref(), source.as_os_str(), at.as_os_str()],
            WHY,
        );
        let mounted = Mounted(at.to_owned());
        Self::run(
            &["-o".as_ref(), "remount,bind,ro".as_ref(), at.as_os_str()],
            WHY,
        );
        mounted
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

/// The child process is killed if the test fails while it runs.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Segments of `index` that a writer has finished writing (every
/// component file present) but `meta.json` does not list: proof that a
/// build is under way and has not committed.
fn uncommitted_segments(index: &Path, committed: &str) -> Vec<String> {
    const COMPONENTS: [&str; 6] = ["idx", "term", "pos", "store", "fast", "fieldnorm"];
    let mut files: std::collections::BTreeMap<String, usize> = Default::default();
    for entry in std::fs::read_dir(index).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some((id, ext)) = name.split_once('.') {
            if id.len() == 32 && COMPONENTS.contains(&ext) {
                *files.entry(id.to_owned()).or_default() += 1;
            }
        }
    }
    files
        .into_iter()
        .filter(|(id, n)| *n == COMPONENTS.len() && !committed.contains(&dashed(id)))
        .map(|(id, _)| id)
        .collect()
}

/// `0123…` as meta.json writes segment ids: `01234567-89ab-…`.
fn dashed(id: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &id[..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..]
    )
}

#[test]
fn a_killed_build_leaves_the_previous_index_searchable() {
    let dir = tempfile::TempDir::new().unwrap();
    // A few thousand real articles: many segments with the smallest memory
    // budget, and seconds of work after the first one is written.
    let slice = dir.path().join("news.jsonl");
    news_slice(&slice, 3000);
    let index = dir.path().join("index");
    index_stdout(&corpus(), &index, &[]);
    let before = sorted(ids(&search_json(&index, &["dân vận"])));
    let count = |index: &Path| search_json(index, &["*", "--limit", "1"])["total"].clone();
    assert_eq!(count(&index), 5);
    let meta = std::fs::read_to_string(index.join("meta.json")).unwrap();

    let mut child = KillOnDrop(
        std::process::Command::new(assert_cmd::cargo::cargo_bin("vnsearch"))
            .arg("index")
            .arg(&slice)
            .arg("--rebuild")
            .arg("--index")
            .arg(&index)
            .args(["--memory", "1"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    // Kill as soon as the run has written a whole new segment that is not
    // committed: the build is provably in progress, not a timer's guess.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    let written = loop {
        let new = uncommitted_segments(&index, &meta);
        if !new.is_empty() {
            break new;
        }
        if let Some(status) = child.0.try_wait().unwrap() {
            panic!("the build ended ({status}) before any uncommitted segment was seen");
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no uncommitted segment written within 120 s"
        );
        std::thread::sleep(Duration::from_millis(5));
    };
    child.0.kill().unwrap(); // SIGKILL
    eprintln!(
        "killed after {} uncommitted segments were written",
        written.len()
    );
    let status = child.0.wait().unwrap();
    assert!(!status.success(), "the build finished before it was killed");
    assert_eq!(
        std::fs::read_to_string(index.join("meta.json")).unwrap(),
        meta,
        "the killed build committed (uncommitted segments seen before the kill: {written:?})"
    );
    // The previous index opens and answers as before.
    assert_eq!(count(&index), 5);
    assert_eq!(sorted(ids(&search_json(&index, &["dân vận"]))), before);
    // And the next run can write again (the lock died with the process).
    index_stdout(&corpus(), &index, &[]);
    assert_eq!(count(&index), 5);
}

/// Root cannot be stopped by `chmod`, so the corpus is seen through a
/// read-only bind mount: any write into it (even a file made and removed
/// again) fails the build, and so the test.
#[test]
fn the_corpus_is_only_read() {
    let dir = tempfile::TempDir::new().unwrap();
    let seeds = dir.path().join("seeds");
    copy_seeds(&seeds);
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let _mounted = Mounted::read_only_bind(&seeds, &corpus);
    assert!(
        std::fs::write(corpus.join("probe"), "x").is_err(),
        "the bind mount at {} is writable",
        corpus.display()
    );
    let listing = |p: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing(&corpus);
    let out = index_stdout(&corpus, &dir.path().join("index"), &[]);
    assert!(out.contains("indexed 5 articles from 5 files"), "{out}");
    // An update reads the manifest and hashes again: still only reads.
    index_stdout(&corpus, &dir.path().join("index"), &[]);
    assert_eq!(
        listing(&corpus),
        before,
        "nothing is written next to the articles"
    );
}

/// A full disk during indexing is a clear error and the previous index
/// stays searchable. Needs root and mount(8) for a small tmpfs (as in CI);
/// fails, saying so, where it cannot mount.
#[test]
fn a_full_disk_keeps_the_previous_index() {
    let dir = tempfile::TempDir::new().unwrap();
    let mount = dir.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let _mounted = Mounted::tmpfs(&mount, "3m");
    let index = mount.join("index");
    index_stdout(&corpus(), &index, &[]);
    let before = sorted(ids(&search_json(&index, &["dân vận"])));
    // A corpus far larger than the space left.
    let big = dir.path().join("big");
    std::fs::create_dir(&big).unwrap();
    let seeds: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let mut lines = String::new();
    for i in 0..2000 {
        let record = serde_json::json!({"id": format!("copy-{i}"), "title": format!("Bản sao {i}"), "text": seeds[i % seeds.len()]});
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    std::fs::write(big.join("copies.jsonl"), lines).unwrap();
    let output = vnsearch()
        .arg("index")
        .arg(&big)
        .arg("--rebuild")
        .arg("--index")
        .arg(&index)
        .output()
        .unwrap();
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "an I/O failure exits 1: {err}"
    );
    assert!(
        err.contains("No space left") || err.contains("space"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(sorted(ids(&search_json(&index, &["dân vận"]))), before);
}
