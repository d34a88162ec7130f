use super::*;
use std::borrow::Cow;

fn urls(src: &str) -> Vec<&str> {
    find_urls(src).into_iter().map(|s| s.slice(src)).collect()
}

fn whole(src: &str) -> UrlParts {
    parse(src, Span::new(0, src.len()))
}

fn pairs<'a>(src: &'a str, q: &[QueryPair]) -> Vec<(&'a str, Option<&'a str>)> {
    q.iter()
        .map(|p| (p.key.slice(src), p.value.map(|v| v.slice(src))))
        .collect()
}

fn segs<'a>(src: &'a str, p: &[Span]) -> Vec<&'a str> {
    p.iter().map(|s| s.slice(src)).collect()
}

#[test]
fn finds_urls_in_plain_text() {
    let src = "Visit https://portal.example.org/results?id=7. Or HTTP://Example.org/a, \
        ftp://files.example.org/x; call 555-0142! (see https://example.org/a_(b)) \
        and (https://example.org/c) xhttps://nope.example.org mailto://no https:// end";
    assert_eq!(
        urls(src),
        [
            "https://portal.example.org/results?id=7",
            "HTTP://Example.org/a",
            "ftp://files.example.org/x",
            "https://example.org/a_(b)",
            "https://example.org/c",
        ]
    );
}

#[test]
fn finds_urls_in_markdown_and_html() {
    let src = r#"[Your results](https://portal.example.org/r?mrn=1234) and <https://example.org/x>
<a href="https://x.example.org/a?b=1&amp;c=2">https://x.example.org/a</a> <img src='https://img.example.org/p.png'>
<td background=https://img.example.org/bg.png>[x]: https://example.org/ref]"#;
    assert_eq!(
        urls(src),
        [
            "https://portal.example.org/r?mrn=1234",
            "https://example.org/x",
            "https://x.example.org/a?b=1&amp;c=2",
            "https://x.example.org/a",
            "https://img.example.org/p.png",
            "https://img.example.org/bg.png",
            "https://example.org/ref",
        ]
    );
}

#[test]
fn escaped_spaces_and_brackets_end_urls_in_html_text() {
    let src = "<p>Open&nbsp;https://x.example.org/a?b=1&amp;c=2&nbsp;now &lt;https://x.example.org/b&gt; \
        &quot;https://x.example.org/c&quot; https://x.example.org/d&#160;x</p>";
    assert_eq!(
        urls(src),
        [
            "https://x.example.org/a?b=1&amp;c=2",
            "https://x.example.org/b",
            "https://x.example.org/c",
            "https://x.example.org/d",
        ]
    );
}

#[test]
fn template_tags_are_part_of_urls() {
    let src = "Go to https://x.example.org/r?p={{ patient_id }}&d={% if a > b %}1{% endif %} now. \
        <a href=\"https://x.example.org/<%= @mrn %>/v\">x</a> \
        https://x.example.org/?e=*|EMAIL|*&n=${name}&f={first}, \
        https://x.example.org/{{{ raw url }}}!";
    assert_eq!(
        urls(src),
        [
            "https://x.example.org/r?p={{ patient_id }}&d={% if a > b %}1{% endif %}",
            "https://x.example.org/<%= @mrn %>/v",
            "https://x.example.org/?e=*|EMAIL|*&n=${name}&f={first}",
            "https://x.example.org/{{{ raw url }}}",
        ]
    );
    // An unclosed tag is not a tag: the URL ends at the space as usual.
    assert_eq!(
        urls("https://x.example.org/?a={{ oops and more"),
        ["https://x.example.org/?a={{"]
    );
}

#[test]
fn find_urls_char_boundaries_and_no_panic() {
    let src = "é https://example.org/café\u{a0}next https://example.org/ü。 https://例え.example.org/パス";
    let found = find_urls(src);
    for s in &found {
        assert!(src.is_char_boundary(s.start) && src.is_char_boundary(s.end));
    }
    assert_eq!(urls(src)[0], "https://example.org/café");
    for s in [
        "", "://", "https://", "https:/", "é://é", "ftp://)", "http://.", "a://b",
    ] {
        let _ = find_urls(s);
    }
}

