//! Files as phi-lint reads them: a [`Document`] (a path and its bytes, with the file kind,
//! template dialect and channel detected, each overridable) checked whole by
//! [`Linter::check_document`] into a [`DocumentReport`] whose findings are placed in the file
//! (line, column, i18n key path or MIME part), with inline suppressions applied and baseline
//! fingerprints computed.
//!
//! ```
//! use phi_lint::{Document, Linter, Severity};
//!
//! let linter = Linter::builder().build()?;
//! let doc = Document::from_text(
//!     "config/locales/en.yml",
//!     "en:\n  reminders:\n    sms_body: \"Your HIV test results are ready\"\n",
//! );
//! let report = linter.check_document(&doc);
//! let finding = report.findings().iter().find(|f| f.category() == "diagnosis").expect("HIV");
//! assert_eq!(finding.label.as_deref(), Some("en.reminders.sms_body"));
//! assert_eq!(finding.start, (3, 21)); // line 3, column 21
//! assert!(report.blocks(Severity::Warning));
//! # Ok::<(), phi_lint::BuildError>(())
//! ```
//!
//! [`Linter::check_document`]: crate::Linter::check_document

mod decode;
mod fingerprint;
mod fixed;
mod kind;
mod limits;
mod record;
mod suppress;

use std::{
    borrow::Cow,
    fmt, io,
    path::{Path, PathBuf},
    sync::Arc,
};

use phi_lint_syntax::{
    Dialect, LineIndex, Span,
    formats::{eml, i18n},
    html::looks_like_html,
};

use crate::compiled::Compiled;
use crate::finding::Finding;
use crate::fix::Fix;
use crate::language::Language;
use crate::message::{Message, Part};
use crate::selector;
use crate::types::{Channel, Severity};

pub use decode::Encoding;
pub use fingerprint::fingerprint;
pub use fixed::FixedDocument;
pub use kind::{EXTENSIONS, FileKind, is_candidate};
pub use limits::{LimitExceeded, Limits, parse_size};
pub use phi_lint_syntax::formats::i18n::I18nFormat;
pub use suppress::SUPPRESSION_CODES;

/// A file to check: its path (which, with the content, decides how it is read) and its text.
///
/// The file kind, template dialect and channel are detected from the extension, the path's
/// words (`sms/`, `…_subject.liquid`) and the content; [`with_channel`](Self::with_channel)
/// and [`with_dialect`](Self::with_dialect) override them. Cloning is cheap (the text is
/// shared).
#[derive(Clone)]
pub struct Document {
    path: PathBuf,
    text: Arc<str>,
    channel: Option<Channel>,
    dialect: Option<Dialect>,
    kind: FileKind,
    resolved_channel: Channel,
    encoding: Encoding,
    baseline_path: String,
    /// `[[per-path]]` rule filters from the configuration (see `Config::configure`).
    pub(crate) filters: Vec<RuleFilter>,
}

/// A `[[per-path]]` rule filter: findings must match `select` (when set) and no `ignore`.
#[derive(Clone, Debug, Default)]
pub(crate) struct RuleFilter {
    pub(crate) ignore: Vec<String>,
    pub(crate) select: Option<Vec<String>>,
}

// Never print the text: documents hold patient messages.
impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("channel", &self.resolved_channel)
            .field("encoding", &self.encoding)
            .field("len", &self.text.len())
            .finish_non_exhaustive()
    }
}

impl Document {
    /// Reads the file at `path` (decoded as [`Document::new`] does) within the default
    /// [`Limits`].
    ///
    /// # Errors
    /// As [`Document::read`].
    pub fn from_path(path: impl AsRef<Path>) -> io::Result<Document> {
        Document::read(path, &Limits::default())
    }

    /// Reads the file at `path` within `limits`: a regular file over the size bound is refused
    /// from its metadata before it is read, and no read goes more than one byte past the
    /// bound (a FIFO, a device, a growing file).
    ///
    /// # Errors
    /// The read error; [`io::ErrorKind::FileTooLarge`] carrying a [`LimitExceeded`] for a file
    /// over a bound; [`io::ErrorKind::InvalidData`] for a file that cannot be decoded (see
    /// [`Document::new`]).
    pub fn read(path: impl AsRef<Path>, limits: &Limits) -> io::Result<Document> {
        let path = path.as_ref();
        Document::within(path, limits.read_file(path)?, limits)
    }

