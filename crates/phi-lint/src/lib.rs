//! phi-lint finds protected health information (PHI) in outbound SMS, push and email messages
//! — bodies, subject lines, links — and in the templates they are rendered from, and reports
//! each violation of the minimize-PHI guidance with its rule, category, severity and byte span.
//!
//! ```
//! use phi_lint::{Category, Linter, Message, Severity};
//!
//! // Build once at start-up; share the linter (it is `Send + Sync`, cloning is cheap).
//! let linter = Linter::builder().build()?;
//!
//! let report = linter.check(&Message::sms("Your HIV test came back positive. Call 555-0100."));
//! assert!(report.blocks(Severity::Warning));
//! let diagnosis = report.findings().iter().find(|f| f.category() == Category::Diagnosis);
//! // Findings never carry message text unless asked: the default excerpt is the category.
//! assert_eq!(diagnosis.map(|f| f.excerpt()), Some("[diagnosis]"));
//! # Ok::<(), phi_lint::BuildError>(())
//! ```
//!
//! # Design
//!
//! Rules are data: TOML packs and wordlists under `rules/`, embedded at build time. The engine
//! is generic: all terms and keywords of all rules run in one Aho-Corasick automaton over a
//! normalized copy of the text; regexes run only for rules whose keywords occur (or always, for
//! keyword-less rules); hits pass validators, exceptions and context
//! windows; overlapping hits are reported once, by the longest. Templates, HTML and URLs are
//! decomposed by `phi-lint-syntax` into a length-preserving text view, variables and URL
//! components, so every finding points at the bytes the author wrote.

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}
pub mod config;
pub mod document;
mod engine;
mod finding;
mod linter;
mod matcher;
mod message;
mod provider;
mod rules;
mod selector;
mod types;
mod validate;

pub use config::{Config, ConfigError};
pub use document::{Document, DocumentFinding, DocumentReport};
pub use finding::{Finding, Issue, Location, Redaction, Report};
pub use linter::{BuildError, Linter, LinterBuilder};
pub use message::{Message, Origin, Part};
pub use phi_lint_syntax::{Dialect, LineIndex, Span};
pub use provider::Provider;
pub use rules::{Example, Examples, PackError, RuleMeta, Sensitive};
pub use types::{Category, Channel, Severity};

/// The names and texts of the embedded default rule packs (`rules/*.toml`).
pub fn builtin_packs() -> impl Iterator<Item = (&'static str, &'static str)> {
    builtin::PACKS.iter().copied()
}

/// The names and texts of the embedded wordlists (`rules/wordlists/*.txt`).
pub fn builtin_wordlists() -> impl Iterator<Item = (&'static str, &'static str)> {
    builtin::WORDLISTS.iter().copied()
}
