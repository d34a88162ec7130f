//! `phi-lint rules` and `phi-lint rules explain CODE`.

use std::io::{self, Write};

use miette::{IntoDiagnostic, Result, miette};
use phi_lint::{Channel, Linter};

use crate::Status;
use crate::args::{ListFormat, RulesArgs, RulesCommand};

/// Lists and explains every rule the packs define, opt-in rules included (the README tells
/// users to `extend-select` them, so they must be discoverable here).
pub(crate) fn run(args: &RulesArgs) -> Result<Status> {
    let linter = Linter::builder().build()?;
    let mut out = io::stdout().lock();
    match &args.command {
        None => match args.format {
            ListFormat::Text => {
                writeln!(
                    out,
                    "{:<8} {:<36} {:<18} SEVERITY (sms/push/subject/text/html/url)",
                    "CODE", "NAME", "CATEGORY"
                )
                .into_diagnostic()?;
                for rule in linter.catalog() {
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
                let rules: Vec<_> = linter
                    .catalog()
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
            let meta = linter
                .catalog()
                .find(|r| r.code.eq_ignore_ascii_case(rule) || r.name == *rule)
                .ok_or_else(|| {
                    miette!(
                        help = "`phi-lint rules` lists every rule",
                        "no rule `{rule}`"
                    )
                })?;
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
