//! Node.js bindings for phi-lint: the pre-send PHI check as an in-process call.
//!
//! A thin layer over the `phi_lint` library: options are parsed into a [`phi_lint::LinterBuilder`],
//! reports keep the library's [`phi_lint::Report`] and findings reach JavaScript through the
//! library's own serde serialization (the same fields as the CLI's JSON). Nothing here decides
//! what is PHI.

use std::cell::Cell;
use std::num::NonZeroUsize;
use std::path::Path;
use std::ptr;
use std::thread;

use napi::bindgen_prelude::*;
use napi_derive::napi;
use phi_lint::{
    Channel, Config, Dialect, Document, DocumentFinding, DocumentReport, Message, Part, Redaction,
    Severity,
};

/// Options of `new Linter(options)`.
#[napi(object)]
#[derive(Default)]
pub struct LinterOptions {
    /// A project configuration: the path of a `.phi-lint.toml` / `phi-lint.toml` /
    /// `pyproject.toml`, a directory to discover the closest one from (as the CLI does), or an
    /// object with the file's keys (`{ ignore: ['URL005'], 'baa-providers': ['twilio'] }`).
    /// The options below apply on top of it.
    #[napi(ts_type = "string | Record<string, unknown>")]
    pub config: Option<serde_json::Value>,
    /// Enable only these rules: codes (`DX001`), code prefixes (`DX`), names or categories.
    pub select: Option<Vec<String>>,
    /// Enable these rules in addition to the selection (opt-in rules are named here).
    pub extend_select: Option<Vec<String>>,
    /// Disable these rules (codes, prefixes, names or categories).
    pub ignore: Option<Vec<String>>,
    /// Terms your organisation accepts (its legal name, say): findings inside them are dropped.
    pub allow_terms: Option<Vec<String>>,
    /// Providers covered by a business associate agreement (`twilio`, `sendgrid`, `ses`, …).
    pub baa_providers: Option<Vec<String>>,
    /// How much message text a finding's excerpt shows: `label` (default, `[diagnosis]`),
    /// `mask` (surrounding words, findings masked) or `none` (raw text: local debugging only).
    #[napi(ts_type = "Redaction")]
    pub redaction: Option<String>,
}

impl LinterOptions {
    /// The option names JavaScript may pass (a misspelt option is an error, not a no-op).
    const KEYS: &[&str] = &[
        "config",
        "select",
        "extendSelect",
        "ignore",
        "allowTerms",
        "baaProviders",
        "redaction",
    ];
}

/// Options of `check(text, options)`.
#[napi(object)]
pub struct CheckOptions {
    /// Where the text is delivered (default `sms`, the strictest).
    #[napi(ts_type = "Channel")]
    pub channel: Option<String>,
    /// The template dialect of the text (default `plain`: a rendered message).
    #[napi(ts_type = "Syntax")]
    pub syntax: Option<String>,
}

/// An email for `checkMessage`: any of subject line, plain-text body and HTML body.
#[napi(object)]
pub struct EmailMessage {
    /// The subject line.
    pub subject: Option<String>,
    /// The plain-text body.
    pub text: Option<String>,
    /// The HTML body.
    pub html: Option<String>,
    /// The template dialect of every part (default `plain`).
    #[napi(ts_type = "Syntax")]
    pub syntax: Option<String>,
}

/// One message for `checkMany`, when not a plain string.
#[napi(object)]
pub struct ManyItem {
    /// The text.
    pub text: String,
    /// Where it is delivered (default: the `channel` option of the call).
    #[napi(ts_type = "Channel")]
    pub channel: Option<String>,
    /// Its template dialect (default: the `syntax` option of the call).
    #[napi(ts_type = "Syntax")]
    pub syntax: Option<String>,
}

