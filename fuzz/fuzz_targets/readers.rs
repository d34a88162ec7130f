//! The JSON, i18n (every format) and .eml readers: entries, views and issues slice the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_lint_fuzz::assert_span;
use phi_lint_syntax::formats::{eml, i18n, json::JsonValue};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    match JsonValue::parse(src) {
        Ok(value) => assert_span(src, value.span(), "json"),
        Err(issue) => assert_span(src, issue.span, "json issue"),
    }
    let (value, issue) = JsonValue::parse_partial(src);
    assert_span(src, value.span(), "partial json");
    issue
        .iter()
        .for_each(|i| assert_span(src, i.span, "partial json issue"));
    for format in [
        i18n::I18nFormat::Yaml,
        i18n::I18nFormat::Json,
        i18n::I18nFormat::Properties,
        i18n::I18nFormat::AndroidXml,
        i18n::I18nFormat::Po,
    ] {
        let (entries, issues) = i18n::extract(src, format);
        for e in &entries {
            assert_span(src, e.span, "entry");
            assert_eq!(
                e.view.len(),
                e.span.len(),
                "{format:?}: view not length-preserving"
            );
        }
        issues
            .iter()
            .for_each(|i| assert_span(src, i.span, "i18n issue"));
    }
    let (parts, issues) = eml::parse(src);
    parts
        .iter()
        .for_each(|p| assert_span(src, p.span, "mime part"));
    issues
        .iter()
        .for_each(|i| assert_span(src, i.span, "eml issue"));
});
