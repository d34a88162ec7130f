//! Plain dotted placeholder names and Mailchimp merge-tag conditions.

use crate::Span;
use crate::template::VarPath;

/// A dotted name made of `[A-Za-z0-9_]` segments (`patient.mrn`, `1`, `RX_NAME`), if `span` is one.
pub(in crate::template) fn simple_path(src: &str, span: Span, sep: u8) -> Option<VarPath> {
    let s = span.slice(src).as_bytes();
    if s.is_empty()
        || !s
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == sep)
    {
        return None;
    }
    let mut segments = Vec::new();
    let mut start = span.start;
    let ends = s
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c == sep)
        .map(|(i, _)| span.start + i);
    for i in ends.chain([span.end]) {
        if i > start {
            segments.push(Span::new(start, i));
        }
        start = i + 1;
    }
    Some(VarPath { span, segments })
}

/// Mailchimp merge-tag names inside a condition (`FNAME == "x"`): uppercase-ish words.
pub(in crate::template) fn merge_condition(src: &str, span: Span) -> Vec<VarPath> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = span.start;
    while i < span.end {
        let c = b[i];
        if c == b'"' || c == b'\'' {
            i = memchr::memchr(c, &b[i + 1..span.end]).map_or(span.end, |o| i + 1 + o + 1);
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let s = i;
            while i < span.end && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.extend(simple_path(src, Span::new(s, i), b':'));
        } else if c.is_ascii_digit() {
            while i < span.end && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}