/// One finding, as the CLI's JSON prints it. Declared for TypeScript; the values are the
/// library's serde serialization of `phi_lint::Finding`.
#[napi(object, object_from_js = false)]
pub struct Finding {
    /// The rule's code (`DX001`).
    pub rule: String,
    /// The rule's kebab-case name.
    pub name: String,
    /// The taxonomy category.
    #[napi(ts_type = "Category")]
    pub category: String,
    /// Severity on this channel.
    #[napi(ts_type = "Severity")]
    pub severity: String,
    /// What is wrong (quotes no message text).
    pub message: String,
    /// Byte offset (UTF-8) of the start in the part's text.
    pub start: u32,
    /// Byte offset (UTF-8) of the end in the part's text.
    pub end: u32,
    /// Where in the part: visible text, a URL, a template variable, metadata, a payload setting.
    #[napi(ts_type = "'text' | 'url' | 'variable' | 'metadata' | 'payload'")]
    pub location: String,
    /// The index of the message part (`checkMessage`: in subject, text, html order of those given).
    pub part: u32,
    /// The excerpt, redacted as configured: `[diagnosis]` by default.
    pub excerpt: String,
}

/// A problem reading a part (an unclosed template tag, malformed payload JSON). Never fatal.
#[napi(object, object_from_js = false)]
pub struct Issue {
    /// The part index.
    pub part: u32,
    /// `[start, end]` byte offsets.
    #[napi(ts_type = "[number, number]")]
    pub span: Vec<u32>,
    /// What is wrong; quotes no input.
    pub message: String,
}

/// The result of one check: findings sorted by part and position, plus reading issues.
#[napi]
pub struct Report {
    inner: phi_lint::Report,
}

#[napi]
impl Report {
    /// The findings, as plain objects (a new array on each access: keep a reference).
    #[napi(getter, ts_return_type = "Finding[]")]
    pub fn findings<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        to_js(env, &self.inner.findings())
    }

    /// Problems met while reading the parts.
    #[napi(getter, ts_return_type = "Issue[]")]
    pub fn issues<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        to_js(env, &self.inner.issues())
    }

    /// True when nothing was found.
    #[napi(getter)]
    pub fn clean(&self) -> bool {
        self.inner.is_clean()
    }

    /// The highest severity found, or `null`.
    #[napi(getter, ts_return_type = "Severity | null")]
    pub fn max_severity(&self) -> Option<&'static str> {
        self.inner.max_severity().map(Severity::as_str)
    }

    /// True when a finding is at or above `threshold`: the message should not be sent as is.
    #[napi(ts_args_type = "threshold: Severity")]
    pub fn blocks(&self, threshold: String) -> Result<bool> {
        Ok(self.inner.blocks(parse_severity(&threshold)?))
    }

    /// `{ findings, issues }`, so that `JSON.stringify(report)` gives the CLI's JSON fields.
    #[napi(
        js_name = "toJSON",
        ts_return_type = "{ findings: Finding[]; issues: Issue[] }"
    )]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        to_js(env, &self.inner)
    }
}

/// One finding in a file, as `phi-lint check --format json` prints it. Declared for
/// TypeScript; the values are the library's serde serialization of its document findings.
#[napi(object, object_from_js = false)]
pub struct FileFinding {
    /// The path, as given to `checkFile`.
    pub path: String,
    /// The rule's code (`DX001`; `PL9xx` for a suppression directive problem).
    pub rule: String,
    /// The rule's kebab-case name.
    pub name: String,
    /// The taxonomy category (`suppression` for directive problems).
    #[napi(ts_type = "Category | 'suppression'")]
    pub category: String,
    /// True when the finding is PHI (not compliance or suppression).
    pub phi: bool,
    /// Severity on the file's channel.
    #[napi(ts_type = "Severity")]
    pub severity: String,
    /// What is wrong (quotes no file text).
    pub message: String,
    /// Where in the message: `text`, `url`, `variable`, `metadata`, `payload`, `comment`.
    pub location: String,
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column (characters) of the start.
    pub column: u32,
    /// 1-based line of the end.
    #[napi(js_name = "end_line")]
    pub end_line: u32,
    /// 1-based column of the end.
    #[napi(js_name = "end_column")]
    pub end_column: u32,
    /// Byte offset of the start in the file (in the decoded text for encoded MIME parts).
    pub start: u32,
    /// Byte offset of the end.
    pub end: u32,
    /// The i18n key path or MIME part, when the file has several.
    #[napi(ts_type = "string | null")]
    pub part: Option<String>,
    /// The baseline fingerprint (no PHI enters it).
    pub fingerprint: String,
    /// What a fix would do (`phi-lint check --fix` applies the safe ones); not the edit.
    #[napi(ts_type = "{ applicability: 'safe' | 'unsafe'; message: string } | null")]
    pub fix: Option<String>,
    /// Set when an inline directive or a baseline suppresses the finding.
    #[napi(ts_type = "{ kind: 'inline' | 'baseline'; reason: string } | null")]
    pub suppressed: Option<String>,
}

