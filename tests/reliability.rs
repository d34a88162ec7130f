//! No crash, no leak on hostile input: regression tests for issue 16's reproducers.

use std::path::Path;

use phi_lint::{Channel, Dialect, Message, Part};

use crate::util::{linter, phi_lint};

/// Message text planted in every file kind; none of it may reach a machine format.
const SECRETS: [&str; 3] = ["078-05-1120", "Delphine", "HIV positive"];

#[test]
fn insecure_scheme_span_stays_on_character_boundaries() {
    for text in ["http:—x", "http:/—", "http:", "HTTP:💊//x", "http://—"] {
        let report = linter().check(&Message::url(text));
        assert!(!report.findings().is_empty(), "{text}");
        for f in report.findings() {
            assert!(
                f.span().is_valid_in(text),
                "{text}: {} at {:?}",
                f.code(),
                f.span()
            );
        }
    }
}

#[test]
fn every_span_slices_the_text_on_any_channel_and_dialect() {
    let texts = [
        "http:—x HIV",
        "<a href=\"http:—\">x</a>",
        "{{#each a}}http:é{{x}}{{/each}}",
        "https://x.example.org/?mrn=—&ssn=078-05-1120",
        "é\u{301}http:\u{2028}//",
    ];
    for text in texts {
        for channel in Channel::ALL {
            for dialect in Dialect::ALL {
                let part = Part::new(channel, text).syntax(dialect);
                let report = linter().check(&Message::new().part(part));
                for f in report.findings() {
                    assert!(f.span().is_valid_in(text), "{text}: {:?}", f.span());
                }
                for issue in report.issues() {
                    assert!(issue.span.is_valid_in(text), "{text}: {:?}", issue.span);
                }
            }
        }
    }
}

#[test]
fn human_report_handles_findings_past_column_65535() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!(
        "{} HIV positive {}\n",
        "x".repeat(70_000),
        "y".repeat(70_000)
    );
    std::fs::write(dir.path().join("long.txt"), line).unwrap();
    let out = phi_lint(
        &["check", "long.txt", "--report", "human=report.txt"],
        "",
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("[long.txt:1:70002]"),
        "{}",
        &stdout[..stdout.len().min(2000)]
    );
    // Only the characters around the finding are shown, not 140,000 of them.
    assert!(stdout.len() < 4000, "{} bytes", stdout.len());
    let file = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(file.contains("HIV positive"));
}

#[test]
fn human_report_shows_the_lines_around_a_finding_on_ordinary_files() {
    let dir = tempfile::tempdir().unwrap();
    let text = "first line\r\nsecond line\nThe SSN 078-05-1120 is on file.\nfourth\nfifth\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let out = phi_lint(&["check", "a.txt"], "", dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("[a.txt:3:9]"), "{stdout}");
    for shown in ["2 │ second line", "3 │ The SSN", "4 │ fourth"] {
        assert!(stdout.contains(shown), "{shown}: {stdout}");
    }
    assert!(
        !stdout.contains("first line") && !stdout.contains("fifth"),
        "{stdout}"
    );
}

/// One file of every kind, each carrying the secrets (in keys too, where keys are text).
fn write_every_kind(dir: &Path) {
    let files = [
        (
            "sms.txt",
            "Delphine, your HIV positive result: SSN 078-05-1120.\n",
        ),
        (
            "sms.hbs",
            "Hi Delphine, HIV positive. SSN 078-05-1120 {{first_name}}\n",
        ),
        (
            "mail.html",
            "<p>Delphine: HIV positive, SSN 078-05-1120</p>\n",
        ),
        (
            "mail.eml",
            "Subject: Delphine HIV positive\nContent-Type: text/plain\n\nSSN 078-05-1120\n",
        ),
        (
            "messages.po",
            "msgid \"Delphine, HIV positive, SSN 078-05-1120\"\nmsgstr \"Delphine, HIV positive\"\n",
        ),
        (
            "en.json",
            "{\"Delphine is HIV positive, SSN 078-05-1120\": \"Delphine is HIV positive\"}\n",
        ),
        (
            "en.yml",
            "en:\n  sms: \"Delphine is HIV positive, SSN 078-05-1120\"\n",
        ),
        (
            "messages.properties",
            "Delphine\\ HIV\\ positive = Delphine is HIV positive, SSN 078-05-1120\n",
        ),
        (
            "strings.xml",
            "<resources><string name=\"sms\">Delphine is HIV positive, SSN 078-05-1120</string></resources>\n",
        ),
        (
            "send.sendgrid.json",
            "{\"personalizations\":[{\"to\":[{\"email\":\"d@example.org\"}]}],\"subject\":\"Delphine HIV positive\",\"content\":[{\"type\":\"text/plain\",\"value\":\"SSN 078-05-1120\"}],\"custom_args\":{\"note\":\"Delphine HIV positive\"}}\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

#[test]
fn machine_formats_carry_no_message_text_for_any_file_kind() {
    let dir = tempfile::tempdir().unwrap();
    write_every_kind(dir.path());
    for format in ["concise", "json", "jsonl", "sarif", "github", "junit"] {
        let out = phi_lint(&["check", ".", "--format", format], "", dir.path());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{format}: {stdout}");
        // Every file kind was read and reported on.
        for name in [
            "sms.txt",
            "messages.po",
            "en.json",
            "mail.eml",
            "strings.xml",
        ] {
            assert!(
                stdout.contains(name),
                "{format}: no finding in {name}: {stdout}"
            );
        }
        for secret in SECRETS {
            assert!(
                !stdout.contains(secret),
                "{format} leaks {secret:?}: {stdout}"
            );
        }
    }
}

#[test]
fn identifier_keys_are_still_named_in_machine_formats() {
    let dir = tempfile::tempdir().unwrap();
    write_every_kind(dir.path());
    let out = phi_lint(&["check", ".", "--format", "concise"], "", dir.path());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(" in en.sms"), "{stdout}");
    assert!(stdout.contains(" in <message-text key>#msgid"), "{stdout}");
}

#[test]
fn concise_and_github_lines_cannot_be_forged_by_a_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a\n::error file=x::forged\n.txt";
    if std::fs::write(dir.path().join(name), "SSN 078-05-1120\n").is_err() {
        return; // a file system without newlines in names
    }
    for format in ["concise", "github"] {
        let out = phi_lint(&["check", ".", "--format", format], "", dir.path());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("forged"), "{format}: {stdout}");
        for line in stdout.lines() {
            assert!(!line.starts_with("::error file=x"), "{format}: {stdout}");
        }
    }
}
