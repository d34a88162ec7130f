//! The [`Linter`]: built once from rule packs, then shared and used to check messages.

use std::{collections::BTreeMap, fmt, sync::Arc};

use aho_corasick::AhoCorasick;

use crate::finding::Redaction;
use crate::language::Language;
use crate::matcher::TermIndex;
use crate::rules::{self, PackError, PackSource, Rule, RuleMeta};
use crate::selector;
use crate::types::{Provider, Severity};

/// Checks messages against a compiled set of rules.
///
/// Build it once (it compiles every pack into automata and regexes), then share it: it is
/// `Send + Sync` and cloning is an `Arc` bump. Checking never fails and never panics.
///
/// ```
/// use phi_lint::{Linter, Message, Severity};
///
/// let linter = Linter::builder().build()?;
/// let report = linter.check(&Message::sms("Your appointment is Tue 3/4 at 2:15 PM."));
/// assert!(!report.blocks(Severity::Warning));
/// # Ok::<(), phi_lint::BuildError>(())
/// ```
#[derive(Clone)]
pub struct Linter {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) rules: Vec<Rule>,
    /// One automaton over the terms and keywords of every scope: the scopes share most terms
    /// (condition and drug names are read in text, links and variable names alike), matching
    /// filters hits by scope, and one build costs a third of three.
    pub(crate) terms: TermIndex,
    /// Detector name → the enabled rule that reports it.
    pub(crate) detectors: BTreeMap<&'static str, u32>,
    pub(crate) allowed: Option<AhoCorasick>,
    pub(crate) redaction: Redaction,
    /// Providers declared as covered by a business associate agreement.
    pub(crate) baa: Vec<Provider>,
    /// Every rule the packs define, enabled or not.
    pub(crate) catalog: Vec<Arc<RuleMeta>>,
    /// `ignore` selectors naming suppression findings (`PL9xx`), applied by `check_document`.
    pub(crate) suppression_ignores: Vec<String>,
    /// Whether `check_document` honours inline suppression directives.
    pub(crate) inline_suppressions: bool,
    /// The language of parts that do not give theirs; `None`: detected per part.
    pub(crate) language: Option<Language>,
    /// The most findings one part may report ([`LinterBuilder::max_findings`]).
    pub(crate) max_findings: usize,
}

impl fmt::Debug for Linter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Linter")
            .field("rules", &self.inner.rules.len())
            .finish_non_exhaustive()
    }
}

impl Linter {
    /// A builder starting from the embedded default packs.
    pub fn builder() -> LinterBuilder {
        LinterBuilder::default()
    }

    /// The enabled rules, in pack order.
    pub fn rules(&self) -> impl Iterator<Item = &RuleMeta> {
        self.inner.rules.iter().map(|r| &*r.meta)
    }

    /// Every rule the packs define, enabled or not (the catalogue selectors are checked against).
    pub fn catalog(&self) -> impl Iterator<Item = &RuleMeta> {
        self.inner.catalog.iter().map(|m| &**m)
    }

    /// The enabled rules with their inline examples, for test harnesses (not a stable API).
    #[doc(hidden)]
    pub fn rule_examples(&self) -> impl Iterator<Item = (&RuleMeta, &rules::Examples)> {
        self.inner.rules.iter().map(|r| (&*r.meta, &r.examples))
    }
}

/// Why a linter could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A rule pack or wordlist is malformed.
    Pack(Box<PackError>),
    /// A `select`, `ignore` or severity override names no rule, prefix, name or category.
    UnknownSelector(String),
    /// A provider named in [`LinterBuilder::baa_providers`] is not one phi-lint knows.
    UnknownProvider(String),
    /// An allowed term is empty or blank: it would silence every finding.
    EmptyAllowedTerm(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Pack(e) => e.fmt(f),
            BuildError::UnknownSelector(s) => {
                write!(
                    f,
                    "`{s}` matches no rule code, code prefix, rule name or category"
                )
            }
            BuildError::UnknownProvider(p) => write!(f, "`{p}` is not a known provider"),
            BuildError::EmptyAllowedTerm(_) => {
                f.write_str("an allowed term is empty (it would allow everything)")
            }
        }
    }
}

