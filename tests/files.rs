//! Every file kind and dialect end to end: `phi-lint check tests/fixtures/files` must report
//! exactly the findings listed in `tests/fixtures/files/expected.txt` (path, line, column, code,
//! category), so both misses and false alarms fail.

use std::collections::BTreeSet;

use crate::util::{phi_lint, root};

#[test]
fn every_file_kind_reports_exactly_the_expected_findings() {
    let expected: BTreeSet<String> =
        std::fs::read_to_string(root().join("tests/fixtures/files/expected.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_owned)
            .collect();
    let out = phi_lint(
        &["check", "tests/fixtures/files", "--format", "json"],
        "",
        &root(),
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json output");
    let got: BTreeSet<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"]
                .as_str()
                .unwrap()
                .trim_start_matches("tests/fixtures/files/");
            format!(
                "{path}:{}:{} {} {}",
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap(),
                f["category"].as_str().unwrap()
            )
        })
        .collect();
    let missing: Vec<_> = expected.difference(&got).collect();
    let unexpected: Vec<_> = got.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "missing: {missing:#?}\nunexpected: {unexpected:#?}"
    );
    assert!(
        doc["problems"].as_array().unwrap().is_empty(),
        "reading problems: {}",
        doc["problems"]
    );
}

/// Checks `src` as an SMS template in `dialect` with the default linter.
fn check_sms_template(src: &str, dialect: phi_lint::Dialect) -> phi_lint::Report {
    use phi_lint::{Channel, Message, Part};
    crate::util::linter().check(&Message::new().part(Part::new(Channel::Sms, src).syntax(dialect)))
}

/// A condition's literal says what the record holds whichever branch is sent: it is read as
/// text, in every dialect, and the finding points at the literal.
#[test]
fn literals_compared_in_conditions_are_read_as_text() {
    use phi_lint::{Category, Dialect};
    let cases = [
        (
            "{% case p.program %}{% when 'oncology' %}Bring a snack.{% endcase %}",
            Dialect::Liquid,
        ),
        (
            "{{if eq .Clinic \"Psychiatry\"}}Fill in the form.{{end}}",
            Dialect::GoTemplate,
        ),
        (
            "{{#if (eq dept \"behavioral_health\")}}Bring your forms.{{/if}}",
            Dialect::Handlebars,
        ),
    ];
    for (src, dialect) in cases {
        let report = check_sms_template(src, dialect);
        let f = report
            .findings()
            .iter()
            .find(|f| f.category() == Category::SensitiveService)
            .unwrap_or_else(|| panic!("no finding in {src:?}"));
        let quoted = &src[f.span().start - 1..f.span().end + 1];
        assert!(
            quoted.starts_with(['\'', '"']) && quoted.ends_with(['\'', '"']),
            "{src:?}: {:?} is not a literal",
            f.span()
        );
    }
    // A language switch compares with a literal that says nothing.
    let src = "{% if p.language == 'es' %}Hola{% else %}Hi{% endif %} {{ first_name }}";
    let report = check_sms_template(src, Dialect::Liquid);
    assert!(
        report
            .findings()
            .iter()
            .all(|f| f.category() == Category::Compliance)
    );
}

/// A loop over a collection named in the plural reads its items by the singular name.
#[test]
fn collections_named_in_the_plural_are_read_as_their_items() {
    use phi_lint::{Category, Dialect};
    let cases = [
        (
            "{% for s in patient.surgeries %}{{ s.date }} {% endfor %}",
            Category::Procedure,
        ),
        (
            "{% for p in prescriptions %}{{ p.name }}, {% endfor %}",
            Category::Medication,
        ),
    ];
    for (src, category) in cases {
        let report = check_sms_template(src, Dialect::Liquid);
        assert!(
            report.findings().iter().any(|f| f.category() == category),
            "{src:?}: no {category:?} finding"
        );
    }
}
