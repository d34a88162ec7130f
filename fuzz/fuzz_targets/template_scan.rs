//! Every dialect's scanner: nodes tile the input in order, every span slices it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_lint_fuzz::assert_span;
use phi_lint_syntax::template::{Node, sniff};
use phi_lint_syntax::{Dialect, Template};

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    let _ = sniff(src);
    for dialect in Dialect::ALL {
        let t = Template::scan(src, dialect);
        let mut end = 0;
        for node in &t.nodes {
            let span = match node {
                Node::Text(s) | Node::Raw(s) => *s,
                Node::Var(v) => {
                    assert_span(src, v.expr, "expr");
                    for p in &v.paths {
                        assert_span(src, p.span, "path");
                        p.segments
                            .iter()
                            .for_each(|s| assert_span(src, *s, "segment"));
                    }
                    v.span
                }
                Node::Tag(t) => {
                    for p in &t.paths {
                        assert_span(src, p.span, "path");
                        p.segments
                            .iter()
                            .for_each(|s| assert_span(src, *s, "segment"));
                    }
                    t.keyword
                        .iter()
                        .for_each(|k| assert_span(src, *k, "keyword"));
                    t.span
                }
                Node::Comment(c) => {
                    assert_span(src, c.body, "comment body");
                    c.span
                }
            };
            assert_span(src, span, "node");
            assert!(span.start >= end, "{dialect:?}: nodes overlap at {span:?}");
            end = span.end;
        }
        t.issues
            .iter()
            .for_each(|i| assert_span(src, i.span, "issue"));
    }
});
