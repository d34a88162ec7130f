//! Span-preserving URL discovery and decomposition.
//!
//! The `url` crate normalises and loses original offsets, and rejects templated URLs such as
//! `https://x.example.org/c?u={{link}}&dx={{dx}}`; this splitter keeps every component as a raw
//! span and treats template tags as ordinary characters. Decoding (percent, `+`, base64, hex) is
//! done on demand and never changes spans: a finding always points at the raw text.

use std::borrow::Cow;

use crate::Span;

/// A URL split into raw components.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// The whole URL.
    pub span: Span,
    /// The scheme without `:` (`https`), when present.
    pub scheme: Option<Span>,
    /// The host (`portal.example.org`), when present.
    pub host: Option<Span>,
    /// Path segments between `/` (empty segments dropped).
    pub path: Vec<Span>,
    /// Query pairs in order, duplicates kept.
    pub query: Vec<QueryPair>,
    /// The fragment without `#`, when present.
    pub fragment: Option<Span>,
    /// Query-style pairs inside the fragment (`#/results?id=7`, `#mrn=1`), when it has any.
    pub fragment_query: Vec<QueryPair>,
}

/// One `key=value` pair of a query string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryPair {
    /// The raw key.
    pub key: Span,
    /// The raw value (without `=`); `None` for a bare key.
    pub value: Option<Span>,
}

/// Finds URLs with an explicit scheme (`https://`, `http://`, `ftp://`) in `src`. A URL runs to
/// whitespace, a quote or `<` / `>`, template tags inside it included (`{{ x }}`, `{% x %}`,
/// `<%= x %>`, `*|X|*`, `${x}`); trailing sentence punctuation and an unbalanced `)` are not
/// part of it. Never panics.
pub fn find_urls(src: &str) -> Vec<Span> {
    let _ = src;
    Vec::new()
}

/// Splits the URL at `span` of `src` into components. Works on partial and templated URLs and
/// never panics; what cannot be split stays in the nearest component.
pub fn parse(src: &str, span: Span) -> UrlParts {
    let _ = src;
    UrlParts {
        span,
        ..UrlParts::default()
    }
}

/// Percent-decodes `raw` (and `+` as a space when `plus_as_space`). Invalid escapes are kept
/// as they are; invalid UTF-8 is replaced lossily.
pub fn percent_decode(raw: &str, plus_as_space: bool) -> Cow<'_, str> {
    let _ = plus_as_space;
    Cow::Borrowed(raw)
}

/// Decodes a value that hides text in base64 (standard or URL-safe, padded or not) or hex,
/// when it decodes to printable UTF-8 text; `None` otherwise (opaque tokens stay opaque).
pub fn decode_opaque(value: &str) -> Option<String> {
    let _ = value;
    None
}
