//! The CLI end to end: exit codes, the `scan` contract, JSON shape, the human report.

use serde_json::Value;

use crate::util::{phi_lint, root};

#[test]
fn check_examples_reports_every_category_and_exits_1() {
    let out = phi_lint(&["check", "examples", "--format", "json"], "", &root());
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let categories: std::collections::BTreeSet<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["category"].as_str().unwrap())
        .collect();
    for c in [
        "diagnosis",
        "test_result",
        "medication",
        "procedure",
        "sensitive_service",
        "identifier",
        "url_phi",
        "insecure_link",
        "tracking",
    ] {
        assert!(
            categories.contains(c),
            "examples/ shows no {c} finding: {categories:?}"
        );
    }
    for f in doc["findings"].as_array().unwrap() {
        for key in [
            "path", "rule", "name", "category", "severity", "message", "line", "column", "start",
            "end",
        ] {
            assert!(!f[key].is_null(), "finding without {key}: {f}");
        }
    }
}

#[test]
fn clean_files_exit_0() {
    let out = phi_lint(&["check", "examples/clean"], "", &root());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn usage_and_missing_paths_exit_2() {
    assert_eq!(
        phi_lint(&["check", "--format", "nope"], "", &root())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        phi_lint(&["frobnicate"], "", &root()).status.code(),
        Some(2)
    );
    let out = phi_lint(&["check", "no/such/dir"], "", &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
}

#[test]
fn machine_output_never_contains_file_text() {
    let out = phi_lint(&["check", "examples", "--format", "json"], "", &root());
    let text = String::from_utf8_lossy(&out.stdout);
    for secret in ["00482913", "sertraline", "HIV", "Lantus"] {
        assert!(!text.contains(secret), "json output contains {secret}");
    }
}

#[test]
fn scan_keeps_the_contract_line_for_line() {
    let input = concat!(
        r#"{"id": "a", "channel": "sms", "text": "SSN 078-05-1120 on file"}"#,
        "\n",
        "not json\n",
        r#"{"id": 7, "channel": "pager", "text": "x"}"#,
        "\n",
        "\n",
        r#"{"id": "b", "channel": "url", "syntax": "plain", "text": "http://x.example.org"}"#,
        "\n",
        r#"{"channel": "sms"}"#,
        "\n",
        r#"{"id": "c", "channel": "email_html", "syntax": "handlebars", "text": "<p>Hi {{first_name}}</p>"}"#,
        "\n",
    );
    let out = phi_lint(&["scan", "--format", "jsonl"], input, &root());
    assert_eq!(
        out.status.code(),
        Some(2),
        "error records make the exit status 2"
    );
    let mut lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 7, "one result per input line");
    assert_eq!(lines[3]["line"], 4, "a blank line gets an error record");
    assert!(lines[3]["error"].is_string());
    lines.remove(3);
    assert_eq!(lines[0]["id"], "a");
    let f = lines[0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["category"] == "identifier")
        .expect("the SSN is found");
    assert_eq!(
        (
            f["rule"].as_str(),
            f["category"].as_str(),
            f["severity"].as_str()
        ),
        (Some("ID001"), Some("identifier"), Some("error"))
    );
    assert_eq!(
        (
            f["start"].as_u64(),
            f["end"].as_u64(),
            f["location"].as_str()
        ),
        (Some(4), Some(15), Some("text"))
    );
    assert!(f["name"].is_string() && f["message"].is_string());
    assert_eq!(lines[1]["line"], 2);
    assert!(lines[1]["error"].is_string());
    assert_eq!(lines[2]["line"], 3);
    assert_eq!(lines[3]["id"], "b");
    assert!(
        lines[3]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["category"] == "insecure_link")
    );
    assert_eq!(lines[4]["line"], 6);
    assert_eq!(lines[5]["findings"].as_array().unwrap().len(), 0);
    let all = lines.iter().map(Value::to_string).collect::<String>();
    assert!(
        !all.contains("078-05-1120"),
        "scan output is redacted by default"
    );
}

#[test]
fn human_report_snapshot() {
    let out = phi_lint(
        &[
            "check",
            "tests/fixtures/cli/reminder.hbs",
            "--color",
            "never",
        ],
        "",
        &root(),
    );
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn rules_list_and_explain() {
    let out = phi_lint(&["rules"], "", &root());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("URL010"));
    let out = phi_lint(&["rules", "explain", "insecure-link"], "", &root());
    assert!(String::from_utf8_lossy(&out.stdout).contains("## What it does"));
    assert_eq!(
        phi_lint(&["rules", "explain", "NOPE999"], "", &root())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn an_unclosed_tag_is_reported_and_the_rest_still_linted() {
    let out = phi_lint(
        &[
            "check",
            "tests/fixtures/cli/unclosed.hbs",
            "--format",
            "json",
        ],
        "",
        &root(),
    );
    assert_eq!(out.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = doc["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        (problems[0]["line"].as_u64(), problems[0]["column"].as_u64()),
        (Some(2), Some(23))
    );
    assert!(
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "ID002" && f["line"] == 1)
    );
}

/// `check` over many files runs them on several threads: every file is reported, in path
/// order, the same on every run.
#[test]
fn check_over_many_files_keeps_the_order() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let text = if i % 3 == 0 {
            "Your appointment is Tuesday.\n".to_owned()
        } else {
            format!("Your MRN: 0048{i:04}. Your HIV test came back positive.\n")
        };
        std::fs::write(dir.path().join(format!("m{i:02}.txt")), text).unwrap();
    }
    std::fs::write(dir.path().join("bad.txt"), [0xff, 0xfe, 0x00]).unwrap();
    let run = || phi_lint(&["check", ".", "--format", "json"], "", dir.path());
    let out = run();
    // The undecodable file fails the run (exit 2); every other file is still reported.
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut files: Vec<&str> = paths.clone();
    files.dedup();
    let expected: Vec<String> = (0..40)
        .filter(|i| i % 3 != 0)
        .map(|i| format!("m{i:02}.txt"))
        .collect();
    assert_eq!(files.len(), expected.len(), "{files:?}");
    for (file, want) in files.iter().zip(&expected) {
        assert!(file.ends_with(want.as_str()), "{file} != {want}");
    }
    assert!(
        doc["skipped"].to_string().contains("bad.txt"),
        "{}",
        doc["skipped"]
    );
    assert_eq!(run().stdout, out.stdout);
}
