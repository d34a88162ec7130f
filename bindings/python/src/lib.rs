//! Python bindings for the `phi_lint` library (import name `phi_lint`).
//!
//! Thin glue: every rule, every check and the findings' serialization are the library's own.
//! What is here is argument conversion, releasing the GIL while Rust works, spreading batches
//! over threads, and mapping build errors to Python exceptions with the miette text.

use std::borrow::Cow;
use std::num::NonZeroUsize;

use phi_lint::document::Item as DocItem;
use phi_lint::{
    BuildError, Channel, Config, Dialect, Document, DocumentFinding, DocumentReport,
    Linter as RustLinter, Message, Part, Redaction,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString, PyTuple};

create_exception!(
    phi_lint,
    ConfigError,
    PyValueError,
    "A configuration, rule pack or selector error. The message is the full diagnostic, with \
     the file and line when there is one. Never raised for message content."
);

/// Renders a diagnostic the way the CLI does (without colours), for an exception message.
fn render(diagnostic: &dyn miette::Diagnostic) -> String {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let mut out = String::new();
    match handler.render_report(&mut out, diagnostic) {
        Ok(()) => out.trim_end().to_owned(),
        Err(_) => diagnostic.to_string(),
    }
}

fn build_error(e: &BuildError) -> PyErr {
    ConfigError::new_err(render(e))
}

fn channel(name: &str) -> PyResult<Channel> {
    Channel::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown channel {name:?}: use sms, push, email_subject, email_text, email_html or url"
        ))
    })
}

fn dialect(name: Option<&str>) -> PyResult<Dialect> {
    match name {
        None => Ok(Dialect::Plain),
        Some(name) => Dialect::from_name(name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "unknown syntax {name:?}: use handlebars, liquid, jinja, erb, gotemplate, \
                 mailchimp, twilio-content, placeholder or plain"
            ))
        }),
    }
}

fn severity(name: &str) -> PyResult<phi_lint::Severity> {
    phi_lint::Severity::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown severity {name:?}: use error, warning or info"
        ))
    })
}

fn redaction(name: &str) -> PyResult<Redaction> {
    match name {
        "label" => Ok(Redaction::Label),
        "mask" => Ok(Redaction::Mask),
        "none" => Ok(Redaction::None),
        _ => Err(PyValueError::new_err(format!(
            "unknown redaction {name:?}: use label, mask or none"
        ))),
    }
}

/// A message text argument: a `str`, with a clear error for anything else. `what` names the
/// argument in that error (formatted only then: `check_many` passes one for every item).
fn text_arg<'a>(
    value: &'a Bound<'_, PyAny>,
    what: impl std::fmt::Display,
) -> PyResult<Cow<'a, str>> {
    let s = value.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be str, not {}",
            value
                .get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })?;
    match borrow_utf8(s) {
        Some(text) => text.map(Cow::Borrowed),
        None => s.to_cow(),
    }
}

/// Whether the running Python has `PyUnicode_AsUTF8AndSize` in its stable ABI (3.10 on); set
/// when the module is imported.
static BORROWS_UTF8: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

// Declared here because pyo3 hides it from an abi3-py39 build, where its `to_cow` copies every
// string through a new `bytes` object: the one copy that costs as much as the FFI call itself.
unsafe extern "C" {
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const std::ffi::c_char;
}

/// The UTF-8 text of `s` without a copy (CPython keeps it with the string, and for ASCII it is
/// the string's own data), or None before Python 3.10.
fn borrow_utf8<'a>(s: &'a Bound<'_, PyString>) -> Option<PyResult<&'a str>> {
    if !BORROWS_UTF8.get().copied().unwrap_or(false) {
        return None;
    }
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live `str` and the GIL is held. The returned buffer belongs to the string
    // (immutable) and lives as long as it does: as long as the borrow of `s`.
    let data = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
    Some(if data.is_null() {
        // A lone surrogate: the UnicodeEncodeError that `to_cow` raises too.
        Err(PyErr::fetch(s.py()))
    } else {
        let len = usize::try_from(size).unwrap_or(0);
        // SAFETY: CPython returns `size` bytes of valid UTF-8 at `data`.
        Ok(unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(data.cast(), len)) })
    })
}

