//! Expressions inside tags: a small shared lexer and per-language rules that pick out the
//! variable paths (and skip helper, filter and function names, keywords and literals).
//!
//! The lexer is deliberately forgiving: anything it does not understand becomes a punctuation
//! token and is ignored, so unknown helpers, filters and operators never cause errors.

use super::{Binding, VarPath};
use crate::Span;

/// The expression language of a tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lang {
    /// Handlebars / Mustache.
    Hbs,
    /// Liquid.
    Liquid,
    /// Jinja2, Nunjucks, Twig, Django.
    Jinja,
    /// Go `text/template`.
    Go,
    /// Ruby (ERB tags and `#{}` interpolation).
    Ruby,
    /// JavaScript (`${}` placeholders).
    Js,
}

/// What a tag's content means: the pieces a [`super::Var`] or [`super::Tag`] is built from.
#[derive(Debug, Default)]
pub(super) struct Analysis {
    /// True when the tag is a control tag rather than output.
    pub(super) is_tag: bool,
    pub(super) keyword: Option<Span>,
    pub(super) paths: Vec<VarPath>,
    pub(super) binding: Option<Binding>,
    pub(super) unescaped: bool,
}

/// A path as lexed: `patient.mrn`, `@index`, `../x`, `.Patient.MRN`, `$r.Name`, `this`.
#[derive(Clone, Debug)]
struct RawPath {
    span: Span,
    segs: Vec<Span>,
    /// Started with a sigil or context word (`@`, `$`, `.`, `../`, `this`, `self`).
    sigil: bool,
}

#[derive(Clone, Debug)]
enum Tok {
    Path(RawPath),
    Str(Span),
    Num(Span),
    /// Any other single byte (`(`, `|`, `=`, `:`, …).
    Punct(u8, Span),
    /// A two-byte operator (`==`, `:=`, `||`, `::`, …).
    Op(Span),
}

impl Tok {
    fn span(&self) -> Span {
        match self {
            Tok::Path(p) => p.span,
            Tok::Str(s) | Tok::Num(s) | Tok::Punct(_, s) | Tok::Op(s) => *s,
        }
    }
}

/// Byte at `i`, or 0 past the end (so look-ahead never panics).
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// Bytes >= 0x80 count as identifier bytes, so a multi-byte character is never split.
fn ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn ident_cont(c: u8, lang: Lang) -> bool {
    c.is_ascii_alphanumeric()
        || c == b'_'
        || c >= 0x80
        || (c == b'-' && matches!(lang, Lang::Hbs | Lang::Liquid))
}

