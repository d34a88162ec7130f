//! Reporters for `phi-lint check`. Machine formats carry codes, categories, positions and
//! messages — never file text; the human format shows the template's own lines.

use std::{fmt, io, sync::Arc};

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use phi_lint::{Applicability, LineIndex, Severity, Span};
use serde_json::json;

use crate::args::CheckFormat;
use crate::document::{FileResult, Item, Located};
use crate::lint::Skipped;

mod github;
mod junit;
mod sarif;

pub(crate) use github::github;
pub(crate) use junit::junit;
pub(crate) use sarif::sarif;

/// What every report is made from.
pub(crate) struct Run<'a> {
    pub(crate) results: &'a [FileResult],
    pub(crate) skipped: &'a [Skipped],
    pub(crate) summary: &'a Summary,
    /// The fixes `--fix` applies with the flags given (marked in human and concise output).
    pub(crate) fixes: Applicability,
}

/// Writes `run` in `format` (`color`: human output only): the one dispatch over the reporters,
/// for `check`, its `--report` files and the fuzz target.
pub(crate) fn render(
    format: CheckFormat,
    out: &mut dyn io::Write,
    run: &Run<'_>,
    color: bool,
) -> io::Result<()> {
    let results = run.results;
    match format {
        CheckFormat::Human => human(out, results, color, run.fixes),
        CheckFormat::Concise => concise(out, results, run.fixes),
        CheckFormat::Json => json(out, results, run.skipped, run.summary),
        CheckFormat::Jsonl => jsonl(out, results),
        CheckFormat::Sarif => sarif(out, results),
        CheckFormat::Github => github(out, results, run.summary),
        CheckFormat::Junit => junit(out, results),
    }
}

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
    /// Findings fixed by `--fix`.
    pub(crate) fixed: usize,
    /// Findings left with a fix that `--fix` applies (with the flags given).
    pub(crate) fixable: usize,
    /// Findings left with a fix that only `--unsafe-fixes` applies.
    pub(crate) unsafe_fixable: usize,
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

    /// Counts the active findings with a fix, by whether `applicability` covers it.
    pub(crate) fn count_fixable(&mut self, results: &[FileResult], applicability: Applicability) {
        for fix in results
            .iter()
            .flat_map(|r| &r.findings)
            .filter(|l| l.active())
            .filter_map(|l| l.fix.as_ref())
        {
            if fix.applicability() <= applicability {
                self.fixable += 1;
            } else {
                self.unsafe_fixable += 1;
            }
        }
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
            "fixed": self.fixed,
            "fixable": self.fixable,
        })
    }
}

/// `1 file`, `2 files`, `2 baseline entries`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        return format!("{n} {word}");
    }
    match word.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
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
        if self.fixed > 0 {
            write!(f, "; {} fixed", self.fixed)?;
        }
        if self.fixable > 0 {
            write!(f, "; [*] {} fixable with --fix", self.fixable)?;
        }
        if self.unsafe_fixable > 0 {
            write!(f, "; {} more with --unsafe-fixes", self.unsafe_fixable)?;
        }
        Ok(())
    }
}

/// A finding as a miette diagnostic over the lines around it.
struct FindingDiagnostic<'a> {
    located: &'a Located,
    source: Window,
    /// The span labelled: the finding's, cut to the window.
    label: Span,
    /// The fixes marked `[*]`.
    fixes: Applicability,
}

/// The longest stretch of a file shown for one finding. miette reads its source from the start
/// on every finding and pads with format widths that panic past 65,535 columns, so it is given
/// only the lines around a finding, and on long lines only the characters around it.
const MAX_WINDOW: usize = 8 * 1024;
/// A line longer than this (minified HTML, one-line JSON) is not shown whole: only the
/// characters around the finding are.
const MAX_LINE: usize = 400;
/// Characters shown either side of a finding on a line too long to show whole.
const AROUND: usize = 120;
/// The longest stretch of a finding shown on such a line.
const MAX_LABEL: usize = 1024;

