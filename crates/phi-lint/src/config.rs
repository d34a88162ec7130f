//! Project configuration: discovery, parsing, validation, and what it means for a linter and a
//! document.
//!
//! Discovery (ruff's model): for a file or directory, the closest directory holding
//! `.phi-lint.toml`, `phi-lint.toml` or a `pyproject.toml` with a `[tool.phi-lint]` table wins
//! (in that order within one directory). The walk stops at the repository root (the first
//! directory holding `.git`). There is no implicit merging between files.
//!
//! Every error points into the config file's text: its `Display` starts with `file:line:`, and
//! with the `miette` feature it is a diagnostic with a label at the offending TOML span.

use std::{
    collections::BTreeMap,
    fmt,
    ops::Range,
    path::{Path, PathBuf},
    sync::Arc,
};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::document::{Document, Limits, RuleFilter, parse_size};
use crate::error::BuildError;
use crate::language::Language;
use crate::linter::{Linter, LinterBuilder};
use crate::rules::RuleMeta;
use crate::selector;
use crate::types::{Category, Channel, Provider, Severity};
use phi_lint_syntax::Dialect;

/// File names searched in each directory, highest precedence first.
pub const CONFIG_FILE_NAMES: [&str; 3] = [".phi-lint.toml", "phi-lint.toml", "pyproject.toml"];

/// The keys of a config file (kept in sync with [`ConfigFile`], for did-you-mean help).
const KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "severity",
    "fail-on",
    "per-path",
    "channels",
    "allow",
    "baa-providers",
    "language",
    "rule-packs",
    "use-default-rules",
    "exclude",
    "use-default-excludes",
    "max-file-size",
    "max-line-length",
    "max-findings",
    "paths",
    "channel",
    "syntax",
    "term",
    "reason",
];

/// A config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    per_path: Vec<PerPathFile>,
    #[serde(default)]
    channels: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    allow: Vec<AllowFile>,
    #[serde(default)]
    baa_providers: Vec<Spanned<String>>,
    /// The language of every message (`en`, `es`); `auto` or absent: detected per part.
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    rule_packs: Vec<Spanned<String>>,
    #[serde(default)]
    use_default_rules: Option<bool>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    use_default_excludes: Option<bool>,
    #[serde(default)]
    max_file_size: Option<Spanned<SizeValue>>,
    #[serde(default)]
    max_line_length: Option<Spanned<SizeValue>>,
    #[serde(default)]
    max_findings: Option<Spanned<i64>>,
}

/// A size as written: bytes (`1048576`) or text with a unit (`"16 MiB"`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum SizeValue {
    Bytes(i64),
    Text(String),
}

/// One `[[per-path]]` table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct PerPathFile {
    paths: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    channel: Option<Spanned<String>>,
    #[serde(default)]
    syntax: Option<Spanned<String>>,
}

/// One `[[allow]]` table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct AllowFile {
    term: Spanned<String>,
    reason: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Deserialize)]
struct PyTool {
    #[serde(rename = "phi-lint")]
    phi_lint: Option<ConfigFile>,
}

/// A configuration that cannot be used: unreadable, malformed, or naming what does not exist.
/// Its `Display` starts with `file:line:`; with the `miette` feature it is a diagnostic with
/// the config file's text and a label at the offending TOML span (or, for a malformed rule
/// pack, at the pack's line).
pub struct ConfigError(Box<ConfigErrorInner>);

enum ConfigErrorInner {
    At {
        message: String,
        help: Option<String>,
        span: Option<Range<usize>>,
        text: Arc<str>,
        #[cfg(feature = "miette")]
        named: miette::NamedSource<Arc<str>>,
    },
    Plain(String),
    Build(BuildError),
}

