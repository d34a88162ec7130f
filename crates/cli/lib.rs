//! `phi-lint`: find protected health information in outbound messages and their templates.
//!
//! Thin glue over the `phi_lint` library: argument parsing, file walking, reporters and exit
//! codes. Exit codes: 0 clean, 1 findings at or above the failure threshold, 2 usage,
//! configuration or I/O error.

mod args;
mod baseline;
mod baseline_cmd;
mod check;
mod config_cmd;
mod dist;
mod document;
mod files;
mod fix;
mod git;
mod output;
mod report;
mod rules_cmd;
mod scan;
mod server;
mod suppress;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

/// The process exit status, as documented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Nothing at or above the failure threshold.
    Clean,
    /// Findings at or above the failure threshold.
    Findings,
    /// Usage, configuration or I/O error.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(match status {
            Status::Clean => 0,
            Status::Findings => 1,
            Status::Error => 2,
        })
    }
}

/// Runs the command line: parses the arguments, runs the command, and returns the documented
/// exit status (`main.rs` is a shim over this, so that fuzz targets can link the reporters).
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let usage = e.use_stderr();
            let _ = e.print();
            return if usage {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => rules_cmd::run(&args),
        Command::Scan(args) => scan::run(&args),
        Command::Baseline(args) => baseline_cmd::run(&args),
        Command::Config(args) => config_cmd::run(&args),
        Command::Completions { shell } => dist::completions(shell),
        Command::Manpage => dist::manpage(),
        Command::Server(args) => server::run(&args),
    };
    match result {
        Ok(status) => status.into(),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
