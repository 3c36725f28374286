//! Building and updating the index from a corpus: discover files, skip the
//! unchanged ones, re-extract the new and changed ones, drop the deleted
//! ones, and commit once at the end.
//!
//! The single commit is what makes a build atomic from a reader's point of
//! view: until it lands, searches see the previous index, and a run killed
//! halfway leaves that previous index intact.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::{Context, Result};
use tantivy::{IndexWriter, Term};

use super::document::to_document;
use super::manifest::{self, FileEntry, Manifest};
use super::schema::SCHEMA_VERSION;
use super::store::{self, CommitInfo, Found, VnIndex};
use crate::gazetteer::Gazetteer;
use crate::ingest::{self, Article, Format, SourceFile, Warning};
use rayon::prelude::*;

/// Where a build is: bytes of the files to (re-)index read so far (for a
/// compressed file, its compressed bytes), their total, articles added.
#[derive(Clone, Copy, Debug)]
pub struct ProgressUpdate {
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub articles: u64,
}

/// Called as a build goes.
pub type Progress = Box<dyn FnMut(ProgressUpdate)>;

/// What to build and how.
pub struct BuildOptions {
    pub corpus: Vec<PathBuf>,
    pub index_dir: PathBuf,
    /// Start from an empty index (also replaces an incompatible one).
    pub rebuild: bool,
    /// Indexing memory budget in bytes, shared by the writer threads.
    pub memory_bytes: usize,
    pub progress: Option<Progress>,
}

/// The outcome of a build, for the one-line summary.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Articles in the index after the run.
    pub articles: u64,
    /// Articles extracted and added by this run.
    pub added_articles: u64,
    pub files: usize,
    pub new_files: usize,
    pub changed_files: usize,
    pub unchanged_files: usize,
    pub removed_files: usize,
    pub skipped_files: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    pub seconds: f64,
    /// The run started from an empty index.
    pub full: bool,
}

/// Default memory budget for the writer (all threads together).
pub const DEFAULT_MEMORY_MB: usize = 256;

/// The previous state an update starts from: the index, and the manifest
/// if it can be trusted (else everything is rebuilt).
fn starting_point(options: &BuildOptions) -> Result<(VnIndex, Option<Manifest>)> {
    if !options.rebuild {
        if let Found::Ready(index, _) = store::find(&options.index_dir)? {
            let opstamp = index
                .index
                .load_metas()
                .context("reading index metadata")?
                .opstamp;
            let manifest = Manifest::load(&options.index_dir, opstamp);
            return Ok((*index, manifest));
        }
    }
    Ok((
        store::open_for_writing(&options.index_dir, options.rebuild)?,
        None,
    ))
}