impl std::error::Error for BuildError {}

impl From<PackError> for BuildError {
    fn from(e: PackError) -> Self {
        BuildError::Pack(Box::new(e))
    }
}

#[cfg(feature = "miette")]
impl miette::Diagnostic for BuildError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self {
            BuildError::Pack(e) => e.help(),
            BuildError::UnknownSelector(_) => Some(Box::new(
                "`phi-lint rules` lists codes, names and categories",
            )),
            BuildError::UnknownProvider(_) => Some(Box::new(format!(
                "known providers: {}",
                Provider::ALL.map(Provider::as_str).join(", ")
            ))),
            BuildError::EmptyAllowedTerm(_) => {
                Some(Box::new("name the organisation or phrase that is safe"))
            }
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match self {
            BuildError::Pack(e) => e.source_code(),
            _ => None,
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        match self {
            BuildError::Pack(e) => e.labels(),
            _ => None,
        }
    }
}

/// Configures a [`Linter`].
///
/// Selectors (for [`select`](Self::select), [`ignore`](Self::ignore) and
/// [`severity`](Self::severity)) are a rule code (`DX001`), a code prefix (`DX`), a rule name
/// (`condition-name`), a category (`diagnosis`) or `ALL`.
#[derive(Clone, Debug)]
pub struct LinterBuilder {
    no_defaults: bool,
    packs: Vec<(String, String)>,
    wordlists: Vec<(String, String)>,
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    severity: Vec<(String, Option<Severity>)>,
    allowed: Vec<String>,
    redaction: Redaction,
    baa: Vec<String>,
    inline_suppressions: bool,
    language: Option<Language>,
    max_findings: usize,
}

impl Default for LinterBuilder {
    fn default() -> Self {
        LinterBuilder {
            no_defaults: false,
            packs: Vec::new(),
            wordlists: Vec::new(),
            select: None,
            extend_select: Vec::new(),
            ignore: Vec::new(),
            severity: Vec::new(),
            allowed: Vec::new(),
            redaction: Redaction::default(),
            baa: Vec::new(),
            inline_suppressions: true,
            language: None,
            max_findings: LinterBuilder::DEFAULT_MAX_FINDINGS,
        }
    }
}

impl LinterBuilder {
    /// The language of every part that does not give its own ([`Part::language`]); by default
    /// each part's language is detected from its words. English rules run on every part; the
    /// rules of another language only on parts in it.
    ///
    /// [`Part::language`]: crate::Part::language
    pub fn language(mut self, language: Option<Language>) -> Self {
        self.language = language;
        self
    }

    /// Leaves out the embedded default packs (only packs added with [`pack`](Self::pack) load).
    pub fn no_default_rules(mut self) -> Self {
        self.no_defaults = true;
        self
    }

    /// Adds a rule pack (TOML text in the built-in schema). `name` is used in errors.
    pub fn pack(mut self, name: impl Into<String>, toml: impl Into<String>) -> Self {
        self.packs.push((name.into(), toml.into()));
        self
    }

    /// Adds a wordlist that packs can reference by `name`.
    pub fn wordlist(mut self, name: impl Into<String>, text: impl Into<String>) -> Self {
        self.wordlists.push((name.into(), text.into()));
        self
    }

    /// Enables only the rules matching these selectors (default: all).
    pub fn select<I: IntoIterator<Item = S>, S: Into<String>>(mut self, selectors: I) -> Self {
        self.select = Some(selectors.into_iter().map(Into::into).collect());
        self
    }