/// The library's serde output as Python objects (dicts keep the serializer's field order).
fn serde_to_python<'py, T: serde::Serialize>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_string(value)
        .map_err(|e| PyValueError::new_err(format!("cannot serialize: {e}")))?;
    py.import("json")?.call_method1("loads", (json,))
}

/// What a Python `Finding` wraps: a finding in a message, or one placed in a file.
enum Item {
    Message(phi_lint::Finding),
    File(DocumentFinding),
}

/// One violation of the minimize-PHI guidance. Immutable.
///
/// The fields are those of a finding in the CLI's JSON output (`code` is the JSON's `rule`),
/// plus `help`. `start` and `end` are UTF-8 byte offsets into the checked text (for
/// `check_file`, into the file), as in the CLI. `excerpt` is redacted as the linter was
/// configured: by default only the category label, `"[diagnosis]"`, never message text.
/// Findings from `check_file` also have `line`, `column` and `label` (the i18n key or MIME
/// part); for the other checks these are None.
#[pyclass(frozen, module = "phi_lint")]
struct Finding {
    item: Item,
}

impl Finding {
    fn code_str(&self) -> &str {
        match &self.item {
            Item::Message(f) => f.code(),
            Item::File(f) => f.code(),
        }
    }

    fn severity_value(&self) -> phi_lint::Severity {
        match &self.item {
            Item::Message(f) => f.severity(),
            Item::File(f) => f.severity(),
        }
    }

    fn span(&self) -> phi_lint::Span {
        match &self.item {
            Item::Message(f) => f.span(),
            Item::File(f) => f.file_span,
        }
    }

    fn category_str(&self) -> &'static str {
        match &self.item {
            Item::Message(f) => f.category().as_str(),
            Item::File(f) => f.category(),
        }
    }

    fn location_str(&self) -> &'static str {
        match &self.item {
            Item::Message(f) => f.location().as_str(),
            Item::File(f) => f.location(),
        }
    }

    fn part_index(&self) -> usize {
        match &self.item {
            Item::Message(f) => f.part(),
            Item::File(_) => 0,
        }
    }

    fn excerpt_str(&self) -> &str {
        match &self.item {
            Item::Message(f)
            | Item::File(DocumentFinding {
                item: DocItem::Rule(f),
                ..
            }) => f.excerpt(),
            Item::File(_) => "",
        }
    }
}

#[pymethods]
impl Finding {
    /// The rule's code, e.g. `"DX001"`.
    #[getter]
    fn code(&self) -> &str {
        self.code_str()
    }

    /// The rule's code (the name of this field in the CLI's JSON).
    #[getter]
    fn rule(&self) -> &str {
        self.code_str()
    }

    /// The rule's kebab-case name.
    #[getter]
    fn name(&self) -> &str {
        match &self.item {
            Item::Message(f) => f.name(),
            Item::File(f) => f.name(),
        }
    }