impl ConfigError {
    fn at(src: &Source, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let message = message.into();
        let line = src.text[..span.start.min(src.text.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count()
            + 1;
        ConfigError(Box::new(ConfigErrorInner::At {
            message: format!("{}:{line}: {message}", src.name),
            help: None,
            span: Some(span),
            text: src.text.clone(),
            #[cfg(feature = "miette")]
            named: miette::NamedSource::new(src.name.clone(), src.text.clone()),
        }))
    }

    fn help(mut self, help: impl Into<String>) -> ConfigError {
        if let ConfigErrorInner::At { help: h, .. } = &mut *self.0 {
            *h = Some(help.into());
        }
        self
    }

    fn plain(message: impl Into<String>) -> ConfigError {
        ConfigError(Box::new(ConfigErrorInner::Plain(message.into())))
    }

    /// The 1-based line in the config file, when the error points into it.
    pub fn line(&self) -> Option<usize> {
        match &*self.0 {
            ConfigErrorInner::At {
                span: Some(span),
                text,
                ..
            } => Some(
                text.get(..span.start)
                    .map_or(1, |s| s.bytes().filter(|&b| b == b'\n').count() + 1),
            ),
            _ => None,
        }
    }

    /// The help text, if any.
    pub fn help_text(&self) -> Option<String> {
        match &*self.0 {
            ConfigErrorInner::At { help, .. } => help.clone(),
            ConfigErrorInner::Plain(_) => None,
            ConfigErrorInner::Build(_) => None,
        }
    }
}

impl fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ConfigError")
            .field(&self.to_string())
            .finish()
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ConfigErrorInner::At { message, .. } | ConfigErrorInner::Plain(message) => {
                f.write_str(message)
            }
            ConfigErrorInner::Build(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ConfigError {}

impl From<BuildError> for ConfigError {
    fn from(e: BuildError) -> Self {
        ConfigError(Box::new(ConfigErrorInner::Build(e)))
    }
}

#[cfg(feature = "miette")]
impl miette::Diagnostic for ConfigError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match &*self.0 {
            ConfigErrorInner::At { help, .. } => {
                help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
            }
            ConfigErrorInner::Plain(_) => None,
            ConfigErrorInner::Build(e) => e.help(),
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match &*self.0 {
            ConfigErrorInner::At { named, .. } => Some(named as &dyn miette::SourceCode),
            ConfigErrorInner::Plain(_) => None,
            ConfigErrorInner::Build(e) => e.source_code(),
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        match &*self.0 {
            ConfigErrorInner::At {
                span: Some(span), ..
            } => {
                let at =
                    miette::SourceSpan::new(span.start.into(), span.end.saturating_sub(span.start));
                Some(Box::new(std::iter::once(
                    miette::LabeledSpan::new_primary_with_span(Some("here".into()), at),
                )))
            }
            ConfigErrorInner::Build(e) => e.labels(),
            _ => None,
        }
    }
}

/// A config file's text and display name.
struct Source {
    name: String,
    text: Arc<str>,
}

/// `[[per-path]]` settings, compiled.
#[derive(Debug)]
struct PerPath {
    globs: GlobSet,
    patterns: Vec<String>,
    filter: RuleFilter,
    channel: Option<Channel>,
    syntax: Option<Dialect>,
}

/// A validated configuration (from one file, or the defaults).
///
/// ```
/// use std::path::Path;
/// use phi_lint::{Config, Document};
///
/// let config = Config::from_toml(
///     "ignore = [\"URL010\"]\n[[allow]]\nterm = \"Example Clinic\"\nreason = \"our name\"\n",
///     Path::new("project/.phi-lint.toml"),
/// )?;
/// let linter = config.linter_builder().build()?;
/// let doc = config.configure(Document::from_text("project/sms/reminder.txt", "See you at Example Clinic."));
/// assert!(linter.check_document(&doc).findings().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Config {
    file: Option<PathBuf>,
    root: PathBuf,
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Option<Severity>)>,
    fail_on: Option<Option<Severity>>,
    per_path: Vec<PerPath>,
    channels: Vec<(Channel, GlobSet, Vec<String>)>,
    allow: Vec<(String, String)>,
    baa_providers: Vec<Provider>,
    language: Option<Language>,
    rule_packs: Vec<(PathBuf, String)>,
    use_default_rules: bool,
    exclude: Option<GlobSet>,
    exclude_patterns: Vec<String>,
    use_default_excludes: bool,
    limits: Limits,
    /// `max-findings`; `None`: the linter's default.
    max_findings: Option<usize>,
}

impl Config {
    /// The built-in defaults, with globs relative to `root`.
    pub fn defaults(root: impl Into<PathBuf>) -> Config {
        Config {
            file: None,
            root: root.into(),
            select: None,
            extend_select: Vec::new(),
            ignore: Vec::new(),
            severity: Vec::new(),
            fail_on: None,
            per_path: Vec::new(),
            channels: Vec::new(),
            allow: Vec::new(),
            baa_providers: Vec::new(),
            language: None,
            rule_packs: Vec::new(),
            use_default_rules: true,
            exclude: None,
            exclude_patterns: Vec::new(),
            use_default_excludes: true,
            limits: Limits::default(),
            max_findings: None,
        }
    }

