//! The CLI's reporters (every `--format`) over arbitrary file results: real findings of a PHI
//! text, moved to arbitrary spans (columns past 65,535 included), with arbitrary unit labels,
//! machine keys, paths and suppressions (newlines, control characters, non-ASCII). No reporter
//! panics; the machine formats never carry the file's text or a unit label (message text);
//! JSON parses; concise writes one line and GitHub one workflow command per finding, so no
//! path or key can inject a line of its own.
#![no_main]

use libfuzzer_sys::{arbitrary::Unstructured, fuzz_target};
use std::sync::OnceLock;

use phi_lint::document::{DocumentReport, Suppression};
use phi_lint::{Channel, Document, LineIndex, Span};
use phi_lint_cli::fuzzing::{self, File};
use phi_lint_fuzz::linters;

/// Stands for message text. The fields a machine format may carry (paths, machine keys,
/// suppression reasons) are built without `Q`, so they can never spell it.
const TEXT: &str = "QQPHIQQ";

/// PHI the rules find, so every file has findings to report.
const PHI: &str = " HIV positive, SSN 078-05-1120, https://portal.example.org/r?mrn=00482913 ";

/// An arbitrary string that cannot spell [`TEXT`].
fn field(u: &mut Unstructured<'_>) -> String {
    u.arbitrary::<String>().unwrap_or_default().replace('Q', "")
}

/// An arbitrary offset of `text` on a character boundary.
fn offset(u: &mut Unstructured<'_>, text: &str) -> usize {
    let mut at = u.int_in_range(0..=text.len()).unwrap_or(0);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The PHI after a short and after a 65,600-character run, with their findings.
fn checked() -> &'static [(String, DocumentReport); 2] {
    static CHECKED: OnceLock<[(String, DocumentReport); 2]> = OnceLock::new();
    CHECKED.get_or_init(|| {
        [0, 65_600].map(|width| {
            let head = format!("{}{PHI}{TEXT}{PHI}{TEXT}", "x".repeat(width));
            let doc = Document::from_text("sms/reminder.txt", head.as_str());
            let report = linters().0.check_document(&doc);
            assert!(!report.findings().is_empty(), "the PHI is found");
            (head, report)
        })
    })
}

fn file(u: &mut Unstructured<'_>) -> File {
    let path = field(u);
    let path = if path.is_empty() {
        "f".to_owned()
    } else {
        path
    };
    // The PHI is linted once per process and leads the file, so its findings (and fixes) stay
    // in place before the arbitrary text; now and then behind a line long enough to put them
    // past column 65,535 (miette's limit once).
    let (head, report) = &checked()[usize::from(u.ratio(1, 8).unwrap_or(false))];
    let mut report = report.clone();
    let (middle, tail): (String, String) = (
        u.arbitrary().unwrap_or_default(),
        u.arbitrary().unwrap_or_default(),
    );
    let src = format!("{head}{middle}\n{tail}");
    let index = LineIndex::new(&src);
    for f in &mut report.findings {
        if u.ratio(1, 2).unwrap_or(false) {
            // A gettext msgid or natural-language i18n key: message text, for the author only.
            f.label = Some(format!(
                "{}{TEXT}",
                u.arbitrary::<String>().unwrap_or_default()
            ));
            f.key = Some(field(u));
        }
        if u.ratio(1, 3).unwrap_or(false) {
            let (a, b) = (offset(u, &src), offset(u, &src));
            f.span = Span::new(a.min(b), a.max(b));
            f.file_span = f.span;
            f.start = index.line_col(&src, f.span.start);
            f.end = index.line_col(&src, f.span.end);
        }
        if u.ratio(1, 6).unwrap_or(false) {
            f.suppressed = Some(Suppression::baseline(field(u)));
        }
    }
    File {
        path,
        src,
        channel: Channel::Sms,
        findings: report.findings,
        problems: report.problems,
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let files: Vec<File> = (0..u.int_in_range(1..=3).unwrap_or(1))
        .map(|_| file(&mut u))
        .collect();
    let total: usize = files.iter().map(|f| f.findings.len()).sum();
    let active: usize = files
        .iter()
        .map(|f| f.findings.iter().filter(|l| l.active()).count())
        .sum();
    for format in fuzzing::formats() {
        let copy = files
            .iter()
            .map(|f| File {
                path: f.path.clone(),
                src: f.src.clone(),
                channel: f.channel,
                findings: f.findings.clone(),
                problems: f.problems.clone(),
            })
            .collect();
        let out = fuzzing::render(&format, copy)
            .expect("a format formats() names")
            .expect("writing to memory");
        let out = String::from_utf8(out).expect("reports are UTF-8");
        if format == "human" {
            continue; // shows the template's own lines to its author, by design
        }
        assert!(!out.contains(TEXT), "{format} output carries message text");
        match format.as_str() {
            "json" | "sarif" => {
                serde_json::from_str::<serde_json::Value>(&out).expect("one JSON document");
            }
            "jsonl" => {
                for line in out.lines() {
                    serde_json::from_str::<serde_json::Value>(line).expect("a JSON line");
                }
                assert_eq!(out.lines().count(), total, "one jsonl record per finding");
            }
            "concise" => assert_eq!(out.lines().count(), active, "one line per finding"),
            "github" => {
                // One command per finding and the closing notice; nothing else starts a line.
                assert!(out.lines().all(|l| l.starts_with("::")), "{out}");
                assert_eq!(out.lines().count(), active + 1, "{out}");
            }
            _ => {}
        }
    }
});
