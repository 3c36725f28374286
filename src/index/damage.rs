//! Telling a damaged index apart from other failures, and saying so in
//! words a user can act on.
//!
//! A disk that filled up, a copy that was cut short or a file removed by
//! hand leaves an index that tantivy rejects with messages about its own
//! internals ("old tantivy versions", "footer magic byte mismatch", a file
//! that "does not exist"). Those are true but name neither the cause nor
//! the cure. Every error met while opening or searching an index is passed
//! through [`translate`]; when the index turns out to be damaged it becomes
//! a [`Damaged`] error that names the file and tells the user to rebuild.
//!
//! Tantivy memory-maps segment files and only reads parts of them when a
//! search needs them, so damage may surface long after opening: the check
//! here runs when an error comes out, not only at open. The cheap checks
//! (metadata readable, every segment file present and ending in tantivy's
//! footer) come first; a checksum of every file runs only when those find
//! nothing, and only after a failure.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tantivy::TantivyError;

/// The last 8 bytes of every tantivy file: footer length, magic number.
const FOOTER_TAIL_BYTES: u64 = 8;
const FOOTER_MAGIC_NUMBER: u32 = 1337;
/// tantivy refuses footers longer than this.
const FOOTER_MAX_LEN: u32 = 50_000;

/// An index with a file that is missing, cut short or overwritten.
#[derive(Debug)]
pub struct Damaged {
    pub dir: PathBuf,
    pub file: PathBuf,
    /// What is wrong with the file ("is missing", "is empty", …).
    pub problem: String,
}

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the index in `{dir}` is damaged: `{file}` {problem}. This happens when a disk \
             fills up, a copy is cut short or index files are changed by hand; the articles \
             themselves are safe in your corpus. Rebuild the index with \
             `vnsearch index --rebuild --index {dir}` (add the corpus folders if they are not \
             `corpus/`).",
            dir = self.dir.display(),
            file = self.file.display(),
            problem = self.problem,
        )
    }
}

impl std::error::Error for Damaged {}

/// `error`, met while opening or searching the index in `dir`, as a
/// [`Damaged`] error when the index is damaged; otherwise unchanged.
pub fn translate(dir: &Path, error: anyhow::Error) -> anyhow::Error {
    if error.chain().any(|c| c.is::<Damaged>()) || !may_be_damage(&error) {
        return error;
    }
    if let Some(damaged) = inspect(dir).or_else(|| checksums(dir)) {
        return anyhow::Error::new(damaged);
    }
    match named_by_tantivy(&error) {
        Some((file, problem)) => anyhow::Error::new(Damaged {
            dir: dir.to_path_buf(),
            file: dir.join(file),
            problem,
        }),
        None => error,
    }
}

/// Errors that a damaged index can cause: tantivy's, and reading errors
/// of the kinds corrupt data gives (not, say, a reader that went away).
fn may_be_damage(error: &anyhow::Error) -> bool {
    use std::io::ErrorKind;
    error.chain().any(|c| {
        c.is::<TantivyError>()
            || c.is::<tantivy::directory::error::OpenReadError>()
            || c.is::<tantivy::directory::error::OpenDirectoryError>()
            || c.downcast_ref::<std::io::Error>().is_some_and(|e| {
                matches!(
                    e.kind(),
                    ErrorKind::InvalidData
                        | ErrorKind::UnexpectedEof
                        | ErrorKind::NotFound
                        | ErrorKind::Other
                )
            })
    })
}

/// The file a tantivy error names, if any, with what went wrong.
fn named_by_tantivy(error: &anyhow::Error) -> Option<(PathBuf, String)> {
    use tantivy::directory::error::OpenReadError;
    error.chain().find_map(|cause| {
        let open_read = cause.downcast_ref::<OpenReadError>().or_else(|| {
            match cause.downcast_ref::<TantivyError>()? {
                TantivyError::OpenReadError(e) => Some(e),
                _ => None,
            }
        });
        match open_read? {
            OpenReadError::FileDoesNotExist(path) => Some((path.clone(), "is missing".into())),
            OpenReadError::IoError { filepath, io_error } => {
                Some((filepath.clone(), format!("cannot be read ({io_error})")))
            }
            OpenReadError::IncompatibleIndex(_) => None,
        }
    })
}

/// The cheap checks: `meta.json` readable, every file of every segment it
/// lists present, non-empty and ending in a tantivy footer. `None` when
/// all of that holds (or when `dir` holds no index at all).
pub fn inspect(dir: &Path) -> Option<Damaged> {
    let damaged = |file: PathBuf, problem: &str| Damaged {
        dir: dir.to_path_buf(),
        file,
        problem: problem.to_string(),
    };
    let meta_path = dir.join("meta.json");
    let text = match std::fs::read(&meta_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(damaged(meta_path, &format!("cannot be read ({e})"))),
    };
    let files = match segment_files(&text) {
        Ok(files) => files,
        Err(problem) => return Some(damaged(meta_path, &problem)),
    };
    files.into_iter().find_map(|name| {
        let path = dir.join(&name);
        footer_problem(&path).map(|problem| damaged(path, &problem))
    })
}

