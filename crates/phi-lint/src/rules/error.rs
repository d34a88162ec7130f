//! [`PackError`]: a rule pack or wordlist that cannot be loaded, with its diagnostic.

use std::{fmt, sync::Arc};

/// A rule pack or wordlist that cannot be loaded.
///
/// Carries the file's name and text so a reporter can underline the offending line; the
/// message names the problem, never message text (packs are code, not PHI).
#[derive(Clone)]
pub struct PackError {
    file: String,
    src: Arc<str>,
    span: Option<std::ops::Range<usize>>,
    message: String,
    help: Option<String>,
}

impl PackError {
    pub(crate) fn new(
        file: &str,
        src: &str,
        span: Option<std::ops::Range<usize>>,
        message: String,
    ) -> Self {
        PackError {
            file: file.to_owned(),
            src: src.into(),
            span,
            message,
            help: None,
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The pack or wordlist file name.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The byte range of the problem in the file, when known.
    pub fn span(&self) -> Option<std::ops::Range<usize>> {
        self.span.clone()
    }

    /// 1-based line of the problem, when known.
    pub fn line(&self) -> Option<usize> {
        let span = self.span.as_ref()?;
        Some(
            self.src
                .get(..span.start)
                .map_or(1, |s| s.matches('\n').count() + 1),
        )
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Debug for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PackError")
            .field("file", &self.file)
            .field("span", &self.span)
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for PackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line() {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for PackError {}

#[cfg(feature = "miette")]
impl miette::Diagnostic for PackError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span.clone()?;
        let label = miette::LabeledSpan::new_primary_with_span(Some("here".into()), span);
        Some(Box::new(std::iter::once(label)))
    }
}
