//! Invariants shared by the fuzz targets.

use std::sync::OnceLock;

use phi_lint::{Linter, Redaction, Report, Span};

/// The default linter and a masking one, built once per process.
pub fn linters() -> &'static (Linter, Linter) {
    static LINTERS: OnceLock<(Linter, Linter)> = OnceLock::new();
    LINTERS.get_or_init(|| {
        let default = Linter::builder().build().expect("the embedded rules load");
        let mask = Linter::builder()
            .redaction(Redaction::Mask)
            .allow_terms(["Northgate Clinic", "é"])
            .build()
            .expect("the embedded rules load");
        (default, mask)
    })
}

/// `span` lies in `text` on character boundaries.
pub fn assert_span(text: &str, span: Span, what: &str) {
    assert!(
        span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end),
        "{what} span {span:?} off the text ({} bytes) or off character boundaries",
        text.len()
    );
}

/// The invariants of a report over `texts` (the text of each part): every finding and issue
/// slices its part, default-redacted findings show only their category, and neither Debug nor
/// Display of a finding quotes a long enough input.
pub fn assert_report(texts: &[&str], report: &Report, redacted: bool) {
    for f in report.findings() {
        let text = texts.get(f.part()).copied().unwrap_or("");
        assert_span(text, f.span(), f.code());
        if redacted {
            assert_eq!(f.excerpt(), format!("[{}]", f.category()), "{}", f.code());
            let shown = format!("{f:?} {f}");
            for text in texts {
                if text.trim().len() >= 24 {
                    assert!(!shown.contains(text.trim()), "{} shows its input", f.code());
                }
            }
        }
    }
    for issue in report.issues() {
        let text = texts.get(issue.part).copied().unwrap_or("");
        assert_span(text, issue.span, "issue");
    }
}

/// What must be equal between two runs over the same input.
pub fn fingerprint(report: &Report) -> Vec<(String, Span, String)> {
    report
        .findings()
        .iter()
        .map(|f| (f.code().to_owned(), f.span(), f.excerpt().to_owned()))
        .chain(
            report
                .issues()
                .iter()
                .map(|i| (i.message.clone(), i.span, String::new())),
        )
        .collect()
}
