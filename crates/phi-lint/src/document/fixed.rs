//! Fixing a whole document: fixes applied, the result checked again, round after round.

use super::{Document, DocumentReport};
use crate::compiled::Compiled;
use crate::fix::{Applicability, apply_fixes};

/// A document after fixing: the fixed document, how many fixes were applied, and its findings
/// checked again.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FixedDocument {
    /// The document with the fixed text (same path, channel, dialect and configuration).
    pub document: Document,
    /// How many findings were fixed.
    pub fixed: usize,
    /// The fixed document's findings (what is left).
    pub report: DocumentReport,
}

/// At most this many rounds of fixing and checking again (a fix may reveal another finding).
const MAX_ROUNDS: usize = 8;

impl Compiled {
    /// Fixes `doc`, as `Linter::fix_document` documents.
    pub(crate) fn fix_document(
        &self,
        doc: &Document,
        applicability: Applicability,
    ) -> FixedDocument {
        let mut document = doc.clone();
        let mut report = self.check_document(&document);
        let mut fixed = 0;
        for _ in 0..MAX_ROUNDS {
            let fixes = report
                .findings()
                .iter()
                .filter(|f| f.active())
                .filter_map(|f| f.fix.as_ref())
                .filter(|f| f.applicability() <= applicability);
            let (text, applied) = apply_fixes(document.text(), fixes);
            if applied == 0 || text == document.text() {
                break;
            }
            let next = document.with_text(text);
            let next_report = self.check_document(&next);
            if next_report.problems().len() > report.problems().len() {
                break;
            }
            (document, report) = (next, next_report);
            fixed += applied;
        }
        FixedDocument {
            document,
            fixed,
            report,
        }
    }
}
