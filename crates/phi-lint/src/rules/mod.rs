//! Rule packs: the TOML schema, loading, validation and compilation into [`Rule`]s.
//!
//! Packs are data (see `rules/README.md`). Loading checks everything a pack author can get
//! wrong — unknown keys, unknown categories, regexes that do not compile, unsorted wordlists,
//! duplicate codes — and reports it as a [`PackError`] that points at the offending TOML line.

use std::{fmt, sync::Arc};

use regex_automata::meta::Regex;
use serde::Deserialize;

use crate::fix::FixSpec;

use crate::language::Language;
use crate::types::{Category, Channel, Severity};

mod compile;
mod error;
mod schema;

pub(crate) use compile::{PackSource, load, normalize_term, parse_wordlist};
pub use error::PackError;

/// Everything a finding needs to say about the rule that produced it. Shared (`Arc`) between
/// the linter and its findings.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuleMeta {
    /// Stable short code (`DX001`).
    pub code: String,
    /// Kebab-case name (`condition-name`).
    pub name: String,
    /// The taxonomy category.
    pub category: Category,
    /// What a finding says; never quotes the input.
    pub message: String,
    /// One line on what to do instead.
    pub help: String,
    /// Anchor of the guidance the rule enforces.
    pub guidance: Option<String>,
    /// The special category, when the rule detects one.
    pub sensitive: Option<Sensitive>,
    /// Longer documentation (Markdown).
    pub docs: String,
    /// The pack the rule comes from.
    pub pack: String,
    /// True for rules that run only when selected by code or name (`opt-in = true`).
    pub opt_in: bool,
    /// The default severity per channel (`None` = off), in [`Channel::ALL`] order.
    pub severity: [Option<Severity>; 6],
    /// How the rule fixes its findings, when it does (`[rule.fix]`).
    pub fix: Option<FixSpec>,
}

impl RuleMeta {
    /// The rule's severity on `channel` before context and special-category adjustments
    /// (`None` when the rule is off there).
    pub fn severity_on(&self, channel: Channel) -> Option<Severity> {
        self.severity[channel.index()]
    }
}

/// The especially sensitive categories of health information: findings in them are errors on
/// every channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Sensitive {
    /// Substance use disorder (42 CFR Part 2).
    SubstanceUse,
    /// HIV/AIDS and sexually transmitted infections.
    HivSti,
    /// Mental health.
    MentalHealth,
    /// Reproductive health.
    Reproductive,
    /// Genetic information (GINA).
    Genetic,
}

impl Sensitive {
    /// The kebab-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Sensitive::SubstanceUse => "substance-use",
            Sensitive::HivSti => "hiv-sti",
            Sensitive::MentalHealth => "mental-health",
            Sensitive::Reproductive => "reproductive",
            Sensitive::Genetic => "genetic",
        }
    }
}

/// Where a rule looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Scope {
    /// Visible text.
    Text,
    /// Decoded URL components.
    Url,
    /// Template variable names.
    Variable,
    /// Query-string keys.
    UrlKey,
}

impl Scope {
    /// How many scopes there are (for tables indexed by `scope as usize`).
    pub(crate) const COUNT: usize = 4;
}

/// Context requirement of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum ContextMode {
    /// A hit without a context term is dropped.
    Require,
    /// A hit without a context term is reported at `info`.
    Boost,
    /// A hit *with* a context term is dropped (e.g. "negative for …" phrasing that is not ours).
    Forbid,
}

/// Which side of a hit the context window covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Side {
    /// Before and after.
    #[default]
    Both,
    /// Before the hit only.
    Before,
    /// After the hit only.
    After,
}

/// Built-in checks of a matched value, for identifiers whose shape alone is not enough.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Validator {
    /// US SSN validity: no 000/666/9xx area, no 00 group, no 0000 serial.
    Ssn,
    /// An ICD-10-CM code that exists in the FY2026 code list.
    Icd10,
    /// Medicare Beneficiary Identifier positional format.
    Mbi,
    /// A full calendar date in the past, plausible as a birth date.
    Dob,
    /// Luhn checksum (card and NPI-style numbers).
    Luhn,
}

impl Validator {
    /// The wordlist a validator reads its data from (`rules/wordlists/<name>.txt`), if any.
    pub(crate) const fn wordlist(self) -> Option<&'static str> {
        match self {
            Validator::Icd10 => Some("icd10cm-codes"),
            Validator::Ssn | Validator::Mbi | Validator::Dob | Validator::Luhn => None,
        }
    }
}

