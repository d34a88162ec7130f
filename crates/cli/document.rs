//! One checked file, as the reporters see it. The reading, checking and placing of findings
//! is the library's (`phi_lint::document`); this is the file's CLI context around it.

use std::{path::PathBuf, sync::Arc};

use phi_lint::Severity;
pub(crate) use phi_lint::document::{DocumentFinding as Located, Item, Problem};

/// One file's results.
#[derive(Debug)]
pub(crate) struct FileResult {
    pub(crate) path: PathBuf,
    /// The path relative to the repository root, `/`-separated (SARIF, baselines).
    pub(crate) rel: String,
    /// The failure threshold from the file's config (`None`: not set there; `Some(None)`:
    /// never fail).
    pub(crate) fail_on: Option<Option<Severity>>,
    pub(crate) src: Arc<str>,
    /// The channel the file was read as, and how its bytes were decoded.
    pub(crate) channel: phi_lint::Channel,
    pub(crate) encoding: phi_lint::document::Encoding,
    pub(crate) findings: Vec<Located>,
    pub(crate) problems: Vec<Problem>,
    /// Set when a part had more findings than `max-findings`: the file is an error (exit 2).
    pub(crate) limit_exceeded: Option<phi_lint::document::LimitExceeded>,
}
