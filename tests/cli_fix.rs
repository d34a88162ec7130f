//! `phi-lint check --fix`, `--unsafe-fixes` and `--diff` on files in a scratch directory.

use std::path::Path;

use crate::util::phi_lint;

const ANCHOR: &str = "<p><a href=\"https://forms.example.org/q?patient_id=558120\">Open</a></p>\n";
const SMS: &str =
    "Lakeview Health: join at http://telehealth.example.org/j/4Kx9Q Reply STOP to opt out.\n";
const UNUSED: &str = "{{!-- phi-lint: ignore-next-line[DX001] -- reviewed --}}\nSee you Tuesday at 3 PM. Reply STOP to opt out.\n";

fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    // A repository root: configs and baselines are not looked up above it.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for (rel, text) in [
        ("templates/email/intake.html", ANCHOR),
        ("templates/sms/visit.txt", SMS),
        ("templates/sms/reminder.hbs", UNUSED),
    ] {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn fixable_findings_are_marked_and_counted() {
    let dir = scratch();
    let out = phi_lint(
        &["check", "--format", "concise", "templates"],
        "",
        dir.path(),
    );
    let text = stdout(&out);
    assert!(text.contains("TRK001 [error] [*] a link"), "{text}");
    assert!(text.contains("PL900 [warning] [*] unused"), "{text}");
    // The unsafe https fix is not marked; the summary says how to get it.
    assert!(text.contains("URL010 [error] a link"), "{text}");
    assert!(
        stderr(&out).contains("[*] 2 fixable with --fix; 1 more with --unsafe-fixes"),
        "{}",
        stderr(&out)
    );
    let with_unsafe = phi_lint(
        &[
            "check",
            "--format",
            "concise",
            "--unsafe-fixes",
            "templates",
        ],
        "",
        dir.path(),
    );
    assert!(stdout(&with_unsafe).contains("URL010 [error] [*] a link"));
    assert!(stderr(&with_unsafe).contains("[*] 3 fixable with --fix"));
    assert!(!stderr(&with_unsafe).contains("more with --unsafe-fixes"));
    let json = phi_lint(&["check", "--format", "json", "templates"], "", dir.path());
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["summary"]["fixable"], 2, "{doc}");
    let fix_of = |code: &str| {
        doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == code)
            .unwrap()["fix"]
            .clone()
    };
    assert_eq!(fix_of("URL010")["applicability"], "unsafe");
    assert_eq!(fix_of("TRK001")["applicability"], "safe");
    assert_eq!(fix_of("URL002"), serde_json::Value::Null);
}

#[test]
fn diff_previews_without_writing_and_exits_1() {
    let dir = scratch();
    let out = phi_lint(&["check", "--diff", "templates"], "", dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(read(dir.path(), "templates/email/intake.html"), ANCHOR);
    assert_eq!(read(dir.path(), "templates/sms/reminder.hbs"), UNUSED);
    assert!(
        stderr(&out).contains("would fix 2 findings in 2 files"),
        "{}",
        stderr(&out)
    );
    insta::assert_snapshot!(stdout(&out));

    let unsafe_diff = phi_lint(
        &[
            "check",
            "--diff",
            "--unsafe-fixes",
            "templates/sms/visit.txt",
        ],
        "",
        dir.path(),
    );
    assert_eq!(unsafe_diff.status.code(), Some(1));
    assert!(stdout(&unsafe_diff).contains("+Lakeview Health: join at https://telehealth"));
    assert_eq!(read(dir.path(), "templates/sms/visit.txt"), SMS);

    // Nothing to fix: no diff, exit 0 (even though findings remain).
    let clean = phi_lint(
        &["check", "--diff", "templates/sms/visit.txt"],
        "",
        dir.path(),
    );
    assert_eq!(clean.status.code(), Some(0));
    assert_eq!(stdout(&clean), "");
}

#[test]
fn fix_writes_safe_fixes_then_reports_what_is_left() {
    let dir = scratch();
    let out = phi_lint(
        &["check", "--fix", "--format", "concise", "templates"],
        "",
        dir.path(),
    );
    // The PHI in the link and the plain-http link are still there.
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        read(dir.path(), "templates/email/intake.html"),
        ANCHOR.replace("<a href", "<a clicktracking=\"off\" href")
    );
    assert_eq!(
        read(dir.path(), "templates/sms/reminder.hbs"),
        "See you Tuesday at 3 PM. Reply STOP to opt out.\n"
    );
    assert_eq!(read(dir.path(), "templates/sms/visit.txt"), SMS);
    let text = stdout(&out);
    assert!(
        !text.contains("TRK001") && !text.contains("PL900"),
        "{text}"
    );
    assert!(text.contains("URL002") && text.contains("URL010"), "{text}");
    assert!(stderr(&out).contains("; 2 fixed"), "{}", stderr(&out));

    // Unsafe fixes on request; a second run has nothing left to fix.
    let out = phi_lint(
        &["check", "--fix", "--unsafe-fixes", "templates"],
        "",
        dir.path(),
    );
    assert!(stderr(&out).contains("; 1 fixed"), "{}", stderr(&out));
    assert_eq!(
        read(dir.path(), "templates/sms/visit.txt"),
        SMS.replace("http://", "https://")
    );
    let again = phi_lint(
        &["check", "--diff", "--unsafe-fixes", "templates"],
        "",
        dir.path(),
    );
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_writes_through_symbolic_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch();
    let target = dir.path().join("templates/email/intake.html");
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.html");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = phi_lint(&["check", "--fix", "link.html"], "", dir.path());
    assert!(stderr(&out).contains("1 fixed"), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(read(dir.path(), "templates/email/intake.html").contains("clicktracking=\"off\""));
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["intake.html"]);
}

#[test]
fn fix_refuses_modes_that_do_not_read_the_working_tree() {
    let dir = scratch();
    for flags in [
        ["--fix", "--staged"],
        ["--diff", "--staged"],
        ["--fix", "--diff"],
    ] {
        let out = phi_lint(&["check", flags[0], flags[1]], "", dir.path());
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
    }
}