/// A problem reading a file (an unclosed tag, malformed JSON). Never fatal.
#[napi(object, object_from_js = false)]
pub struct Problem {
    /// The path, as given to `checkFile`.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// What is wrong; quotes no input.
    pub message: String,
}

/// A record placed in its file: the path, then the library's record fields.
#[derive(serde::Serialize)]
struct InFile<'a, T> {
    path: &'a str,
    #[serde(flatten)]
    record: &'a T,
}

/// The result of `checkFile`: findings placed in the file (suppressed ones included, marked).
#[napi]
pub struct FileReport {
    path: String,
    inner: DocumentReport,
}

#[napi]
impl FileReport {
    /// The path, as given.
    #[napi(getter)]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The findings, suppressed ones included (see `suppressed`), as plain objects.
    #[napi(getter, ts_return_type = "FileFinding[]")]
    pub fn findings<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        to_js(env, &self.in_file(self.inner.findings()))
    }

    /// Problems met while reading the file.
    #[napi(getter, ts_return_type = "Problem[]")]
    pub fn problems<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        to_js(env, &self.in_file(self.inner.problems()))
    }

    /// True when no finding counts (every finding, if any, is suppressed).
    #[napi(getter)]
    pub fn clean(&self) -> bool {
        self.active().next().is_none()
    }

    /// The highest severity of the findings that count, or `null`.
    #[napi(getter, ts_return_type = "Severity | null")]
    pub fn max_severity(&self) -> Option<&'static str> {
        self.active()
            .map(DocumentFinding::severity)
            .max()
            .map(Severity::as_str)
    }

    /// True when a finding that counts is at or above `threshold`.
    #[napi(ts_args_type = "threshold: Severity")]
    pub fn blocks(&self, threshold: String) -> Result<bool> {
        Ok(self.inner.blocks(parse_severity(&threshold)?))
    }

    /// `{ path, findings, problems }`.
    #[napi(
        js_name = "toJSON",
        ts_return_type = "{ path: string; findings: FileFinding[]; problems: Problem[] }"
    )]
    pub fn to_json<'env>(&self, env: &'env Env) -> Result<Unknown<'env>> {
        #[derive(serde::Serialize)]
        struct Whole<'a, F, P> {
            path: &'a str,
            findings: F,
            problems: P,
        }
        to_js(
            env,
            &Whole {
                path: &self.path,
                findings: self.in_file(self.inner.findings()),
                problems: self.in_file(self.inner.problems()),
            },
        )
    }
}

impl FileReport {
    fn active(&self) -> impl Iterator<Item = &DocumentFinding> {
        self.inner.findings().iter().filter(|f| f.active())
    }

    fn in_file<'a, T>(&'a self, records: &'a [T]) -> Vec<InFile<'a, T>> {
        records
            .iter()
            .map(|record| InFile {
                path: &self.path,
                record,
            })
            .collect()
    }
}

/// A report on its way to JavaScript: its own `Report` instance, or — when nothing at all was
/// found — the one shared clean report. Making a class instance costs more than checking a short
/// clean SMS, and clean is the common case before sending; the shared report is frozen, so
/// sharing it is unobservable except by identity.
pub enum Reported {
    /// A report with findings or issues.
    Own(Report),
    /// The shared clean report.
    Clean,
}

impl From<phi_lint::Report> for Reported {
    fn from(inner: phi_lint::Report) -> Self {
        if inner.is_clean() && inner.issues().is_empty() {
            Reported::Clean
        } else {
            Reported::Own(Report { inner })
        }
    }
}

impl TypeName for Reported {
    fn type_name() -> &'static str {
        "Report"
    }

    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl ToNapiValue for Reported {
    unsafe fn to_napi_value(env: sys::napi_env, val: Self) -> Result<sys::napi_value> {
        match val {
            // SAFETY: called by napi-rs with the current environment, like any conversion.
            Reported::Own(report) => unsafe { Report::to_napi_value(env, report) },
            Reported::Clean => clean_report(env),
        }
    }
}

