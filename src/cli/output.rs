//! Writing to stdout the way command-line users expect: colour/bold only on
//! a terminal, and a closed pipe (`vnsearch … | head`) ends the program
//! quietly instead of panicking.

use std::io::{self, IsTerminal, Write};

/// True when stdout is a terminal, so bold and progress bars make sense.
pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// True when stderr is a terminal (progress bars go there).
pub fn stderr_is_terminal() -> bool {
    io::stderr().is_terminal()
}

/// A buffered, locked stdout.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Writes `s` as one JSON line.
pub fn write_json_line(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
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
