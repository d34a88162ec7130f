//! The library's document pipeline and configuration, and the CLI bugs fixed by moving them
//! there (issue 10): BAA providers from the config, the whole rule catalogue in `rules`,
//! `scan` with the project's configuration, and crashes in code that moved (issue 16).

use std::path::Path;

use phi_lint::{Config, Document, Linter, Severity};

use crate::util::phi_lint;

const TWILIO_PHI: &str =
    r#"{"To": "+15555550123", "From": "+15555550100", "Body": "Your HIV test result is ready"}"#;

fn codes(linter: &Linter, doc: &Document) -> Vec<String> {
    let report = linter.check_document(doc);
    report
        .findings()
        .iter()
        .filter(|f| f.active())
        .map(|f| f.code().to_owned())
        .collect()
}

#[test]
fn baa_providers_in_the_config_reach_the_linter() {
    let dir = tempfile::tempdir().unwrap();
    let doc = Document::from_text(dir.path().join("send.json"), TWILIO_PHI);
    let plain = Config::from_toml("", &dir.path().join(".phi-lint.toml")).unwrap();
    let covered = Config::from_toml(
        "baa-providers = [\"twilio\"]\n",
        &dir.path().join(".phi-lint.toml"),
    )
    .unwrap();
    let before = codes(&plain.linter_builder().build().unwrap(), &doc);
    let after = codes(&covered.linter_builder().build().unwrap(), &doc);
    assert!(before.iter().any(|c| c == "CMP001"), "{before:?}");
    assert!(!after.iter().any(|c| c == "CMP001"), "{after:?}");
    // The same through the CLI.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("send.json"), TWILIO_PHI).unwrap();
    let run = |dir: &Path| {
        let out = phi_lint(&["check", "--format", "concise", "send.json"], "", dir);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(run(dir.path()).contains("CMP001"));
    std::fs::write(
        dir.path().join(".phi-lint.toml"),
        "baa-providers = [\"twilio\"]\n",
    )
    .unwrap();
    assert!(!run(dir.path()).contains("CMP001"));
}

#[test]
fn provider_names_are_the_librarys() {
    let origin = Path::new("p/.phi-lint.toml");
    for name in [
        "twilio", "whatsapp", "sendgrid", "mailgun", "postmark", "ses",
    ] {
        let toml = format!("baa-providers = [\"{name}\"]\n");
        assert!(Config::from_toml(&toml, origin).is_ok(), "{name}");
    }
    // Names the payload checks do not know are not silently accepted.
    let err = Config::from_toml("baa-providers = [\"vonage\"]\n", origin).unwrap_err();
    assert!(err.to_string().contains("unknown provider"), "{err}");
}

#[test]
fn an_empty_allowed_term_is_a_build_error() {
    for term in ["", "  "] {
        assert!(Linter::builder().allow_terms([term]).build().is_err());
    }
    assert!(
        Linter::builder()
            .allow_terms(["Example Clinic"])
            .build()
            .is_ok()
    );
}

#[test]
fn a_user_pack_regex_that_matches_empty_is_rejected_with_its_line() {
    let pack = "[pack]\nname = \"mine\"\ndescription = \"d\"\n\n[[rule]]\ncode = \"XY001\"\n\
                name = \"mine\"\ncategory = \"identifier\"\nmessage = \"m\"\nhelp = \"h\"\n\
                severity = { default = \"error\" }\npatterns = ['x*']\n";
    let err = Linter::builder()
        .pack("mine.toml", pack)
        .build()
        .unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("mine.toml:12:"), "{text}");
    assert!(text.contains("empty string"), "{text}");
}

#[test]
fn a_document_reads_like_check_with_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let origin = dir.path().join(".phi-lint.toml");
    let config = Config::from_toml(
        "[[per-path]]\npaths = [\"internal/**\"]\nignore = [\"ID\"]\n",
        &origin,
    )
    .unwrap();
    let linter = config.linter_builder().build().unwrap();
    let text = "Your SSN 078-05-1120 is on file. Reply STOP to opt out.\n";
    let outside = config.configure(Document::from_text(dir.path().join("sms/a.txt"), text));
    let inside = config.configure(Document::from_text(dir.path().join("internal/a.txt"), text));
    assert!(codes(&linter, &outside).iter().any(|c| c.starts_with("ID")));
    assert!(!codes(&linter, &inside).iter().any(|c| c.starts_with("ID")));
    // Findings carry line and column; suppressions are honoured.
    let suppressed = "{{!-- phi-lint: ignore-next-line[ID001] -- test fixture --}}\n\
                      Your SSN 078-05-1120 is on file.\n";
    let doc = Document::from_text(dir.path().join("sms/b.hbs"), suppressed);
    let report = linter.check_document(&doc);
    let ssn = report
        .findings()
        .iter()
        .find(|f| f.code() == "ID001")
        .expect("an SSN finding");
    assert_eq!(ssn.start, (2, 10));
    assert!(!ssn.active());
    assert!(
        !report
            .findings()
            .iter()
            .any(|f| f.active() && f.code() == "ID001")
    );
    assert!(
        !report.findings().iter().any(|f| f.is_meta()),
        "the directive is used"
    );
    let unsuppressed = Document::from_text(dir.path().join("sms/c.hbs"), text);
    assert!(
        linter
            .check_document(&unsuppressed)
            .blocks(Severity::Warning)
    );
}

