//! Liquid and Jinja output expressions and statements.

use super::lex::trim;
use super::paths::Ctx;
use super::{Analysis, Lang, tests_condition};
use crate::Span;
use crate::template::Binding;

/// A Liquid or Jinja `{{ output }}` expression.
pub(in crate::template) fn output(src: &str, inner: Span, lang: Lang) -> Analysis {
    let (cx, _) = Ctx::new(src, inner, lang);
    Analysis {
        paths: cx.all_paths(),
        unescaped: lang == Lang::Jinja && cx.has_filter(&["safe", "raw"]),
        ..Analysis::default()
    }
}

/// A Liquid or Jinja `{% statement %}` (not `comment`/`raw`, which the scanner handles).
pub(in crate::template) fn statement(src: &str, inner: Span, lang: Lang) -> Analysis {
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
    if tests_condition(kw) {
        a.literals = cx.literals(1);
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
            _ => {
                let line = statement(src, line, Lang::Liquid);
                a.paths.extend(line.paths);
                a.literals.extend(line.literals);
            }
        }
        start = end + 1;
    }
    a
}
