//! The single-pass tag scanner shared by all dialects.
//!
//! Each dialect is a small table of opening delimiters ([`Delim`]) plus the bytes that can start
//! one. The scanner jumps between candidate bytes with `memchr`, matches the table at each, and
//! hands the tag body to the [`expr`] rules. Everything between tags is text.

use memchr::memmem;

use super::expr::{self, Analysis, Lang, trim};
use super::{Comment, Dialect, Node, Tag, Template, Var};
use crate::{Span, SyntaxIssue};

/// What an opening delimiter starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Handlebars `{{ … }}`; the byte after the delimiter decides (`#`, `/`, `!`, `{`, `&`, …).
    Mustache,
    /// Handlebars raw block `{{{{raw}}}} … {{{{/raw}}}}`.
    HbsRaw,
    /// Liquid / Jinja output `{{ … }}`.
    Output(Lang),
    /// Liquid / Jinja statement `{% … %}` (incl. `comment`, `raw`, `liquid` blocks).
    Statement(Lang),
    /// A comment closed by the delimiter's `close` (`{# #}`, `<%# %>`).
    Comment,
    /// Go action `{{ … }}` (incl. `{{/* comment */}}`).
    GoAction,
    /// Twilio `{{1}}`.
    Numbered,
    /// ERB `<% %>`, `<%= %>`, `<%== %>`.
    Erb,
    /// A literal opener that renders as text (`<%%`).
    Literal,
    /// `#{…}` / `${…}` interpolation, closed by the matching brace.
    Interp(Lang),
    /// Mailchimp `*|…|*`.
    Merge,
}

/// An opening delimiter, its closing delimiter and what it starts. Tables list longer openers
/// first.
struct Delim {
    open: &'static [u8],
    close: &'static [u8],
    kind: Kind,
    /// Issue message when the tag is never closed (never quotes input).
    unclosed: &'static str,
}

const fn d(open: &'static [u8], close: &'static [u8], kind: Kind, unclosed: &'static str) -> Delim {
    Delim {
        open,
        close,
        kind,
        unclosed,
    }
}

const UNCLOSED_VAR: &str = "unclosed `{{` tag";
const UNCLOSED_STMT: &str = "unclosed `{%` tag";

const HANDLEBARS: &[Delim] = &[
    d(
        b"{{{{",
        b"}}}}",
        Kind::HbsRaw,
        "unclosed `{{{{` raw block tag",
    ),
    d(b"{{", b"}}", Kind::Mustache, UNCLOSED_VAR),
];
const LIQUID: &[Delim] = &[
    d(b"{{", b"}}", Kind::Output(Lang::Liquid), UNCLOSED_VAR),
    d(b"{%", b"%}", Kind::Statement(Lang::Liquid), UNCLOSED_STMT),
];
const JINJA: &[Delim] = &[
    d(b"{{", b"}}", Kind::Output(Lang::Jinja), UNCLOSED_VAR),
    d(b"{%", b"%}", Kind::Statement(Lang::Jinja), UNCLOSED_STMT),
    d(b"{#", b"#}", Kind::Comment, "unclosed `{#` comment"),
];
const GO: &[Delim] = &[d(b"{{", b"}}", Kind::GoAction, UNCLOSED_VAR)];
const TWILIO: &[Delim] = &[d(b"{{", b"}}", Kind::Numbered, UNCLOSED_VAR)];
const ERB: &[Delim] = &[
    d(b"<%%", b"", Kind::Literal, ""),
    d(b"<%#", b"%>", Kind::Comment, "unclosed `<%#` comment"),
    d(b"<%", b"%>", Kind::Erb, "unclosed `<%` tag"),
    d(
        b"#{",
        b"}",
        Kind::Interp(Lang::Ruby),
        "unclosed `#{` interpolation",
    ),
];
const MAILCHIMP: &[Delim] = &[d(b"*|", b"|*", Kind::Merge, "unclosed `*|` merge tag")];
const PLACEHOLDER: &[Delim] = &[d(
    b"${",
    b"}",
    Kind::Interp(Lang::Js),
    "unclosed `${` placeholder",
)];

