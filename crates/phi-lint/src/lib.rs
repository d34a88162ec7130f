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
//! # Files and configuration
//!
//! [`Document`] reads a file the way the `phi-lint check` command does (template dialect,
//! i18n strings, `.eml` parts, provider payloads; channel from the path), and
//! [`Linter::check_document`] returns its findings placed in the file, with inline
//! suppressions and baseline fingerprints. [`Config`] is the project's `.phi-lint.toml`:
//! [`Config::discover`] finds it, [`Config::linter_builder`] and [`Config::configure`] apply it.
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

//! # Untrusted input
//!
//! Messages, templates and payloads are untrusted: a template under review, a payload built
//! from user data, a file an attacker committed. The library is built to be called on them
//! directly, in the spirit of the `regex` crate's guarantees:
//!
//! - **No panics.** [`Linter::check`] and [`Linter::check_payload`] are infallible on any
//!   `&str`; malformed syntax becomes an [`Issue`] and the rest is still checked. Rule packs and
//!   wordlists that do not load are a [`BuildError`], never a panic.
//! - **Spans slice the text.** Every [`Finding`] and [`Issue`] span lies within its part and on
//!   UTF-8 character boundaries, so `&text[span.range()]` never panics.
//! - **No message text unless asked.** With the default [`Redaction::Label`], findings, issues,
//!   reports and errors never carry message text in `Debug`, `Display` or serde output.
//! - **Linear cost.** Checking is linear in the input's size (n log n in the number of
//!   findings): matching is Aho-Corasick plus regexes with the `regex` crate's linear-time
//!   guarantee, template, HTML, URL and i18n scanning are single passes, and overlap resolution,
//!   allowed terms and masking sort once instead of comparing every pair. `benches/scaling.rs`
//!   measures doublings up to 8 MB on one line and 16,000 nested template blocks: time and
//!   memory about double per doubling, dense PHI included.
//! - **Bounded depth, reported.** Nothing is cut silently; every bound below yields an
//!   [`Issue`] naming it and checking continues:
//!   - template blocks are tracked 64 levels deep (deeper variables are still checked, read
//!     without the loops around them);
//!   - JSON (payloads, i18n files) nests at most 128 levels; YAML inline sequences 32; MIME
//!     parts 16;
//!   - after 16 unclosed HTML constructs the rest of a document is read as text.
//!
//!   Redirect URLs nested inside URLs are decoded 3 levels deep; a deeper one is still matched
//!   as decoded text, only not decomposed further.
//!
//! - **Bounded files, refused whole.** A [`Document`] read from a file, a reader or bytes
//!   holds at most [`Limits::max_file_size`](document::Limits) bytes (default 16 MiB) and
//!   lines of at most `max_line_length` bytes (default 1 MiB). A file over a bound is an
//!   [`io::ErrorKind::FileTooLarge`](std::io::ErrorKind::FileTooLarge) error carrying a
//!   [`LimitExceeded`](document::LimitExceeded) that names the bound — never a truncated
//!   check. A regular file is measured from its metadata before it is read, and no read
//!   (a pipe, stdin, `/dev/zero`, a growing file) goes more than one byte past the bound.
//!   [`Document::read`] takes other [`Limits`](document::Limits) (the `max-file-size` and
//!   `max-line-length` configuration keys).
//!
//! - **Bounded findings, reported.** One message part reports at most
//!   [`LinterBuilder::max_findings`] findings (default 10,000; the `max-findings`
//!   configuration key). A part with more reports its first ones in text order, an [`Issue`]
//!   naming the bound, and [`Report::limit_exceeded`] (for a document,
//!   [`DocumentReport::limit_exceeded`]): the caller learns the check is incomplete, and
//!   `phi-lint` exits 2 for the file (`scan`: an error record for the line).
//!
//! Not bounded by the library: the size of a [`Message`] (and of a [`Document`] made with
//! [`Document::from_text`]). It costs linear time and memory; a caller that accepts arbitrary
//! sizes should cap it.

#![deny(missing_docs)]

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}
mod compiled;
pub mod config;
pub mod document;
mod engine;
mod error;
mod finding;
mod fix;
mod fuzzy;
mod language;
mod linter;
mod matcher;
mod message;
mod normalize;
mod provider;
mod rules;
mod selector;
mod term_automaton;
mod types;
mod validate;

pub use config::{Config, ConfigError};
pub use document::{Document, DocumentFinding, DocumentReport, FixedDocument};
pub use error::{BuildError, BuildErrorKind};
pub use finding::{Finding, Issue, Location, Redaction, Report};
pub use fix::{Applicability, Edit, Fix, FixSpec, apply_fixes};
pub use language::Language;
pub use linter::{Linter, LinterBuilder};
pub use message::{Message, Origin, Part};
pub use phi_lint_syntax::{Dialect, LineIndex, Span};
pub use rules::{Example, Examples, PackError, RuleMeta, Sensitive};
pub use types::{Category, Channel, Provider, Severity};

/// The names and texts of the embedded default rule packs (`rules/*.toml`).
pub fn builtin_packs() -> impl Iterator<Item = (&'static str, &'static str)> {
    builtin::PACKS.iter().copied()
}

/// The names and texts of the embedded wordlists (`rules/wordlists/*.txt`).
pub fn builtin_wordlists() -> impl Iterator<Item = (&'static str, &'static str)> {
    builtin::WORDLISTS.iter().copied()
}