    /// The config file that applies to `start` (a file or directory): the closest supported
    /// file walking up, stopping at the repository root.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let abs = absolute(start);
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            for name in CONFIG_FILE_NAMES {
                let candidate = d.join(name);
                if !candidate.is_file() {
                    continue;
                }
                if name == "pyproject.toml" {
                    let has_table = std::fs::read_to_string(&candidate).is_ok_and(|t| {
                        t.lines()
                            .any(|l| l.trim_start().starts_with("[tool.phi-lint"))
                    });
                    if !has_table {
                        continue;
                    }
                }
                return Some(candidate);
            }
            if d.join(".git").exists() {
                return None;
            }
            dir = d.parent();
        }
        None
    }

    /// Finds ([`Config::find`]) and loads the config that applies to `start`; `None` when
    /// there is none.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn discover(start: &Path) -> Result<Option<Config>, ConfigError> {
        Config::find(start).map(|f| Config::load(&f)).transpose()
    }

    /// Reads, parses and validates a config file (`pyproject.toml`: its `[tool.phi-lint]`).
    ///
    /// # Errors
    /// An unreadable file, malformed TOML, an unknown key or value, or a rule pack that does
    /// not load, pointing at the line.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            ConfigError::plain(format!("cannot read config {}: {e}", path.display()))
        })?;
        Config::from_toml(&text, path)
    }

    /// Parses and validates config text that was read from `origin` (its name decides
    /// whether it is a `pyproject.toml`; its directory is where globs and `rule-packs` paths
    /// are relative to).
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn from_toml(text: &str, origin: &Path) -> Result<Config, ConfigError> {
        let src = Source {
            name: origin.display().to_string(),
            text: text.into(),
        };
        let is_pyproject = origin.file_name().is_some_and(|n| n == "pyproject.toml");
        let parsed = if is_pyproject {
            toml::from_str::<PyProject>(&src.text)
                .map(|p| p.tool.and_then(|t| t.phi_lint).unwrap_or_default())
        } else {
            toml::from_str::<ConfigFile>(&src.text)
        };
        let file = parsed.map_err(|e| parse_error(&src, &e))?;
        let root = absolute(origin)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut config = validate(&src, file, root)?;
        config.file = Some(origin.to_path_buf());
        Ok(config)
    }

    /// The file the configuration came from (`None`: the defaults).
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The directory globs are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The `fail-on` threshold: `None` when not set, `Some(None)` for `never`.
    pub fn fail_on(&self) -> Option<Option<Severity>> {
        self.fail_on
    }

    /// The file size and line length bounds (`max-file-size`, `max-line-length`; see
    /// [`Limits`]): pass them to [`Document::read`].
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// A linter builder with the rule packs, rule selection, severities, allowed terms and
    /// BAA providers applied.
    pub fn linter_builder(&self) -> LinterBuilder {
        let mut b = Linter::builder();
        if !self.use_default_rules {
            b = b.no_default_rules();
        }
        for (path, text) in &self.rule_packs {
            b = b.pack(path.display().to_string(), text.clone());
        }
        if let Some(select) = &self.select {
            b = b.select(select.iter().cloned());
        }
        b = b
            .extend_select(self.extend_select.iter().cloned())
            .ignore(self.ignore.iter().cloned());
        for (sel, sev) in &self.severity {
            b = b.severity(sel.clone(), *sev);
        }
        if let Some(max) = self.max_findings {
            b = b.max_findings(max);
        }
        b.allow_terms(self.allow.iter().map(|(t, _)| t.clone()))
            .baa_providers(self.baa_providers.iter().map(|p| p.as_str()))
            .language(self.language)
    }

    /// `path` relative to the config root, `/`-separated (for glob matching).
    fn relative(&self, path: &Path) -> String {
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
        rel.to_string_lossy().replace('\\', "/")
    }

    /// True when `path` is excluded: by `exclude`, or by [`DEFAULT_EXCLUDES`] unless
    /// `use-default-excludes = false`.
    pub fn is_excluded(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        self.exclude.as_ref().is_some_and(|g| g.is_match(&rel))
            || (self.use_default_excludes && default_excludes().is_match(&rel))
    }

    /// Applies the settings for the document's path: the channel (`[channels]`, then
    /// `[[per-path]]`) and dialect (`[[per-path]]`) unless the document already has its own
    /// override, and the `[[per-path]]` rule filters.
    pub fn configure(&self, doc: Document) -> Document {
        let rel = self.relative(doc.path());
        let mut channel = self
            .channels
            .iter()
            .find(|(_, g, _)| g.is_match(&rel))
            .map(|(c, _, _)| *c);
        let mut syntax = None;
        let mut filters = Vec::new();
        for pp in self.per_path.iter().filter(|p| p.globs.is_match(&rel)) {
            channel = pp.channel.or(channel);
            syntax = pp.syntax.or(syntax);
            filters.push(pp.filter.clone());
        }
        let mut doc = doc;
        if let (Some(c), None) = (channel, doc.channel_override()) {
            doc = doc.with_channel(c);
        }
        if let (Some(d), None) = (syntax, doc.dialect_override()) {
            doc = doc.with_dialect(d);
        }
        doc.filters = filters;
        doc
    }

    /// The resolved settings as TOML (what `phi-lint config show` prints).
    pub fn show(&self) -> String {
        use std::fmt::Write as _;
        let list = |v: &[String]| {
            let items: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
            format!("[{}]", items.join(", "))
        };
        let mut out = String::new();
        let _ = writeln!(out, "use-default-rules = {}", self.use_default_rules);
        match &self.select {
            Some(s) => _ = writeln!(out, "select = {}", list(s)),
            None => _ = writeln!(out, "# select = (all default rules)"),
        }
        let _ = writeln!(out, "extend-select = {}", list(&self.extend_select));
        let _ = writeln!(out, "ignore = {}", list(&self.ignore));
        let fail_on = match self.fail_on {
            Some(Some(s)) => s.as_str(),
            Some(None) => "never",
            None => "warning",
        };
        let _ = writeln!(out, "fail-on = {fail_on:?}");
        let _ = writeln!(out, "max-file-size = {}", self.limits.max_file_size);
        let _ = writeln!(out, "max-line-length = {}", self.limits.max_line_length);
        let _ = writeln!(
            out,
            "max-findings = {}",
            self.max_findings
                .unwrap_or(LinterBuilder::DEFAULT_MAX_FINDINGS)
        );
        let _ = writeln!(out, "exclude = {}", list(&self.exclude_patterns));
        let _ = writeln!(
            out,
            "use-default-excludes = {} # {} patterns: lockfiles, CI, compose files, manifests",
            self.use_default_excludes,
            DEFAULT_EXCLUDES.len()
        );
        let baa: Vec<String> = self
            .baa_providers
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect();
        let _ = writeln!(out, "baa-providers = {}", list(&baa));
        let language = self.language.map_or("auto", Language::as_str);
        let _ = writeln!(out, "language = {language:?}");
        let packs: Vec<String> = self
            .rule_packs
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect();
        let _ = writeln!(out, "rule-packs = {}", list(&packs));
        if !self.severity.is_empty() {
            let _ = writeln!(out, "\n[severity]");
            for (sel, sev) in &self.severity {
                let _ = writeln!(out, "{sel} = {:?}", sev.map_or("off", |s| s.as_str()));
            }
        }
        if !self.channels.is_empty() {
            let _ = writeln!(out, "\n[channels]");
            for (ch, _, globs) in &self.channels {
                let _ = writeln!(out, "{ch} = {}", list(globs));
            }
        }
        for pp in &self.per_path {
            let _ = writeln!(out, "\n[[per-path]]");
            let _ = writeln!(out, "paths = {}", list(&pp.patterns));
            if !pp.filter.ignore.is_empty() {
                let _ = writeln!(out, "ignore = {}", list(&pp.filter.ignore));
            }
            if let Some(s) = &pp.filter.select {
                let _ = writeln!(out, "select = {}", list(s));
            }
            if let Some(ch) = pp.channel {
                let _ = writeln!(out, "channel = \"{ch}\"");
            }
            if let Some(d) = pp.syntax {
                let _ = writeln!(out, "syntax = \"{}\"", d.name());
            }
        }
        for (term, reason) in &self.allow {
            let _ = writeln!(out, "\n[[allow]]\nterm = {term:?}\nreason = {reason:?}");
        }
        out
    }
}

