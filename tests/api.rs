//! Library guarantees that do not depend on any one rule.

use phi_lint::{Category, Channel, Dialect, Linter, Message, Part, Redaction, Severity};

use crate::util::linter;

const PHI_SMS: &str =
    "Northgate Clinic: SSN 078-05-1120 is on file. See http://portal.example.org/r?mrn=00482913";

#[test]
fn linter_and_report_are_send_sync_and_clone() {
    fn assert_all<T: Send + Sync + Clone>() {}
    assert_all::<Linter>();
    assert_all::<phi_lint::Report>();
    assert_all::<phi_lint::Finding>();
    fn assert_error<T: std::error::Error + Send + Sync>() {}
    assert_error::<phi_lint::BuildError>();
}

#[test]
fn findings_never_show_message_text_by_default() {
    let report = linter().check(&Message::sms(PHI_SMS));
    assert!(report.findings().len() >= 3, "{report:?}");
    let debug = format!("{report:?}");
    let json = serde_json::to_string(&report).unwrap();
    let display: String = report
        .findings()
        .iter()
        .map(|f| format!("{f} {}", f.excerpt()))
        .collect();
    for secret in ["078-05-1120", "00482913", "portal.example.org", "Northgate"] {
        assert!(!debug.contains(secret), "Debug leaks {secret}");
        assert!(!json.contains(secret), "serde leaks {secret}");
        assert!(!display.contains(secret), "Display/excerpt leaks {secret}");
    }
}

