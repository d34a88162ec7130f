//! `phi-lint completions SHELL` and `phi-lint manpage`: generated from the argument definitions
//! (clap_complete, clap_mangen), so they cannot drift from the CLI.

use clap::CommandFactory;
use miette::{IntoDiagnostic, Result};

use crate::Status;
use crate::args::Cli;

/// Writes the completion script for `shell` to stdout.
pub(crate) fn completions(shell: clap_complete::Shell) -> Result<Status> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "phi-lint", &mut crate::output::stdout());
    Ok(Status::Clean)
}

/// Writes the man page (section 1, roff) to stdout.
pub(crate) fn manpage() -> Result<Status> {
    clap_mangen::Man::new(Cli::command())
        .render(&mut crate::output::stdout())
        .into_diagnostic()?;
    Ok(Status::Clean)
}
