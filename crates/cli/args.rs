//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find protected health information (PHI) in outbound SMS, push and email messages and in the
/// templates they are rendered from.
#[derive(Debug, Parser)]
#[command(name = "phi-lint", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check JSON Lines messages from stdin: one result line per input line.
    ///
    /// Input: {"id": ..., "channel": "sms"|"push"|"email_subject"|"email_text"|"email_html"|"url",
    /// "syntax": optional, "text": ...}. Output: {"id": ..., "findings": [...]}, or
    /// {"line": N, "error": "..."} for a line that cannot be read. Redacted by default.
    Scan(ScanArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Jsonl)]
    pub(crate) format: ScanFormat,
    /// How much message text excerpts may show.
    #[arg(long, value_enum, default_value_t = RedactArg::Label)]
    pub(crate) redact: RedactArg,
    /// Severity at or above which the exit code is 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub(crate) fail_on: FailOn,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ScanFormat {
    /// One JSON object per line.
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum RedactArg {
    /// Excerpts are the category label only.
    Label,
    /// Excerpts show surrounding words with findings masked.
    Mask,
    /// Excerpts show raw text.
    None,
}

impl From<RedactArg> for phi_lint::Redaction {
    fn from(r: RedactArg) -> Self {
        match r {
            RedactArg::Label => phi_lint::Redaction::Label,
            RedactArg::Mask => phi_lint::Redaction::Mask,
            RedactArg::None => phi_lint::Redaction::None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail on findings.
    Never,
}

impl FailOn {
    pub(crate) fn threshold(self) -> Option<phi_lint::Severity> {
        match self {
            FailOn::Error => Some(phi_lint::Severity::Error),
            FailOn::Warning => Some(phi_lint::Severity::Warning),
            FailOn::Info => Some(phi_lint::Severity::Info),
            FailOn::Never => None,
        }
    }
}
