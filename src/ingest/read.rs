//! Reading one file into articles without letting one bad file, line or
//! record stop the others.
//!
//! Every problem becomes a [`Warning`] naming the file (and line); nothing
//! here panics or returns early for the whole run. JSON Lines are streamed
//! line by line, also through gzip, so a crawl of any size is read in
//! constant memory, and a runaway line (a 50 MB blob) is skipped after
//! [`MAX_RECORD_BYTES`] instead of being buffered.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;
use rayon::prelude::*;

use super::article::Article;
use super::decode::decode;
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
    let path = file.path.display().to_string();
    let mut warnings = Vec::new();
    let mut warn = |line: Option<usize>, message: String| {
        warnings.push(Warning {
            path: path.clone(),
            line,
            message,
        })
    };
    let mut emit_checked =
        |mut article: Article, line: Option<usize>, warn: &mut dyn FnMut(Option<usize>, String)| {
            for w in &article.warnings {
                warn(line, format!("{}: {w}", article.id));
            }
            article.line = line.map(|l| l as u64);
            emit(article);
        };
    match file.format {
        Format::Text | Format::Json => {
            if file.size > MAX_RECORD_BYTES as u64 {
                warn(
                    None,
                    format!(
                        "file is {}, over the {} limit for one article; skipped",
                        mb(file.size),
                        mb(MAX_RECORD_BYTES as u64)
                    ),
                );
                return warnings;
            }
            let bytes = match read_limited(&file.path) {
                Ok(b) => b,
                Err(e) => {
                    warn(None, format!("cannot read: {e}"));
                    return warnings;
                }
            };
            let decoded = match decode(&bytes) {
                Ok(d) => d,
                Err(reason) => {
                    warn(None, reason);
                    return warnings;
                }
            };
            if let Some(note) = decoded.note {
                warn(None, note);
            }
            let stem = stem(&file.path);
            if file.format == Format::Text {
                let article = text_article::extract(stem, path.clone(), &decoded.text, gazetteer);
                emit_checked(article, None, &mut warn);
            } else {
                match serde_json::from_str::<serde_json::Value>(&decoded.text) {
                    Ok(serde_json::Value::Array(items)) => {
                        for (i, item) in items.iter().enumerate() {
                            match json_article::from_value(
                                item,
                                format!("{stem}#{}", i + 1),
                                path.clone(),
                                gazetteer,
                            ) {
                                Ok(a) => emit_checked(a, None, &mut warn),
                                Err(e) => warn(None, format!("record {}: {e}", i + 1)),
                            }
                        }
                    }
                    Ok(value) => {
                        match json_article::from_value(&value, stem, path.clone(), gazetteer) {
                            Ok(a) => emit_checked(a, None, &mut warn),
                            Err(e) => warn(None, e),
                        }
                    }
                    Err(e) => warn(None, format!("malformed JSON: {e}")),
                }
            }
        }
        Format::JsonLines | Format::JsonLinesGz => {
            let opened = match File::open(&file.path) {
                Ok(f) => f,
                Err(e) => {
                    warn(None, format!("cannot read: {e}"));
                    return warnings;
                }
            };
            let opened = Counting {
                inner: opened,
                count: bytes_read,
            };
            let mut reader: Box<dyn BufRead> = if file.format == Format::JsonLinesGz {
                Box::new(BufReader::new(MultiGzDecoder::new(BufReader::new(opened))))
            } else {
                Box::new(BufReader::new(opened))
            };
            let stem = stem(&file.path);
            let mut buf = Vec::new();
            let mut line_no = 0usize;
            let mut records = 0usize;
            let mut nonblank = 0usize;
            // Lines are read in order on this thread and extracted in
            // parallel, a batch at a time: extraction (JSON, dates, places,
            // boilerplate) is the costly part, and a batch bounds memory.
            let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(LINES_PER_BATCH);
            let mut flush = |batch: &mut Vec<(usize, Vec<u8>)>,
                             warn: &mut dyn FnMut(Option<usize>, String),
                             records: &mut usize| {
                let extracted: Vec<LineOutcome> = batch
                    .par_iter()
                    .map(|(line_no, line)| extract_line(line, *line_no, &stem, &path, gazetteer))
                    .collect();
                for ((line_no, _), outcome) in batch.iter().zip(extracted) {
                    for message in outcome.warnings {
                        warn(Some(*line_no), message);
                    }
                    if let Some(article) = outcome.article {
                        *records += 1;
                        emit_checked(article, Some(*line_no), warn);
                    }
                }
                batch.clear();
            };
            loop {
                line_no += 1;
                let line = match read_line_limited(&mut reader, &mut buf, MAX_RECORD_BYTES) {
                    Ok(Line::Eof) => break,
                    Ok(Line::TooLong(n)) => {
                        nonblank += 1;
                        warn(
                            Some(line_no),
                            format!(
                                "line is over {} ({} read); skipped",
                                mb(MAX_RECORD_BYTES as u64),
                                mb(n)
                            ),
                        );
                        continue;
                    }
                    Ok(Line::Read) => &buf,
                    Err(e) => {
                        warn(
                            Some(line_no),
                            format!("read error, rest of file skipped: {e}"),
                        );
                        break;
                    }
                };
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                nonblank += 1;
                batch.push((line_no, line.clone()));
                if batch.len() == LINES_PER_BATCH {
                    flush(&mut batch, &mut warn, &mut records);
                }
            }
            flush(&mut batch, &mut warn, &mut records);
            if records == 0 && nonblank == 0 {
                warn(None, "empty file".into());
            }
        }
    }
    warnings
}

