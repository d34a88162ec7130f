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
    /// Create or update a baseline of accepted existing findings.
    Baseline(BaselineArgs),
    /// Show, validate or create configuration files.
    Config(ConfigArgs),
    /// Run a Language Server on stdin/stdout: diagnostics as you type, rule help on hover,
    /// fixes as code actions (see docs/editors.md).
    Server(ServerArgs),
    /// Check JSON Lines messages from stdin: one result line per input line.
    ///
    /// Input: {"id": ..., "channel": "sms"|"push"|"email_subject"|"email_text"|"email_html"|"url",
    /// "syntax": optional, "text": ...}. Output: {"id": ..., "findings": [...]}, or
    /// {"line": N, "error": "..."} for a line that cannot be read. Redacted by default.
    Scan(ScanArgs),
    /// Print a shell completion script, e.g. `phi-lint completions bash > /etc/bash_completion.d/phi-lint`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `phi-lint manpage > /usr/local/share/man/man1/phi-lint.1`.
    Manpage,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) lint: LintArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub(crate) format: CheckFormat,
    /// Write the report to this file instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub(crate) output_file: Option<std::path::PathBuf>,
    /// Also write a report in another format to a file, e.g. `--report sarif=phi-lint.sarif`
    /// (repeatable; one scan, several reports).
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub(crate) report: Vec<(CheckFormat, std::path::PathBuf)>,
    /// Severity at or above which the exit code is 1 [default: the config's `fail-on`, else
    /// warning].
    #[arg(long, value_enum)]
    pub(crate) fail_on: Option<FailOn>,
    /// Exit 0 even when findings reach the threshold (errors still exit 2).
    #[arg(long)]
    pub(crate) exit_zero: bool,
    /// Suppress findings recorded in this baseline file (see `phi-lint baseline`).
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<std::path::PathBuf>,
    /// When to use colour in human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    pub(crate) color: ColorArg,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub(crate) statistics: bool,
    /// Print the findings only: no summary line (errors are still reported).
    #[arg(short, long)]
    pub(crate) quiet: bool,
    #[command(flatten)]
    pub(crate) fix: FixArgs,
}

/// Automatic fixes (`phi-lint check --fix`).
#[derive(Debug, Args, Default)]
pub(crate) struct FixArgs {
    /// Apply the safe fixes to the files (findings marked `[*]`), then report what is left.
    #[arg(long, conflicts_with_all = ["staged", "diff_base"])]
    pub(crate) fix: bool,
    /// Include the unsafe fixes (`http://` → `https://`: check the site serves the page).
    #[arg(long)]
    pub(crate) unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them; exit 1 if there are any.
    #[arg(long, conflicts_with_all = ["fix", "staged", "diff_base"])]
    pub(crate) diff: bool,
}

impl FixArgs {
    /// The least safe fixes to apply or mark fixable.
    pub(crate) fn applicability(&self) -> phi_lint::Applicability {
        if self.unsafe_fixes {
            phi_lint::Applicability::Unsafe
        } else {
            phi_lint::Applicability::Safe
        }
    }
}

/// Which configuration applies: shared by `check`, `baseline`, `scan` and `server`.
#[derive(Clone, Debug, Args, Default)]
pub(crate) struct ConfigSource {
    /// Use this config file for every path instead of discovering the one that applies.
    #[arg(long = "config", value_name = "PATH", conflicts_with = "isolated")]
    pub(crate) file: Option<std::path::PathBuf>,
    /// Ignore all configuration files.
    #[arg(long)]
    pub(crate) isolated: bool,
}

/// What to lint and how: shared by `check` and `baseline`.
#[derive(Debug, Args, Default)]
pub(crate) struct LintArgs {
    /// Files or directories to check; `-` reads stdin (see --stdin-filename).
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<std::path::PathBuf>,
    /// Read every file as this channel instead of inferring it from the path.
    #[arg(long, value_parser = parse_channel)]
    pub(crate) channel: Option<phi_lint::Channel>,
    /// Read every template in this dialect instead of inferring it from the extension.
    #[arg(long, value_parser = parse_dialect)]
    pub(crate) syntax: Option<phi_lint::Dialect>,
    #[command(flatten)]
    pub(crate) rules: RuleSelection,
    #[command(flatten)]
    pub(crate) config: ConfigSource,
    /// Ignore inline `phi-lint:` suppression comments.
    #[arg(long)]
    pub(crate) no_inline_ignores: bool,
    /// Apply the config's `exclude` to files named on the command line too.
    #[arg(long)]
    pub(crate) force_exclude: bool,
    /// Check the staged (index) content of staged files instead of the working tree.
    #[arg(long)]
    pub(crate) staged: bool,
    /// Report only findings on lines added or changed since this git ref.
    #[arg(long, value_name = "REF")]
    pub(crate) diff_base: Option<String>,
    /// With the path `-` (stdin): the file name the text is read as (format, channel, config).
    #[arg(long, value_name = "PATH")]
    pub(crate) stdin_filename: Option<std::path::PathBuf>,
    /// Report files that cannot be decoded (binary, not UTF-8) as skipped instead of failing
    /// the run with exit 2.
    #[arg(long)]
    pub(crate) skip_unreadable: bool,
    /// Refuse (exit 2) files larger than SIZE: bytes, or e.g. `16MiB` [config: max-file-size;
    /// default 16 MiB].
    #[arg(long, value_name = "SIZE", value_parser = phi_lint::document::parse_size)]
    pub(crate) max_file_size: Option<u64>,
    /// Refuse (exit 2) files with a line longer than SIZE: bytes, or e.g. `1MiB` [config:
    /// max-line-length; default 1 MiB].
    #[arg(long, value_name = "SIZE", value_parser = phi_lint::document::parse_size)]
    pub(crate) max_line_length: Option<u64>,
}