    /// Reads `reader` (stdin, a pipe) to its end as the file `path_hint` would be, within
    /// `limits` (no read goes more than one byte past the size bound).
    ///
    /// # Errors
    /// As [`Document::read`].
    pub fn read_from(
        path_hint: impl Into<PathBuf>,
        reader: impl io::Read,
        limits: &Limits,
    ) -> io::Result<Document> {
        Document::within(path_hint, limits.read(reader)?, limits)
    }

    /// A document of `bytes`, read as the file `path_hint` would be (the path need not
    /// exist: only its name and directories are used), within the default [`Limits`].
    ///
    /// Decoding: a byte-order mark decides for every format (UTF-8, UTF-16 LE or BE); else
    /// UTF-8; else, for `.properties` files only, ISO-8859-1 (the format's traditional
    /// encoding). [`encoding`](Self::encoding) tells which; spans refer to the decoded text
    /// (see [`Encoding`] for how positions map to the file).
    ///
    /// # Errors
    /// [`io::ErrorKind::InvalidData`] when the bytes cannot be decoded: `binary file` (a NUL
    /// byte in the first 8 KiB, without a UTF-16 byte-order mark), `not UTF-8 text …` or
    /// `invalid UTF-16 text`. A caller that must not pass what it could not read treats this
    /// as a failure, not a skip. [`io::ErrorKind::FileTooLarge`] carrying a
    /// [`LimitExceeded`] for bytes over a bound.
    pub fn new(path_hint: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) -> io::Result<Document> {
        Document::within(path_hint, bytes, &Limits::default())
    }

    /// [`Document::new`] within `limits` instead of the default ones.
    ///
    /// # Errors
    /// As [`Document::new`].
    pub fn within(
        path_hint: impl Into<PathBuf>,
        bytes: impl Into<Vec<u8>>,
        limits: &Limits,
    ) -> io::Result<Document> {
        let path = path_hint.into();
        let bytes = bytes.into();
        limits.check_size(bytes.len())?;
        let (text, encoding) = decode::decode(&path, bytes)?;
        limits.check_lines(&text)?;
        let mut doc = Document::from_text(path, text);
        doc.encoding = encoding;
        Ok(doc)
    }

    /// A document of `text`, read as the file `path_hint` would be.
    pub fn from_text(path_hint: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Document {
        let path = path_hint.into();
        let baseline_path = path.to_string_lossy().replace('\\', "/");
        let mut doc = Document {
            path,
            text: text.into(),
            channel: None,
            dialect: None,
            kind: FileKind::Template(Dialect::Plain),
            resolved_channel: Channel::Sms,
            encoding: Encoding::Utf8,
            baseline_path,
            filters: Vec::new(),
        };
        doc.detect();
        doc
    }

    fn detect(&mut self) {
        (self.kind, self.resolved_channel) =
            kind::detect(&self.path, &self.text, self.channel, self.dialect);
    }

    /// The same document (path, overrides, configuration) with another text.
    pub(crate) fn with_text(&self, text: impl Into<Arc<str>>) -> Document {
        let mut doc = self.clone();
        doc.text = text.into();
        doc.detect();
        doc
    }

    /// Reads the document as delivered on `channel`, whatever its path says.
    #[must_use]
    pub fn with_channel(mut self, channel: Channel) -> Document {
        self.channel = Some(channel);
        self.detect();
        self
    }

    /// Reads a template document in `dialect`, whatever its extension says (no effect on
    /// `.eml`, i18n and payload files).
    #[must_use]
    pub fn with_dialect(mut self, dialect: Dialect) -> Document {
        self.dialect = Some(dialect);
        self.detect();
        self
    }

    /// The path baseline fingerprints are keyed on (repository-relative, `/`-separated).
    /// Default: the path hint as given, with `/` separators.
    #[must_use]
    pub fn with_baseline_path(mut self, path: impl Into<String>) -> Document {
        self.baseline_path = path.into();
        self
    }

    /// The path (hint) the document was created with.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, shared.
    pub fn shared_text(&self) -> Arc<str> {
        self.text.clone()
    }

    /// How the document is read.
    pub fn kind(&self) -> FileKind {
        self.kind
    }

    /// The channel the document (or, for i18n and `.eml` files, a part without a channel of
    /// its own) is delivered on.
    pub fn channel(&self) -> Channel {
        self.resolved_channel
    }

    /// How the file's bytes were decoded ([`Encoding::Utf8`] for a document made from text).
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The channel override, if one was set.
    pub(crate) fn channel_override(&self) -> Option<Channel> {
        self.channel
    }

    /// The dialect override, if one was set.
    pub(crate) fn dialect_override(&self) -> Option<Dialect> {
        self.dialect
    }

    /// The baseline path (see [`with_baseline_path`](Self::with_baseline_path)).
    pub fn baseline_path(&self) -> &str {
        &self.baseline_path
    }

    /// True for pieces of messages (i18n strings, partials named `_*.hbs`): whole-message
    /// checks (opt-out wording, sender identification) do not apply to them.
    fn is_fragment(&self) -> bool {
        let partial = self
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('_'));
        partial || matches!(self.kind, FileKind::I18n(_))
    }
}

