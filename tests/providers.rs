//! Provider send payloads: `Linter::check_payload` over the fixtures in
//! `tests/fixtures/payloads/`, plus the inline examples of the `provider` pack.

use phi_lint::{Category, LineIndex, Linter, Location, Message, Provider, Severity};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/payloads/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// One finding as (code, category, severity, location, "line:col", covered JSON text).
type Row = (String, Category, Severity, Location, String, String);

fn lint_with(linter: &Linter, name: &str) -> Vec<Row> {
    let json = fixture(name);
    let index = LineIndex::new(&json);
    let report = linter.check_payload(&json);
    assert!(report.issues().is_empty(), "{name}: {:?}", report.issues());
    report
        .findings()
        .iter()
        .map(|f| {
            let (line, col) = index.line_col(&json, f.span().start);
            (
                f.code().to_owned(),
                f.category(),
                f.severity(),
                f.location(),
                format!("{line}:{col}"),
                json[f.span().range()].to_owned(),
            )
        })
        .collect()
}

fn lint(name: &str) -> Vec<Row> {
    lint_with(&Linter::builder().build().expect("default packs"), name)
}

fn row(
    code: &str,
    category: Category,
    severity: Severity,
    location: Location,
    at: &str,
    text: &str,
) -> Row {
    (
        code.to_owned(),
        category,
        severity,
        location,
        at.to_owned(),
        text.to_owned(),
    )
}

fn has(rows: &[Row], code: &str) -> bool {
    rows.iter().any(|r| r.0 == code)
}

use Category::{Compliance, Identifier, Tracking, UrlPhi};
use Location::{Metadata, Payload, Url};
use Severity::{Error, Info, Warning};

#[test]
fn sendgrid_click_tracking_over_phi_links_is_tracking_and_url_phi() {
    assert_eq!(
        lint("sendgrid_click_on.json"),
        [
            row(
                "CMP001",
                Compliance,
                Error,
                Payload,
                "2:4",
                "personalizations"
            ),
            row("URL002", UrlPhi, Error, Url, "6:76", "mrn=00482913"),
            row(
                "TRK001",
                Tracking,
                Error,
                Url,
                "7:50",
                "https://portal.example.org/r?mrn=00482913"
            ),
            row("URL002", UrlPhi, Error, Url, "7:79", "mrn=00482913"),
            // click_tracking.enable (HTML anchor) and enable_text (plain-text link)
            row("TRK010", Tracking, Error, Payload, "10:34", "true"),
            row("TRK010", Tracking, Error, Payload, "10:55", "true"),
        ]
    );
}

#[test]
fn sendgrid_click_tracking_disabled_leaves_url_phi_only() {
    let rows = lint("sendgrid_click_off.json");
    assert_eq!(
        rows,
        [
            row(
                "CMP001",
                Compliance,
                Error,
                Payload,
                "2:4",
                "personalizations"
            ),
            row("URL002", UrlPhi, Error, Url, "6:79", "mrn=00482913"),
        ]
    );
    assert!(!rows.iter().any(|r| r.1 == Tracking));
}

#[test]
fn opaque_links_are_clean_even_with_every_tracking_switch_on() {
    // Hard negative: click, text, open and analytics tracking all on, portal token opaque,
    // categories and custom args without PHI, generic utm values.
    assert_eq!(lint("sendgrid_opaque.json"), []);
    assert_eq!(lint("twilio_opaque.json"), []);
}

#[test]
fn sendgrid_without_tracking_settings_warns_about_the_account_default() {
    let rows = lint("sendgrid_default_tracking.json");
    assert!(rows.contains(&row(
        "TRK011",
        Tracking,
        Warning,
        Payload,
        "2:4",
        "personalizations"
    )));
    assert!(!has(&rows, "TRK010"));
}

#[test]
fn an_mrn_in_custom_args_is_an_identifier_in_metadata() {
    let rows = lint("sendgrid_metadata.json");
    // The key names the MRN; the value is reported.
    assert!(rows.contains(&row(
        "ID002", Identifier, Error, Metadata, "5:39", "4829137"
    )));
    assert!(!rows.iter().any(|r| r.1 == Tracking));
    // `message_ref` and the clean content are not flagged; the only other finding is the
    // condition in `categories` (see the next test).
    assert_eq!(
        rows.iter().filter(|r| r.1 != Compliance).count(),
        2,
        "{rows:?}"
    );
}