/// An absolute, lexically normalised path (`..` resolved without touching the file system).
pub fn absolute(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

fn parse_error(src: &Source, e: &toml::de::Error) -> ConfigError {
    let message = e.message().trim().to_owned();
    let span = e.span().unwrap_or(0..0);
    let mut err = ConfigError::at(src, span, first_line(&message));
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some(key) = rest.split('`').next()
    {
        err = match did_you_mean(key, KEYS) {
            Some(s) => err.help(format!("did you mean `{s}`?")),
            None => err.help(format!(
                "`{key}` is not a phi-lint setting; docs/configuration.md lists them"
            )),
        };
    } else if message.lines().count() > 1 {
        err = err.help(message.lines().skip(1).collect::<Vec<_>>().join(" "));
    }
    err
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}

/// The closest of `candidates` to `word` by edit distance, when it is close enough to be the
/// word meant (for "did you mean" hints on keys, rule codes and names).
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Files that are never messages: lockfiles, CI and tooling configuration, container and
/// package manifests. Their URLs (`http://api:8000`) and descriptions are not sent to
/// patients, so directory walks skip them; named on the command line they are still checked
/// unless `--force-exclude` (as the pre-commit hooks pass). `use-default-excludes = false`
/// turns the list off. Globs match the path relative to the config root.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    // Lockfiles.
    "**/package-lock.json",
    "**/npm-shrinkwrap.json",
    "**/pnpm-lock.yaml",
    "**/composer.lock",
    "**/packages.lock.json",
    "**/deno.lock",
    "**/flake.lock",
    // CI workflows and repository tooling.
    "**/.github/**",
    "**/.gitlab-ci.yml",
    "**/.gitlab/**",
    "**/.circleci/**",
    "**/.buildkite/**",
    "**/.travis.yml",
    "**/.drone.yml",
    "**/.woodpecker.yml",
    "**/.woodpecker/**",
    "**/azure-pipelines.yml",
    "**/bitbucket-pipelines.yml",
    "**/appveyor.yml",
    "**/codecov.yml",
    "**/.codecov.yml",
    "**/.pre-commit-config.yaml",
    "**/.pre-commit-hooks.yaml",
    "**/.devcontainer/**",
    "**/.vscode/**",
    "**/.idea/**",
    // Containers and deployment.
    "**/docker-compose*.yml",
    "**/docker-compose*.yaml",
    "**/compose.yml",
    "**/compose.yaml",
    "**/compose.*.yml",
    "**/compose.*.yaml",
    "**/Chart.yaml",
    "**/app.yaml",
    "**/fly.toml",
    "**/vercel.json",
    "**/netlify.toml",
    "**/firebase.json",
    // Package manifests.
    "**/package.json",
    "**/composer.json",
    "**/bower.json",
    "**/deno.json",
    "**/pubspec.yaml",
    "**/pom.xml",
    "**/AndroidManifest.xml",
    "**/environment.yml",
    // Application and build settings (Spring, Gradle, logging, figaro).
    "**/application*.properties",
    "**/application*.yml",
    "**/application*.yaml",
    "**/bootstrap*.yml",
    "**/gradle.properties",
    "**/gradle-wrapper.properties",
    "**/log4j*.properties",
    "**/sonar-project.properties",
    // Tool configuration.
    "**/tsconfig*.json",
    "**/jsconfig*.json",
    "**/.eslintrc*",
    "**/.prettierrc*",
    "**/.babelrc*",
    "**/babel.config.json",
    "**/.stylelintrc*",
    "**/renovate.json",
    "**/.renovaterc*",
    "**/.markdownlint*",
    "**/.yamllint*",
    "**/.golangci.y*ml",
    "**/.readthedocs.y*ml",
    "**/mkdocs.yml",
    "**/node_modules/**",
];

