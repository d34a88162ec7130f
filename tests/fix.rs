//! Automatic fixes in the library: which findings carry one, applying them, fixing a whole
//! document and checking it again.

use phi_lint::{Applicability, Document, Linter};

use crate::util::{linter, root};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/fixtures/payloads").join(name)).unwrap()
}

/// The codes of the active findings.
fn codes(linter: &Linter, doc: &Document) -> Vec<String> {
    linter
        .check_document(doc)
        .findings()
        .iter()
        .filter(|f| f.active())
        .map(|f| f.code().to_owned())
        .collect()
}

/// Fixes `text` read as `path` and checks that fixing the result again changes nothing.
fn fix(path: &str, text: &str, applicability: Applicability) -> (String, usize) {
    let fixed = linter().fix_document(&Document::from_text(path, text), applicability);
    let again = linter().fix_document(&fixed.document, applicability);
    assert_eq!(again.fixed, 0, "idempotent");
    assert_eq!(again.document.text(), fixed.document.text());
    (fixed.document.text().to_owned(), fixed.fixed)
}

#[test]
fn a_phi_bearing_anchor_gets_clicktracking_off_before_href() {
    let html = "<p>Hi {{first_name}},</p>\n<p><a class=\"btn\" href=\"https://forms.example.org/q?patient_id=558120\">Open</a>\n<a href=\"https://portal.example.org/login\">Sign in</a></p>\n";
    let doc = Document::from_text("templates/email/intake.html.hbs", html);
    let report = linter().check_document(&doc);
    let anchor = report
        .findings()
        .iter()
        .find(|f| f.code() == "TRK001")
        .unwrap();
    let anchor_fix = anchor.fix.as_ref().expect("TRK001 is fixable");
    assert_eq!(anchor_fix.applicability(), Applicability::Safe);
    let (fixed, n) = fix("templates/email/intake.html.hbs", html, Applicability::Safe);
    assert_eq!(n, 1);
    assert_eq!(
        fixed,
        html.replace(
            "class=\"btn\" href",
            "class=\"btn\" clicktracking=\"off\" href"
        )
    );
    let codes = codes(
        linter(),
        &Document::from_text("templates/email/intake.html.hbs", fixed),
    );
    assert!(!codes.contains(&"TRK001".to_owned()), "{codes:?}");
    // The PHI in the link itself is not the fix's to remove.
    assert!(codes.iter().any(|c| c.starts_with("URL")), "{codes:?}");
}

#[test]
fn http_becomes_https_only_as_an_unsafe_fix() {
    let sms = "Lakeview Health: join your visit at http://telehealth.example.org/j/4Kx9Q Reply STOP to opt out.";
    let path = "templates/sms/visit.txt";
    assert_eq!(fix(path, sms, Applicability::Safe), (sms.to_owned(), 0));
    let (fixed, n) = fix(path, sms, Applicability::Unsafe);
    assert_eq!(
        (fixed.as_str(), n),
        (sms.replace("http://", "https://").as_str(), 1)
    );
}

#[test]
fn payload_tracking_switches_are_turned_off_in_place() {
    let json = fixture("sendgrid_click_on.json");
    let (fixed, n) = fix("payloads/send.json", &json, Applicability::Safe);
    assert_eq!(n, 2, "enable and enable_text");
    assert_eq!(
        fixed,
        json.replace(
            "{\"enable\": true, \"enable_text\": true}",
            "{\"enable\": false, \"enable_text\": false}"
        )
    );
    let left = codes(linter(), &Document::from_text("payloads/send.json", fixed));
    assert!(!left.iter().any(|c| c == "TRK010"), "{left:?}");
    // The anchor inside the JSON string is left alone: inserting quotes there needs escaping.
    assert!(left.iter().any(|c| c == "URL002"), "{left:?}");

    let json = fixture("postmark.json");
    let (fixed, _) = fix("payloads/postmark.json", &json, Applicability::Safe);
    assert!(fixed.contains("\"TrackLinks\": \"None\""), "{fixed}");
    assert!(fixed.contains("\"TrackOpens\": false"), "{fixed}");
    assert_eq!(
        fixed.len(),
        json.len() - "HtmlAndText".len() + "None".len() + 1
    );
}