/// The part of a file miette sees for one finding: `text` starts at byte `offset` of the file,
/// on 0-based `line` at byte `column`.
struct Window {
    name: String,
    text: String,
    offset: usize,
    line: usize,
    column: usize,
}

impl Window {
    /// The lines around `span` of `src` (one before, one after, as the handler's context), or
    /// when those are longer than [`MAX_WINDOW`], the characters around the span's start.
    /// Returns the window and the span to label in it.
    fn around(name: String, src: &str, index: &LineIndex, span: Span) -> (Window, Span) {
        let span = span.snap(src);
        let (first, _) = index.line_col(src, span.start);
        let (last, _) = index.line_col(src, span.end);
        let context = Span::new(
            index.line_span(src, first.saturating_sub(1).max(1)).start,
            index.line_span(src, last + 2).start,
        );
        let long_line = context.slice(src).split('\n').any(|l| l.len() > MAX_LINE);
        let (window, label) = if context.len() <= MAX_WINDOW && !long_line {
            (context, span)
        } else {
            let line = index.line_span(src, first);
            let label = Span::new(span.start, span.end.min(span.start + MAX_LABEL)).snap(src);
            let start = span.start.saturating_sub(AROUND).max(line.start);
            let end = (label.end + AROUND).min(line.end.max(label.end));
            (Span::new(start, end).snap(src), label)
        };
        let (line, _) = index.line_col(src, window.start);
        let window = Window {
            name,
            text: window.slice(src).to_owned(),
            offset: window.start,
            line: line - 1,
            column: window.start - index.line_span(src, line).start,
        };
        (window, label)
    }
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.offset).into(), span.len());
        let inner = self.text.as_str().read_span(&local, before, after)?;
        let column = if inner.line() == 0 {
            inner.column() + self.column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + self.offset).into(),
                inner.span().len(),
            ),
            inner.line() + self.line,
            column,
            inner.line_count(),
        )))
    }
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
        write!(
            f,
            "{}{} [{}]",
            fix_marker(l, self.fixes),
            l.message(),
            l.category()
        )?;
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

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.label;
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
    fixes: Applicability,
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
    let mut first = true;
    for result in results {
        let name = result.path.display().to_string();
        let file_index = LineIndex::new(&result.src);
        // Decoded parts are indexed once each, not once per finding.
        let mut decoded_index: Option<(Arc<str>, LineIndex)> = None;
        for located in result.findings.iter().filter(|l| l.active()) {
            let (text, index, name) = match &located.decoded {
                Some(decoded) => {
                    if !decoded_index
                        .as_ref()
                        .is_some_and(|(d, _)| Arc::ptr_eq(d, decoded))
                    {
                        decoded_index = Some((decoded.clone(), LineIndex::new(decoded)));
                    }
                    let (text, index) = decoded_index.as_ref().expect("set above");
                    let label = located.label.as_deref().unwrap_or("decoded");
                    (&**text, index, format!("{name} ({label})"))
                }
                None => (&*result.src, &file_index, name.clone()),
            };
            let (source, label) = Window::around(name, text, index, located.span);
            let diagnostic = FindingDiagnostic {
                located,
                source,
                label,
                fixes,
            };
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &diagnostic).is_err() {
                rendered = format!("{diagnostic}\n");
            }
            if !rendered.ends_with('\n') {
                rendered.push('\n');
            }
            // A blank line between diagnostics, so each stands apart.
            if !std::mem::take(&mut first) {
                out.write_all(b"\n")?;
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

/// `path:line:col: CODE [severity] message (name)`, one line per finding: control characters
/// in a file name are escaped, so no name can start a line of its own (a line such as
/// `::error::` is a GitHub workflow command where hooks run in Actions).
pub(crate) fn concise(
    out: &mut dyn io::Write,
    results: &[FileResult],
    fixes: Applicability,
) -> io::Result<()> {
    for result in results {
        let path = escape_controls(&result.path.display().to_string());
        for l in result.findings.iter().filter(|l| l.active()) {
            write!(
                out,
                "{path}:{}:{}: {} [{}] {}{} ({})",
                l.start.0,
                l.start.1,
                l.code(),
                l.severity(),
                fix_marker(l, fixes),
                l.message(),
                l.category()
            )?;
            match machine_label(l) {
                Some(label) => writeln!(out, " in {label}")?,
                None => writeln!(out)?,
            }
        }
    }
    Ok(())
}

/// `[*] ` (ruff's mark) before the message of a finding `--fix` fixes with the flags given
/// (`fixes`: safe, or unsafe too with `--unsafe-fixes`); the others are counted in the
/// summary.
fn fix_marker(l: &Located, fixes: Applicability) -> &'static str {
    match &l.fix {
        Some(fix) if fix.applicability() <= fixes => "[*] ",
        _ => "",
    }
}

/// Control characters as `\n`, `\u{1b}`, …; everything else as is.
pub(crate) fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// The unit label a machine format may carry (the library's text-free key), with control
/// characters escaped.
pub(crate) fn machine_label(l: &Located) -> Option<String> {
    l.key.as_deref().map(escape_controls)
}

/// Where a rule is documented: its pack in the repository (`rules/<pack>.toml`, with the
/// rule's docs), or the suppression section for `PL9xx`; `None` for a rule of a user's own
/// pack. The base is the package's `repository` (Cargo.toml), the one place to change it.
pub(crate) fn docs_url(l: &Located) -> Option<String> {
    const REPO: &str = env!("CARGO_PKG_REPOSITORY");
    match &l.item {
        Item::Rule(f) => {
            let pack = &f.rule().pack;
            phi_lint::builtin_packs()
                .any(|(name, _)| name == pack)
                .then(|| format!("{REPO}/blob/main/rules/{pack}.toml"))
        }
        Item::Meta(_) => Some(format!(
            "{REPO}/blob/main/docs/configuration.md#suppression-findings-pl9xx"
        )),
    }
}

/// The machine record of one finding: no text, no excerpt.
pub(crate) fn record(result: &FileResult, l: &Located) -> serde_json::Value {
    // The library's machine record (one definition for the CLI and the bindings), plus the
    // file it belongs to.
    let mut record = serde_json::to_value(l).unwrap_or_default();
    if let Some(fields) = record.as_object_mut() {
        fields.insert(
            "path".into(),
            result.path.to_string_lossy().replace('\\', "/").into(),
        );
    }
    record
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
    // What to do about each rule found, and how each file was read: once per rule and per file
    // rather than in every finding, whose fields are the library's record (the bindings'
    // `checkFile` gives the same findings).
    let mut rules = serde_json::Map::new();
    for l in results.iter().flat_map(|r| &r.findings) {
        rules.entry(l.code()).or_insert_with(
            || json!({"name": l.name(), "category": l.category(), "help": l.help(), "url": docs_url(l)}),
        );
    }
    let files: Vec<_> = results
        .iter()
        .map(|r| {
            json!({
                "path": r.path.to_string_lossy().replace('\\', "/"),
                "channel": r.channel.as_str(),
                "encoding": r.encoding.as_str(),
            })
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
        "rules": rules,
        "files": files,
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

/// `--statistics`: the number of active findings per rule, most frequent first, as a table
/// (`count  code  name  category`) or, with `json`, an array of objects.
pub(crate) fn statistics(
    out: &mut dyn io::Write,
    results: &[FileResult],
    json: bool,
) -> io::Result<()> {
    let mut counts: std::collections::BTreeMap<(&str, &str, &str), usize> = Default::default();
    for l in results
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|l| l.active())
    {
        *counts
            .entry((l.code(), l.name(), l.category()))
            .or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|(a, n), (b, m)| m.cmp(n).then(a.cmp(b)));
    if json {
        let rows: Vec<_> = rows
            .iter()
            .map(|((code, name, category), count)| {
                json!({"rule": code, "name": name, "category": category, "count": count})
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        return writeln!(out);
    }
    for ((code, name, category), count) in rows {
        writeln!(out, "{count:>6}  {code:<7} {name:<36} {category}")?;
    }
    Ok(())
}