/// [`DEFAULT_EXCLUDES`], compiled once.
fn default_excludes() -> &'static GlobSet {
    static SET: std::sync::OnceLock<GlobSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut b = GlobSetBuilder::new();
        for p in DEFAULT_EXCLUDES {
            // The list is constant and every entry is a valid glob (tested).
            if let Ok(g) = Glob::new(p) {
                b.add(g);
            }
        }
        b.build().unwrap_or_else(|_| GlobSet::empty())
    })
}

fn compile_globs(src: &Source, patterns: &[Spanned<String>]) -> Result<GlobSet, ConfigError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let pattern = p.get_ref().trim_start_matches("./");
        let glob = Glob::new(pattern)
            .map_err(|e| ConfigError::at(src, p.span(), format!("invalid glob: {e}")))?;
        b.add(glob);
        // `dir/` or a bare directory name also matches everything below it.
        if !pattern.contains('*') {
            let below = format!("{}/**", pattern.trim_end_matches('/'));
            if let Ok(g) = Glob::new(&below) {
                b.add(g);
            }
        }
    }
    b.build()
        .map_err(|e| ConfigError::plain(format!("invalid globs: {e}")))
}

fn strings(v: &[Spanned<String>]) -> Vec<String> {
    v.iter().map(|s| s.get_ref().clone()).collect()
}