/// True for a wordlist of validator data (its header says `# category: validator`, as
/// `scripts/derive_wordlists.py` writes it): read by its validator, never matched as terms.
pub(crate) fn is_validator_data(src: &str) -> bool {
    src.lines()
        .take_while(|l| l.starts_with('#'))
        .any(|l| l.trim_start_matches('#').trim() == "category: validator")
}

/// An inline example of a rule, run by the test harness (not a stable API).
#[doc(hidden)]
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Example {
    /// The input; in `bad` examples `«…»` marks each span the rule must report.
    pub text: String,
    /// The channel (default `sms`).
    #[serde(default)]
    pub channel: Option<String>,
    /// The template dialect (default `plain`).
    #[serde(default)]
    pub syntax: Option<String>,
}

/// A rule's inline examples (not a stable API).
#[doc(hidden)]
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Examples {
    /// Inputs the rule must flag, with the expected spans marked.
    #[serde(default)]
    pub bad: Vec<Example>,
    /// Inputs the rule must not flag.
    #[serde(default)]
    pub good: Vec<Example>,
}

// ---- Compiled rules ------------------------------------------------------------------------

/// A term or keyword, normalized: borrowed from an embedded wordlist (most of the default
/// rules' ~10k words, which would otherwise be a string each to allocate and free), owned
/// otherwise.
pub(crate) type Term = std::borrow::Cow<'static, str>;

/// A compiled rule: its metadata plus everything the engine needs to match it.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) meta: Arc<RuleMeta>,
    pub(crate) scopes: Vec<Scope>,
    pub(crate) case_sensitive: bool,
    /// Terms from `terms` and `wordlists`, normalized.
    pub(crate) terms: Vec<Term>,
    /// For case-sensitive rules: the exact spellings a hit must have.
    pub(crate) exact: Vec<String>,
    /// Prefilter keywords for `patterns`, normalized.
    pub(crate) keywords: Vec<Term>,
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) validator: Option<Validator>,
    pub(crate) context: Option<Context>,
    pub(crate) exceptions: Vec<Pattern>,
    pub(crate) detector: Option<Detector>,
    pub(crate) examples: Examples,
    pub(crate) language: Language,
}

impl Rule {
    pub(crate) fn in_scope(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }

    /// True when the rule runs on a part in `language`.
    pub(crate) fn runs_on(&self, language: Language) -> bool {
        self.language == Language::English || self.language == language
    }
}

/// A rule's regex: checked when the pack loads, compiled on first use.
///
/// Building the linter stays fast (a message unlocks few rules' regexes), and a long-running
/// service pays each compilation once. Patterns run over an ASCII view of the text (see
/// `matcher.rs`), where Unicode classes and case folding mean exactly their ASCII forms, so
/// they compile without Unicode tables — several times faster. A pattern with a non-ASCII
/// literal needs Unicode mode to parse; it still runs over the ASCII view.
pub(crate) struct Pattern {
    src: String,
    /// The regex for the ASCII view (see [`ascii_only`]), and its `phi` group.
    compiled: std::sync::OnceLock<Option<(Regex, Option<usize>)>>,
    /// The regex as written, for original text (see [`Pattern::get_raw`]).
    raw: std::sync::OnceLock<Option<Regex>>,
    /// Whether every match starts where one of its rule's keywords is found (see
    /// [`Pattern::keyword_led`]).
    keyword_led: std::sync::OnceLock<bool>,
}

/// The configuration `regex::bytes::RegexBuilder` gives, with a 4 MiB size limit.
pub(crate) fn regex_builder() -> regex_automata::meta::Builder {
    let mut builder = Regex::builder();
    builder.configure(
        Regex::config()
            .nfa_size_limit(Some(1 << 22))
            .hybrid_cache_capacity(2 * (1 << 20))
            .match_kind(regex_automata::MatchKind::LeftmostFirst)
            .utf8_empty(false),
    );
    builder
}

impl Pattern {
    /// A pattern from `src`, its syntax validated (a parse, no compilation) when `validate`:
    /// the built-in packs are validated by a test, not on every start.
    fn new(src: &str, validate: bool) -> Result<Pattern, String> {
        if validate {
            regex_syntax::ast::parse::Parser::new()
                .parse(src)
                .map_err(|e| e.to_string())?;
        }
        Ok(Pattern {
            src: src.to_owned(),
            compiled: std::sync::OnceLock::new(),
            raw: std::sync::OnceLock::new(),
            keyword_led: std::sync::OnceLock::new(),
        })
    }