thread_local! {
    /// The shared clean report of the JavaScript environment on this thread (each worker
    /// thread has its own), made on first use and kept for the environment's life.
    static CLEAN_REPORT: Cell<sys::napi_ref> = const { Cell::new(ptr::null_mut()) };
    /// `JSON.parse` of the environment on this thread.
    static JSON_PARSE: Cell<sys::napi_ref> = const { Cell::new(ptr::null_mut()) };
}

/// The value held in `slot` for this thread's environment, made by `make` on first use and
/// then kept by a strong reference for the environment's life.
fn cached(
    slot: &'static thread::LocalKey<Cell<sys::napi_ref>>,
    env: sys::napi_env,
    make: impl FnOnce(&Env) -> Result<sys::napi_value>,
) -> Result<sys::napi_value> {
    let mut value = ptr::null_mut();
    let reference = slot.get();
    if reference.is_null() {
        value = make(&Env::from_raw(env))?;
        let mut reference = ptr::null_mut();
        // SAFETY: `value` is a live value of `env`, the environment of this thread.
        check_status!(unsafe { sys::napi_create_reference(env, value, 1, &mut reference) })?;
        slot.set(reference);
    } else {
        // SAFETY: the reference was made in this thread's environment and is never deleted.
        check_status!(unsafe { sys::napi_get_reference_value(env, reference, &mut value) })?;
    }
    Ok(value)
}

fn clean_report(env: sys::napi_env) -> Result<sys::napi_value> {
    cached(&CLEAN_REPORT, env, |env| {
        let report = Report {
            inner: phi_lint::Report::default(),
        };
        let instance = report.into_instance(env)?.raw();
        // Its answers as own data properties, shadowing the class getters: reading
        // `report.clean` after `check()` is then a plain property read in JavaScript instead
        // of a call into the addon, which costs a fifth of checking a short SMS. Read-only and
        // not enumerable, as the getters are.
        // SAFETY: `instance` is a live object of this environment.
        let mut own: Object<'_> = unsafe { Object::from_napi_value(env.raw(), instance) }?;
        own.define_properties(&[
            Property::new()
                .with_utf8_name("clean")?
                .with_property_attributes(PropertyAttributes::Default)
                .with_napi_value(env, true)?,
            Property::new()
                .with_utf8_name("maxSeverity")?
                .with_property_attributes(PropertyAttributes::Default)
                .with_napi_value(env, Null)?,
        ])?;
        // `Object` is a function, which the checked getter would refuse as an object.
        let object: Object<'_> = env.get_global()?.get_named_property_unchecked("Object")?;
        let freeze: Function<'_, Unknown<'_>, Unknown<'_>> = object.get_named_property("freeze")?;
        // SAFETY: `instance` is a live object of this environment.
        freeze.call(unsafe { Unknown::from_raw_unchecked(env.raw(), instance) })?;
        Ok(instance)
    })
}

/// `value` as JavaScript data, through its serde serialization: serde_json writes it and
/// `JSON.parse` reads it, which is several times faster than building the objects property
/// by property through N-API.
fn to_js<'env>(env: &'env Env, value: &impl serde::Serialize) -> Result<Unknown<'env>> {
    let json = serde_json::to_string(value).map_err(|e| Error::from_reason(e.to_string()))?;
    let parse = cached(&JSON_PARSE, env.raw(), |env| {
        let json: Object<'_> = env.get_global()?.get_named_property("JSON")?;
        let parse: Function<'_, Unknown<'_>, Unknown<'_>> = json.get_named_property("parse")?;
        Ok(parse.raw())
    })?;
    // SAFETY: `parse` is a live function of this environment.
    let parse: Function<'env, String, Unknown<'env>> =
        unsafe { Function::from_napi_value(env.raw(), parse) }?;
    parse.call(json)
}

/// Checks outbound messages for protected health information.
///
/// Build one at start-up (it compiles every rule pack, ~20 ms) and reuse it: checking is
/// microseconds per message and never throws for message content.
#[napi]
pub struct Linter {
    inner: phi_lint::Linter,
    /// The project configuration, for what it says about files (channels, per-path rules).
    config: Option<Config>,
}