/// What a document finding is: a rule finding, or a problem with a suppression directive.
#[derive(Debug, Clone)]
pub enum Item {
    /// A rule finding.
    Rule(Finding),
    /// A problem with an inline suppression directive (`PL9xx`).
    Meta(DirectiveFinding),
}

/// A finding about an inline suppression directive (`PL9xx`, category `suppression`; never
/// PHI).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DirectiveFinding {
    /// `PL900` … `PL905`.
    pub code: &'static str,
    /// The kebab-case name (`unused-suppression`).
    pub name: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// What is wrong; quotes rule codes only, never message text.
    pub message: String,
    /// What to do.
    pub help: &'static str,
    /// The fix, moved to the document finding (see [`DocumentFinding::fix`]) when placed.
    pub(crate) fix: Option<Fix>,
}

/// Why a finding does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Suppression {
    /// True for an inline directive, false for a baseline entry.
    pub in_source: bool,
    /// The reason the directive or baseline gives.
    pub reason: String,
}

impl Suppression {
    /// A suppression by a baseline entry with `reason`.
    pub fn baseline(reason: impl Into<String>) -> Suppression {
        Suppression {
            in_source: false,
            reason: reason.into(),
        }
    }
}

/// A finding placed in its document.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DocumentFinding {
    /// The rule finding or directive problem.
    pub item: Item,
    /// The i18n key path or MIME part label, when the file has several units. A gettext
    /// msgid or a natural-language i18n key *is* message text: show it to the author only.
    pub label: Option<String>,
    /// The label as machine formats may carry it: never message text (see [`machine_key`]).
    pub key: Option<String>,
    /// The span in the file, or in [`decoded`](Self::decoded) for decoded MIME parts.
    pub span: Span,
    /// The decoded text `span` refers to (base64, quoted-printable, RFC 2047 parts).
    pub decoded: Option<Arc<str>>,
    /// The span in the file (for decoded parts, the whole encoded part).
    pub file_span: Span,
    /// 1-based `(line, column)` of the start in the file (columns count characters).
    pub start: (usize, usize),
    /// 1-based `(line, column)` of the end.
    pub end: (usize, usize),
    /// Set when an inline directive (or, set by the caller, a baseline) suppresses it.
    pub suppressed: Option<Suppression>,
    /// The `ctx1` baseline fingerprint (no PHI enters it; see [`fingerprint`]).
    pub fingerprint: String,
    /// The fix, with edits in the file's text; `None` in decoded MIME parts, where an edit
    /// would have to be re-encoded.
    pub fix: Option<Fix>,
}

impl DocumentFinding {
    /// The rule code (`DX001`, `PL900`).
    pub fn code(&self) -> &str {
        match &self.item {
            Item::Rule(f) => f.code(),
            Item::Meta(m) => m.code,
        }
    }

    /// The rule name.
    pub fn name(&self) -> &str {
        match &self.item {
            Item::Rule(f) => f.name(),
            Item::Meta(m) => m.name,
        }
    }