#[test]
fn unused_suppressions_are_removed_whole_or_code_by_code() {
    let path = "templates/sms/reminder.hbs";
    // A directive that suppresses nothing goes with its line.
    let text = "{{!-- phi-lint: ignore-next-line[URL010] -- legacy portal --}}\nSee you Tuesday at 3 PM.\n";
    let (fixed, n) = fix(path, text, Applicability::Safe);
    assert_eq!((fixed.as_str(), n), ("See you Tuesday at 3 PM.\n", 1));
    // One used code stays; the unused ones leave the list.
    let text = "{{!-- phi-lint: ignore-next-line[ID001, URL010, DX001] -- legacy portal --}}\nSee http://legacy.example.org/portal\n";
    let (fixed, n) = fix(path, text, Applicability::Safe);
    assert_eq!(n, 2);
    assert_eq!(
        fixed,
        "{{!-- phi-lint: ignore-next-line[URL010] -- legacy portal --}}\nSee http://legacy.example.org/portal\n"
    );
    // CRLF line ends: the whole line goes, terminator included; the other lines keep theirs.
    let text = "Hi {{first_name}},\r\n{{!-- phi-lint: ignore-next-line[URL010] -- legacy --}}\r\nSee you Tuesday.\r\n";
    assert_eq!(
        fix(path, text, Applicability::Safe).0,
        "Hi {{first_name}},\r\nSee you Tuesday.\r\n"
    );
    // A directive at the end of a line of text leaves the text.
    let text = "See you Tuesday. {{! phi-lint: ignore[DX001] -- reviewed }}\n";
    assert_eq!(fix(path, text, Applicability::Safe).0, "See you Tuesday.\n");
    // `disable` is not removed: its `enable` would be left without a partner.
    let text = "{{! phi-lint: disable[DX001] -- r }}\nSee you.\n{{! phi-lint: enable[DX001] }}\n";
    assert_eq!(fix(path, text, Applicability::Safe), (text.to_owned(), 0));
}

#[test]
fn suppressed_findings_and_decoded_parts_are_not_fixed() {
    let text = "{{!-- phi-lint: ignore-next-line[URL010] -- legacy portal, PRIV-142 --}}\nSee http://legacy.example.org/portal\n";
    let path = "templates/sms/legacy.hbs";
    assert_eq!(fix(path, text, Applicability::Unsafe), (text.to_owned(), 0));

    let eml = "Subject: Visit\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\nU2VlIGh0dHA6Ly9wb3J0YWwuZXhhbXBsZS5vcmcvbG9naW4=\n";
    let doc = Document::from_text("mail/visit.eml", eml);
    let report = linter().check_document(&doc);
    assert!(
        report.findings().iter().any(|f| f.code() == "URL010"),
        "decoded http link found"
    );
    assert!(report.findings().iter().all(|f| f.fix.is_none()));
    assert_eq!(fix("mail/visit.eml", eml, Applicability::Unsafe).1, 0);
}

#[test]
fn fixes_in_i18n_strings_land_in_the_file() {
    let yaml =
        "en:\n  reminders:\n    sms_body: \"Join at http://telehealth.example.org/j/4Kx9Q\"\n";
    let (fixed, n) = fix("config/locales/en.yml", yaml, Applicability::Unsafe);
    assert_eq!(
        (fixed.as_str(), n),
        (yaml.replace("http://", "https://").as_str(), 1)
    );
}

#[test]
fn fixes_that_would_need_escaping_in_an_i18n_file_are_not_offered() {
    let json =
        "{\"email_html\": \"<a href='https://forms.example.org/q?patient_id=558120'>Open</a>\"}\n";
    let doc = Document::from_text("locales/en.json", json);
    let report = linter().check_document(&doc);
    let anchor = report
        .findings()
        .iter()
        .find(|f| f.code() == "TRK001")
        .expect("tracked link");
    // `clicktracking="off"` would end the JSON string.
    assert!(anchor.fix.is_none());
    assert_eq!(
        fix("locales/en.json", json, Applicability::Unsafe),
        (json.to_owned(), 0)
    );
}

#[test]
fn finding_fixes_carry_no_message_text() {
    let sms = "Your HIV test is at http://clinic.example.org/hiv";
    let report = linter().check(&phi_lint::Message::sms(sms));
    for f in report.findings() {
        if let Some(fix) = f.fix() {
            for e in fix.edits() {
                assert!(!e.content().contains("HIV") && !e.content().contains("clinic"));
            }
            assert!(!format!("{fix:?}").contains("clinic"));
        }
    }
    assert!(report.findings().iter().any(|f| f.fix().is_some()));
}