#[napi]
impl Linter {
    /// Builds a linter from the embedded rules and `options`.
    ///
    /// Throws an `Error` with the diagnostic text for a bad configuration (an unknown rule
    /// selector or provider, a malformed rule pack).
    #[napi(
        constructor,
        ts_args_type = "options?: LinterOptions | undefined | null"
    )]
    pub fn new(env: &Env, options: Option<Object<'_>>) -> Result<Self> {
        let options = match options {
            None => LinterOptions::default(),
            Some(object) => {
                reject_unknown_keys(&object, LinterOptions::KEYS)?;
                // SAFETY: `object` is a live value of this call's environment.
                unsafe { LinterOptions::from_napi_value(env.raw(), object.raw()) }?
            }
        };
        let config = options.config.map(load_config).transpose()?.flatten();
        let mut builder = config
            .as_ref()
            .map_or_else(phi_lint::Linter::builder, Config::linter_builder);
        if let Some(select) = options.select {
            builder = builder.select(select);
        }
        if let Some(more) = options.extend_select {
            builder = builder.extend_select(more);
        }
        if let Some(ignore) = options.ignore {
            builder = builder.ignore(ignore);
        }
        if let Some(terms) = options.allow_terms {
            builder = builder.allow_terms(terms);
        }
        if let Some(providers) = options.baa_providers {
            builder = builder.baa_providers(providers);
        }
        if let Some(redaction) = options.redaction {
            builder = builder.redaction(parse_redaction(&redaction)?);
        }
        let inner = builder.build().map_err(|e| config_error(&e))?;
        Ok(Linter { inner, config })
    }

    /// Checks one text: an SMS by default, or the `channel` and template `syntax` given.
    #[napi(ts_return_type = "Report")]
    pub fn check(&self, text: String, options: Option<CheckOptions>) -> Result<Reported> {
        let (channel, syntax) = parse_kind(options.as_ref(), Channel::Sms, Dialect::Plain)?;
        let part = Part::new(channel, &text).syntax(syntax);
        Ok(self.report(&Message::new().part(part)))
    }

    /// Checks an email: its subject, plain-text and HTML bodies in one call. Findings' `part`
    /// counts the parts given, in that order.
    #[napi(ts_return_type = "Report")]
    pub fn check_message(&self, message: EmailMessage) -> Result<Reported> {
        let syntax = parse_syntax(message.syntax.as_deref(), Dialect::Plain)?;
        let mut parts = Message::new();
        for (channel, text) in [
            (Channel::EmailSubject, &message.subject),
            (Channel::EmailText, &message.text),
            (Channel::EmailHtml, &message.html),
        ] {
            if let Some(text) = text {
                parts = parts.part(Part::new(channel, text).syntax(syntax));
            }
        }
        if parts.parts().is_empty() {
            return Err(invalid(
                "checkMessage needs at least one of subject, text or html".to_owned(),
            ));
        }
        Ok(self.report(&parts))
    }

    /// Checks one URL (a link about to be sent).
    #[napi(ts_return_type = "Report")]
    pub fn check_url(&self, url: String) -> Reported {
        self.report(&Message::url(&url))
    }

    /// Checks a provider send payload (SendGrid, Twilio, Mailgun, Postmark, SES): every content
    /// string as its channel, metadata as metadata, tracking switches and the provider against
    /// what was found. An object is read as `JSON.stringify(payload)`, and spans are byte
    /// offsets into that string. Malformed JSON is a report issue, not an exception.
    #[napi(
        ts_args_type = "payload: string | Record<string, unknown>",
        ts_return_type = "Report"
    )]
    pub fn check_payload(&self, env: &Env, payload: Unknown<'_>) -> Result<Reported> {
        let json = match payload.get_type()? {
            ValueType::String => payload.coerce_to_string()?.into_utf8()?.into_owned()?,
            ValueType::Object => {
                let json: Object<'_> = env.get_global()?.get_named_property("JSON")?;
                let stringify: Function<'_, Unknown<'_>, String> =
                    json.get_named_property("stringify")?;
                stringify.apply(json, payload)?
            }
            _ => {
                return Err(invalid(
                    "checkPayload takes a JSON string or an object".to_owned(),
                ));
            }
        };
        Ok(self.inner.check_payload(&json).into())
    }

    /// Checks a template or message file the way `phi-lint check` does: kind, dialect and
    /// channel from the path and content (`options` override them), every i18n string and MIME
    /// part, inline suppressions, and the configuration's channels and per-path rules.
    /// Throws when the file cannot be read.
    #[napi]
    pub fn check_file(&self, path: String, options: Option<CheckOptions>) -> Result<FileReport> {
        let mut doc = Document::from_path(&path)
            .map_err(|e| Error::new(Status::GenericFailure, format!("cannot read {path}: {e}")))?;
        if let Some(options) = &options {
            if let Some(name) = options.channel.as_deref() {
                doc = doc.with_channel(parse_channel(Some(name), Channel::Sms)?);
            }
            if let Some(name) = options.syntax.as_deref() {
                doc = doc.with_dialect(parse_syntax(Some(name), Dialect::Plain)?);
            }
        }
        if let Some(rel) = repository_relative(Path::new(&path)) {
            doc = doc.with_baseline_path(rel);
        }
        if let Some(config) = &self.config {
            doc = config.configure(doc);
        }
        Ok(FileReport {
            path: path.replace('\\', "/"),
            inner: self.inner.check_document(&doc),
        })
    }

    /// Checks many messages on every core; the reports come back in input order. Items are
    /// strings (checked with `options`) or `{ text, channel?, syntax? }`.
    #[napi(
        ts_args_type = "messages: Array<string | ManyItem>, options?: CheckOptions",
        ts_return_type = "Report[]"
    )]
    pub fn check_many(
        &self,
        messages: Vec<Either<String, ManyItem>>,
        options: Option<CheckOptions>,
    ) -> Result<Vec<Reported>> {
        let batch = Batch::new(messages, options.as_ref())?;
        Ok(wrap(batch.check(&self.inner)))
    }

    /// `checkMany` off the main thread: a Promise, run on the libuv thread pool.
    #[napi(
        ts_args_type = "messages: Array<string | ManyItem>, options?: CheckOptions",
        ts_return_type = "Promise<Report[]>"
    )]
    pub fn check_many_async(
        &self,
        messages: Vec<Either<String, ManyItem>>,
        options: Option<CheckOptions>,
    ) -> Result<AsyncTask<CheckMany>> {
        Ok(AsyncTask::new(CheckMany {
            linter: self.inner.clone(),
            batch: Batch::new(messages, options.as_ref())?,
        }))
    }
}