    /// The category name (`suppression` for directive problems).
    pub fn category(&self) -> &'static str {
        match &self.item {
            Item::Rule(f) => f.category().as_str(),
            Item::Meta(_) => selector::SUPPRESSION_CATEGORY,
        }
    }

    /// The severity.
    pub fn severity(&self) -> Severity {
        match &self.item {
            Item::Rule(f) => f.severity(),
            Item::Meta(m) => m.severity,
        }
    }

    /// What the finding says (never message text).
    pub fn message(&self) -> String {
        match &self.item {
            Item::Rule(f) => f.message(),
            Item::Meta(m) => m.message.clone(),
        }
    }

    /// What to do instead.
    pub fn help(&self) -> &str {
        match &self.item {
            Item::Rule(f) => f.help(),
            Item::Meta(m) => m.help,
        }
    }

    /// Where in the message it is (`text`, `url`, …; `comment` for directive problems).
    pub fn location(&self) -> &'static str {
        match &self.item {
            Item::Rule(f) => f.location().as_str(),
            Item::Meta(_) => "comment",
        }
    }

    /// True when the finding is protected health information (not compliance or suppression).
    pub fn is_phi(&self) -> bool {
        matches!(&self.item, Item::Rule(f) if f.category().is_phi())
    }

    /// True for a directive problem (`PL9xx`).
    pub fn is_meta(&self) -> bool {
        matches!(self.item, Item::Meta(_))
    }

    /// True when the finding counts (not suppressed).
    pub fn active(&self) -> bool {
        self.suppressed.is_none()
    }
}

/// A problem reading a document (an unclosed tag, malformed JSON), placed in the file. Never
/// fatal: the rest of the document is still checked.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong; quotes no input.
    pub message: String,
}

/// The result of checking a document.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DocumentReport {
    /// Findings sorted by position (suppressed ones included, marked).
    pub findings: Vec<DocumentFinding>,
    /// Reading problems.
    pub problems: Vec<Problem>,
    /// Set when a unit had more findings than the linter reports
    /// ([`Report::limit_exceeded`](crate::Report::limit_exceeded)): the findings are
    /// incomplete, an error for the file (`phi-lint check` exits 2). A problem says so too.
    pub limit_exceeded: Option<LimitExceeded>,
}

impl DocumentReport {
    /// The findings, suppressed ones included.
    pub fn findings(&self) -> &[DocumentFinding] {
        &self.findings
    }

    /// The reading problems.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// True when an unsuppressed finding is at or above `threshold`.
    pub fn blocks(&self, threshold: Severity) -> bool {
        self.findings
            .iter()
            .any(|f| f.active() && f.severity() >= threshold)
    }
}

/// Where a unit's text comes from.
enum Source {
    /// A length-preserving view of the file starting at this offset: spans map 1:1.
    File { offset: usize },
    /// Decoded text (base64, quoted-printable, RFC 2047) of the file span `at`.
    Decoded { text: Arc<str>, at: Span },
}

/// One lintable piece of a file: the whole template, an i18n string, a MIME part.
struct Unit<'a> {
    label: Option<String>,
    channel: Channel,
    syntax: Dialect,
    /// A template is the file's text itself, borrowed: a large file is not held twice.
    text: Cow<'a, str>,
    source: Source,
}

