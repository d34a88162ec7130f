//! Reporters for `phi-lint check`. Machine formats carry codes, categories, positions and
//! messages — never file text; the human format shows the template's own lines.

use std::{fmt, io, sync::Arc};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan,
};
use phi_lint::Severity;
use serde_json::json;

use crate::check::Skipped;
use crate::document::{FileResult, Located};

mod github;
mod junit;
mod sarif;

pub(crate) use github::github;
pub(crate) use junit::junit;
pub(crate) use sarif::sarif;

/// Counts for the closing summary line.
#[derive(Debug, Default)]
pub(crate) struct Summary {
    pub(crate) files: usize,
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
    pub(crate) infos: usize,
    pub(crate) phi: usize,
    pub(crate) inline_suppressed: usize,
    pub(crate) baseline_suppressed: usize,
    pub(crate) suppression_problems: usize,
    pub(crate) stale_baseline: usize,
    pub(crate) skipped: usize,
    pub(crate) skip_errors: usize,
}

impl Summary {
    pub(crate) fn new(results: &[FileResult], skipped: &[Skipped]) -> Summary {
        let mut s = Summary {
            files: results.len(),
            skipped: skipped.iter().filter(|s| !s.error).count(),
            skip_errors: skipped.iter().filter(|s| s.error).count(),
            ..Summary::default()
        };
        for l in results.iter().flat_map(|r| &r.findings) {
            match &l.suppressed {
                Some(sup) if sup.in_source => s.inline_suppressed += 1,
                Some(_) => s.baseline_suppressed += 1,
                None if l.is_meta() => s.suppression_problems += 1,
                None => {
                    match l.severity() {
                        Severity::Error => s.errors += 1,
                        Severity::Warning => s.warnings += 1,
                        Severity::Info => s.infos += 1,
                    }
                    if l.is_phi() {
                        s.phi += 1;
                    }
                }
            }
        }
        s
    }

    pub(crate) fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    pub(crate) fn to_json(&self) -> serde_json::Value {
        json!({
            "files": self.files,
            "findings": self.findings(),
            "error": self.errors,
            "warning": self.warnings,
            "info": self.infos,
            "phi": self.phi,
            "suppressed": {"inline": self.inline_suppressed, "baseline": self.baseline_suppressed},
            "suppression_problems": self.suppression_problems,
            "stale_baseline_entries": self.stale_baseline,
            "skipped": self.skipped,
            "unreadable": self.skip_errors,
        })
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "phi-lint: checked {}; {} ({} error, {} warning, {} info)",
            plural(self.files, "file"),
            plural(self.findings(), "finding"),
            self.errors,
            self.warnings,
            self.infos
        )?;
        let suppressed = self.inline_suppressed + self.baseline_suppressed;
        if suppressed > 0 {
            write!(
                f,
                "; {suppressed} suppressed ({} inline, {} baseline)",
                self.inline_suppressed, self.baseline_suppressed
            )?;
        }
        if self.suppression_problems > 0 {
            write!(
                f,
                "; {}",
                plural(self.suppression_problems, "suppression problem")
            )?;
        }
        if self.stale_baseline > 0 {
            write!(
                f,
                "; {} no longer found (run `phi-lint baseline update`)",
                plural(self.stale_baseline, "baseline entry")
            )?;
        }
        if self.skipped > 0 {
            write!(f, "; {} skipped", self.skipped)?;
        }
        if self.skip_errors > 0 {
            write!(f, "; {} unreadable", self.skip_errors)?;
        }
        Ok(())
    }
}

/// A finding as a miette diagnostic over its file (or decoded part).
struct FindingDiagnostic<'a> {
    located: &'a Located,
    source: NamedSource<Arc<str>>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic")
            .field("code", &self.located.code())
            .finish()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = self.located;
        write!(f, "{} [{}]", l.message(), l.category())?;
        if let Some(label) = &self.located.label {
            write!(f, " in {label}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let l = self.located;
        Some(Box::new(format!("{}({})", l.code(), l.name())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.located.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.located.help()))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.located.span;
        let label = self.located.category().to_string();
        let at = SourceSpan::new(span.start.into(), span.len());
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(label), at),
        )))
    }
}

