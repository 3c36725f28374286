//! What kind of failure an error is, and so the exit status: the one place
//! that decides it (`main` only asks). Errors caused by what the user passed
//! in (a bad argument, an unknown city, a query that does not parse, a path
//! that does not exist) are [`UsageError`]s and exit 2; failures of
//! vnsearch or the system (I/O, a damaged or locked index) exit 1; a reader
//! that went away (`vnsearch … | head`) is not a failure and exits 0.

use std::io;

/// See the module documentation.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Shorthand for returning a [`UsageError`].
pub fn usage_error(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(UsageError(message.into()))
}

/// Exit statuses (documented in the README).
pub mod exit {
    pub const SUCCESS: u8 = 0;
    /// vnsearch or the system failed (I/O, damaged or locked index,
    /// `inspect --strict` with warnings).
    pub const FAILURE: u8 = 1;
    /// The user's input is wrong (argument, name, query, path, id).
    pub const USAGE: u8 = 2;
}

/// True when an error chain is a broken pipe: the reader went away, which is
/// not a failure of ours.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The exit status for an error.
pub fn exit_status(error: &anyhow::Error) -> u8 {
    if is_broken_pipe(error) {
        exit::SUCCESS
    } else if error
        .chain()
        .any(|c| c.downcast_ref::<UsageError>().is_some())
    {
        exit::USAGE
    } else {
        exit::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn statuses_follow_the_kind() {
        assert_eq!(exit_status(&usage_error("bad")), exit::USAGE);
        let wrapped = Err::<(), _>(usage_error("bad"))
            .context("while searching")
            .unwrap_err();
        assert_eq!(exit_status(&wrapped), exit::USAGE);
        assert_eq!(exit_status(&anyhow::anyhow!("disk")), exit::FAILURE);
        let pipe = anyhow::Error::new(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(exit_status(&pipe), exit::SUCCESS);
    }
}