impl Compiled {
    /// Checks a whole file, as `Linter::check_document` documents.
    pub(crate) fn check_document(&self, doc: &Document) -> DocumentReport {
        let src: &str = &doc.text;
        let index = LineIndex::new(src);
        let mut raw_problems: Vec<(Span, String)> = Vec::new();
        let units = units(doc, &mut raw_problems);
        let fragment = doc.is_fragment();
        let mut findings = Vec::new();
        let mut limit_exceeded = None;
        for unit in &units {
            let mut part = Part::new(unit.channel, &unit.text).syntax(unit.syntax);
            // The locale of an i18n key (`es.sms.body`) or of the path (`locales/es.yml`).
            let hint = unit.label.as_deref().and_then(Language::from_path_hint);
            if let Some(lang) =
                hint.or_else(|| Language::from_path_hint(&doc.path.to_string_lossy()))
            {
                part = part.language(lang);
            }
            let message = Message::new().part(part);
            let report = self.check(&if fragment {
                message.fragment()
            } else {
                message
            });
            limit_exceeded = limit_exceeded.or(report.limit_exceeded());
            for issue in report.issues() {
                raw_problems.push((map_span(&unit.source, issue.span), issue.message.clone()));
            }
            for finding in report.into_findings() {
                let local = finding.span();
                let (span, decoded, fix) = match &unit.source {
                    Source::File { offset } => (
                        local.shift(*offset),
                        None,
                        finding
                            .fix()
                            .filter(|f| fix_fits_file(f, doc.kind, &unit.text, src, *offset))
                            .map(|f| f.clone().shift(*offset)),
                    ),
                    Source::Decoded { text, .. } => (local, Some(text.clone()), None),
                };
                let file_span = map_span(&unit.source, local);
                let mut placed = placed(
                    Item::Rule(finding),
                    unit.label.clone(),
                    span,
                    decoded,
                    file_span,
                );
                placed.fix = fix;
                findings.push(placed);
            }
        }
        if doc.kind == FileKind::Payload {
            let report = self.check_payload(src);
            limit_exceeded = limit_exceeded.or(report.limit_exceeded());
            raw_problems.extend(report.issues().iter().map(|i| (i.span, i.message.clone())));
            for finding in report.into_findings() {
                let span = finding.span();
                let fix = finding.fix().cloned();
                let mut placed = placed(Item::Rule(finding), None, span, None, span);
                placed.fix = fix;
                findings.push(placed);
            }
        }
        locate(&mut findings, src, &index);
        for f in &mut findings {
            f.key = f.label.as_deref().map(|label| machine_key(doc.kind, label));
        }
        // `[[per-path]]` filters drop rule findings before suppressions are matched, so a
        // directive for a finding the configuration already drops is reported unused.
        findings.retain(|l| {
            let Item::Rule(f) = &l.item else { return true };
            let m =
                |s: &String| selector::matches(s, f.code(), f.name(), Some(f.category().as_str()));
            doc.filters.iter().all(|pp| {
                !pp.ignore.iter().any(m) && pp.select.as_ref().is_none_or(|sel| sel.iter().any(m))
            })
        });
        if self.inline_suppressions {
            let html = doc.resolved_channel == Channel::EmailHtml;
            suppress::apply(
                &mut findings,
                src,
                &index,
                doc.kind,
                html,
                self.catalog.iter().map(|m| &**m),
            );
            let ignores: Vec<&String> = self
                .suppression_ignores
                .iter()
                .chain(doc.filters.iter().flat_map(|p| &p.ignore))
                .filter(|s| selector::is_suppression(s))
                .collect();
            if !ignores.is_empty() {
                findings.retain(|l| {
                    !l.is_meta()
                        || !ignores
                            .iter()
                            .any(|s| selector::matches(s, l.code(), l.name(), Some(l.category())))
                });
            }
        }
        fingerprint::fingerprint_all(&mut findings, src, &index, &doc.baseline_path);
        let problems = raw_problems
            .into_iter()
            .map(|(span, message)| {
                let (line, column) = index.line_col(src, span.start);
                Problem {
                    line,
                    column,
                    message,
                }
            })
            .collect();
        DocumentReport {
            findings,
            problems,
            limit_exceeded,
        }
    }
}

fn placed(
    item: Item,
    label: Option<String>,
    span: Span,
    decoded: Option<Arc<str>>,
    file_span: Span,
) -> DocumentFinding {
    DocumentFinding {
        // Set by `locate`, for all findings at once.
        start: (0, 0),
        end: (0, 0),
        item,
        label,
        key: None,
        span,
        decoded,
        file_span,
        suppressed: None,
        fingerprint: String::new(),
        fix: None,
    }
}

/// The unit label a machine format may carry. Labels are keys, not message text, except where
/// the key *is* the text: a gettext entry is keyed by its msgid, and i18next allows natural-
/// language keys. Those are replaced; only keys made of identifier characters are kept. MIME
/// part labels are the reader's own (`part 2 (text/html, base64)`), built from headers.
pub fn machine_key(kind: FileKind, label: &str) -> String {
    const TEXT_KEY: &str = "<message-text key>";
    let identifier = |key: &str| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.[]:/@$".contains(c))
    };
    match kind {
        // `msgid text#msgstr[0]`: the side (msgid / msgstr) is kept, the text never.
        FileKind::I18n(I18nFormat::Po) => match label.rsplit_once('#') {
            Some((_, side)) if identifier(side) => format!("{TEXT_KEY}#{side}"),
            _ => TEXT_KEY.to_owned(),
        },
        FileKind::I18n(_) if identifier(label) => label.to_owned(),
        FileKind::I18n(_) => TEXT_KEY.to_owned(),
        _ => label.to_owned(),
    }
}

