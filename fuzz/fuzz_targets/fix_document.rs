//! Fixing a document of any kind: every fix's edits slice the text, fixing never makes the
//! document read worse, the fixed text reads as reported, and fixing again changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_lint::{Applicability, Document};
use phi_lint_fuzz::{assert_span, linters};

/// Path hints covering every file kind and the dialects and channels paths select.
const PATHS: &[&str] = &[
    "templates/sms/reminder.hbs",
    "templates/email/visit.html",
    "templates/email/visit.html.liquid",
    "templates/push/alert.j2",
    "templates/email/subject.txt",
    "views/mailer/visit.html.erb",
    "config/locales/en.yml",
    "locales/es/messages.json",
    "res/values/strings.xml",
    "messages_es.properties",
    "po/es.po",
    "payloads/send.json",
    "mail/visit.eml",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let doc = Document::from_text(PATHS[selector as usize % PATHS.len()], text.as_ref());
    let (linter, _) = linters();
    let before = linter.check_document(&doc);
    for f in before.findings() {
        for e in f.fix.iter().flat_map(|fix| fix.edits()) {
            assert_span(&text, e.span(), f.code());
        }
    }
    let fixed = linter.fix_document(&doc, Applicability::Unsafe);
    assert!(fixed.report.problems().len() <= before.problems().len());
    assert_eq!(
        fixed.report.findings().len(),
        linter.check_document(&fixed.document).findings().len()
    );
    let again = linter.fix_document(&fixed.document, Applicability::Unsafe);
    assert_eq!(again.fixed, 0, "fixing is idempotent");
    assert_eq!(again.document.text(), fixed.document.text());
});
