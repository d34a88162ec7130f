//! Span-preserving URL discovery and decomposition.
//!
//! The `url` crate normalises and loses original offsets, and rejects templated URLs such as
//! `https://x.example.org/c?u={{link}}&dx={{dx}}`; this splitter keeps every component as a raw
//! span and treats template tags as ordinary characters. Decoding (percent, `+`, base64, hex) is
//! done on demand and never changes spans: a finding always points at the raw text.
//!
//! Design: discovery and splitting are single forward passes over bytes (`memmem` finds `://`,
//! no regex). Template tags are recognised by one small grammar ([`template_tag_end`]) shared by
//! both, so `{{ url | append: '?x=1' }}` never ends a URL nor splits its query. The decoders are
//! hand-written: they are tiny, must never fail, and pulling in crates for them is not worth it.

mod decode;

use std::sync::LazyLock;

use memchr::memmem;

use crate::Span;

pub use decode::{decode_opaque, nested_url, percent_decode, schemeless_url};

/// A URL split into raw components.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlParts {
    /// The whole URL.
    pub span: Span,
    /// The scheme without `:` (`https`), when present.
    pub scheme: Option<Span>,
    /// The host (`portal.example.org`), when present. Userinfo and port are excluded, and so are
    /// the brackets of an IPv6 literal (`[::1]` → `::1`).
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

/// Schemes [`find_urls`] recognises (lowercase).
const SCHEMES: [&[u8]; 3] = [b"http", b"https", b"ftp"];

/// If a template tag starts at `b[i]`, the index just past it. Recognised: `{{ … }}` (and
/// `{{{ … }}}`), `{% … %}`, `<% … %>`, `*|…|*`, `${…}` and `{x}` / `#{x}`. Tags may hold spaces
/// but not line breaks, and must close within 256 bytes — so a stray `{` in a URL is just a
/// character.
pub fn template_tag_end(b: &[u8], i: usize) -> Option<usize> {
    const MAX: usize = 256;
    let rest = b.get(i..)?;
    let (open, close): (usize, &[u8]) = match rest {
        [b'{', b'{', b'{', ..] => (3, b"}}}"),
        [b'{', b'{', ..] => (2, b"}}"),
        [b'{', b'%', ..] => (2, b"%}"),
        [b'<', b'%', ..] => (2, b"%>"),
        [b'*', b'|', ..] => (2, b"|*"),
        [b'$', b'{', ..] => (2, b"}"),
        [b'{', c, ..] if !c.is_ascii_whitespace() && *c != b'}' => (1, b"}"),
        _ => return None,
    };
    let window = &rest[open..rest.len().min(open + MAX)];
    // Closers are 1–3 bytes: memchr for the first byte beats building a `memmem` searcher.
    let p = memchr::memchr_iter(close[0], window).find(|&p| window[p..].starts_with(close))?;
    let inner = &window[..p];
    if inner.iter().any(|&c| c == b'\n' || c == b'\r') {
        return None;
    }
    // A single-brace `{x}` placeholder holds a name, not arbitrary text.
    if open == 1 && inner.iter().any(|&c| c.is_ascii_whitespace() || c == b'{') {
        return None;
    }
    Some(i + open + p + close.len())
}

/// Finds URLs with an explicit scheme (`https://`, `http://`, `ftp://`) in `src`. A URL runs to
/// whitespace, a quote or `<` / `>`, template tags inside it included (`{{ x }}`, `{% x %}`,
/// `<%= x %>`, `*|X|*`, `${x}`); trailing sentence punctuation and an unbalanced `)` are not
/// part of it. Never panics.
///
/// Works the same on plain text, Markdown (`[x](https://…)` — the closing paren is unbalanced
/// and trimmed) and raw HTML (attribute values end at their quote, text at `<` or at an escaped
/// space, quote or bracket such as `&nbsp;` or `&gt;`; `&amp;` stays inside). Bare `www.` links
/// are out of scope.
pub fn find_urls(src: &str) -> Vec<Span> {
    let b = src.as_bytes();
    // Built once: building a searcher costs as much as searching a short message.
    static FINDER: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new(b"://"));
    let finder = &*FINDER;
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(p) = finder.find(&b[pos..]).map(|p| pos + p) {
        let mut start = p;
        while start > pos && b[start - 1].is_ascii_alphanumeric() {
            start -= 1;
        }
        let scheme = &b[start..p];
        if !SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s)) {
            pos = p + 3;
            continue;
        }
        let end = trim_end(b, p + 3, url_end(src, p + 3));
        if end > p + 3 {
            out.push(Span::new(start, end));
            pos = end;
        } else {
            pos = p + 3;
        }
    }
    out
}