    /// The taxonomy category (`"diagnosis"`, `"url_phi"`, `"compliance"`, …).
    #[getter]
    fn category(&self) -> &'static str {
        self.category_str()
    }

    /// `"error"`, `"warning"` or `"info"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.severity_value().as_str()
    }

    /// What the finding says (never quotes the message).
    #[getter]
    fn message(&self) -> String {
        match &self.item {
            Item::Message(f) => f.message(),
            Item::File(f) => f.message(),
        }
    }

    /// One line on what to do instead.
    #[getter]
    fn help(&self) -> &str {
        match &self.item {
            Item::Message(f) => f.help(),
            Item::File(f) => f.help(),
        }
    }

    /// UTF-8 byte offset where the finding starts.
    #[getter]
    fn start(&self) -> usize {
        self.span().start
    }

    /// UTF-8 byte offset where the finding ends (exclusive).
    #[getter]
    fn end(&self) -> usize {
        self.span().end
    }

    /// `"text"`, `"url"`, `"variable"`, `"metadata"` or `"payload"`.
    #[getter]
    fn location(&self) -> &'static str {
        self.location_str()
    }

    /// The index of the message part (0 for single-part checks and files).
    #[getter]
    fn part(&self) -> usize {
        self.part_index()
    }

    /// The excerpt, redacted as configured (default: the category label only).
    #[getter]
    fn excerpt(&self) -> &str {
        self.excerpt_str()
    }

    /// `check_file` only: the 1-based line of the start in the file.
    #[getter]
    fn line(&self) -> Option<usize> {
        match &self.item {
            Item::Message(_) => None,
            Item::File(f) => Some(f.start.0),
        }
    }

    /// `check_file` only: the 1-based column (in characters) of the start in the file.
    #[getter]
    fn column(&self) -> Option<usize> {
        match &self.item {
            Item::Message(_) => None,
            Item::File(f) => Some(f.start.1),
        }
    }

    /// `check_file` only: the i18n key path or MIME part, when the file has several units.
    #[getter]
    fn label(&self) -> Option<&str> {
        match &self.item {
            Item::Message(_) => None,
            Item::File(f) => f.label.as_deref(),
        }
    }

    /// The finding as the CLI's JSON writes it (a dict).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.item {
            Item::Message(f) => serde_to_python(py, f),
            // The library's machine record, as `phi-lint check --format json` writes it: no
            // excerpt and the text-free `part` key (an i18n key or msgid can be message text).
            Item::File(f) => serde_to_python(py, f),
        }
    }

    // No excerpt here: a repr ends up in logs, and an unredacted excerpt is message text.
    fn __repr__(&self) -> String {
        let span = self.span();
        format!(
            "Finding(code={:?}, category={:?}, severity={:?}, location={:?}, part={}, start={}, end={})",
            self.code_str(),
            self.category_str(),
            self.severity_value().as_str(),
            self.location_str(),
            self.part_index(),
            span.start,
            span.end
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Finding>().is_ok_and(|o| {
            let (a, b) = (self, o.get());
            a.code_str() == b.code_str()
                && a.severity_value() == b.severity_value()
                && a.part_index() == b.part_index()
                && a.location_str() == b.location_str()
                && a.span() == b.span()
                && a.message() == b.message()
                && a.excerpt_str() == b.excerpt_str()
        })
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let span = self.span();
        (self.code_str(), self.part_index(), span.start, span.end).hash(&mut h);
        h.finish()
    }
}

/// What a Python `Report` wraps: the report of a message, or of a file.
enum Checked {
    Message(phi_lint::Report),
    File(DocumentReport),
}

/// The result of one check: `findings` sorted by part and position, plus reading `issues`.
///
/// A report is truthy when it has findings. `blocks("warning")` is the pre-send question:
/// is there a finding at or above that severity? For `check_file`, findings silenced by an
/// inline `phi-lint: ignore` directive are left out.
#[pyclass(frozen, module = "phi_lint")]
struct Report {
    checked: Checked,
    findings: PyOnceLock<Py<PyTuple>>,
}

impl Report {
    fn new(checked: Checked) -> Report {
        Report {
            checked,
            findings: PyOnceLock::new(),
        }
    }

    fn message(report: phi_lint::Report) -> Report {
        Report::new(Checked::Message(report))
    }

    fn severities(&self) -> Vec<phi_lint::Severity> {
        match &self.checked {
            Checked::Message(r) => r
                .findings()
                .iter()
                .map(phi_lint::Finding::severity)
                .collect(),
            Checked::File(r) => r
                .findings()
                .iter()
                .filter(|f| f.active())
                .map(DocumentFinding::severity)
                .collect(),
        }
    }
}