/// Sets every finding's start and end `(line, column)` in one pass over their offsets in
/// order: a column is counted on from the previous offset on the same line rather than from
/// the line start, so many findings on one long line cost linear time, not quadratic.
fn locate(findings: &mut [DocumentFinding], src: &str, index: &LineIndex) {
    let mut offsets: Vec<(usize, usize, bool)> = findings
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            [
                (f.file_span.start.min(src.len()), i, false),
                (f.file_span.end.min(src.len()), i, true),
            ]
        })
        .collect();
    offsets.sort_unstable();
    let mut cursor: Option<(usize, (usize, usize))> = None;
    for (offset, i, is_end) in offsets {
        let position = match cursor {
            Some((at, (line, column)))
                if src.is_char_boundary(offset) && !src.as_bytes()[at..offset].contains(&b'\n') =>
            {
                (line, column + src[at..offset].chars().count())
            }
            _ => index.line_col(src, offset),
        };
        if src.is_char_boundary(offset) {
            cursor = Some((offset, position));
        }
        let f = &mut findings[i];
        if is_end {
            f.end = position;
        } else {
            f.start = position;
        }
    }
}

/// Splits a document into units.
fn units<'a>(doc: &'a Document, problems: &mut Vec<(Span, String)>) -> Vec<Unit<'a>> {
    let src: &str = &doc.text;
    match doc.kind {
        FileKind::Template(dialect) => vec![Unit {
            label: None,
            channel: doc.resolved_channel,
            syntax: dialect,
            text: Cow::Borrowed(src),
            source: Source::File { offset: 0 },
        }],
        // Payloads are checked whole by `Linter::check_payload`.
        FileKind::Payload => Vec::new(),
        FileKind::I18n(format) => {
            let (entries, issues) = i18n::extract(src, format);
            problems.extend(issues.into_iter().map(|i| (i.span, i.message)));
            entries
                .into_iter()
                .map(|e| {
                    let channel = kind::channel_of_key(&e.key).unwrap_or(doc.resolved_channel);
                    let syntax = phi_lint_syntax::template::sniff(&e.view);
                    let channel = if looks_like_html(&e.view) {
                        Channel::EmailHtml
                    } else {
                        channel
                    };
                    Unit {
                        label: Some(e.key),
                        channel,
                        syntax,
                        text: Cow::Owned(e.view),
                        source: Source::File {
                            offset: e.span.start,
                        },
                    }
                })
                .collect()
        }
        FileKind::Eml => {
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
                            (
                                Cow::Owned(text.to_string()),
                                Source::Decoded { text, at: p.span },
                            )
                        }
                        None => (
                            Cow::Borrowed(p.span.slice(src)),
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

/// True when `fix`, made for a unit's text, means the same in the file at `offset`: the file
/// holds what the unit read under every edit (an i18n string's view replaces escapes), and in
/// i18n strings, where quotes, backslashes and markup would need the format's escaping, the
/// new text has none of them.
fn fix_fits_file(fix: &Fix, kind: FileKind, unit: &str, src: &str, offset: usize) -> bool {
    let FileKind::I18n(_) = kind else { return true };
    fix.edits().iter().all(|e| {
        let file = src.get(e.span().shift(offset).range());
        file.is_some()
            && file == unit.get(e.span().range())
            && !e
                .content()
                .contains(['"', '\'', '\\', '<', '>', '&', '\n', '\r'])
    })
}

/// A unit-local span as a file span (decoded units map to their whole encoded part).
fn map_span(source: &Source, local: Span) -> Span {
    match source {
        Source::File { offset } => local.shift(*offset),
        Source::Decoded { at, .. } => *at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;
    use crate::message::Message;

    #[test]
    fn locate_agrees_with_the_line_index() {
        let src = "ab é\ncd—e\r\n\nxyz é é\n";
        let index = LineIndex::new(src);
        let linter = Linter::builder().build().unwrap();
        let finding = linter
            .check(&Message::sms("Your HIV test"))
            .into_findings()
            .remove(0);
        // Spans between every pair of byte offsets, character boundaries or not.
        let mut findings = Vec::new();
        for start in 0..=src.len() + 1 {
            for end in start..=src.len() + 1 {
                let span = Span::new(start, end);
                findings.push(placed(Item::Rule(finding.clone()), None, span, None, span));
            }
        }
        locate(&mut findings, src, &index);
        for f in &findings {
            assert_eq!(f.start, index.line_col(src, f.file_span.start), "{f:?}");
            assert_eq!(f.end, index.line_col(src, f.file_span.end), "{f:?}");
        }
    }
}
