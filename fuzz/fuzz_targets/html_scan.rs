//! The HTML scanner and entity decoding: spans slice the input, decoding keeps length and UTF-8.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_lint_fuzz::assert_span;
use phi_lint_syntax::html::{self, HtmlDoc};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let doc = HtmlDoc::scan(src, &[]);
    let mut view = src.as_bytes().to_vec();
    for &span in &doc.text {
        assert_span(src, span, "text");
        html::decode_entities(&mut view, span);
    }
    assert_eq!(view.len(), src.len());
    assert!(
        std::str::from_utf8(&view).is_ok(),
        "entity decoding broke UTF-8"
    );
    for e in &doc.elements {
        assert_span(src, e.name, "element");
        for a in &e.attrs {
            assert_span(src, a.name, "attribute");
            a.value.iter().for_each(|v| assert_span(src, *v, "value"));
        }
    }
    doc.issues
        .iter()
        .for_each(|i| assert_span(src, i.span, "issue"));
});
