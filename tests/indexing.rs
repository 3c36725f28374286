//! Building and updating indexes through the real binary: incremental
//! updates, interruption, a read-only corpus, a full disk.

mod common;

use std::path::Path;
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

#[test]
fn a_killed_build_leaves_the_previous_index_searchable() {
    let source = root().join("../shared/corpus/news.jsonl.gz");
    if !source.exists() {
        eprintln!("skipping: {} not present", source.display());
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let index = dir.path().join("index");
    index_stdout(&corpus(), &index, &[]);
    let before = sorted(ids(&search_json(&index, &["dân vận"])));
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vnsearch"))
        .arg("index")
        .arg(&source)
        .arg("--rebuild")
        .arg("--index")
        .arg(&index)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(sorted(ids(&search_json(&index, &["dân vận"]))), before);
    // And the next run can write again (the lock died with the process).
    index_stdout(&corpus(), &index, &[]);
}

#[test]
fn the_corpus_is_only_read() {
    let dir = tempfile::TempDir::new().unwrap();
    let corpus = dir.path().join("corpus");
    copy_seeds(&corpus);
    let listing = |p: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    use std::os::unix::fs::PermissionsExt;
    let before = listing(&corpus);
    std::fs::set_permissions(&corpus, std::fs::Permissions::from_mode(0o555)).unwrap();
    index_stdout(&corpus, &dir.path().join("index"), &[]);
    std::fs::set_permissions(&corpus, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(
        listing(&corpus),
        before,
        "nothing is written next to the articles"
    );
}

/// A full disk during indexing is a clear error and the previous index
/// stays searchable. Needs a small tmpfs (root); skipped elsewhere.
#[test]
fn a_full_disk_keeps_the_previous_index() {
    let dir = tempfile::TempDir::new().unwrap();
    let mount = dir.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs"])
        .arg(&mount)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipping: cannot mount a small tmpfs here");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&mount);
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
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(
        err.contains("No space left") || err.contains("space"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(sorted(ids(&search_json(&index, &["dân vận"]))), before);
}
