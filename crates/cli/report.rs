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

/// Counts for the closing summary line.
pub(crate) struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    skipped: usize,
}

impl Summary {
    pub(crate) fn new(results: &[FileResult], skipped: &[Skipped]) -> Summary {
        let count = |s: Severity| {
            results
                .iter()
                .flat_map(|r| &r.findings)
                .filter(|f| f.finding.severity() == s)
                .count()
        };
        Summary {
            files: results.len(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            skipped: skipped.len(),
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.errors + self.warnings + self.infos;
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "phi-lint: checked {}; {} ({} error, {} warning, {} info)",
            plural(self.files, "file"),
            plural(total, "finding"),
            self.errors,
            self.warnings,
            self.infos
        )?;
        if self.skipped > 0 {
            write!(f, "; {} skipped", self.skipped)?;
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
            .field("finding", &self.located.finding)
            .finish()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let finding = &self.located.finding;
        write!(f, "{} [{}]", finding.message(), finding.category())?;
        if let Some(label) = &self.located.label {
            write!(f, " in {label}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let f = &self.located.finding;
        Some(Box::new(format!("{}({})", f.code(), f.name())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.located.finding.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.located.finding.help()))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.located.span;
        let label = self.located.finding.category().to_string();
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
        for located in &result.findings {
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
        for l in &result.findings {
            let f = &l.finding;
            write!(
                out,
                "{}:{}:{}: {} [{}] {} ({})",
                result.path.display(),
                l.start.0,
                l.start.1,
                f.code(),
                f.severity(),
                f.message(),
                f.category()
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
    let f = &l.finding;
    json!({
        "path": result.path.to_string_lossy().replace('\\', "/"),
        "rule": f.code(),
        "name": f.name(),
        "category": f.category(),
        "severity": f.severity(),
        "message": f.message(),
        "location": f.location(),
        "line": l.start.0,
        "column": l.start.1,
        "end_line": l.end.0,
        "end_column": l.end.1,
        "start": l.span.start,
        "end": l.span.end,
        "part": l.label,
    })
}

/// One JSON document: findings, reading problems, skipped files, summary counts.
pub(crate) fn json(
    out: &mut dyn io::Write,
    results: &[FileResult],
    skipped: &[Skipped],
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
    let skipped: Vec<_> = skipped
        .iter()
        .map(|s| json!({"path": s.path.to_string_lossy(), "reason": s.reason, "error": s.error}))
        .collect();
    let count = |s: Severity| {
        results
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|f| f.finding.severity() == s)
            .count()
    };
    let doc = json!({
        "version": 1,
        "tool": {"name": "phi-lint", "version": env!("CARGO_PKG_VERSION")},
        "findings": findings,
        "problems": problems,
        "skipped": skipped,
        "summary": {"files": results.len(), "error": count(Severity::Error), "warning": count(Severity::Warning), "info": count(Severity::Info)},
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
