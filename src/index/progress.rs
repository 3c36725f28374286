//! Progress of a build, for the progress bar.
//!
//! Progress is counted in bytes of the files being (re-)indexed, not in
//! articles: the number of articles is only known once every file has been
//! read, while the bytes are known from the walk, so an ETA can be given
//! from the start. A compressed file counts its compressed bytes, which is
//! what is read from disk.

/// Where a build is: bytes of the files to (re-)index read so far (for a
/// compressed file, its compressed bytes), their total, articles added.
#[derive(Clone, Copy, Debug)]
pub struct ProgressUpdate {
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub articles: u64,
}

/// Called as a build goes.
pub type Progress = Box<dyn FnMut(ProgressUpdate)>;

/// Progress reporting across files and batches.
pub(super) struct Tracker {
    callback: Option<Progress>,
    /// Bytes of the files finished so far.
    bytes_done: u64,
    bytes_total: u64,
}

impl Tracker {
    pub(super) fn new(callback: Option<Progress>, bytes_total: u64) -> Tracker {
        Tracker {
            callback,
            bytes_done: 0,
            bytes_total,
        }
    }

    /// Reports `reading` bytes into the current file.
    pub(super) fn report(&mut self, reading: u64, articles: u64) {
        if let Some(callback) = self.callback.as_mut() {
            callback(ProgressUpdate {
                bytes_done: self.bytes_done + reading,
                bytes_total: self.bytes_total,
                articles,
            });
        }
    }

    /// Marks a file of `size` bytes finished.
    pub(super) fn finish(&mut self, size: u64, articles: u64) {
        self.bytes_done += size;
        self.report(0, articles);
    }
}
