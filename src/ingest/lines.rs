//! Streaming JSON Lines: numbered lines, through gzip when compressed,
//! none held beyond [`MAX_RECORD_BYTES`], each parsed to a JSON value.
//!
//! Both indexing ([`super::read`]) and re-reading an article's original
//! text ([`super::original`]) walk JSON Lines files; sharing these steps
//! keeps line numbers, decoding and limits the same for both, so the line
//! an article was indexed from is the line read back.

use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::read::MultiGzDecoder;
use serde_json::Value;

use super::decode::decode;
use super::read::MAX_RECORD_BYTES;
use super::walk::Format;

/// The line-by-line reader for a streamed format: through gzip when the
/// format is compressed.
pub(super) fn line_reader<'a>(raw: impl Read + 'a, format: Format) -> Box<dyn BufRead + 'a> {
    if format.is_gzip() {
        Box::new(BufReader::new(MultiGzDecoder::new(BufReader::new(raw))))
    } else {
        Box::new(BufReader::new(raw))
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
