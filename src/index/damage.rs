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
//! nothing, and only after a failure. Tantivy panics on some damage inside
//! a file instead of returning an error, so reading runs inside [`guard`],
//! which turns those panics into the same report.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::fmt;
use std::io::{Read, Seek, SeekFrom};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once};

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

thread_local! {
    /// Whether this thread is inside [`guard`]: its panics are reported
    /// as errors, so the panic hook keeps quiet.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Set while a whole command runs guarded ([`guard_process`]): the panics
/// of every thread (tantivy's indexing and merging threads too) are then
/// the command's to report.
static PROCESS_GUARDED: AtomicBool = AtomicBool::new(false);
/// The last panic met while guarded: message and place.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
static QUIET_HOOK: Once = Once::new();

/// Installs, once, a panic hook that records instead of printing the
/// panics met while guarded; other panics print as before.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) || PROCESS_GUARDED.load(Ordering::SeqCst) {
                let place = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let message = format!("{}{place}", payload_text(info.payload()));
                *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(message);
            } else {
                previous(info);
            }
        }));
    });
}

fn take_last_panic() -> Option<String> {
    LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take()
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

/// Runs `work`, which reads the index in `dir`, so that neither its errors
/// nor its panics reach the user raw. Tantivy trusts the bytes of a file
/// whose footer is intact and panics (slice bounds, assertions) on damage
/// inside it; such a panic becomes the [`Damaged`] error when the index
/// is damaged, else an error asking for a bug report. Errors go through
/// [`translate`]. Only this thread's panics are caught (one request of
/// the server).
pub fn guard<T>(dir: &Path, work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    install_quiet_hook();
    let outer = GUARDED.with(|g| g.replace(true));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(outer));
    match outcome {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => {
            let error = translate(dir, error);
            // A panic in another thread of the command (an indexing
            // thread) that led to this error belongs in it when the index
            // is not to blame. (In the server another thread's panic is
            // another request's.)
            let other_thread = PROCESS_GUARDED
                .load(Ordering::SeqCst)
                .then(take_last_panic)
                .flatten();
            match other_thread {
                Some(message) if !error.chain().any(|c| c.is::<Damaged>()) => {
                    Err(error.context(format!("a vnsearch thread failed ({message})")))
                }
                _ => Err(error),
            }
        }
        Err(payload) => {
            let message = take_last_panic().unwrap_or_else(|| payload_text(payload.as_ref()));
            match inspect(dir).or_else(|| checksums(dir)) {
                Some(damaged) => Err(damaged.into()),
                None => Err(anyhow::anyhow!(
                    "vnsearch failed inside ({message}); this is a bug: please report it with the command that caused it"
                )),
            }
        }
    }
}

/// [`guard`] for a whole command: the panics of every thread it starts are
/// caught or kept quiet too (the CLI runs one command per process).
pub fn guard_process<T>(dir: &Path, work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    install_quiet_hook();
    PROCESS_GUARDED.store(true, Ordering::SeqCst);
    let result = guard(dir, work);
    PROCESS_GUARDED.store(false, Ordering::SeqCst);
    result
}

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
    fn panics_become_errors() {
        let dir = tempfile::tempdir().unwrap();
        let value = guard(dir.path(), || Ok(7)).unwrap();
        assert_eq!(value, 7);
        let error = guard(dir.path(), || -> anyhow::Result<()> { panic!("boom") }).unwrap_err();
        let message = format!("{error:#}");
        assert!(
            message.contains("boom") && message.contains("bug"),
            "{message}"
        );
        std::fs::write(dir.path().join("meta.json"), "garbage").unwrap();
        let error = guard(dir.path(), || -> anyhow::Result<()> { panic!("boom") }).unwrap_err();
        assert!(error.is::<Damaged>(), "{error:#}");
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
