//! Findings and reports. Neither ever exposes raw message text through `Debug`, `Display` or
//! serde: the only text a finding carries is its redacted excerpt.

use std::{fmt, sync::Arc};

use phi_lint_syntax::Span;
use serde::{Serialize, Serializer, ser::SerializeStruct};

use crate::document::LimitExceeded;
use crate::fix::Fix;
use crate::rules::RuleMeta;
use crate::types::{Category, Severity};

/// Where in a part a finding sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Location {
    /// Visible text.
    Text,
    /// Inside a URL (a path segment, query key or value, fragment, or the scheme).
    Url,
    /// A template variable (its name says what it will hold).
    Variable,
    /// Provider metadata (tags, custom args).
    Metadata,
    /// A provider payload setting (tracking switches, provider choice).
    Payload,
}

impl Location {
    /// The snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Location::Text => "text",
            Location::Url => "url",
            Location::Variable => "variable",
            Location::Metadata => "metadata",
            Location::Payload => "payload",
        }
    }
}

/// How much of the message a finding's excerpt may show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Redaction {
    /// The excerpt is only the category label, `[diagnosis]`. The default: safe for logs.
    #[default]
    Label,
    /// The words around the finding, with every finding's text replaced by `*`, and so is any
    /// other occurrence of that text (ASCII case ignored), flagged or not.
    Mask,
    /// The raw text around the finding. For template files (source code) and local debugging.
    None,
}

/// One violation of the minimize-PHI guidance.
#[derive(Clone)]
pub struct Finding {
    pub(crate) rule: Arc<RuleMeta>,
    pub(crate) severity: Severity,
    pub(crate) part: usize,
    pub(crate) location: Location,
    pub(crate) span: Span,
    pub(crate) note: Option<String>,
    pub(crate) excerpt: String,
    pub(crate) fix: Option<Fix>,
}

impl Finding {
    /// The rule's code (`DX001`).
    pub fn code(&self) -> &str {
        &self.rule.code
    }

    /// The rule's kebab-case name.
    pub fn name(&self) -> &str {
        &self.rule.name
    }

    /// The taxonomy category.
    pub fn category(&self) -> Category {
        self.rule.category
    }

    /// Severity, resolved for the part's channel and context.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The index of the message part the finding is in.
    pub fn part(&self) -> usize {
        self.part
    }

    /// Where in the part the finding is.
    pub fn location(&self) -> Location {
        self.location
    }

    /// The byte span in the part's text.
    pub fn span(&self) -> Span {
        self.span
    }

    /// What the finding says: the rule's message, plus detail that quotes no input (for URL
    /// findings, which kind of information the URL carries).
    pub fn message(&self) -> String {
        match &self.note {
            Some(note) => format!("{} ({note})", self.rule.message),
            None => self.rule.message.clone(),
        }
    }

    /// One line on what to do instead.
    pub fn help(&self) -> &str {
        &self.rule.help
    }

    /// The excerpt, redacted as the linter was configured ([`Redaction`]).
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }

    /// The fix, when the rule declares one and it is certain here (edits in the part's text).
    pub fn fix(&self) -> Option<&Fix> {
        self.fix.as_ref()
    }

    /// The rule's full metadata.
    pub fn rule(&self) -> &RuleMeta {
        &self.rule
    }
}

// Hand-written so that no message text can reach a log through `{:?}`: the excerpt is left out
// even when the linter was configured without redaction.
impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("code", &self.rule.code)
            .field("category", &self.rule.category)
            .field("severity", &self.severity)
            .field("part", &self.part)
            .field("location", &self.location)
            .field("span", &self.span)
            .finish()
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} [{}] {} at {}..{}",
            self.severity,
            self.rule.code,
            self.rule.category,
            self.message(),
            self.span.start,
            self.span.end
        )
    }
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Finding", 10)?;
        s.serialize_field("rule", &self.rule.code)?;
        s.serialize_field("name", &self.rule.name)?;
        s.serialize_field("category", &self.rule.category)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("message", &self.message())?;
        s.serialize_field("start", &self.span.start)?;
        s.serialize_field("end", &self.span.end)?;
        s.serialize_field("location", &self.location)?;
        s.serialize_field("part", &self.part)?;
        s.serialize_field("excerpt", &self.excerpt)?;
        s.end()
    }
}

/// A problem reading a part (an unclosed template tag, …). Never fatal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Issue {
    /// The part index.
    pub part: usize,
    /// Where.
    #[serde(serialize_with = "ser_span")]
    pub span: Span,
    /// What is wrong; quotes no input.
    pub message: String,
}

fn ser_span<S: Serializer>(span: &Span, s: S) -> Result<S::Ok, S::Error> {
    (span.start, span.end).serialize(s)
}

/// The result of checking a message: findings sorted by part and position, plus reading issues.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub(crate) findings: Vec<Finding>,
    pub(crate) issues: Vec<Issue>,
    /// Set when a part had more findings than the linter reports.
    #[serde(skip)]
    pub(crate) limit_exceeded: Option<LimitExceeded>,
}

impl Report {
    /// The findings, sorted by part and start offset.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Consumes the report, returning its findings.
    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }

    /// Problems met while reading the parts.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The bound a part went over ([`LimitExceeded::Findings`]; see
    /// [`LinterBuilder::max_findings`](crate::LinterBuilder::max_findings)): the findings are
    /// incomplete, and a caller should treat the message as an error, not as checked.
    pub fn limit_exceeded(&self) -> Option<LimitExceeded> {
        self.limit_exceeded
    }

    /// True when nothing was found.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// The highest severity found, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// True when a finding is at or above `threshold`: the message should not be sent as is.
    pub fn blocks(&self, threshold: Severity) -> bool {
        self.max_severity().is_some_and(|s| s >= threshold)
    }
}