/// `span` without surrounding ASCII whitespace.
pub(super) fn trim(src: &str, span: Span) -> Span {
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

fn lex(src: &str, range: Span, lang: Lang) -> (Vec<Tok>, Vec<Span>) {
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
    fn at(&self, i: usize) -> u8 {
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

fn trim_bytes(b: &[u8], span: Span) -> Span {
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
pub(super) fn match_brace(b: &[u8], open: usize, end: usize) -> Option<usize> {
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

const HBS_KEYWORDS: &[&str] = &["true", "false", "null", "undefined", "else", "as"];
const LIQUID_KEYWORDS: &[&str] = &[
    "and",
    "or",
    "contains",
    "nil",
    "null",
    "empty",
    "blank",
    "true",
    "false",
    "in",
    "with",
    "as",
    "by",
    "for",
    "limit",
    "offset",
    "reversed",
    "cols",
    "else",
    "forloop",
    "tablerowloop",
];
const JINJA_KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "is",
    "if",
    "else",
    "elif",
    "none",
    "true",
    "false",
    "None",
    "True",
    "False",
    "loop",
    "forloop",
    "recursive",
    "with",
    "without",
    "context",
    "ignore",
    "missing",
    "as",
    "import",
    "from",
    "self",
    "super",
    "caller",
    "varargs",
    "kwargs",
    "only",
];
const RUBY_KEYWORDS: &[&str] = &[
    "if", "unless", "else", "elsif", "end", "do", "while", "until", "case", "when", "then", "and",
    "or", "not", "nil", "true", "false", "begin", "rescue", "ensure", "return", "yield", "def",
    "in", "for", "next", "break", "super", "defined?", "lambda", "proc", "raise", "__FILE__",
];
const JS_KEYWORDS: &[&str] = &[
    "true",
    "false",
    "null",
    "undefined",
    "typeof",
    "new",
    "instanceof",
    "in",
    "of",
    "void",
];
/// Ruby methods that format a value: `@patient.name.upcase` still names `name`.
const RUBY_TAIL_METHODS: &[&str] = &[
    "to_s",
    "to_i",
    "to_f",
    "to_date",
    "to_time",
    "to_formatted_s",
    "to_fs",
    "upcase",
    "downcase",
    "capitalize",
    "titleize",
    "titlecase",
    "humanize",
    "strip",
    "squish",
    "presence",
    "html_safe",
    "inspect",
    "length",
    "size",
    "count",
    "strftime",
];
/// Ruby control keywords that make an ERB tag's keyword.
const RUBY_CONTROL: &[&str] = &[
    "if", "unless", "elsif", "else", "end", "case", "when", "while", "until", "for", "begin",
    "rescue", "ensure",
];
const GO_KEYWORDS: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
];
const HBS_BUILTINS: &[&str] = &["if", "unless", "each", "with", "else", "lookup", "log"];

fn keywords(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Hbs => HBS_KEYWORDS,
        Lang::Liquid => LIQUID_KEYWORDS,
        Lang::Jinja => JINJA_KEYWORDS,
        Lang::Ruby => RUBY_KEYWORDS,
        Lang::Js => JS_KEYWORDS,
        Lang::Go => &[],
    }
}

struct Ctx<'a> {
    src: &'a str,
    toks: Vec<Tok>,
    lang: Lang,
}

impl Ctx<'_> {
    fn new(src: &str, range: Span, lang: Lang) -> (Ctx<'_>, Vec<Span>) {
        let (toks, interps) = lex(src, range, lang);
        (Ctx { src, toks, lang }, interps)
    }

    /// The token at `k` as a bare word (one segment, no sigil), if it is one.
    fn word(&self, k: usize) -> Option<&str> {
        match self.toks.get(k)? {
            Tok::Path(p) if !p.sigil && p.segs.len() == 1 && p.segs[0] == p.span => {
                Some(p.span.slice(self.src))
            }
            _ => None,
        }
    }

    fn punct(&self, k: usize) -> Option<u8> {
        match self.toks.get(k)? {
            Tok::Punct(c, _) => Some(*c),
            _ => None,
        }
    }

    fn is_keyword(&self, k: usize) -> bool {
        self.word(k)
            .is_some_and(|w| keywords(self.lang).contains(&w))
    }

    fn find_word(&self, from: usize, w: &str) -> Option<usize> {
        (from..self.toks.len()).find(|&k| self.word(k) == Some(w))
    }

    /// The variable path the token at `k` stands for, applying the language's rules, or `None`
    /// for helper/filter/function names, keywords, keys and literals.
    fn path_at(&self, k: usize) -> Option<VarPath> {
        let Tok::Path(p) = &self.toks[k] else {
            return None;
        };
        let lang = self.lang;
        let prev = k.checked_sub(1).and_then(|j| self.toks.get(j));
        let next = self.toks.get(k + 1);
        let adjacent = |t: Option<&Tok>| t.is_some_and(|t| t.span().start == p.span.end);
        let mut segs = p.segs.clone();
        if self.is_keyword(k) {
            return None;
        }
        if segs.is_empty() {
            // Only the context itself (`.`, `$`, `this`, `self`) is a path without names.
            let text = p.span.slice(self.src);
            let context =
                matches!(text, "this" | "self") || (lang == Lang::Go && matches!(text, "." | "$"));
            if !context {
                return None;
            }
        }
        let first = segs.first().map(|s| s.slice(self.src));
        if !p.sigil
            && matches!(lang, Lang::Liquid | Lang::Jinja)
            && matches!(first, Some("loop" | "forloop" | "tablerowloop"))
        {
            return None;
        }
        match lang {
            // Go fields and variables always carry `.` or `$`; bare words are functions.
            Lang::Go if !p.sigil => return None,
            Lang::Go => {}
            _ => {
                // Filter names.
                if matches!(prev, Some(Tok::Punct(b'|', _))) && lang != Lang::Hbs {
                    return None;
                }
                // Hash / keyword-argument keys (`key=value`, `key: value`, Ruby `key:`).
                match next {
                    Some(Tok::Punct(b'=', _)) => return None,
                    Some(Tok::Punct(b':', _))
                        if matches!(lang, Lang::Liquid | Lang::Ruby) && adjacent(next) =>
                    {
                        return None;
                    }
                    _ => {}
                }
                // Aliases being introduced: `render 'p' for items as item`, `import … as f`.
                if matches!(lang, Lang::Liquid | Lang::Jinja)
                    && k >= 1
                    && self.word(k - 1) == Some("as")
                {
                    return None;
                }
                // Jinja tests: `x is defined`, `x is not none`.
                if lang == Lang::Jinja
                    && k >= 1
                    && (self.word(k - 1) == Some("is")
                        || (self.word(k - 1) == Some("not")
                            && k >= 2
                            && self.word(k - 2) == Some("is")))
                {
                    return None;
                }
            }
        }
        match lang {
            // Sub-expression helpers: `(helper x)`.
            Lang::Hbs if matches!(prev, Some(Tok::Punct(b'(', _))) => return None,
            Lang::Hbs | Lang::Go => {}
            // A call ends the path; the receiver (if any) stays: `patient.dob.strftime(…)`.
            _ if matches!(next, Some(Tok::Punct(b'(', _))) && adjacent(next) => {
                if segs.len() < 2 || segs.last().map(|s| s.end) != Some(p.span.end) {
                    return None;
                }
                segs.pop();
            }
            _ => {}
        }
        if lang == Lang::Ruby {
            // Symbols: `:name`, `&:name` (but not the value in `key:value`).
            if let (Some(Tok::Punct(b':', colon)), true) = (prev, k >= 1) {
                let before = k.checked_sub(2).and_then(|j| self.toks.get(j));
                let keyed = before.is_some_and(|t| {
                    t.span().end == colon.start
                        && matches!(
                            t,
                            Tok::Path(_) | Tok::Str(_) | Tok::Num(_) | Tok::Punct(b')', _)
                        )
                });
                if colon.end == p.span.start && !keyed {
                    return None;
                }
            }
            // Constants (`Time.now`).
            if !p.sigil && first.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_uppercase())) {
                return None;
            }
            // A method called without parentheses: `link_to "x", url`.
            if !p.sigil && p.segs.len() == 1 && !self.is_keyword(k + 1) {
                let arg = matches!(
                    next,
                    Some(Tok::Str(_) | Tok::Num(_) | Tok::Path(_) | Tok::Punct(b':', _))
                );
                if arg && next.is_some_and(|t| t.span().start > p.span.end) {
                    return None;
                }
            }
            while segs.len() >= 2
                && segs
                    .last()
                    .is_some_and(|s| RUBY_TAIL_METHODS.contains(&s.slice(self.src)))
            {
                segs.pop();
            }
        }
        let end = segs.last().map_or(p.span.end, |s| s.end.max(p.span.start));
        let end = if segs.len() == p.segs.len() {
            p.span.end
        } else {
            end
        };
        Some(VarPath {
            span: Span::new(p.span.start, end),
            segments: segs,
        })
    }

    /// Paths of tokens `from..to`, skipping indices in `skip`.
    fn paths(&self, from: usize, to: usize, skip: &[usize]) -> Vec<VarPath> {
        (from..to.min(self.toks.len()))
            .filter(|k| !skip.contains(k))
            .filter_map(|k| self.path_at(k))
            .collect()
    }

    fn all_paths(&self) -> Vec<VarPath> {
        self.paths(0, self.toks.len(), &[])
    }

    fn has_filter(&self, names: &[&str]) -> bool {
        (1..self.toks.len()).any(|k| {
            self.punct(k - 1) == Some(b'|') && self.word(k).is_some_and(|w| names.contains(&w))
        })
    }
}