#[test]
fn a_diagnosis_in_categories_is_metadata_phi_at_error() {
    let rows = lint("sendgrid_metadata.json");
    assert!(
        rows.contains(&row(
            "DX006",
            Category::Diagnosis,
            Error,
            Metadata,
            "11:19",
            "hiv"
        )),
        "{rows:?}"
    );
}

#[test]
fn a_diagnosis_in_dynamic_template_data_is_phi_sent_to_the_provider() {
    let rows = lint("sendgrid_dynamic_data.json");
    assert_eq!(
        rows,
        [
            row(
                "CMP001",
                Compliance,
                Error,
                Payload,
                "2:4",
                "personalizations"
            ),
            row(
                "DX001",
                Category::Diagnosis,
                Warning,
                Location::Text,
                "7:55",
                "Type 2 diabetes"
            ),
            // open tracking on a message whose data names a condition
            row("TRK012", Tracking, Warning, Payload, "13:90", "true"),
        ]
    );
    // Without a diagnosis finding the same payload is clean: the BAA and open-tracking
    // findings follow from the PHI, not from the payload's shape.
    let no_dx = Linter::builder()
        .ignore(["diagnosis"])
        .build()
        .expect("default packs");
    assert_eq!(lint_with(&no_dx, "sendgrid_dynamic_data.json"), []);
}

#[test]
fn twilio_link_shortening_over_a_phi_link() {
    assert_eq!(
        lint("twilio_shorten.json"),
        [
            row("CMP001", Compliance, Error, Payload, "4:4", "Body"),
            row("URL002", UrlPhi, Error, Url, "4:82", "mrn=00482913"),
            row("TRK014", Tracking, Error, Payload, "5:18", "true"),
        ]
    );
}

#[test]
fn mailgun_click_tracking_and_variables() {
    assert_eq!(
        lint("mailgun.json"),
        [
            row("CMP001", Compliance, Error, Payload, "5:4", "html"),
            row(
                "TRK001",
                Tracking,
                Error,
                Url,
                "5:22",
                "https://portal.example.org/visit?dob=1987-04-12"
            ),
            row("URL002", UrlPhi, Error, Url, "5:55", "dob=1987-04-12"),
            row("TRK010", Tracking, Error, Payload, "7:25", "htmlonly"),
            row("ID002", Identifier, Error, Metadata, "8:20", "4829137"),
        ]
    );
}

#[test]
fn postmark_track_links_and_opens() {
    let rows = lint("postmark.json");
    assert_eq!(
        rows,
        [
            row("CMP001", Compliance, Error, Payload, "5:4", "HtmlBody"),
            row(
                "TRK001",
                Tracking,
                Error,
                Url,
                "5:26",
                "https://portal.example.org/visit?patient_id=558120"
            ),
            row("URL002", UrlPhi, Error, Url, "5:59", "patient_id=558120"),
            // a special category: an error on every channel
            row(
                "DX006",
                Category::Diagnosis,
                Error,
                Location::Text,
                "6:21",
                "HIV"
            ),
            row("TRK010", Tracking, Error, Payload, "9:18", "HtmlAndText"),
            row("TRK012", Tracking, Warning, Payload, "10:17", "true"),
        ]
    );
}

#[test]
fn ses_subject_with_a_procedure() {
    let rows = lint("ses.json");
    assert_eq!(
        rows,
        [
            row("CMP001", Compliance, Error, Payload, "4:4", "Content"),
            row(
                "PR001",
                Category::Procedure,
                Error,
                Location::Text,
                "6:33",
                "colonoscopy prep"
            ),
        ]
    );
    // Declared as covered by a BAA, SES carries the same content without a compliance finding.
    let covered = Linter::builder()
        .baa_providers(["ses"])
        .build()
        .expect("default packs");
    assert!(
        lint_with(&covered, "ses.json")
            .iter()
            .all(|r| r.0 != "CMP001")
    );
}

#[test]
fn declared_baa_providers_are_not_reported() {
    let linter = Linter::builder()
        .baa_providers(["sendgrid", "twilio"])
        .build()
        .expect("known providers");
    assert!(!has(
        &lint_with(&linter, "sendgrid_click_on.json"),
        "CMP001"
    ));
    assert!(!has(&lint_with(&linter, "twilio_shorten.json"), "CMP001"));
    assert!(has(&lint_with(&linter, "mailgun.json"), "CMP001"));
    assert!(
        Linter::builder()
            .baa_providers(["mailchimp"])
            .build()
            .is_err()
    );
}