/// Where a URL whose body starts at `from` ends (before trimming).
fn url_end(src: &str, from: usize) -> usize {
    let b = src.as_bytes();
    let mut i = from;
    while i < b.len() {
        if let Some(e) = template_tag_end(b, i) {
            i = e;
            continue;
        }
        let c = b[i];
        if c == b'&' && ends_url_entity(&b[i..]) {
            break;
        }
        if c < 0x80 {
            if c.is_ascii_whitespace()
                || c.is_ascii_control()
                || matches!(c, b'"' | b'\'' | b'<' | b'>' | b'`')
            {
                break;
            }
            i += 1;
        } else {
            // Non-ASCII (IRIs): stop at Unicode spaces; advance by whole characters.
            let Some(ch) = src.get(i..).and_then(|s| s.chars().next()) else {
                break;
            };
            if ch.is_whitespace() || matches!(ch, '\u{200B}' | '\u{FEFF}' | '“' | '”' | '«' | '»')
            {
                break;
            }
            i += ch.len_utf8();
        }
    }
    i
}

/// True at an HTML character reference for a space, quote or angle bracket (`&nbsp;`, `&gt;`):
/// in HTML text these end a URL just like the characters they stand for, while `&amp;` (a
/// query separator in `href`s) does not.
fn ends_url_entity(rest: &[u8]) -> bool {
    const STOPS: [&[u8]; 13] = [
        b"&nbsp;", b"&lt;", b"&gt;", b"&quot;", b"&apos;", b"&#160;", b"&#xa0;", b"&#34;",
        b"&#39;", b"&#x22;", b"&#x27;", b"&#60;", b"&#62;",
    ];
    STOPS.iter().any(|stop| {
        rest.get(..stop.len())
            .is_some_and(|r| r.eq_ignore_ascii_case(stop))
    })
}

/// Trims trailing sentence punctuation and unbalanced closing brackets from `b[start..end]`.
/// Template tags end in `}`, `%>` or `|*`, so trimming never cuts into one.
fn trim_end(b: &[u8], start: usize, mut end: usize) -> usize {
    // Bracket balance, counted once: `(` minus `)` and `[` minus `]`.
    let (mut paren, mut square) = (0isize, 0isize);
    for &c in &b[start..end] {
        match c {
            b'(' => paren += 1,
            b')' => paren -= 1,
            b'[' => square += 1,
            b']' => square -= 1,
            _ => {}
        }
    }
    while end > start {
        match b[end - 1] {
            b'.' | b',' | b';' | b':' | b'!' | b'?' => {}
            b')' if paren < 0 => paren += 1,
            b']' if square < 0 => square += 1,
            _ => break,
        }
        end -= 1;
    }
    end
}

/// Splits the URL at `span` of `src` into components. Works on partial and templated URLs and
/// never panics; what cannot be split stays in the nearest component.
///
/// Delimiters inside template tags (`?u={{ url | append: '?x=1' }}`) do not split. Query pairs
/// are split on `&` and `;`; an HTML-escaped `&amp;` counts as one separator.
pub fn parse(src: &str, span: Span) -> UrlParts {
    let mut parts = UrlParts {
        span,
        ..UrlParts::default()
    };
    if src.get(span.range()).is_none() {
        return parts;
    }
    let s = Splitter::new(src.as_bytes(), span);
    let (start, end) = (span.start, span.end);
    let mut i = start;

    // Scheme: letters, then scheme characters, then `:` before any `/ ? #`.
    if let Some(colon) = s.find(start, end, |c| matches!(c, b':' | b'/' | b'?' | b'#'))
        && s.b[colon] == b':'
        && colon > start
        && s.b[start].is_ascii_alphabetic()
        && s.b[start..colon]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    {
        parts.scheme = Some(Span::new(start, colon));
        i = colon + 1;
    }

    // Authority.
    if s.b[i..end].starts_with(b"//") {
        let auth_start = i + 2;
        let auth_end = s
            .find(auth_start, end, |c| matches!(c, b'/' | b'?' | b'#'))
            .unwrap_or(end);
        parts.host = s.host(auth_start, auth_end);
        i = auth_end;
    }

    let path_end = s.find(i, end, |c| c == b'?' || c == b'#').unwrap_or(end);
    parts.path = s.split(i, path_end, |c| c == b'/');
    i = path_end;

    if i < end && s.b[i] == b'?' {
        let q_end = s.find(i + 1, end, |c| c == b'#').unwrap_or(end);
        parts.query = s.pairs(i + 1, q_end);
        i = q_end;
    }

    if i < end && s.b[i] == b'#' {
        let f = Span::new(i + 1, end);
        parts.fragment = Some(f);
        if let Some(q) = s.find(f.start, f.end, |c| c == b'?') {
            parts.fragment_query = s.pairs(q + 1, f.end);
        } else if s.find(f.start, f.end, |c| c == b'=').is_some() {
            parts.fragment_query = s.pairs(f.start, f.end);
        }
    }
    parts
}