fn validate(src: &Source, file: ConfigFile, root: PathBuf) -> Result<Config, ConfigError> {
    let mut config = Config::defaults(root);
    config.use_default_rules = file.use_default_rules.unwrap_or(true);

    for p in &file.rule_packs {
        let path = config.root.join(p.get_ref());
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ConfigError::at(
                src,
                p.span(),
                format!("cannot read rule pack {}: {e}", path.display()),
            )
        })?;
        config.rule_packs.push((path, text));
    }

    // The rule catalogue the selectors are checked against: every rule the packs define.
    let mut catalog_builder = Linter::builder();
    if !config.use_default_rules {
        catalog_builder = catalog_builder.no_default_rules();
    }
    for (path, text) in &config.rule_packs {
        catalog_builder = catalog_builder.pack(path.display().to_string(), text.clone());
    }
    // The library's diagnostic points at the offending line of the pack itself.
    let catalog = catalog_builder.catalog()?;
    let rules: Vec<&RuleMeta> = catalog.iter().collect();
    let check = |s: &Spanned<String>, allow_meta: bool| -> Result<String, ConfigError> {
        let sel = s.get_ref();
        if allow_meta && selector::is_suppression(sel) {
            return Ok(sel.clone());
        }
        if rules
            .iter()
            .any(|r| selector::matches(sel, &r.code, &r.name, Some(r.category.as_str())))
        {
            return Ok(sel.clone());
        }
        let mut names: Vec<&str> = rules
            .iter()
            .flat_map(|r| [r.code.as_str(), r.name.as_str()])
            .collect();
        names.extend(Category::ALL.iter().map(|c| c.as_str()));
        let err = ConfigError::at(
            src,
            s.span(),
            format!("`{sel}` matches no rule code, code prefix, rule name or category"),
        );
        Err(match did_you_mean(sel, &names) {
            Some(m) => err.help(format!("did you mean `{m}`? (`phi-lint rules` lists them)")),
            None => err.help("`phi-lint rules` lists codes, names and categories"),
        })
    };

    if let Some(select) = &file.select {
        config.select = Some(
            select
                .iter()
                .map(|s| check(s, false))
                .collect::<Result<_, _>>()?,
        );
    }
    config.extend_select = file
        .extend_select
        .iter()
        .map(|s| check(s, false))
        .collect::<Result<_, _>>()?;
    config.ignore = file
        .ignore
        .iter()
        .map(|s| check(s, true))
        .collect::<Result<_, _>>()?;
    for (sel, sev) in &file.severity {
        let sel = check(sel, false)?;
        let value = match sev.get_ref().as_str() {
            "off" => None,
            name => Some(Severity::from_name(name).ok_or_else(|| {
                ConfigError::at(src, sev.span(), format!("unknown severity `{name}`"))
                    .help("use \"error\", \"warning\", \"info\" or \"off\"")
            })?),
        };
        config.severity.push((sel, value));
    }
    let size = |v: &Spanned<SizeValue>| {
        let parsed = match v.get_ref() {
            SizeValue::Bytes(n) => u64::try_from(*n)
                .map_err(|_| "a size limit must be at least 1 byte".to_owned())
                .and_then(|n| parse_size(&n.to_string())),
            SizeValue::Text(t) => parse_size(t),
        };
        parsed.map_err(|e| {
            ConfigError::at(src, v.span(), e).help("a number of bytes, or e.g. \"16 MiB\"")
        })
    };
    if let Some(v) = &file.max_file_size {
        config.limits.max_file_size = size(v)?;
    }
    if let Some(v) = &file.max_line_length {
        config.limits.max_line_length = size(v)?;
    }
    if let Some(v) = &file.max_findings {
        let max = usize::try_from(*v.get_ref()).ok().filter(|&n| n >= 1);
        config.max_findings = Some(max.ok_or_else(|| {
            ConfigError::at(src, v.span(), "max-findings must be at least 1")
                .help("the most findings one message may report, e.g. 10000")
        })?);
    }
    if let Some(f) = &file.fail_on {
        config.fail_on = Some(match f.get_ref().as_str() {
            "never" => None,
            name => Some(Severity::from_name(name).ok_or_else(|| {
                ConfigError::at(src, f.span(), format!("unknown severity `{name}`"))
                    .help("use \"error\", \"warning\", \"info\" or \"never\"")
            })?),
        });
    }
    let channel = |s: &Spanned<String>| {
        Channel::from_name(s.get_ref()).ok_or_else(|| {
            ConfigError::at(src, s.span(), format!("unknown channel `{}`", s.get_ref()))
                .help("use sms, push, email_subject, email_text, email_html or url")
        })
    };
    for pp in &file.per_path {
        if pp.paths.get_ref().is_empty() {
            return Err(ConfigError::at(
                src,
                pp.paths.span(),
                "`paths` needs at least one glob",
            ));
        }
        let select = match &pp.select {
            Some(s) => Some(
                s.iter()
                    .map(|s| check(s, false))
                    .collect::<Result<_, _>>()?,
            ),
            None => None,
        };
        config.per_path.push(PerPath {
            globs: compile_globs(src, pp.paths.get_ref())?,
            patterns: strings(pp.paths.get_ref()),
            filter: RuleFilter {
                ignore: pp
                    .ignore
                    .iter()
                    .map(|s| check(s, true))
                    .collect::<Result<_, _>>()?,
                select,
            },
            channel: pp.channel.as_ref().map(channel).transpose()?,
            syntax: pp
                .syntax
                .as_ref()
                .map(|s| {
                    Dialect::from_name(s.get_ref()).ok_or_else(|| {
                        ConfigError::at(src, s.span(), format!("unknown syntax `{}`", s.get_ref()))
                            .help("use plain, handlebars, liquid, jinja, erb, gotemplate, mailchimp, twilio-content or placeholder")
                    })
                })
                .transpose()?,
        });
    }
    for (name, globs) in &file.channels {
        let c = channel(name)?;
        config
            .channels
            .push((c, compile_globs(src, globs)?, strings(globs)));
    }
    for a in &file.allow {
        let reason = a.reason.as_ref().map(|r| r.get_ref().trim()).unwrap_or("");
        if reason.is_empty() {
            let span = a.reason.as_ref().map_or(a.term.span(), Spanned::span);
            return Err(
                ConfigError::at(src, span, "every [[allow]] entry needs a `reason`")
                    .help("say why the term is safe, e.g. reason = \"our organisation's name\""),
            );
        }
        if a.term.get_ref().trim().is_empty() {
            return Err(ConfigError::at(src, a.term.span(), "empty allowed term"));
        }
        config
            .allow
            .push((a.term.get_ref().clone(), reason.to_owned()));
    }
    let provider_names = Provider::ALL.map(Provider::as_str);
    for p in &file.baa_providers {
        let Some(provider) = Provider::from_name(p.get_ref()) else {
            let name = p.get_ref().to_ascii_lowercase();
            let err = ConfigError::at(src, p.span(), format!("unknown provider `{}`", p.get_ref()));
            return Err(match did_you_mean(&name, &provider_names) {
                Some(m) => err.help(format!("did you mean `{m}`?")),
                None => err.help(format!("known providers: {}", provider_names.join(", "))),
            });
        };
        if !config.baa_providers.contains(&provider) {
            config.baa_providers.push(provider);
        }
    }
    if let Some(lang) = &file.language {
        config.language = match lang.get_ref().as_str() {
            "auto" => None,
            code => Some(
                Language::from_name(code)
                    .filter(|l| l.as_str() == code)
                    .ok_or_else(|| {
                        ConfigError::at(src, lang.span(), format!("unknown language `{code}`"))
                            .help("known languages: auto, en, es")
                    })?,
            ),
        };
    }
    if !file.exclude.is_empty() {
        config.exclude = Some(compile_globs(src, &file.exclude)?);
        config.exclude_patterns = strings(&file.exclude);
    }
    config.use_default_excludes = file.use_default_excludes.unwrap_or(true);
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_excludes_are_valid_and_spare_messages() {
        for p in DEFAULT_EXCLUDES {
            assert!(Glob::new(p).is_ok(), "invalid default exclude {p}");
        }
        assert_eq!(default_excludes().len(), DEFAULT_EXCLUDES.len());
        let config = Config::defaults("/repo");
        for never in [
            "docker-compose.yml",
            "deploy/docker-compose.prod.yaml",
            "package.json",
            "web/package-lock.json",
            ".github/workflows/ci.yml",
            "tsconfig.json",
            "tsconfig.build.json",
            "src/main/resources/application-prod.properties",
            "config/application.yml",
        ] {
            assert!(
                config.is_excluded(&Path::new("/repo").join(never)),
                "{never}"
            );
        }
        for message in [
            "templates/sms/reminder.txt",
            "config/locales/en.yml",
            "app/src/main/res/values/strings.xml",
            "emails/welcome.json",
            "notifications/push.json",
            "src/main/resources/messages_es.properties",
        ] {
            assert!(
                !config.is_excluded(&Path::new("/repo").join(message)),
                "{message}"
            );
        }
    }

    /// What a configuration does, observed: the findings (code, severity, suppressed) of a few
    /// documents, the failure threshold, and whether a vendored file is excluded.
    fn behaviour(config: &Config) -> String {
        let linter = match config.linter_builder().build() {
            Ok(l) => l,
            Err(e) => return format!("build error: {e}"),
        };
        let root = config.root();
        let docs = [
            (
                "sms/reminder.txt",
                "Your HIV test is positive. SSN 078-05-1120. {{ diagnosis }} http://example.org/a\n",
            ),
            (
                "send.json",
                r#"{"To": "+15555550123", "From": "+15555550100", "Body": "Your HIV result is ready"}"#,
            ),
            ("notes/zebra.txt", "The zebra crossing is closed.\n"),
            // English by its words: only a configured language runs the Spanish packs on it.
            ("notes/plan.txt", "See the nurse about the quimioterapia.\n"),
        ];
        let mut out = format!("fail-on {:?}; {:?}; ", config.fail_on(), config.limits());
        out.push_str(&format!(
            "excluded {} {}; ",
            config.is_excluded(&root.join("vendor/x.txt")),
            config.is_excluded(&root.join("web/package.json"))
        ));
        for (path, text) in docs {
            let doc = config.configure(Document::from_text(root.join(path), text));
            for f in linter.check_document(&doc).findings() {
                out.push_str(&format!(
                    "{} {} {} {:?}; ",
                    f.code(),
                    f.severity(),
                    f.active(),
                    f.start
                ));
            }
        }
        out
    }

    #[test]
    fn every_configuration_key_changes_the_built_linter() {
        let dir = std::env::temp_dir().join(format!("phi-lint-config-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("extra.toml"),
            "[pack]\nname = \"extra\"\ndescription = \"d\"\n[[rule]]\ncode = \"ZZ001\"\n\
             name = \"zebra\"\ncategory = \"diagnosis\"\nmessage = \"m\"\nhelp = \"h\"\n\
             severity = { default = \"error\" }\nterms = [\"zebra\"]\n",
        )
        .unwrap();
        let origin = dir.join(".phi-lint.toml");
        let cases: &[(&str, &str)] = &[
            ("select", "select = [\"identifier\"]"),
            ("extend-select", "extend-select = [\"CMP002\"]"),
            ("ignore", "ignore = [\"diagnosis\"]"),
            ("severity", "[severity]\ndiagnosis = \"info\""),
            ("fail-on", "fail-on = \"error\""),
            (
                "per-path",
                "[[per-path]]\npaths = [\"sms/**\"]\nignore = [\"ID\"]",
            ),
            (
                "per-path",
                "[[per-path]]\npaths = [\"sms\"]\nselect = [\"diagnosis\"]",
            ),
            (
                "per-path",
                "[[per-path]]\npaths = [\"sms/**\"]\nchannel = \"email_html\"",
            ),
            (
                "per-path",
                "[[per-path]]\npaths = [\"sms/**\"]\nsyntax = \"plain\"",
            ),
            ("channels", "[channels]\nurl = [\"sms/**\"]"),
            ("allow", "[[allow]]\nterm = \"HIV\"\nreason = \"test\""),
            ("baa-providers", "baa-providers = [\"twilio\"]"),
            ("language", "language = \"es\""),
            ("rule-packs", "rule-packs = [\"extra.toml\"]"),
            ("use-default-rules", "use-default-rules = false"),
            ("exclude", "exclude = [\"vendor/**\"]"),
            ("use-default-excludes", "use-default-excludes = false"),
            ("max-file-size", "max-file-size = \"1 GiB\""),
            ("max-line-length", "max-line-length = 4096"),
            ("max-findings", "max-findings = 1"),
        ];
        let defaults = behaviour(&Config::from_toml("", &origin).unwrap());
        for (key, toml) in cases {
            let config = Config::from_toml(toml, &origin).unwrap_or_else(|e| panic!("{key}: {e}"));
            assert_ne!(
                behaviour(&config),
                defaults,
                "`{key}` changed nothing: {toml}"
            );
        }
        // Every top-level key has a case (the rest are keys of the tables above).
        let nested = ["paths", "channel", "syntax", "term", "reason"];
        for key in KEYS.iter().filter(|k| !nested.contains(k)) {
            assert!(cases.iter().any(|(k, _)| k == key), "no case for `{key}`");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn size_limits_are_read_in_bytes_or_units_and_errors_point_at_the_value() {
        let origin = Path::new("/repo/.phi-lint.toml");
        let config =
            Config::from_toml("max-file-size = \"2 MiB\"\nmax-line-length = 512\n", origin)
                .unwrap();
        assert_eq!(
            config.limits(),
            Limits::default()
                .max_file_size(2 << 20)
                .max_line_length(512)
        );
        assert_eq!(Config::defaults("/repo").limits(), Limits::default());
        for (toml, message) in [
            ("max-file-size = 0", "at least 1 byte"),
            ("max-file-size = -5", "at least 1 byte"),
            ("max-line-length = \"16 MB\"", "unknown size unit `MB`"),
            ("max-line-length = \"lots\"", "not a size"),
        ] {
            let e = Config::from_toml(&format!("# limits\n{toml}\n"), origin).unwrap_err();
            assert_eq!(e.line(), Some(2), "{toml}: {e}");
            assert!(e.to_string().contains(message), "{toml}: {e}");
        }
    }

    #[test]
    fn max_findings_bounds_the_linter_and_errors_point_at_the_value() {
        let origin = Path::new("/repo/.phi-lint.toml");
        let text = "HIV positive, SSN 078-05-1120, on metformin";
        let linter = |toml: &str| {
            let config = Config::from_toml(toml, origin).unwrap();
            config.linter_builder().build().unwrap()
        };
        let keys = |r: &crate::Report| -> Vec<(String, crate::Span)> {
            r.findings()
                .iter()
                .map(|f| (f.code().to_owned(), f.span()))
                .collect()
        };
        let all = linter("").check(&crate::Message::sms(text));
        assert!(all.findings().len() > 2 && all.limit_exceeded().is_none());
        assert!(all.issues().is_empty());
        // Over the bound: the first findings in text order, and the bound named, not a cut.
        let two = linter("max-findings = 2").check(&crate::Message::sms(text));
        assert_eq!(keys(&two), keys(&all)[..2]);
        let found = all.findings().len();
        assert_eq!(
            two.limit_exceeded(),
            Some(crate::document::LimitExceeded::Findings { found, limit: 2 })
        );
        assert!(two.issues()[0].message.contains("max-findings"));
        assert_eq!(two.issues()[0].span, all.findings()[2].span());
        // The document pipeline carries it to the file, and a problem says so.
        let config = Config::from_toml("max-findings = 2", origin).unwrap();
        let doc = config.configure(Document::from_text("/repo/sms/a.txt", text));
        let report = config
            .linter_builder()
            .build()
            .unwrap()
            .check_document(&doc);
        assert_eq!(report.findings().len(), 2);
        assert!(report.limit_exceeded.is_some());
        assert!(
            report
                .problems()
                .iter()
                .any(|p| p.message.contains("max-findings"))
        );
        for toml in ["max-findings = 0", "max-findings = -1"] {
            let e = Config::from_toml(&format!("# bound\n{toml}\n"), origin).unwrap_err();
            assert_eq!(e.line(), Some(2), "{toml}: {e}");
            assert!(e.to_string().contains("at least 1"), "{toml}: {e}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("selct", KEYS), Some("select"));
        assert_eq!(did_you_mean("fail_on", KEYS), Some("fail-on"));
        assert_eq!(did_you_mean("zzzzzz", KEYS), None);
    }
}
