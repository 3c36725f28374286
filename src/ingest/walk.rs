//! Finding the article files under the paths a user gives.
//!
//! Users point vnsearch at crawls that mix formats and unrelated files;
//! only the article formats are read, everything else is counted as
//! skipped so the user sees it was not silently lost. Files are sorted by
//! path so ids and output order are the same on every run.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result};
use walkdir::WalkDir;

/// The article formats vnsearch reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A scraped page as plain text, one article per file (`.txt`).
    Text,
    /// One JSON object (or an array of them) per file (`.json`).
    Json,
    /// One JSON object per line (`.jsonl`).
    JsonLines,
    /// Gzip-compressed JSON Lines (`.jsonl.gz`).
    JsonLinesGz,
}

impl Format {
    /// The format a file name says it has, or `None` for other files.
    pub fn of(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_lowercase();
        if name.ends_with(".jsonl.gz") || name.ends_with(".ndjson.gz") {
            Some(Format::JsonLinesGz)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(Format::JsonLines)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else if name.ends_with(".txt") {
            Some(Format::Text)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub format: Format,
    pub size: u64,
    pub modified: Option<SystemTime>,
}

#[derive(Clone, Debug, Default)]
pub struct Discovery {
    pub files: Vec<SourceFile>,
    /// Files that are not in an article format.
    pub skipped: Vec<PathBuf>,
}

/// Every article file under `paths` (folders are walked recursively, files
/// taken as they are), sorted by path. A path that does not exist is an
/// error naming it.
pub fn discover(paths: &[PathBuf]) -> Result<Discovery> {
    let mut found = Discovery::default();
    for root in paths {
        if !root.exists() {
            anyhow::bail!("corpus folder `{}` does not exist", root.display());
        }
        for entry in WalkDir::new(root).follow_links(true) {
            let entry =
                entry.with_context(|| format!("reading corpus folder `{}`", root.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let path = entry.path().to_path_buf();
            match Format::of(&path) {
                Some(format) => {
                    let meta = entry
                        .metadata()
                        .with_context(|| format!("reading `{}`", path.display()))?;
                    found.files.push(SourceFile {
                        path,
                        format,
                        size: meta.len(),
                        modified: meta.modified().ok(),
                    });
                }
                None => found.skipped.push(path),
            }
        }
    }
    found.files.sort_by(|a, b| a.path.cmp(&b.path));
    found.files.dedup_by(|a, b| a.path == b.path);
    found.skipped.sort();
    found.skipped.dedup();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let cases = [
            ("a.txt", Some(Format::Text)),
            ("a.JSON", Some(Format::Json)),
            ("news.jsonl", Some(Format::JsonLines)),
            ("news.jsonl.gz", Some(Format::JsonLinesGz)),
            ("x.gz", None),
            ("photo.jpg", None),
        ];
        for (name, want) in cases {
            assert_eq!(Format::of(Path::new(name)), want, "{name}");
        }
    }

    #[test]
    fn walks_sorted_and_counts_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        for name in ["b.txt", "a.jsonl", "sub/c.json", "readme.md"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let d = discover(&[dir.path().to_path_buf()]).unwrap();
        let names: Vec<_> = d
            .files
            .iter()
            .map(|f| f.path.strip_prefix(dir.path()).unwrap().to_owned())
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("a.jsonl"),
                PathBuf::from("b.txt"),
                PathBuf::from("sub/c.json")
            ]
        );
        assert_eq!(d.skipped.len(), 1);
        let err = discover(&[PathBuf::from("/no/such/dir")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "corpus folder `/no/such/dir` does not exist"
        );
    }
}
