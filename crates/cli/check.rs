//! `phi-lint check`: lint files and directories, report, and decide the exit code.

use std::{
    io::{self, IsTerminal, Write},
    path::Path,
};

use miette::{IntoDiagnostic, Result, miette};
use phi_lint::Severity;

use crate::Status;
use crate::args::{CheckArgs, CheckFormat, ColorArg};
use crate::baseline::Baseline;
use crate::lint::{Outcome, lint};
use crate::report;

pub(crate) fn run(args: &CheckArgs) -> Result<Status> {
    if args.fix.fix && args.lint.paths.iter().any(|p| p.as_os_str() == "-") {
        // There is no file to write back to: the text came from a pipe.
        return Err(miette!(
            help = "preview the fixes of piped text with --diff",
            "--fix cannot write back to stdin"
        ));
    }
    // Only the human report (excerpts) and fixes read the files' text again.
    let human = |f: &CheckFormat| *f == CheckFormat::Human;
    let keep_text = args.fix.fix
        || args.fix.diff
        || (human(&args.format) && !args.statistics)
        || args.report.iter().any(|(f, _)| human(f));
    let mut outcome = lint(&args.lint, keep_text)?;
    if args.fix.diff {
        return crate::fix::diff(args, &outcome);
    }
    let fixed = if args.fix.fix {
        crate::fix::apply(args, &mut outcome)?
    } else {
        0
    };
    let stale = match &args.baseline {
        Some(path) => Baseline::read(path)?.apply(&mut outcome.results),
        None => 0,
    };
    let Outcome {
        results,
        skipped,
        excluded,
    } = outcome;
    let mut summary = report::Summary::new(&results, &skipped);
    summary.stale_baseline = stale;
    summary.fixed = fixed;
    summary.count_fixable(&results, args.fix.applicability());

    let to_file = args.output_file.is_some();
    let color = !to_file
        && match args.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal(),
        };
    let render = |format: CheckFormat, color: bool| -> Result<Vec<u8>> {
        let mut buf: Vec<u8> = Vec::new();
        let run = report::Run {
            results: &results,
            skipped: &skipped,
            summary: &summary,
            fixes: args.fix.applicability(),
        };
        report::render(format, &mut buf, &run, color).into_diagnostic()?;
        Ok(buf)
    };
    let write_file = |path: &Path, buf: &[u8]| -> Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| miette!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(path, buf).map_err(|e| miette!("cannot write {}: {e}", path.display()))
    };
    let buf = if args.statistics {
        let mut buf = Vec::new();
        report::statistics(&mut buf, &results, args.format == CheckFormat::Json)
            .into_diagnostic()?;
        buf
    } else {
        render(args.format, color)?
    };
    match &args.output_file {
        Some(path) => write_file(path, &buf)?,
        None => {
            let mut stdout = crate::output::stdout();
            stdout.write_all(&buf).into_diagnostic()?;
            stdout.flush().into_diagnostic()?;
        }
    }
    for (format, path) in &args.report {
        write_file(path, &render(*format, false)?)?;
    }

    let mut line = summary.to_string();
    if excluded > 0 {
        line.push_str(&format!("; {excluded} excluded by config"));
    }
    if !args.quiet {
        eprintln!("{line}");
    }
    // Unreadable files are reported even with --quiet: they fail the run.
    for skip in skipped.iter().filter(|s| s.error || !args.quiet) {
        eprintln!(
            "{}: {}: {}",
            if skip.error { "error" } else { "skipped" },
            skip.path.display(),
            skip.reason
        );
    }
    // A file over `max-findings` was reported in part: an error for it, like an unreadable one.
    let incomplete: Vec<_> = results
        .iter()
        .filter_map(|r| Some((&r.path, r.limit_exceeded?)))
        .collect();
    for (path, exceeded) in &incomplete {
        eprintln!("error: {}: {exceeded}", path.display());
    }
    if skipped.iter().any(|s| s.error) || !incomplete.is_empty() {
        return Ok(Status::Error);
    }
    // Each file's own config decides its threshold, unless --fail-on is given.
    let failing = results.iter().any(|r| {
        let threshold = match args.fail_on {
            Some(f) => f.threshold(),
            None => r.fail_on.unwrap_or(Some(Severity::Warning)),
        };
        r.findings
            .iter()
            .any(|l| l.active() && threshold.is_some_and(|t| l.severity() >= t))
    });
    Ok(if failing && !args.exit_zero {
        Status::Findings
    } else {
        Status::Clean
    })
}
