//! A file read into lintable units, linted, with every finding mapped back to the file.

use std::{path::PathBuf, sync::Arc};

use phi_lint::{
    Channel, Dialect, Finding, Language, LineIndex, Linter, Message, Part, Severity, Span,
};
use phi_lint_syntax::formats::{eml, i18n};

use crate::files::{self, Kind, Spec};

/// Where a unit's text comes from.
#[derive(Clone, Debug)]
pub(crate) enum Source {
    /// A length-preserving view of the file starting at this offset: spans map 1:1.
    File { offset: usize },
    /// Decoded text (base64, quoted-printable, RFC 2047) of the file span `at`.
    Decoded { text: Arc<str>, at: Span },
}

/// One lintable piece of a file: the whole template, an i18n string, a MIME part.
#[derive(Debug)]
pub(crate) struct Unit {
    /// A key path or part label, when the file has several units.
    pub(crate) label: Option<String>,
    pub(crate) channel: Channel,
    pub(crate) syntax: Dialect,
    pub(crate) text: String,
    pub(crate) source: Source,
}

/// What was found: a rule finding from the library, or one of the CLI's own `PL9xx`
/// suppression findings.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// A library rule finding.
    Rule(Finding),
    /// A problem with a suppression directive.
    Meta(Meta),
}

/// A CLI-level finding about a suppression directive (never PHI).
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) severity: Severity,
    pub(crate) message: String,
    pub(crate) help: &'static str,
}

/// Why a finding does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suppression {
    /// True for an inline directive, false for a baseline entry.
    pub(crate) in_source: bool,
    pub(crate) reason: String,
}

/// A finding placed in its file.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    pub(crate) item: Item,
    /// The unit's label (i18n key, MIME part).
    pub(crate) label: Option<String>,
    /// The span in the file, or in the decoded text for decoded units.
    pub(crate) span: Span,
    /// Decoded text the span refers to, when not the file itself.
    pub(crate) decoded: Option<Arc<str>>,
    /// The span in the file (for decoded units, the whole encoded part).
    pub(crate) file_span: Span,
    /// 1-based start and end (line, column) in the file; for decoded units, the part's start.
    pub(crate) start: (usize, usize),
    pub(crate) end: (usize, usize),
    /// Set when an inline directive or the baseline suppresses the finding.
    pub(crate) suppressed: Option<Suppression>,
    /// The `ctx1` fingerprint (see `baseline`).
    pub(crate) fingerprint: String,
}

impl Located {
    pub(crate) fn code(&self) -> &str {
        match &self.item {
            Item::Rule(f) => f.code(),
            Item::Meta(m) => m.code,
        }
    }

    pub(crate) fn name(&self) -> &str {
        match &self.item {
            Item::Rule(f) => f.name(),
            Item::Meta(m) => m.name,
        }
    }

    /// The category label (`suppression` for the CLI's own findings).
    pub(crate) fn category(&self) -> &'static str {
        match &self.item {
            Item::Rule(f) => f.category().as_str(),
            Item::Meta(_) => "suppression",
        }
    }

    pub(crate) fn severity(&self) -> Severity {
        match &self.item {
            Item::Rule(f) => f.severity(),
            Item::Meta(m) => m.severity,
        }
    }

    pub(crate) fn message(&self) -> String {
        match &self.item {
            Item::Rule(f) => f.message(),
            Item::Meta(m) => m.message.clone(),
        }
    }

    pub(crate) fn help(&self) -> &str {
        match &self.item {
            Item::Rule(f) => f.help(),
            Item::Meta(m) => m.help,
        }
    }

    /// Where in the message the finding is (`text`, `url`, …; `comment` for directives).
    pub(crate) fn location(&self) -> &'static str {
        match &self.item {
            Item::Rule(f) => f.location().as_str(),
            Item::Meta(_) => "comment",
        }
    }

    /// True when the finding is protected health information (not compliance or suppression).
    pub(crate) fn is_phi(&self) -> bool {
        matches!(&self.item, Item::Rule(f) if f.category().is_phi())
    }

    pub(crate) fn is_meta(&self) -> bool {
        matches!(self.item, Item::Meta(_))
    }

    /// True when the finding counts (not suppressed).
    pub(crate) fn active(&self) -> bool {
        self.suppressed.is_none()
    }
}

