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
    let out = phi_lint(&["check", "--stdin-filename", "a.sms"], PHI, dir.path());
    assert_eq!(out.status.code(), Some(2));
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
        assert_eq!(f["encoding"], encoding, "{f}");
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
