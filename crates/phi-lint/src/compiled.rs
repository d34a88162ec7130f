//! The compiled rules a `Linter` checks with: what the engine, payload
//! reading, whole-SMS checks and document checks work on. The public API is `Linter`'s; this
//! type is what sits behind its `Arc`.

use std::{collections::BTreeMap, sync::Arc};

use aho_corasick::AhoCorasick;

use crate::finding::Redaction;
use crate::language::Language;
use crate::matcher::TermIndex;
use crate::rules::{Rule, RuleMeta};
use crate::types::Provider;

/// Rules compiled from the packs and the linter's settings.
pub(crate) struct Compiled {
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
    ///
    /// [`LinterBuilder::max_findings`]: crate::LinterBuilder::max_findings
    pub(crate) max_findings: usize,
}