/// A problem reading a file (an unclosed tag, malformed JSON), placed in the file.
#[derive(Debug, Clone)]
pub(crate) struct Problem {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

/// One file's results.
#[derive(Debug)]
pub(crate) struct FileResult {
    pub(crate) path: PathBuf,
    /// The path relative to the repository root, `/`-separated (SARIF, baselines).
    pub(crate) rel: String,
    /// How the file was read.
    pub(crate) spec: Spec,
    /// The failure threshold from the file's config (`None`: not set there; `Some(None)`:
    /// never fail).
    pub(crate) fail_on: Option<Option<Severity>>,
    pub(crate) src: Arc<str>,
    pub(crate) findings: Vec<Located>,
    pub(crate) problems: Vec<Problem>,
}

/// Splits a file into units.
pub(crate) fn units(src: &str, spec: Spec, problems: &mut Vec<(Span, String)>) -> Vec<Unit> {
    let whole = |channel, syntax| Unit {
        label: None,
        channel,
        syntax,
        text: src.to_owned(),
        source: Source::File { offset: 0 },
    };
    match spec.kind {
        Kind::Template(dialect) => vec![whole(spec.channel, dialect)],
        // Payloads are checked whole by `Linter::check_payload` in `lint`.
        Kind::Payload => Vec::new(),
        Kind::I18n(format) => i18n_units(src, format, spec.channel, problems),
        Kind::Eml => {
            let (parts, issues) = eml::parse(src);
            problems.extend(issues.into_iter().map(|i| (i.span, i.message)));
            parts
                .into_iter()
                .map(|p| {
                    let channel = match p.kind {
                        eml::PartKind::Subject => Channel::EmailSubject,
                        eml::PartKind::Text => Channel::EmailText,
                        eml::PartKind::Html => Channel::EmailHtml,
                    };
                    let (text, source) = match p.decoded {
                        Some(decoded) => {
                            let text: Arc<str> = decoded.into();
                            (text.to_string(), Source::Decoded { text, at: p.span })
                        }
                        None => (
                            p.span.slice(src).to_owned(),
                            Source::File {
                                offset: p.span.start,
                            },
                        ),
                    };
                    Unit {
                        label: Some(p.label),
                        channel,
                        syntax: Dialect::Plain,
                        text,
                        source,
                    }
                })
                .collect()
        }
    }
}

fn i18n_units(
    src: &str,
    format: i18n::I18nFormat,
    channel: Channel,
    problems: &mut Vec<(Span, String)>,
) -> Vec<Unit> {
    let (entries, issues) = i18n::extract(src, format);
    problems.extend(issues.into_iter().map(|i| (i.span, i.message)));
    entries
        .into_iter()
        .map(|e| {
            let channel = files::channel_of_key(&e.key).unwrap_or(channel);
            let syntax = phi_lint_syntax::template::sniff(&e.view);
            let channel = if channel != Channel::EmailHtml && files::looks_like_html(&e.view) {
                Channel::EmailHtml
            } else {
                channel
            };
            Unit {
                label: Some(e.key),
                channel,
                syntax,
                text: e.view,
                source: Source::File {
                    offset: e.span.start,
                },
            }
        })
        .collect()
}

/// Lints `src` read as `spec`.
pub(crate) fn lint(linter: &Linter, path: PathBuf, src: String, spec: Spec) -> FileResult {
    let src: Arc<str> = src.into();
    let index = LineIndex::new(&src);
    let mut raw_problems = Vec::new();
    let units = units(&src, spec, &mut raw_problems);
    // i18n strings and partials (`_footer.hbs`) are pieces of messages: whole-message checks
    // (opt-out wording, sender identification) do not apply to them.
    let partial = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('_'));
    let fragment = partial || matches!(spec.kind, Kind::I18n(_));
    let mut findings = Vec::new();
    for unit in &units {
        let mut part = Part::new(unit.channel, &unit.text).syntax(unit.syntax);
        // The locale of an i18n key (`es.sms.body`) or of the path (`locales/es.yml`).
        let hint = unit.label.as_deref().and_then(Language::from_path_hint);
        if let Some(lang) = hint.or_else(|| Language::from_path_hint(&path.to_string_lossy())) {
            part = part.language(lang);
        }
        let message = Message::new().part(part);
        let report = linter.check(&if fragment {
            message.fragment()
        } else {
            message
        });
        for issue in report.issues() {
            raw_problems.push((map_span(&unit.source, issue.span), issue.message.clone()));
        }
        for finding in report.into_findings() {
            let local = finding.span();
            let (span, decoded) = match &unit.source {
                Source::File { offset } => (local.shift(*offset), None),
                Source::Decoded { text, .. } => (local, Some(text.clone())),
            };
            let file_span = map_span(&unit.source, local);
            findings.push(Located {
                start: index.line_col(&src, file_span.start),
                end: index.line_col(&src, file_span.end),
                item: Item::Rule(finding),
                label: unit.label.clone(),
                span,
                decoded,
                suppressed: None,
                fingerprint: String::new(),
                file_span,
            });
        }
    }
    if spec.kind == Kind::Payload {
        let report = linter.check_payload(&src);
        raw_problems.extend(report.issues().iter().map(|i| (i.span, i.message.clone())));
        for finding in report.into_findings() {
            let span = finding.span();
            findings.push(Located {
                start: index.line_col(&src, span.start),
                end: index.line_col(&src, span.end),
                item: Item::Rule(finding),
                label: None,
                span,
                decoded: None,
                suppressed: None,
                fingerprint: String::new(),
                file_span: span,
            });
        }
    }
    let problems = raw_problems
        .into_iter()
        .map(|(span, message)| {
            let (line, column) = index.line_col(&src, span.start);
            Problem {
                line,
                column,
                message,
            }
        })
        .collect();
    FileResult {
        path,
        rel: String::new(),
        spec,
        fail_on: None,
        src,
        findings,
        problems,
    }
}

/// A unit-local span as a file span (decoded units map to their whole encoded part).
fn map_span(source: &Source, local: Span) -> Span {
    match source {
        Source::File { offset } => local.shift(*offset),
        Source::Decoded { at, .. } => *at,
    }
}
