//! The list of indexed files with their size, modification time and
//! content hash, kept beside the index so that `vnsearch index` can update
//! an index instead of rebuilding it: unchanged files (same size and mtime)
//! are not even read, changed ones are re-indexed, deleted ones removed.
//!
//! The manifest is written after the commit it describes and records that
//! commit's opstamp. A manifest from another commit (a run killed between
//! commit and manifest write) is not trusted: every file then counts as
//! changed, which re-indexes it and is always safe.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

pub const FILE_NAME: &str = "vnsearch-files.json";

/// What was indexed from one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub size: u64,
    /// Modification time, nanoseconds since the epoch (0 if unknown).
    pub mtime_ns: i128,
    /// FNV-1a of the file's bytes.
    pub hash: u64,
    pub articles: u64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The commit this manifest describes.
    pub opstamp: u64,
    /// Canonical path → entry.
    pub files: BTreeMap<String, FileEntry>,
}

impl Manifest {
    /// Loads the manifest of `dir` if it describes commit `opstamp`.
    pub fn load(dir: &Path, opstamp: u64) -> Option<Manifest> {
        let text = std::fs::read_to_string(dir.join(FILE_NAME)).ok()?;
        let manifest: Manifest = serde_json::from_str(&text).ok()?;
        (manifest.opstamp == opstamp).then_some(manifest)
    }

    /// Writes atomically (temporary file, then rename).
    pub fn save(&self, dir: &Path) -> Result<()> {
        let tmp = dir.join(format!("{FILE_NAME}.tmp"));
        std::fs::write(&tmp, serde_json::to_vec(self)?)
            .with_context(|| format!("writing `{}`", tmp.display()))?;
        std::fs::rename(&tmp, dir.join(FILE_NAME))
            .with_context(|| format!("replacing `{}`", dir.join(FILE_NAME).display()))?;
        Ok(())
    }
}

/// The canonical form of a path, the key of the manifest and of the
/// `file_key` field: the same file reached through another relative path
/// or a symlink is the same file.
pub fn file_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

pub fn mtime_ns(modified: Option<std::time::SystemTime>) -> i128 {
    modified
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

/// FNV-1a, 64 bit: stable across Rust versions and platforms, unlike
/// `DefaultHasher`, and fast enough to hash a corpus while indexing it.
pub fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Hashes a file by streaming it.
pub fn hash_file(path: &Path) -> Result<u64> {
    let mut file =
        std::fs::File::open(path).with_context(|| format!("opening `{}`", path.display()))?;
    let mut buffer = vec![0u8; 1 << 16];
    let mut hash = FNV_OFFSET;
    loop {
        let n = file
            .read(&mut buffer)
            .with_context(|| format!("reading `{}`", path.display()))?;
        if n == 0 {
            return Ok(hash);
        }
        hash = fnv1a(&buffer[..n], hash);
    }
}

/// Is `key` (a canonical path) inside one of the canonical `roots`?
pub fn under_any(key: &str, roots: &[PathBuf]) -> bool {
    let path = Path::new(key);
    roots.iter().any(|root| path.starts_with(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_reference_values() {
        assert_eq!(fnv1a(b"", FNV_OFFSET), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a", FNV_OFFSET), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar", FNV_OFFSET), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn manifest_round_trip_and_opstamp_check() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut m = Manifest {
            opstamp: 7,
            ..Default::default()
        };
        m.files.insert(
            "/x/a.txt".into(),
            FileEntry {
                size: 3,
                mtime_ns: 5,
                hash: 9,
                articles: 1,
            },
        );
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::load(dir.path(), 7).unwrap().files, m.files);
        assert!(
            Manifest::load(dir.path(), 8).is_none(),
            "another commit's manifest is not trusted"
        );
    }
}
