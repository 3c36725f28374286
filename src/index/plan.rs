//! Deciding, per discovered file, what an update does with it.
//!
//! An update must not re-read a large corpus to change a few files: a file
//! with the size and modification time the manifest recorded is kept
//! without being opened; otherwise its content hash decides (a touched but
//! unchanged file is kept too). Only new and changed files are read.

use rayon::prelude::*;

use super::manifest::{self, FileEntry, Manifest};
use crate::ingest::{SourceFile, Warning};

/// What to do with one discovered file.
pub(super) enum Plan<'a> {
    /// Same size and time, or same content: keep what is indexed, under
    /// this manifest entry.
    Unchanged { key: String, entry: FileEntry },
    /// Gone or unreadable since the walk.
    Unreadable(Warning),
    /// New or changed: (re-)extract.
    Index(FileToIndex<'a>),
}

/// A new or changed file to read, with its key (in the manifest and the
/// documents' `file_key` field) and the content hash it is indexed at.
pub(super) struct FileToIndex<'a> {
    pub file: &'a SourceFile,
    pub key: String,
    pub hash: u64,
}

/// A file once its articles are added: its entry for the new manifest.
pub(super) struct IndexedFile {
    pub key: String,
    pub entry: FileEntry,
}

impl FileToIndex<'_> {
    /// The file indexed with `articles` articles.
    pub(super) fn indexed(&self, articles: u64) -> IndexedFile {
        IndexedFile {
            key: self.key.clone(),
            entry: FileEntry {
                size: self.file.size,
                mtime_ns: manifest::mtime_ns(self.file.modified),
                hash: self.hash,
                articles,
            },
        }
    }
}

/// The plan for each of `files` (in their order), hashing in parallel the
/// ones whose size or time changed.
pub(super) fn plan_files<'a>(files: &'a [SourceFile], previous: &Manifest) -> Vec<Plan<'a>> {
    files.par_iter().map(|file| plan(file, previous)).collect()
}

/// The bytes the files to (re-)index add up to: the whole of the progress.
pub(super) fn bytes_to_index(plans: &[Plan]) -> u64 {
    plans
        .iter()
        .map(|plan| match plan {
            Plan::Index(to_index) => to_index.file.size,
            _ => 0,
        })
        .sum()
}

fn plan<'a>(file: &'a SourceFile, previous: &Manifest) -> Plan<'a> {
    let key = manifest::file_key(&file.path);
    let mtime_ns = manifest::mtime_ns(file.modified);
    let known = previous.files.get(&key);
    if let Some(entry) =
        known.filter(|e| e.size == file.size && e.mtime_ns == mtime_ns && mtime_ns != 0)
    {
        return Plan::Unchanged {
            key,
            entry: entry.clone(),
        };
    }
    let hash = match manifest::hash_file(&file.path) {
        Ok(hash) => hash,
        Err(e) => {
            return Plan::Unreadable(Warning {
                path: file.path.display().to_string(),
                line: None,
                message: format!("{e:#}; skipped"),
            })
        }
    };
    match known.filter(|e| e.hash == hash) {
        // Touched but not changed.
        Some(entry) => Plan::Unchanged {
            key,
            entry: FileEntry {
                mtime_ns,
                ..entry.clone()
            },
        },
        None => Plan::Index(FileToIndex { file, key, hash }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Format;
    use std::path::Path;

    fn source(path: &Path) -> SourceFile {
        let meta = std::fs::metadata(path).ok();
        SourceFile {
            path: path.to_path_buf(),
            format: Format::Text,
            size: meta.as_ref().map_or(0, |m| m.len()),
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }

    #[test]
    fn a_file_deleted_after_the_walk_is_a_warning() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("gone.txt");
        std::fs::write(&path, "Tin\n\nNội dung.").unwrap();
        let file = source(&path);
        std::fs::remove_file(&path).unwrap();
        match plan(&file, &Manifest::default()) {
            Plan::Unreadable(warning) => {
                assert!(warning.to_string().contains("gone.txt"), "{warning}")
            }
            _ => panic!("expected a warning"),
        }
    }

    #[test]
    fn plans_skip_unchanged_and_touched_files() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Tin\n\nNội dung.").unwrap();
        let file = source(&path);
        let key = manifest::file_key(&path);
        let hash = manifest::hash_file(&path).unwrap();
        let entry = FileEntry {
            size: file.size,
            mtime_ns: manifest::mtime_ns(file.modified),
            hash,
            articles: 1,
        };
        let mut previous = Manifest::default();
        previous.files.insert(key.clone(), entry.clone());
        assert!(matches!(plan(&file, &previous), Plan::Unchanged { .. }));
        // Same bytes, other time: still unchanged, with the new time.
        previous.files.insert(
            key.clone(),
            FileEntry {
                mtime_ns: 1,
                ..entry.clone()
            },
        );
        assert!(
            matches!(plan(&file, &previous), Plan::Unchanged { entry: e, .. } if e.mtime_ns == entry.mtime_ns)
        );
        // Other bytes: index again, at the new hash.
        previous.files.insert(
            key,
            FileEntry {
                mtime_ns: 1,
                hash: hash ^ 1,
                ..entry.clone()
            },
        );
        match plan(&file, &previous) {
            Plan::Index(to_index) => {
                assert_eq!(to_index.hash, hash);
                assert_eq!(to_index.indexed(1).entry, entry);
            }
            _ => panic!("expected the file to be indexed"),
        }
    }
}
