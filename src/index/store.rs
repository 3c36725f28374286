//! Opening and creating the on-disk index: analyzer registration (tantivy
//! does not persist analyzers), the version check, and the errors a user
//! can act on ("not an index", "rebuild with …", "locked").

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexWriter, TantivyError};

use super::damage;
use super::schema::{self, Fields, SCHEMA_VERSION};
use crate::analysis;

/// What vnsearch writes into every commit's payload; a commit without it was
/// not made by a finished `vnsearch index` run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CommitInfo {
    pub schema_version: u32,
    pub vnsearch_version: String,
    pub articles: u64,
    /// The corpus paths the index was built from.
    pub corpus: Vec<PathBuf>,
}

/// An open index with its fields resolved.
pub struct VnIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
}

/// What is at an index location.
pub enum Found {
    /// Nothing yet (no folder, an empty folder, or only our README).
    Missing,
    /// A tantivy index whose first build never finished.
    Incomplete,
    /// A finished vnsearch index.
    Ready(Box<VnIndex>, CommitInfo),
}

fn open_raw(dir: &Path) -> Result<Index> {
    if let Some(damaged) = damage::inspect(dir) {
        return Err(damaged.into());
    }
    let index = Index::open_in_dir(dir).with_context(|| {
        format!(
            "`{}` is not a vnsearch index; build one with `vnsearch index --index {}`",
            dir.display(),
            dir.display()
        )
    })?;
    analysis::register(index.tokenizers());
    Ok(index)
}

fn has_only_readme(dir: &Path) -> Result<bool> {
    let mut entries =
        std::fs::read_dir(dir).with_context(|| format!("reading `{}`", dir.display()))?;
    Ok(entries.all(|e| e.is_ok_and(|e| e.file_name() == "README.md")))
}

/// Looks at `dir` without changing anything.
pub fn find(dir: &Path) -> Result<Found> {
    if !dir.exists() {
        return Ok(Found::Missing);
    }
    if !dir.is_dir() {
        bail!("index location `{}` is a file, not a folder", dir.display());
    }
    if !dir.join("meta.json").exists() {
        if has_only_readme(dir)? {
            return Ok(Found::Missing);
        }
        bail!(
            "`{}` is not a vnsearch index (it has files but no meta.json); choose another folder with `--index DIR`",
            dir.display()
        );
    }
    let index = open_raw(dir)?;
    let payload = index
        .load_metas()
        .with_context(|| format!("reading index metadata in `{}`", dir.display()))?
        .payload;
    let Some(payload) = payload else {
        return Ok(Found::Incomplete);
    };
    let info: CommitInfo = serde_json::from_str(&payload).map_err(|_| incompatible(dir))?;
    if info.schema_version != SCHEMA_VERSION || index.schema() != schema::build() {
        return Err(incompatible(dir));
    }
    let fields = Fields::new(&index.schema())?;
    Ok(Found::Ready(
        Box::new(VnIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
        }),
        info,
    ))
}

fn incompatible(dir: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "the index in `{}` was built by an incompatible version of vnsearch; rebuild it with `vnsearch index --rebuild --index {}`",
        dir.display(),
        dir.display()
    )
}

/// Opens a finished index for searching.
pub fn open(dir: &Path) -> Result<(VnIndex, CommitInfo)> {
    match find(dir)? {
        Found::Ready(index, info) => Ok((*index, info)),
        Found::Missing => bail!(
            "no index at `{}`; build one with `vnsearch index`",
            dir.display()
        ),
        Found::Incomplete => bail!(
            "the index at `{}` is incomplete (an earlier build was interrupted); run `vnsearch index --rebuild`",
            dir.display()
        ),
    }
}

/// Opens `dir` for writing, creating the index if needed. With `rebuild`,
/// an existing incompatible index is replaced instead of refused.
pub fn open_for_writing(dir: &Path, rebuild: bool) -> Result<VnIndex> {
    let existing = match find(dir) {
        Ok(found) => Some(found),
        Err(_) if rebuild && dir.join("meta.json").exists() => None,
        Err(e) => return Err(e),
    };
    let index = match existing {
        Some(Found::Ready(index, _)) => return Ok(*index),
        Some(Found::Incomplete) => open_raw(dir)?,
        Some(Found::Missing) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating index folder `{}`", dir.display()))?;
            create(dir)?
        }
        None => {
            // Incompatible or damaged index and --rebuild: remove only
            // tantivy's files.
            remove_index_files(dir)?;
            create(dir)?
        }
    };
    let fields = Fields::new(&index.schema())?;
    Ok(VnIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
    })
}

fn create(dir: &Path) -> Result<Index> {
    let settings = tantivy::IndexSettings {
        // Stored text is most of the index: zstd rather than LZ4, in larger
        // blocks than the default (a hit decompresses one block). Level 3,
        // not 9: level 9 cost 8 % of a build for an index 4 % smaller
        // (docs/indexing.md); queries were no slower with level 3.
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: 64 * 1024,
        ..Default::default()
    };
    let index = Index::builder()
        .schema(schema::build())
        .settings(settings)
        .create_in_dir(dir)
        .with_context(|| format!("creating index in `{}`", dir.display()))?;
    analysis::register(index.tokenizers());
    Ok(index)
}

fn remove_index_files(dir: &Path) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading `{}`", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name.ends_with(".lock")
            || tantivy_segment_file(&name);
        if ours && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("removing old index file `{}`", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Segment files are `<32 hex digits>.<ext>`.
fn tantivy_segment_file(name: &str) -> bool {
    name.split_once('.')
        .is_some_and(|(stem, _)| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Takes the single-writer lock, with an error that says what to do.
pub fn writer(index: &VnIndex, threads: usize, memory_bytes: usize) -> Result<IndexWriter> {
    index
        .index
        .writer_with_num_threads(threads, memory_bytes)
        .map_err(|e| match e {
            TantivyError::LockFailure(..) => anyhow::anyhow!(
                "the index at `{}` is locked: another `vnsearch index` run is writing it; wait for it to finish",
                index.dir.display()
            ),
            other => anyhow::Error::new(other).context(format!("opening `{}` for writing", index.dir.display())),
        })
}
