//! Streaming JSON Lines: numbered lines, through gzip when compressed,
//! none held beyond [`MAX_RECORD_BYTES`], each parsed to a JSON value.
//!
//! Both indexing ([`super::read`]) and re-reading an article's original
//! text ([`super::original`]) walk JSON Lines files; sharing these steps
//! keeps line numbers, decoding and limits the same for both, so the line
//! an article was indexed from is the line read back. Compressed input is
//! also bounded by how far it inflates ([`MAX_GZIP_EXPANSION`]).

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::read::MultiGzDecoder;
use serde_json::Value;

use super::decode::decode;
use super::read::MAX_RECORD_BYTES;
use super::walk::Format;

/// The line-by-line reader for a streamed format: through gzip when the
/// format is compressed, stopped if it inflates like a gzip bomb.
pub(super) fn line_reader<'a>(raw: impl Read + 'a, format: Format) -> Box<dyn BufRead + 'a> {
    if format.is_gzip() {
        let compressed = Arc::new(AtomicU64::new(0));
        let counted = Tally {
            inner: raw,
            count: Arc::clone(&compressed),
        };
        let inflated = BombGuard {
            inner: MultiGzDecoder::new(BufReader::new(counted)),
            compressed,
            expanded: 0,
        };
        Box::new(BufReader::new(inflated))
    } else {
        Box::new(BufReader::new(raw))
    }
}

/// Most a gzip stream may expand over its compressed size. News text
/// compresses 3–4× (the shipped 370 MB corpus is 107 MB of gzip), very
/// repetitive JSON perhaps 20×; a file of zeros or of one line repeated
/// (a gzip bomb: megabytes that expand to gigabytes) is over 1,000×.
pub const MAX_GZIP_EXPANSION: u64 = 100;
/// The ratio is judged only past this much output, so that a small file
/// with a long run of one character is not mistaken for a bomb.
const GZIP_EXPANSION_GRACE_BYTES: u64 = 4 << 20;

/// Counts the bytes read through it into a shared counter.
struct Tally<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Tally<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Inflated gzip that fails once its output outgrows its input by more than
/// [`MAX_GZIP_EXPANSION`]: without it a small file could keep indexing
/// busy decompressing for hours (or, as lines, fill the disk with them).
struct BombGuard<R> {
    inner: R,
    compressed: Arc<AtomicU64>,
    expanded: u64,
}

impl<R: Read> Read for BombGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.expanded += n as u64;
        let compressed = self.compressed.load(Ordering::Relaxed).max(1);
        if self.expanded > GZIP_EXPANSION_GRACE_BYTES
            && self.expanded > compressed.saturating_mul(MAX_GZIP_EXPANSION)
        {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "gzip data expands more than {MAX_GZIP_EXPANSION} times ({} MB from {} KB \
                     so far), which real articles never do; treated as a gzip bomb",
                    self.expanded >> 20,
                    compressed >> 10
                ),
            ));
        }
        Ok(n)
    }
}

/// A reader that adds the bytes it reads to a shared counter.
pub(super) struct Counting<'a, R> {
    pub(super) inner: R,
    pub(super) count: &'a AtomicU64,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The lines of a JSON Lines stream, numbered from 1, none buffered
/// beyond [`MAX_RECORD_BYTES`].
pub(super) struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    number: usize,
}

/// One line as [`Lines`] found it.
pub(super) enum RawLine<'a> {
    Record(&'a [u8]),
    /// Only whitespace.
    Blank,
    /// Over the limit, with the bytes it had.
    TooLong(u64),
    /// The stream broke (I/O or gzip error); nothing after it can be read.
    Failed(std::io::Error),
    Eof,
}

impl<R: BufRead> Lines<R> {
    pub(super) fn new(reader: R) -> Lines<R> {
        Lines {
            reader,
            buf: Vec::new(),
            number: 0,
        }
    }

    /// The next line and its number.
    pub(super) fn next_line(&mut self) -> (usize, RawLine<'_>) {
        self.number += 1;
        let line = match read_line_limited(&mut self.reader, &mut self.buf, MAX_RECORD_BYTES) {
            Ok(Line::Eof) => RawLine::Eof,
            Ok(Line::TooLong(n)) => RawLine::TooLong(n),
            Ok(Line::Read) if self.buf.iter().all(u8::is_ascii_whitespace) => RawLine::Blank,
            Ok(Line::Read) => RawLine::Record(&self.buf),
            Err(e) => RawLine::Failed(e),
        };
        (self.number, line)
    }
}

/// One JSON line's value, decoded if it is not UTF-8. Notes and problems
/// go to `warnings`; `None` means the line is unusable.
pub(super) fn parse_json_line(line: &[u8], warnings: &mut Vec<String>) -> Option<Value> {
    let text = match std::str::from_utf8(line) {
        Ok(t) => Cow::Borrowed(t),
        Err(_) => match decode(line) {
            Ok(d) => {
                warnings.push(d.note.unwrap_or_else(|| "not UTF-8".into()));
                Cow::Owned(d.text)
            }
            Err(reason) => {
                warnings.push(reason);
                return None;
            }
        },
    };
    match serde_json::from_str(text.trim_start_matches('\u{feff}')) {
        Ok(value) => Some(value),
        Err(e) => {
            warnings.push(format!("malformed JSON: {e}"));
            None
        }
    }
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

    #[test]
    fn gzip_bombs_stop_early() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..256 {
            gz.write_all(&zeros).unwrap();
        }
        let bomb = gz.finish().unwrap();
        assert!(bomb.len() < 1 << 20, "{}", bomb.len());
        let mut reader = line_reader(&bomb[..], Format::JsonLinesGz);
        let mut sink = Vec::new();
        let error = reader.read_to_end(&mut sink).unwrap_err();
        assert!(error.to_string().contains("gzip bomb"), "{error}");
        assert!(sink.len() < 8 << 20, "{} bytes inflated", sink.len());
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
}