    /// Enables these rules in addition to the selection.
    pub fn extend_select<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        selectors: I,
    ) -> Self {
        self.extend_select
            .extend(selectors.into_iter().map(Into::into));
        self
    }

    /// Disables the rules matching these selectors. Selectors naming the suppression findings
    /// of [`Linter::check_document`] (`PL900`, `PL9`, `suppression`) are accepted too.
    pub fn ignore<I: IntoIterator<Item = S>, S: Into<String>>(mut self, selectors: I) -> Self {
        self.ignore.extend(selectors.into_iter().map(Into::into));
        self
    }

    /// Overrides the severity of matching rules on every channel (`None` switches them off).
    pub fn severity(mut self, selector: impl Into<String>, severity: Option<Severity>) -> Self {
        self.severity.push((selector.into(), severity));
        self
    }

    /// Accepts these terms (an organisation's name, say): a finding inside an occurrence of one
    /// is dropped. Matched ASCII case-insensitively.
    pub fn allow_terms<I: IntoIterator<Item = S>, S: Into<String>>(mut self, terms: I) -> Self {
        self.allowed.extend(terms.into_iter().map(Into::into));
        self
    }

    /// How much message text findings may show (default [`Redaction::Label`]).
    pub fn redaction(mut self, redaction: Redaction) -> Self {
        self.redaction = redaction;
        self
    }

    /// Declares the providers covered by a signed business associate agreement (configuration
    /// names: `sendgrid`, `twilio`, `whatsapp`, `mailgun`, `postmark`, `ses`). A payload with PHI
    /// sent through any other provider is reported by `non-baa-provider`. Default: none.
    ///
    /// ```
    /// use phi_lint::Linter;
    ///
    /// let linter = Linter::builder().baa_providers(["twilio", "ses"]).build()?;
    /// # Ok::<(), phi_lint::BuildError>(())
    /// ```
    pub fn baa_providers<I: IntoIterator<Item = S>, S: Into<String>>(mut self, names: I) -> Self {
        self.baa.extend(names.into_iter().map(Into::into));
        self
    }

    /// Whether [`Linter::check_document`] honours inline suppression directives
    /// (`phi-lint: ignore[…]`) and reports problems with them (`PL9xx`). Default: true.
    pub fn inline_suppressions(mut self, honour: bool) -> Self {
        self.inline_suppressions = honour;
        self
    }

    /// The default of [`max_findings`](Self::max_findings): far more than any real message
    /// holds, far fewer than a hostile one can (a finding every few bytes).
    pub const DEFAULT_MAX_FINDINGS: usize = 10_000;

    /// The most findings one message part may report (default
    /// [`DEFAULT_MAX_FINDINGS`](Self::DEFAULT_MAX_FINDINGS); at least 1). A part with more
    /// reports its first `max` findings in text order, an [`Issue`](crate::Issue) naming the
    /// bound, and [`Report::limit_exceeded`](crate::Report::limit_exceeded): never a silent
    /// cut. The configuration key is `max-findings`.
    ///
    /// ```
    /// use phi_lint::{Linter, Message};
    ///
    /// let linter = Linter::builder().max_findings(2).build()?;
    /// let report = linter.check(&Message::sms("SSN 078-05-1120, HIV positive, on metformin"));
    /// assert_eq!(report.findings().len(), 2);
    /// assert!(report.limit_exceeded().is_some());
    /// # Ok::<(), phi_lint::BuildError>(())
    /// ```
    pub fn max_findings(mut self, max: usize) -> Self {
        self.max_findings = max.max(1);
        self
    }

    /// Every rule the configured packs define, selected or not, without compiling anything:
    /// what configuration checkers validate rule codes against.
    ///
    /// # Errors
    /// [`BuildError::Pack`] for a malformed pack or wordlist.
    pub fn catalog(&self) -> Result<Vec<RuleMeta>, BuildError> {
        Ok(self
            .load()?
            .into_iter()
            .map(|r| (*r.meta).clone())
            .collect())
    }

    /// Parses the wordlists and packs (default and added) into rules.
    fn load(&self) -> Result<Vec<Rule>, BuildError> {
        let mut lists: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let builtin_lists = crate::builtin::WORDLISTS.iter().map(|(n, s)| (*n, *s));
        for (name, src) in
            builtin_lists.chain(self.wordlists.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            if rules::is_validator_data(src) {
                continue; // read lazily by its validator, not a term list
            }
            lists.insert(name.to_owned(), rules::parse_wordlist(name, src)?);
        }
        let mut sources: Vec<PackSource<'_>> = Vec::new();
        if !self.no_defaults {
            sources.extend(crate::builtin::PACKS.iter().map(|(name, src)| PackSource {
                name,
                src,
                builtin: true,
            }));
        }
        sources.extend(self.packs.iter().map(|(name, src)| PackSource {
            name,
            src,
            builtin: false,
        }));
        Ok(rules::load(&sources, &lists)?)
    }

    /// Loads, validates and compiles the rules.
    ///
    /// # Errors
    /// [`BuildError::Pack`] for a malformed pack or wordlist, with the file and line;
    /// [`BuildError::UnknownSelector`] for a selector that matches nothing;
    /// [`BuildError::UnknownProvider`] for an unknown BAA provider name.
    pub fn build(self) -> Result<Linter, BuildError> {
        let baa = self
            .baa
            .iter()
            .map(|name| {
                Provider::from_name(name).ok_or_else(|| BuildError::UnknownProvider(name.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut all = self.load()?;
        let catalog: Vec<Arc<RuleMeta>> = all.iter().map(|r| r.meta.clone()).collect();

        if let Some(term) = self.allowed.iter().find(|t| t.trim().is_empty()) {
            return Err(BuildError::EmptyAllowedTerm(term.clone()));
        }
        let matches = |sel: &str, meta: &RuleMeta| {
            selector::matches(sel, &meta.code, &meta.name, Some(meta.category.as_str()))
        };
        let (suppression_ignores, ignore): (Vec<String>, Vec<String>) = self
            .ignore
            .iter()
            .cloned()
            .partition(|sel| selector::is_suppression(sel));
        let selectors = self
            .select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&ignore);
        for sel in selectors.chain(self.severity.iter().map(|(s, _)| s)) {
            if !all.iter().any(|r| matches(sel, &r.meta)) {
                return Err(BuildError::UnknownSelector(sel.clone()));
            }
        }
        // Opt-in rules run only when a selector names them by code or name.
        let named = |sel: &String, meta: &RuleMeta| *sel == meta.code || *sel == meta.name;
        all.retain(|r| {
            let chosen = |sel: &String| {
                if r.meta.opt_in {
                    named(sel, &r.meta)
                } else {
                    matches(sel, &r.meta)
                }
            };
            let selected = self
                .select
                .as_ref()
                .map_or(!r.meta.opt_in, |s| s.iter().any(chosen))
                || self.extend_select.iter().any(chosen);
            selected && !ignore.iter().any(|sel| matches(sel, &r.meta))
        });
        for rule in &mut all {
            if let Some((_, sev)) = self
                .severity
                .iter()
                .rev()
                .find(|(sel, _)| matches(sel, &rule.meta))
            {
                Arc::make_mut(&mut rule.meta).severity = [*sev; 6];
            }
        }

        let mut detectors = BTreeMap::new();
        for (i, rule) in all.iter().enumerate() {
            if let Some(d) = rule.detector {
                detectors.entry(d.as_str()).or_insert(i as u32);
            }
        }
        let allowed = (!self.allowed.is_empty()).then(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&self.allowed)
                .expect("literal terms always build")
        });
        Ok(Linter {
            inner: Arc::new(Inner {
                terms: TermIndex::new(&all),

                rules: all,
                detectors,
                allowed,
                redaction: self.redaction,
                baa,
                catalog,
                suppression_ignores,
                inline_suppressions: self.inline_suppressions,
                language: self.language,
                max_findings: self.max_findings,
            }),
        })
    }
}
