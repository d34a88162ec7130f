//! Which tokens are variable paths: keyword tables per language and the rules that skip
//! helper, filter and function names, keys and literals.

use super::Lang;
use super::lex::{Tok, lex};
use crate::Span;
use crate::template::VarPath;

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

pub(super) fn keywords(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Hbs => HBS_KEYWORDS,
        Lang::Liquid => LIQUID_KEYWORDS,
        Lang::Jinja => JINJA_KEYWORDS,
        Lang::Ruby => RUBY_KEYWORDS,
        Lang::Js => JS_KEYWORDS,
        Lang::Go => &[],
    }
}

pub(super) struct Ctx<'a> {
    pub(super) src: &'a str,
    pub(super) toks: Vec<Tok>,
    pub(super) lang: Lang,
}

impl Ctx<'_> {
    pub(super) fn new(src: &str, range: Span, lang: Lang) -> (Ctx<'_>, Vec<Span>) {
        let (toks, interps) = lex(src, range, lang);
        (Ctx { src, toks, lang }, interps)
    }

    /// The token at `k` as a bare word (one segment, no sigil), if it is one.
    pub(super) fn word(&self, k: usize) -> Option<&str> {
        match self.toks.get(k)? {
            Tok::Path(p) if !p.sigil && p.segs.len() == 1 && p.segs[0] == p.span => {
                Some(p.span.slice(self.src))
            }
            _ => None,
        }
    }

    pub(super) fn punct(&self, k: usize) -> Option<u8> {
        match self.toks.get(k)? {
            Tok::Punct(c, _) => Some(*c),
            _ => None,
        }
    }

    pub(super) fn is_keyword(&self, k: usize) -> bool {
        self.word(k)
            .is_some_and(|w| keywords(self.lang).contains(&w))
    }

    /// The contents of the string literals from token `from` on, quotes excluded.
    pub(super) fn literals(&self, from: usize) -> Vec<Span> {
        let b = self.src.as_bytes();
        self.toks
            .get(from..)
            .unwrap_or_default()
            .iter()
            .filter_map(|t| match t {
                Tok::Str(s) => {
                    let closed = s.len() >= 2 && b[s.end - 1] == b[s.start];
                    let content = Span::new(s.start + 1, s.end - usize::from(closed));
                    (!content.is_empty()).then_some(content)
                }
                _ => None,
            })
            .collect()
    }

    pub(super) fn find_word(&self, from: usize, w: &str) -> Option<usize> {
        (from..self.toks.len()).find(|&k| self.word(k) == Some(w))
    }

    /// The variable path the token at `k` stands for, applying the language's rules, or `None`
    /// for helper/filter/function names, keywords, keys and literals.
    pub(super) fn path_at(&self, k: usize) -> Option<VarPath> {
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
    pub(super) fn paths(&self, from: usize, to: usize, skip: &[usize]) -> Vec<VarPath> {
        (from..to.min(self.toks.len()))
            .filter(|k| !skip.contains(k))
            .filter_map(|k| self.path_at(k))
            .collect()
    }

    pub(super) fn all_paths(&self) -> Vec<VarPath> {
        self.paths(0, self.toks.len(), &[])
    }

    pub(super) fn has_filter(&self, names: &[&str]) -> bool {
        (1..self.toks.len()).any(|k| {
            self.punct(k - 1) == Some(b'|') && self.word(k).is_some_and(|w| names.contains(&w))
        })
    }
}

/// Recursively adds the paths of Ruby string interpolations.
pub(super) fn add_interps(src: &str, interps: Vec<Span>, paths: &mut Vec<VarPath>) {
    for range in interps {
        let (cx, nested) = Ctx::new(src, range, Lang::Ruby);
        paths.extend(cx.all_paths());
        add_interps(src, nested, paths);
    }
}