/// A reader that adds the bytes it reads to a shared counter.
struct Counting<'a, R> {
    inner: R,
    count: &'a AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Lines extracted together in parallel.
const LINES_PER_BATCH: usize = 256;

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
    let text = match std::str::from_utf8(line) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => match decode(line) {
            Ok(d) => {
                warnings.push(d.note.unwrap_or_else(|| "not UTF-8".into()));
                std::borrow::Cow::Owned(d.text)
            }
            Err(reason) => {
                warnings.push(reason);
                return LineOutcome {
                    article: None,
                    warnings,
                };
            }
        },
    };
    let value: serde_json::Value = match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(format!("malformed JSON: {e}"));
            return LineOutcome {
                article: None,
                warnings,
            };
        }
    };
    match json_article::from_value(
        &value,
        format!("{stem}#{line_no}"),
        path.to_string(),
        gazetteer,
    ) {
        Ok(article) => LineOutcome {
            article: Some(article),
            warnings,
        },
        Err(e) => {
            warnings.push(e);
            LineOutcome {
                article: None,
                warnings,
            }
        }
    }
}

fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for ext in [
        ".jsonl.gz",
        ".ndjson.gz",
        ".jsonl",
        ".ndjson",
        ".json",
        ".txt",
    ] {
        if name.to_lowercase().ends_with(ext) {
            return name[..name.len() - ext.len()].to_owned();
        }
    }
    name
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    File::open(path)?
        .take(MAX_RECORD_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

enum Line {
    Read,
    TooLong(u64),
    Eof,
}

/// `read_until(b'\n')` that stops buffering after `limit` bytes and skips
/// the rest of the line.
fn read_line_limited(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<Line> {
    buf.clear();
    let mut total: u64 = 0;
    let mut any = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if !any {
                Line::Eof
            } else if total > limit as u64 {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
        any = true;
        let (used, done) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        total += used as u64;
        if total <= limit as u64 {
            buf.extend_from_slice(&chunk[..used]);
        } else {
            buf.clear();
        }
        reader.consume(used);
        if done {
            return Ok(if total > limit as u64 {
                Line::TooLong(total)
            } else {
                Line::Read
            });
        }
    }
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
    fn long_lines_are_skipped() {
        let mut reader: &[u8] = b"short\nvery long line\nend";
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_limited(&mut reader, &mut buf, 8).unwrap(),
            Line::Read
        ));
        assert_eq!(buf, b"short\n");
        assert!(matches!(
            read_line_limited(&mut reader, &mut buf, 8).unwrap(),
            Line::TooLong(15)
        ));
        assert!(matches!(
            read_line_limited(&mut reader, &mut buf, 8).unwrap(),
            Line::Read
        ));
        assert_eq!(buf, b"end");
        assert!(matches!(
            read_line_limited(&mut reader, &mut buf, 8).unwrap(),
            Line::Eof
        ));
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
