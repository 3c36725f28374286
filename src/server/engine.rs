//! The open index behind the server. Its reader follows commits: when
//! `vnsearch index` commits an update, new searches see it within about a
//! second (tantivy watches `meta.json`), with no restart and no lock taken
//! (the server only reads).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result};
use tantivy::{IndexReader, ReloadPolicy, Searcher};

use crate::index::{self, VnIndex};

pub struct Engine {
    pub index: VnIndex,
    reader: IndexReader,
    pub dir: PathBuf,
}

impl Engine {
    pub fn open(dir: &Path) -> Result<Engine> {
        let (index, _) = index::open(dir)?;
        let reader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .context("opening the index for reading")?;
        Ok(Engine {
            index,
            reader,
            dir: dir.to_path_buf(),
        })
    }

    /// A consistent view of the index as of its latest commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// Bytes of the index on disk.
    pub fn size_bytes(&self) -> u64 {
        std::fs::read_dir(&self.dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }

    /// When the index was last committed (the time of `meta.json`).
    pub fn last_update(&self) -> Option<SystemTime> {
        std::fs::metadata(self.dir.join("meta.json"))
            .and_then(|m| m.modified())
            .ok()
    }
}