    /// The pattern as a syntax tree, parsed in the mode it compiles in: without Unicode
    /// tables, unless a non-ASCII literal or escape needs them.
    fn hir(&self) -> Option<(regex_syntax::hir::Hir, bool)> {
        let parse = |unicode: bool| {
            regex_syntax::ParserBuilder::new()
                .unicode(unicode)
                .utf8(false)
                .build()
                .parse(&self.src)
                .ok()
                .map(|hir| (hir, unicode))
        };
        parse(false).or_else(|| parse(true))
    }

    /// Compiles the pattern now and rejects one over the size limit (it would never match)
    /// or one that can match the empty string (a zero-length finding at every offset).
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.compiled().is_none() || self.get_raw().is_none() {
            return Err("the regex is too large to compile (over the 4 MiB size limit)".into());
        }
        let min_len = self.hir().map(|(hir, _)| hir.properties().minimum_len());
        if min_len == Some(Some(0)) {
            return Err("the regex can match the empty string".into());
        }
        Ok(())
    }

    /// The compiled regex for the ASCII view of a text; `None` only if it exceeds the size
    /// limit (never for the built-in packs, whose patterns are all compiled by a test).
    pub(crate) fn get(&self) -> Option<&Regex> {
        self.compiled().map(|(re, _)| re)
    }

    /// The regex as written (Unicode classes and all), for searching original text.
    pub(crate) fn get_raw(&self) -> Option<&Regex> {
        self.raw
            .get_or_init(|| {
                let (_, unicode) = self.hir()?;
                regex_builder()
                    .syntax(
                        regex_automata::util::syntax::Config::new()
                            .unicode(unicode)
                            .utf8(false),
                    )
                    .build(&self.src)
                    .ok()
            })
            .as_ref()
    }

    /// The syntax tree the view regex is compiled from. A pattern parsed without Unicode is
    /// used as it is: its classes' bytes above ASCII never occur in the view, so cutting them
    /// (a rebuilt tree, most of the cost of the first text's keyword-less gate) changes no
    /// match.
    pub(crate) fn view_hir(&self) -> Option<regex_syntax::hir::Hir> {
        self.hir()
            .map(|(hir, unicode)| if unicode { ascii_only(&hir) } else { hir })
    }

    /// The compiled view regex and the index of its `phi` group (the reported span), if any.
    pub(crate) fn compiled(&self) -> Option<&(Regex, Option<usize>)> {
        self.compiled
            .get_or_init(|| {
                let re = regex_builder().build_from_hir(&self.view_hir()?).ok()?;
                let phi = re
                    .group_info()
                    .to_index(regex_automata::PatternID::ZERO, "phi");
                Some((re, phi))
            })
            .as_ref()
    }

    /// True when every match of the pattern, over an ASCII text, starts exactly where the
    /// matcher finds one of `keywords` (normalized): each literal a match can begin with folds
    /// to a keyword followed by anything, and a keyword that starts with a letter or digit is
    /// preceded by a word boundary or the start of the text, as keyword hits must be. Such a
    /// pattern need only be tried at its rule's keyword hits. Computed once per pattern; false
    /// when in doubt.
    pub(crate) fn keyword_led(&self, keywords: &[Term]) -> bool {
        *self.keyword_led.get_or_init(|| {
            let Some(leads) = self.hir().and_then(|(hir, _)| leads(&hir)) else {
                return false;
            };
            leads.iter().all(|lead| {
                let starts_clean = lead
                    .text
                    .first()
                    .is_some_and(|&b| b.is_ascii() && !crate::normalize::is_separator(b));
                let folded = String::from_utf8(lead.text.clone())
                    .map(|t| crate::normalize::fold(&t))
                    .unwrap_or_default();
                starts_clean
                    && keywords.iter().any(|k| {
                        folded.starts_with(&**k)
                            && !k.is_empty()
                            && (lead.bounded || !k.as_bytes()[0].is_ascii_alphanumeric())
                    })
            })
        })
    }

    /// The pattern's source.
    pub(crate) fn as_str(&self) -> &str {
        &self.src
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.as_str()).finish()
    }
}

