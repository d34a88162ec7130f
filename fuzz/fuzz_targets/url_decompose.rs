//! URL finding, decomposition and decoding: spans inside the URL, decoding total and bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_lint_fuzz::assert_span;
use phi_lint_syntax::{Span, url};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let mut urls = url::find_urls(src);
    urls.push(Span::new(0, src.len()));
    for span in urls {
        assert_span(src, span, "url");
        let parts = url::parse(src, span);
        let inside = |s: Span, what: &str| {
            assert_span(src, s, what);
            assert!(
                span.contains(s) || s.is_empty(),
                "{what} {s:?} outside {span:?}"
            );
        };
        parts.scheme.iter().for_each(|s| inside(*s, "scheme"));
        parts.host.iter().for_each(|s| inside(*s, "host"));
        parts.path.iter().for_each(|s| inside(*s, "path"));
        parts.fragment.iter().for_each(|s| inside(*s, "fragment"));
        for pair in parts.query.iter().chain(&parts.fragment_query) {
            inside(pair.key, "key");
            pair.value.iter().for_each(|s| inside(*s, "value"));
        }
    }
    for plus in [false, true] {
        let decoded = url::percent_decode(src, plus);
        assert!(decoded.len() <= src.len(), "percent-decoding grew the text");
        let _ = url::nested_url(&decoded);
    }
    let _ = url::decode_opaque(src);
});
