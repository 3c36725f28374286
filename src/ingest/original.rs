//! An indexed article's original text, read back from its file.
//!
//! The index keeps the cleaned body, not the text as published; a reader
//! checking what the cleaning removed (`vnsearch show`) needs the text as
//! it is in the file. Finding it means reading the file exactly as
//! indexing did (the format from [`Format`], the same decoding, gzip
//! reading, line numbering and JSON keys), which is why this lives in
//! `ingest` rather than in a front end with its own copy of those rules.

use std::fs::File;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use serde_json::Value;

use super::decode::limit_marks;
use super::json_article;
use super::lines::{line_reader, parse_json_line, Lines, RawLine};
use super::read::{fallback_id, read_decoded};
use super::walk::Format;

/// The original text of the article `id` indexed from `path` (at `line`,
/// for JSON Lines), as the file has it now:
///
/// - `.txt`: the whole file, decoded;
/// - `.jsonl`, `.jsonl.gz`: the text of the record at `line`, under the
///   same keys ingestion reads (`text`, `body`, `content`);
/// - `.json`: the text of its one record, or of the array record whose id
///   is `id` (its own `id`, else `stem#N` for the `N`th record).
///
/// `Ok(None)` when the file no longer holds that record or the record has
/// no text (the file changed since indexing), or the path is not in an
/// article format. `Err` when the file cannot be read or decoded.
///
/// Stacked combining marks are cut as they were for indexing.
pub fn original_text(path: &Path, id: &str, line: Option<u64>) -> Result<Option<String>> {
    let text = stored_text(path, id, line)?;
    Ok(text.map(|text| limit_marks(&text).map_or(text, |(kept, _)| kept)))
}

fn stored_text(path: &Path, id: &str, line: Option<u64>) -> Result<Option<String>> {
    let Some(format) = Format::of(path) else {
        return Ok(None);
    };
    if format.is_streamed() {
        return match line {
            Some(line) => json_line_text(path, format, line),
            None => Ok(None),
        };
    }
    let size = std::fs::metadata(path)
        .with_context(|| format!("reading `{}`", path.display()))?
        .len();
    let decoded =
        read_decoded(path, size).map_err(|reason| anyhow!("`{}`: {reason}", path.display()))?;
    Ok(match format {
        Format::Text => Some(decoded.text),
        _ => json_document_text(&decoded.text, &Format::stem(path), id),
    })
}

/// The text of the record at line `line` (from 1) of a JSON Lines file.
fn json_line_text(path: &Path, format: Format, line: u64) -> Result<Option<String>> {
    let file = File::open(path).with_context(|| format!("reading `{}`", path.display()))?;
    let mut lines = Lines::new(line_reader(file, format));
    loop {
        match lines.next_line() {
            (_, RawLine::Eof) => return Ok(None),
            (n, RawLine::Failed(e)) => {
                return Err(anyhow!(e).context(format!("reading `{}` line {n}", path.display())))
            }
            (n, RawLine::Record(bytes)) if n as u64 == line => {
                return Ok(parse_json_line(bytes, &mut Vec::new()).and_then(|v| record_text(&v)))
            }
            (n, _) if n as u64 >= line => return Ok(None),
            _ => {}
        }
    }
}

/// The text of the record `id` in a `.json` file's contents.
fn json_document_text(contents: &str, stem: &str, id: &str) -> Option<String> {
    match serde_json::from_str::<Value>(contents).ok()? {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find(|(i, item)| {
                let own = item.as_object().and_then(json_article::id_of);
                own.unwrap_or_else(|| fallback_id(stem, i + 1)) == id
            })
            .and_then(|(_, item)| record_text(item)),
        value => record_text(&value),
    }
}

fn record_text(value: &Value) -> Option<String> {
    json_article::text_of(value.as_object()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    const LINES: &str = concat!(
        "{\"title\":\"A\",\"text\":\"under text\"}\n",
        "\n",
        "{\"title\":\"B\",\"body\":\"under body\"}\n",
        "{\"title\":\"C\",\"content\":\"  under content \"}\n",
        "{\"title\":\"D\"}\n",
    );

    #[test]
    fn plain_text_is_the_whole_decoded_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.txt", "\u{feff}Tin\n\nNội dung.".as_bytes());
        let text = original_text(&path, "a", None).unwrap();
        assert_eq!(text.as_deref(), Some("Tin\n\nNội dung."));
    }

    #[test]
    fn json_lines_use_the_ingestion_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "n.jsonl", LINES.as_bytes());
        let at = |line| original_text(&path, "n#x", Some(line)).unwrap();
        assert_eq!(at(1).as_deref(), Some("under text"));
        assert_eq!(at(3).as_deref(), Some("under body"));
        assert_eq!(at(4).as_deref(), Some("under content"));
        // A blank line, a record without text, a line past the end.
        assert_eq!(at(2), None);
        assert_eq!(at(5), None);
        assert_eq!(at(99), None);
        assert_eq!(original_text(&path, "n#1", None).unwrap(), None);
    }

    #[test]
    fn gzip_json_lines() {
        let dir = tempfile::tempdir().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(LINES.as_bytes()).unwrap();
        let path = write(dir.path(), "n.JSONL.gz", &gz.finish().unwrap());
        let text = original_text(&path, "n#4", Some(4)).unwrap();
        assert_eq!(text.as_deref(), Some("under content"));
    }

    #[test]
    fn json_records_are_found_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let one = write(dir.path(), "one.json", br#"{"title":"T","body":"x"}"#);
        assert_eq!(
            original_text(&one, "one", None).unwrap().as_deref(),
            Some("x")
        );
        let many = write(
            dir.path(),
            "many.json",
            br#"[{"title":"T","text":"first"},{"id":"own","content":"second"},{"text":"third"}]"#,
        );
        let by_id = |id| original_text(&many, id, None).unwrap();
        assert_eq!(by_id("many#1").as_deref(), Some("first"));
        assert_eq!(by_id("own").as_deref(), Some("second"));
        assert_eq!(by_id("many#3").as_deref(), Some("third"));
        assert_eq!(by_id("many#2"), None);
    }

    #[test]
    fn a_missing_file_is_an_error_and_other_files_have_none() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["gone.txt", "gone.json"] {
            let err = original_text(&dir.path().join(name), "gone", None).unwrap_err();
            assert!(format!("{err:#}").contains(name), "{err:#}");
        }
        let err = original_text(&dir.path().join("gone.jsonl"), "gone#1", Some(1)).unwrap_err();
        assert!(format!("{err:#}").contains("gone.jsonl"), "{err:#}");
        let other = write(dir.path(), "notes.md", b"x");
        assert_eq!(original_text(&other, "notes", None).unwrap(), None);
    }
}