/// Human output: one miette diagnostic per finding, then reading problems.
pub(crate) fn human(
    out: &mut dyn io::Write,
    results: &[FileResult],
    color: bool,
) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(100)
        .with_context_lines(1);
    for result in results {
        let name = result.path.display().to_string();
        for located in result.findings.iter().filter(|l| l.active()) {
            let (text, name) = match &located.decoded {
                Some(decoded) => (
                    decoded.clone(),
                    format!("{name} ({})", located.label.as_deref().unwrap_or("decoded")),
                ),
                None => (result.src.clone(), name.clone()),
            };
            let diagnostic = FindingDiagnostic {
                located,
                source: NamedSource::new(name, text),
            };
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &diagnostic).is_err() {
                rendered = format!("{diagnostic}\n");
            }
            if !rendered.ends_with('\n') {
                rendered.push('\n');
            }
            out.write_all(rendered.as_bytes())?;
        }
        for problem in &result.problems {
            writeln!(
                out,
                "  note: {}:{}:{}: {}",
                name, problem.line, problem.column, problem.message
            )?;
        }
    }
    Ok(())
}

/// `path:line:col: CODE [severity] message (name)`.
pub(crate) fn concise(out: &mut dyn io::Write, results: &[FileResult]) -> io::Result<()> {
    for result in results {
        for l in result.findings.iter().filter(|l| l.active()) {
            write!(
                out,
                "{}:{}:{}: {} [{}] {} ({})",
                result.path.display(),
                l.start.0,
                l.start.1,
                l.code(),
                l.severity(),
                l.message(),
                l.category()
            )?;
            match &l.label {
                Some(label) => writeln!(out, " in {label}")?,
                None => writeln!(out)?,
            }
        }
    }
    Ok(())
}

/// The machine record of one finding: no text, no excerpt.
pub(crate) fn record(result: &FileResult, l: &Located) -> serde_json::Value {
    json!({
        "path": result.path.to_string_lossy().replace('\\', "/"),
        "rule": l.code(),
        "name": l.name(),
        "category": l.category(),
        "phi": l.is_phi(),
        "severity": l.severity(),
        "message": l.message(),
        "location": l.location(),
        "line": l.start.0,
        "column": l.start.1,
        "end_line": l.end.0,
        "end_column": l.end.1,
        "start": l.span.start,
        "end": l.span.end,
        "part": l.label,
        "fingerprint": l.fingerprint,
        "suppressed": l.suppressed.as_ref().map(|s| json!({
            "kind": if s.in_source { "inline" } else { "baseline" },
            "reason": s.reason,
        })),
    })
}

/// One JSON document: findings, reading problems, skipped files, summary counts.
pub(crate) fn json(
    out: &mut dyn io::Write,
    results: &[FileResult],
    skipped: &[Skipped],
    summary: &Summary,
) -> io::Result<()> {
    let findings: Vec<_> = results
        .iter()
        .flat_map(|r| r.findings.iter().map(move |l| record(r, l)))
        .collect();
    let problems: Vec<_> = results
        .iter()
        .flat_map(|r| {
            r.problems.iter().map(move |p| json!({"path": r.path.to_string_lossy(), "line": p.line, "column": p.column, "message": p.message}))
        })
        .collect();
    let skipped_json: Vec<_> = skipped
        .iter()
        .map(|s| json!({"path": s.path.to_string_lossy(), "reason": s.reason, "error": s.error}))
        .collect();
    let doc = json!({
        "version": 1,
        "tool": {"name": "phi-lint", "version": env!("CARGO_PKG_VERSION")},
        "findings": findings,
        "problems": problems,
        "skipped": skipped_json,
        "summary": summary.to_json(),
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// One JSON object per finding.
pub(crate) fn jsonl(out: &mut dyn io::Write, results: &[FileResult]) -> io::Result<()> {
    for result in results {
        for l in &result.findings {
            serde_json::to_writer(&mut *out, &record(result, l))?;
            writeln!(out)?;
        }
    }
    Ok(())
}
