//! Standard output that ends the process quietly when the reader has gone.
//!
//! `phi-lint rules | head` closes the pipe early; a write then fails with `BrokenPipe`, which
//! is not an error of phi-lint's to report. Like ripgrep, the process exits at once, printing
//! nothing (Rust ignores SIGPIPE, so without this the error surfaces as "Broken pipe").

use std::io::{self, Write};

/// The locked standard output, exiting with status 0 on a broken pipe.
pub(crate) fn stdout() -> Stdout {
    Stdout(io::stdout().lock())
}

/// See [`stdout`].
pub(crate) struct Stdout(io::StdoutLock<'static>);

fn quiet_on_broken_pipe<T>(result: io::Result<T>) -> io::Result<T> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => other,
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        quiet_on_broken_pipe(self.0.write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        quiet_on_broken_pipe(self.0.write_all(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        quiet_on_broken_pipe(self.0.flush())
    }
}
