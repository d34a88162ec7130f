//! Go `text/template` actions.

use super::lex::Tok;
use super::paths::Ctx;
use super::{Analysis, Lang, empty_alias, tests_condition};
use crate::Span;
use crate::template::Binding;

const GO_KEYWORDS: &[&str] = &[
    "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue",
];

/// A Go action body (delimiters and trim markers excluded).
pub(in crate::template) fn go(src: &str, inner: Span, tag_end: usize) -> Analysis {
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
        if tests_condition(kw) {
            a.literals = cx.literals(from);
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
