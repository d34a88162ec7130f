//! `phi-lint config show|validate|init`.

use std::{
    io::{self, Write},
    path::{Path, PathBuf},
};

use miette::{IntoDiagnostic, Result, miette};

use crate::Status;
use crate::args::{ConfigArgs, ConfigCommand, ConfigSource, LintArgs};
use crate::lint::Configs;
use phi_lint::Config;

fn lint_args(config: Option<PathBuf>) -> LintArgs {
    LintArgs {
        config: ConfigSource {
            file: config,
            isolated: false,
        },
        ..LintArgs::default()
    }
}

pub(crate) fn run(args: &ConfigArgs) -> Result<Status> {
    match &args.command {
        ConfigCommand::Show { path, config } => {
            let path = path.clone().unwrap_or_else(|| PathBuf::from("."));
            let la = lint_args(config.clone());
            let mut configs = Configs::new(&la)?;
            let loaded = configs.for_path(&path)?;
            let mut out = crate::output::stdout();
            if path.is_file() {
                read_as(&mut out, &loaded.config, &path).into_diagnostic()?;
            }
            show(&mut out, &loaded.config, &loaded).into_diagnostic()?;
            Ok(Status::Clean)
        }
        ConfigCommand::Validate { path } => {
            let path = path.clone().unwrap_or_else(|| PathBuf::from("."));
            let file = if path.is_file() {
                path
            } else {
                Config::find(&path).ok_or_else(|| {
                    miette!(
                        help = "create one with `phi-lint config init`",
                        "no .phi-lint.toml, phi-lint.toml or [tool.phi-lint] in pyproject.toml found from {}",
                        path.display()
                    )
                })?
            };
            let la = lint_args(Some(file.clone()));
            let configs = Configs::new(&la)?;
            drop(configs);
            writeln!(crate::output::stdout(), "{}: ok", file.display()).into_diagnostic()?;
            Ok(Status::Clean)
        }
        ConfigCommand::Init { path } => init(path),
    }
}

fn init(path: &Path) -> Result<Status> {
    if path.exists() {
        return Err(miette!(
            help = "edit it, or remove it first",
            "{} already exists; not overwriting",
            path.display()
        ));
    }
    std::fs::write(path, STARTER).map_err(|e| miette!("cannot write {}: {e}", path.display()))?;
    eprintln!("phi-lint: wrote {}", path.display());
    Ok(Status::Clean)
}

/// How `check` reads the file `path` under `config`: channel, kind and encoding.
fn read_as(out: &mut dyn Write, config: &Config, path: &Path) -> io::Result<()> {
    match phi_lint::Document::read(path, &config.limits()) {
        Ok(doc) => {
            let doc = config.configure(doc);
            writeln!(
                out,
                "# {} is read as: channel {}, {:?}, encoding {}",
                path.display(),
                doc.channel().as_str(),
                doc.kind(),
                doc.encoding()
            )
        }
        Err(e) => writeln!(out, "# {} cannot be read: {e}", path.display()),
    }
}

fn show(out: &mut dyn Write, c: &Config, loaded: &crate::lint::Loaded) -> io::Result<()> {
    match c.file() {
        Some(f) => writeln!(out, "# from {}", f.display())?,
        None => writeln!(out, "# no config file found: built-in defaults")?,
    }
    writeln!(out, "# globs are relative to {}", c.root().display())?;
    writeln!(out, "# {} rules enabled", loaded.linter.rules().count())?;
    out.write_all(c.show().as_bytes())
}

/// The starter file written by `config init`.
pub(crate) const STARTER: &str = r#"# phi-lint configuration. Reference: docs/configuration.md
# Settings apply to files in this directory and below (the closest config file wins).

# Rules: codes (ID001), prefixes (ID), names (us-ssn) or categories (identifier).
# select = ["ALL"]
# extend-select = []
# ignore = []

# Severity overrides: "error", "warning", "info" or "off".
# [severity]
# URL010 = "warning"

# Exit 1 when a finding is at or above this severity: error, warning, info or never.
fail-on = "warning"

# Files never walked (gitignore-style globs, relative to this file).
exclude = ["node_modules/**", "vendor/**"]
# Lockfiles, CI workflows, compose files and package manifests are skipped by default.
# use-default-excludes = true

# A file over these bounds is an error (exit 2), never cut short.
# max-file-size = "16 MiB"
# max-line-length = "1 MiB"

# Which channel templates are delivered on, when the path does not say.
# [channels]
# sms = ["templates/sms/**"]
# email_html = ["templates/email/**/*.html"]

# Path-specific settings.
# [[per-path]]
# paths = ["templates/internal/**"]
# ignore = ["URL010"]

# Terms that are never PHI here (your organisation's name), each with a reason.
# [[allow]]
# term = "Example Cancer Center"
# reason = "our organisation's legal name, present in every message"

# Providers you have a Business Associate Agreement with.
# baa-providers = ["twilio", "sendgrid"]
# language = "auto"                    # or "en", "es": the language of every message (default: detected)

# Your own rule packs (same schema as the built-in packs).
# rule-packs = ["phi-lint-rules.toml"]
"#;
