//! Adoption: the CLI fails closed (stdin, pipes, encodings) and fits real repositories.

use std::path::Path;

use serde_json::Value;

use crate::util::phi_lint;

const PHI: &str = "Your HIV test came back positive";

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn rules_of(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn stdin_dash_is_checked_and_named_by_stdin_filename() {
    let dir = tempfile::tempdir().unwrap();
    let out = phi_lint(&["check", "-", "--format", "json"], PHI, dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json_of(&out);
    assert!(rules_of(&doc).iter().any(|r| r.starts_with("DX")), "{doc}");
    assert_eq!(doc["findings"][0]["path"], "-");

    let out = phi_lint(
        &[
            "check",
            "-",
            "--stdin-filename",
            "templates/reminder.sms",
            "--format",
            "json",
        ],
        PHI,
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        json_of(&out)["findings"][0]["path"],
        "templates/reminder.sms"
    );

    // --stdin-filename without `-` is a usage error, not a silent no-op.
    let out = phi_lint(&["check", "--stdin-filename", "a.sms"], "", dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn piped_text_is_fixed_by_preview_not_by_writing() {
    let dir = tempfile::tempdir().unwrap();
    let html = "<a href=\"https://portal.example.org/r?mrn=4471882\">Results</a>\n";
    let args = ["check", "-", "--stdin-filename", "t.html"];
    let out = phi_lint(&[&args[..], &["--fix"]].concat(), html, dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--fix cannot write back to stdin"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("t.html").exists());
    let out = phi_lint(&[&args[..], &["--diff"]].concat(), html, dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("clicktracking=\"off\""),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[cfg(unix)]
#[test]
fn dev_stdin_and_fifos_are_read_not_passed() {
    let dir = tempfile::tempdir().unwrap();
    let out = phi_lint(
        &["check", "/dev/stdin", "--format", "json"],
        PHI,
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(json_of(&out)["summary"]["files"], 1);

    let fifo = dir.path().join("message.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("note: mkfifo unavailable; FIFO case not run");
        return;
    }
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, PHI).unwrap())
    };
    let out = phi_lint(
        &["check", fifo.to_str().unwrap(), "--format", "json"],
        "",
        dir.path(),
    );
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(json_of(&out)["summary"]["files"], 1);
}

fn write(dir: &Path, rel: &str, bytes: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

#[test]
fn latin1_properties_and_utf16_files_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    // "café" in ISO-8859-1 before the PHI: a Latin-1 .properties file.
    write(
        dir.path(),
        "messages.properties",
        b"greeting=Caf\xe9 news\nsms.body=Your HIV test came back positive\n",
    );
    write(
        dir.path(),
        "reminder.txt",
        &utf16le("Hello\nYour HIV test came back positive\n"),
    );
    let out = phi_lint(&["check", ".", "--format", "json"], "", dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json_of(&out);
    for file in ["messages.properties", "reminder.txt"] {
        let f = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == file && f["category"] == "diagnosis")
            .unwrap_or_else(|| panic!("no diagnosis in {file}: {doc}"));
        // Lines and columns are the file's whatever its encoding.
        assert_eq!(f["line"], 2, "{f}");
        let encoding = if file == "reminder.txt" {
            "utf-16le"
        } else {
            "iso-8859-1"
        };
        let read = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == file)
            .unwrap();
        assert_eq!(read["encoding"], encoding, "{read}");
    }
}

#[test]
fn undecodable_files_fail_the_run_unless_skipped_explicitly() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9: your HIV test came back positive\n",
    );
    let out = phi_lint(&["check", "."], "", dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error: latin1.txt: not UTF-8"),
        "{}",
        stderr(&out)
    );
    let out = phi_lint(&["check", ".", "--skip-unreadable"], "", dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("skipped: latin1.txt"),
        "{}",
        stderr(&out)
    );
}

/// An application repository: files that are never messages beside `templates/` with PHI.
fn app_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(
        d,
        "docker-compose.yml",
        b"services:\n  web:\n    environment:\n      API_URL: http://api:8000\n",
    );
    write(
        d,
        "package.json",
        br#"{"name": "clinic-app", "description": "Patient reminders for the Example HIV Clinic", "version": "1.0.0"}"#,
    );
    write(
        d,
        ".github/workflows/ci.yml",
        b"jobs:\n  smoke:\n    steps:\n      - run: curl http://localhost:8080/health\n",
    );
    write(d, "README.md", b"# Clinic app\nSee http://localhost:8080\n");
    write(
        d,
        "templates/sms/result.txt",
        b"Hi {{first_name}}, your HIV test came back positive.\n",
    );
    write(
        d,
        "templates/email/reminder.html",
        b"<p>Your chemotherapy appointment is tomorrow.</p>\n",
    );
    dir
}

fn paths_of(doc: &Value) -> std::collections::BTreeSet<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn check_dot_in_an_app_repository_reports_only_the_templates() {
    let dir = app_repo();
    let out = phi_lint(&["check", ".", "--format", "json"], "", dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json_of(&out);
    assert_eq!(
        paths_of(&doc),
        ["templates/email/reminder.html", "templates/sms/result.txt"]
            .map(String::from)
            .into(),
        "{doc}"
    );

    // As the pre-commit hook runs it: the files named, --force-exclude. (The hook's `files:`
    // never passes README.md; scripts/check-pre-commit.sh runs the real hook on such a repo.)
    let all = [
        "docker-compose.yml",
        "package.json",
        ".github/workflows/ci.yml",
        "templates/sms/result.txt",
        "templates/email/reminder.html",
    ];
    let mut args = vec!["check", "--force-exclude", "--format", "json"];
    args.extend(all);
    let out = phi_lint(&args, "", dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(paths_of(&json_of(&out)).len(), 2, "{}", stderr(&out));

    // Named explicitly without --force-exclude, a default-excluded file is still checked.
    let out = phi_lint(
        &["check", "package.json", "--format", "json"],
        "",
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(paths_of(&json_of(&out)), ["package.json".to_owned()].into());

    // `use-default-excludes = false` brings the manifests back into `check .`.
    write(
        dir.path(),
        ".phi-lint.toml",
        b"use-default-excludes = false\n",
    );
    let out = phi_lint(&["check", ".", "--format", "json"], "", dir.path());
    assert!(
        paths_of(&json_of(&out)).contains("package.json"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn phi_lintignore_applies_to_named_files_with_force_exclude() {
    let dir = app_repo();
    write(dir.path(), ".phi-lintignore", b"templates/email/\n");
    let named = ["templates/sms/result.txt", "templates/email/reminder.html"];
    let mut args = vec!["check", "--format", "json", "--force-exclude"];
    args.extend(named);
    let out = phi_lint(&args, "", dir.path());
    assert_eq!(
        paths_of(&json_of(&out)),
        ["templates/sms/result.txt".to_owned()].into(),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("1 excluded"), "{}", stderr(&out));
    // Without --force-exclude a named file is checked, as with `exclude`.
    let mut args = vec!["check", "--format", "json"];
    args.extend(named);
    assert_eq!(
        paths_of(&json_of(&phi_lint(&args, "", dir.path()))).len(),
        2
    );
    // And a walk skips it.
    let out = phi_lint(&["check", "templates", "--format", "json"], "", dir.path());
    assert_eq!(paths_of(&json_of(&out)).len(), 1);
}

// ---- Polish (issue 13, part 6) ----

#[test]
fn a_closed_pipe_ends_output_silently() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_phi-lint"))
        .args(["rules", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before the rules are printed, as `| head` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(stderr(&out), "");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn rules_are_listed_by_code_and_explain_suggests_near_misses() {
    let dir = tempfile::tempdir().unwrap();
    let out = phi_lint(&["rules"], "", dir.path());
    let codes: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap().to_owned())
        .collect();
    assert!(codes.len() > 50);
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);

    let out = phi_lint(&["rules", "explain", "DX01"], "", dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `DX001`?"),
        "{}",
        stderr(&out)
    );
    let out = phi_lint(&["rules", "explain", "condition-nam"], "", dir.path());
    assert!(
        stderr(&out).contains("did you mean `condition-name`?"),
        "{}",
        stderr(&out)
    );
    // Suppression-directive codes are explained too.
    let out = phi_lint(&["rules", "explain", "PL901"], "", dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("suppression-without-reason"));
}

#[test]
fn errors_have_no_internal_module_names_and_list_choices() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.toml", b"selec = [\"DX\"]\n");
    write(dir.path(), "a.sms", b"hello\n");
    for args in [
        &["check", "--config", "missing.toml", "a.sms"][..],
        &["check", "--config", "bad.toml", "a.sms"],
        &["check", "--select", "NOPE999", "a.sms"],
        &["config", "validate", "bad.toml"],
    ] {
        let out = phi_lint(args, "", dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            !stderr(&out).contains("phi_lint::"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let out = phi_lint(&["check", "--report", "foo=x", "a.sms"], "", dir.path());
    assert_eq!(out.status.code(), Some(2));
    for format in [
        "human", "concise", "json", "jsonl", "sarif", "github", "junit",
    ] {
        assert!(stderr(&out).contains(format), "{format}: {}", stderr(&out));
    }
}

#[test]
fn baselines_say_entries_and_update_needs_a_reason_only_to_add() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "a.sms",
        b"Your HIV test came back positive. SSN 078-05-1120\n",
    );
    let out = phi_lint(&["baseline", "create", "a.sms"], "", d);
    assert_eq!(out.status.code(), Some(2), "create without --reason");
    let out = phi_lint(
        &["baseline", "create", "--reason", "adopted", "a.sms"],
        "",
        d,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("entries"), "{}", stderr(&out));

    write(d, "a.sms", b"Your results are ready in the portal.\n");
    let out = phi_lint(
        &["check", "--baseline", ".phi-lint-baseline.json", "a.sms"],
        "",
        d,
    );
    assert!(
        stderr(&out).contains("baseline entries no longer found"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("entrys"));

    // Only removing fixed entries: no reason needed.
    let out = phi_lint(&["baseline", "update", "a.sms"], "", d);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("0 added"), "{}", stderr(&out));
    // Adding one: the reason is required.
    write(d, "a.sms", b"Your HIV test came back positive.\n");
    let out = phi_lint(&["baseline", "update", "a.sms"], "", d);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--reason"), "{}", stderr(&out));
}

#[test]
fn human_output_is_bounded_on_long_lines_and_spaced() {
    let dir = tempfile::tempdir().unwrap();
    // One minified line of about 5 KB: short enough that the whole-context window used to
    // show it in full, once per finding.
    let filler = "<p>Hello there friend, welcome to the clinic newsletter.</p>".repeat(45);
    let html = format!(
        "<html><body>{filler}<p>Your HIV test came back positive.</p>{filler}</body></html>\n"
    );
    assert!((5_000..8_000).contains(&html.len()));
    write(dir.path(), "emails/news.html", html.as_bytes());
    let out = phi_lint(
        &["check", "emails/news.html", "--format", "human"],
        "",
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let findings = text.lines().filter(|l| l.contains("help:")).count();
    assert!(findings >= 1, "{text}");
    assert!(
        text.len() < 1500 * findings,
        "{} bytes for {findings} finding(s)",
        text.len()
    );

    // A blank line before every diagnostic but the first.
    write(
        dir.path(),
        "b.sms",
        b"Your HIV test came back positive. SSN 078-05-1120\n",
    );
    let out = phi_lint(&["check", "b.sms"], "", dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let heads: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            lines[i].contains('(') && lines[i].chars().take(2).all(|c| c.is_ascii_uppercase())
        })
        .collect();
    assert!(heads.len() >= 2, "{text}");
    for &i in &heads[1..] {
        assert_eq!(lines[i - 1], "", "no blank line before {:?}", lines[i]);
    }
}

#[test]
fn paths_display_alike_whether_walking_dot_or_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sms/a.txt", PHI.as_bytes());
    for root in [".", "sms"] {
        for format in ["concise", "human", "json"] {
            let out = phi_lint(&["check", root, "--format", format], "", dir.path());
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(text.contains("sms/a.txt"), "{root} {format}: {text}");
            assert!(!text.contains("./"), "{root} {format}: {text}");
        }
    }
}

#[test]
fn machine_findings_carry_help_docs_url_and_channel() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "emails/a.html",
        format!("<p>{PHI}</p>\n").as_bytes(),
    );
    let out = phi_lint(&["check", ".", "--format", "json"], "", dir.path());
    let doc = json_of(&out);
    let findings = doc["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let rule = &doc["rules"][f["rule"].as_str().unwrap()];
        assert!(!rule["help"].as_str().unwrap().is_empty(), "{rule}");
        assert!(rule["url"].as_str().unwrap().starts_with("http"), "{rule}");
    }
    assert_eq!(doc["files"][0]["path"], "emails/a.html");
    assert_eq!(doc["files"][0]["channel"], "email_html");
    let out = phi_lint(&["check", ".", "--format", "sarif"], "", dir.path());
    let sarif = json_of(&out);
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(!rules.is_empty());
    for r in rules {
        assert!(r["helpUri"].as_str().unwrap().starts_with("http"), "{r}");
        let full = r["fullDescription"]["text"].as_str().unwrap();
        let short = r["shortDescription"]["text"].as_str().unwrap();
        assert!(full.ends_with('.') && short.ends_with('.'), "{r}");
        assert_ne!(full.to_lowercase(), short.to_lowercase(), "{r}");
    }
    // `config show FILE` says how the file is read.
    let out = phi_lint(&["config", "show", "emails/a.html"], "", dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("channel email_html"), "{text}");
    assert!(text.contains("encoding utf-8"), "{text}");
}

// ---- Releases and CI integration (issue 13, part 5) ----

#[test]
fn completions_and_man_page_are_generated_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef phi-lint"),
        ("fish", "complete -c phi-lint"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion"),
    ] {
        let out = phi_lint(&["completions", shell], "", dir.path());
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        // Subcommands and flags defined in args.rs are there.
        for word in ["check", "stdin-filename", "statistics"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let out = phi_lint(&["completions", "tcsh"], "", dir.path());
    assert_eq!(out.status.code(), Some(2));

    let out = phi_lint(&["manpage"], "", dir.path());
    assert_eq!(out.status.code(), Some(0));
    let man = String::from_utf8_lossy(&out.stdout);
    assert!(man.contains(".TH phi-lint 1"), "{man}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS", ".SH VERSION"] {
        assert!(man.contains(section), "no {section}");
    }
    assert!(man.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn statistics_count_findings_per_rule_and_quiet_drops_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.sms", format!("{PHI}\n").as_bytes());
    write(dir.path(), "b.sms", format!("{PHI}\n").as_bytes());
    let out = phi_lint(&["check", ".", "--statistics"], "", dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code as without --statistics"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let dx = text
        .lines()
        .find(|l| l.contains("DX006"))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(dx.split_whitespace().next(), Some("2"), "{text}");
    let out = phi_lint(
        &["check", ".", "--statistics", "--format", "json"],
        "",
        dir.path(),
    );
    let rows = json_of(&out);
    let total: u64 = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .sum();
    let out = phi_lint(&["check", ".", "--format", "json"], "", dir.path());
    assert_eq!(
        total,
        json_of(&out)["summary"]["findings"].as_u64().unwrap()
    );

    let out = phi_lint(&["check", ".", "-q", "--format", "concise"], "", dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("a.sms:1:"));
    // Quiet never hides what fails the run.
    write(dir.path(), "c.txt", b"caf\xe9\n");
    let out = phi_lint(&["check", ".", "--quiet"], "", dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: c.txt"), "{}", stderr(&out));
}

#[test]
fn fixes_keep_the_file_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Hello\nYour visit: http://portal.example.org/visits\n";
    write(dir.path(), "sms/reminder.txt", &utf16le(text));
    let mut latin1 = b"greeting=Caf\xe9\n".to_vec();
    latin1.extend(b"sms.body=Your visit: http://portal.example.org/visits\n");
    write(dir.path(), "messages.properties", &latin1);
    let out = phi_lint(
        &["check", ".", "--fix", "--unsafe-fixes", "--format", "json"],
        "",
        dir.path(),
    );
    assert_ne!(out.status.code(), Some(2), "{}", stderr(&out));
    let fixed = std::fs::read(dir.path().join("sms/reminder.txt")).unwrap();
    assert_eq!(fixed, utf16le(&text.replace("http://", "https://")));
    let fixed = std::fs::read(dir.path().join("messages.properties")).unwrap();
    let mut expected = b"greeting=Caf\xe9\n".to_vec();
    expected.extend(b"sms.body=Your visit: https://portal.example.org/visits\n");
    assert_eq!(fixed, expected);
}
