//! File size and line length bounds: a file over one is an error for that file (exit 2, named
//! on stderr), never silently cut, and the other files are still checked.

use std::io;

use phi_lint::document::{LimitExceeded, Limits};
use phi_lint::{Document, Severity};

use crate::util::{linter, phi_lint};

fn exceeded(e: &io::Error) -> LimitExceeded {
    assert_eq!(e.kind(), io::ErrorKind::FileTooLarge, "{e}");
    *e.get_ref()
        .and_then(|e| e.downcast_ref::<LimitExceeded>())
        .expect("a LimitExceeded")
}

const PHI: &str = "Your HIV test is positive.\n";

#[test]
fn a_file_over_the_size_bound_is_refused_from_its_metadata_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    // A sparse 1 GiB file: reading it would take 1 GiB of memory.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let e = Document::from_path(&path).unwrap_err();
    assert_eq!(
        exceeded(&e),
        LimitExceeded::FileSize {
            size: Some(1 << 30),
            limit: Limits::default().max_file_size
        }
    );
    assert_eq!(
        e.to_string(),
        "file is 1073741824 bytes, over the 16 MiB limit (raise it with max-file-size)"
    );
}

#[test]
fn bounds_hold_for_bytes_and_readers_and_a_line_at_the_bound_passes() {
    let limits = Limits::default().max_file_size(64).max_line_length(8);
    let ok = "12345678\r\n12345678\n";
    assert!(Document::within("a.txt", ok, &limits).is_ok());
    assert!(Document::read_from("a.txt", ok.as_bytes(), &limits).is_ok());
    let e = Document::within("a.txt", "12345678\n123456789\n", &limits).unwrap_err();
    assert!(matches!(
        exceeded(&e),
        LimitExceeded::LineLength {
            line: 2,
            length: 9,
            limit: 8
        }
    ));
    let e = Document::read_from("a.txt", io::repeat(b'a'), &limits).unwrap_err();
    assert!(matches!(
        exceeded(&e),
        LimitExceeded::FileSize {
            size: None,
            limit: 64
        }
    ));
    // Lines are measured in the decoded text: UTF-16 code units do not count twice.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("12345678".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert!(Document::within("a.txt", utf16, &limits).is_ok());
    // The default bounds: a 1 MiB line is read and checked; one byte more is refused.
    let line = format!("HIV {}", "x".repeat((1 << 20) - 4));
    let doc = Document::new("a.txt", line.clone()).unwrap();
    assert!(linter().check_document(&doc).blocks(Severity::Warning));
    let e = Document::new("a.txt", line + "x").unwrap_err();
    assert!(matches!(
        exceeded(&e),
        LimitExceeded::LineLength { line: 1, .. }
    ));
}

