//! `phi-lint check`: lint files and directories, report, and decide the exit code.

use std::io::{self, IsTerminal, Write};

use miette::{IntoDiagnostic, Result};
use phi_lint::{Linter, Redaction};

use crate::Status;
use crate::args::{CheckArgs, CheckFormat, ColorArg};
use crate::document::{self, FileResult};
use crate::{files, report};

/// A file that could not be checked, and why.
#[derive(Debug)]
pub(crate) struct Skipped {
    pub(crate) path: std::path::PathBuf,
    pub(crate) reason: String,
    /// True for a read error (exit 2); false for a deliberate skip (binary, not UTF-8).
    pub(crate) error: bool,
}

pub(crate) fn run(args: &CheckArgs) -> Result<Status> {
    // Template files are source code: the human report may show their text, machine formats
    // never do (they carry spans and codes only).
    let linter = args
        .rules
        .apply(Linter::builder().redaction(Redaction::Label))
        .build()?;
    let mut walk_errors = Vec::new();
    let paths = files::collect(&args.paths, &mut walk_errors);
    let mut skipped: Vec<Skipped> = walk_errors
        .into_iter()
        .map(|(path, reason)| Skipped {
            path,
            reason,
            error: true,
        })
        .collect();
    let mut results: Vec<FileResult> = Vec::new();
    for path in paths {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                skipped.push(Skipped {
                    path,
                    reason: e.to_string(),
                    error: true,
                });
                continue;
            }
        };
        if bytes.iter().take(8192).any(|&b| b == 0) {
            skipped.push(Skipped {
                path,
                reason: "binary file".into(),
                error: false,
            });
            continue;
        }
        let Ok(src) = String::from_utf8(bytes) else {
            skipped.push(Skipped {
                path,
                reason: "not UTF-8 text".into(),
                error: false,
            });
            continue;
        };
        let spec = files::detect(&path, &src, args.channel, args.syntax);
        results.push(document::lint(&linter, path, src, spec));
    }

    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
    };
    let mut out = io::stdout().lock();
    match args.format {
        CheckFormat::Human => report::human(&mut out, &results, color),
        CheckFormat::Concise => report::concise(&mut out, &results),
        CheckFormat::Json => report::json(&mut out, &results, &skipped),
        CheckFormat::Jsonl => report::jsonl(&mut out, &results),
    }
    .into_diagnostic()?;
    out.flush().into_diagnostic()?;

    let summary = report::Summary::new(&results, &skipped);
    eprintln!("{summary}");
    for skip in &skipped {
        eprintln!(
            "{}: {}: {}",
            if skip.error { "error" } else { "skipped" },
            skip.path.display(),
            skip.reason
        );
    }
    if skipped.iter().any(|s| s.error) {
        return Ok(Status::Error);
    }
    let threshold = args.fail_on.threshold();
    let failing = results
        .iter()
        .flat_map(|r| &r.findings)
        .any(|f| threshold.is_some_and(|t| f.finding.severity() >= t));
    Ok(if failing && !args.exit_zero {
        Status::Findings
    } else {
        Status::Clean
    })
}