pub fn build(mut options: BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    // Look at the corpus before touching the index: a typo in a path must
    // not cost the user their existing index.
    let discovery = ingest::discover(&options.corpus)?;
    let roots: Vec<PathBuf> = options
        .corpus
        .iter()
        .map(|p| PathBuf::from(manifest::file_key(p)))
        .collect();
    let (index, previous) = starting_point(&options)?;
    let full = previous.is_none();
    let previous = previous.unwrap_or_default();
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let memory = options.memory_bytes.max((threads * 16) << 20);
    let mut writer = store::writer(&index, threads, memory)?;
    if full {
        writer
            .delete_all_documents()
            .context("clearing the index before re-adding the corpus")?;
    }

    let gazetteer = Gazetteer::get();
    let mut report = BuildReport {
        files: discovery.files.len(),
        skipped_files: discovery.skipped,
        full,
        ..Default::default()
    };
    let mut files: BTreeMap<String, FileEntry> = BTreeMap::new();
    // Decide per file, hashing in parallel the ones whose size or time changed.
    let plans: Vec<Plan> = discovery
        .files
        .par_iter()
        .map(|file| plan(file, &previous))
        .collect();
    let mut progress = Tracker {
        callback: options.progress.take(),
        bytes_done: 0,
        bytes_total: discovery
            .files
            .iter()
            .zip(&plans)
            .filter(|(_, plan)| matches!(plan, Plan::Index { .. }))
            .map(|(file, _)| file.size)
            .sum(),
    };
    let mut to_index: Vec<(&SourceFile, String, u64)> = Vec::new();
    for (file, plan) in discovery.files.iter().zip(plans) {
        match plan {
            Plan::Unchanged(key, entry) => {
                report.unchanged_files += 1;
                files.insert(key, entry);
            }
            Plan::Unreadable(warning) => report.warnings.push(warning),
            Plan::Index { key, hash } => {
                if previous.files.contains_key(&key) {
                    writer.delete_term(Term::from_field_text(index.fields.file_key, &key));
                    report.changed_files += 1;
                } else {
                    report.new_files += 1;
                }
                to_index.push((file, key, hash));
            }
        }
    }
    for batch in batches(&to_index) {
        for (file, key, articles) in add_batch(
            &index,
            &mut writer,
            batch,
            gazetteer,
            &mut report,
            &mut progress,
        )? {
            files.insert(key, FileEntry::new(file, articles));
        }
    }
    for (key, entry) in &previous.files {
        if files.contains_key(key) {
            continue;
        }
        let gone = !Path::new(key).exists() || manifest::under_any(key, &roots);
        if gone {
            writer.delete_term(Term::from_field_text(index.fields.file_key, key));
            report.removed_files += 1;
        } else {
            // Indexed from another corpus folder and still there: keep.
            files.insert(key.clone(), entry.clone());
        }
    }
    report.articles = files.values().map(|e| e.articles).sum();

    let info = CommitInfo {
        schema_version: SCHEMA_VERSION,
        vnsearch_version: env!("CARGO_PKG_VERSION").to_string(),
        articles: report.articles,
        corpus: options.corpus.clone(),
    };
    let mut commit = writer
        .prepare_commit()
        .context("preparing the index commit")?;
    commit.set_payload(&serde_json::to_string(&info)?);
    let opstamp = commit
        .commit()
        .with_context(|| format!("committing the index in `{}`", index.dir.display()))?;
    writer
        .wait_merging_threads()
        .context("finishing background segment merges")?;
    Manifest { opstamp, files }.save(&index.dir)?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Small files extracted together in parallel.
const FILES_PER_BATCH: usize = 64;

/// What to do with one discovered file.
enum Plan {
    /// Same size and time, or same content: keep what is indexed.
    Unchanged(String, FileEntry),
    /// Gone or unreadable since the walk.
    Unreadable(Warning),
    /// New or changed: (re-)extract.
    Index { key: String, hash: u64 },
}

fn plan(file: &SourceFile, previous: &Manifest) -> Plan {
    let key = manifest::file_key(&file.path);
    let mtime_ns = manifest::mtime_ns(file.modified);
    let known = previous.files.get(&key);
    if let Some(entry) =
        known.filter(|e| e.size == file.size && e.mtime_ns == mtime_ns && mtime_ns != 0)
    {
        return Plan::Unchanged(key, entry.clone());
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
        Some(entry) => Plan::Unchanged(
            key,
            FileEntry {
                mtime_ns,
                ..entry.clone()
            },
        ),
        None => Plan::Index { key, hash },
    }
}

/// Extracts and adds the articles of `batch` (in file order); returns each
/// file with its key and article count.
fn add_batch<'a>(
    index: &VnIndex,
    writer: &mut IndexWriter,
    batch: &[(&'a SourceFile, String, u64)],
    gazetteer: &Gazetteer,
    report: &mut BuildReport,
    progress: &mut Tracker,
) -> Result<Vec<(StampedFile<'a>, String, u64)>> {
    let batch_bytes: u64 = batch.iter().map(|(file, _, _)| file.size).sum();
    let mut added_per_file = Vec::with_capacity(batch.len());
    let add = |article: &Article, key: &str| -> tantivy::Result<()> {
        writer
            .add_document(to_document(&index.fields, article, key))
            .map(|_| ())
    };
    if let [(file, key, _)] = batch {
        if matches!(file.format, Format::JsonLines | Format::JsonLinesGz) {
            // Stream: never hold a whole crawl in memory.
            let mut added = 0;
            let mut failure = None;
            let read = AtomicU64::new(0);
            let already = report.added_articles;
            let warnings = ingest::read_file_counting(
                file,
                gazetteer,
                &mut |article| {
                    if failure.is_none() {
                        match add(&article, key) {
                            Ok(()) => added += 1,
                            Err(e) => failure = Some(e),
                        }
                    }
                    if added % 256 == 0 {
                        progress.report(read.load(Ordering::Relaxed), already + added);
                    }
                },
                &read,
            );
            report.warnings.extend(warnings);
            progress.finish(batch_bytes, already + added);
            if let Some(e) = failure {
                return Err(
                    anyhow::Error::new(e).context(format!("indexing `{}`", file.path.display()))
                );
            }
            report.added_articles += added;
            return Ok(vec![(
                StampedFile {
                    file,
                    hash: batch[0].2,
                },
                key.clone(),
                added,
            )]);
        }
    }
    let extracted: Vec<(Vec<Article>, Vec<Warning>)> = batch
        .par_iter()
        .map(|(file, _, _)| {
            let mut articles = Vec::new();
            let warnings = ingest::read_file(file, gazetteer, &mut |a| articles.push(a));
            (articles, warnings)
        })
        .collect();
    for ((file, key, hash), (articles, warnings)) in batch.iter().zip(extracted) {
        report.warnings.extend(warnings);
        for article in &articles {
            add(article, key).with_context(|| format!("indexing `{}`", file.path.display()))?;
        }
        report.added_articles += articles.len() as u64;
        progress.finish(file.size, report.added_articles);
        added_per_file.push((
            StampedFile { file, hash: *hash },
            key.clone(),
            articles.len() as u64,
        ));
    }
    Ok(added_per_file)
}

/// Groups files for extraction: small files up to [`FILES_PER_BATCH`]
/// together (extracted in parallel), a JSON Lines file alone (it is
/// streamed and parallelises over its lines).
fn batches<'s, 'a>(
    files: &'s [(&'a SourceFile, String, u64)],
) -> Vec<&'s [(&'a SourceFile, String, u64)]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, (file, _, _)) in files.iter().enumerate() {
        let streamed = matches!(file.format, Format::JsonLines | Format::JsonLinesGz);
        if streamed || i - start == FILES_PER_BATCH {
            if start < i {
                out.push(&files[start..i]);
            }
            start = i;
        }
        if streamed {
            out.push(&files[i..=i]);
            start = i + 1;
        }
    }
    if start < files.len() {
        out.push(&files[start..]);
    }
    out
}