/// The delimiter table, the bytes that may start a delimiter, and whitespace-control marks.
fn syntax(dialect: Dialect) -> (&'static [Delim], &'static [u8], &'static [u8]) {
    match dialect {
        Dialect::Plain => (&[], b"", b""),
        Dialect::Handlebars => (HANDLEBARS, b"{", b"~"),
        Dialect::Liquid => (LIQUID, b"{", b"-"),
        Dialect::Jinja => (JINJA, b"{", b"-+~"),
        Dialect::GoTemplate => (GO, b"{", b""),
        Dialect::TwilioContent => (TWILIO, b"{", b""),
        Dialect::Erb => (ERB, b"<#", b"-"),
        Dialect::Mailchimp => (MAILCHIMP, b"*", b""),
        Dialect::Placeholder => (PLACEHOLDER, b"{%$", b""),
    }
}

/// What happened at a candidate byte.
enum Step {
    /// Scanning resumes at this offset (after a tag, or past bytes that stay text).
    Resume(usize),
    /// An opener that is never closed: the rest of the input is text.
    Unclosed,
}

pub(super) fn scan(src: &str, dialect: Dialect) -> Template {
    let mut s = Scanner {
        src,
        b: src.as_bytes(),
        nodes: Vec::new(),
        issues: Vec::new(),
        text_start: 0,
        no_comment_close: false,
    };
    let (table, starts, trims) = syntax(dialect);
    let mut pos = 0;
    while pos < s.b.len() {
        let hay = &s.b[pos..];
        let found = match *starts {
            [a] => memchr::memchr(a, hay),
            [a, b] => memchr::memchr2(a, b, hay),
            [a, b, c] => memchr::memchr3(a, b, c, hay),
            _ => None,
        };
        let Some(i) = found.map(|o| pos + o) else {
            break;
        };
        let step = match table.iter().find(|d| s.b[i..].starts_with(d.open)) {
            Some(delim) => s.tag(i, delim, trims),
            None if dialect == Dialect::Placeholder => s.placeholder(i),
            None => Step::Resume(i + 1),
        };
        match step {
            // Always move forward, whatever a handler returned.
            Step::Resume(next) => pos = next.max(i + 1),
            Step::Unclosed => break,
        }
    }
    s.push_text(src.len());
    Template {
        nodes: s.nodes,
        issues: s.issues,
    }
}

struct Scanner<'a> {
    src: &'a str,
    b: &'a [u8],
    nodes: Vec<Node>,
    issues: Vec<SyntaxIssue>,
    /// Start of the text run not yet emitted.
    text_start: usize,
    /// Set once a search for a Go comment's `*/` failed: none exists later either (keeps
    /// repeated unclosed `{{/*` linear).
    no_comment_close: bool,
}

