//! Python bindings for the `phi_lint` library (import name `phi_lint`).
//!
//! Thin glue: every rule, every check and the findings' serialization are the library's own.
//! What is here is argument conversion, releasing the GIL while Rust works, spreading batches
//! over threads, and mapping build errors to Python exceptions with the miette text.

use std::borrow::Cow;
use std::num::NonZeroUsize;

use phi_lint::{BuildError, Channel, Dialect, Linter as RustLinter, Message, Part, Redaction};
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

/// A message text argument: a `str`, with a clear error for anything else.
fn text_arg<'a>(value: &'a Bound<'_, PyAny>, what: &str) -> PyResult<Cow<'a, str>> {
    let s = value.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what} must be str, not {}",
            value
                .get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string())
        ))
    })?;
    s.to_cow()
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

/// One violation of the minimize-PHI guidance. Immutable.
///
/// The fields are those of a finding in the CLI's JSON output (`code` is the JSON's `rule`),
/// plus `help`. `start` and `end` are UTF-8 byte offsets into the checked text, as in the CLI.
/// `excerpt` is redacted as the linter was configured: by default only the category label,
/// `"[diagnosis]"`, never message text.
#[pyclass(frozen, module = "phi_lint")]
struct Finding {
    inner: phi_lint::Finding,
}

#[pymethods]
impl Finding {
    /// The rule's code, e.g. `"DX001"`.
    #[getter]
    fn code(&self) -> &str {
        self.inner.code()
    }

    /// The rule's code (the name of this field in the CLI's JSON).
    #[getter]
    fn rule(&self) -> &str {
        self.inner.code()
    }

    /// The rule's kebab-case name.
    #[getter]
    fn name(&self) -> &str {
        self.inner.name()
    }

    /// The taxonomy category (`"diagnosis"`, `"url_phi"`, `"compliance"`, …).
    #[getter]
    fn category(&self) -> &'static str {
        self.inner.category().as_str()
    }

    /// `"error"`, `"warning"` or `"info"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity().as_str()
    }

    /// What the finding says (never quotes the message).
    #[getter]
    fn message(&self) -> String {
        self.inner.message()
    }

    /// One line on what to do instead.
    #[getter]
    fn help(&self) -> &str {
        self.inner.help()
    }

    /// UTF-8 byte offset where the finding starts.
    #[getter]
    fn start(&self) -> usize {
        self.inner.span().start
    }

    /// UTF-8 byte offset where the finding ends (exclusive).
    #[getter]
    fn end(&self) -> usize {
        self.inner.span().end
    }

    /// `"text"`, `"url"`, `"variable"`, `"metadata"` or `"payload"`.
    #[getter]
    fn location(&self) -> &'static str {
        self.inner.location().as_str()
    }

    /// The index of the message part (0 for single-part checks).
    #[getter]
    fn part(&self) -> usize {
        self.inner.part()
    }

    /// The excerpt, redacted as configured (default: the category label only).
    #[getter]
    fn excerpt(&self) -> &str {
        self.inner.excerpt()
    }

    /// The finding as the CLI's JSON writes it (a dict).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner)
    }

    // No excerpt here: a repr ends up in logs, and an unredacted excerpt is message text.
    fn __repr__(&self) -> String {
        let f = &self.inner;
        format!(
            "Finding(code={:?}, category={:?}, severity={:?}, location={:?}, part={}, start={}, end={})",
            f.code(),
            f.category().as_str(),
            f.severity().as_str(),
            f.location().as_str(),
            f.part(),
            f.span().start,
            f.span().end
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<Finding>().is_ok_and(|o| {
            let (a, b) = (&self.inner, &o.get().inner);
            a.code() == b.code()
                && a.severity() == b.severity()
                && a.part() == b.part()
                && a.location() == b.location()
                && a.span() == b.span()
                && a.message() == b.message()
                && a.excerpt() == b.excerpt()
        })
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let f = &self.inner;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (f.code(), f.part(), f.span().start, f.span().end).hash(&mut h);
        h.finish()
    }
}

/// The result of one check: `findings` sorted by part and position, plus reading `issues`.
///
/// A report is truthy when it has findings. `blocks("warning")` is the pre-send question:
/// is there a finding at or above that severity?
#[pyclass(frozen, module = "phi_lint")]
struct Report {
    inner: phi_lint::Report,
    findings: PyOnceLock<Py<PyTuple>>,
}