#[pymethods]
impl Report {
    /// The findings (a tuple of frozen `Finding`s), sorted by part and start offset.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        if let Some(t) = self.findings.get(py) {
            return Ok(t.bind(py).clone());
        }
        let items: Vec<Item> = match &self.checked {
            Checked::Message(r) => r.findings().iter().cloned().map(Item::Message).collect(),
            Checked::File(r) => r
                .findings()
                .iter()
                .filter(|f| f.active())
                .cloned()
                .map(Item::File)
                .collect(),
        };
        let items = items
            .into_iter()
            .map(|item| Py::new(py, Finding { item }))
            .collect::<PyResult<Vec<_>>>()?;
        let tuple = PyTuple::new(py, items)?.unbind();
        Ok(self.findings.get_or_init(py, || tuple).bind(py).clone())
    }

    /// Problems met while reading the input (an unclosed template tag, malformed JSON): a tuple
    /// of dicts (`part`, `span` and `message`; for files `line`, `column` and `message`).
    /// Never fatal.
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items = match &self.checked {
            Checked::Message(r) => r
                .issues()
                .iter()
                .map(|i| serde_to_python(py, i))
                .collect::<PyResult<Vec<_>>>()?,
            Checked::File(r) => r
                .problems()
                .iter()
                .map(|p| {
                    let problem = serde_json::json!({
                        "line": p.line, "column": p.column, "message": p.message,
                    });
                    serde_to_python(py, &problem)
                })
                .collect::<PyResult<Vec<_>>>()?,
        };
        PyTuple::new(py, items)
    }

    /// True when nothing was found.
    #[getter]
    fn is_clean(&self) -> bool {
        self.severities().is_empty()
    }

    /// The highest severity found (`"error"`, `"warning"`, `"info"`), or None.
    #[getter]
    fn max_severity(&self) -> Option<&'static str> {
        self.severities()
            .into_iter()
            .max()
            .map(phi_lint::Severity::as_str)
    }

    /// True when a finding is at or above `severity` (`"error"`, `"warning"` or `"info"`):
    /// the message should not be sent as it is.
    #[pyo3(signature = (severity = "warning"))]
    fn blocks(&self, severity: &str) -> PyResult<bool> {
        let threshold = self::severity(severity)?;
        Ok(match &self.checked {
            Checked::Message(r) => r.blocks(threshold),
            Checked::File(r) => r.blocks(threshold),
        })
    }

    /// The report as the library serializes it: `{"findings": [...], "issues": [...]}`, each
    /// finding with the fields of the CLI's JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.checked {
            Checked::Message(r) => serde_to_python(py, r),
            Checked::File(_) => {
                let dict = PyDict::new(py);
                let findings = self
                    .findings(py)?
                    .iter()
                    .map(|f| f.cast::<Finding>().map_err(PyErr::from)?.get().to_dict(py))
                    .collect::<PyResult<Vec<_>>>()?;
                dict.set_item("findings", findings)?;
                dict.set_item("issues", self.issues(py)?.to_list())?;
                Ok(dict.into_any())
            }
        }
    }

    fn __len__(&self) -> usize {
        self.severities().len()
    }

    fn __bool__(&self) -> bool {
        !self.severities().is_empty()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.findings(py)?.as_any().try_iter()?.into_any())
    }

    fn __repr__(&self) -> String {
        let issues = match &self.checked {
            Checked::Message(r) => r.issues().len(),
            Checked::File(r) => r.problems().len(),
        };
        format!(
            "Report(findings={}, max_severity={:?}, issues={issues})",
            self.severities().len(),
            self.max_severity(),
        )
    }
}

/// Checks outbound messages for protected health information.
///
/// Build one at start-up (it compiles every rule pack, ~20 ms) and share it: it is immutable
/// and safe to use from many threads; checks release the GIL.
///
/// Args:
///     config: None for the built-in rules; a path to a `.phi-lint.toml` (or `pyproject.toml`
///         with `[tool.phi-lint]`); or a dict with the same keys as that file.
///     select: rule codes, code prefixes, names or categories to enable (default: all).
///     ignore: selectors to disable.
///     allow_terms: terms your organisation accepts (its legal name, say).
///     redaction: how much message text excerpts may show: "label" (default, the category
///         only), "mask" or "none" (raw text; local debugging only).
///     baa_providers: providers covered by a business associate agreement.
///
/// Raises:
///     ConfigError: a broken configuration, rule pack or unknown selector, with the diagnostic.
#[pyclass(frozen, module = "phi_lint")]
struct Linter {
    linter: RustLinter,
    /// The configuration the linter was built from: `check_file` applies its `[channels]` and
    /// `[[per-path]]` settings.
    config: Option<Config>,
}

