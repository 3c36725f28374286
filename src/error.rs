//! Errors caused by what the user passed in (a bad argument, an unknown
//! city, unreadable input), as opposed to failures of vnsearch or the
//! system. `main` exits with status 2 for these and 1 for the rest.

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
