//! The shared expression lexer: paths, strings, numbers and punctuation, forgiving of
//! anything it does not know; plus brace matching and trimming on raw bytes.

use super::Lang;
use crate::Span;

/// A path as lexed: `patient.mrn`, `@index`, `../x`, `.Patient.MRN`, `$r.Name`, `this`.
#[derive(Clone, Debug)]
pub(super) struct RawPath {
    pub(super) span: Span,
    pub(super) segs: Vec<Span>,
    /// Started with a sigil or context word (`@`, `$`, `.`, `../`, `this`, `self`).
    pub(super) sigil: bool,
}

#[derive(Clone, Debug)]
pub(super) enum Tok {
    Path(RawPath),
    Str(Span),
    Num(Span),
    /// Any other single byte (`(`, `|`, `=`, `:`, …).
    Punct(u8, Span),
    /// A two-byte operator (`==`, `:=`, `||`, `::`, …).
    Op(Span),
}

impl Tok {
    pub(super) fn span(&self) -> Span {
        match self {
            Tok::Path(p) => p.span,
            Tok::Str(s) | Tok::Num(s) | Tok::Punct(_, s) | Tok::Op(s) => *s,
        }
    }
}

/// Byte at `i`, or 0 past the end (so look-ahead never panics).
pub(super) fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// Bytes >= 0x80 count as identifier bytes, so a multi-byte character is never split.
pub(super) fn ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

pub(super) fn ident_cont(c: u8, lang: Lang) -> bool {
    c.is_ascii_alphanumeric()
        || c == b'_'
        || c >= 0x80
        || (c == b'-' && matches!(lang, Lang::Hbs | Lang::Liquid))
}

/// `span` without surrounding ASCII whitespace.
pub(in crate::template) fn trim(src: &str, span: Span) -> Span {
    let b = src.as_bytes();
    let (mut s, mut e) = (span.start, span.end.min(b.len()));
    while s < e && b[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    Span::new(s, e)
}

struct Lexer<'a> {
    b: &'a [u8],
    end: usize,
    lang: Lang,
    toks: Vec<Tok>,
    /// `#{…}` interpolations found inside Ruby double-quoted strings.
    interps: Vec<Span>,
}

pub(super) fn lex(src: &str, range: Span, lang: Lang) -> (Vec<Tok>, Vec<Span>) {
    let mut lx = Lexer {
        b: src.as_bytes(),
        end: range.end.min(src.len()),
        lang,
        toks: Vec::new(),
        interps: Vec::new(),
    };
    lx.run(range.start);
    (lx.toks, lx.interps)
}