/// The configuration named by the `config` argument: a path to a file, or a dict of its keys.
fn load_config(py: Python<'_>, config: &Bound<'_, PyAny>) -> PyResult<Config> {
    let loaded = if config.is_instance_of::<PyDict>() {
        // A dict has the keys of `.phi-lint.toml`: written as TOML and read by the library's
        // one configuration reader, so a dict is validated exactly like a file.
        let json: String = py
            .import("json")?
            .call_method1("dumps", (config,))?
            .extract()?;
        let value: serde_json::Value = serde_json::from_str(&json)
            .map_err(|e| PyValueError::new_err(format!("config dict: {e}")))?;
        let text = toml::to_string(&value).map_err(|e| {
            ConfigError::new_err(format!("config dict cannot be written as TOML: {e}"))
        })?;
        let origin = std::env::current_dir()?.join("<config dict>");
        Config::from_toml(&text, &origin)
    } else {
        let path: std::path::PathBuf = config.extract().map_err(|_| {
            PyTypeError::new_err("config must be None, a path (str or os.PathLike) or a dict")
        })?;
        Config::load(&path)
    };
    loaded.map_err(|e| ConfigError::new_err(render(&e)))
}

impl Linter {
    fn check_message(&self, py: Python<'_>, message: &Message<'_>) -> PyResult<Py<Report>> {
        reported(py, py.detach(|| self.linter.check(message)))
    }
}

/// The Python object of a message report: its own, or — when nothing at all was found — the
/// one shared clean report. Making an object costs a good part of checking a short clean SMS,
/// and clean is the common case before sending; a report is immutable, so sharing it shows
/// only by identity.
fn reported(py: Python<'_>, report: phi_lint::Report) -> PyResult<Py<Report>> {
    static CLEAN: PyOnceLock<Py<Report>> = PyOnceLock::new();
    if report.is_clean() && report.issues().is_empty() {
        let clean = CLEAN.get_or_try_init(py, || Py::new(py, Report::message(report)))?;
        return Ok(clean.clone_ref(py));
    }
    Py::new(py, Report::message(report))
}

#[pymethods]
impl Linter {
    #[new]
    #[pyo3(signature = (config = None, *, select = None, ignore = None, allow_terms = None, redaction = "label", baa_providers = None))]
    fn new(
        py: Python<'_>,
        config: Option<&Bound<'_, PyAny>>,
        select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
        allow_terms: Option<Vec<String>>,
        redaction: &str,
        baa_providers: Option<Vec<String>>,
    ) -> PyResult<Linter> {
        let config = config.map(|c| load_config(py, c)).transpose()?;
        let mut builder = config
            .as_ref()
            .map_or_else(RustLinter::builder, Config::linter_builder);
        builder = builder.redaction(self::redaction(redaction)?);
        if let Some(select) = select {
            builder = builder.select(select);
        }
        if let Some(ignore) = ignore {
            builder = builder.ignore(ignore);
        }
        if let Some(terms) = allow_terms {
            builder = builder.allow_terms(terms);
        }
        if let Some(providers) = baa_providers {
            builder = builder.baa_providers(providers);
        }
        let linter = builder.build().map_err(|e| build_error(&e))?;
        Ok(Linter { linter, config })
    }

    /// Checks one message part: `channel` is "sms" (default), "push", "email_subject",
    /// "email_text", "email_html" or "url"; `syntax` a template dialect ("handlebars",
    /// "liquid", "jinja", …) when `text` is a template rather than a rendered message.
    #[pyo3(signature = (text, channel = "sms", syntax = None))]
    fn check(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        channel: &str,
        syntax: Option<&str>,
    ) -> PyResult<Py<Report>> {
        let text = text_arg(text, "text")?;
        let part = Part::new(self::channel(channel)?, &text).syntax(dialect(syntax)?);
        self.check_message(py, &Message::new().part(part))
    }