/// The files `meta.json` says make up the index, or what is wrong with it.
fn segment_files(meta: &[u8]) -> Result<BTreeSet<String>, String> {
    let not_metadata = |why: &str| format!("is not valid index metadata ({why})");
    let meta: Value =
        serde_json::from_slice(meta).map_err(|e| not_metadata(&format!("not JSON: {e}")))?;
    if let Some(key) = ["schema", "opstamp"]
        .into_iter()
        .find(|k| meta.get(k).is_none())
    {
        return Err(not_metadata(&format!("no `{key}`")));
    }
    let segments = meta
        .get("segments")
        .and_then(Value::as_array)
        .ok_or_else(|| not_metadata("no list of segments"))?;
    let mut files = BTreeSet::new();
    for segment in segments {
        let id = segment
            .get("segment_id")
            .and_then(Value::as_str)
            .ok_or_else(|| not_metadata("a segment without an id"))?;
        let stem = id.replace('-', "");
        for ext in SEGMENT_EXTENSIONS {
            files.insert(format!("{stem}.{ext}"));
        }
        if let Some(opstamp) = segment
            .get("deletes")
            .and_then(|d| d.get("opstamp"))
            .and_then(Value::as_u64)
        {
            files.insert(format!("{stem}.{opstamp}.del"));
        }
    }
    Ok(files)
}

/// The files tantivy writes for every segment.
const SEGMENT_EXTENSIONS: [&str; 6] = ["idx", "pos", "term", "store", "fast", "fieldnorm"];

/// What is wrong with the end of a segment file, if anything.
fn footer_problem(path: &Path) -> Option<String> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some("is missing".into()),
        Err(e) => return Some(format!("cannot be read ({e})")),
    };
    let len = match file.metadata() {
        Ok(m) => m.len(),
        Err(e) => return Some(format!("cannot be read ({e})")),
    };
    if len == 0 {
        return Some("is empty".into());
    }
    let cut_short =
        || Some("is cut short or overwritten (it does not end as an index file does)".into());
    if len < FOOTER_TAIL_BYTES {
        return cut_short();
    }
    let mut tail = [0u8; FOOTER_TAIL_BYTES as usize];
    let read = file
        .seek(SeekFrom::End(-(FOOTER_TAIL_BYTES as i64)))
        .and_then(|_| file.read_exact(&mut tail));
    if let Err(e) = read {
        return Some(format!("cannot be read ({e})"));
    }
    if tail.iter().all(|&b| b == 0) {
        return Some("is zeroed (it ends in zero bytes where an index file has its footer)".into());
    }
    let footer_len = u32::from_le_bytes(tail[..4].try_into().expect("4 bytes"));
    let magic = u32::from_le_bytes(tail[4..].try_into().expect("4 bytes"));
    if magic != FOOTER_MAGIC_NUMBER
        || footer_len > FOOTER_MAX_LEN
        || u64::from(footer_len) + FOOTER_TAIL_BYTES > len
    {
        return cut_short();
    }
    // The footer itself is a small JSON object (version, checksum).
    let mut footer = vec![0u8; footer_len as usize];
    let read = file
        .seek(SeekFrom::End(
            -i64::from(footer_len) - FOOTER_TAIL_BYTES as i64,
        ))
        .and_then(|_| file.read_exact(&mut footer));
    if let Err(e) = read {
        return Some(format!("cannot be read ({e})"));
    }
    if serde_json::from_slice::<Value>(&footer).is_err() {
        return cut_short();
    }
    None
}

/// The slow check: every file's checksum (reads the whole index).
fn checksums(dir: &Path) -> Option<Damaged> {
    let index = tantivy::Index::open_in_dir(dir).ok()?;
    let bad = index.validate_checksum().ok()?;
    let file = bad.into_iter().min()?;
    Some(Damaged {
        dir: dir.to_path_buf(),
        file: dir.join(file),
        problem: "does not match its checksum (its contents changed after it was written)".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_must_list_segments() {
        assert!(segment_files(b"garbage").unwrap_err().contains("not JSON"));
        assert!(segment_files(b"{}").unwrap_err().contains("no `schema`"));
        let no_segments = br#"{"schema":[],"opstamp":1}"#;
        assert!(segment_files(no_segments)
            .unwrap_err()
            .contains("no list of segments"));
        let files = segment_files(
            br#"{"schema":[],"opstamp":9,"segments":[{"segment_id":"0a1b2c3d-0000-0000-0000-000000000000","deletes":{"num_deleted_docs":1,"opstamp":7}}]}"#,
        )
        .unwrap();
        assert!(files.contains("0a1b2c3d000000000000000000000000.term"));
        assert!(files.contains("0a1b2c3d000000000000000000000000.7.del"));
        assert_eq!(files.len(), 7);
    }

    #[test]
    fn footers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let check = |bytes: &[u8]| {
            std::fs::write(&path, bytes).unwrap();
            footer_problem(&path)
        };
        let mut good = vec![7u8; 20];
        good.extend(b"{\"a\":1}");
        good.extend(7u32.to_le_bytes());
        good.extend(FOOTER_MAGIC_NUMBER.to_le_bytes());
        assert_eq!(check(&good), None);
        assert!(check(&[]).unwrap().contains("empty"));
        assert!(check(&[0; 64]).unwrap().contains("zeroed"));
        assert!(check(&good[..good.len() - 3])
            .unwrap()
            .contains("cut short"));
        let mut bad_footer = good.clone();
        bad_footer[21] = b'x';
        assert!(check(&bad_footer).unwrap().contains("cut short"));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(footer_problem(&path).unwrap(), "is missing");
    }
}
