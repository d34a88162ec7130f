//! GitHub Actions workflow commands (`::error file=…::message`), a closing notice, and a
//! Markdown table appended to `$GITHUB_STEP_SUMMARY` when it is set.

use std::{collections::BTreeMap, io, io::Write as _};

use phi_lint::Severity;

use super::Summary;
use crate::document::FileResult;

/// Escapes a workflow-command message.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Writes one annotation per unsuppressed finding and a summary notice.
pub(crate) fn github(
    out: &mut dyn io::Write,
    results: &[FileResult],
    summary: &Summary,
) -> io::Result<()> {
    for r in results {
        let file = r.path.to_string_lossy().replace('\\', "/");
        let file = file.strip_prefix("./").unwrap_or(&file);
        for l in r.findings.iter().filter(|l| l.active()) {
            let command = match l.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut props = format!("file={},line={}", escape_property(file), l.start.0);
            if l.start.0 == l.end.0 {
                props.push_str(&format!(",col={}", l.start.1));
            }
            props.push_str(&format!(",endLine={}", l.end.0));
            if l.start.0 == l.end.0 {
                props.push_str(&format!(",endColumn={}", l.end.1));
            }
            props.push_str(&format!(
                ",title={}",
                escape_property(&format!("phi-lint {}", l.code()))
            ));
            let mut message = format!("{} {} [{}]", l.code(), l.message(), l.category());
            if let Some(label) = super::machine_label(l) {
                message.push_str(&format!(" in {label}"));
            }
            message.push_str(&format!("\nhelp: {}", l.help()));
            writeln!(out, "::{command} {props}::{}", escape_data(&message))?;
        }
    }
    writeln!(
        out,
        "::notice title=phi-lint::{}",
        escape_data(&summary.to_string())
    )?;
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        f.write_all(step_summary(results, summary).as_bytes())?;
    }
    Ok(())
}

/// The Markdown job summary: totals and a per-rule table (GitHub shows only 10 annotations of
/// each type per step, so the table is where the full count lives).
fn step_summary(results: &[FileResult], summary: &Summary) -> String {
    let mut by_rule: BTreeMap<(&str, &str, &str, Severity), (usize, usize)> = BTreeMap::new();
    for l in results.iter().flat_map(|r| &r.findings) {
        let e = by_rule
            .entry((l.code(), l.name(), l.category(), l.severity()))
            .or_default();
        if l.active() {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    let mut s = String::from("## phi-lint\n\n");
    s.push_str(&format!("{summary}\n\n"));
    if by_rule.is_empty() {
        s.push_str("No findings.\n");
        return s;
    }
    s.push_str("| Rule | Name | Category | Severity | Findings | Suppressed |\n");
    s.push_str("|---|---|---|---|---:|---:|\n");
    for ((code, name, category, sev), (n, sup)) in by_rule {
        s.push_str(&format!(
            "| {code} | {name} | {category} | {sev} | {n} | {sup} |\n"
        ));
    }
    s
}
