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
mod lint;
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

/// The reporters over file results built by a caller: the entry point of
/// `fuzz/fuzz_targets/reporters.rs`. Not a stable API.
#[doc(hidden)]
pub mod fuzzing {
    use std::{io, path::PathBuf, sync::Arc};

    use clap::ValueEnum;
    use phi_lint::document::{DocumentFinding, Encoding, Problem};
    use phi_lint::{Applicability, Channel};

    use crate::{args::CheckFormat, document::FileResult, report};

    /// One checked file, as `check` hands it to the reporters.
    #[derive(Debug)]
    pub struct File {
        /// The path as given (display, SARIF and baseline path alike).
        pub path: String,
        /// The file's text.
        pub src: String,
        /// The channel it was read as.
        pub channel: Channel,
        /// Its findings, placed in `src`.
        pub findings: Vec<DocumentFinding>,
        /// Its reading problems.
        pub problems: Vec<Problem>,
    }

    /// The name of every `--format`.
    pub fn formats() -> Vec<String> {
        CheckFormat::value_variants()
            .iter()
            .filter_map(ValueEnum::to_possible_value)
            .map(|v| v.get_name().to_owned())
            .collect()
    }

    /// `files` in the format named `format` (`None`: no such format), as `check` writes them
    /// (the summary counted from them, safe fixes marked, no colour).
    pub fn render(format: &str, files: Vec<File>) -> Option<io::Result<Vec<u8>>> {
        let format = CheckFormat::from_str(format, false).ok()?;
        let results: Vec<FileResult> = files
            .into_iter()
            .map(|f| FileResult {
                path: PathBuf::from(&f.path),
                rel: f.path,
                fail_on: None,
                src: Arc::from(f.src),
                channel: f.channel,
                encoding: Encoding::Utf8,
                findings: f.findings,
                problems: f.problems,
                limit_exceeded: None,
            })
            .collect();
        let mut summary = report::Summary::new(&results, &[]);
        summary.count_fixable(&results, Applicability::Safe);
        let run = report::Run {
            results: &results,
            skipped: &[],
            summary: &summary,
            fixes: Applicability::Safe,
        };
        let mut out = Vec::new();
        Some(report::render(format, &mut out, &run, false).map(|()| out))
    }
}
