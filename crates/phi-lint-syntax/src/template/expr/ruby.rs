//! Ruby in ERB tags and `#{}` interpolations.

use super::lex::Tok;
use super::paths::{Ctx, add_interps};
use super::{Analysis, Lang, tests_condition};
use crate::Span;
use crate::template::{Binding, VarPath};

/// Ruby control keywords that make an ERB tag's keyword.
const RUBY_CONTROL: &[&str] = &[
    "if", "unless", "elsif", "else", "end", "case", "when", "while", "until", "for", "begin",
    "rescue", "ensure",
];

/// Ruby code in an ERB tag (`output` for `<%= %>`) or a `#{}` interpolation.
pub(in crate::template) fn ruby(src: &str, inner: Span, output: bool) -> Analysis {
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
        if tests_condition(kw) {
            a.literals = cx.literals(1);
        }
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
