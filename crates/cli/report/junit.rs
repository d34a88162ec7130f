//! JUnit XML: one `<testsuite>` per file, one `<testcase>` per finding (suppressed findings are
//! `<skipped>`); a file without findings gets one passing test case.

use std::io;

use crate::document::FileResult;

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn junit(out: &mut dyn io::Write, results: &[FileResult]) -> io::Result<()> {
    let failures_of = |r: &FileResult| r.findings.iter().filter(|l| l.active()).count();
    let total_tests: usize = results.iter().map(|r| r.findings.len().max(1)).sum();
    let total_failures: usize = results.iter().map(failures_of).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="phi-lint" tests="{total_tests}" failures="{total_failures}" errors="0">"#
    )?;
    for r in results {
        let path = escape(&r.path.to_string_lossy().replace('\\', "/"));
        let skipped = r.findings.iter().filter(|l| !l.active()).count();
        writeln!(
            out,
            r#"  <testsuite name="{path}" tests="{}" failures="{}" errors="0" skipped="{skipped}">"#,
            r.findings.len().max(1),
            failures_of(r)
        )?;
        if r.findings.is_empty() {
            writeln!(
                out,
                r#"    <testcase name="no findings" classname="{path}" file="{path}"/>"#
            )?;
        }
        for l in &r.findings {
            let name = escape(&format!("{} {}:{}", l.code(), l.start.0, l.start.1));
            writeln!(
                out,
                r#"    <testcase name="{name}" classname="{path}" file="{path}" line="{}">"#,
                l.start.0
            )?;
            let message = escape(&format!("{} [{}] {}", l.code(), l.severity(), l.message()));
            match &l.suppressed {
                Some(s) => writeln!(
                    out,
                    r#"      <skipped message="suppressed: {}"/>"#,
                    escape(&s.reason)
                )?,
                None => writeln!(
                    out,
                    r#"      <failure message="{message}" type="{}">{path}:{}:{}: {message} ({})&#10;help: {}</failure>"#,
                    escape(l.code()),
                    l.start.0,
                    l.start.1,
                    l.category(),
                    escape(l.help())
                )?,
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