#[test]
fn parses_components() {
    let src = "https://user:pw@portal.example.org:8443/a//results/7?mrn=1234&x&=v;y=2#top";
    let p = whole(src);
    assert_eq!(p.scheme.unwrap().slice(src), "https");
    assert_eq!(p.host.unwrap().slice(src), "portal.example.org");
    assert_eq!(segs(src, &p.path), ["a", "results", "7"]);
    assert_eq!(
        pairs(src, &p.query),
        [
            ("mrn", Some("1234")),
            ("x", None),
            ("", Some("v")),
            ("y", Some("2"))
        ]
    );
    assert_eq!(p.fragment.unwrap().slice(src), "top");
    assert!(p.fragment_query.is_empty());

    let src = "http://[2001:db8::1]:8080/p";
    let p = whole(src);
    assert_eq!(p.host.unwrap().slice(src), "2001:db8::1");
    assert_eq!(segs(src, &p.path), ["p"]);

    let src = "/relative/path?q=1";
    let p = whole(src);
    assert_eq!((p.scheme, p.host), (None, None));
    assert_eq!(segs(src, &p.path), ["relative", "path"]);
}

#[test]
fn parses_spa_fragments() {
    let src = "https://portal.example.org/#/results?id=7&dx=E11.9";
    let p = whole(src);
    assert_eq!(p.fragment.unwrap().slice(src), "/results?id=7&dx=E11.9");
    assert_eq!(
        pairs(src, &p.fragment_query),
        [("id", Some("7")), ("dx", Some("E11.9"))]
    );

    let src = "https://portal.example.org/app#mrn=1&x=2";
    let p = whole(src);
    assert_eq!(
        pairs(src, &p.fragment_query),
        [("mrn", Some("1")), ("x", Some("2"))]
    );
}

#[test]
fn parse_respects_template_tags_and_sub_spans() {
    let src = "see https://x.example.org/c/{{ a/b }}?u={{ url | append: '?x=1&y=2#z' }}&dx={% if a %}1{% endif %}#{{ f }}";
    let span = find_urls(src)[0];
    let p = parse(src, span);
    assert_eq!(p.host.unwrap().slice(src), "x.example.org");
    assert_eq!(segs(src, &p.path), ["c", "{{ a/b }}"]);
    assert_eq!(
        pairs(src, &p.query),
        [
            ("u", Some("{{ url | append: '?x=1&y=2#z' }}")),
            ("dx", Some("{% if a %}1{% endif %}")),
        ]
    );
    assert_eq!(p.fragment.unwrap().slice(src), "{{ f }}");

    let src = "https://{{ host }}/p?a=<%= x ? 1 : 2 %>";
    let p = whole(src);
    assert_eq!(p.host.unwrap().slice(src), "{{ host }}");
    assert_eq!(pairs(src, &p.query), [("a", Some("<%= x ? 1 : 2 %>"))]);
}

#[test]
fn parse_html_escaped_ampersands() {
    let src = "https://x.example.org/a?b=1&amp;c=2";
    assert_eq!(
        pairs(src, &whole(src).query),
        [("b", Some("1")), ("c", Some("2"))]
    );
}

#[test]
fn parse_never_panics() {
    let src = "é?#&=:/@[]";
    for s in 0..=src.len() {
        for e in s..=src.len() + 2 {
            let _ = parse(src, Span::new(s, e));
        }
    }
    let p = parse("https://", Span::new(0, 8));
    assert_eq!(p.host, None);
    assert!(parse("x", Span::new(0, 1)).path.len() == 1);
}

#[test]
fn tracking_wrappers() {
    let src = "https://u123.ct.sendgrid.net/ls/click?upn=AbC-dEf_123.xyz-2BQ9&x=1";
    let p = whole(src);
    assert_eq!(p.host.unwrap().slice(src), "u123.ct.sendgrid.net");
    assert_eq!(segs(src, &p.path), ["ls", "click"]);
    assert_eq!(
        pairs(src, &p.query)[0],
        ("upn", Some("AbC-dEf_123.xyz-2BQ9"))
    );

    let src = "https://x.us1.list-manage.com/track/click?u=0a1b2c3d4e5f6a7b8c9d0e1f2&id=9a8b7c6d5e&e=f1e2d3c4b5";
    let keys: Vec<_> = pairs(src, &whole(src).query)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, ["u", "id", "e"]);

    let src =
        "https://click.example.org/c?r=https%3A%2F%2Fportal.example.org%2Fresults%3Fmrn%3D1234";
    let p = whole(src);
    let r = p.query[0].value.unwrap().slice(src);
    let target = nested_url(r).unwrap();
    assert_eq!(target, "https://portal.example.org/results?mrn=1234");
    let inner = parse(&target, Span::new(0, target.len()));
    assert_eq!(pairs(&target, &inner.query), [("mrn", Some("1234"))]);

    let src = "https://www.google.com/url?q=https://portal.example.org/r?id%3D7&sa=D";
    let p = whole(src);
    assert_eq!(
        nested_url(p.query[0].value.unwrap().slice(src)).unwrap(),
        "https://portal.example.org/r?id%3D7"
    );
    assert_eq!(nested_url(p.query[1].value.unwrap().slice(src)), None);
}