/// Progress reporting across batches.
struct Tracker {
    callback: Option<Progress>,
    /// Bytes of the files finished so far.
    bytes_done: u64,
    bytes_total: u64,
}

impl Tracker {
    /// Reports `reading` bytes into the current file.
    fn report(&mut self, reading: u64, articles: u64) {
        if let Some(callback) = self.callback.as_mut() {
            callback(ProgressUpdate {
                bytes_done: self.bytes_done + reading,
                bytes_total: self.bytes_total,
                articles,
            });
        }
    }

    /// Marks a file of `size` bytes finished.
    fn finish(&mut self, size: u64, articles: u64) {
        self.bytes_done += size;
        self.report(0, articles);
    }
}

/// A file with the content hash it was indexed at.
struct StampedFile<'a> {
    file: &'a SourceFile,
    hash: u64,
}

impl FileEntry {
    fn new(stamped: StampedFile<'_>, articles: u64) -> FileEntry {
        FileEntry {
            size: stamped.file.size,
            mtime_ns: manifest::mtime_ns(stamped.file.modified),
            hash: stamped.hash,
            articles,
        }
    }
}

/// The default corpus folder.
pub fn default_corpus() -> Vec<PathBuf> {
    vec![Path::new("corpus").to_path_buf()]
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn small_files_are_grouped_and_json_lines_stand_alone() {
        let file = |format| SourceFile {
            path: PathBuf::from("x"),
            format,
            size: 1,
            modified: None,
        };
        let text = file(Format::Text);
        let lines = file(Format::JsonLinesGz);
        let mut list: Vec<(&SourceFile, String, u64)> = Vec::new();
        for _ in 0..70 {
            list.push((&text, String::new(), 0));
        }
        list.push((&lines, String::new(), 0));
        for _ in 0..3 {
            list.push((&text, String::new(), 0));
        }
        let sizes: Vec<usize> = batches(&list).iter().map(|b| b.len()).collect();
        assert_eq!(sizes, vec![64, 6, 1, 3]);
        assert!(batches(&[]).is_empty());
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
        assert!(matches!(plan(&file, &previous), Plan::Unchanged(..)));
        // Same bytes, other time: still unchanged, with the new time.
        previous.files.insert(
            key.clone(),
            FileEntry {
                mtime_ns: 1,
                ..entry.clone()
            },
        );
        assert!(
            matches!(plan(&file, &previous), Plan::Unchanged(_, e) if e.mtime_ns == entry.mtime_ns)
        );
        // Other bytes: index again.
        previous.files.insert(
            key,
            FileEntry {
                mtime_ns: 1,
                hash: hash ^ 1,
                ..entry
            },
        );
        assert!(matches!(plan(&file, &previous), Plan::Index { .. }));
    }
}
