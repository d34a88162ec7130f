//! Baselines: accepted existing findings, stored without PHI.
//!
//! A baseline entry is `(path, rule, fingerprint) → count` plus a reason. The `ctx1`
//! fingerprints are computed by the library (`phi_lint::document::fingerprint`): nothing
//! derived from PHI enters them, and they survive line moves.

use std::{collections::BTreeMap, path::Path};

use miette::{IntoDiagnostic, Result, miette};
use phi_lint::document::Suppression;
use serde::{Deserialize, Serialize};

use crate::document::FileResult;

/// A baseline file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) struct Baseline {
    pub(crate) version: u32,
    pub(crate) tool: String,
    pub(crate) fingerprint_scheme: String,
    pub(crate) entries: Vec<Entry>,
}

/// One accepted finding group.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    pub(crate) path: String,
    pub(crate) rule: String,
    pub(crate) fingerprint: String,
    pub(crate) count: usize,
    pub(crate) reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) expires: Option<String>,
}

impl Baseline {
    /// Reads and checks a baseline file.
    pub(crate) fn read(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| miette!("cannot read baseline {}: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            miette!(
                help = "create one with `phi-lint baseline create --reason TEXT`",
                "{}:{}:{}: invalid baseline: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if b.version != 1 || b.fingerprint_scheme != "ctx-v1" {
            return Err(miette!(
                "{}: unsupported baseline version {} / scheme {}",
                path.display(),
                b.version,
                b.fingerprint_scheme
            ));
        }
        Ok(b)
    }

    /// Writes the baseline deterministically (sorted, pretty, trailing newline).
    pub(crate) fn write(mut self, path: &Path) -> Result<()> {
        self.entries.sort_by(|a, b| {
            (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
        });
        let mut text = serde_json::to_string_pretty(&self).into_diagnostic()?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| miette!("cannot write baseline {}: {e}", path.display()))
    }

    /// Builds entries from the current unsuppressed rule findings. Entries in `previous` that
    /// still match keep their reason and expiry; new ones get `reason`.
    pub(crate) fn from_results(
        results: &[FileResult],
        reason: &str,
        previous: Option<&Baseline>,
    ) -> Baseline {
        let mut counts: BTreeMap<(String, String, String), usize> = BTreeMap::new();
        for r in results {
            for l in r.findings.iter().filter(|l| !l.is_meta()) {
                if l.suppressed.as_ref().is_some_and(|s| s.in_source) {
                    continue;
                }
                *counts
                    .entry((r.rel.clone(), l.code().to_owned(), l.fingerprint.clone()))
                    .or_default() += 1;
            }
        }
        let entries = counts
            .into_iter()
            .map(|((path, rule, fingerprint), count)| {
                let old = previous.and_then(|p| {
                    p.entries
                        .iter()
                        .find(|e| e.path == path && e.rule == rule && e.fingerprint == fingerprint)
                });
                Entry {
                    reason: old.map_or_else(|| reason.to_owned(), |o| o.reason.clone()),
                    expires: old.and_then(|o| o.expires.clone()),
                    path,
                    rule,
                    fingerprint,
                    count,
                }
            })
            .collect();
        Baseline {
            version: 1,
            tool: "phi-lint".into(),
            fingerprint_scheme: "ctx-v1".into(),
            entries,
        }
    }

    /// Marks findings covered by the baseline as suppressed. Returns the number of unused
    /// (stale) entry slots.
    pub(crate) fn apply(&self, results: &mut [FileResult]) -> usize {
        let today = today();
        let mut remaining: BTreeMap<(String, String, String), (usize, &str)> = BTreeMap::new();
        for e in &self.entries {
            if e.expires.as_deref().is_some_and(|x| x < today.as_str()) {
                continue;
            }
            let slot = remaining
                .entry((e.path.clone(), e.rule.clone(), e.fingerprint.clone()))
                .or_insert((0, e.reason.as_str()));
            slot.0 += e.count;
        }
        for r in results.iter_mut() {
            for l in r.findings.iter_mut() {
                if l.suppressed.is_some() || l.is_meta() {
                    continue;
                }
                let key = (r.rel.clone(), l.code().to_owned(), l.fingerprint.clone());
                if let Some((n, reason)) = remaining.get_mut(&key)
                    && *n > 0
                {
                    *n -= 1;
                    l.suppressed = Some(Suppression::baseline(format!("baseline: {reason}")));
                }
            }
        }
        remaining.values().map(|(n, _)| n).sum()
    }
}

/// Today's date as `YYYY-MM-DD` (UTC), for `expires`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `phi-lint baseline create|update`.
pub(crate) fn run(args: &crate::args::BaselineArgs) -> Result<crate::Status> {
    use crate::args::BaselineCommand;
    let (w, update) = match &args.command {
        BaselineCommand::Create(w) => (w, false),
        BaselineCommand::Update(w) => (w, true),
        BaselineCommand::Check { baseline, lint } => {
            let b = Baseline::read(baseline)?;
            let mut outcome = crate::check::lint(lint)?;
            if let Some(s) = outcome.skipped.iter().find(|s| s.error) {
                return Err(miette!("cannot read {}: {}", s.path.display(), s.reason));
            }
            let stale = b.apply(&mut outcome.results);
            return Ok(if stale > 0 {
                eprintln!(
                    "phi-lint: {}: {stale} accepted finding(s) no longer found; run `phi-lint baseline update`",
                    baseline.display()
                );
                crate::Status::Findings
            } else {
                eprintln!("phi-lint: {}: up to date", baseline.display());
                crate::Status::Clean
            });
        }
    };
    if w.reason.trim().is_empty() {
        return Err(miette!("--reason must not be empty"));
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
    let outcome = crate::check::lint(&w.lint)?;
    if let Some(s) = outcome.skipped.iter().find(|s| s.error) {
        return Err(miette!("cannot read {}: {}", s.path.display(), s.reason));
    }
    let new = Baseline::from_results(&outcome.results, w.reason.trim(), previous.as_ref());
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
    let entries = new.entries.len();
    new.write(&w.output)?;
    eprintln!(
        "phi-lint: wrote {} ({entries} entries, {total} findings; {added} added, {dropped} removed)",
        w.output.display()
    );
    Ok(crate::Status::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_a_date() {
        let t = today();
        assert_eq!(t.len(), 10);
        assert!(t.as_str() > "2024-01-01");
    }
}
