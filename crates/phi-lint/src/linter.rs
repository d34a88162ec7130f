//! The [`Linter`]: built once from rule packs, then shared and used to check messages.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aho_corasick::AhoCorasick;

use crate::compiled::Compiled;
use crate::document::{Document, DocumentReport, FixedDocument};
use crate::error::{BuildError, BuildErrorKind};
use crate::finding::{Redaction, Report};
use crate::fix::Applicability;
use crate::language::Language;
use crate::matcher::TermIndex;
use crate::message::Message;
use crate::rules::{self, PackSource, Rule, RuleMeta, Term};
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
    pub(crate) inner: Arc<Compiled>,
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

    /// Checks every part of `message`. Infallible; never panics.
    ///
    /// ```
    /// use phi_lint::{Category, Linter, Message};
    ///
    /// let linter = Linter::builder().build()?;
    /// let report = linter.check(&Message::url("http://portal.example.org/login"));
    /// assert_eq!(report.findings()[0].category(), Category::InsecureLink);
    /// # Ok::<(), phi_lint::BuildError>(())
    /// ```
    pub fn check(&self, message: &Message<'_>) -> Report {
        self.inner.check(message)
    }

    /// Checks a provider send payload (JSON): every content string as its channel (subject,
    /// HTML, text, SMS body; template data as message text), every metadata value as provider
    /// metadata, and the payload's tracking switches and provider against what was found.
    ///
    /// Every finding's span is a byte span of `json`, and `part()` is 0: the payload is one
    /// document. Infallible: malformed JSON is an [`Issue`](crate::Issue) (what could be read before the
    /// error is still checked), and an unrecognised shape is an issue with every string
    /// checked as email text.
    ///
    /// ```
    /// use phi_lint::{Category, Linter, Location};
    ///
    /// let linter = Linter::builder().build()?;
    /// let json = r#"{
    ///   "personalizations": [{"to": [{"email": "pat@example.org"}]}],
    ///   "from": {"email": "noreply@example.org"},
    ///   "subject": "A new message is waiting",
    ///   "content": [{"type": "text/html",
    ///     "value": "<a href=\"https://portal.example.org/r?patient_id=558120\">Open</a>"}],
    ///   "tracking_settings": {"click_tracking": {"enable": true}}
    /// }"#;
    /// let report = linter.check_payload(json);
    /// let tracking = report.findings().iter()
    ///     .find(|f| f.code() == "TRK010")
    ///     .expect("click tracking over a PHI link");
    /// assert_eq!(tracking.category(), Category::Tracking);
    /// assert_eq!(tracking.location(), Location::Payload);
    /// assert_eq!(&json[tracking.span().range()], "true");
    /// # Ok::<(), phi_lint::BuildError>(())
    /// ```
    pub fn check_payload(&self, json: &str) -> Report {
        self.inner.check_payload(json)
    }

    /// Checks the message that `message` makes of each item, on up to `jobs` threads (the
    /// calling one included), and returns the reports in input order: the batch call of the
    /// Python and Node packages. Infallible; never panics.
    ///
    /// ```
    /// use phi_lint::{Linter, Message};
    ///
    /// let linter = Linter::builder().build()?;
    /// let texts = ["See you Tue at 9 AM.", "Your HIV test came back positive."];
    /// let reports = linter.check_many(&texts, 2, |text| Message::sms(text));
    /// assert!(reports[0].is_clean() && !reports[1].is_clean());
    /// # Ok::<(), phi_lint::BuildError>(())
    /// ```
    pub fn check_many<T, F>(&self, items: &[T], jobs: usize, message: F) -> Vec<Report>
    where
        T: Sync,
        F: Fn(&T) -> Message<'_> + Sync,
    {
        // Messages differ a lot in cost (a clean SMS takes microseconds, an HTML newsletter
        // milliseconds), so threads take small blocks from a shared counter rather than one
        // fixed share each, which would leave a core idle at the end.
        const BLOCK: usize = 64;
        let check = |item: &T| self.check(&message(item));
        let threads = jobs.min(items.len().div_ceil(BLOCK)).max(1);
        if threads == 1 {
            return items.iter().map(check).collect();
        }
        let next = AtomicUsize::new(0);
        let work = || {
            let mut blocks = Vec::new();
            loop {
                let start = next.fetch_add(BLOCK, Ordering::Relaxed);
                if start >= items.len() {
                    return blocks;
                }
                let block = &items[start..items.len().min(start + BLOCK)];
                blocks.push((start, block.iter().map(check).collect::<Vec<_>>()));
            }
        };
        let mut blocks = std::thread::scope(|scope| {
            let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            let mut blocks = work();
            for helper in helpers {
                // Checking never panics; were it to, the panic goes on in this thread.
                blocks.extend(
                    helper
                        .join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                );
            }
            blocks
        });
        blocks.sort_unstable_by_key(|&(start, _)| start);
        let mut reports = Vec::with_capacity(items.len());
        for (_, block) in blocks {
            reports.extend(block);
        }
        reports
    }

    /// Checks a whole file the way `phi-lint check` does: every unit (the template, each i18n
    /// string with the channel its key suggests, each MIME part, or the provider payload) is
    /// checked, findings are placed in the file, `[[per-path]]` filters from the
    /// configuration apply, inline suppression directives are honoured (unless turned off with
    /// [`LinterBuilder::inline_suppressions`](crate::LinterBuilder::inline_suppressions)) and
    /// baseline fingerprints are computed.
    pub fn check_document(&self, doc: &Document) -> DocumentReport {
        self.inner.check_document(doc)
    }

    /// Fixes `doc`: applies the fixes of its unsuppressed findings up to `applicability`
    /// ([`Applicability::Safe`]: safe fixes only), checks the result again and repeats while
    /// fixes apply. A round whose result reads worse (more reading problems, such as a broken
    /// tag) is undone: fixing never breaks a file.
    pub fn fix_document(&self, doc: &Document, applicability: Applicability) -> FixedDocument {
        self.inner.fix_document(doc, applicability)
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
    /// [`BuildErrorKind::Pack`] for a malformed pack or wordlist.
    pub fn catalog(&self) -> Result<Vec<RuleMeta>, BuildError> {
        Ok(self
            .load()?
            .into_iter()
            .map(|r| (*r.meta).clone())
            .collect())
    }

    /// Parses the wordlists and packs (default and added) into rules.
    fn load(&self) -> Result<Vec<Rule>, BuildError> {
        // The embedded lists' terms are borrowed from the binary, a user list's are copied.
        // Validator data is read lazily by its validator, not as terms.
        let mut lists: BTreeMap<String, Vec<Term>> = BTreeMap::new();
        for &(name, src) in crate::builtin::WORDLISTS {
            if !rules::is_validator_data(src) {
                let terms = rules::parse_wordlist(name, src, false)?;
                lists.insert(name.to_owned(), terms.into_iter().map(Term::from).collect());
            }
        }
        for (name, src) in &self.wordlists {
            if !rules::is_validator_data(src) {
                let terms = rules::parse_wordlist(name, src, true)?;
                let owned = terms.into_iter().map(|t| Term::from(t.to_owned()));
                lists.insert(name.to_owned(), owned.collect());
            }
        }
        let mut sources: Vec<PackSource<'_>> = Vec::new();
        if !self.no_defaults {
            sources.extend(crate::builtin::PACKS.iter().map(|(name, src)| PackSource {
                name,
                src,
                json: builtin_json(name),
                builtin: true,
            }));
        }
        sources.extend(self.packs.iter().map(|(name, src)| PackSource {
            name,
            src,
            json: None,
            builtin: false,
        }));
        Ok(rules::load(&sources, &lists)?)
    }

    /// Loads, validates and compiles the rules.
    ///
    /// # Errors
    /// [`BuildErrorKind::Pack`] for a malformed pack or wordlist, with the file and line;
    /// [`BuildErrorKind::UnknownSelector`] for a selector that matches nothing;
    /// [`BuildErrorKind::UnknownProvider`] for an unknown BAA provider name;
    /// [`BuildErrorKind::TooManyTerms`] when the terms exceed what one automaton can hold.
    pub fn build(self) -> Result<Linter, BuildError> {
        let baa = self
            .baa
            .iter()
            .map(|name| {
                Provider::from_name(name)
                    .ok_or_else(|| BuildErrorKind::UnknownProvider(name.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut all = self.load()?;
        let catalog: Vec<Arc<RuleMeta>> = all.iter().map(|r| r.meta.clone()).collect();

        if let Some(term) = self.allowed.iter().find(|t| t.trim().is_empty()) {
            return Err(BuildErrorKind::EmptyAllowedTerm(term.clone()).into());
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
                return Err(BuildErrorKind::UnknownSelector(sel.clone()).into());
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
        let terms = TermIndex::new(&all, !self.no_defaults)?;
        Ok(Linter {
            inner: Arc::new(Compiled {
                terms,

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

/// The JSON build.rs made of the embedded pack `name` (none if its TOML did not parse).
pub(crate) fn builtin_json(name: &str) -> Option<&'static str> {
    crate::builtin::PACKS_JSON
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, json)| *json)
}
