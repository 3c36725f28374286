//! Reading one file into articles without letting one bad file, line or
//! record stop the others.
//!
//! Every problem becomes a [`Warning`] naming the file (and line); nothing
//! here panics or returns early for the whole run. JSON Lines are streamed
//! line by line, also through gzip, so a crawl of any size is read in
//! constant memory, and a runaway line (a 50 MB blob) is skipped after
//! [`MAX_RECORD_BYTES`] instead of being buffered. Text that stacks
//! combining marks is cut down before extraction (`decode::limit_marks`).

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::AtomicU64;

use rayon::prelude::*;
use serde_json::Value;

use super::article::Article;
use super::decode::{decode, limit_marks, marks_note, Decoded};
use super::lines::{line_reader, parse_json_line, Counting, Lines, RawLine};
use super::walk::{Format, SourceFile};
use super::{json_article, text_article};
use crate::gazetteer::Gazetteer;

/// Largest file (text, JSON) or JSON line read; larger ones are skipped.
pub const MAX_RECORD_BYTES: usize = 20 * 1024 * 1024;

/// A problem met while reading, tied to a file and maybe a line.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// Reads `file` and calls `emit` for every article in it; returns the
/// warnings, including each article's own.
pub fn read_file(
    file: &SourceFile,
    gazetteer: &Gazetteer,
    emit: &mut dyn FnMut(Article),
) -> Vec<Warning> {
    read_file_counting(file, gazetteer, emit, &AtomicU64::new(0))
}

/// [`read_file`], adding the bytes of the file consumed so far to
/// `bytes_read` as it goes (for progress bars on large files).
pub fn read_file_counting(
    file: &SourceFile,
    gazetteer: &Gazetteer,
    emit: &mut dyn FnMut(Article),
    bytes_read: &AtomicU64,
) -> Vec<Warning> {
    let mut out = FileOutput {
        path: file.path.display().to_string(),
        warnings: Vec::new(),
        emit,
    };
    if file.format.is_streamed() {
        read_json_lines(file, gazetteer, bytes_read, &mut out);
    } else {
        read_whole_file(file, gazetteer, &mut out);
    }
    out.warnings
}

/// Where one file's articles and problems go, in the order they are met,
/// so the caller sees warnings interleaved with the articles they concern.
struct FileOutput<'e> {
    /// The file as shown in warnings and stored in articles.
    path: String,
    warnings: Vec<Warning>,
    emit: &'e mut dyn FnMut(Article),
}

impl FileOutput<'_> {
    fn warn(&mut self, line: Option<usize>, message: String) {
        self.warnings.push(Warning {
            path: self.path.clone(),
            line,
            message,
        });
    }

    /// Passes `article` (from `line`, if the format has lines) on, after
    /// its own warnings, which name its id.
    fn article(&mut self, mut article: Article, line: Option<usize>) {
        for w in &article.warnings {
            let message = format!("{}: {w}", article.id);
            self.warn(line, message);
        }
        article.line = line.map(|l| l as u64);
        (self.emit)(article);
    }
}

/// The id of the `n`th record (from 1) of a file that gives it none.
pub(super) fn fallback_id(stem: &str, n: usize) -> String {
    format!("{stem}#{n}")
}

/// `.txt` and `.json`: size check, read, decode, extract.
fn read_whole_file(file: &SourceFile, gazetteer: &Gazetteer, out: &mut FileOutput) {
    let decoded = match read_decoded(&file.path, file.size) {
        Ok(decoded) => decoded,
        Err(reason) => return out.warn(None, reason),
    };
    if let Some(note) = decoded.note {
        out.warn(None, note);
    }
    let mut text = decoded.text;
    if let Some((kept, dropped)) = limit_marks(&text) {
        out.warn(None, marks_note(dropped));
        text = kept;
    }
    let stem = Format::stem(&file.path);
    if file.format == Format::Text {
        let article = text_article::extract(stem, out.path.clone(), &text, gazetteer);
        out.article(article, None);
    } else {
        extract_json_document(&text, &stem, gazetteer, out);
    }
}

/// A whole file (of `size` bytes at discovery) read and decoded; `Err` is
/// the reason it is skipped.
pub(super) fn read_decoded(path: &Path, size: u64) -> Result<Decoded, String> {
    if size > MAX_RECORD_BYTES as u64 {
        return Err(format!(
            "file is {}, over the {} limit for one article; skipped",
            mb(size),
            mb(MAX_RECORD_BYTES as u64)
        ));
    }
    let bytes = read_limited(path).map_err(|e| format!("cannot read: {e}"))?;
    decode(&bytes)
}

/// [`limit_marks`] on every string in a JSON value; the marks dropped.
fn limit_marks_in(value: &mut Value) -> usize {
    match value {
        Value::String(text) => match limit_marks(text) {
            Some((kept, dropped)) => {
                *text = kept;
                dropped
            }
            None => 0,
        },
        Value::Array(items) => items.iter_mut().map(limit_marks_in).sum(),
        Value::Object(map) => map.values_mut().map(limit_marks_in).sum(),
        _ => 0,
    }
}

/// A `.json` file: one record, or an array of them numbered from 1.
fn extract_json_document(text: &str, stem: &str, gazetteer: &Gazetteer, out: &mut FileOutput) {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let id = fallback_id(stem, i + 1);
                match json_article::from_value(item, id, out.path.clone(), gazetteer) {
                    Ok(article) => out.article(article, None),
                    Err(e) => out.warn(None, format!("record {}: {e}", i + 1)),
                }
            }
        }
        Ok(value) => {
            match json_article::from_value(&value, stem.to_owned(), out.path.clone(), gazetteer) {
                Ok(article) => out.article(article, None),
                Err(e) => out.warn(None, e),
            }
        }
        Err(e) => out.warn(None, format!("malformed JSON: {e}")),
    }
}