/// `hir` for ASCII haystacks only: classes cut to their ASCII part, non-ASCII literals that
/// can never match, and Unicode word boundaries as ASCII ones (the same on ASCII text). The
/// patterns run over the ASCII view, where this matches exactly what the pattern matches, while
/// its automaton stays small: in Unicode mode a class like `[^()]{1,20}` is a UTF-8 automaton
/// large enough to thrash the lazy DFA's cache.
fn ascii_only(hir: &regex_syntax::hir::Hir) -> regex_syntax::hir::Hir {
    use regex_syntax::hir::{
        Capture, Class, ClassBytes, ClassBytesRange, Hir, HirKind, Look, Repetition,
    };
    let ascii = |ranges: &mut dyn Iterator<Item = (u32, u32)>| {
        let cut = ranges
            .filter(|&(lo, _)| lo <= 0x7F)
            .map(|(lo, hi)| ClassBytesRange::new(lo as u8, hi.min(0x7F) as u8));
        Hir::class(Class::Bytes(ClassBytes::new(cut)))
    };
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(lit) if lit.0.is_ascii() => Hir::literal(lit.0.clone()),
        HirKind::Literal(_) => Hir::fail(),
        HirKind::Class(Class::Unicode(c)) => {
            ascii(&mut c.iter().map(|r| (u32::from(r.start()), u32::from(r.end()))))
        }
        HirKind::Class(Class::Bytes(c)) => {
            ascii(&mut c.iter().map(|r| (u32::from(r.start()), u32::from(r.end()))))
        }
        HirKind::Look(look) => Hir::look(match *look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordUnicodeNegate => Look::WordAsciiNegate,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => other,
        }),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            sub: Box::new(ascii_only(&rep.sub)),
            ..rep.clone()
        }),
        HirKind::Capture(cap) => Hir::capture(Capture {
            sub: Box::new(ascii_only(&cap.sub)),
            ..cap.clone()
        }),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(ascii_only).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(ascii_only).collect()),
    }
}

/// A literal every match of some branch of a pattern starts with (ASCII lower case), as found
/// by [`leads`].
#[derive(Clone, Debug, PartialEq)]
struct Lead {
    text: Vec<u8>,
    /// The branch matches exactly `text` (so what follows the branch extends it).
    exact: bool,
    /// A word boundary or the start of the text is asserted before `text`.
    bounded: bool,
}

/// At most this many leads: past it the analysis gives up (the pattern then runs everywhere).
const MAX_LEADS: usize = 256;

/// The literals the matches of `hir` start with: every match starts with (ASCII
/// case-insensitively) the text of one of them. `None` when there are too many to list.
/// Written here because regex-syntax's literal extractor bounds case variants so tightly that
/// `(?i)beneficiary` comes out as short prefixes; this one folds case classes instead.
fn leads(hir: &regex_syntax::hir::Hir) -> Option<Vec<Lead>> {
    use regex_syntax::hir::{Class, HirKind, Look};
    let empty = |bounded| Lead {
        text: Vec::new(),
        exact: true,
        bounded,
    };
    let open = || Lead {
        text: Vec::new(),
        exact: false,
        bounded: false,
    };
    let out = match hir.kind() {
        HirKind::Empty => vec![empty(false)],
        HirKind::Look(look) => vec![empty(matches!(
            look,
            Look::Start
                | Look::StartLF
                | Look::StartCRLF
                | Look::WordAscii
                | Look::WordUnicode
                | Look::WordStartAscii
                | Look::WordStartUnicode
                | Look::WordStartHalfAscii
                | Look::WordStartHalfUnicode
        ))],
        HirKind::Literal(lit) => vec![Lead {
            text: lit.0.to_ascii_lowercase(),
            exact: true,
            bounded: false,
        }],
        HirKind::Class(class) => {
            // The distinct lower-case bytes of a small class; a large one ends the literal.
            let mut bytes: Vec<u8> = Vec::new();
            let mut push_range = |lo: u32, hi: u32| -> bool {
                if hi - lo > 16 || hi > 0x7F {
                    return false;
                }
                bytes.extend((lo..=hi).map(|b| (b as u8).to_ascii_lowercase()));
                true
            };
            let small = match class {
                Class::Bytes(c) => c
                    .iter()
                    .all(|r| push_range(u32::from(r.start()), u32::from(r.end()))),
                Class::Unicode(c) => c
                    .iter()
                    .all(|r| push_range(u32::from(r.start()), u32::from(r.end()))),
            };
            bytes.sort_unstable();
            bytes.dedup();
            if !small || bytes.len() > 16 {
                vec![open()]
            } else {
                bytes
                    .into_iter()
                    .map(|b| Lead {
                        text: vec![b],
                        exact: true,
                        bounded: false,
                    })
                    .collect()
            }
        }
        HirKind::Capture(cap) => leads(&cap.sub)?,
        HirKind::Repetition(rep) => {
            let mut sub = leads(&rep.sub)?;
            if rep.max != Some(1) {
                // Repeated: what follows the first iteration is unknown.
                sub.iter_mut().for_each(|l| l.exact = false);
            }
            if rep.min == 0 {
                sub.push(empty(false));
            }
            sub
        }
        HirKind::Concat(parts) => {
            let mut acc = vec![empty(false)];
            for part in parts {
                if acc.iter().all(|l| !l.exact) {
                    break;
                }
                let next = leads(part)?;
                let mut grown = Vec::new();
                for lead in acc {
                    if !lead.exact {
                        grown.push(lead);
                        continue;
                    }
                    for n in &next {
                        let mut text = lead.text.clone();
                        text.extend_from_slice(&n.text);
                        grown.push(Lead {
                            bounded: if lead.text.is_empty() {
                                lead.bounded || n.bounded
                            } else {
                                lead.bounded
                            },
                            text,
                            exact: n.exact,
                        });
                    }
                    if grown.len() > MAX_LEADS {
                        return None;
                    }
                }
                acc = grown;
            }
            acc
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(leads(b)?);
                if all.len() > MAX_LEADS {
                    return None;
                }
            }
            all
        }
    };
    let mut out = out;
    out.dedup();
    (out.len() <= MAX_LEADS).then_some(out)
}