#[test]
fn nested_url_behind_base64() {
    let decoded = decode_opaque("aHR0cHM6Ly9wb3J0YWwuZXhhbXBsZS5vcmcvcj9tcm49MTIzNA").unwrap();
    assert_eq!(
        nested_url(&decoded).unwrap(),
        "https://portal.example.org/r?mrn=1234"
    );
}

#[test]
fn sendgrid_payload_with_mangled_padding_and_signature() {
    for (upn, target) in [
        (
            "aHR0cHM6Ly9wb3J0YWwuZXhhbXBsZS5vcmcvcj9tcm49MDAxMjM0NTY-3D_7F3A2C",
            "https://portal.example.org/r?mrn=00123456",
        ),
        (
            "aHR0cHM6Ly9wb3J0YWwuZXhhbXBsZS5vcmcvcmVzdWx0cz9tcm49MDAxMjM0NQ-3D-3D_7F3A2C",
            "https://portal.example.org/results?mrn=0012345",
        ),
        (
            "u001.aHR0cHM6Ly9wb3J0YWwuZXhhbXBsZS5vcmcvYmVoYXZpb3JhbC1oZWFsdGgvdmlkZW8vP3B0PUhGMDA5MjE-3D",
            "https://portal.example.org/behavioral-health/video/?pt=HF00921",
        ),
    ] {
        assert_eq!(decode_opaque(upn).as_deref(), Some(target));
    }
    // An opaque token with an underscore stays opaque.
    assert_eq!(decode_opaque("R4t8Wq_x9Tz"), None);
}

#[test]
fn schemeless_url_in_an_encoded_path_segment() {
    assert_eq!(
        schemeless_url("portal.example.org%2Frefill%3Fpatient_id%3D220981").as_deref(),
        Some("https://portal.example.org/refill?patient_id=220981")
    );
    assert_eq!(
        schemeless_url("https%3A%2F%2Fportal.example.org%2Fr").as_deref(),
        Some("https://portal.example.org/r")
    );
    // A plain segment, an encoded non-host and a bare token are not wrapped links.
    assert_eq!(schemeless_url("cdn.example.org"), None);
    assert_eq!(schemeless_url("reports%2F2024"), None);
    assert_eq!(schemeless_url("3s"), None);
}

#[test]
fn nested_url_decodes_once_or_twice() {
    assert_eq!(
        nested_url("https%253A%252F%252Fexample.org%252Fa").unwrap(),
        "https://example.org/a"
    );
    assert_eq!(
        nested_url("HTTP://example.org").unwrap(),
        "HTTP://example.org"
    );
    assert_eq!(nested_url("https%25253A%25252F%25252Fexample.org"), None);
    assert_eq!(nested_url("1234"), None);
    assert_eq!(nested_url("https://"), None);
    assert_eq!(nested_url("mailto%3Apat%40example.org"), None);
}

#[test]
fn percent_decoding() {
    assert!(matches!(
        percent_decode("plain", true),
        Cow::Borrowed("plain")
    ));
    assert!(matches!(percent_decode("a+b", false), Cow::Borrowed("a+b")));
    assert_eq!(percent_decode("a+b%20c%2Fd", true), "a b c/d");
    assert_eq!(percent_decode("a+b", false), "a+b");
    assert_eq!(percent_decode("caf%C3%A9", false), "café");
    assert_eq!(percent_decode("100%", false), "100%");
    assert_eq!(percent_decode("%zz%4", false), "%zz%4");
    assert_eq!(percent_decode("%FF%41", false), "\u{FFFD}A");
}

