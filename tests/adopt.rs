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