/// A compiled context requirement.
#[derive(Debug)]
pub(crate) struct Context {
    /// The context terms, normalized: indexed on first use (most runs check no candidate of
    /// a rule with context, and one context holds thousands of condition names).
    terms: Vec<Term>,
    sets: std::sync::OnceLock<ContextSets>,
    pub(crate) window: usize,
    pub(crate) mode: ContextMode,
    pub(crate) side: Side,
}

/// The context terms, as looked up.
#[derive(Debug)]
pub(crate) struct ContextSets {
    /// Single-word context terms (our words, so a fast hash rather than SipHash).
    pub(crate) words: rustc_hash::FxHashSet<Term>,
    /// Multi-word context terms, matched against the window's runs of consecutive words.
    pub(crate) phrases: rustc_hash::FxHashSet<Term>,
    /// The most words in a phrase.
    pub(crate) phrase_words: usize,
}

impl Context {
    pub(crate) fn new(terms: Vec<Term>, window: usize, mode: ContextMode, side: Side) -> Context {
        Context {
            terms,
            sets: std::sync::OnceLock::new(),
            window,
            mode,
            side,
        }
    }

    /// The terms as sets, built on the first call.
    pub(crate) fn sets(&self) -> &ContextSets {
        self.sets.get_or_init(|| {
            let (phrases, words): (Vec<&Term>, Vec<&Term>) =
                self.terms.iter().partition(|t| t.contains(' '));
            ContextSets {
                words: words.into_iter().cloned().collect(),
                phrase_words: phrases
                    .iter()
                    .map(|p| p.split(' ').count())
                    .max()
                    .unwrap_or(0),
                phrases: phrases.into_iter().cloned().collect(),
            }
        })
    }
}

/// The detectors the engine implements for structural rules (URLs, tracking, payloads, whole
/// SMS). A rule naming one (`detector = "url-variable"`) supplies the metadata, severity and
/// (optionally) terms the detector reads. Read by serde: a misspelt name is a load error at
/// its line, never a silently disabled check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Detector {
    /// The text is about an animal or another non-human subject (veterinary messages).
    NonHumanSubject,
    /// A URL whose components carry PHI found by the text rules.
    UrlEmbeddedPhi,
    /// A template variable inside a URL.
    UrlVariable,
    /// A link without TLS.
    InsecureScheme,
    /// Click tracking of an HTML anchor (`clicktracking` attributes, provider switches).
    TrackingAnchor,
    /// An open-tracking pixel.
    TrackingPixel,
    /// A click-tracking redirect wrapping a link.
    TrackingRedirect,
    /// Payload: click tracking on over PHI-bearing links.
    PayloadClickTracking,
    /// Payload: click tracking on by the provider's default.
    PayloadClickTrackingDefault,
    /// Payload: Google Analytics link decoration.
    PayloadGanalytics,
    /// Payload: open tracking.
    PayloadOpenTracking,
    /// Payload: link shortening.
    PayloadLinkShortening,
    /// Payload: PHI through a provider not declared BAA-covered.
    NonBaaProvider,
    /// A whole SMS without opt-out instructions.
    SmsOptOut,
    /// A whole SMS that does not identify its sender.
    SmsSenderId,
}

