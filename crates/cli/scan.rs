//! `phi-lint scan`: JSON Lines in, exactly one JSON line out per input line.

use std::{
    io::{self, BufRead, BufWriter, Write},
    path::Path,
};

use miette::{IntoDiagnostic, Result};
use phi_lint::{Channel, Config, Dialect, Linter, Message, Part};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::Status;
use crate::args::ScanArgs;

#[derive(Deserialize)]
struct Input {
    #[serde(default)]
    id: Value,
    channel: String,
    #[serde(default)]
    syntax: Option<String>,
    text: String,
}

pub(crate) fn run(args: &ScanArgs) -> Result<Status> {
    // The configuration that applies to the working directory, as for `check`: its rule
    // selection, severities, allowed terms and BAA providers.
    let config = if args.isolated {
        None
    } else if let Some(path) = &args.config {
        Some(Config::load(path)?)
    } else {
        Config::discover(Path::new("."))?
    };
    let builder = config
        .as_ref()
        .map_or_else(Linter::builder, Config::linter_builder);
    let linter = args
        .rules
        .apply(builder.redaction(args.redact.into()))
        .build()?;
    let stdin = io::stdin().lock();
    let mut out = BufWriter::new(io::stdout().lock());
    let mut status = Status::Clean;
    for (n, line) in stdin.split(b'\n').enumerate() {
        let line = line.into_diagnostic()?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let result = match parse(&line) {
            Ok(input) => {
                let part = Part::new(input.channel, &input.text).syntax(input.syntax);
                let report = linter.check(&Message::new().part(part));
                if args.fail_on.threshold().is_some_and(|t| report.blocks(t)) {
                    status = Status::Findings;
                }
                json!({ "id": input.id, "findings": report.findings() })
            }
            Err(error) => json!({ "line": n + 1, "error": error }),
        };
        serde_json::to_writer(&mut out, &result).into_diagnostic()?;
        out.write_all(b"\n").into_diagnostic()?;
    }
    out.flush().into_diagnostic()?;
    Ok(status)
}

struct Parsed {
    id: Value,
    channel: Channel,
    syntax: Dialect,
    text: String,
}

/// Reads one input line. Errors name the problem but never echo the line (it may hold PHI).
fn parse(line: &[u8]) -> Result<Parsed, String> {
    let input: Input = serde_json::from_slice(line).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => {
                "a JSON object with string fields `channel` and `text`"
            }
            _ => "valid JSON",
        };
        format!("expected {what} (column {})", e.column())
    })?;
    let channel = Channel::from_name(&input.channel).ok_or_else(|| {
        "unknown channel: use sms, push, email_subject, email_text, email_html or url".to_owned()
    })?;
    let syntax = match input.syntax.as_deref() {
        None => Dialect::Plain,
        Some(name) => Dialect::from_name(name).ok_or_else(|| "unknown syntax".to_owned())?,
    };
    Ok(Parsed {
        id: input.id,
        channel,
        syntax,
        text: input.text,
    })
}
