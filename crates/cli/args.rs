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
    /// Check template and message files (directories are walked, honouring .gitignore).
    Check(CheckArgs),
    /// List the rules, or explain one.
    Rules(RulesArgs),
    /// Check JSON Lines messages from stdin: one result line per input line.
    ///
    /// Input: {"id": ..., "channel": "sms"|"push"|"email_subject"|"email_text"|"email_html"|"url",
    /// "syntax": optional, "text": ...}. Output: {"id": ..., "findings": [...]}, or
    /// {"line": N, "error": "..."} for a line that cannot be read. Redacted by default.
    Scan(ScanArgs),
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<std::path::PathBuf>,
    /// Read every file as this channel instead of inferring it from the path.
    #[arg(long, value_parser = parse_channel)]
    pub(crate) channel: Option<phi_lint::Channel>,
    /// Read every template in this dialect instead of inferring it from the extension.
    #[arg(long, value_parser = parse_dialect)]
    pub(crate) syntax: Option<phi_lint::Dialect>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub(crate) format: CheckFormat,
    #[command(flatten)]
    pub(crate) rules: RuleSelection,
    /// Severity at or above which the exit code is 1.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub(crate) fail_on: FailOn,
    /// Exit 0 even when findings reach the threshold (errors still exit 2).
    #[arg(long)]
    pub(crate) exit_zero: bool,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
}

/// Rule selection flags, shared by the commands that build a linter.
#[derive(Debug, Args, Default)]
pub(crate) struct RuleSelection {
    /// Enable only these rules: codes, code prefixes, names or categories (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub(crate) select: Option<Vec<String>>,
    /// Enable these rules in addition to the selection.
    #[arg(long, value_delimiter = ',')]
    pub(crate) extend_select: Vec<String>,
    /// Disable these rules.
    #[arg(long, value_delimiter = ',')]
    pub(crate) ignore: Vec<String>,
}

impl RuleSelection {
    /// Applies the selection to a linter builder.
    pub(crate) fn apply(&self, mut builder: phi_lint::LinterBuilder) -> phi_lint::LinterBuilder {
        if let Some(select) = &self.select {
            builder = builder.select(select.iter().cloned());
        }
        builder
            .extend_select(self.extend_select.iter().cloned())
            .ignore(self.ignore.iter().cloned())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum CheckFormat {
    /// Diagnostics with the source line and underlined span.
    Human,
    /// One line per finding: `path:line:col: CODE [severity] message`.
    Concise,
    /// One JSON document.
    Json,
    /// One JSON object per finding.
    Jsonl,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorArg {
    /// Colour when stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Args)]
pub(crate) struct RulesArgs {
    #[command(subcommand)]
    pub(crate) command: Option<RulesCommand>,
    /// Output format for the list.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub(crate) format: ListFormat,
}

#[derive(Debug, Subcommand)]
pub(crate) enum RulesCommand {
    /// Print one rule's documentation.
    Explain {
        /// A rule code or name.
        rule: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// A table.
    Text,
    /// JSON.
    Json,
}

fn parse_channel(s: &str) -> Result<phi_lint::Channel, String> {
    phi_lint::Channel::from_name(s).ok_or_else(|| {
        "expected sms, push, email_subject, email_text, email_html or url".to_owned()
    })
}

fn parse_dialect(s: &str) -> Result<phi_lint::Dialect, String> {
    phi_lint::Dialect::from_name(s).ok_or_else(|| {
        "expected plain, handlebars, liquid, jinja, erb, gotemplate, mailchimp, twilio-content or placeholder".to_owned()
    })
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
    #[command(flatten)]
    pub(crate) rules: RuleSelection,
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
