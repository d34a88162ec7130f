//! Configuration files: discovery, parsing, validation and the resolved settings.
//!
//! Discovery (ruff's model): for each checked file, the closest directory holding
//! `.phi-lint.toml`, `phi-lint.toml` or a `pyproject.toml` with a `[tool.phi-lint]` table wins
//! (in that order within one directory). The walk stops at the repository root (the first
//! directory holding `.git`). There is no implicit merging between files. `--config PATH` uses
//! one file for everything; `--isolated` uses none.
//!
//! Every error is a miette diagnostic over the config file's text with a label at the offending
//! TOML span.

use std::{
    collections::BTreeMap,
    fmt,
    ops::Range,
    path::{Path, PathBuf},
    sync::Arc,
};

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, LabeledSpan, NamedSource, SourceSpan};
use phi_lint::{Channel, Dialect, Language, Linter, LinterBuilder, RuleMeta, Severity};
use serde::Deserialize;
use toml::Spanned;

/// File names searched in each directory, highest precedence first.
pub(crate) const FILE_NAMES: [&str; 3] = [".phi-lint.toml", "phi-lint.toml", "pyproject.toml"];

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
    "paths",
    "channel",
    "syntax",
    "term",
    "reason",
];

/// A config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct ConfigFile {
    #[serde(default)]
    pub(crate) select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(crate) extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) severity: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub(crate) fail_on: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) per_path: Vec<PerPathFile>,
    #[serde(default)]
    pub(crate) channels: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    pub(crate) allow: Vec<AllowFile>,
    #[serde(default)]
    pub(crate) baa_providers: Vec<Spanned<String>>,
    /// The language of every message (`en`, `es`); `auto` or absent: detected per part.
    #[serde(default)]
    pub(crate) language: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) rule_packs: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) use_default_rules: Option<bool>,
    #[serde(default)]
    pub(crate) exclude: Vec<Spanned<String>>,
}

/// One `[[per-path]]` table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct PerPathFile {
    pub(crate) paths: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(crate) ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(crate) channel: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) syntax: Option<Spanned<String>>,
}

/// One `[[allow]]` table.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct AllowFile {
    pub(crate) term: Spanned<String>,
    pub(crate) reason: Option<Spanned<String>>,
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

/// A configuration error, pointing into the config file.
#[derive(Debug)]
pub(crate) struct ConfigError(Box<ConfigErrorInner>);

#[derive(Debug)]
struct ConfigErrorInner {
    message: String,
    help: Option<String>,
    label: Option<(Range<usize>, String)>,
    source: Option<NamedSource<Arc<str>>>,
}

impl ConfigError {
    fn at(src: &Source, span: Range<usize>, message: impl Into<String>) -> ConfigError {
        let message = message.into();
        let line = src.text[..span.start.min(src.text.len())]
            .bytes()
            .filter(|&b| b == b'\n')
            .count()
            + 1;
        ConfigError(Box::new(ConfigErrorInner {
            message: format!("{}:{line}: {message}", src.name),
            help: None,
            label: Some((span, "here".into())),
            source: Some(NamedSource::new(src.name.clone(), src.text.clone())),
        }))
    }

    fn help(mut self, help: impl Into<String>) -> ConfigError {
        self.0.help = Some(help.into());
        self
    }

    fn plain(message: impl Into<String>) -> ConfigError {
        ConfigError(Box::new(ConfigErrorInner {
            message: message.into(),
            help: None,
            label: None,
            source: None,
        }))
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("phi_lint::config"))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (span, label) = self.0.label.as_ref()?;
        let at = SourceSpan::new(span.start.into(), span.end.saturating_sub(span.start));
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(label.clone()), at),
        )))
    }
}

/// A config file's text and display name.
#[derive(Clone, Debug)]
pub(crate) struct Source {
    pub(crate) name: String,
    pub(crate) text: Arc<str>,
}

/// Per-path settings, compiled.
#[derive(Debug)]
pub(crate) struct PerPath {
    pub(crate) globs: GlobSet,
    pub(crate) patterns: Vec<String>,
    pub(crate) ignore: Vec<String>,
    pub(crate) select: Option<Vec<String>>,
    pub(crate) channel: Option<Channel>,
    pub(crate) syntax: Option<Dialect>,
}