/// Delimiter search over a URL that skips template tags.
struct Splitter<'a> {
    b: &'a [u8],
    /// Template tags inside the URL, in order.
    tags: Vec<Span>,
}

impl<'a> Splitter<'a> {
    fn new(b: &'a [u8], span: Span) -> Self {
        let mut tags = Vec::new();
        let mut i = span.start;
        while i < span.end {
            match template_tag_end(&b[..span.end], i) {
                Some(e) => {
                    tags.push(Span::new(i, e));
                    i = e;
                }
                None => i += 1,
            }
        }
        Splitter { b, tags }
    }

    /// The first byte in `from..to` outside template tags that satisfies `pred`.
    fn find(&self, from: usize, to: usize, pred: impl Fn(u8) -> bool) -> Option<usize> {
        let mut k = self.tags.partition_point(|t| t.end <= from);
        let mut i = from;
        while i < to {
            if let Some(t) = self.tags.get(k)
                && t.start <= i
            {
                i = t.end;
                k += 1;
                continue;
            }
            let limit = self.tags.get(k).map_or(to, |t| t.start.min(to));
            if let Some(p) = self.b[i..limit].iter().position(|&c| pred(c)) {
                return Some(i + p);
            }
            i = limit;
        }
        None
    }

    /// Non-empty pieces of `from..to` between delimiters.
    fn split(&self, from: usize, to: usize, pred: impl Fn(u8) -> bool + Copy) -> Vec<Span> {
        let mut out = Vec::new();
        let mut i = from;
        while i <= to {
            let d = self.find(i, to, pred).unwrap_or(to);
            if d > i {
                out.push(Span::new(i, d));
            }
            i = d + 1;
        }
        out
    }

    /// `key=value` pairs of `from..to`, split on `&`, `&amp;` and `;`.
    fn pairs(&self, from: usize, to: usize) -> Vec<QueryPair> {
        let mut out = Vec::new();
        let mut i = from;
        while i < to {
            let d = self.find(i, to, |c| c == b'&' || c == b';').unwrap_or(to);
            if d > i {
                let key_end = self.find(i, d, |c| c == b'=');
                out.push(match key_end {
                    Some(eq) => QueryPair {
                        key: Span::new(i, eq),
                        value: Some(Span::new(eq + 1, d)),
                    },
                    None => QueryPair {
                        key: Span::new(i, d),
                        value: None,
                    },
                });
            }
            i = d + 1;
            if d < to && self.b[d] == b'&' && self.b[i..to].starts_with(b"amp;") {
                i += 4;
            }
        }
        out
    }

    /// The host inside an authority `from..to`: after the last `@`, before a port, without
    /// IPv6 brackets. `None` when empty.
    fn host(&self, from: usize, to: usize) -> Option<Span> {
        let mut start = from;
        while let Some(at) = self.find(start, to, |c| c == b'@') {
            start = at + 1;
        }
        let (h_start, h_end) = if self.b.get(start) == Some(&b'[') && start < to {
            let close = self.find(start, to, |c| c == b']').unwrap_or(to);
            (start + 1, close)
        } else {
            (start, self.find(start, to, |c| c == b':').unwrap_or(to))
        };
        (h_end > h_start).then(|| Span::new(h_start, h_end))
    }
}

#[cfg(test)]
mod tests;