impl LintArgs {
    /// The config's size limits with the command line's overrides.
    pub(crate) fn limits(&self, config: phi_lint::document::Limits) -> phi_lint::document::Limits {
        let mut limits = config;
        if let Some(bytes) = self.max_file_size {
            limits = limits.max_file_size(bytes);
        }
        if let Some(bytes) = self.max_line_length {
            limits = limits.max_line_length(bytes);
        }
        limits
    }
}

#[derive(Debug, Args)]
pub(crate) struct BaselineArgs {
    #[command(subcommand)]
    pub(crate) command: BaselineCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BaselineCommand {
    /// Write a new baseline of every current finding (refuses to overwrite).
    Create(BaselineWriteArgs),
    /// Rewrite the baseline: keep entries still found, add new ones, drop fixed ones.
    Update(BaselineWriteArgs),
    /// Exit 1 when the baseline has entries that no longer match any finding (stale).
    Check {
        /// The baseline file.
        #[arg(long, short = 'b', default_value = ".phi-lint-baseline.json")]
        baseline: std::path::PathBuf,
        #[command(flatten)]
        lint: LintArgs,
    },
}

#[derive(Debug, Args)]
pub(crate) struct BaselineWriteArgs {
    /// Why these findings are accepted (stored with each new entry; required when entries are
    /// added, not when `update` only removes fixed ones).
    #[arg(long)]
    pub(crate) reason: Option<String>,
    /// The baseline file.
    #[arg(long, short = 'o', default_value = ".phi-lint-baseline.json")]
    pub(crate) output: std::path::PathBuf,
    /// Allow writing a baseline when CI=true.
    #[arg(long)]
    pub(crate) allow_ci: bool,
    #[command(flatten)]
    pub(crate) lint: LintArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    #[command(subcommand)]
    pub(crate) command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ConfigCommand {
    /// Print the configuration that applies to PATH and the file it came from.
    Show {
        /// A file or directory [default: .].
        path: Option<std::path::PathBuf>,
        /// Use this config file instead of discovering one.
        #[arg(long)]
        config: Option<std::path::PathBuf>,
    },
    /// Check a config file (and its rule packs); exit 2 with a diagnostic when invalid.
    Validate {
        /// A config file, or a directory to discover one from [default: .].
        path: Option<std::path::PathBuf>,
    },
    /// Write a commented starter `.phi-lint.toml` (refuses to overwrite).
    Init {
        /// Where to write it.
        #[arg(default_value = ".phi-lint.toml")]
        path: std::path::PathBuf,
    },
}

/// Rule selection flags, shared by the commands that build a linter.
#[derive(Clone, Debug, Args, Default)]
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
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML (one test suite per file).
    Junit,
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

fn parse_report(s: &str) -> Result<(CheckFormat, std::path::PathBuf), String> {
    let (format, path) = s
        .split_once('=')
        .ok_or_else(|| "expected FORMAT=FILE, e.g. sarif=phi-lint.sarif".to_owned())?;
    let format = CheckFormat::from_str(format, true).map_err(|_| {
        let names: Vec<String> = CheckFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value().map(|p| p.get_name().to_owned()))
            .collect();
        format!(
            "unknown format `{format}`; expected one of: {}",
            names.join(", ")
        )
    })?;
    if path.is_empty() {
        return Err("missing file name after `=`".into());
    }
    Ok((format, path.into()))
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
pub(crate) struct ServerArgs {
    #[command(flatten)]
    pub(crate) rules: RuleSelection,
    #[command(flatten)]
    pub(crate) config: ConfigSource,
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
    /// Check lines on N threads; the output keeps the input order.
    #[arg(long, value_name = "N", default_value = "1")]
    pub(crate) jobs: std::num::NonZeroUsize,
    /// Flush the output every N lines instead of after each line (throughput over latency).
    #[arg(long, value_name = "N")]
    pub(crate) batch: Option<std::num::NonZeroUsize>,
    #[command(flatten)]
    pub(crate) rules: RuleSelection,
    #[command(flatten)]
    pub(crate) config: ConfigSource,
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
