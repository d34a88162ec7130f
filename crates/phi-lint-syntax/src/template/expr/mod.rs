//! Expressions inside tags: a small shared lexer and per-language rules that pick out the
//! variable paths (and skip helper, filter and function names, keywords and literals).
//!
//! The lexer is deliberately forgiving: anything it does not understand becomes a punctuation
//! token and is ignored, so unknown helpers, filters and operators never cause errors.

mod go;
mod hbs;
mod js;
mod lex;
mod liquid;
mod merge;
mod paths;
mod ruby;

pub(super) use go::go;
pub(super) use hbs::hbs;
pub(super) use js::js;
pub(super) use lex::{match_brace, trim};
pub(super) use liquid::{output, statement};
pub(super) use merge::{merge_condition, simple_path};
pub(super) use ruby::ruby;

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
    pub(super) literals: Vec<Span>,
}

/// Keywords of tags that test a condition. The string literals such a tag compares with say
/// what the recipient's record holds, whichever branch is sent (`{% when 'oncology' %}`).
const CONDITIONS: &[&str] = &["if", "elsif", "elif", "unless", "when", "case", "else"];

/// True when `keyword` starts a tag that tests a condition.
fn tests_condition(keyword: &str) -> bool {
    CONDITIONS.contains(&keyword)
}

/// A zero-length alias at the end of the tag: the block body's implicit context (`.`, `this`).
fn empty_alias(tag_end: usize) -> Span {
    Span::new(tag_end, tag_end)
}
