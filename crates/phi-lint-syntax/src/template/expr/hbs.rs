//! Handlebars / Mustache tags.

use super::lex::{Tok, at, trim};
use super::paths::Ctx;
use super::{Analysis, Lang, empty_alias, tests_condition};
use crate::Span;
use crate::template::Binding;

const HBS_BUILTINS: &[&str] = &["if", "unless", "each", "with", "else", "lookup", "log"];

/// A Handlebars mustache body (sigils like `#` included, delimiters and `~` excluded).
pub(in crate::template) fn hbs(src: &str, inner: Span, tag_end: usize) -> Analysis {
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
                a.literals = cx.literals(1);
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
    if sigil == b'#' && tests_condition(name) {
        a.literals = cx.literals(1);
    }
    let section = sigil == b'^' || (end <= 1 && !HBS_BUILTINS.contains(&name));
    let from = usize::from(!section);
    a.paths = cx.paths(from, end, &[]);
    let scoped = matches!(name, "each" | "with") || (section && sigil == b'#');
    if let Some(source) = a.paths.first().cloned().filter(|_| scoped) {
        let alias = alias.unwrap_or(empty_alias(tag_end));
        a.binding = Some(Binding { alias, source });
    }
}