/// Recursively adds the paths of Ruby string interpolations.
fn add_interps(src: &str, interps: Vec<Span>, paths: &mut Vec<VarPath>) {
    for range in interps {
        let (cx, nested) = Ctx::new(src, range, Lang::Ruby);
        paths.extend(cx.all_paths());
        add_interps(src, nested, paths);
    }
}

fn empty_alias(tag_end: usize) -> Span {
    Span::new(tag_end, tag_end)
}

/// A Handlebars mustache body (sigils like `#` included, delimiters and `~` excluded).
pub(super) fn hbs(src: &str, inner: Span, tag_end: usize) -> Analysis {
    let inner = trim(src, inner);
    let b = src.as_bytes();
    let sigil = at(b, inner.start);
    let mut a = Analysis::default();
    match sigil {
        b'#' | b'^' | b'/' | b'>' => {
            a.is_tag = true;
            let mut body = inner.start + 1;
            // `{{#> layout}}` partial blocks and `{{#*inline}}` decorators.
            if sigil == b'#' && matches!(at(b, body), b'>' | b'*') {
                body += 1;
            }
            let (cx, _) = Ctx::new(src, Span::new(body, inner.end), Lang::Hbs);
            let name = cx.toks.first().map(Tok::span);
            match sigil {
                b'/' => {
                    a.keyword = Some(Span::new(
                        inner.start,
                        name.map_or(inner.start + 1, |n| n.end),
                    ));
                }
                b'>' => {
                    // The partial's name is not a path; its context and hash arguments are.
                    a.keyword = Some(Span::new(inner.start, inner.start + 1));
                    a.paths = cx.paths(1, cx.toks.len(), &[]);
                }
                b'^' if cx.toks.is_empty() => {
                    a.keyword = Some(Span::new(inner.start, inner.start + 1))
                }
                _ => {
                    a.keyword = if sigil == b'^' {
                        Some(Span::new(inner.start, inner.start + 1))
                    } else {
                        name
                    };
                    hbs_block(&cx, sigil, tag_end, &mut a);
                }
            }
        }
        _ => {
            let (cx, _) = Ctx::new(src, inner, Lang::Hbs);
            if cx.word(0) == Some("else") {
                // `{{else}}`, `{{else if x}}`.
                a.is_tag = true;
                a.keyword = Some(cx.toks[0].span());
                a.paths = cx.paths(2, cx.toks.len(), &[]);
                return a;
            }
            // With arguments, the first word is a helper name, not a path.
            let from = usize::from(cx.toks.len() > 1 && matches!(cx.toks[0], Tok::Path(_)));
            a.paths = cx.paths(from, cx.toks.len(), &[]);
        }
    }
    a
}