impl Detector {
    /// The name packs use (`url-variable`); the engine looks detector rules up by it.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Detector::NonHumanSubject => "non-human-subject",
            Detector::UrlEmbeddedPhi => "url-embedded-phi",
            Detector::UrlVariable => "url-variable",
            Detector::InsecureScheme => "insecure-scheme",
            Detector::TrackingAnchor => "tracking-anchor",
            Detector::TrackingPixel => "tracking-pixel",
            Detector::TrackingRedirect => "tracking-redirect",
            Detector::PayloadClickTracking => "payload-click-tracking",
            Detector::PayloadClickTrackingDefault => "payload-click-tracking-default",
            Detector::PayloadGanalytics => "payload-ganalytics",
            Detector::PayloadOpenTracking => "payload-open-tracking",
            Detector::PayloadLinkShortening => "payload-link-shortening",
            Detector::NonBaaProvider => "non-baa-provider",
            Detector::SmsOptOut => "sms-opt-out",
            Detector::SmsSenderId => "sms-sender-id",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn keyword_led_patterns_start_with_a_keyword_at_a_word_start() {
        let led = |src: &str, keywords: &[&str]| {
            let keywords: Vec<Term> = keywords.iter().map(|k| k.to_string().into()).collect();
            Pattern::new(src, true).unwrap().keyword_led(&keywords)
        };
        assert!(led(r"(?i)\bmrn\s*\d+", &["mrn"]));
        assert!(led(
            r"(?i)\b(?:mrn|m\.r\.n\.?|mr\s?#)\s*\d+",
            &["mrn", "m.r.n", "mr"]
        ));
        assert!(led(r"(?i)\bmedi-cal\s+\d+", &["medi cal"]));
        assert!(led(
            r"(?i)\b(?P<phi>positive|negative)\s+tests?\b",
            &["positive", "negative"]
        ));
        assert!(
            led(r"/dl\b", &["/dl"]),
            "punctuation-led keywords need no boundary"
        );
        // A branch led by a word that is not a keyword, a keyword inside the match, no word
        // boundary before a letter, an optional lead, a class lead.
        assert!(!led(
            r"(?i)\b(?:mrn|health\s+record)\s*\d+",
            &["mrn", "record"]
        ));
        assert!(!led(r"(?i)\bnon-?reactive\b", &["nonreactive", "reactive"]));
        assert!(!led(r"(?i)mrn\s*\d+", &["mrn"]));
        assert!(!led(r"(?i)\b(?:mrn)?\s*\d+", &["mrn"]));
        assert!(!led(r"(?i)\b[a-z]+\s+mrn", &["mrn"]));
        assert!(
            !led(r"(?i)\bmr", &["mrn"]),
            "the keyword is longer than the lead"
        );
    }

    fn load_one(src: &str) -> Result<Vec<Rule>, PackError> {
        let mut lists = BTreeMap::new();
        lists.insert("demo".to_owned(), vec!["alpha".into()]);
        load(
            &[PackSource {
                name: "test",
                src,
                json: None,
                builtin: false,
            }],
            &lists,
        )
    }

    const HEADER: &str = "[pack]\nname = \"test\"\ndescription = \"d\"\n";

    fn rule(body: &str) -> String {
        format!(
            "{HEADER}[[rule]]\ncode = \"DX901\"\nname = \"demo-rule\"\ncategory = \"diagnosis\"\n\
             message = \"m\"\nhelp = \"h\"\nseverity = {{ default = \"error\" }}\n{body}"
        )
    }