impl Lexer<'_> {
    pub(super) fn at(&self, i: usize) -> u8 {
        if i < self.end { self.b[i] } else { 0 }
    }

    fn run(&mut self, mut i: usize) {
        while i < self.end {
            let c = self.b[i];
            let next = self.at(i + 1);
            i = match c {
                _ if c.is_ascii_whitespace() => i + 1,
                b'"' | b'\'' | b'`' => self.string(i),
                b'0'..=b'9' => self.number(i),
                b'@' if matches!(self.lang, Lang::Hbs | Lang::Ruby) => self.path(i),
                b'$' if matches!(self.lang, Lang::Go | Lang::Ruby) => self.path(i),
                b'$' if next == b'{' || ident_start(next) => self.path(i),
                b'.' if self.lang == Lang::Go => self.path(i),
                b'.' if self.lang == Lang::Hbs && (next == b'/' || next == b'.') => self.path(i),
                // A member access after `]` or `)`: lexed and dropped (its receiver is unknown).
                b'.' if ident_start(next) => {
                    let (_, e) = self.read_path(i + 1);
                    e
                }
                _ if ident_start(c) => self.path(i),
                _ => {
                    const OPS: [&[u8]; 12] = [
                        b"==", b"!=", b"<=", b">=", b":=", b"&&", b"||", b"::", b"=>", b"..",
                        b"**", b"=~",
                    ];
                    let two = [c, next];
                    if OPS.iter().any(|op| *op == two) {
                        self.toks.push(Tok::Op(Span::new(i, i + 2)));
                        i + 2
                    } else {
                        self.toks.push(Tok::Punct(c, Span::new(i, i + 1)));
                        i + 1
                    }
                }
            };
        }
    }

    /// A quoted string; Ruby `"…#{x}…"` records its interpolations.
    fn string(&mut self, start: usize) -> usize {
        let q = self.b[start];
        let mut i = start + 1;
        while i < self.end {
            match self.b[i] {
                b'\\' => i += 2,
                c if c == q => {
                    self.toks.push(Tok::Str(Span::new(start, i + 1)));
                    return i + 1;
                }
                b'#' if q == b'"' && self.lang == Lang::Ruby && self.at(i + 1) == b'{' => {
                    let close = match_brace(self.b, i + 1, self.end).unwrap_or(self.end);
                    self.interps.push(Span::new(i + 2, close));
                    i = close + 1;
                }
                _ => i += 1,
            }
        }
        self.toks.push(Tok::Str(Span::new(start, self.end)));
        self.end
    }

    fn number(&mut self, start: usize) -> usize {
        let mut i = start;
        while i < self.end {
            let c = self.b[i];
            let more = c.is_ascii_alphanumeric()
                || c == b'_'
                || (c == b'.' && self.at(i + 1).is_ascii_digit());
            if !more {
                break;
            }
            i += 1;
        }
        self.toks.push(Tok::Num(Span::new(start, i)));
        i
    }

    fn path(&mut self, start: usize) -> usize {
        let (p, e) = self.read_path(start);
        self.toks.push(Tok::Path(p));
        e.max(start + 1)
    }

    /// Reads an identifier; Ruby methods may end in `?` / `!`.
    fn ident(&self, mut i: usize) -> usize {
        while i < self.end && ident_cont(self.b[i], self.lang) {
            i += 1;
        }
        if self.lang == Lang::Ruby && matches!(self.at(i), b'?' | b'!') && self.at(i + 1) != b'=' {
            i += 1;
        }
        i
    }

    /// Reads a path starting at `start`; returns it and the offset after it.
    fn read_path(&self, start: usize) -> (RawPath, usize) {
        let lang = self.lang;
        let mut i = start;
        let mut sigil = false;
        let mut segs = Vec::new();
        // Sigils and context prefixes.
        match lang {
            Lang::Hbs => {
                loop {
                    if self.at(i) == b'.' && self.at(i + 1) == b'.' && self.at(i + 2) == b'/' {
                        i += 3;
                    } else if self.at(i) == b'.' && self.at(i + 1) == b'/' {
                        i += 2;
                    } else {
                        break;
                    }
                    sigil = true;
                }
                if self.at(i) == b'@' {
                    i += 1;
                    sigil = true;
                }
            }
            Lang::Ruby => {
                while matches!(self.at(i), b'@' | b'$') {
                    i += 1;
                    sigil = true;
                }
            }
            Lang::Go => {
                if self.at(i) == b'$' {
                    i += 1;
                    sigil = true;
                    if ident_start(self.at(i)) {
                        let e = self.ident(i);
                        segs.push(Span::new(i, e));
                        i = e;
                    }
                } else if self.at(i) == b'.' {
                    sigil = true;
                }
            }
            _ => {}
        }
        loop {
            // One segment.
            let c = self.at(i);
            if lang == Lang::Go && c == b'.' {
                if ident_start(self.at(i + 1)) {
                    let e = self.ident(i + 1);
                    segs.push(Span::new(i + 1, e));
                    i = e;
                } else {
                    if segs.is_empty() {
                        i += 1; // `.` alone: the current context
                    }
                    break;
                }
                continue;
            }
            if c == b'$' && self.at(i + 1) == b'{' {
                // Braze `${first_name}`.
                let close = memchr::memchr(b'}', &self.b[i..self.end]).map_or(self.end, |o| i + o);
                segs.push(trim_bytes(self.b, Span::new(i + 2, close)));
                i = (close + 1).min(self.end);
            } else if ident_start(c) || (c == b'$' && lang == Lang::Js) {
                let e = self.ident(i + 1);
                segs.push(Span::new(i, e));
                i = e;
            } else if c == b'[' && (!segs.is_empty() || lang == Lang::Hbs) {
                match self.bracket(i) {
                    Some((seg, e)) => {
                        segs.extend(seg);
                        i = e;
                    }
                    None => break,
                }
            } else {
                break;
            }
            // Separator.
            let (c, n) = (self.at(i), self.at(i + 1));
            let dot = c == b'.' && (ident_start(n) || n == b'[' || n == b'$');
            let slash = c == b'/' && lang == Lang::Hbs && ident_start(n);
            if dot || slash {
                i += 1;
            } else if (c == b'&' || c == b'?') && n == b'.' && ident_start(self.at(i + 2)) {
                i += 2;
            } else if c != b'[' {
                break;
            }
        }
        let span = Span::new(start, i);
        // Context words are sigils, not names.
        if let Some(&first) = segs.first() {
            let word = &self.b[first.range()];
            let context = match lang {
                Lang::Hbs => word == b"this" || (word == b"root" && first.start > start),
                Lang::Js => word == b"this",
                Lang::Ruby => word == b"self",
                _ => false,
            };
            if context {
                segs.remove(0);
                sigil = true;
            }
        }
        (RawPath { span, segs, sigil }, i)
    }

    /// `[…]` after a path: a quoted key or Handlebars literal segment becomes a segment, a
    /// numeric index is skipped; anything else ends the path (returns `None`).
    fn bracket(&self, open: usize) -> Option<(Option<Span>, usize)> {
        let close = open + 1 + memchr::memchr(b']', &self.b[open + 1..self.end])?;
        let inner = trim_bytes(self.b, Span::new(open + 1, close));
        let s = &self.b[inner.range()];
        let seg = if s.iter().all(u8::is_ascii_digit) {
            None
        } else if s.len() >= 2 && matches!(s[0], b'"' | b'\'') && s[s.len() - 1] == s[0] {
            Some(Span::new(inner.start + 1, inner.end - 1))
        } else if self.lang == Lang::Hbs {
            Some(inner)
        } else {
            return None;
        };
        Some((seg, close + 1))
    }
}

pub(super) fn trim_bytes(b: &[u8], span: Span) -> Span {
    let (mut s, mut e) = (span.start, span.end);
    while s < e && b[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    Span::new(s, e)
}

/// The `}` matching the `{` at `open` (quotes skipped), before `end`.
pub(in crate::template) fn match_brace(b: &[u8], open: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < end.min(b.len()) {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            q @ (b'"' | b'\'' | b'`') if i == 0 || !b[i - 1].is_ascii_alphanumeric() => {
                // Skip the string when it closes before `end`; otherwise treat the quote as text.
                let mut j = i + 1;
                while j < end && b[j] != q && b[j] != b'\n' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                if j < end && b[j] == q {
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}