#[test]
fn a_url_span_inside_a_character_does_not_crash_fingerprinting() {
    // issue 16: baseline.rs sliced the line off a character boundary.
    let linter = Linter::builder().build().unwrap();
    let doc = Document::from_text("u.txt", "http:\u{2014}x").with_channel(phi_lint::Channel::Url);
    let report = linter.check_document(&doc);
    assert!(
        report
            .findings()
            .iter()
            .all(|f| f.fingerprint.starts_with("ctx1:"))
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("u.txt"), "http:\u{2014}x").unwrap();
    let out = phi_lint(&["check", "--channel", "url", "u.txt"], "", dir.path());
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
}

#[test]
fn many_findings_on_one_line_get_distinct_stable_fingerprints() {
    let linter = Linter::builder().build().unwrap();
    let line = "SSN 078-05-1120 HIV ".repeat(2000);
    let doc = Document::from_text("a.txt", line.as_str());
    let report = linter.check_document(&doc);
    assert!(report.findings().len() > 100);
    let again = linter.check_document(&doc);
    let prints = |r: &phi_lint::DocumentReport| {
        r.findings()
            .iter()
            .map(|f| f.fingerprint.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(prints(&report), prints(&again));
    // The fingerprint keys on the code and the masked line: codes on one line differ.
    let mut distinct = prints(&report);
    distinct.sort();
    distinct.dedup();
    let mut codes: Vec<&str> = report.findings().iter().map(|f| f.code()).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(distinct.len(), codes.len());
}

#[test]
fn rules_and_explain_cover_opt_in_rules() {
    let dir = tempfile::tempdir().unwrap();
    let out = phi_lint(&["rules", "explain", "CMP002"], "", dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("sms-missing-opt-out") && text.contains("Opt-in"),
        "{text}"
    );
    let out = phi_lint(&["rules"], "", dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("CMP002"));
}

#[test]
fn scan_applies_the_discovered_or_named_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let line = "{\"id\": 1, \"channel\": \"sms\", \"text\": \"Your HIV test is ready\"}\n";
    let scan = |args: &[&str], cwd: &Path| {
        let out = phi_lint(args, line, cwd);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(scan(&["scan"], dir.path()).contains("DX"));
    std::fs::write(
        dir.path().join(".phi-lint.toml"),
        "[[allow]]\nterm = \"HIV\"\nreason = \"test fixture\"\n",
    )
    .unwrap();
    // Discovered from the working directory (and from a subdirectory).
    assert!(!scan(&["scan"], dir.path()).contains("DX"));
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    assert!(!scan(&["scan"], &dir.path().join("sub")).contains("DX"));
    assert!(scan(&["scan", "--isolated"], dir.path()).contains("DX"));
    // Named with --config from elsewhere.
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir(other.path().join(".git")).unwrap();
    let config = dir.path().join(".phi-lint.toml");
    let named = scan(
        &["scan", "--config", config.to_str().unwrap()],
        other.path(),
    );
    assert!(!named.contains("DX"), "{named}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_not_reported_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("loop.txt", dir.path().join("loop.txt")).unwrap();
    let out = phi_lint(&["check", "loop.txt"], "", dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("no such file"), "{err}");
    assert!(err.contains("loop.txt"), "{err}");
}

#[test]
fn a_user_pack_error_names_the_file_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(dir.path().join("extra.toml"), "[pack]\nname = 3\n").unwrap();
    std::fs::write(
        dir.path().join(".phi-lint.toml"),
        "rule-packs = [\"extra.toml\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.txt"), "hello\n").unwrap();
    let out = phi_lint(&["check", "a.txt"], "", dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("extra.toml") && !err.contains(".toml.toml"),
        "{err}"
    );
}