#[test]
fn check_reports_each_file_over_a_bound_exits_2_and_checks_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(d.join("big.txt"), PHI.repeat(100)).unwrap();
    std::fs::write(d.join("long.txt"), format!("{}\n{PHI}", "x".repeat(300))).unwrap();
    std::fs::write(d.join("ok.txt"), PHI).unwrap();
    let flags = ["--max-file-size", "1KiB", "--max-line-length", "200"];
    let out = phi_lint(
        &[&["check", ".", "--format", "concise"][..], &flags].concat(),
        "",
        d,
    );
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: big.txt: file is 2700 bytes, over the 1 KiB limit"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: long.txt: line 1 is 300 bytes, over the 200 bytes line-length"),
        "{stderr}"
    );
    // Never a silent cut: nothing of the refused files is reported, the other file is.
    assert!(stdout.contains("ok.txt:1:"), "{stdout}");
    assert!(
        !stdout.contains("big.txt") && !stdout.contains("long.txt"),
        "{stdout}"
    );
    // --skip-unreadable is for undecodable files: a file over a bound still fails the run.
    let out = phi_lint(
        &[&["check", ".", "--skip-unreadable"][..], &flags].concat(),
        "",
        d,
    );
    assert_eq!(out.status.code(), Some(2));
    // Within raised bounds all three are checked.
    let out = phi_lint(&["check", ".", "--format", "concise"], "", d);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_config_sets_the_bounds_and_the_command_line_overrides_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(d.join(".phi-lint.toml"), "max-file-size = 100\n").unwrap();
    std::fs::write(d.join("msg.txt"), PHI.repeat(5)).unwrap();
    let out = phi_lint(&["check", "msg.txt"], "", d);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("over the 100 bytes limit"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = phi_lint(&["check", "msg.txt", "--max-file-size", "1MiB"], "", d);
    assert_eq!(out.status.code(), Some(1));
    // `config show FILE` tells how check reads the file: here, not at all.
    let out = phi_lint(&["config", "show", "msg.txt"], "", d);
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("msg.txt cannot be read: file is 135 bytes, over the 100 bytes limit"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    std::fs::write(d.join(".phi-lint.toml"), "max-line-length = \"1 MB\"\n").unwrap();
    let out = phi_lint(&["check", "msg.txt"], "", d);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("unknown size unit `MB`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stdin_and_endless_devices_are_read_no_further_than_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let out = phi_lint(&["check", "-", "--max-file-size", "16"], PHI, dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error: -: file is over the 16 bytes limit"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if cfg!(unix) {
        // Named explicitly, /dev/zero is read up to the bound, then refused.
        let out = phi_lint(
            &["check", "/dev/zero", "--max-file-size", "1MiB"],
            "",
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("over the 1 MiB limit"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_bad_size_flag_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = phi_lint(&["check", ".", "--max-file-size", "0"], "", dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 1 byte"));
}

#[test]
fn texts_dropped_after_checking_are_not_needed_by_any_report() {
    // Files are checked one at a time and a machine format keeps no text; a human report
    // alongside (or a fix) still quotes each file's lines, in path order.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(d.join("a.txt"), "Your HIV test is positive.\n").unwrap();
    std::fs::write(d.join("b.txt"), "Clean text.\n").unwrap();
    std::fs::write(
        d.join("c.txt"),
        "Call 503-555-0100 about your metformin refill.\n",
    )
    .unwrap();
    let out = phi_lint(
        &["check", ".", "--format", "json", "--report", "human=h.txt"],
        "",
        d,
    );
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.first() == Some(&"a.txt") && paths.last() == Some(&"c.txt"),
        "{paths:?}"
    );
    let human = std::fs::read_to_string(d.join("h.txt")).unwrap();
    let (a, c) = (
        human
            .find("Your HIV test is positive.")
            .expect("a.txt's excerpt"),
        human
            .find("about your metformin refill")
            .expect("c.txt's excerpt"),
    );
    assert!(a < c, "{human}");
}

/// A line with many findings: several per repeat of the unit.
const DENSE: &str = "HIV positive, SSN 078-05-1120, on metformin. ";

#[test]
fn check_reports_a_file_over_max_findings_exits_2_and_checks_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(d.join(".phi-lint.toml"), "max-findings = 5\n").unwrap();
    std::fs::write(d.join("dense.txt"), format!("{}\n", DENSE.repeat(4))).unwrap();
    std::fs::write(d.join("ok.txt"), PHI).unwrap();
    let out = phi_lint(&["check", ".", "--format", "jsonl"], "", d);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: dense.txt: ") && stderr.contains("over the 5 limit"),
        "{stderr}"
    );
    assert!(stderr.contains("raise it with max-findings"), "{stderr}");
    // The first five findings of the dense file are reported, and the other file in full.
    let count = |path: &str| {
        stdout
            .lines()
            .filter(|l| l.contains(&format!("\"{path}\"")))
            .count()
    };
    assert_eq!(count("dense.txt"), 5, "{stdout}");
    assert!(count("ok.txt") >= 1, "{stdout}");
    // The json report carries the bound as a problem of the file.
    let out = phi_lint(&["check", "dense.txt", "--format", "json"], "", d);
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p["message"].as_str().unwrap().contains("max-findings")),
        "{json}"
    );
    // Under the default bound the same file is only findings (exit 1).
    std::fs::remove_file(d.join(".phi-lint.toml")).unwrap();
    let out = phi_lint(&["check", "dense.txt"], "", d);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn scan_writes_an_error_record_for_a_line_over_max_findings_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join(".phi-lint.toml"), "max-findings = 3\n").unwrap();
    let line = |id: u32, text: &str| {
        serde_json::json!({"id": id, "channel": "sms", "text": text}).to_string() + "\n"
    };
    let input = line(1, &DENSE.repeat(3)) + &line(2, PHI.trim_end());
    let out = phi_lint(&["scan"], &input, d);
    assert_eq!(out.status.code(), Some(2));
    let records: Vec<serde_json::Value> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2, "one record per input line");
    assert_eq!(records[0]["id"], 1);
    assert_eq!(records[0]["line"], 1);
    let error = records[0]["error"].as_str().unwrap();
    assert!(error.contains("over the 3 limit"), "{error}");
    // No message text in the error record.
    assert!(!error.contains("078-05-1120") && !error.contains("HIV"));
    assert!(records[0].get("findings").is_none());
    assert_eq!(records[1]["id"], 2);
    assert!(!records[1]["findings"].as_array().unwrap().is_empty());
}
