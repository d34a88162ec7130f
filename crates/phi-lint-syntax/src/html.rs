//! A small, lenient HTML scanner for email bodies.
//!
//! It finds what a recipient sees (text nodes, `<title>`), the attributes the engine analyses
//! (`href`, `src`, `alt`, `title`, `clicktracking`), and comments (where suppressions live). It
//! skips `<style>` and `<script>` content. Template tags inside the HTML are given as *opaque*
//! spans: the scanner steps over them as if they were ordinary characters, so
//! `<a href="https://x.example.org/r?p={{id}}">` keeps its attribute value whole and
//! `{% if a > b %}` never closes a tag.
//!
//! Design: one forward pass over the bytes. Markup is found with `memchr` for `<`; all
//! delimiters are ASCII, so every span produced lies on a character boundary. Leniency rule:
//! an unclosed construct (tag, comment, CDATA, `<script>`) is reported as an issue and never
//! hides the rest of the input — scanning resumes right after its opening delimiter, so text
//! that a typo would otherwise swallow is still seen by the linter.

mod entities;

use memchr::{memchr, memmem};

use crate::{Span, SyntaxIssue};

pub use entities::decode_entities;

/// True when `src` looks like HTML markup: a common email element among its first 4 KiB
/// (ASCII case-insensitive). Used to tell an HTML body from plain text where neither a file
/// extension nor a payload field says which.
pub fn looks_like_html(src: &str) -> bool {
    const TAGS: [&[u8]; 12] = [
        b"<html",
        b"<body",
        b"<!doctype",
        b"<mjml",
        b"<p>",
        b"<p ",
        b"<div",
        b"<table",
        b"<br",
        b"<a ",
        b"<img",
        b"<span",
    ];
    let head = &src.as_bytes()[..src.len().min(4096)];
    memchr::memchr_iter(b'<', head).any(|at| {
        let rest = &head[at..];
        TAGS.iter()
            .any(|tag| rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag))
    })
}

/// The scanned document.
#[derive(Clone, Debug, Default)]
pub struct HtmlDoc {
    /// Visible text runs, raw (entities not decoded), in source order. `<title>` content and
    /// hidden preheaders count as visible; `<style>`, `<script>` and comments do not.
    pub text: Vec<Span>,
    /// Start tags in source order, with their attributes.
    pub elements: Vec<Element>,
    /// `<!-- … -->` comments.
    pub comments: Vec<HtmlComment>,
    /// Problems found (unclosed comment or tag); never fatal.
    pub issues: Vec<SyntaxIssue>,
}

/// A start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The whole start tag, `<` to `>`.
    pub span: Span,
    /// The tag name (`a`, `img`, `td`).
    pub name: Span,
    /// Attributes in source order (duplicates kept).
    pub attrs: Vec<Attr>,
}

/// An attribute of a start tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    /// The attribute name.
    pub name: Span,
    /// The value, quotes excluded (raw: entities not decoded); `None` for a bare attribute.
    pub value: Option<Span>,
}

/// An HTML comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlComment {
    /// The whole comment, `<!--` to `-->`.
    pub span: Span,
    /// The text between the delimiters.
    pub body: Span,
}

impl HtmlDoc {
    /// Scans `src`. `opaque` lists template-tag spans (sorted, non-overlapping) to step over.
    /// Never fails and never panics (out-of-range or overlapping opaque spans are tolerated).
    pub fn scan(src: &str, opaque: &[Span]) -> HtmlDoc {
        let opaque = normalize(opaque, src.len());
        let mut scanner = Scanner {
            b: src.as_bytes(),
            opaque: &opaque,
            doc: HtmlDoc::default(),
        };
        scanner.run();
        scanner.doc
    }
}

impl Element {
    /// The first attribute named `name` (ASCII case-insensitive).
    pub fn attr<'a>(&'a self, src: &str, name: &str) -> Option<&'a Attr> {
        self.attrs
            .iter()
            .find(|a| a.name.slice(src).eq_ignore_ascii_case(name))
    }

    /// True when the tag is named `name` (ASCII case-insensitive).
    pub fn is(&self, src: &str, name: &str) -> bool {
        self.name.slice(src).eq_ignore_ascii_case(name)
    }
}