#[test]
fn whatsapp_is_never_covered_by_the_twilio_baa() {
    let linter = Linter::builder()
        .baa_providers(["twilio"])
        .build()
        .expect("known providers");
    let json = r#"{"To": "whatsapp:+15555550123", "From": "whatsapp:+15555550100",
        "Body": "Riverside Health: results https://portal.example.org/r?mrn=00482913 Reply STOP to opt out."}"#;
    assert_eq!(Provider::detect(json), Some(Provider::WhatsApp));
    let report = linter.check_payload(json);
    let cmp = report
        .findings()
        .iter()
        .find(|f| f.code() == "CMP001")
        .expect("non-BAA finding");
    assert_eq!(&json[cmp.span().range()], "whatsapp:+15555550123");
    assert_eq!(cmp.location(), Payload);
}

#[test]
fn twilio_body_is_a_whole_sms_for_compliance_checks() {
    let linter = Linter::builder()
        .extend_select(["CMP002", "CMP003"])
        .build()
        .expect("default packs");
    let json = r#"{"To": "+15555550123", "From": "+15555550100", "Body": "Reply with your date of birth to confirm."}"#;
    let report = linter.check_payload(json);
    let got: Vec<(&str, Severity, &str)> = report
        .findings()
        .iter()
        .map(|f| (f.code(), f.severity(), &json[f.span().range()]))
        .collect();
    let body = "Reply with your date of birth to confirm.";
    assert_eq!(
        got,
        [
            ("CMP004", Warning, "Reply with"),
            ("CMP002", Info, body),
            ("CMP003", Info, body),
        ]
    );
}

#[test]
fn status_callbacks_with_identifiers_are_url_phi() {
    let linter = Linter::builder().build().expect("default packs");
    let json = r#"{"To": "+15555550123", "Body": "Riverside Health: see you Tue. Reply STOP to opt out.",
        "StatusCallback": "https://api.example.org/sms/status?patient_id=558120"}"#;
    let report = linter.check_payload(json);
    let f = report
        .findings()
        .iter()
        .find(|f| f.category() == UrlPhi)
        .expect("url_phi");
    assert_eq!(&json[f.span().range()], "patient_id=558120");
}

#[test]
fn malformed_payloads_are_issues_not_panics() {
    let linter = Linter::builder().build().expect("default packs");
    let report = linter.check_payload(r#"{"personalizations": [], "subject": "SSN 078-05-1120""#);
    assert_eq!(report.issues().len(), 1);
    // What was read before the error is still checked.
    assert!(report.findings().iter().any(|f| f.category() == Identifier));
    let report = linter.check_payload(r#"{"greeting": "hello"}"#);
    assert!(
        report.issues()[0]
            .message
            .contains("not a recognised provider payload")
    );
}

/// The inline examples of the `provider` pack (until a harness runs every pack's examples).
#[test]
fn provider_pack_examples() {
    let linter = Linter::builder().build().expect("default packs");
    for (meta, examples) in linter.rule_examples() {
        if meta.pack != "provider" {
            continue;
        }
        let message = |e: &phi_lint::Example| -> (String, Vec<(usize, usize)>) {
            let mut text = String::new();
            let mut spans = Vec::new();
            let mut open = 0;
            for c in e.text.chars() {
                match c {
                    '«' => open = text.len(),
                    '»' => spans.push((open, text.len())),
                    c => text.push(c),
                }
            }
            (text, spans)
        };
        let run = |e: &phi_lint::Example, text: &str| {
            let channel = phi_lint::Channel::from_name(e.channel.as_deref().unwrap_or("sms"))
                .expect("example channel");
            let syntax = phi_lint::Dialect::from_name(e.syntax.as_deref().unwrap_or("plain"))
                .expect("example syntax");
            let report = linter.check(&Message::template(channel, syntax, text));
            report
                .findings()
                .iter()
                .filter(|f| f.code() == meta.code)
                .map(|f| (f.span().start, f.span().end))
                .collect::<Vec<_>>()
        };
        for e in &examples.bad {
            let (text, spans) = message(e);
            assert_eq!(run(e, &text), spans, "{} bad: {}", meta.code, e.text);
        }
        for e in &examples.good {
            assert_eq!(run(e, &e.text), [], "{} good: {}", meta.code, e.text);
        }
    }
}