/// `{{#each items as |r i|}}`, `{{#if x}}`, `{{#person}}`, `{{^person}}`.
fn hbs_block(cx: &Ctx<'_>, sigil: u8, tag_end: usize, a: &mut Analysis) {
    // `as |a b|` block parameters.
    let mut end = cx.toks.len();
    let mut alias = None;
    if let Some(k) = cx
        .find_word(1, "as")
        .filter(|&k| cx.punct(k + 1) == Some(b'|'))
    {
        end = k;
        alias = cx
            .toks
            .get(k + 2)
            .filter(|_| cx.word(k + 2).is_some())
            .map(Tok::span);
    }
    let name = cx.word(0).unwrap_or("");
    let section = sigil == b'^' || (end <= 1 && !HBS_BUILTINS.contains(&name));
    let from = usize::from(!section);
    a.paths = cx.paths(from, end, &[]);
    let scoped = matches!(name, "each" | "with") || (section && sigil == b'#');
    if let Some(source) = a.paths.first().cloned().filter(|_| scoped) {
        let alias = alias.unwrap_or(empty_alias(tag_end));
        a.binding = Some(Binding { alias, source });
    }
}

/// A Liquid or Jinja `{{ output }}` expression.
pub(super) fn output(src: &str, inner: Span, lang: Lang) -> Analysis {
    let (cx, _) = Ctx::new(src, inner, lang);
    Analysis {
        paths: cx.all_paths(),
        unescaped: lang == Lang::Jinja && cx.has_filter(&["safe", "raw"]),
        ..Analysis::default()
    }
}