/// Clamps, sorts and merges the opaque spans so lookups can rely on order.
fn normalize(opaque: &[Span], len: usize) -> Vec<Span> {
    let mut v: Vec<Span> = opaque
        .iter()
        .filter(|s| s.start < s.end && s.end <= len)
        .copied()
        .collect();
    if !v.is_sorted() {
        v.sort_unstable();
    }
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for s in v {
        match out.last_mut() {
            Some(last) if s.start < last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// Elements whose content is not markup.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RawKind {
    /// `<script>`, `<style>`: content is invisible.
    Hidden,
    /// `<title>`, `<textarea>`: content is visible text.
    Text,
}

fn raw_kind(name: &[u8]) -> Option<RawKind> {
    let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
    if is("script") || is("style") {
        Some(RawKind::Hidden)
    } else if is("title") || is("textarea") {
        Some(RawKind::Text)
    } else {
        None
    }
}

const fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Unclosed constructs tolerated before the rest of the input is read as plain text.
const MAX_UNCLOSED: usize = 16;

struct Scanner<'a> {
    b: &'a [u8],
    opaque: &'a [Span],
    doc: HtmlDoc,
}

impl Scanner<'_> {
    /// The end of the opaque span covering `i`, if any.
    fn opaque_end(&self, i: usize) -> Option<usize> {
        let k = self.opaque.partition_point(|s| s.end <= i);
        self.opaque.get(k).filter(|s| s.start <= i).map(|s| s.end)
    }

    /// The first match of `search` at or after `from` that lies outside every opaque span.
    /// `search` looks through a slice free of opaque spans and returns an offset into it.
    fn find(&self, from: usize, search: impl Fn(&[u8]) -> Option<usize>) -> Option<usize> {
        let mut i = from;
        let mut k = self.opaque.partition_point(|s| s.end <= i);
        while i < self.b.len() {
            let limit = match self.opaque.get(k) {
                Some(s) if s.start <= i => {
                    i = s.end;
                    k += 1;
                    continue;
                }
                Some(s) => s.start,
                None => self.b.len(),
            };
            if let Some(p) = search(&self.b[i..limit]) {
                return Some(i + p);
            }
            i = limit;
        }
        None
    }

    /// The first byte at or after `from` outside opaque spans matching `pred`, or the end.
    fn find_any(&self, from: usize, pred: impl Fn(u8) -> bool) -> usize {
        self.find(from, |s| s.iter().position(|&c| pred(c)))
            .unwrap_or(self.b.len())
    }

    /// `end` moved back over opaque spans that end exactly there (but not before `start`).
    fn before_trailing_opaque(&self, start: usize, mut end: usize) -> usize {
        let mut k = self.opaque.partition_point(|s| s.end < end);
        while let Some(s) = self.opaque.get(k)
            && s.end == end
            && s.start >= start
        {
            end = s.start;
            if k == 0 {
                break;
            }
            k -= 1;
        }
        end
    }

    /// Like [`Scanner::find`] for a multi-byte needle; a match may not straddle an opaque span.
    fn find_str(&self, from: usize, needle: &[u8]) -> Option<usize> {
        self.find(from, |s| memmem::find(s, needle))
    }

    fn issue(&mut self, at: usize, len: usize, message: &str) {
        self.doc
            .issues
            .push(SyntaxIssue::new(Span::new(at, at + len), message));
    }

    fn push_text(&mut self, start: usize, end: usize) {
        if start < end && !self.b[start..end].iter().all(|&b| is_space(b)) {
            self.doc.text.push(Span::new(start, end));
        }
    }

    fn run(&mut self) {
        let b = self.b;
        let mut text_start = 0;
        let mut pos = 0;
        while let Some(lt) = self.find(pos, |s| memchr(b'<', s)) {
            // Every unclosed construct cost a scan to the end of the input; past a few of them
            // the input is not HTML anyway, and the rest is kept as text (linear time).
            if self.doc.issues.len() >= MAX_UNCLOSED {
                self.issue(
                    lt,
                    0,
                    "too many unclosed constructs; the rest is read as text",
                );
                break;
            }
            let rest = &b[lt + 1..];
            let markup_end = if rest.starts_with(b"!--") {
                self.comment(lt)
            } else if rest.len() >= 8 && rest[..8].eq_ignore_ascii_case(b"![CDATA[") {
                self.skip_to(lt, 9, b"]]>", "unclosed CDATA section")
            } else if matches!(rest.first(), Some(b'!' | b'?')) {
                // `<!DOCTYPE>`, `<![endif]>`, `<?xml ?>`: declarations, never visible.
                self.skip_to(lt, 2, b">", "unclosed markup declaration")
            } else if rest.first() == Some(&b'/')
                && rest.get(1).is_some_and(u8::is_ascii_alphabetic)
            {
                self.skip_to(lt, 2, b">", "unclosed end tag")
            } else if rest.first().is_some_and(u8::is_ascii_alphabetic) {
                self.start_tag(lt)
            } else {
                None
            };
            match markup_end {
                Some(Markup { end, raw }) => {
                    self.push_text(text_start, lt);
                    pos = end;
                    text_start = end;
                    if let Some((kind, name)) = raw {
                        let (content_end, next) = self.raw_text(end, name);
                        if kind == RawKind::Text {
                            self.push_text(end, content_end);
                        }
                        pos = next;
                        text_start = next;
                    }
                }
                // Not markup (or unclosed, already reported): the `<` is text.
                None => pos = lt + 1,
            }
        }
        self.push_text(text_start, b.len());
    }

    /// Skips from `lt` (past `open` bytes) to the end of `close`.
    fn skip_to(&mut self, lt: usize, open: usize, close: &[u8], what: &str) -> Option<Markup> {
        match self.find_str(lt + open, close) {
            Some(p) => Some(Markup {
                end: p + close.len(),
                raw: None,
            }),
            None => {
                self.issue(lt, open, what);
                None
            }
        }
    }

    /// A comment starting at `lt` (`<!--`). Conditional comments (`<!--[if mso]> … <![endif]-->`)
    /// are ordinary comments here: their content is for Outlook only and not part of the text.
    fn comment(&mut self, lt: usize) -> Option<Markup> {
        let body_start = lt + 4;
        // `<!-->` and `<!--->` are (empty) comments in HTML.
        for short in [&b">"[..], b"->"] {
            if self.b[body_start..].starts_with(short) {
                let end = body_start + short.len();
                self.doc.comments.push(HtmlComment {
                    span: Span::new(lt, end),
                    body: Span::new(body_start, body_start),
                });
                return Some(Markup { end, raw: None });
            }
        }
        match self.find_str(body_start, b"-->") {
            Some(p) => {
                let end = p + 3;
                self.doc.comments.push(HtmlComment {
                    span: Span::new(lt, end),
                    body: Span::new(body_start, p),
                });
                Some(Markup { end, raw: None })
            }
            None => {
                self.issue(lt, 4, "unclosed comment");
                None
            }
        }
    }

    /// A start tag at `lt`. Returns `None` (after reporting) when the tag never closes.
    fn start_tag(&mut self, lt: usize) -> Option<Markup> {
        let b = self.b;
        let len = b.len();
        let name_start = lt + 1;
        // Tag names end at whitespace, `/` or `>`; an opaque span inside a name is stepped over.
        let mut i = self.find_any(name_start, |c| is_space(c) || c == b'/' || c == b'>');
        let name = Span::new(name_start, i);
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            if i >= len {
                self.issue(lt, 1, "unclosed tag");
                return None;
            }
            if let Some(e) = self.opaque_end(i) {
                // A template tag in attribute position (`{% if x %}checked{% endif %}`,
                // `{{ attrs }}`) is not an attribute itself.
                i = e;
                continue;
            }
            match b[i] {
                c if is_space(c) => i += 1,
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    i += 1;
                    if b.get(i) == Some(&b'>') {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                }
                _ => match self.attr(i) {
                    Some((attr, next)) => {
                        attrs.push(attr);
                        i = next;
                    }
                    None => {
                        self.issue(lt, 1, "unclosed attribute value in tag");
                        return None;
                    }
                },
            }
        }
        let name_bytes = &b[name.range()];
        let raw = raw_kind(name_bytes)
            .filter(|_| !self_closing)
            .map(|k| (k, name));
        self.doc.elements.push(Element {
            span: Span::new(lt, i),
            name,
            attrs,
        });
        Some(Markup { end: i, raw })
    }

    /// An attribute starting at `i`; returns it and the position after it, or `None` when a
    /// quoted value never closes.
    fn attr(&self, start: usize) -> Option<(Attr, usize)> {
        let b = self.b;
        let skip_space = |mut j: usize| {
            while b.get(j).is_some_and(|&c| is_space(c)) {
                j += 1;
            }
            j
        };
        // The first character may be `=` (an odd but legal name start); then up to a delimiter.
        let first = if b[start] == b'=' { start + 1 } else { start };
        let name_end = self.find_any(first, |c| is_space(c) || matches!(c, b'/' | b'>' | b'='));
        let mut j = skip_space(name_end);
        if b.get(j) != Some(&b'=') {
            // A bare name followed by a template tag (`checked{% endif %}`): the tag is not
            // part of the name; templated names with a value (`data-{{ k }}="v"`) keep it.
            let end = self.before_trailing_opaque(first, name_end);
            return Some((
                Attr {
                    name: Span::new(start, end),
                    value: None,
                },
                end,
            ));
        }
        let name = Span::new(start, name_end);
        j = skip_space(j + 1);
        let (value, next) = match b.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let close = self.find(j + 1, |s| memchr(q, s))?;
                (Span::new(j + 1, close), close + 1)
            }
            _ => {
                let end = self.find_any(j, |c| is_space(c) || c == b'>');
                (Span::new(j, end), end)
            }
        };
        Some((
            Attr {
                name,
                value: Some(value),
            },
            next,
        ))
    }

    /// Content of a raw-text element (`<script>`, `<title>`) starting at `from`: returns where
    /// the content ends and where scanning resumes (at its end tag, which is then skipped as
    /// ordinary markup). Without an end tag the content is reported and scanned as markup.
    fn raw_text(&mut self, from: usize, name: Span) -> (usize, usize) {
        let b = self.b;
        let tag = Span::new(name.start - 1, name.end);
        let name = &b[name.range()];
        let mut pos = from;
        while let Some(p) = self.find(pos, |s| memchr(b'<', s)) {
            let after = p + 2 + name.len();
            if b.get(p + 1) == Some(&b'/')
                && b.get(p + 2..after)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && b.get(after)
                    .is_none_or(|&c| is_space(c) || c == b'>' || c == b'/')
            {
                return (p, p);
            }
            pos = p + 1;
        }
        self.issue(tag.start, tag.len(), "element content is never closed");
        (from, from)
    }
}

/// Recognised markup: where it ends and, for raw-text elements, what kind and name.
struct Markup {
    end: usize,
    raw: Option<(RawKind, Span)>,
}

#[cfg(test)]
mod tests;
