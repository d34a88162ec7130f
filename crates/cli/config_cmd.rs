//! `phi-lint config show|validate|init`.

use std::{
    io::{self, Write},
    path::{Path, PathBuf},
};

use miette::{IntoDiagnostic, Result, miette};

use crate::Status;
use crate::args::{ConfigArgs, ConfigCommand, LintArgs, RuleSelection};
use crate::check::Configs;
use crate::config::{self, Config};

fn lint_args(config: Option<PathBuf>) -> LintArgs {
    LintArgs {
        paths: vec![],
        channel: None,
        syntax: None,
        rules: RuleSelection::default(),
        config,
        isolated: false,
        no_inline_ignores: false,
        force_exclude: false,
        staged: false,
        diff_base: None,
    }
}

pub(crate) fn run(args: &ConfigArgs) -> Result<Status> {
    match &args.command {
        ConfigCommand::Show { path, config } => {
            let path = path.clone().unwrap_or_else(|| PathBuf::from("."));
            let la = lint_args(config.clone());
            let mut configs = Configs::new(&la)?;
            let loaded = configs.for_path(&path)?;
            show(&mut io::stdout().lock(), &loaded.config, &loaded).into_diagnostic()?;
            Ok(Status::Clean)
        }
        ConfigCommand::Validate { path } => {
            let path = path.clone().unwrap_or_else(|| PathBuf::from("."));
            let file = if path.is_file() {
                path
            } else {
                config::discover(&path).ok_or_else(|| {
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
            println!("{}: ok", file.display());
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
    std::fs::write(path, config::STARTER)
        .map_err(|e| miette!("cannot write {}: {e}", path.display()))?;
    eprintln!("phi-lint: wrote {}", path.display());
    Ok(Status::Clean)
}

fn list(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", items.join(", "))
}

fn show(out: &mut dyn Write, c: &Config, loaded: &crate::check::Loaded) -> io::Result<()> {
    match &c.file {
        Some(f) => writeln!(out, "# from {}", f.display())?,
        None => writeln!(out, "# no config file found: built-in defaults")?,
    }
    writeln!(out, "# globs are relative to {}", c.root.display())?;
    writeln!(out, "# {} rules enabled", loaded.linter.rules().count())?;
    writeln!(out, "use-default-rules = {}", c.use_default_rules)?;
    match &c.select {
        Some(s) => writeln!(out, "select = {}", list(s))?,
        None => writeln!(out, "# select = (all default rules)")?,
    }
    writeln!(out, "extend-select = {}", list(&c.extend_select))?;
    writeln!(out, "ignore = {}", list(&c.ignore))?;
    let fail_on = match c.fail_on {
        Some(Some(s)) => s.as_str(),
        Some(None) => "never",
        None => "warning",
    };
    writeln!(out, "fail-on = {fail_on:?}")?;
    writeln!(out, "exclude = {}", list(&c.exclude_patterns))?;
    writeln!(out, "baa-providers = {}", list(&c.baa_providers))?;
    let packs: Vec<String> = c
        .rule_packs
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    writeln!(out, "rule-packs = {}", list(&packs))?;
    if !c.severity.is_empty() {
        writeln!(out, "\n[severity]")?;
        for (sel, sev) in &c.severity {
            writeln!(out, "{sel} = {:?}", sev.map_or("off", |s| s.as_str()))?;
        }
    }
    if !c.channels.is_empty() {
        writeln!(out, "\n[channels]")?;
        for (ch, _, globs) in &c.channels {
            writeln!(out, "{ch} = {}", list(globs))?;
        }
    }
    for pp in &c.per_path {
        writeln!(out, "\n[[per-path]]")?;
        writeln!(out, "paths = {}", list(&pp.patterns))?;
        if !pp.ignore.is_empty() {
            writeln!(out, "ignore = {}", list(&pp.ignore))?;
        }
        if let Some(s) = &pp.select {
            writeln!(out, "select = {}", list(s))?;
        }
        if let Some(ch) = pp.channel {
            writeln!(out, "channel = \"{ch}\"")?;
        }
        if let Some(d) = pp.syntax {
            writeln!(out, "syntax = \"{}\"", d.name())?;
        }
    }
    for (term, reason) in &c.allow {
        writeln!(out, "\n[[allow]]\nterm = {term:?}\nreason = {reason:?}")?;
    }
    Ok(())
}
