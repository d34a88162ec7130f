//! The TOML schema of a rule pack, as serde reads it (documented in `rules/README.md`).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{ContextMode, Detector, Examples, Scope, Sensitive, Side, Validator};
use crate::fix::FixDef;
use crate::types::{Category, Severity};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PackFile {
    pub(super) pack: PackHeader,
    /// Named exception sets any rule of any pack can use (`exception-sets = ["name"]`), so a
    /// shared exception is written once instead of pasted into every rule.
    #[serde(default, rename = "exception-sets")]
    pub(super) exception_sets: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    pub(super) rule: Vec<RuleDef>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PackHeader {
    pub(super) name: String,
    /// The language of the pack's words (ISO 639-1); English packs run on every part, others
    /// only on parts in their language.
    #[serde(default)]
    pub(super) language: Option<Spanned<String>>,
    // Documents the pack for its readers; the engine does not need it.
    #[serde(rename = "description")]
    pub(super) _description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RuleDef {
    pub(super) code: Spanned<String>,
    pub(super) name: Spanned<String>,
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
    pub(super) terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) wordlists: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) case_sensitive: bool,
    #[serde(default)]
    pub(super) keywords: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) validator: Option<Validator>,
    #[serde(default)]
    pub(super) context: Option<ContextDef>,
    #[serde(default)]
    pub(super) exceptions: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) exception_sets: Vec<Spanned<String>>,
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
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct ContextDef {
    #[serde(default)]
    pub(super) terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) wordlists: Vec<Spanned<String>>,
    #[serde(default = "default_window")]
    pub(super) window: usize,
    pub(super) mode: ContextMode,
    #[serde(default)]
    pub(super) side: Side,
}

pub(super) fn default_window() -> usize {
    6
}
