//! Precision and recall on the project's own labeled fixtures (`tests/fixtures/labeled/*.jsonl`
//! and the Spanish `tests/fixtures/labeled-es/*.jsonl`, synthetic cases written for this
//! project), each folder gated at the figures in its `gate.toml`. The
//! measurement is the evaluation's: a message counts as flagged for a category when a finding of
//! that category has severity error or warning; compliance is not counted.

use std::collections::BTreeMap;

use phi_lint::{Category, Channel, Dialect};

use crate::util::{Case, flagged, linter, root};

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Gate {
    min_cases: usize,
    precision: f64,
    recall: f64,
    category_recall: f64,
    benign_flagged: f64,
}

#[test]
fn labeled_fixtures_meet_the_gate() {
    meets_the_gate(
        &jsonl_files("tests/fixtures/labeled"),
        "tests/fixtures/labeled/gate.toml",
    );
}

/// The Spanish fixtures (`tests/fixtures/labeled-es/`), gated on their own figures.
#[test]
fn spanish_labeled_fixtures_meet_the_gate() {
    meets_the_gate(
        &jsonl_files("tests/fixtures/labeled-es"),
        "tests/fixtures/labeled-es/gate.toml",
    );
}

/// The tune split of the blind-author corpus (tests/corpus/README.md); the blind split is
/// scored by hand and never gated, so that nothing is tuned on it.
#[test]
fn blind_author_tune_split_meets_the_gate() {
    let dir = root().join("tests/corpus");
    meets_the_gate(&[dir.join("tune.jsonl")], "tests/corpus/gate.toml");
}

fn jsonl_files(folder: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect()
}

fn meets_the_gate(files: &[std::path::PathBuf], gate: &str) {
    let gate: Gate = toml::from_str(&std::fs::read_to_string(root().join(gate)).unwrap()).unwrap();
    let mut cases = Vec::new();
    for path in files {
        for (n, line) in std::fs::read_to_string(path).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let case: Case = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
            cases.push(case);
        }
    }
    assert!(
        cases.len() >= gate.min_cases,
        "only {} labeled cases",
        cases.len()
    );

    let (mut tp, mut fp, mut fn_) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let (mut benign, mut benign_flagged) = (0, 0);
    let mut misses = Vec::new();
    for case in &cases {
        let channel =
            Channel::from_name(&case.channel).unwrap_or_else(|| panic!("{}: channel", case.id));
        let syntax = case
            .syntax
            .as_deref()
            .map_or(Dialect::Plain, |s| Dialect::from_name(s).expect("syntax"));
        let got = flagged(linter(), channel, syntax, &case.text);
        let expect: Vec<Category> = case
            .expect
            .iter()
            .map(|c| Category::from_name(c).expect("category"))
            .collect();
        for c in &got {
            if expect.contains(c) {
                *tp.entry(*c).or_insert(0) += 1;
            } else {
                *fp.entry(*c).or_insert(0) += 1;
                misses.push(format!("false alarm {c}: {} {:?}", case.id, case.text));
            }
        }
        for c in &expect {
            if !got.contains(c) {
                *fn_.entry(*c).or_insert(0) += 1;
                misses.push(format!("missed {c}: {} {:?}", case.id, case.text));
            }
        }
        if expect.is_empty() {
            benign += 1;
            benign_flagged += usize::from(!got.is_empty());
        }
    }
    let sum = |m: &BTreeMap<Category, usize>| m.values().sum::<usize>() as f64;
    let precision = sum(&tp) / (sum(&tp) + sum(&fp)).max(1.0);
    let recall = sum(&tp) / (sum(&tp) + sum(&fn_)).max(1.0);
    let mut table = format!("{:<18} {:>4} {:>4} {:>4}\n", "category", "tp", "fp", "fn");
    let mut worst_recall: f64 = 1.0;
    for c in Category::ALL.iter().filter(|c| c.is_phi()) {
        let (t, f, n) = (
            tp.get(c).copied().unwrap_or(0),
            fp.get(c).copied().unwrap_or(0),
            fn_.get(c).copied().unwrap_or(0),
        );
        if t + n > 0 {
            worst_recall = worst_recall.min(t as f64 / (t + n) as f64);
        }
        table.push_str(&format!("{:<18} {t:>4} {f:>4} {n:>4}\n", c.as_str()));
    }
    let benign_rate = benign_flagged as f64 / benign.max(1) as f64;
    println!(
        "{table}precision {precision:.3} recall {recall:.3} benign flagged {benign_flagged}/{benign}"
    );
    let ok = precision >= gate.precision
        && recall >= gate.recall
        && worst_recall >= gate.category_recall
        && benign_rate <= gate.benign_flagged;
    assert!(
        ok,
        "below the gate (precision {precision:.3}, recall {recall:.3}, worst category recall {worst_recall:.3}, \
         benign flagged {benign_rate:.3}):\n{table}{}",
        misses.join("\n")
    );
}
