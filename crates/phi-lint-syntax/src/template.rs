//! Lenient, span-preserving scanning of template dialects.
//!
//! A template becomes a flat list of [`Node`]s: literal text the recipient will see, variable
//! output, control tags (with the variables they reference), comments and raw sections. The
//! scanner never fails; an unclosed tag becomes a [`SyntaxIssue`] and the rest is scanned as text.
//!
//! # Design
//!
//! The scanner is hand-written and lenient on purpose. The engines' own parsers reject what
//! pre-commit hooks routinely see (partials, fragments, unknown helpers and filters, host-specific
//! tags such as Braze `${first_name}` or Customer.io `cio_link`), they do not report byte spans
//! for every name, and binding them would pull in five runtimes. Here, unknown helpers, filters
//! and tags are simply names; only an unclosed delimiter is reported.
//!
//! It is a single pass over the input: each dialect is a small table of delimiters (`scan.rs`),
//! `memchr` jumps to the bytes that can open one, and each tag body goes through a shared
//! expression lexer with per-language rules (`expr.rs`) that keeps variable paths and drops
//! helper, filter and function names, keywords and literals. No regexes, no backtracking.
//!
//! Conventions worth knowing:
//!
//! - A closing block tag's keyword includes its sigil: `{{/each}}` → `/each`; `{{^x}}` → `^`;
//!   `{{> p}}` → `>`. Liquid/Jinja/Go/ERB closers are words (`endfor`, `end`).
//!   An ERB block's keyword is its iterator method: `<% @rs.each do |r| %>` → `each`.
//! - A block whose body sees the bound value as the *implicit* context (`{{#each items}}`,
//!   `{{#with p}}`, Go `{{range .Results}}` / `{{with .X}}`) gets a [`Binding`] whose alias is an
//!   **empty span at the end of the tag**; named aliases (`as |r|`, `$r :=`, `for r in`,
//!   `do |r|`) point at the name (Go's `$` excluded, so it matches path segments).
//! - Context words are sigils: `this`, `self`, `@root`, `../`, Go `.` and `$` are not segments;
//!   alone they are paths with no segments (`{{this}}`, `{{.}}`).
//! - A method call ends a path but keeps the receiver: `@patient.dob.strftime('%m')` →
//!   `patient.dob`; a bare function or helper name is not a path.
//! - Placeholder `{0}` / `{}` and Twilio `{{1}}` are variables; positional names are segments.
//! - Raw sections produce an opening [`Tag`], a [`Node::Raw`] and a closing [`Tag`]; an escaped
//!   Handlebars `\{{x}}` and ERB `<%%` stay text.
//!
//! Not handled (the input is still scanned; these parts come out as text or opaque variables):
//! Mustache set-delimiter tags (`{{=<% %>=}}`), Jinja line statements and custom delimiters,
//! Go `Delims`, ERB `%` line code, Iterable `[[field]]`. In Placeholder mode `{color:red}`
//! (no spaces) is a valid Python field and is read as one; `{ color: red }` is text.

mod expr;
mod scan;
mod sniff;
#[cfg(test)]
mod tests;

use crate::{Span, SyntaxIssue};

/// A template language (or none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// No template syntax: everything is literal text.
    #[default]
    Plain,
    /// Handlebars and Mustache (incl. SendGrid's subset, Postmark Mustachio, triple-stash).
    Handlebars,
    /// Liquid (Shopify; Twilio Studio, Braze, Customer.io).
    Liquid,
    /// Jinja2, Nunjucks, Twig and Django templates.
    Jinja,
    /// Ruby ERB (`<%= %>`), plus `#{}` interpolation.
    Erb,
    /// Go `text/template` / `html/template`.
    GoTemplate,
    /// Mailchimp / Mandrill merge tags (`*|FNAME|*`).
    Mailchimp,
    /// Twilio Content Template Builder numbered placeholders (`{{1}}`).
    TwilioContent,
    /// Placeholders in plain-text templates: Python `{name}` / `%(name)s`, JS `${name}`.
    Placeholder,
}

impl Dialect {
    /// Every dialect, in a stable order.
    pub const ALL: [Dialect; 9] = [
        Dialect::Plain,
        Dialect::Handlebars,
        Dialect::Liquid,
        Dialect::Jinja,
        Dialect::Erb,
        Dialect::GoTemplate,
        Dialect::Mailchimp,
        Dialect::TwilioContent,
        Dialect::Placeholder,
    ];

