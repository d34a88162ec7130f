//! The TOML schema of a rule pack, as serde reads it (documented in `rules/README.md`).
//!
//! Generic over how a pack's strings carry their place in the file ([`Located`]): a pack read
//! from TOML knows the span of each, for errors at the line; an embedded pack is read from the
//! JSON build.rs made of it, where serde has no spans to give.

use std::{collections::BTreeMap, ops::Range};

use serde::Deserialize;
use toml::Spanned;

use super::{ContextMode, Detector, Examples, Scope, Sensitive, Side, Validator};
use crate::fix::FixDef;
use crate::types::{Category, Severity};

/// A pack's string and where it is written.
pub(super) trait Located: Ord + for<'de> Deserialize<'de> {
    fn get_ref(&self) -> &String;
    /// The byte range in the pack's TOML (empty when not known).
    fn span(&self) -> Range<usize>;
    fn into_inner(self) -> String;
}

impl Located for Spanned<String> {
    fn get_ref(&self) -> &String {
        Spanned::get_ref(self)
    }
    fn span(&self) -> Range<usize> {
        Spanned::span(self)
    }
    fn into_inner(self) -> String {
        Spanned::into_inner(self)
    }
}

/// A string of an embedded pack read from its JSON: no span. An error in such a pack is
/// reported by reading its TOML (see `LinterBuilder::load`).
#[derive(PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(transparent)]
pub(super) struct Unplaced(String);

impl Located for Unplaced {
    fn get_ref(&self) -> &String {
        &self.0
    }
    fn span(&self) -> Range<usize> {
        0..0
    }
    fn into_inner(self) -> String {
        self.0
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "S: Located"))]
pub(super) struct PackFile<S> {
    pub(super) pack: PackHeader<S>,
    /// Named exception sets any rule of any pack can use (`exception-sets = ["name"]`), so a
    /// shared exception is written once instead of pasted into every rule.
    #[serde(default, rename = "exception-sets")]
    pub(super) exception_sets: BTreeMap<S, Vec<S>>,
    #[serde(default)]
    pub(super) rule: Vec<RuleDef<S>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, bound(deserialize = "S: Located"))]
pub(super) struct PackHeader<S> {
    pub(super) name: String,
    /// The language of the pack's words (ISO 639-1); English packs run on every part, others
    /// only on parts in their language.
    #[serde(default)]
    pub(super) language: Option<S>,
    // Documents the pack for its readers; the engine does not need it.
    #[serde(rename = "description")]
    pub(super) _description: String,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    bound(deserialize = "S: Located")
)]
pub(super) struct RuleDef<S> {
    pub(super) code: S,
    pub(super) name: S,
    pub(super) category: Category,
    pub(super) message: String,
    pub(super) help: String,
    #[serde(default)]
    pub(super) guidance: Option<String>,
    #[serde(default)]
    pub(super) sensitive: Option<Sensitive>,
    #[serde(default)]
    pub(super) opt_in: bool,
    pub(super) severity: SeverityDef,
    #[serde(default)]
    pub(super) scope: Option<Vec<Scope>>,
    #[serde(default)]
    pub(super) terms: Vec<S>,
    #[serde(default)]
    pub(super) wordlists: Vec<S>,
    #[serde(default)]
    pub(super) case_sensitive: bool,
    #[serde(default)]
    pub(super) keywords: Vec<S>,
    #[serde(default)]
    pub(super) patterns: Vec<S>,
    #[serde(default)]
    pub(super) validator: Option<Validator>,
    #[serde(default)]
    pub(super) context: Option<ContextDef<S>>,
    #[serde(default)]
    pub(super) exceptions: Vec<S>,
    #[serde(default)]
    pub(super) exception_sets: Vec<S>,
    #[serde(default)]
    pub(super) detector: Option<Detector>,
    #[serde(default)]
    pub(super) docs: String,
    #[serde(default)]
    pub(super) fix: Option<FixDef>,
    #[serde(default)]
    pub(super) examples: Examples,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    pub(super) fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct SeverityDef {
    pub(super) default: Level,
    pub(super) sms: Option<Level>,
    pub(super) push: Option<Level>,
    pub(super) email_subject: Option<Level>,
    pub(super) email_text: Option<Level>,
    pub(super) email_html: Option<Level>,
    pub(super) url: Option<Level>,
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    bound(deserialize = "S: Located")
)]
pub(super) struct ContextDef<S> {
    #[serde(default)]
    pub(super) terms: Vec<S>,
    #[serde(default)]
    pub(super) wordlists: Vec<S>,
    #[serde(default = "default_window")]
    pub(super) window: usize,
    pub(super) mode: ContextMode,
    #[serde(default)]
    pub(super) side: Side,
}

pub(super) fn default_window() -> usize {
    6
}
