//! Span-preserving decomposition of outbound messages and their templates.
//!
//! phi-lint reads template files, HTML email, URLs, i18n resources and provider payloads. Every
//! piece this crate hands to the engine carries a byte [`Span`] into the original input, so a
//! finding always points at the characters the author wrote — also inside a template tag, an
//! HTML attribute or a percent-encoded query value.
//!
//! Why hand-written scanners instead of the template engines' own parsers: pre-commit sees
//! fragments and partials with unknown helpers, which must never be hard errors; we need byte
//! spans for every piece; and one lenient scanner per dialect costs no dependencies. Nothing in
//! this crate fails: malformed input produces [`SyntaxIssue`]s and the rest is still decomposed.
//!
//! The crate knows nothing about rules or PHI; it only says *where* text, variables, URLs and
//! strings are.

#![deny(missing_docs)]

pub mod formats;
pub mod html;
mod span;
pub mod template;
pub mod url;

pub use span::{LineIndex, Span, SyntaxIssue};

pub use template::{Dialect, Template};
