//! Why a `Linter` could not be built: an opaque [`BuildError`] with a
//! [`kind`](BuildError::kind), as `regex::Error` and `aho_corasick::BuildError` are, so new
//! kinds of error and new details do not break callers.

use std::fmt;

use crate::rules::PackError;

/// Why a linter could not be built. [`kind`](Self::kind) says which problem it is; with the
/// `miette` feature it is a diagnostic (a pack error labels the file and line).
///
/// ```
/// use phi_lint::{BuildErrorKind, Linter};
///
/// let err = Linter::builder().ignore(["NOPE123"]).build().unwrap_err();
/// assert!(matches!(err.kind(), BuildErrorKind::UnknownSelector(s) if s == "NOPE123"));
/// ```
#[derive(Debug)]
pub struct BuildError {
    kind: Box<BuildErrorKind>,
}

/// Which problem a [`BuildError`] is.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A rule pack or wordlist is malformed.
    Pack(PackError),
    /// A `select`, `ignore` or severity override names no rule, prefix, name or category.
    UnknownSelector(String),
    /// A provider named in `LinterBuilder::baa_providers` is not one phi-lint knows.
    UnknownProvider(String),
    /// An allowed term is empty or blank: it would silence every finding.
    EmptyAllowedTerm(String),
    /// The packs' terms and keywords are more than one automaton can hold (wordlists of many
    /// megabytes); the text says which limit was exceeded.
    TooManyTerms(String),
}

impl BuildError {
    /// Which problem this is.
    pub fn kind(&self) -> &BuildErrorKind {
        &self.kind
    }
}

impl From<BuildErrorKind> for BuildError {
    fn from(kind: BuildErrorKind) -> Self {
        BuildError {
            kind: Box::new(kind),
        }
    }
}

impl From<PackError> for BuildError {
    fn from(e: PackError) -> Self {
        BuildErrorKind::Pack(e).into()
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind() {
            BuildErrorKind::Pack(e) => e.fmt(f),
            BuildErrorKind::UnknownSelector(s) => {
                write!(
                    f,
                    "`{s}` matches no rule code, code prefix, rule name or category"
                )
            }
            BuildErrorKind::UnknownProvider(p) => write!(f, "`{p}` is not a known provider"),
            BuildErrorKind::EmptyAllowedTerm(_) => {
                f.write_str("an allowed term is empty (it would allow everything)")
            }
            BuildErrorKind::TooManyTerms(limit) => {
                write!(f, "the rule packs have too many terms to match ({limit})")
            }
        }
    }
}

impl std::error::Error for BuildError {}

#[cfg(feature = "miette")]
impl miette::Diagnostic for BuildError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self.kind() {
            BuildErrorKind::Pack(e) => e.help(),
            BuildErrorKind::UnknownSelector(_) => Some(Box::new(
                "`phi-lint rules` lists codes, names and categories",
            )),
            BuildErrorKind::UnknownProvider(_) => Some(Box::new(format!(
                "known providers: {}",
                crate::types::Provider::ALL
                    .map(crate::types::Provider::as_str)
                    .join(", ")
            ))),
            BuildErrorKind::EmptyAllowedTerm(_) => {
                Some(Box::new("name the organisation or phrase that is safe"))
            }
            BuildErrorKind::TooManyTerms(_) => Some(Box::new(
                "split the largest wordlists, or match their entries with patterns",
            )),
        }
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match self.kind() {
            BuildErrorKind::Pack(e) => e.source_code(),
            _ => None,
        }
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        match self.kind() {
            BuildErrorKind::Pack(e) => e.labels(),
            _ => None,
        }
    }
}
