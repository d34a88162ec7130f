//! `phi-lint baseline create|update|check`: lints, then writes or compares the baseline file
//! (`baseline.rs`, which knows nothing of linting).

use miette::{Result, miette};

use crate::baseline::{Baseline, Entry};
use crate::report::plural;

/// `phi-lint baseline create|update`.
pub(crate) fn run(args: &crate::args::BaselineArgs) -> Result<crate::Status> {
    use crate::args::BaselineCommand;
    let (w, update) = match &args.command {
        BaselineCommand::Create(w) => (w, false),
        BaselineCommand::Update(w) => (w, true),
        BaselineCommand::Check { baseline, lint } => {
            let b = Baseline::read(baseline)?;
            let mut outcome = crate::lint::lint(lint, false)?;
            if let Some(s) = outcome.skipped.iter().find(|s| s.error) {
                return Err(miette!("cannot read {}: {}", s.path.display(), s.reason));
            }
            let stale = b.apply(&mut outcome.results);
            return Ok(if stale > 0 {
                eprintln!(
                    "phi-lint: {}: {} no longer found; run `phi-lint baseline update`",
                    baseline.display(),
                    plural(stale, "accepted finding")
                );
                crate::Status::Findings
            } else {
                eprintln!("phi-lint: {}: up to date", baseline.display());
                crate::Status::Clean
            });
        }
    };
    let reason = w.reason.as_deref().map(str::trim);
    if reason == Some("") {
        return Err(miette!("--reason must not be empty"));
    }
    if !update && reason.is_none() {
        return Err(miette!(
            help = "e.g. --reason \"adopted 2026-11; tracked in PRIV-142\"",
            "`baseline create` needs --reason: it is stored with every entry"
        ));
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if ci && !w.allow_ci {
        return Err(miette!(
            help = "baselines are reviewed changes; write them locally, or pass --allow-ci",
            "refusing to write a baseline with CI=true"
        ));
    }
    let previous = if update {
        if w.output.exists() {
            Some(Baseline::read(&w.output)?)
        } else {
            None
        }
    } else {
        if w.output.exists() {
            return Err(miette!(
                help = "use `phi-lint baseline update` to refresh it",
                "{} already exists",
                w.output.display()
            ));
        }
        None
    };
    let outcome = crate::lint::lint(&w.lint, false)?;
    if let Some(s) = outcome.skipped.iter().find(|s| s.error) {
        return Err(miette!("cannot read {}: {}", s.path.display(), s.reason));
    }
    let new = Baseline::from_results(&outcome.results, reason.unwrap_or(""), previous.as_ref());
    let total: usize = new.entries.iter().map(|e| e.count).sum();
    let (added, dropped) = match &previous {
        Some(p) => {
            let key = |e: &Entry| (e.path.clone(), e.rule.clone(), e.fingerprint.clone());
            let old: std::collections::BTreeSet<_> = p.entries.iter().map(key).collect();
            let cur: std::collections::BTreeSet<_> = new.entries.iter().map(key).collect();
            (cur.difference(&old).count(), old.difference(&cur).count())
        }
        None => (new.entries.len(), 0),
    };
    if added > 0 && reason.is_none() {
        return Err(miette!(
            help = "pass --reason to accept them, or fix them first",
            "{} would be added; new entries need --reason",
            plural(added, "baseline entry")
        ));
    }
    let entries = new.entries.len();
    new.write(&w.output)?;
    eprintln!(
        "phi-lint: wrote {} ({}, {}; {added} added, {dropped} removed)",
        w.output.display(),
        plural(entries, "entry"),
        plural(total, "finding")
    );
    Ok(crate::Status::Clean)
}
