//! SARIF 2.1.0 for GitHub code scanning. Carries rule metadata, locations, the `ctx1`
//! fingerprint and suppressions — never a snippet of the file.

use std::{collections::BTreeMap, io};

use phi_lint::Severity;
use serde_json::{Value, json};

use crate::document::{FileResult, Item, Located};
use crate::report::docs_url;
use crate::suppress::META_CODES;

/// GitHub keeps at most this many results per run.
pub(crate) const MAX_RESULTS: usize = 25_000;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "8.0",
        Severity::Warning => "5.0",
        Severity::Info => "2.0",
    }
}

/// Percent-encodes a relative path for a URI reference (keeps `/` and unreserved characters).
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A repository-relative location, or an absolute `file://` URI for a file outside the
/// repository.
fn artifact(rel: &str) -> Value {
    if rel.starts_with('/') {
        json!({"uri": format!("file://{}", uri(rel))})
    } else {
        json!({"uri": uri(rel), "uriBaseId": "%SRCROOT%"})
    }
}

fn clip(s: &str) -> String {
    s.chars().take(1000).collect()
}

/// `text` as a sentence: capitalised, ending in a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// The rule's "What it does" paragraph from its docs (whitespace collapsed), else its message
/// and help as two sentences.
fn full_description(message: &str, help: &str, docs: &str) -> String {
    let what = docs
        .split("## ")
        .find_map(|section| section.strip_prefix("What it does"))
        .map(|body| body.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|body| !body.is_empty());
    what.unwrap_or_else(|| format!("{} {}", sentence(message), sentence(help)))
}

fn rule_descriptor(l: &Located) -> Value {
    match &l.item {
        Item::Rule(f) => {
            let meta = f.rule();
            let default = meta
                .severity
                .iter()
                .flatten()
                .max()
                .copied()
                .unwrap_or(Severity::Warning);
            let phi = meta.category.is_phi();
            let mut props = json!({
                "tags": if phi {
                    json!(["security", "privacy", "phi", meta.category.as_str()])
                } else {
                    json!(["privacy", meta.category.as_str()])
                },
                "precision": match meta.category {
                    phi_lint::Category::Identifier | phi_lint::Category::InsecureLink | phi_lint::Category::UrlPhi => "high",
                    _ => "medium",
                },
            });
            if phi {
                props["security-severity"] = json!(security_severity(default));
            }
            let mut markdown = format!("**{}** ({})\n\n{}", meta.name, meta.category, meta.help);
            if !meta.docs.trim().is_empty() {
                markdown.push_str("\n\n");
                markdown.push_str(meta.docs.trim());
            }
            let mut rule = json!({
                "id": meta.code,
                "name": meta.name,
                "shortDescription": {"text": clip(&sentence(&meta.message))},
                "fullDescription": {"text": clip(&full_description(&meta.message, &meta.help, &meta.docs))},
                "help": {"text": sentence(&meta.help), "markdown": markdown},
                "defaultConfiguration": {"level": level(default)},
                "properties": props,
            });
            if let Some(url) = docs_url(l) {
                rule["helpUri"] = json!(url);
            }
            rule
        }
        Item::Meta(m) => {
            let (_, _, sev, help) = META_CODES
                .iter()
                .find(|c| c.0 == m.code)
                .copied()
                .unwrap_or((m.code, m.name, m.severity, m.help));
            let mut rule = json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": {"text": format!("Suppression directive problem: {}", m.name.replace('-', " "))},
                "fullDescription": {"text": format!("phi-lint reports problems with its own inline suppression directives ({}). {help}", m.name)},
                "help": {"text": help, "markdown": format!("**{}**\n\n{help}", m.name)},
                "defaultConfiguration": {"level": level(sev)},
                "properties": {"tags": ["maintainability", "suppression"], "precision": "very-high"},
            });
            if let Some(url) = docs_url(l) {
                rule["helpUri"] = json!(url);
            }
            rule
        }
    }
}

/// Writes one SARIF log with one run.
pub(crate) fn sarif(out: &mut dyn io::Write, results: &[FileResult]) -> io::Result<()> {
    let mut rules: BTreeMap<String, Value> = BTreeMap::new();
    for l in results.iter().flat_map(|r| &r.findings) {
        rules
            .entry(l.code().to_owned())
            .or_insert_with(|| rule_descriptor(l));
    }
    let index: BTreeMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut sarif_results = Vec::new();
    let mut truncated = false;
    for r in results {
        for l in &r.findings {
            if sarif_results.len() >= MAX_RESULTS {
                truncated = true;
                break;
            }
            let mut region = json!({"startLine": l.start.0, "startColumn": l.start.1});
            region["endLine"] = json!(l.end.0);
            region["endColumn"] = json!(l.end.1.max(if l.end.0 == l.start.0 {
                l.start.1 + 1
            } else {
                1
            }));
            let mut text = format!("{}: {}", l.code(), l.message());
            if let Some(label) = super::machine_label(l) {
                text.push_str(&format!(" (in {label})"));
            }
            let mut result = json!({
                "ruleId": l.code(),
                "ruleIndex": index[l.code()],
                "level": level(l.severity()),
                "kind": "fail",
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact(&r.rel),
                        "region": region,
                    }
                }],
                "partialFingerprints": {"phiLint/ctx/v1": l.fingerprint},
                "properties": {"category": l.category(), "phi": l.is_phi()},
            });
            if let Some(s) = &l.suppressed {
                result["suppressions"] = json!([{
                    "kind": if s.in_source { "inSource" } else { "external" },
                    "status": "accepted",
                    "justification": s.reason,
                }]);
            }
            sarif_results.push(result);
        }
    }
    let mut notifications = Vec::new();
    if truncated {
        notifications.push(json!({
            "level": "warning",
            "message": {"text": format!("results truncated to {MAX_RESULTS} (GitHub's per-run limit)")},
        }));
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "phi-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules.into_values().collect::<Vec<_>>(),
            }},
            "automationDetails": {"id": "phi-lint/"},
            "columnKind": "unicodeCodePoints",
            "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": notifications}],
            "results": sarif_results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