/// A Liquid or Jinja `{% statement %}` (not `comment`/`raw`, which the scanner handles).
pub(super) fn statement(src: &str, inner: Span, lang: Lang) -> Analysis {
    let (cx, _) = Ctx::new(src, inner, lang);
    let mut a = Analysis {
        is_tag: true,
        ..Analysis::default()
    };
    let Some(kw) = cx.word(0) else {
        a.paths = cx.all_paths();
        return a;
    };
    a.keyword = Some(cx.toks[0].span());
    let n = cx.toks.len();
    match kw {
        "for" | "tablerow" => {
            let in_at = cx.find_word(1, "in").unwrap_or(n);
            a.paths = cx.paths(in_at + 1, n, &[]);
            let alias = cx.word(1).map(|_| cx.toks[1].span());
            if let (Some(alias), Some(source)) = (alias, a.paths.first().cloned()) {
                a.binding = Some(Binding { alias, source });
            }
        }
        "assign" | "set" | "with" => {
            // `{% assign a = b %}`: `a` is defined here, `b` is referenced.
            let eq = (1..n).find(|&k| cx.punct(k) == Some(b'='));
            a.paths = cx.paths(eq.map_or(2, |k| k + 1), n, &[]);
            if let (Some(2), Some(_), Some(source)) = (eq, cx.word(1), a.paths.first().cloned()) {
                a.binding = Some(Binding {
                    alias: cx.toks[1].span(),
                    source,
                });
            }
        }
        "capture" | "macro" | "block" | "endblock" | "import" | "from" | "extends" | "filter"
        | "load" | "increment" | "decrement" | "cycle" | "layout" | "section" => {}
        "liquid" if lang == Lang::Liquid => return liquid_lines(src, inner, a),
        _ => a.paths = cx.paths(1, n, &[]),
    }
    a
}

/// `{% liquid … %}`: one statement per line; `#` lines and `comment` blocks are skipped.
fn liquid_lines(src: &str, inner: Span, mut a: Analysis) -> Analysis {
    let body = Span::new(a.keyword.map_or(inner.start, |k| k.end), inner.end);
    let mut in_comment = false;
    let mut start = body.start;
    while start < body.end {
        let end =
            memchr::memchr(b'\n', &src.as_bytes()[start..body.end]).map_or(body.end, |o| start + o);
        let line = trim(src, Span::new(start, end));
        let text = line.slice(src);
        let first = text.split_ascii_whitespace().next().unwrap_or("");
        match first {
            "comment" => in_comment = true,
            "endcomment" => in_comment = false,
            _ if in_comment || text.starts_with('#') || text.is_empty() => {}
            // `echo x` is output; other lines are tags; both reference paths.
            _ => a.paths.extend(statement(src, line, Lang::Liquid).paths),
        }
        start = end + 1;
    }
    a
}

/// A Go action body (delimiters and trim markers excluded).
pub(super) fn go(src: &str, inner: Span, tag_end: usize) -> Analysis {
    let (cx, _) = Ctx::new(src, inner, Lang::Go);
    let n = cx.toks.len();
    let mut a = Analysis::default();
    let mut from = 0;
    if let Some(kw) = cx.word(0).filter(|w| GO_KEYWORDS.contains(w)) {
        a.is_tag = true;
        a.keyword = Some(cx.toks[0].span());
        from = 1;
        if kw == "else" && matches!(cx.word(1), Some("if" | "with" | "range")) {
            from = 2;
        }
    }
    // `$x := pipeline` / `$i, $r := pipeline` declarations.
    let decl = (from..n).find(|&k| {
        matches!(&cx.toks[k], Tok::Op(s) if s.slice(src) == ":=") || cx.punct(k) == Some(b'=')
    });
    if let Some(d) = decl {
        a.is_tag = true;
        a.paths = cx.paths(d + 1, n, &[]);
        let var = (from..d).rev().find_map(|k| match &cx.toks[k] {
            Tok::Path(p) if p.sigil && p.segs.len() == 1 => Some(p.segs[0]),
            _ => None,
        });
        if let (Some(alias), Some(source)) = (var, a.paths.first().cloned()) {
            a.binding = Some(Binding { alias, source });
        }
    } else {
        a.paths = cx.paths(from, n, &[]);
        let kw = a.keyword.map(|k| k.slice(src));
        if matches!(kw, Some("range" | "with")) {
            // The body sees the source as `.`: an empty alias at the tag end stands for it.
            if let Some(source) = a.paths.first().cloned() {
                a.binding = Some(Binding {
                    alias: empty_alias(tag_end),
                    source,
                });
            }
        }
    }
    a
}

