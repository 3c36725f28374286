//! Handing freed memory back to the system while a build runs.
//!
//! The writer allocates its indexing arenas, frees them at every segment
//! flush and allocates them again, while merges and extraction allocate
//! beside them; glibc keeps most of what is freed inside its heaps, so a
//! full build's resident memory only grows (1,148 MiB at its peak for the
//! shared corpus). A thread asks glibc every half second to return the
//! free pages (`malloc_trim`), which keeps the peak near what is really
//! in use. The server is not affected: it never builds.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

const EVERY: Duration = Duration::from_millis(500);

/// Trims until dropped.
pub struct Trimmer {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Trimmer {
    pub fn start() -> Trimmer {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("memory-trim".into())
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::park_timeout(EVERY);
                    trim();
                }
            })
            .ok();
        Trimmer { stop, thread }
    }
}

impl Drop for Trimmer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    // SAFETY: malloc_trim only releases free memory of glibc's own heaps;
    // it takes the heaps' locks and may be called from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_ends_when_the_trimmer_is_dropped() {
        let trimmer = Trimmer::start();
        assert!(
            trimmer.thread.is_some(),
            "the trimming thread did not start"
        );
        std::thread::sleep(EVERY / 4);
        // Joins the thread: a trimmer that did not stop would hang here.
        drop(trimmer);
    }
}