impl Report {
    fn new(inner: phi_lint::Report) -> Report {
        Report {
            inner,
            findings: PyOnceLock::new(),
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
        let items = self
            .inner
            .findings()
            .iter()
            .map(|f| Py::new(py, Finding { inner: f.clone() }))
            .collect::<PyResult<Vec<_>>>()?;
        let tuple = PyTuple::new(py, items)?.unbind();
        Ok(self.findings.get_or_init(py, || tuple).bind(py).clone())
    }

    /// Problems met while reading the input (an unclosed template tag, malformed JSON): a tuple
    /// of dicts with `part`, `span` (start, end) and `message`. Never fatal.
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let items = self
            .inner
            .issues()
            .iter()
            .map(|i| serde_to_python(py, i))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, items)
    }

    /// True when nothing was found.
    #[getter]
    fn is_clean(&self) -> bool {
        self.inner.is_clean()
    }

    /// The highest severity found (`"error"`, `"warning"`, `"info"`), or None.
    #[getter]
    fn max_severity(&self) -> Option<&'static str> {
        self.inner.max_severity().map(phi_lint::Severity::as_str)
    }

    /// True when a finding is at or above `severity` (`"error"`, `"warning"` or `"info"`):
    /// the message should not be sent as it is.
    #[pyo3(signature = (severity = "warning"))]
    fn blocks(&self, severity: &str) -> PyResult<bool> {
        Ok(self.inner.blocks(self::severity(severity)?))
    }

    /// The report as the library serializes it: `{"findings": [...], "issues": [...]}`, each
    /// finding with the fields of the CLI's JSON.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        serde_to_python(py, &self.inner)
    }

    fn __len__(&self) -> usize {
        self.inner.findings().len()
    }

    fn __bool__(&self) -> bool {
        !self.inner.is_clean()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.findings(py)?.as_any().try_iter()?.into_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "Report(findings={}, max_severity={:?}, issues={})",
            self.inner.findings().len(),
            self.inner.max_severity().map(phi_lint::Severity::as_str),
            self.inner.issues().len()
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
}

impl Linter {
    fn check_message(&self, py: Python<'_>, message: &Message<'_>) -> Report {
        Report::new(py.detach(|| self.linter.check(message)))
    }
}

/// Checks each text as one part of `channel`, spread over `jobs` threads, in input order.
fn check_all(
    linter: &RustLinter,
    texts: &[String],
    channel: Channel,
    jobs: usize,
) -> Vec<phi_lint::Report> {
    let check = |text: &String| linter.check(&Message::new().part(Part::new(channel, text)));
    // Below a few hundred messages a thread costs more than it saves.
    let jobs = jobs.min(texts.len() / 256).max(1);
    if jobs == 1 {
        return texts.iter().map(check).collect();
    }
    let chunk = texts.len().div_ceil(jobs);
    std::thread::scope(|scope| {
        let workers: Vec<_> = texts
            .chunks(chunk)
            .map(|slice| scope.spawn(move || slice.iter().map(check).collect::<Vec<_>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[pymethods]
impl Linter {
    #[new]
    #[pyo3(signature = (config = None, *, select = None, ignore = None, allow_terms = None, redaction = "label", baa_providers = None))]
    fn new(
        config: Option<&Bound<'_, PyAny>>,
        select: Option<Vec<String>>,
        ignore: Option<Vec<String>>,
        allow_terms: Option<Vec<String>>,
        redaction: &str,
        baa_providers: Option<Vec<String>>,
    ) -> PyResult<Linter> {
        let mut builder = match config {
            None => RustLinter::builder(),
            Some(_) => {
                return Err(PyValueError::new_err("config= is not supported yet"));
            }
        };
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
        Ok(Linter { linter })
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
    ) -> PyResult<Report> {
        let text = text_arg(text, "text")?;
        let part = Part::new(self::channel(channel)?, &text).syntax(dialect(syntax)?);
        Ok(self.check_message(py, &Message::new().part(part)))
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
    ) -> PyResult<Report> {
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
        Ok(self.check_message(py, &message))
    }

    /// Checks one URL (a link about to be sent).
    fn check_url(&self, py: Python<'_>, url: &Bound<'_, PyAny>) -> PyResult<Report> {
        let url = text_arg(url, "url")?;
        Ok(self.check_message(py, &Message::url(&url)))
    }

    /// Checks a provider send payload (SendGrid, Twilio, Mailgun, Postmark, SES): a JSON
    /// string, or a dict (serialized with `json.dumps` first; spans then refer to that text).
    fn check_payload(&self, py: Python<'_>, payload: &Bound<'_, PyAny>) -> PyResult<Report> {
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
        Ok(Report::new(py.detach(|| self.linter.check_payload(&json))))
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
    ) -> PyResult<Vec<Report>> {
        let channel = self::channel(channel)?;
        let jobs = match jobs {
            Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        };
        let mut owned = Vec::new();
        for (i, item) in texts.try_iter()?.enumerate() {
            let item = item?;
            owned.push(text_arg(&item, &format!("item {i}"))?.into_owned());
        }
        let reports = py.detach(|| check_all(&self.linter, &owned, channel, jobs));
        Ok(reports.into_iter().map(Report::new).collect())
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
    m.add_class::<Linter>()?;
    m.add_class::<Report>()?;
    m.add_class::<Finding>()?;
    m.add("ConfigError", m.py().get_type::<ConfigError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