    /// The dialect's canonical name (`handlebars`, `gotemplate`, …).
    pub const fn name(self) -> &'static str {
        match self {
            Dialect::Plain => "plain",
            Dialect::Handlebars => "handlebars",
            Dialect::Liquid => "liquid",
            Dialect::Jinja => "jinja",
            Dialect::Erb => "erb",
            Dialect::GoTemplate => "gotemplate",
            Dialect::Mailchimp => "mailchimp",
            Dialect::TwilioContent => "twilio-content",
            Dialect::Placeholder => "placeholder",
        }
    }

    /// Parses a dialect name or common alias (`mustache`, `hbs`, `jinja2`, `nunjucks`, `twig`,
    /// `django`, `go`, `mandrill`, `python-format`, …), case-insensitively.
    pub fn from_name(name: &str) -> Option<Dialect> {
        let name = name.trim().to_ascii_lowercase();
        Some(match name.as_str() {
            "plain" | "text" | "none" | "html" | "plain-html" | "php" | "plain-concat"
            | "java-concat" | "angle-placeholder" | "openemr-tags" => Dialect::Plain,
            "handlebars" | "hbs" | "mustache" | "mustachio" => Dialect::Handlebars,
            "liquid" => Dialect::Liquid,
            "jinja" | "jinja2" | "j2" | "nunjucks" | "njk" | "twig" | "django" => Dialect::Jinja,
            "erb" | "ruby" => Dialect::Erb,
            "gotemplate" | "go-template" | "go" | "gotmpl" | "tmpl" => Dialect::GoTemplate,
            "mailchimp" | "mandrill" | "merge-tags" => Dialect::Mailchimp,
            "twilio-content" | "twilio" => Dialect::TwilioContent,
            "placeholder" | "python-format" | "python-percent" | "js-template" | "format" => {
                Dialect::Placeholder
            }
            _ => return None,
        })
    }
}

/// A scanned template: nodes in source order, covering the input without overlap.
#[derive(Clone, Debug, Default)]
pub struct Template {
    /// The nodes, in source order.
    pub nodes: Vec<Node>,
    /// Problems found (unclosed tags, …); never fatal.
    pub issues: Vec<SyntaxIssue>,
}

/// One piece of a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Literal text the recipient will see (before any HTML processing).
    Text(Span),
    /// Variable output: `{{ patient.first_name }}`, `{{{ raw }}}`, `<%= @mrn %>`, `*|FNAME|*`.
    Var(Var),
    /// A control tag: `{% if %}`, `{{#each}}`, `{{/each}}`, `{{> partial}}`, `<% if %>`. Its
    /// variable references are listed (a condition on `hiv_positive` reveals as much as output).
    Tag(Tag),
    /// A template comment, stripped at render time (where suppression directives live).
    Comment(Comment),
    /// A raw / verbatim section's content (`{% raw %}…{% endraw %}`): rendered as literal text.
    Raw(Span),
}

/// A variable output tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Var {
    /// The whole tag, delimiters included.
    pub span: Span,
    /// The inner expression (delimiters and whitespace-control marks excluded, trimmed).
    pub expr: Span,
    /// Variable paths referenced by the expression (helper, filter and function names,
    /// keywords and literals excluded).
    pub paths: Vec<VarPath>,
    /// True for unescaped output (`{{{ }}}`, `{{& }}`, `| safe`, `<%== %>`, `raw`).
    pub unescaped: bool,
}

/// A control tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The whole tag, delimiters included.
    pub span: Span,
    /// The keyword (`if`, `each`, `for`, `unless`, `with`, `range`, `>` …), when there is one.
    pub keyword: Option<Span>,
    /// Variable paths referenced by the tag.
    pub paths: Vec<VarPath>,
    /// For loops and `with`/`as` blocks: the alias the body uses and the path it is bound to
    /// (`{% for r in results %}` → `r` bound to `results`; `{{#each results as |r|}}`).
    pub binding: Option<Binding>,
    /// For tags that test a condition (`if`, `elsif`, `unless`, `case`, `when`, `else if`): the
    /// contents of the string literals compared with, quotes excluded (`oncology` in
    /// `{% when 'oncology' %}`). Never sent, but they say what the record holds.
    pub literals: Vec<Span>,
}

/// A loop or block alias.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The alias name (`r`).
    pub alias: Span,
    /// What it is bound to (`results`).
    pub source: VarPath,
}

/// A template comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment, delimiters included.
    pub span: Span,
    /// The comment's text, delimiters excluded.
    pub body: Span,
}

/// A dotted variable path such as `patient.diagnosis_code`, `@patient.mrn`, `.Patient.MRN`,
/// `items[0].name`, `RX_NAME`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarPath {
    /// The whole path as written.
    pub span: Span,
    /// Each name segment (`patient`, `diagnosis_code`); sigils (`@`, `.`, `$`), indices and
    /// quotes excluded.
    pub segments: Vec<Span>,
}

impl Template {
    /// Scans `src` as `dialect`. Never fails and never panics.
    pub fn scan(src: &str, dialect: Dialect) -> Template {
        scan::scan(src, dialect)
    }
}

/// Guesses the dialect of a template from its content, for files whose extension does not say
/// (`.html`, `.txt`, `.json`, `.yml`). Returns [`Dialect::Plain`] when nothing template-like is
/// found.
pub fn sniff(src: &str) -> Dialect {
    sniff::sniff(src)
}
