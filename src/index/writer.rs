//! Building the index from a corpus: discover files, extract articles,
//! add them, and commit once at the end.
//!
//! The single commit is what makes a build atomic from a reader's point of
//! view: until it lands, searches see the previous index, and a run killed
//! halfway leaves that previous index intact.

use std::path::{Path, PathBuf};
use std::time::{Instant, UNIX_EPOCH};

use anyhow::{Context, Result};

use super::document::{to_document, FileStamp};
use super::schema::SCHEMA_VERSION;
use super::store::{self, CommitInfo};
use crate::gazetteer::Gazetteer;
use crate::ingest::{self, Warning};

/// Called after each file with (files done, files total, articles so far).
pub type Progress = Box<dyn FnMut(usize, usize, u64)>;

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
    pub articles: u64,
    pub files: usize,
    pub skipped_files: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    pub seconds: f64,
}

/// Default memory budget for the writer (all threads together).
pub const DEFAULT_MEMORY_MB: usize = 256;

pub fn build(mut options: BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    // Look at the corpus before touching the index: a typo in a path must
    // not cost the user their existing index.
    let discovery = ingest::discover(&options.corpus)?;
    let index = store::open_for_writing(&options.index_dir, options.rebuild)?;
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let memory = options.memory_bytes.max((threads * 16) << 20);
    let mut writer = store::writer(&index, threads, memory)?;
    writer
        .delete_all_documents()
        .context("clearing the index before re-adding the corpus")?;

    let gazetteer = Gazetteer::get();
    let mut report = BuildReport {
        files: discovery.files.len(),
        skipped_files: discovery.skipped,
        ..Default::default()
    };
    let total = discovery.files.len();
    let mut add_error = None;
    for (done, file) in discovery.files.iter().enumerate() {
        let stamp = file_stamp(file);
        let warnings = ingest::read_file(file, gazetteer, &mut |article| {
            if add_error.is_some() {
                return;
            }
            match writer.add_document(to_document(&index.fields, &article, stamp)) {
                Ok(_) => report.articles += 1,
                Err(e) => add_error = Some(e),
            }
        });
        report.warnings.extend(warnings);
        if let Some(e) = add_error.take() {
            return Err(
                anyhow::Error::new(e).context(format!("indexing `{}`", file.path.display()))
            );
        }
        if let Some(progress) = options.progress.as_mut() {
            progress(done + 1, total, report.articles);
        }
    }

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
    commit
        .commit()
        .with_context(|| format!("committing the index in `{}`", index.dir.display()))?;
    writer
        .wait_merging_threads()
        .context("finishing background segment merges")?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn file_stamp(file: &ingest::SourceFile) -> FileStamp {
    FileStamp {
        size: file.size,
        mtime: file
            .modified
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_secs() as i64),
        hash: 0,
    }
}

/// The default corpus folder.
pub fn default_corpus() -> Vec<PathBuf> {
    vec![Path::new("corpus").to_path_buf()]
}
