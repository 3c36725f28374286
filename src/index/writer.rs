//! Building and updating the index from a corpus: discover files, skip the
//! unchanged ones, re-extract the new and changed ones, drop the deleted
//! ones, and commit once at the end.
//!
//! The single commit is what makes a build atomic from a reader's point of
//! view: until it lands, searches see the previous index, and a run killed
//! halfway leaves that previous index intact. The steps live beside this
//! file: `plan` decides per file, `add` extracts and adds articles,
//! `progress` reports how far it is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use tantivy::{IndexWriter, Term};

use super::add::Adder;
use super::manifest::{self, FileEntry, Manifest};
use super::plan::{self, FileToIndex, Plan};
use super::progress::Tracker;
use super::schema::SCHEMA_VERSION;
use super::store::{self, CommitInfo, Found, VnIndex};
use crate::gazetteer::Gazetteer;
use crate::ingest::{self, Warning};

pub use super::progress::{Progress, ProgressUpdate};

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
    let _memo = crate::analysis::WordMemo::on();
    let started = Instant::now();
    let _trimmer = super::trim::Trimmer::start();
    // Look at the corpus before touching the index: a typo in a path must
    // not cost the user their existing index.
    let discovery = ingest::discover(&options.corpus)?;
    let (index, previous) = starting_point(&options)?;
    let full = previous.is_none();
    let previous = previous.unwrap_or_default();
    let writer = open_writer(&index, options.memory_bytes, full)?;
    let mut run = Run {
        index,
        writer,
        files: BTreeMap::new(),
        report: BuildReport {
            files: discovery.files.len(),
            skipped_files: discovery.skipped,
            full,
            ..Default::default()
        },
    };
    let plans = plan::plan_files(&discovery.files, &previous);
    let progress = Tracker::new(options.progress.take(), plan::bytes_to_index(&plans));
    let to_index = run.follow_plans(plans, &previous);
    run.add(&to_index, progress)?;
    run.drop_removed(&previous, &options.corpus);
    let mut report = run.commit(&options.corpus)?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// The writer, its threads sharing the memory budget (raised to what
/// tantivy needs per thread); a full build starts by clearing the index.
fn open_writer(index: &VnIndex, memory_bytes: usize, full: bool) -> Result<IndexWriter> {
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let memory = memory_bytes.max((threads * 16) << 20);
    let writer = store::writer(index, threads, memory)?;
    if full {
        writer
            .delete_all_documents()
            .context("clearing the index before re-adding the corpus")?;
    }
    Ok(writer)
}

/// A build under way: the writer, the new manifest's entries so far, and
/// the report.
struct Run {
    index: VnIndex,
    writer: IndexWriter,
    /// File key → entry, for the manifest saved after the commit.
    files: BTreeMap<String, FileEntry>,
    report: BuildReport,
}

impl Run {
    /// Keeps the unchanged files, reports the unreadable ones, and deletes
    /// the documents of the changed ones (before their new documents are
    /// added, so the deletion does not reach those); returns the files to
    /// (re-)index.
    fn follow_plans<'a>(
        &mut self,
        plans: Vec<Plan<'a>>,
        previous: &Manifest,
    ) -> Vec<FileToIndex<'a>> {
        let mut to_index = Vec::new();
        for plan in plans {
            match plan {
                Plan::Unchanged { key, entry } => {
                    self.report.unchanged_files += 1;
                    self.files.insert(key, entry);
                }
                Plan::Unreadable(warning) => self.report.warnings.push(warning),
                Plan::Index(file) => {
                    if previous.files.contains_key(&file.key) {
                        self.delete_file(&file.key);
                        self.report.changed_files += 1;
                    } else {
                        self.report.new_files += 1;
                    }
                    to_index.push(file);
                }
            }
        }
        to_index
    }

    /// Extracts and adds the articles of `files`.
    fn add(&mut self, files: &[FileToIndex], progress: Tracker) -> Result<()> {
        let adder = Adder {
            fields: &self.index.fields,
            writer: &self.writer,
            gazetteer: Gazetteer::get(),
            report: &mut self.report,
            progress,
        };
        for indexed in adder.add_all(files)? {
            self.files.insert(indexed.key, indexed.entry);
        }
        Ok(())
    }

    /// Deletes the documents of files indexed before and gone now (deleted,
    /// or no longer found under the corpus folders of this run).
    fn drop_removed(&mut self, previous: &Manifest, corpus: &[PathBuf]) {
        let roots: Vec<PathBuf> = corpus
            .iter()
            .map(|p| PathBuf::from(manifest::file_key(p)))
            .collect();
        for (key, entry) in &previous.files {
            if self.files.contains_key(key) {
                continue;
            }
            let gone = !Path::new(key).exists() || manifest::under_any(key, &roots);
            if gone {
                self.delete_file(key);
                self.report.removed_files += 1;
            } else {
                // Indexed from another corpus folder and still there: keep.
                self.files.insert(key.clone(), entry.clone());
            }
        }
    }

    fn delete_file(&self, key: &str) {
        self.writer
            .delete_term(Term::from_field_text(self.index.fields.file_key, key));
    }

    /// The one commit, carrying what the index holds as its payload, then
    /// the manifest that describes it.
    fn commit(mut self, corpus: &[PathBuf]) -> Result<BuildReport> {
        self.report.articles = self.files.values().map(|e| e.articles).sum();
        let info = CommitInfo {
            schema_version: SCHEMA_VERSION,
            vnsearch_version: env!("CARGO_PKG_VERSION").to_string(),
            articles: self.report.articles,
            corpus: corpus.to_vec(),
        };
        let mut commit = self
            .writer
            .prepare_commit()
            .context("preparing the index commit")?;
        commit.set_payload(&serde_json::to_string(&info)?);
        let opstamp = commit
            .commit()
            .with_context(|| format!("committing the index in `{}`", self.index.dir.display()))?;
        self.writer
            .wait_merging_threads()
            .context("finishing background segment merges")?;
        let files = self.files;
        Manifest { opstamp, files }.save(&self.index.dir)?;
        Ok(self.report)
    }
}

/// The default corpus folder.
pub fn default_corpus() -> Vec<PathBuf> {
    vec![Path::new("corpus").to_path_buf()]
}