/// A validated configuration (from one file, or the defaults).
#[derive(Debug, Default)]
pub(crate) struct Config {
    /// The file it came from (`None`: defaults).
    pub(crate) file: Option<PathBuf>,
    /// The directory globs are relative to.
    pub(crate) root: PathBuf,
    pub(crate) select: Option<Vec<String>>,
    pub(crate) extend_select: Vec<String>,
    pub(crate) ignore: Vec<String>,
    pub(crate) severity: Vec<(String, Option<Severity>)>,
    pub(crate) fail_on: Option<Option<Severity>>,
    pub(crate) per_path: Vec<PerPath>,
    pub(crate) channels: Vec<(Channel, GlobSet, Vec<String>)>,
    pub(crate) allow: Vec<(String, String)>,
    pub(crate) baa_providers: Vec<String>,
    pub(crate) language: Option<Language>,
    pub(crate) rule_packs: Vec<(PathBuf, String)>,
    pub(crate) use_default_rules: bool,
    pub(crate) exclude: Option<GlobSet>,
    pub(crate) exclude_patterns: Vec<String>,
}

/// Provider names known to the payload checks (`baa-providers` entries must be one of these).
pub(crate) const PROVIDERS: &[&str] = &[
    "twilio",
    "sendgrid",
    "mailgun",
    "postmark",
    "ses",
    "sns",
    "pinpoint",
    "vonage",
    "plivo",
    "bandwidth",
    "messagebird",
    "sinch",
    "telnyx",
    "mailchimp",
    "mandrill",
    "sparkpost",
    "firebase",
    "apns",
    "onesignal",
    "braze",
    "iterable",
    "customer-io",
    "azure-communication-services",
];

impl Config {
    /// The built-in defaults.
    pub(crate) fn defaults(root: PathBuf) -> Config {
        Config {
            root,
            use_default_rules: true,
            ..Config::default()
        }
    }

    /// Providers the organisation has a BAA with (read by provider payload checks).
    #[allow(dead_code)]
    pub(crate) fn baa_providers(&self) -> &[String] {
        &self.baa_providers
    }

    /// `path` relative to the config root, `/`-separated (for glob matching).
    pub(crate) fn relative(&self, path: &Path) -> String {
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
        rel.to_string_lossy().replace('\\', "/")
    }

    /// True when `path` is excluded by `exclude`.
    pub(crate) fn is_excluded(&self, path: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|g| g.is_match(self.relative(path)))
    }

    /// A linter builder with the packs, rule selection, severities and allowed terms applied.
    pub(crate) fn builder(&self) -> LinterBuilder {
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
            .ignore(lib_selectors(&self.ignore));
        for (sel, sev) in &self.severity {
            b = b.severity(sel.clone(), *sev);
        }
        b.allow_terms(self.allow.iter().map(|(t, _)| t.clone()))
            .language(self.language)
    }

    /// The channel and dialect overrides for `path` (`[channels]`, then `[[per-path]]`).
    pub(crate) fn overrides(&self, path: &Path) -> (Option<Channel>, Option<Dialect>) {
        let rel = self.relative(path);
        let mut channel = self
            .channels
            .iter()
            .find(|(_, g, _)| g.is_match(&rel))
            .map(|(c, _, _)| *c);
        let mut syntax = None;
        for pp in self.per_path.iter().filter(|p| p.globs.is_match(&rel)) {
            channel = pp.channel.or(channel);
            syntax = pp.syntax.or(syntax);
        }
        (channel, syntax)
    }

    /// Per-path entries that apply to `path`.
    pub(crate) fn per_path_for(&self, path: &Path) -> Vec<&PerPath> {
        let rel = self.relative(path);
        self.per_path
            .iter()
            .filter(|p| p.globs.is_match(&rel))
            .collect()
    }
}

/// Selectors for the library: the CLI's own `PL9xx` codes are handled by the CLI.
pub(crate) fn lib_selectors(sels: &[String]) -> Vec<String> {
    sels.iter()
        .filter(|s| !is_meta_selector(s))
        .cloned()
        .collect()
}

/// True for a selector naming the CLI's suppression findings (`PL9`, `PL900`, `suppression`).
pub(crate) fn is_meta_selector(s: &str) -> bool {
    s == "suppression"
        || s == "PL"
        || (s.len() <= 5 && s.starts_with("PL9") && s[3..].bytes().all(|b| b.is_ascii_digit()))
}

