//! Baseline fingerprints, stored without PHI.
//!
//! The `ctx1` fingerprint is SHA-256 over the rule code, the repository-relative path and the
//! finding's line with whitespace normalised and **every finding span on that line replaced by
//! `⟨CODE⟩`**, truncated to 16 hex digits. The matched value never enters the hash, so a
//! baseline holds nothing derived from PHI, and the fingerprint survives line moves.

use std::collections::HashMap;

use phi_lint_syntax::LineIndex;
use sha2::{Digest, Sha256};

use super::DocumentFinding;

/// Sets the `ctx1` fingerprint of every finding. Each line is masked once, with the spans
/// that reach it found by binary search, so the cost is n·log n in findings, not n².
pub(crate) fn fingerprint_all(
    findings: &mut [DocumentFinding],
    src: &str,
    index: &LineIndex,
    path: &str,
) {
    // Spans in the file (decoded findings point into decoded text, not the file).
    let mut spans: Vec<(usize, usize, &str)> = findings
        .iter()
        .filter(|l| l.decoded.is_none())
        .map(|l| (l.file_span.start, l.file_span.end, l.code()))
        .collect();
    spans.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    // reach[i]: the furthest end among spans[..=i], to stop the backward scan early.
    let reach: Vec<usize> = spans
        .iter()
        .scan(0, |max, &(_, e, _)| {
            *max = (*max).max(e);
            Some(*max)
        })
        .collect();
    let mut masked_lines: HashMap<usize, String> = HashMap::new();
    let mut prints = Vec::with_capacity(findings.len());
    for l in findings.iter() {
        let line_no = l.start.0;
        let masked = masked_lines.entry(line_no).or_insert_with(|| {
            let line = index.line_span(src, line_no);
            let bound = line.end.max(line.start + 1);
            // Spans starting on the line, then earlier ones still open at its start.
            let hi = spans.partition_point(|&(s, _, _)| s < bound);
            let lo = spans.partition_point(|&(s, _, _)| s < line.start);
            let mut on_line: Vec<(usize, usize, &str)> = Vec::new();
            let mut i = lo;
            while i > 0 && reach[i - 1] > line.start {
                i -= 1;
                if spans[i].1 > line.start {
                    on_line.push(spans[i]);
                }
            }
            on_line.reverse();
            on_line.extend(spans[lo..hi].iter().filter(|&&(_, e, _)| e > line.start));
            on_line.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
            mask_line(src, line.start, line.end, &on_line)
        });
        prints.push(fingerprint(l.code(), path, masked));
    }
    for (l, print) in findings.iter_mut().zip(prints) {
        l.fingerprint = print;
    }
}

/// The line `start..end` with every span replaced by `⟨CODE⟩` and whitespace normalised.
/// Spans are clamped to the line and widened to character boundaries (a library span may
/// split a character; the mask must not).
fn mask_line(src: &str, start: usize, end: usize, spans: &[(usize, usize, &str)]) -> String {
    let floor = |mut i: usize| {
        while !src.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while !src.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut masked = String::new();
    let mut pos = start;
    for &(s, e, code) in spans {
        let s = floor(s.max(start).min(end));
        let e = ceil(e.min(end));
        if s < pos {
            pos = pos.max(e);
            continue;
        }
        masked.push_str(&src[pos..s]);
        masked.push('⟨');
        masked.push_str(code);
        masked.push('⟩');
        pos = e.max(s);
    }
    if pos < end {
        masked.push_str(&src[pos..end]);
    }
    masked.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `ctx1:` + the first 16 hex digits of SHA-256(code NUL path NUL masked-line).
pub fn fingerprint(code: &str, path: &str, masked_line: &str) -> String {
    let mut h = Sha256::new();
    h.update(code.as_bytes());
    h.update([0]);
    h.update(path.as_bytes());
    h.update([0]);
    h.update(masked_line.as_bytes());
    let digest = h.finalize();
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("ctx1:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_shape() {
        let f = fingerprint("ID001", "a/b.txt", "Your SSN ⟨ID001⟩");
        assert!(f.starts_with("ctx1:"));
        assert_eq!(f.len(), 5 + 16);
        assert_ne!(f, fingerprint("ID001", "a/c.txt", "Your SSN ⟨ID001⟩"));
    }

    #[test]
    fn masks_spans_that_split_a_character() {
        // `—` is three bytes (5..8); a span ending at 7 splits it.
        let src = "http:\u{2014}x";
        assert_eq!(
            mask_line(src, 0, src.len(), &[(0, 7, "URL010")]),
            "⟨URL010⟩x"
        );
        assert_eq!(mask_line(src, 0, src.len(), &[(6, 9, "X")]), "http:⟨X⟩");
    }

    #[test]
    fn overlapping_and_nested_spans_mask_once() {
        let src = "a bc de f";
        let spans = [(2, 7, "A"), (3, 4, "B"), (5, 7, "C")];
        assert_eq!(mask_line(src, 0, src.len(), &spans), "a ⟨A⟩ f");
    }
}