/// Ruby code in an ERB tag (`output` for `<%= %>`) or a `#{}` interpolation.
pub(super) fn ruby(src: &str, inner: Span, output: bool) -> Analysis {
    let (cx, interps) = Ctx::new(src, inner, Lang::Ruby);
    let n = cx.toks.len();
    let mut a = Analysis {
        is_tag: !output,
        ..Analysis::default()
    };
    let mut skip = Vec::new();
    let control = cx.word(0).filter(|w| !output && RUBY_CONTROL.contains(w));
    if let Some(kw) = control {
        a.keyword = Some(cx.toks[0].span());
        if kw == "for" {
            // `for r in @results`
            let in_at = cx.find_word(1, "in").unwrap_or(n);
            skip.extend(1..in_at);
            let source = cx.paths(in_at + 1, n, &[]).first().cloned();
            if let (Some(_), Some(source)) = (cx.word(1), source) {
                a.binding = Some(Binding {
                    alias: cx.toks[1].span(),
                    source,
                });
            }
        }
    }
    // Blocks: `@results.each do |r|` / `results.each_with_index { |r, i|`.
    let block = (1..n).find(|&k| {
        (cx.word(k) == Some("do") || cx.punct(k) == Some(b'{')) && cx.punct(k + 1) == Some(b'|')
    });
    if let Some(d) = block {
        let params_end = (d + 2..n).find(|&k| cx.punct(k) == Some(b'|')).unwrap_or(n);
        skip.extend(d + 2..params_end);
        let recv = (0..d).find_map(|k| match &cx.toks[k] {
            Tok::Path(p) if p.segs.len() >= 2 || (p.sigil && !p.segs.is_empty()) => Some((k, p)),
            _ => None,
        });
        if let Some((k, p)) = recv {
            skip.push(k);
            let mut segs = p.segs.clone();
            let method = if segs.len() >= 2 { segs.pop() } else { None };
            let end = if method.is_some() {
                segs.last().map_or(p.span.end, |s| s.end)
            } else {
                p.span.end
            };
            let source = VarPath {
                span: Span::new(p.span.start, end),
                segments: segs,
            };
            a.paths.push(source.clone());
            if a.keyword.is_none() {
                a.keyword = method;
            }
            if let Some(alias) = cx.word(d + 2).map(|_| cx.toks[d + 2].span()) {
                a.binding = Some(Binding { alias, source });
            }
        }
    }
    a.paths.extend(cx.paths(0, n, &skip));
    a.paths.sort_by_key(|p| p.span.start);
    add_interps(src, interps, &mut a.paths);
    a.unescaped = cx.word(0) == Some("raw")
        || (0..n).any(|k| match &cx.toks[k] {
            Tok::Path(p) => p.segs.last().is_some_and(|s| s.slice(src) == "html_safe"),
            _ => false,
        });
    a
}

/// A JavaScript `${…}` expression.
pub(super) fn js(src: &str, inner: Span) -> Analysis {
    let (cx, _) = Ctx::new(src, inner, Lang::Js);
    Analysis {
        paths: cx.all_paths(),
        ..Analysis::default()
    }
}

/// A dotted name made of `[A-Za-z0-9_]` segments (`patient.mrn`, `1`, `RX_NAME`), if `span` is one.
pub(super) fn simple_path(src: &str, span: Span, sep: u8) -> Option<VarPath> {
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
pub(super) fn merge_condition(src: &str, span: Span) -> Vec<VarPath> {
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
