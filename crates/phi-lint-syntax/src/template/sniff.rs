//! Guessing a template's dialect from its content.

use memchr::memmem;

use super::Dialect;

/// Markers only Liquid uses.
const LIQUID_MARKERS: &[&str] = &[
    "endcomment",
    "{% assign",
    "{%- assign",
    "{% capture",
    "{%- capture",
    "{% liquid",
    "{% elsif",
    "{%- elsif",
    "{% unless",
    "{%- unless",
    "{% echo",
    "| upcase",
    "| downcase",
    "| default:",
    "| date:",
    "{% # ",
];

/// Markers only Jinja (Nunjucks, Twig, Django) uses.
const JINJA_MARKERS: &[&str] = &[
    "{# ",
    "{#-",
    "|safe",
    "| safe",
    "|e}",
    "|e ",
    "| e ",
    "loop.",
    "{% set",
    "{%- set",
    "{% elif",
    "{%- elif",
    "{% macro",
    "{% block",
    "{% extends",
    "{% verbatim",
    "|raw",
    "| raw",
];

const GO_MARKERS: &[&str] = &[
    "{{.",
    "{{ .",
    "{{- .",
    "{{end}}",
    "{{ end }}",
    "{{- end",
    "{{range",
    "{{ range",
    "{{/*",
    "{{- /*",
    "{{ /*",
    "{{if .",
    "{{ if .",
    "{{with .",
    "{{ with .",
    "{{$",
    "{{ $",
];

const HANDLEBARS_MARKERS: &[&str] = &[
    "{{#",
    "{{/",
    "{{!",
    "{{{",
    "{{^",
    "{{>",
    "{{~",
    "{{else}}",
    "{{ else }}",
];

pub(super) fn sniff(src: &str) -> Dialect {
    let b = src.as_bytes();
    let has = |needle: &str| memmem::find(b, needle.as_bytes()).is_some();
    let count = |markers: &[&str]| markers.iter().filter(|m| has(m)).count();

    if ["<%=", "<%#", "<%-", "<% ", "<%\n"].iter().any(|m| has(m)) {
        return Dialect::Erb;
    }
    let (liquid, jinja) = (count(LIQUID_MARKERS), count(JINJA_MARKERS));
    if has("{%") || (liquid + jinja > 0 && (has("{{") || has("{#"))) {
        // `endif`/`endfor` are shared: Jinja unless Liquid-only markers win.
        return if liquid > jinja {
            Dialect::Liquid
        } else {
            Dialect::Jinja
        };
    }
    if count(GO_MARKERS) > 0 {
        return Dialect::GoTemplate;
    }
    if count(HANDLEBARS_MARKERS) > 0 {
        return Dialect::Handlebars;
    }
    if let Some(numbered) = only_numbered(b) {
        return if numbered {
            Dialect::TwilioContent
        } else {
            Dialect::Handlebars
        };
    }
    if has("*|") && has("|*") {
        return Dialect::Mailchimp;
    }
    if (has("${") && has("}")) || python_percent(b) {
        return Dialect::Placeholder;
    }
    Dialect::Plain
}

/// `Some(true)` when every `{{…}}` holds only digits (Twilio), `Some(false)` when there is some
/// other `{{…}}`, `None` when there is none.
fn only_numbered(b: &[u8]) -> Option<bool> {
    let mut any = false;
    for open in memmem::find_iter(b, b"{{") {
        let body = &b[open + 2..];
        let Some(close) = memmem::find(body, b"}}") else {
            break;
        };
        let inner = &body[..close];
        if inner.is_empty() || !inner.iter().all(u8::is_ascii_digit) {
            return Some(false);
        }
        any = true;
    }
    any.then_some(true)
}

/// A Python `%(name)s` placeholder somewhere.
fn python_percent(b: &[u8]) -> bool {
    memmem::find_iter(b, b"%(").any(|i| {
        let rest = &b[i + 2..b.len().min(i + 66)];
        rest.iter().position(|&c| c == b')').is_some_and(|c| {
            rest[..c]
                .iter()
                .all(|&x| x.is_ascii_alphanumeric() || x == b'_')
                && rest.get(c + 1).is_some_and(u8::is_ascii_alphabetic)
        })
    })
}
