//! `phi-lint rules` and `phi-lint rules explain CODE`.

use std::io::Write;

use miette::{IntoDiagnostic, Result, miette};
use phi_lint::config::did_you_mean;
use phi_lint::{Channel, Linter, RuleMeta};

use crate::suppress::META_CODES;

use crate::Status;
use crate::args::{ListFormat, RulesArgs, RulesCommand};

/// Lists and explains every rule the packs define, opt-in rules included (the README tells
/// users to `extend-select` them, so they must be discoverable here).
pub(crate) fn run(args: &RulesArgs) -> Result<Status> {
    let linter = Linter::builder().build()?;
    let mut catalog: Vec<_> = linter.catalog().collect();
    catalog.sort_by(|a, b| a.code.cmp(&b.code));
    let mut out = crate::output::stdout();
    match &args.command {
        None => match args.format {
            ListFormat::Text => {
                writeln!(
                    out,
                    "{:<8} {:<36} {:<18} SEVERITY (sms/push/subject/text/html/url)",
                    "CODE", "NAME", "CATEGORY"
                )
                .into_diagnostic()?;
                for rule in &catalog {
                    let sev: Vec<&str> = Channel::ALL
                        .iter()
                        .map(|c| rule.severity_on(*c).map_or("off", |s| s.as_str()))
                        .collect();
                    writeln!(
                        out,
                        "{:<8} {:<36} {:<18} {}",
                        rule.code,
                        rule.name,
                        rule.category.as_str(),
                        sev.join("/")
                    )
                    .into_diagnostic()?;
                }
            }
            ListFormat::Json => {
                let rules: Vec<_> = catalog
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "code": r.code, "name": r.name, "category": r.category, "message": r.message,
                            "help": r.help, "pack": r.pack, "sensitive": r.sensitive.map(|s| s.as_str()),
                            "opt_in": r.opt_in,
                        })
                    })
                    .collect();
                serde_json::to_writer_pretty(&mut out, &rules).into_diagnostic()?;
                writeln!(out).into_diagnostic()?;
            }
        },
        Some(RulesCommand::Explain { rule }) => {
            let found = catalog
                .iter()
                .find(|r| r.code.eq_ignore_ascii_case(rule) || r.name.eq_ignore_ascii_case(rule));
            let Some(meta) = found else {
                return explain_directive(&mut out, rule, &catalog);
            };
            writeln!(out, "# {} ({})\n", meta.code, meta.name).into_diagnostic()?;
            writeln!(out, "Category: {}", meta.category).into_diagnostic()?;
            if meta.opt_in {
                writeln!(
                    out,
                    "Opt-in: off unless enabled by code or name (`extend-select = [\"{}\"]`)",
                    meta.code
                )
                .into_diagnostic()?;
            }
            if let Some(s) = meta.sensitive {
                writeln!(
                    out,
                    "Special category: {} (an error on every channel)",
                    s.as_str()
                )
                .into_diagnostic()?;
            }
            let sev: Vec<String> = Channel::ALL
                .iter()
                .map(|c| format!("{c}={}", meta.severity_on(*c).map_or("off", |s| s.as_str())))
                .collect();
            writeln!(out, "Severity: {}", sev.join(", ")).into_diagnostic()?;
            writeln!(out, "Message: {}", meta.message).into_diagnostic()?;
            writeln!(out, "Help: {}", meta.help).into_diagnostic()?;
            if let Some(g) = &meta.guidance {
                writeln!(out, "Guidance: {g}").into_diagnostic()?;
            }
            writeln!(out, "\n{}", meta.docs.trim()).into_diagnostic()?;
        }
    }
    Ok(Status::Clean)
}

/// Explains a suppression-directive code (`PL9xx`), or fails with the closest code or name.
fn explain_directive(out: &mut dyn Write, rule: &str, catalog: &[&RuleMeta]) -> Result<Status> {
    if let Some((code, name, severity, help)) = META_CODES
        .iter()
        .find(|m| m.0.eq_ignore_ascii_case(rule) || m.1.eq_ignore_ascii_case(rule))
    {
        writeln!(out, "# {code} ({name})\n").into_diagnostic()?;
        writeln!(
            out,
            "Category: suppression (a problem with a `phi-lint:` directive; never PHI)"
        )
        .into_diagnostic()?;
        writeln!(out, "Severity: {severity}").into_diagnostic()?;
        writeln!(out, "Help: {help}").into_diagnostic()?;
        writeln!(
            out,
            "\nSee docs/configuration.md, \"Suppression findings (PL9xx)\"."
        )
        .into_diagnostic()?;
        return Ok(Status::Clean);
    }
    let upper = rule.to_ascii_uppercase();
    let lower = rule.to_ascii_lowercase();
    let codes: Vec<&str> = catalog
        .iter()
        .map(|r| r.code.as_ref())
        .chain(META_CODES.iter().map(|m| m.0))
        .collect();
    let names: Vec<&str> = catalog
        .iter()
        .map(|r| r.name.as_ref())
        .chain(META_CODES.iter().map(|m| m.1))
        .collect();
    let help = match did_you_mean(&upper, &codes).or_else(|| did_you_mean(&lower, &names)) {
        Some(near) => format!("did you mean `{near}`? (`phi-lint rules` lists every rule)"),
        None => "`phi-lint rules` lists every rule".to_owned(),
    };
    Err(miette!(help = help, "no rule `{rule}`"))
}