    #[test]
    fn a_user_regex_that_matches_empty_or_is_too_large_is_a_load_error() {
        for pattern in ["", "x*", "(a|)", "\\b"] {
            let src = rule(&format!("patterns = [{pattern:?}]\n"));
            let err = load_one(&src).unwrap_err();
            assert!(
                err.message().contains("empty string"),
                "{pattern}: {}",
                err.message()
            );
            let line = src[..src.find("patterns").unwrap()].matches('\n').count() + 1;
            assert_eq!(err.line(), Some(line), "{pattern}");
        }
        let huge = "(?:x{1000}){1000}";
        let err = load_one(&rule(&format!("patterns = [{huge:?}]\n"))).unwrap_err();
        assert!(err.message().contains("too large"), "{}", err.message());
        assert!(load_one(&rule("patterns = [\"x+\"]\n")).is_ok());
    }

    #[test]
    fn exception_sets_are_named_once_and_shared_across_packs() {
        let sets = "[pack]\nname = \"sets\"\ndescription = \"d\"\n\
                    [exception-sets]\nawareness = ['(?i)awareness month']\n";
        let user = rule("terms = [\"diabetes\"]\nexception-sets = [\"awareness\"]\n");
        let lists = BTreeMap::new();
        let source = |name, src| PackSource {
            name,
            src,
            json: None,
            builtin: false,
        };
        let rules = load(&[source("sets", sets), source("test", &user)], &lists).unwrap();
        assert_eq!(rules[0].exceptions.len(), 1);
        assert_eq!(rules[0].exceptions[0].as_str(), "(?i)awareness month");
        // An unknown set is an error at the rule's line.
        let missing = rule("terms = [\"diabetes\"]\nexception-sets = [\"awarenes\"]\n");
        let err = load(&[source("sets", sets), source("test", &missing)], &lists).unwrap_err();
        assert!(
            err.message().contains("no exception set `awarenes`"),
            "{}",
            err.message()
        );
        assert_eq!(err.file(), "test.toml");
        // Defined twice is an error.
        let err = load(&[source("a", sets), source("b", sets)], &lists).unwrap_err();
        assert!(
            err.message().contains("already defined"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn validator_data_is_known_by_its_header_not_its_name() {
        let list = |name: &str| {
            crate::builtin::WORDLISTS
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, src)| *src)
                .unwrap()
        };
        assert!(is_validator_data(list("icd10cm-codes")));
        assert!(!is_validator_data(list("conditions")));
        assert!(is_validator_data("# codes\n# category: validator\na00\n"));
        assert!(!is_validator_data("# codes\na00\n# category: validator\n"));
    }

    #[test]
    fn a_misspelt_detector_is_a_load_error_at_its_line() {
        let src = rule("detector = \"url-varaible\"\n");
        let err = load_one(&src).unwrap_err();
        let line = src[..src.find("detector").unwrap()].matches('\n').count() + 1;
        assert_eq!(err.line(), Some(line), "{}", err.message());
        assert!(err.message().contains("url-variable"), "{}", err.message());
        assert!(load_one(&rule("detector = \"url-variable\"\n")).is_ok());
    }

    #[test]
    fn a_pack_named_by_its_path_is_not_given_a_second_extension() {
        let src = "[pack]\nname = \"x\"\n[[rule]]\ncode = \"nope\"\n";
        let err = load(
            &[PackSource {
                name: "rules/extra.toml",
                src,
                json: None,
                builtin: false,
            }],
            &BTreeMap::new(),
        )
        .unwrap_err();
        assert_eq!(err.file(), "rules/extra.toml");
        let err = load(
            &[PackSource {
                name: "extra",
                src,
                json: None,
                builtin: true,
            }],
            &BTreeMap::new(),
        )
        .unwrap_err();
        assert_eq!(err.file(), "extra.toml");
    }

    #[test]
    fn loads_a_minimal_rule() {
        let rules = load_one(&rule(
            "terms = [\"Type-2  Diabetes\"]\nwordlists = [\"demo\"]\n",
        ))
        .unwrap();
        assert_eq!(rules[0].terms, ["type 2 diabetes", "alpha"]);
        assert_eq!(
            rules[0].meta.severity_on(Channel::Url),
            Some(Severity::Error)
        );
    }

    #[test]
    fn bad_regex_points_at_the_pattern_line() {
        let src = rule("patterns = ['''(unclosed''']\n");
        let e = load_one(&src).unwrap_err();
        assert!(e.message().contains("regex"), "{e}");
        assert_eq!(e.line(), Some(src.lines().count()));
    }

    #[test]
    fn unknown_category_and_keys_are_rejected_with_a_line() {
        let e = load_one(&rule("terms = [\"x\"]\n").replace("diagnosis", "diagnoses")).unwrap_err();
        assert_eq!(e.line(), Some(7), "{e}");
        let e = load_one(&rule("terms = [\"x\"]\nkeyword = [\"y\"]\n")).unwrap_err();
        assert!(e.message().contains("keyword"), "{e}");
    }

    #[test]
    fn duplicate_codes_and_missing_wordlists_are_rejected() {
        let one = rule("terms = [\"x\"]\n");
        let two = format!(
            "{one}{}",
            one.replace(HEADER, "").replace("demo-rule", "other")
        );
        assert!(
            load_one(&two)
                .unwrap_err()
                .message()
                .contains("already defined")
        );
        assert!(
            load_one(&rule("wordlists = [\"nope\"]\n"))
                .unwrap_err()
                .message()
                .contains("nope")
        );
    }

    /// The embedded wordlists, checked.
    fn builtin_lists() -> BTreeMap<String, Vec<Term>> {
        crate::builtin::WORDLISTS
            .iter()
            .filter(|(_, src)| !is_validator_data(src))
            .map(|(name, src)| {
                let list = parse_wordlist(name, src, true).unwrap();
                (name.to_string(), list.into_iter().map(Term::from).collect())
            })
            .collect()
    }

    #[test]
    fn every_builtin_pattern_compiles() {
        let lists = builtin_lists();
        let packs: Vec<PackSource<'_>> = crate::builtin::PACKS
            .iter()
            .map(|(name, src)| PackSource {
                name,
                src,
                json: None,
                builtin: true,
            })
            .collect();
        for rule in load(&packs, &lists).unwrap() {
            for p in &rule.patterns {
                assert_eq!(p.check(), Ok(()), "{}: {}", rule.meta.code, p.as_str());
            }
            for p in &rule.exceptions {
                assert!(p.get().is_some(), "{}: {}", rule.meta.code, p.as_str());
                assert!(p.get_raw().is_some(), "{}: {}", rule.meta.code, p.as_str());
            }
        }
    }

    /// build.rs embeds each default pack as JSON too, read instead of the TOML: both readings
    /// must give the same rules, every field.
    #[test]
    fn the_embedded_json_reads_as_the_toml_does() {
        let lists = builtin_lists();
        let read = |json: bool| {
            let packs: Vec<PackSource<'_>> = crate::builtin::PACKS
                .iter()
                .map(|(name, src)| PackSource {
                    name,
                    src,
                    json: json.then(|| crate::linter::builtin_json(name).unwrap()),
                    builtin: true,
                })
                .collect();
            load(&packs, &lists).unwrap()
        };
        let (from_json, from_toml) = (read(true), read(false));
        assert!(from_toml.len() > 100, "{}", from_toml.len());
        assert_eq!(format!("{from_json:#?}"), format!("{from_toml:#?}"));
    }

    /// A pack read from JSON is read again from its TOML when loading fails: the error is
    /// reported at its line (a JSON error has none), and a bad JSON never hides good TOML.
    #[test]
    fn a_json_read_pack_reports_errors_from_its_toml() {
        let bad = rule("terms = [\"x\"]\ncontext = { mode = \"requires\" }\n");
        let good = rule("terms = [\"x\"]\n");
        let json = r#"{"pack": {"name": "test", "description": "d"}, "rule": [{"code": 1}]}"#;
        let load_with = |src: &str| {
            let source = PackSource {
                name: "test",
                src,
                json: Some(json),
                builtin: true,
            };
            load(&[source], &BTreeMap::new())
        };
        let err = load_with(&bad).unwrap_err();
        assert_eq!(err.line(), Some(bad.lines().count()), "{err}");
        assert!(err.message().contains("requires"), "{err}");
        assert_eq!(load_with(&good).unwrap()[0].meta.code, "DX901");
    }

    #[test]
    fn wordlists_must_be_sorted_lowercase_and_unique() {
        assert_eq!(
            parse_wordlist("w", "# h\nalpha\nbeta gamma\n", true)
                .unwrap()
                .len(),
            2
        );
        assert!(parse_wordlist("w", "beta\nalpha\n", true).is_err());
        assert!(parse_wordlist("w", "alpha\nalpha\n", true).is_err());
        let e = parse_wordlist("w", "alpha\nBeta\n", true).unwrap_err();
        assert_eq!(e.line(), Some(2));
    }
}
