//! Runs every rule's inline examples: each `bad` example must be reported by its rule at
//! exactly the «marked» spans, each `good` example must not be reported by its rule at all.
//! All failures are collected and reported together. `PHI_LINT_RULE=DX001` runs one rule.

use phi_lint::{Channel, Dialect, Linter, Message, Part, Span};

use crate::util::linter;

/// Strips `«…»` markers, returning the text and the marked spans (byte offsets in the text).
fn parse_markers(marked: &str) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(marked.len());
    let mut spans = Vec::new();
    let mut open = None;
    for c in marked.chars() {
        match c {
            '«' => open = Some(text.len()),
            '»' => {
                if let Some(start) = open.take() {
                    spans.push(Span::new(start, text.len()));
                }
            }
            c => text.push(c),
        }
    }
    (text, spans)
}

#[test]
fn markers_parse() {
    let (text, spans) = parse_markers("a «bc» d «é»");
    assert_eq!(text, "a bc d é");
    assert_eq!(
        spans.iter().map(|s| s.slice(&text)).collect::<Vec<_>>(),
        ["bc", "é"]
    );
}

#[test]
fn every_rule_example_holds() {
    let only = std::env::var("PHI_LINT_RULE").ok();
    let (checked, failures) = check_examples(linter(), only.as_deref());
    assert!(checked > 0 || only.is_some(), "no rule examples found");
    assert!(
        failures.is_empty(),
        "{} of {checked} rule examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Opt-in rules are off by default, so the harness above never sees them: each is enabled on
/// its own and its examples run the same way.
#[test]
fn every_opt_in_rule_example_holds() {
    let opt_in: Vec<String> = linter()
        .catalog()
        .filter(|r| r.opt_in)
        .map(|r| r.code.clone())
        .collect();
    assert!(!opt_in.is_empty(), "the packs define opt-in rules");
    let mut failures = Vec::new();
    let mut checked = 0;
    for code in &opt_in {
        let linter = Linter::builder()
            .extend_select([code.as_str()])
            .build()
            .expect("an opt-in rule enables");
        let (n, f) = check_examples(&linter, Some(code));
        checked += n;
        failures.extend(f);
    }
    assert!(checked > 0, "opt-in rules have examples");
    assert!(
        failures.is_empty(),
        "{} of {checked} opt-in rule examples fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs the examples of every enabled rule of `linter` (or only rule `only`): the number of
/// examples checked, and the failures.
fn check_examples(linter: &Linter, only: Option<&str>) -> (usize, Vec<String>) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (rule, examples) in linter.rule_examples() {
        if only.is_some_and(|o| o != rule.code) {
            continue;
        }
        for (good, example) in examples
            .good
            .iter()
            .map(|e| (true, e))
            .chain(examples.bad.iter().map(|e| (false, e)))
        {
            checked += 1;
            let channel = example
                .channel
                .as_deref()
                .map_or(Some(Channel::Sms), Channel::from_name);
            let syntax = example
                .syntax
                .as_deref()
                .map_or(Some(Dialect::Plain), Dialect::from_name);
            let (Some(channel), Some(syntax)) = (channel, syntax) else {
                failures.push(format!(
                    "{}: unknown channel or syntax in example {:?}",
                    rule.code, example.text
                ));
                continue;
            };
            let (text, expected) = parse_markers(&example.text);
            let report =
                linter.check(&Message::new().part(Part::new(channel, &text).syntax(syntax)));
            let mut got: Vec<Span> = report
                .findings()
                .iter()
                .filter(|f| f.code() == rule.code)
                .map(|f| f.span())
                .collect();
            got.sort();
            if good && !got.is_empty() {
                failures.push(format!(
                    "{}: good example flagged at {:?}: {:?}",
                    rule.code,
                    slices(&text, &got),
                    example.text
                ));
            }
            if !good && got != expected {
                failures.push(format!(
                    "{}: bad example expected {:?}, got {:?} (other findings: {:?}): {:?}",
                    rule.code,
                    slices(&text, &expected),
                    slices(&text, &got),
                    report
                        .findings()
                        .iter()
                        .filter(|f| f.code() != rule.code)
                        .map(|f| (f.code().to_owned(), f.span().slice(&text).to_owned()))
                        .collect::<Vec<_>>(),
                    example.text
                ));
            }
        }
    }
    (checked, failures)
}

#[test]
fn every_content_rule_has_examples() {
    let missing: Vec<&str> = linter()
        .rule_examples()
        .filter(|(rule, ex)| rule.pack != "provider" && (ex.bad.is_empty() || ex.good.is_empty()))
        .map(|(rule, _)| rule.code.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "rules without both bad and good examples: {missing:?}"
    );
}

fn slices(text: &str, spans: &[Span]) -> Vec<String> {
    spans.iter().map(|s| s.slice(text).to_owned()).collect()
}