impl Linter {
    fn report(&self, message: &Message<'_>) -> Reported {
        self.inner.check(message).into()
    }
}

/// Messages read from JavaScript, ready to check on other threads.
pub struct Batch {
    items: Vec<(Channel, Dialect, String)>,
}

impl Batch {
    fn new(
        messages: Vec<Either<String, ManyItem>>,
        options: Option<&CheckOptions>,
    ) -> Result<Self> {
        let (channel, syntax) = parse_kind(options, Channel::Sms, Dialect::Plain)?;
        let items = messages
            .into_iter()
            .map(|item| match item {
                Either::A(text) => Ok((channel, syntax, text)),
                Either::B(item) => Ok((
                    parse_channel(item.channel.as_deref(), channel)?,
                    parse_syntax(item.syntax.as_deref(), syntax)?,
                    item.text,
                )),
            })
            .collect::<Result<_>>()?;
        Ok(Batch { items })
    }

    /// Checks every item on every core, in input order.
    fn check(&self, linter: &phi_lint::Linter) -> Vec<phi_lint::Report> {
        let jobs = thread::available_parallelism().map_or(1, NonZeroUsize::get);
        linter.check_many(&self.items, jobs, |(channel, syntax, text)| {
            Message::new().part(Part::new(*channel, text).syntax(*syntax))
        })
    }
}

/// The libuv work item behind `checkManyAsync`.
pub struct CheckMany {
    linter: phi_lint::Linter,
    batch: Batch,
}

impl Task for CheckMany {
    type Output = Vec<phi_lint::Report>;
    type JsValue = Vec<Reported>;

    fn compute(&mut self) -> Result<Self::Output> {
        Ok(self.batch.check(&self.linter))
    }

    fn resolve(&mut self, _env: Env, output: Self::Output) -> Result<Self::JsValue> {
        Ok(wrap(output))
    }
}

fn wrap(reports: Vec<phi_lint::Report>) -> Vec<Reported> {
    reports.into_iter().map(Reported::from).collect()
}