impl Scanner<'_> {
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn push_text(&mut self, end: usize) {
        if end > self.text_start {
            self.nodes.push(Node::Text(Span::new(self.text_start, end)));
        }
        self.text_start = self.text_start.max(end);
    }

    /// Emits `node` (after the pending text) and returns where scanning resumes.
    fn push(&mut self, node: Node) -> Step {
        let span = match &node {
            Node::Text(s) | Node::Raw(s) => *s,
            Node::Var(v) => v.span,
            Node::Tag(t) => t.span,
            Node::Comment(c) => c.span,
        };
        self.push_text(span.start);
        if !(span.is_empty() && matches!(node, Node::Raw(_))) {
            self.nodes.push(node);
        }
        self.text_start = span.end;
        Step::Resume(span.end)
    }

    fn unclosed(&mut self, at: usize, open_len: usize, message: &str) -> Step {
        self.issues.push(SyntaxIssue::new(
            Span::new(at, (at + open_len).min(self.b.len())),
            message,
        ));
        Step::Unclosed
    }

    fn emit(&mut self, span: Span, expr: Span, a: Analysis) -> Step {
        let node = if a.is_tag {
            Node::Tag(Tag {
                span,
                keyword: a.keyword,
                paths: a.paths,
                binding: a.binding,
                literals: a.literals,
            })
        } else {
            Node::Var(Var {
                span,
                expr,
                paths: a.paths,
                unescaped: a.unescaped,
            })
        };
        self.push(node)
    }

    /// Finds `close` at or after `from`. String literals are skipped (so `{{ "}}" }}` works)
    /// and, with `braces`, nested `{…}`; if that finds nothing (an unbalanced quote), the first
    /// plain occurrence is used.
    fn find_close(&self, from: usize, close: &[u8], braces: bool) -> Option<usize> {
        let b = self.b;
        let mut depth = 0usize;
        let mut i = from;
        while i < b.len() {
            let c = b[i];
            if depth == 0 && b[i..].starts_with(close) {
                return Some(i);
            }
            match c {
                // A quote starts a string only where a value can start (not in `don't`).
                // Strings end on their line; an unterminated quote is an ordinary character.
                b'"' | b'\'' | b'`' if i == 0 || !b[i - 1].is_ascii_alphanumeric() => {
                    let mut j = i + 1;
                    while j < b.len() && b[j] != c && b[j] != b'\n' {
                        j += if b[j] == b'\\' { 2 } else { 1 };
                    }
                    if j < b.len() && b[j] == c {
                        i = j;
                    }
                }
                // Another opener inside an unbalanced `{`: give up on nesting.
                b'{' if braces && depth > 0 && matches!(b.get(i + 1), Some(b'{' | b'%')) => break,
                b'{' if braces => depth += 1,
                b'}' if braces && depth > 0 => depth -= 1,
                _ => {}
            }
            i += 1;
        }
        memmem::find(b.get(from..)?, close).map(|o| from + o)
    }

    /// `span` with one whitespace-control mark removed from each end.
    fn strip_trims(&self, span: Span, trims: &[u8]) -> Span {
        let (mut s, mut e) = (span.start, span.end);
        if s < e && trims.contains(&self.b[s]) {
            s += 1;
        }
        if e > s && trims.contains(&self.b[e - 1]) {
            e -= 1;
        }
        Span::new(s, e)
    }

    fn tag(&mut self, i: usize, delim: &Delim, trims: &[u8]) -> Step {
        let body = i + delim.open.len();
        match delim.kind {
            Kind::Literal => Step::Resume(body),
            Kind::Mustache => self.mustache(i, delim),
            Kind::HbsRaw => self.hbs_raw(i, delim),
            Kind::GoAction => self.go_action(i, delim),
            Kind::Merge => self.merge(i, delim),
            Kind::Interp(lang) => {
                let Some(close) = expr::match_brace(self.b, body - 1, self.b.len()) else {
                    return self.unclosed(i, delim.open.len(), delim.unclosed);
                };
                let inner = trim(self.src, Span::new(body, close));
                let a = if lang == Lang::Ruby {
                    expr::ruby(self.src, inner, true)
                } else {
                    expr::js(self.src, inner)
                };
                self.emit(Span::new(i, close + 1), inner, a)
            }
            Kind::Comment => {
                let Some(k) = memmem::find(&self.b[body..], delim.close).map(|o| body + o) else {
                    return self.unclosed(i, delim.open.len(), delim.unclosed);
                };
                let span = Span::new(i, k + delim.close.len());
                let body = self.strip_trims(Span::new(body, k), trims);
                self.push(Node::Comment(Comment { span, body }))
            }
            Kind::Output(_) | Kind::Statement(_) | Kind::Numbered | Kind::Erb => {
                let braces = matches!(delim.kind, Kind::Output(_) | Kind::Statement(_));
                let Some(k) = self.find_close(body, delim.close, braces) else {
                    return self.unclosed(i, delim.open.len(), delim.unclosed);
                };
                let span = Span::new(i, k + delim.close.len());
                let raw_inner = Span::new(body, k);
                match delim.kind {
                    Kind::Output(lang) => {
                        let inner = trim(self.src, self.strip_trims(raw_inner, trims));
                        self.emit(span, inner, expr::output(self.src, inner, lang))
                    }
                    Kind::Statement(lang) => self.statement(span, raw_inner, lang, trims),
                    Kind::Numbered => {
                        let inner = trim(self.src, raw_inner);
                        let paths = expr::simple_path(self.src, inner, b'.')
                            .into_iter()
                            .collect();
                        self.emit(
                            span,
                            inner,
                            Analysis {
                                paths,
                                ..Analysis::default()
                            },
                        )
                    }
                    _ => self.erb(span, raw_inner),
                }
            }
        }
    }

    /// `<% code %>`, `<%= out %>`, `<%== raw %>`, `<%- -%>`.
    fn erb(&mut self, span: Span, raw_inner: Span) -> Step {
        let mut s = raw_inner.start;
        let (output, unescaped) = match (self.at(s), self.at(s + 1)) {
            (b'=', b'=') => (true, true),
            (b'=', _) => (true, false),
            _ => (false, false),
        };
        s += usize::from(output) + usize::from(unescaped);
        if self.at(s) == b'-' && !output {
            s += 1;
        }
        let mut e = raw_inner.end.max(s);
        if e > s && self.b[e - 1] == b'-' {
            e -= 1;
        }
        let inner = trim(self.src, Span::new(s, e));
        let mut a = expr::ruby(self.src, inner, output);
        a.unescaped |= unescaped;
        self.emit(span, inner, a)
    }

    /// A Liquid or Jinja `{% … %}` tag, including the block forms that swallow their body.
    fn statement(&mut self, span: Span, raw_inner: Span, lang: Lang, trims: &[u8]) -> Step {
        let inner = trim(self.src, self.strip_trims(raw_inner, trims));
        let text = inner.slice(self.src);
        if lang == Lang::Liquid && text.starts_with('#') {
            // `{% # inline comment %}`
            let body = trim(self.src, Span::new(inner.start + 1, inner.end));
            return self.push(Node::Comment(Comment { span, body }));
        }
        let word_end = text
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(text.len());
        let word = &text[..word_end];
        let keyword = Span::new(inner.start, inner.start + word_end);
        let (end_word, is_comment) = match word {
            "comment" => ("endcomment", true),
            "raw" => ("endraw", false),
            "verbatim" if lang == Lang::Jinja => ("endverbatim", false),
            _ => return self.emit(span, inner, expr::statement(self.src, inner, lang)),
        };
        let Some((end_start, end_end)) = self.find_end_tag(span.end, end_word, trims) else {
            let message = if is_comment {
                "unclosed comment block"
            } else {
                "unclosed raw block"
            };
            self.issues.push(SyntaxIssue::new(span, message));
            let tag = Tag {
                span,
                keyword: Some(keyword),
                paths: Vec::new(),
                binding: None,
                literals: Vec::new(),
            };
            self.push(Node::Tag(tag));
            return Step::Unclosed;
        };
        let body = Span::new(span.end, end_start);
        if is_comment {
            return self.push(Node::Comment(Comment {
                span: Span::new(span.start, end_end),
                body,
            }));
        }
        self.push(Node::Tag(Tag {
            span,
            keyword: Some(keyword),
            paths: Vec::new(),
            binding: None,
            literals: Vec::new(),
        }));
        self.push(Node::Raw(body));
        let end_span = Span::new(end_start, end_end);
        let end_inner = trim(
            self.src,
            self.strip_trims(Span::new(end_start + 2, end_end - 2), trims),
        );
        self.push(Node::Tag(Tag {
            span: end_span,
            keyword: Some(end_inner),
            paths: Vec::new(),
            binding: None,
            literals: Vec::new(),
        }))
    }

    /// The next `{% name %}` tag at or after `from`: its start and end.
    fn find_end_tag(&self, from: usize, name: &str, trims: &[u8]) -> Option<(usize, usize)> {
        let mut q = from;
        loop {
            let s = q + memmem::find(self.b.get(q..)?, b"{%")?;
            let k = s + 2 + memmem::find(&self.b[s + 2..], b"%}")?;
            let inner = trim(self.src, self.strip_trims(Span::new(s + 2, k), trims));
            if inner.slice(self.src) == name {
                return Some((s, k + 2));
            }
            q = s + 2;
        }
    }

    /// Handlebars `{{…}}` at `i`: comments, triple-stash, `&`, blocks, partials, escapes.
    fn mustache(&mut self, i: usize, delim: &Delim) -> Step {
        // `\{{x}}` is literal text; `\\{{x}}` is a backslash and then a tag.
        let backslashes = self.b[..i]
            .iter()
            .rev()
            .take_while(|&&c| c == b'\\')
            .count();
        if backslashes % 2 == 1 {
            let end = memmem::find(&self.b[i + 2..], b"}}").map_or(i + 2, |o| i + 2 + o + 2);
            return Step::Resume(end);
        }
        let mut p = i + 2;
        p += usize::from(self.at(p) == b'~');
        if self.at(p) == b'!' {
            return self.hbs_comment(i, p, delim);
        }
        let triple = self.at(p) == b'{';
        let amp = self.at(p) == b'&';
        p += usize::from(triple || amp);
        let Some(k) = self.find_close(p, b"}}", false) else {
            return self.unclosed(i, 2, delim.unclosed);
        };
        let mut end = k + 2;
        let mut inner_end = k;
        if triple {
            if self.at(k + 2) == b'}' {
                end = k + 3; // `}}}`: the first `}` closes the triple
            } else {
                inner_end -= usize::from(self.at(inner_end.wrapping_sub(1)) == b'~');
                inner_end -= usize::from(self.at(inner_end.wrapping_sub(1)) == b'}');
            }
        }
        inner_end = inner_end.max(p);
        inner_end -= usize::from(inner_end > p && self.b[inner_end - 1] == b'~');
        let span = Span::new(i, end);
        let raw = trim(self.src, Span::new(p, inner_end));
        let mut a = expr::hbs(self.src, raw, end);
        a.unescaped = triple || amp;
        self.emit(span, raw, a)
    }

    /// `{{! c }}` and `{{!-- c --}}` (which may contain `}}`); `p` is at the `!`.
    fn hbs_comment(&mut self, i: usize, p: usize, delim: &Delim) -> Step {
        let long = self.b[p..].starts_with(b"!--");
        let body_start = p + if long { 3 } else { 1 };
        let mut q = body_start;
        loop {
            let Some(k) = self
                .b
                .get(q..)
                .and_then(|h| memmem::find(h, b"}}"))
                .map(|o| q + o)
            else {
                return self.unclosed(
                    i,
                    2,
                    if long {
                        "unclosed `{{!--` comment"
                    } else {
                        delim.unclosed
                    },
                );
            };
            let mut body_end = k;
            body_end -= usize::from(body_end > body_start && self.b[body_end - 1] == b'~');
            if long {
                if body_end < body_start + 2 || &self.b[body_end - 2..body_end] != b"--" {
                    q = k + 1;
                    continue;
                }
                body_end -= 2;
            }
            let span = Span::new(i, k + 2);
            return self.push(Node::Comment(Comment {
                span,
                body: Span::new(body_start, body_end),
            }));
        }
    }

    /// `{{{{raw}}}} … {{{{/raw}}}}`: an opening tag, the raw content, a closing tag.
    fn hbs_raw(&mut self, i: usize, delim: &Delim) -> Step {
        let Some(k) = self.find_close(i + 4, delim.close, false) else {
            return self.unclosed(i, 4, delim.unclosed);
        };
        let open = Span::new(i, k + 4);
        let inner = trim(self.src, Span::new(i + 4, k));
        let mut a = expr::hbs(self.src, Span::new(inner.start, inner.end), open.end);
        // The first word names the raw helper: it is the keyword, not a path.
        let name_end = inner
            .slice(self.src)
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(inner.len());
        a.paths.retain(|p| p.span.start >= inner.start + name_end);
        let tag = Tag {
            span: open,
            keyword: Some(Span::new(inner.start, inner.start + name_end)),
            paths: a.paths,
            binding: None,
            literals: Vec::new(),
        };
        self.push(Node::Tag(tag));
        let Some(c) = memmem::find(&self.b[open.end..], b"{{{{/").map(|o| open.end + o) else {
            self.issues
                .push(SyntaxIssue::new(open, "unclosed raw block"));
            return Step::Unclosed;
        };
        let Some(ce) = memmem::find(&self.b[c..], b"}}}}").map(|o| c + o + 4) else {
            return self.unclosed(c, 4, delim.unclosed);
        };
        self.push(Node::Raw(Span::new(open.end, c)));
        let kw = trim(self.src, Span::new(c + 4, ce - 4));
        self.push(Node::Tag(Tag {
            span: Span::new(c, ce),
            keyword: Some(kw),
            paths: Vec::new(),
            binding: None,
            literals: Vec::new(),
        }))
    }

    /// A Go action; `{{/* c */}}` and `{{- /* c */ -}}` are comments.
    fn go_action(&mut self, i: usize, delim: &Delim) -> Step {
        let mut p = i + 2;
        // Trim markers need a space: `{{- x}}` trims, `{{-3}}` is a number.
        if self.at(p) == b'-' && self.at(p + 1).is_ascii_whitespace() {
            p += 2;
        }
        let body = trim(self.src, Span::new(p, self.b.len())).start;
        let comment_end = (!self.no_comment_close && self.b[body..].starts_with(b"/*"))
            .then(|| memmem::find(&self.b[body + 2..], b"*/"))
            .and_then(|found| {
                self.no_comment_close = found.is_none();
                found
            })
            .map(|o| body + 2 + o);
        if let Some(c) = comment_end {
            let mut q = c + 2;
            while self.at(q).is_ascii_whitespace() || self.at(q) == b'-' {
                q += 1;
            }
            if self.b[q.min(self.b.len())..].starts_with(b"}}") {
                let comment = Comment {
                    span: Span::new(i, q + 2),
                    body: Span::new(body + 2, c),
                };
                return self.push(Node::Comment(comment));
            }
        }
        let Some(k) = self.find_close(p, b"}}", false) else {
            return self.unclosed(i, 2, delim.unclosed);
        };
        let mut e = k.max(p);
        if e >= p + 2 && self.b[e - 1] == b'-' && self.b[e - 2].is_ascii_whitespace() {
            e -= 1;
        }
        let inner = trim(self.src, Span::new(p, e));
        let span = Span::new(i, k + 2);
        self.emit(span, inner, expr::go(self.src, inner, span.end))
    }

    /// Mailchimp `*|NAME|*`, `*|IF:X|*`, `*|END:IF|*`, `*|UPPER:X|*`, `*|MC:SUBJECT|*`.
    fn merge(&mut self, i: usize, delim: &Delim) -> Step {
        let body = i + 2;
        let Some(k) = memmem::find(&self.b[body..], b"|*").map(|o| body + o) else {
            return self.unclosed(i, 2, delim.unclosed);
        };
        // A stray `*|` before a real tag stays text.
        if memmem::find(&self.b[body..k], b"*|").is_some() {
            return Step::Resume(body);
        }
        let span = Span::new(i, k + 2);
        let inner = trim(self.src, Span::new(body, k));
        let text = inner.slice(self.src);
        let (head, rest) = match text.find(':') {
            Some(c) => (&text[..c], Span::new(inner.start + c + 1, inner.end)),
            None => (text, Span::new(inner.end, inner.end)),
        };
        let head_span = Span::new(inner.start, inner.start + head.len());
        let upper = head.to_ascii_uppercase();
        let mut a = Analysis::default();
        match upper.as_str() {
            "IF" | "ELSEIF" | "IFNOT" | "ELSE" | "END" | "INTERESTED" => {
                a.is_tag = true;
                a.keyword = Some(head_span);
                if matches!(upper.as_str(), "IF" | "ELSEIF" | "IFNOT") {
                    a.paths = expr::merge_condition(self.src, rest);
                }
            }
            // Functions over a merge field (`DATE:` takes a format, not a field).
            "UPPER" | "LOWER" | "TITLE" | "PROPER" => {
                a.paths = expr::merge_condition(self.src, rest)
            }
            "DATE" => {}
            _ => {
                a.paths = expr::simple_path(self.src, inner, b':')
                    .into_iter()
                    .collect()
            }
        }
        self.emit(span, inner, a)
    }

    /// Placeholder syntax at a `{` or `%` (the table handles `${`): Python `{name!r:>10}`,
    /// `{0}`, `%(name)s`, Ruby `%{name}` / `%<name>s`. Anything else stays text, so CSS braces
    /// and bare `%s` are never placeholders.
    fn placeholder(&mut self, i: usize) -> Step {
        let (c, n) = (self.at(i), self.at(i + 1));
        // `{{`, `}}` and `%%` are escapes.
        if (c == b'{' && n == b'{') || (c == b'%' && n == b'%') {
            return Step::Resume(i + 2);
        }
        let (name_start, close) = match (c, n) {
            (b'{', _) => (i + 1, b'}'),
            (b'%', b'(') => (i + 2, b')'),
            (b'%', b'{') => (i + 2, b'}'),
            (b'%', b'<') => (i + 2, b'>'),
            _ => return Step::Resume(i + 1),
        };
        // The field name: identifier or number, then `.attr` / `[key]` parts.
        let mut j = name_start;
        while j < self.b.len() {
            let ch = self.b[j];
            if ch.is_ascii_alphanumeric() || ch == b'_' || ch == b'.' || ch >= 0x80 {
                j += 1;
            } else if ch == b'[' && close == b'}' {
                match memchr::memchr(b']', &self.b[j..]) {
                    Some(o) if !self.b[j..j + o].contains(&b'\n') => j += o + 1,
                    _ => return Step::Resume(i + 1),
                }
            } else {
                break;
            }
        }
        let name = Span::new(name_start, j);
        let mut end = j;
        let mut nested = Vec::new();
        if close == b'}' && c == b'{' {
            // `!conv` and `:spec` (spec: no whitespace except a fill character, no `;`).
            if self.at(end) == b'!' && matches!(self.at(end + 1), b'r' | b's' | b'a') {
                end += 2;
            }
            if self.at(end) == b':' {
                let spec_start = end + 1;
                end = spec_start;
                loop {
                    match self.at(end) {
                        // A nested replacement field: `{0:{width}}`.
                        b'{' => {
                            let s = end + 1;
                            let mut e = s;
                            while self.at(e).is_ascii_alphanumeric()
                                || matches!(self.at(e), b'_' | b'.')
                            {
                                e += 1;
                            }
                            if self.at(e) != b'}' {
                                return Step::Resume(i + 1);
                            }
                            nested.push(Span::new(s, e));
                            end = e + 1;
                        }
                        // (0 is also what `at` returns past the end.)
                        b'}' | b'\n' | b';' | 0 => break,
                        _ => end += 1,
                    }
                }
                let spec = &self.b[spec_start..end];
                let bad_space = spec.iter().enumerate().any(|(x, ch)| {
                    ch.is_ascii_whitespace()
                        && !(x == 0 && matches!(spec.get(1), Some(b'<' | b'>' | b'=' | b'^')))
                });
                if bad_space {
                    return Step::Resume(i + 1);
                }
            }
        }
        if self.at(end) != close {
            return Step::Resume(i + 1);
        }
        end += 1;
        // Python `%(name)s` needs a conversion: flags, width, precision, then a type letter.
        if c == b'%' && close != b'}' {
            while matches!(
                self.at(end),
                b'#' | b'0' | b'-' | b' ' | b'+' | b'.' | b'1'..=b'9'
            ) {
                end += 1;
            }
            if !self.at(end).is_ascii_alphabetic() {
                return Step::Resume(i + 1);
            }
            end += 1;
        }
        let name_text = name.slice(self.src);
        if c == b'%' && name_text.is_empty() {
            return Step::Resume(i + 1);
        }
        let paths = std::iter::once(name)
            .chain(nested)
            .filter_map(|n| placeholder_path(self.src, n))
            .collect();
        self.emit(
            Span::new(i, end),
            name,
            Analysis {
                paths,
                ..Analysis::default()
            },
        )
    }
}

/// A Python format field name (`patient.mrn`, `items[0]`, `0`) as a path; `{}` and `{0}` are
/// positional and still count (a segment `0`) so the engine sees every substitution.
fn placeholder_path(src: &str, name: Span) -> Option<super::VarPath> {
    if name.is_empty() {
        return None;
    }
    let b = src.as_bytes();
    let mut segments = Vec::new();
    let mut s = name.start;
    let mut i = name.start;
    while i <= name.end {
        let ch = if i < name.end { b[i] } else { b'.' };
        if ch == b'.' || ch == b'[' || ch == b']' {
            let seg = Span::new(s, i);
            let text = seg.slice(src);
            // Keys in `[…]` are literal names; numeric indices are skipped after the first.
            if !seg.is_empty() && (segments.is_empty() || !text.bytes().all(|c| c.is_ascii_digit()))
            {
                segments.push(seg);
            }
            s = i + 1;
        }
        i += 1;
    }
    Some(super::VarPath {
        span: name,
        segments,
    })
}
