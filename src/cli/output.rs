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

/// `1 result`, `2 results`: a count with its noun, singular for one.
pub fn counted(count: impl Into<u64>, singular: &str, plural: &str) -> String {
    let count = count.into();
    format!("{count} {}", if count == 1 { singular } else { plural })
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

/// Text styling: ANSI on a terminal, plain markers when piped.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    terminal: bool,
}

impl Style {
    pub fn for_stdout() -> Style {
        Style {
            terminal: stdout_is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    pub fn bold(&self, text: &str) -> String {
        if self.terminal {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn dim(&self, text: &str) -> String {
        if self.terminal {
            format!("\x1b[2m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// Highlight markers for matched words: bold on a terminal, `[…]` when piped.
    pub fn highlight_open(&self) -> &'static str {
        if self.terminal {
            "\x1b[1;31m"
        } else {
            "["
        }
    }

    /// Markup for highlighted text on this output.
    pub fn highlight(&self) -> crate::search::Markup<'static> {
        crate::search::Markup::plain(self.highlight_open(), self.highlight_close())
    }

    pub fn highlight_close(&self) -> &'static str {
        if self.terminal {
            "\x1b[0m"
        } else {
            "]"
        }
    }
}