fn parse_kind(
    options: Option<&CheckOptions>,
    channel: Channel,
    syntax: Dialect,
) -> Result<(Channel, Dialect)> {
    Ok(match options {
        None => (channel, syntax),
        Some(o) => (
            parse_channel(o.channel.as_deref(), channel)?,
            parse_syntax(o.syntax.as_deref(), syntax)?,
        ),
    })
}

fn parse_channel(name: Option<&str>, default: Channel) -> Result<Channel> {
    name.map_or(Ok(default), |name| {
        Channel::from_name(name).ok_or_else(|| {
            invalid(format!(
                "unknown channel `{name}`: use sms, push, email_subject, email_text, email_html or url"
            ))
        })
    })
}

fn parse_syntax(name: Option<&str>, default: Dialect) -> Result<Dialect> {
    name.map_or(Ok(default), |name| {
        Dialect::from_name(name).ok_or_else(|| {
            invalid(format!(
                "unknown syntax `{name}`: use plain, handlebars, liquid, jinja, erb, gotemplate, \
                 mailchimp, twilio-content or placeholder"
            ))
        })
    })
}

fn parse_severity(name: &str) -> Result<Severity> {
    Severity::from_name(name).ok_or_else(|| {
        invalid(format!(
            "unknown severity `{name}`: use error, warning or info"
        ))
    })
}

/// The path from the repository root (the closest directory holding `.git`), `/`-separated: what
/// baseline fingerprints are keyed by, as in `phi-lint check`.
fn repository_relative(path: &Path) -> Option<String> {
    let abs = std::path::absolute(path).ok()?;
    let root = abs.ancestors().skip(1).find(|d| d.join(".git").exists())?;
    let rel = abs.strip_prefix(root).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// The `config` option: a file, a directory to discover from, or an object of the file's keys.
fn load_config(config: serde_json::Value) -> Result<Option<Config>> {
    let loaded = match config {
        serde_json::Value::String(path) => {
            let path = Path::new(&path);
            if path.is_dir() {
                Config::discover(path)
            } else {
                Config::load(path).map(Some)
            }
        }
        serde_json::Value::Object(keys) => {
            // Rendered as TOML for the library's parser, so an object and a file give the same
            // validation and the same diagnostics (pointing at the rendered line).
            let text = toml::Value::try_from(keys)
                .and_then(|table| toml::to_string(&table))
                .map_err(|e| invalid(format!("config: {e}")))?;
            Config::from_toml(&text, Path::new("LinterOptions.config")).map(Some)
        }
        _ => {
            return Err(invalid(
                "config is a path or an object with the keys of a .phi-lint.toml".to_owned(),
            ));
        }
    };
    loaded.map_err(|e| config_error(&e))
}

fn parse_redaction(name: &str) -> Result<Redaction> {
    match name {
        "label" => Ok(Redaction::Label),
        "mask" => Ok(Redaction::Mask),
        "none" => Ok(Redaction::None),
        _ => Err(invalid(format!(
            "unknown redaction `{name}`: use label, mask or none"
        ))),
    }
}

/// Refuses an option object with a key outside `known`: a misspelt `ignroe` would otherwise be
/// silently dropped and its rules left on.
fn reject_unknown_keys(object: &Object<'_>, known: &[&str]) -> Result<()> {
    let keys = object.get_property_names()?;
    for i in 0..keys.get_array_length()? {
        let key: String = keys.get_element(i)?;
        if !known.contains(&key.as_str()) {
            return Err(invalid(format!(
                "unknown option `{key}`: the options are {}",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

/// A bad argument (an option value, not message content).
fn invalid(message: String) -> Error {
    Error::new(Status::InvalidArg, message)
}

/// A configuration error as an `Error` whose message is the rendered diagnostic (with the file,
/// line and help that the CLI prints).
fn config_error(diagnostic: &dyn miette::Diagnostic) -> Error {
    let mut text = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::none())
        .with_links(false)
        .with_width(usize::MAX); // an exception message is not a terminal: no wrapping
    if handler.render_report(&mut text, diagnostic).is_err() {
        text = diagnostic.to_string();
    }
    Error::new(Status::InvalidArg, text.trim_end().to_owned())
}