/// Lines extracted together in parallel.
const LINES_PER_BATCH: usize = 256;

/// `.jsonl` and `.jsonl.gz`: open (counting bytes), read lines in order
/// on this thread, extract them in parallel a batch at a time, pass the
/// results on in line order. Extraction (JSON, dates, places, boilerplate)
/// is the costly part, and a batch bounds memory.
fn read_json_lines(
    file: &SourceFile,
    gazetteer: &Gazetteer,
    bytes_read: &AtomicU64,
    out: &mut FileOutput,
) {
    let opened = match File::open(&file.path) {
        Ok(opened) => opened,
        Err(e) => return out.warn(None, format!("cannot read: {e}")),
    };
    let counted = Counting {
        inner: opened,
        count: bytes_read,
    };
    let mut lines = Lines::new(line_reader(counted, file.format));
    let stem = Format::stem(&file.path);
    let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(LINES_PER_BATCH);
    let mut any_content = false;
    loop {
        match lines.next_line() {
            (_, RawLine::Eof) => break,
            (_, RawLine::Blank) => {}
            (line_no, RawLine::TooLong(n)) => {
                any_content = true;
                out.warn(
                    Some(line_no),
                    format!(
                        "line is over {} ({} read); skipped",
                        mb(MAX_RECORD_BYTES as u64),
                        mb(n)
                    ),
                );
            }
            (line_no, RawLine::Failed(e)) => {
                any_content = true;
                out.warn(
                    Some(line_no),
                    format!("read error, rest of file skipped: {e}"),
                );
                break;
            }
            (line_no, RawLine::Record(bytes)) => {
                any_content = true;
                batch.push((line_no, bytes.to_vec()));
                if batch.len() == LINES_PER_BATCH {
                    extract_lines(&batch, &stem, gazetteer, out);
                    batch.clear();
                }
            }
        }
    }
    extract_lines(&batch, &stem, gazetteer, out);
    if !any_content {
        out.warn(None, "empty file".into());
    }
}

/// Extracts a batch of numbered lines in parallel and passes the results
/// on in line order.
fn extract_lines(
    batch: &[(usize, Vec<u8>)],
    stem: &str,
    gazetteer: &Gazetteer,
    out: &mut FileOutput,
) {
    let path = &out.path;
    let outcomes: Vec<LineOutcome> = batch
        .par_iter()
        .map(|(line_no, line)| extract_line(line, *line_no, stem, path, gazetteer))
        .collect();
    for ((line_no, _), outcome) in batch.iter().zip(outcomes) {
        for message in outcome.warnings {
            out.warn(Some(*line_no), message);
        }
        if let Some(article) = outcome.article {
            out.article(article, Some(*line_no));
        }
    }
}

/// What one JSON line gave: an article and/or messages for warnings.
struct LineOutcome {
    article: Option<Article>,
    warnings: Vec<String>,
}

/// Decodes, parses and extracts one JSON line (no side effects, so lines
/// can be processed in parallel).
fn extract_line(
    line: &[u8],
    line_no: usize,
    stem: &str,
    path: &str,
    gazetteer: &Gazetteer,
) -> LineOutcome {
    let mut warnings = Vec::new();
    let article = parse_json_line(line, &mut warnings).and_then(|mut value| {
        let dropped = limit_marks_in(&mut value);
        if dropped > 0 {
            warnings.push(marks_note(dropped));
        }
        let id = fallback_id(stem, line_no);
        json_article::from_value(&value, id, path.to_string(), gazetteer)
            .map_err(|e| warnings.push(e))
            .ok()
    });
    LineOutcome { article, warnings }
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)?
        .take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(dir: &Path, name: &str, bytes: &[u8]) -> (Vec<Article>, Vec<String>) {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let file = SourceFile {
            size: bytes.len() as u64,
            format: Format::of(&path).unwrap(),
            path,
            modified: None,
        };
        let mut articles = Vec::new();
        let warnings = read_file(&file, Gazetteer::get(), &mut |a| articles.push(a));
        (articles, warnings.iter().map(|w| w.to_string()).collect())
    }

    #[test]
    fn jsonl_with_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let (articles, warnings) = read_all(
            dir.path(),
            "x.jsonl",
            b"{\"title\":\"A\",\"text\":\"a\"}\n{oops\n\n{\"title\":\"B\",\"text\":\"b\",\"id\":\"b1\"}\n[1]\n",
        );
        let ids: Vec<_> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x#1", "b1"]);
        assert_eq!(warnings.len(), 2);
        assert!(
            warnings[0]
                .ends_with("x.jsonl:2: malformed JSON: key must be a string at line 1 column 2"),
            "{}",
            warnings[0]
        );
        assert!(warnings[1].ends_with("x.jsonl:5: not a JSON object"));
    }

    #[test]
    fn gz_and_json() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("{\"id\":\"n1\",\"title\":\"Hà Nội mưa lớn\",\"text\":\"Nội dung\",\"date\":\"2020-10-01\"}\n".as_bytes()).unwrap();
        let (articles, warnings) = read_all(dir.path(), "n.jsonl.gz", &gz.finish().unwrap());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(articles[0].locality.city.as_deref(), Some("Hà Nội"));
        let (articles, warnings) = read_all(
            dir.path(),
            "one.json",
            "{\"title\":\"T\",\"text\":\"x\"}".as_bytes(),
        );
        assert!(warnings.is_empty());
        assert_eq!(articles[0].id, "one");
        let (articles, warnings) = read_all(dir.path(), "empty.jsonl", b"");
        assert!(articles.is_empty());
        assert!(warnings[0].ends_with("empty.jsonl: empty file"));
    }
}