    /// Checks an email (or any message) of several parts in one call: `subject`, plain
    /// `text` and `html` bodies, each optional. `part` in the findings counts the given parts
    /// in that order.
    #[pyo3(name = "check_message", signature = (*, subject = None, text = None, html = None))]
    fn py_check_message(
        &self,
        py: Python<'_>,
        subject: Option<&Bound<'_, PyAny>>,
        text: Option<&Bound<'_, PyAny>>,
        html: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<Report>> {
        let subject = subject.map(|s| text_arg(s, "subject")).transpose()?;
        let text = text.map(|s| text_arg(s, "text")).transpose()?;
        let html = html.map(|s| text_arg(s, "html")).transpose()?;
        let mut message = Message::new();
        if let Some(s) = &subject {
            message = message.subject(s);
        }
        if let Some(s) = &text {
            message = message.text(s);
        }
        if let Some(s) = &html {
            message = message.html(s);
        }
        self.check_message(py, &message)
    }

    /// Checks one URL (a link about to be sent).
    fn check_url(&self, py: Python<'_>, url: &Bound<'_, PyAny>) -> PyResult<Py<Report>> {
        let url = text_arg(url, "url")?;
        self.check_message(py, &Message::url(&url))
    }

    /// Checks a provider send payload (SendGrid, Twilio, Mailgun, Postmark, SES): a JSON
    /// string, or a dict (serialized with `json.dumps` first; spans then refer to that text).
    fn check_payload(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Py<Report>> {
        let json: Cow<'_, str> = if payload.is_instance_of::<PyString>() {
            text_arg(payload, "payload")?
        } else if payload.is_instance_of::<PyDict>() {
            let dumped = py.import("json")?.call_method1("dumps", (payload,))?;
            Cow::Owned(dumped.extract::<String>()?)
        } else {
            return Err(PyTypeError::new_err(format!(
                "payload must be dict or str, not {}",
                payload.get_type().name()?
            )));
        };
        reported(py, py.detach(|| self.linter.check_payload(&json)))
    }

    /// Checks many texts of one channel, in parallel without the GIL, and returns one Report
    /// per text in input order. `jobs` threads (default: every core). Raises TypeError before
    /// any work if an item is not a str: nothing is ever dropped.
    #[pyo3(signature = (texts, channel = "sms", jobs = None))]
    fn check_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        channel: &str,
        jobs: Option<usize>,
    ) -> PyResult<Vec<Py<Report>>> {
        let channel = self::channel(channel)?;
        let jobs = match jobs {
            Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        };
        // The items are held here, so the texts borrowed from them outlive the GIL's release.
        let items = texts.try_iter()?.collect::<PyResult<Vec<_>>>()?;
        let texts = items
            .iter()
            .enumerate()
            .map(|(i, item)| text_arg(item, format_args!("item {i}")))
            .collect::<PyResult<Vec<_>>>()?;
        let reports = py.detach(|| {
            self.linter.check_many(&texts, jobs, |text| {
                Message::new().part(Part::new(channel, text))
            })
        });
        reports.into_iter().map(|r| reported(py, r)).collect()
    }

    /// Checks a template or message file the way `phi-lint check` does: its kind, channel
    /// and template dialect from its path and content (i18n files string by string, `.eml`
    /// part by part, provider payloads as payloads), the configuration's `[channels]` and
    /// `[[per-path]]` settings, and inline `phi-lint: ignore` directives. `start`/`end` are
    /// byte offsets in the file; `line`, `column` and `label` say where. An unreadable file
    /// raises `OSError`.
    fn check_file(&self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<Report> {
        let doc = py.detach(|| Document::from_path(&path))?;
        let doc = match &self.config {
            Some(config) => config.configure(doc),
            None => doc,
        };
        Ok(Report::new(Checked::File(
            py.detach(|| self.linter.check_document(&doc)),
        )))
    }

    /// The codes of the enabled rules, in pack order.
    #[getter]
    fn rules(&self) -> Vec<String> {
        self.linter.rules().map(|r| r.code.clone()).collect()
    }

    fn __repr__(&self) -> String {
        format!("Linter(rules={})", self.linter.rules().count())
    }
}

/// The native module; `phi_lint` re-exports it.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Before 3.10 `PyUnicode_AsUTF8AndSize` is outside the stable ABI: copy strings there.
    let _ = BORROWS_UTF8.set(m.py().version_info() >= (3, 10));
    m.add_class::<Linter>()?;
    m.add_class::<Report>()?;
    m.add_class::<Finding>()?;
    m.add("ConfigError", m.py().get_type::<ConfigError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
