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
    /// Every file-name ending vnsearch reads, with the format it marks
    /// (compared without regard to ASCII case). This is the one list:
    /// discovery, ids (the stem) and re-reading an original all use it.
    const ENDINGS: [(&'static str, Format); 6] = [
        (".jsonl.gz", Format::JsonLinesGz),
        (".ndjson.gz", Format::JsonLinesGz),
        (".jsonl", Format::JsonLines),
        (".ndjson", Format::JsonLines),
        (".json", Format::Json),
        (".txt", Format::Text),
    ];

    /// The format a file's name says it has, and the byte length of the
    /// ending that says so.
    fn of_name(name: &str) -> Option<(Format, usize)> {
        Format::ENDINGS.iter().find_map(|&(ending, format)| {
            let start = name.len().checked_sub(ending.len())?;
            (name.is_char_boundary(start) && name[start..].eq_ignore_ascii_case(ending))
                .then_some((format, ending.len()))
        })
    }

    /// The format a file name says it has, or `None` for other files.
    pub fn of(path: &Path) -> Option<Format> {
        Format::of_name(&path.file_name()?.to_string_lossy()).map(|(format, _)| format)
    }

    /// The file name without its format's ending (`news.jsonl.gz` →
    /// `news`), the part of an article id that names its file; a name
    /// without a known ending is kept whole.
    pub fn stem(path: &Path) -> String {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match Format::of_name(&name) {
            Some((_, ending)) => name[..name.len() - ending].to_owned(),
            None => name,
        }
    }

    /// Read a line at a time, in constant memory, rather than whole.
    pub fn is_streamed(self) -> bool {
        matches!(self, Format::JsonLines | Format::JsonLinesGz)
    }

    /// Gzip-compressed on disk.
    pub fn is_gzip(self) -> bool {
        self == Format::JsonLinesGz
    }
}

/// A file in an article format, with what an update compares to decide
/// whether to read it again.
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
            // The user named it: a usage error (exit 2) from every command.
            return Err(crate::error::usage_error(format!(
                "corpus folder `{}` does not exist",
                root.display()
            )));
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
    fn stems() {
        let cases = [
            ("dir/news.jsonl.gz", "news"),
            ("NEWS.NDJSON.GZ", "NEWS"),
            ("a.b.jsonl", "a.b"),
            ("one.Json", "one"),
            ("Thành ủy.txt", "Thành ủy"),
            ("x.gz", "x.gz"),
            ("", ""),
        ];
        for (path, want) in cases {
            assert_eq!(Format::stem(Path::new(path)), want, "{path}");
        }
        assert!(Format::JsonLinesGz.is_streamed() && Format::JsonLinesGz.is_gzip());
        assert!(Format::JsonLines.is_streamed() && !Format::JsonLines.is_gzip());
        assert!(!Format::Json.is_streamed() && !Format::Text.is_streamed());
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
