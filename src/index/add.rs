//! Adding the articles of new and changed files to the index writer.
//!
//! Extraction is the costly part of a build and runs on all cores, while
//! memory stays bounded by a batch, never by the corpus: small files are
//! read and extracted in parallel a group at a time, and a JSON Lines
//! file, which can be a whole crawl, is streamed alone (its lines are
//! extracted in parallel inside `ingest`). Articles reach the writer in
//! file order either way, so ids and document order are the same on every
//! run.

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};
use rayon::prelude::*;
use tantivy::IndexWriter;

use super::document::to_document;
use super::plan::{FileToIndex, IndexedFile};
use super::progress::Tracker;
use super::schema::Fields;
use super::writer::BuildReport;
use crate::gazetteer::Gazetteer;
use crate::ingest::{self, Article, Warning};

/// Small files extracted together in parallel.
const FILES_PER_BATCH: usize = 64;

/// Articles between two progress reports while a file is streamed.
const ARTICLES_PER_REPORT: u64 = 256;

/// Files read together: one streamed file, or a group of small ones.
enum Batch<'s, 'a> {
    Streamed(&'s FileToIndex<'a>),
    Group(&'s [FileToIndex<'a>]),
}

/// Groups files for extraction: small files up to [`FILES_PER_BATCH`]
/// together, a streamed file alone.
fn batches<'s, 'a>(files: &'s [FileToIndex<'a>]) -> Vec<Batch<'s, 'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, to_index) in files.iter().enumerate() {
        let streamed = to_index.file.format.is_streamed();
        if streamed || i - start == FILES_PER_BATCH {
            if start < i {
                out.push(Batch::Group(&files[start..i]));
            }
            start = i;
        }
        if streamed {
            out.push(Batch::Streamed(to_index));
            start = i + 1;
        }
    }
    if start < files.len() {
        out.push(Batch::Group(&files[start..]));
    }
    out
}

/// What adding needs, and where its warnings, counts and progress go.
pub(super) struct Adder<'r> {
    pub fields: &'r Fields,
    pub writer: &'r IndexWriter,
    pub gazetteer: &'r Gazetteer,
    pub report: &'r mut BuildReport,
    pub progress: Tracker,
}

impl Adder<'_> {
    /// Extracts and adds the articles of `files`, in order; returns each
    /// file's entry for the new manifest.
    pub(super) fn add_all(mut self, files: &[FileToIndex]) -> Result<Vec<IndexedFile>> {
        let mut indexed = Vec::with_capacity(files.len());
        for batch in batches(files) {
            match batch {
                Batch::Streamed(to_index) => indexed.push(self.add_streamed(to_index)?),
                Batch::Group(group) => indexed.extend(self.add_group(group)?),
            }
        }
        Ok(indexed)
    }

    /// A JSON Lines file, streamed: never held in memory whole, with
    /// progress reported as its bytes are read.
    fn add_streamed(&mut self, to_index: &FileToIndex) -> Result<IndexedFile> {
        let FileToIndex { file, key, .. } = to_index;
        let mut added = 0;
        let mut failure = None;
        let read = AtomicU64::new(0);
        let already = self.report.added_articles;
        let (fields, writer, progress) = (self.fields, self.writer, &mut self.progress);
        let warnings = ingest::read_file_counting(
            file,
            self.gazetteer,
            &mut |article| {
                if failure.is_none() {
                    match add(fields, writer, &article, key) {
                        Ok(()) => added += 1,
                        Err(e) => failure = Some(e),
                    }
                }
                if added % ARTICLES_PER_REPORT == 0 {
                    progress.report(read.load(Ordering::Relaxed), already + added);
                }
            },
            &read,
        );
        self.report.warnings.extend(warnings);
        self.progress.finish(file.size, already + added);
        if let Some(e) = failure {
            return Err(
                anyhow::Error::new(e).context(format!("indexing `{}`", file.path.display()))
            );
        }
        self.report.added_articles += added;
        Ok(to_index.indexed(added))
    }

    /// Small files, read and extracted in parallel, then added in order.
    fn add_group(&mut self, group: &[FileToIndex]) -> Result<Vec<IndexedFile>> {
        let gazetteer = self.gazetteer;
        let extracted: Vec<(Vec<Article>, Vec<Warning>)> = group
            .par_iter()
            .map(|to_index| {
                let mut articles = Vec::new();
                let warnings =
                    ingest::read_file(to_index.file, gazetteer, &mut |a| articles.push(a));
                (articles, warnings)
            })
            .collect();
        let mut indexed = Vec::with_capacity(group.len());
        for (to_index, (articles, warnings)) in group.iter().zip(extracted) {
            self.report.warnings.extend(warnings);
            for article in &articles {
                add(self.fields, self.writer, article, &to_index.key)
                    .with_context(|| format!("indexing `{}`", to_index.file.path.display()))?;
            }
            self.report.added_articles += articles.len() as u64;
            self.progress
                .finish(to_index.file.size, self.report.added_articles);
            indexed.push(to_index.indexed(articles.len() as u64));
        }
        Ok(indexed)
    }
}

fn add(fields: &Fields, writer: &IndexWriter, article: &Article, key: &str) -> tantivy::Result<()> {
    writer
        .add_document(to_document(fields, article, key))
        .map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{Format, SourceFile};
    use std::path::PathBuf;

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
        let to_index = |file| FileToIndex {
            file,
            key: String::new(),
            hash: 0,
        };
        let mut list = Vec::new();
        for _ in 0..70 {
            list.push(to_index(&text));
        }
        list.push(to_index(&lines));
        for _ in 0..3 {
            list.push(to_index(&text));
        }
        let shapes: Vec<(bool, usize)> = batches(&list)
            .iter()
            .map(|batch| match batch {
                Batch::Streamed(_) => (true, 1),
                Batch::Group(group) => (false, group.len()),
            })
            .collect();
        assert_eq!(shapes, [(false, 64), (false, 6), (true, 1), (false, 3)]);
        assert!(batches(&[]).is_empty());
    }
}