/// True when selector `sel` names `meta` (code, name, category, code prefix or `ALL`).
pub(crate) fn selector_matches(sel: &str, code: &str, name: &str, category: &str) -> bool {
    sel == "ALL"
        || sel == code
        || sel == name
        || sel == category
        || (sel.len() < code.len()
            && code.starts_with(sel)
            && sel.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// An absolute, lexically normalised path.
pub(crate) fn absolute(path: &Path) -> PathBuf {
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

/// Finds the config file for a file or directory: the closest supported file walking up,
/// stopping at the repository root.
pub(crate) fn discover(path: &Path) -> Option<PathBuf> {
    let abs = absolute(path);
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        for name in FILE_NAMES {
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

/// Reads, parses and validates a config file.
pub(crate) fn load(path: &Path) -> miette::Result<Config> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::plain(format!("cannot read config {}: {e}", path.display())))?;
    let src = Source {
        name: path.display().to_string(),
        text: text.into(),
    };
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let parsed = if is_pyproject {
        toml::from_str::<PyProject>(&src.text)
            .map(|p| p.tool.and_then(|t| t.phi_lint).unwrap_or_default())
    } else {
        toml::from_str::<ConfigFile>(&src.text)
    };
    let file = parsed.map_err(|e| parse_error(&src, &e))?;
    let root = absolute(path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut config = validate(&src, file, root)?;
    config.file = Some(path.to_path_buf());
    Ok(config)
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

/// The closest candidate by edit distance, when it is close enough.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
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

fn validate(src: &Source, file: ConfigFile, root: PathBuf) -> miette::Result<Config> {
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
    let catalog = match catalog_builder.catalog() {
        Ok(rules) => rules,
        // The library's diagnostic points at the offending line of the pack itself.
        Err(e) => return Err(miette::Report::new(e)),
    };
    let rules: Vec<&RuleMeta> = catalog.iter().collect();
    let check = |s: &Spanned<String>, allow_meta: bool| -> Result<String, ConfigError> {
        let sel = s.get_ref();
        if allow_meta && is_meta_selector(sel) {
            return Ok(sel.clone());
        }
        if rules
            .iter()
            .any(|r| selector_matches(sel, &r.code, &r.name, r.category.as_str()))
        {
            return Ok(sel.clone());
        }
        let mut names: Vec<&str> = rules
            .iter()
            .flat_map(|r| [r.code.as_str(), r.name.as_str()])
            .collect();
        names.extend(phi_lint::Category::ALL.iter().map(|c| c.as_str()));
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
            return Err(miette::Report::new(ConfigError::at(
                src,
                pp.paths.span(),
                "`paths` needs at least one glob",
            )));
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
            ignore: pp
                .ignore
                .iter()
                .map(|s| check(s, true))
                .collect::<Result<_, _>>()?,
            select,
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
                    .help("say why the term is safe, e.g. reason = \"our organisation's name\"")
                    .into(),
            );
        }
        if a.term.get_ref().trim().is_empty() {
            return Err(ConfigError::at(src, a.term.span(), "empty allowed term").into());
        }
        config
            .allow
            .push((a.term.get_ref().clone(), reason.to_owned()));
    }
    for p in &file.baa_providers {
        let name = p.get_ref().to_ascii_lowercase();
        if !PROVIDERS.contains(&name.as_str()) {
            let err = ConfigError::at(src, p.span(), format!("unknown provider `{}`", p.get_ref()));
            return Err(match did_you_mean(&name, PROVIDERS) {
                Some(m) => err.help(format!("did you mean `{m}`?")),
                None => err.help(format!("known providers: {}", PROVIDERS.join(", "))),
            }
            .into());
        }
        if !config.baa_providers.contains(&name) {
            config.baa_providers.push(name);
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
    Ok(config)
}

/// The starter file written by `config init`.
pub(crate) const STARTER: &str = r#"# phi-lint configuration. Reference: docs/configuration.md
# Settings apply to files in this directory and below (the closest config file wins).

# Rules: codes (ID001), prefixes (ID), names (us-ssn) or categories (identifier).
# select = ["ALL"]
# extend-select = []
# ignore = []

# Severity overrides: "error", "warning", "info" or "off".
# [severity]
# URL010 = "warning"

# Exit 1 when a finding is at or above this severity: error, warning, info or never.
fail-on = "warning"

# Files never walked (gitignore-style globs, relative to this file).
exclude = ["node_modules/**", "vendor/**"]

# Which channel templates are delivered on, when the path does not say.
# [channels]
# sms = ["templates/sms/**"]
# email_html = ["templates/email/**/*.html"]

# Path-specific settings.
# [[per-path]]
# paths = ["templates/internal/**"]
# ignore = ["URL010"]

# Terms that are never PHI here (your organisation's name), each with a reason.
# [[allow]]
# term = "Example Cancer Center"
# reason = "our organisation's legal name, present in every message"

# Providers you have a Business Associate Agreement with.
# baa-providers = ["twilio", "sendgrid"]
# language = "auto"                    # or "en", "es": the language of every message (default: detected)

# Your own rule packs (same schema as the built-in packs).
# rule-packs = ["phi-lint-rules.toml"]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_selectors() {
        for s in ["PL", "PL9", "PL90", "PL900", "PL905", "suppression"] {
            assert!(is_meta_selector(s), "{s}");
        }
        for s in ["P", "PL9000", "PLX", "ID001", "PL8"] {
            assert!(!is_meta_selector(s), "{s}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("selct", KEYS), Some("select"));
        assert_eq!(did_you_mean("fail_on", KEYS), Some("fail-on"));
        assert_eq!(did_you_mean("zzzzzz", KEYS), None);
    }
}