#[test]
fn check_many_gives_each_message_its_own_report_in_input_order() {
    // More items than one block, clean and PHI interleaved unevenly, several channels: any
    // mix-up of blocks between threads shows as a report at the wrong index.
    let texts: Vec<String> = (0..1000)
        .map(|i| match i % 7 {
            0 => PHI_SMS.to_owned(),
            3 => format!(
                "Your HIV test came back positive. Call 555-01{:02}.",
                i % 100
            ),
            _ => format!(
                "See you Tue 3/{} at 9 AM. Reply STOP to opt out.",
                i % 9 + 1
            ),
        })
        .collect();
    let channel = |i: usize| {
        if i.is_multiple_of(2) {
            Channel::Sms
        } else {
            Channel::Push
        }
    };
    let indexed: Vec<(usize, &str)> = texts.iter().map(String::as_str).enumerate().collect();
    let one_by_one: Vec<String> = indexed
        .iter()
        .map(|&(i, text)| {
            let report = linter().check(&Message::new().part(Part::new(channel(i), text)));
            serde_json::to_string(&report).unwrap()
        })
        .collect();
    let clean = one_by_one
        .iter()
        .filter(|r| r.starts_with(r#"{"findings":[]"#))
        .count();
    assert!(
        clean > 0 && clean < texts.len(),
        "{clean} of {} clean",
        texts.len()
    );
    for jobs in [0, 1, 2, 3, 8] {
        let reports = linter().check_many(&indexed, jobs, |&(i, text)| {
            Message::new().part(Part::new(channel(i), text))
        });
        let reports: Vec<String> = reports
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        assert_eq!(reports, one_by_one, "jobs = {jobs}");
    }
    assert!(
        linter()
            .check_many(&[] as &[&str], 4, |t| Message::sms(t))
            .is_empty()
    );
}

#[test]
fn mask_redaction_hides_findings_but_keeps_context() {
    let linter = Linter::builder()
        .redaction(Redaction::Mask)
        .build()
        .unwrap();
    let report = linter.check(&Message::sms("We have SSN 078-05-1120 on file."));
    let ssn = report
        .findings()
        .iter()
        .find(|f| f.code() == "ID001")
        .expect("SSN found");
    assert!(!ssn.excerpt().contains("078-05-1120"));
    assert!(ssn.excerpt().contains("on file"));
    assert!(ssn.excerpt().contains("***"));
}

#[test]
fn mask_redaction_hides_unflagged_repeats_of_a_finding() {
    let linter = Linter::builder()
        .redaction(Redaction::Mask)
        .build()
        .unwrap();
    // The run-together repeat is not a finding of its own (no word boundary), but showing it
    // would reveal the masked word.
    let report = linter.check(&Message::sms("Refill of Lantus is ready, ref xLANTUSx."));
    let lantus = report
        .findings()
        .iter()
        .find(|f| f.category() == Category::Medication)
        .expect("medication found");
    assert_eq!(
        report.findings().len(),
        1,
        "the repeat is not flagged itself"
    );
    assert!(!lantus.excerpt().to_lowercase().contains("lantus"));
    assert!(lantus.excerpt().contains("ref x"), "{}", lantus.excerpt());
}

#[test]
fn spans_are_byte_offsets_into_the_part() {
    let text = "Café note: SSN 078-05-1120.";
    let report = linter().check(&Message::sms(text));
    let f = report
        .findings()
        .iter()
        .find(|f| f.category() == Category::Identifier)
        .unwrap();
    assert_eq!(f.span().slice(text), "078-05-1120");
}

#[test]
fn several_parts_are_checked_in_one_call() {
    let msg = Message::new()
        .subject("Your visit")
        .html("<p>Open <a href=\"http://x.example.org\">this</a></p>");
    let report = linter().check(&msg);
    let f = report
        .findings()
        .iter()
        .find(|f| f.category() == Category::InsecureLink)
        .unwrap();
    assert_eq!(f.part(), 1);
    assert!(report.blocks(Severity::Error));
}

#[test]
fn selection_and_severity_overrides_apply() {
    let only_ids = Linter::builder().select(["identifier"]).build().unwrap();
    let report = only_ids.check(&Message::sms(PHI_SMS));
    assert!(
        report
            .findings()
            .iter()
            .all(|f| f.category() == Category::Identifier)
    );
    let quiet = Linter::builder()
        .severity("ID001", Some(Severity::Info))
        .build()
        .unwrap();
    let report = quiet.check(&Message::sms("SSN 078-05-1120"));
    assert_eq!(report.findings()[0].severity(), Severity::Info);
    let err = Linter::builder().ignore(["NOPE123"]).build().unwrap_err();
    assert!(err.to_string().contains("NOPE123"));
}

#[test]
fn a_broken_user_pack_points_at_its_line() {
    let pack = "[pack]\nname = \"org\"\ndescription = \"d\"\n\n[[rule]]\ncode = \"ORG001\"\nname = \"org-rule\"\n\
                category = \"diagnosis\"\nmessage = \"m\"\nhelp = \"h\"\nseverity = { default = \"error\" }\n\
                patterns = ['''(broken''']\n";
    let err = Linter::builder().pack("org", pack).build().unwrap_err();
    let phi_lint::BuildErrorKind::Pack(e) = err.kind() else {
        panic!("not a pack error")
    };
    assert_eq!(e.line(), Some(12), "{e}");
}

#[test]
fn allowed_terms_silence_findings_inside_them() {
    let linter = Linter::builder()
        .allow_terms(["Riverbend Oncology Associates"])
        .build()
        .unwrap();
    let report = linter.check(&Message::sms(
        "Riverbend Oncology Associates: your visit is Tue at 3 PM.",
    ));
    assert!(
        report
            .findings()
            .iter()
            .all(|f| f.category() != Category::SensitiveService),
        "{report:?}"
    );
}

#[test]
fn never_panics_on_arbitrary_input() {
    let pieces = [
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "<%=",
        "%>",
        "*|",
        "|*",
        "${",
        "}",
        "<a href=\"",
        "\">",
        "<!--",
        "-->",
        "http://",
        "https://x.example.org/",
        "?mrn=",
        "&",
        "%3A%2F",
        "é",
        "💊",
        "\u{2019}",
        " ",
        "\n",
        "HIV",
        "SSN ",
        "078-05-1120",
        "positive",
        "<img src=",
        "'",
        "\"",
        "#",
        "/",
        "=",
        "\\",
        "\r\n",
        "&amp;",
        "&#",
        "{{{",
        "]]>",
    ];
    let linter = linter();
    let mut rng = test_rng::TestRng::new(7);
    for _ in 0..3000 {
        let text = rng.text(&pieces, 24);
        let channel = rng.pick(&Channel::ALL);
        let syntax = rng.pick(&Dialect::ALL);
        let report = linter.check(&Message::new().part(Part::new(channel, &text).syntax(syntax)));
        for f in report.findings() {
            assert!(
                f.span().end <= text.len()
                    && text.is_char_boundary(f.span().start)
                    && text.is_char_boundary(f.span().end)
            );
        }
    }
}

#[test]
fn html_comments_are_sent_and_checked_but_directives_are_not() {
    let check = |html: &str| {
        let message = Message::new().part(Part::new(Channel::EmailHtml, html));
        linter()
            .check(&message)
            .findings()
            .iter()
            .map(|f| (f.category(), f.span().slice(html).to_owned()))
            .collect::<Vec<_>>()
    };
    let plain = "<p>Hi Ana, see you Tuesday.</p><!-- chart note: type 2 diabetes -->";
    assert!(
        check(plain)
            .iter()
            .any(|(c, s)| *c == Category::Diagnosis && s.contains("diabetes")),
        "a plain comment is delivered with the email"
    );
    let outlook =
        "<!--[if mso]><table><tr><td>Your HIV clinic visit</td></tr></table><![endif]--><p>Hi</p>";
    let found = check(outlook);
    assert!(found.iter().any(|(_, s)| s.contains("HIV")), "{found:?}");
    assert!(
        !found.iter().any(|(_, s)| s.contains('<')),
        "only the text of Outlook's markup counts: {found:?}"
    );
    let directive = "<p>Hi Ana</p><!-- phi-lint: ignore[DX001] -- diabetes newsletter, PRIV-7 -->";
    assert!(check(directive).is_empty(), "{:?}", check(directive));
}

#[test]
fn build_errors_are_opaque_with_a_kind_and_keep_their_diagnostic() {
    use miette::Diagnostic;
    use phi_lint::BuildErrorKind;

    let err = Linter::builder()
        .baa_providers(["pigeon-post"])
        .build()
        .unwrap_err();
    assert!(matches!(err.kind(), BuildErrorKind::UnknownProvider(p) if p == "pigeon-post"));
    assert!(err.help().unwrap().to_string().contains("twilio"));
    let err = Linter::builder().allow_terms(["  "]).build().unwrap_err();
    assert!(matches!(err.kind(), BuildErrorKind::EmptyAllowedTerm(_)));
    let err = Linter::builder().select(["NOPE999"]).build().unwrap_err();
    assert!(matches!(err.kind(), BuildErrorKind::UnknownSelector(s) if s == "NOPE999"));

    let err = Linter::builder()
        .pack("org.toml", "[pack]\nname = 3\n")
        .build()
        .unwrap_err();
    assert!(matches!(err.kind(), BuildErrorKind::Pack(e) if e.file() == "org.toml"));
    assert!(err.source_code().is_some(), "the pack source is kept");
    let label = err.labels().and_then(|mut l| l.next()).expect("a label");
    assert!(
        label.offset() > 0,
        "the label points into the pack: {label:?}"
    );
}

#[test]
fn a_component_repeated_across_links_is_reported_in_each_link() {
    // A newsletter repeats the same parameters in every link; each link's finding points into
    // that link, whatever order or position the repeats have.
    let link = "https://portal.example.org/results?mrn=00482913&utm_source=newsletter";
    let html = format!(
        "<p><a href=\"{link}\">Results</a> and <a href=\"https://example.org/x\">more</a> \
         and <a href=\"{link}\">again</a></p><img src=\"{link}\">"
    );
    let report = linter().check(&Message::new().part(Part::new(Channel::EmailHtml, &html)));
    let url_spans: Vec<_> = report
        .findings()
        .iter()
        .filter(|f| f.span().slice(&html).contains("00482913"))
        .map(|f| f.span())
        .collect();
    let links: Vec<usize> = html.match_indices(link).map(|(at, _)| at).collect();
    assert_eq!(links.len(), 3);
    for at in links {
        assert!(
            url_spans
                .iter()
                .any(|s| s.start >= at && s.end <= at + link.len()),
            "no finding inside the link at {at}: {url_spans:?}"
        );
    }
}
