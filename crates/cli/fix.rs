//! `check --fix` and `check --diff`: the library computes, applies and re-checks the fixes
//! (`Linter::fix_document`); this writes them to the files, atomically, or prints them as a
//! unified diff.

use std::{
    io::{self, Write},
    path::Path,
};

use miette::{IntoDiagnostic, Result};
use phi_lint::document::Encoding;
use phi_lint::{Applicability, Document, FixedDocument};

use crate::Status;
use crate::args::{CheckArgs, LintArgs};
use crate::document::FileResult;
use crate::lint::{self, Configs, Outcome, Skipped};

/// Fixes the checked files in place; returns how many findings were fixed. Each fixed file's
/// result becomes its re-check; a file that cannot be written is reported (exit 2) and kept.
pub(crate) fn apply(args: &CheckArgs, outcome: &mut Outcome) -> Result<usize> {
    let mut configs = Configs::new(&args.lint)?;
    let mut total = 0;
    for result in &mut outcome.results {
        let Some(fixed) = fix_one(&mut configs, &args.lint, result, args.fix.applicability())?
        else {
            continue;
        };
        let written = write_atomically(
            &result.path,
            result.encoding,
            &result.src,
            fixed.document.text(),
        );
        if let Err(e) = written {
            outcome.skipped.push(Skipped {
                path: result.path.clone(),
                reason: format!("fixes not written: {e}"),
                error: true,
            });
            continue;
        }
        total += fixed.fixed;
        result.src = fixed.document.shared_text();
        result.findings = fixed.report.findings;
        result.problems = fixed.report.problems;
        result.limit_exceeded = fixed.report.limit_exceeded;
    }
    Ok(total)
}

/// Prints what `--fix` would change as a unified diff, writing nothing. Exit 1 when there is
/// a change, 2 when a file could not be read.
pub(crate) fn diff(args: &CheckArgs, outcome: &Outcome) -> Result<Status> {
    let mut configs = Configs::new(&args.lint)?;
    let mut stdout = crate::output::stdout();
    let (mut findings, mut files) = (0, 0);
    for result in &outcome.results {
        let Some(fixed) = fix_one(&mut configs, &args.lint, result, args.fix.applicability())?
        else {
            continue;
        };
        let name = result.path.display().to_string();
        let diff = similar::TextDiff::from_lines(&*result.src, fixed.document.text());
        write!(stdout, "{}", diff.unified_diff().header(&name, &name)).into_diagnostic()?;
        findings += fixed.fixed;
        files += 1;
    }
    stdout.flush().into_diagnostic()?;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "phi-lint: would fix {} in {}",
        plural(findings, "finding"),
        plural(files, "file")
    );
    for skip in &outcome.skipped {
        eprintln!("error: {}: {}", skip.path.display(), skip.reason);
    }
    Ok(if outcome.skipped.iter().any(|s| s.error) {
        Status::Error
    } else if files > 0 {
        Status::Findings
    } else {
        Status::Clean
    })
}

/// The fixed document, when a fix up to `applicability` changes `result`'s file.
fn fix_one(
    configs: &mut Configs<'_>,
    lint: &LintArgs,
    result: &FileResult,
    applicability: Applicability,
) -> Result<Option<FixedDocument>> {
    let fixable = result.findings.iter().any(|l| {
        l.active()
            && l.fix
                .as_ref()
                .is_some_and(|f| f.applicability() <= applicability)
    });
    if !fixable {
        return Ok(None);
    }
    let cfg = configs.for_path(&result.path)?;
    let doc = Document::from_text(result.path.clone(), result.src.clone());
    let doc = lint::configure(lint, &cfg, doc, &result.rel);
    let fixed = cfg.linter.fix_document(&doc, applicability);
    Ok((fixed.fixed > 0 && fixed.document.text() != &*result.src).then_some(fixed))
}

/// Replaces the file at `path` (through symbolic links) with `text`: written to a temporary
/// file beside it, with its permissions, then renamed over it, so a crash leaves the old file
/// or the new one, never half of one. Refuses when the file no longer holds `checked` (edited
/// meanwhile) or is not a regular file. The file keeps its encoding (UTF-16, a byte-order
/// mark, ISO-8859-1).
fn write_atomically(path: &Path, encoding: Encoding, checked: &str, text: &str) -> io::Result<()> {
    let encode = |text: &str| {
        encoding.encode(text).ok_or_else(|| {
            io::Error::other(format!("the fixed text cannot be written as {encoding}"))
        })
    };
    let path = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&path)?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    if std::fs::read(&path)? != encode(checked)? {
        return Err(io::Error::other("the file changed while it was checked"));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&encode(text)?)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}