#[test]
fn opaque_values_that_hide_text() {
    // base64("pat.doe@example.org"), standard padded, unpadded, percent-encoded padding.
    for v in [
        "cGF0LmRvZUBleGFtcGxlLm9yZw==",
        "cGF0LmRvZUBleGFtcGxlLm9yZw",
        "cGF0LmRvZUBleGFtcGxlLm9yZw%3D%3D",
    ] {
        assert_eq!(
            decode_opaque(v).as_deref(),
            Some("pat.doe@example.org"),
            "{v}"
        );
    }
    // URL-safe and standard alphabets, padded or not, non-ASCII text.
    let text = "Pat Doe ?>> results";
    assert_eq!(
        decode_opaque("UGF0IERvZSA_Pj4gcmVzdWx0cw").as_deref(),
        Some(text)
    );
    assert_eq!(
        decode_opaque("UGF0IERvZSA/Pj4gcmVzdWx0cw==").as_deref(),
        Some(text)
    );
    assert_eq!(
        decode_opaque("bXJuPTEyMzQmZG9iPTE5ODAtMDEtMDI_").as_deref(),
        Some("mrn=1234&dob=1980-01-02?")
    );
    assert_eq!(
        decode_opaque("SsO8cmdlbiBNw7xsbGVyIH5-IG9rPw==").as_deref(),
        Some("Jürgen Müller ~~ ok?")
    );
    // Hex.
    assert_eq!(
        decode_opaque("5061742044c3b665").as_deref(),
        Some("Pat Döe")
    );
    // A short name still decodes.
    assert_eq!(decode_opaque("Sm9obg").as_deref(), Some("John"));
    assert_eq!(
        decode_opaque("eyJtcm4iOiIxMjM0IiwiZG9iIjoiMTk4MC0wMS0wMiJ9").as_deref(),
        Some(r#"{"mrn":"1234","dob":"1980-01-02"}"#)
    );
}

#[test]
fn opaque_tokens_stay_opaque() {
    for v in [
        "R4t8Wq",
        "Xk29fQ",
        "7Hq2Lk",
        "aZ3kP9qL",
        "V1StGXR8_Z5jdHi6B-myT",
        "4f9a2c7e1b8d3f60",
        "Zx81Lq0pWm3vN7rT2yKc9B",
        "kQ7mZp2XvL9wR4tY8nB3cD",
        "d41d8cd98f00b204e9800998ecf8427e",
        "0123456789",
        "12345678",
        "newsletter",
        "campaign",
        "abc",
        "",
        "====",
        "%3D%3D",
        "AbC-dEf_123.xyz-2BQ9",
        "Zm9v+Ym_Fy",
        "not base64!",
    ] {
        assert_eq!(decode_opaque(v), None, "{v}");
    }
}

use test_rng::TestRng;

#[test]
fn random_ids_rarely_decode_as_text() {
    let alnum: Vec<u8> = (b'a'..=b'z')
        .chain(b'A'..=b'Z')
        .chain(b'0'..=b'9')
        .collect();
    let mut rng = TestRng::new(0x9E37_79B9_7F4A_7C15);
    let mut decoded = Vec::new();
    for len in [6, 7, 8, 10, 12, 16, 22, 24, 32] {
        for _ in 0..2000 {
            let token: String = (0..len).map(|_| rng.pick(&alnum) as char).collect();
            if let Some(text) = decode_opaque(&token) {
                decoded.push((token, text));
            }
        }
    }
    // 18,000 random tokens: allow a handful of accidental decodes, not a systematic leak.
    assert!(decoded.len() <= 5, "{decoded:?}");
}

#[test]
fn random_input_never_panics_and_spans_are_boundaries() {
    let pieces = [
        "https://",
        "http://",
        "{{",
        "}}",
        "{%",
        "%}",
        "<%",
        "%>",
        "*|",
        "|*",
        "${",
        "{",
        "}",
        "?",
        "&",
        "#",
        "=",
        "/",
        ":",
        "@",
        "[",
        "]",
        "(",
        ")",
        ".",
        " ",
        "\"",
        "'",
        "<",
        ">",
        "é",
        "日",
        "%2",
        "%41",
        "a",
        "Z",
        "9",
        "\n",
        "&amp;",
        "<a href=\"",
        "<!--",
        "-->",
    ];
    let mut rng = TestRng::new(42);
    for _ in 0..3000 {
        let src = rng.text(&pieces, 24);
        for span in find_urls(&src) {
            assert!(
                src.is_char_boundary(span.start) && src.is_char_boundary(span.end),
                "{src:?}"
            );
            let p = parse(&src, span);
            let all = p
                .scheme
                .iter()
                .chain(&p.host)
                .chain(&p.path)
                .chain(&p.fragment)
                .chain(
                    p.query
                        .iter()
                        .chain(&p.fragment_query)
                        .flat_map(|q| std::iter::once(&q.key).chain(&q.value)),
                );
            for s in all {
                assert!(span.contains(*s), "{src:?}");
                assert!(
                    src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
                    "{src:?}"
                );
            }
        }
        let doc = crate::html::HtmlDoc::scan(&src, &[]);
        for s in &doc.text {
            assert!(
                src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
                "{src:?}"
            );
        }
        let _ = decode_opaque(&src);
        let _ = nested_url(&src);
        let _ = percent_decode(&src, true);
    }
}

#[test]
fn pathological_urls_stay_linear() {
    let src = format!("https://x.example.org/{}", ")".repeat(100_000));
    assert_eq!(urls(&src), ["https://x.example.org/"]);
    let src = format!("https://x.example.org/{}", "{{".repeat(20_000));
    assert_eq!(find_urls(&src).len(), 1);
    let src = "https://x.example.org/?".to_owned() + &"a=1&".repeat(50_000);
    assert_eq!(whole(&src).query.len(), 50_000);
}
