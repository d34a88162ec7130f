//! `phi-lint scan`: JSON Lines in, exactly one JSON line out per input line, in input order.
//!
//! Built to run as a long-lived sidecar: each result line is flushed as soon as it is written
//! (or every `--batch N` lines), `--jobs N` checks lines on several threads while the output
//! keeps the input order, and a line that is not a valid request (blank lines included) yields
//! an error record and makes the exit status 2, so a pipeline never passes over broken input.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread;

use miette::{IntoDiagnostic, Result};
use phi_lint::{Channel, Config, Dialect, Linter, Message, Part, Severity};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::Status;
use crate::args::ScanArgs;

/// A request line. Strings borrow from the line unless they hold escapes: no copy per line.
#[derive(Deserialize)]
struct Input<'a> {
    #[serde(default)]
    id: Value,
    #[serde(borrow)]
    channel: Cow<'a, str>,
    #[serde(default, borrow)]
    syntax: Option<Cow<'a, str>>,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

pub(crate) fn run(args: &ScanArgs) -> Result<Status> {
    // The configuration that applies to the working directory, as for `check`: its rule
    // selection, severities, allowed terms and BAA providers.
    let config = if args.config.isolated {
        None
    } else if let Some(path) = &args.config.file {
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
    let checker = Checker {
        linter,
        threshold: args.fail_on.threshold(),
    };
    let mut out = Output {
        writer: BufWriter::new(io::stdout().lock()),
        flush_every: args.batch.map_or(1, |n| n.get()),
        unflushed: 0,
        status: Status::Clean,
    };
    if args.jobs.get() == 1 {
        for (n, line) in io::stdin().lock().split(b'\n').enumerate() {
            out.write(&checker.line(n, &line.into_diagnostic()?))?;
        }
    } else {
        in_parallel(&checker, args.jobs.get(), &mut out)?;
    }
    out.writer.flush().into_diagnostic()?;
    Ok(out.status)
}

/// Checks lines on `jobs` threads. A reader thread numbers the lines, workers check them, and
/// this thread writes the results back in input order as soon as each next one is ready.
fn in_parallel(checker: &Checker, jobs: usize, out: &mut Output<'_>) -> Result<()> {
    let (line_tx, line_rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(jobs * 64);
    // Shared by the workers; dropped with the last of them, which stops the reader.
    let line_rx = Arc::new(Mutex::new(line_rx));
    let (done_tx, done_rx) = mpsc::sync_channel::<(usize, Record)>(jobs * 64);
    thread::scope(|scope| {
        let reader = scope.spawn(move || -> io::Result<()> {
            for (n, line) in io::stdin().lock().split(b'\n').enumerate() {
                if line_tx.send((n, line?)).is_err() {
                    break; // the writer stopped (an output error): it reports why
                }
            }
            Ok(())
        });
        for _ in 0..jobs {
            let (line_rx, done_tx) = (Arc::clone(&line_rx), done_tx.clone());
            scope.spawn(move || {
                loop {
                    let next = line_rx
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .recv();
                    let Ok((n, line)) = next else { break };
                    if done_tx.send((n, checker.line(n, &line))).is_err() {
                        break;
                    }
                }
            });
        }
        drop((line_rx, done_tx));
        let mut next = 0;
        let mut ready = BTreeMap::new();
        for (n, record) in done_rx {
            ready.insert(n, record);
            while let Some(record) = ready.remove(&next) {
                out.write(&record)?;
                next += 1;
            }
        }
        reader
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
            .into_diagnostic()
    })
}

struct Checker {
    linter: Linter,
    threshold: Option<Severity>,
}

/// One output line and what it means for the exit status.
struct Record {
    json: Vec<u8>,
    status: Status,
}

impl Checker {
    /// The result record of input line `n` (0-based).
    fn line(&self, n: usize, line: &[u8]) -> Record {
        let (value, status) = match parse(line) {
            Ok(input) => {
                let part = Part::new(input.channel, &input.text).syntax(input.syntax);
                let report = self.linter.check(&Message::new().part(part));
                if let Some(exceeded) = report.limit_exceeded() {
                    // Some findings are not reported: an error record, not a partial result.
                    let error = exceeded.to_string();
                    let value = json!({ "id": input.id, "line": n + 1, "error": error });
                    return Record::new(
                        serde_json::to_vec(&value).unwrap_or_default(),
                        Status::Error,
                    );
                }
                let blocks = self.threshold.is_some_and(|t| report.blocks(t));
                let status = if blocks {
                    Status::Findings
                } else {
                    Status::Clean
                };
                if report.findings().is_empty() {
                    // Most lines are clean: written directly, without a value tree. The keys
                    // come in the value tree's (sorted) order, so the line is the same.
                    let clean = CleanLine {
                        findings: [],
                        id: &input.id,
                    };
                    return Record::new(serde_json::to_vec(&clean).unwrap_or_default(), status);
                }
                (
                    json!({ "id": input.id, "findings": report.findings() }),
                    status,
                )
            }
            Err(error) => (json!({ "line": n + 1, "error": error }), Status::Error),
        };
        Record::new(serde_json::to_vec(&value).unwrap_or_default(), status)
    }
}

/// The output line of an input line without findings.
#[derive(Serialize)]
struct CleanLine<'a> {
    findings: [(); 0],
    id: &'a Value,
}

impl Record {
    fn new(mut json: Vec<u8>, status: Status) -> Record {
        json.push(b'\n');
        Record { json, status }
    }
}

struct Output<'a> {
    writer: BufWriter<io::StdoutLock<'a>>,
    flush_every: usize,
    unflushed: usize,
    status: Status,
}

impl Output<'_> {
    fn write(&mut self, record: &Record) -> Result<()> {
        self.writer.write_all(&record.json).into_diagnostic()?;
        self.unflushed += 1;
        if self.unflushed >= self.flush_every {
            self.writer.flush().into_diagnostic()?;
            self.unflushed = 0;
        }
        self.status = match (self.status, record.status) {
            (Status::Error, _) | (_, Status::Error) => Status::Error,
            (Status::Findings, _) | (_, Status::Findings) => Status::Findings,
            _ => Status::Clean,
        };
        Ok(())
    }
}

struct Parsed<'a> {
    id: Value,
    channel: Channel,
    syntax: Dialect,
    text: Cow<'a, str>,
}

/// Reads one input line. Errors name the problem but never echo the line (it may hold PHI).
fn parse(line: &[u8]) -> Result<Parsed<'_>, String> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err("blank line: expected a JSON object".to_owned());
    }
    let input: Input<'_> = serde_json::from_slice(line).map_err(|e| {
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
