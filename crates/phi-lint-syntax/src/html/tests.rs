use super::*;

fn texts(src: &str, doc: &HtmlDoc) -> Vec<String> {
    doc.text
        .iter()
        .map(|s| s.slice(src).trim().to_owned())
        .collect()
}

fn attrs<'a>(src: &'a str, e: &Element) -> Vec<(&'a str, Option<&'a str>)> {
    e.attrs
        .iter()
        .map(|a| (a.name.slice(src), a.value.map(|v| v.slice(src))))
        .collect()
}

/// Opaque spans for `{{ }}`, `{% %}` and `<% %>` in test inputs.
fn tags(src: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 1 < src.len() {
        let close = match &src[i..i + 2] {
            "{{" => "}}",
            "{%" => "%}",
            "<%" => "%>",
            _ => {
                i += 1;
                continue;
            }
        };
        let end = src[i + 2..]
            .find(close)
            .map_or(src.len(), |p| i + 2 + p + 2);
        out.push(Span::new(i, end));
        i = end;
    }
    out
}

#[test]
fn text_elements_and_attributes() {
    let src =
        r#"<P CLASS=intro data-x='1' hidden>Hello <b>Pat</b>!</P><br/><IMG SRC="a.png" ALT="x" />"#;
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(texts(src, &doc), ["Hello", "Pat", "!"]);
    let names: Vec<_> = doc.elements.iter().map(|e| e.name.slice(src)).collect();
    assert_eq!(names, ["P", "b", "br", "IMG"]);
    assert_eq!(
        attrs(src, &doc.elements[0]),
        [
            ("CLASS", Some("intro")),
            ("data-x", Some("1")),
            ("hidden", None)
        ]
    );
    assert_eq!(
        attrs(src, &doc.elements[3]),
        [("SRC", Some("a.png")), ("ALT", Some("x"))]
    );
    assert_eq!(
        doc.elements[3].span.slice(src),
        r#"<IMG SRC="a.png" ALT="x" />"#
    );
    assert_eq!(
        doc.elements[3]
            .attr(src, "src")
            .and_then(|a| a.value)
            .unwrap()
            .slice(src),
        "a.png"
    );
    assert!(doc.elements[0].is(src, "p"));
    assert!(doc.issues.is_empty());
}

#[test]
fn attribute_value_forms() {
    let src = "<a href = \"x y\" title='it\"s' data=unq empty=\"\" b=>t</a>";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(
        attrs(src, &doc.elements[0]),
        [
            ("href", Some("x y")),
            ("title", Some("it\"s")),
            ("data", Some("unq")),
            ("empty", Some("")),
            ("b", Some("")),
        ]
    );
    assert_eq!(texts(src, &doc), ["t"]);
}

#[test]
fn title_preheader_included_style_script_excluded() {
    let src = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Your results</title>\
        <style>p > b { color: red } </style><script>if (a < b) { x('</p>') }</script></head>\
        <body><div style=\"display:none\">Preheader for Pat</div><p>Body</p></body></html>";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(
        texts(src, &doc),
        ["Your results", "Preheader for Pat", "Body"]
    );
    assert!(doc.elements.iter().any(|e| e.is(src, "meta")));
    assert!(doc.issues.is_empty());
}

#[test]
fn comments_cdata_and_conditional_comments() {
    let src = "<p>a</p><!-- phi-lint: ignore --><![CDATA[ hidden ]]>\
        <!--[if mso]><table><tr><td>Outlook only</td></tr></table><![endif]-->\
        <!--[if !mso]><!--><p>b</p><!--<![endif]--><!---->c";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(texts(src, &doc), ["a", "b", "c"]);
    let bodies: Vec<_> = doc.comments.iter().map(|c| c.body.slice(src)).collect();
    assert_eq!(bodies[0], " phi-lint: ignore ");
    assert!(bodies[1].starts_with("[if mso]>"));
    assert_eq!(bodies.len(), 5);
    assert_eq!(doc.comments[0].span.slice(src), "<!-- phi-lint: ignore -->");
}

#[test]
fn opaque_href_value_kept_whole() {
    let src = r#"<a href="https://x.example.org/r?p={{ patient_id }}">Open</a>"#;
    let doc = HtmlDoc::scan(src, &tags(src));
    let href = doc.elements[0]
        .attr(src, "href")
        .and_then(|a| a.value)
        .unwrap();
    assert_eq!(
        href.slice(src),
        "https://x.example.org/r?p={{ patient_id }}"
    );
    assert_eq!(texts(src, &doc), ["Open"]);
}

#[test]
fn opaque_quote_and_gt_never_end_a_value_or_tag() {
    let src = r#"<a href="{{ link | default: "x>" }}" title={{ a > b }}>T</a>"#;
    let doc = HtmlDoc::scan(src, &tags(src));
    assert_eq!(
        attrs(src, &doc.elements[0]),
        [
            ("href", Some(r#"{{ link | default: "x>" }}"#)),
            ("title", Some("{{ a > b }}"))
        ]
    );
    assert_eq!(texts(src, &doc), ["T"]);
}

#[test]
fn opaque_control_tag_in_text() {
    let src = "{% if a > b %}<p>x</p>{% endif %}";
    let doc = HtmlDoc::scan(src, &tags(src));
    assert_eq!(texts(src, &doc), ["{% if a > b %}", "x", "{% endif %}"]);
    assert_eq!(doc.elements.len(), 1);
    assert!(doc.issues.is_empty());

    // An opaque span inside a text run stays part of it.
    let src = "<p>Hi {{ name }}, your code is {% if a < b %}ready{% endif %}.</p>";
    let doc = HtmlDoc::scan(src, &tags(src));
    assert_eq!(
        texts(src, &doc),
        ["Hi {{ name }}, your code is {% if a < b %}ready{% endif %}."]
    );
}

#[test]
fn opaque_erb_is_never_a_tag() {
    let src = r#"<img src="<%= url %>"><%= name %> <p class=<%= cls %>>x</p>"#;
    let doc = HtmlDoc::scan(src, &tags(src));
    let names: Vec<_> = doc.elements.iter().map(|e| e.name.slice(src)).collect();
    assert_eq!(names, ["img", "p"]);
    assert_eq!(attrs(src, &doc.elements[0]), [("src", Some("<%= url %>"))]);
    assert_eq!(
        attrs(src, &doc.elements[1]),
        [("class", Some("<%= cls %>"))]
    );
    assert_eq!(texts(src, &doc), ["<%= name %>", "x"]);
}

#[test]
fn opaque_in_attribute_position_is_skipped() {
    let src = r#"<input {% if c %}checked{% endif %} value="{{ v }}" data-{{ k }}="1">"#;
    let doc = HtmlDoc::scan(src, &tags(src));
    assert_eq!(
        attrs(src, &doc.elements[0]),
        [
            ("checked", None),
            ("value", Some("{{ v }}")),
            ("data-{{ k }}", Some("1"))
        ]
    );
}

#[test]
fn lone_lt_is_text() {
    let src = "<p>if a < b and 3<4 or <> or < /p></p>";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(texts(src, &doc), ["if a < b and 3<4 or <> or < /p>"]);
    assert!(doc.issues.is_empty());
}

#[test]
fn unclosed_constructs_are_issues_and_hide_nothing() {
    let src = "<p>Pat Doe <!-- note";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(doc.issues[0].span.slice(src), "<!--");
    assert!(!doc.issues[0].message.contains("note"));
    assert_eq!(texts(src, &doc), ["Pat Doe <!-- note"]);

    let src = "<p>Hi</p><a href=\"https://x.example.org/r?mrn=1234>MRN";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(
        texts(src, &doc).last().unwrap(),
        "<a href=\"https://x.example.org/r?mrn=1234>MRN"
    );

    let src = "<div class=x";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(texts(src, &doc), ["<div class=x"]);

    let src = "<title>Results for Pat";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(doc.issues.len(), 1);
    assert_eq!(texts(src, &doc), ["Results for Pat"]);

    let src = "<style>p{}</style><script>x</scrip><p>Pat</p>";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(doc.issues.len(), 1);
    assert!(texts(src, &doc).contains(&"Pat".to_owned()));
}

#[test]
fn raw_text_end_tag_is_case_insensitive() {
    let src = "<SCRIPT>a</Script >b<style>x</styles></style>c";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(texts(src, &doc), ["b", "c"]);
}

#[test]
fn self_closing_script_has_no_content() {
    let src = "<script src=\"a.js\"/>visible";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(texts(src, &doc), ["visible"]);
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "",
        "<",
        "<a",
        "<a ",
        "<a b",
        "<a b=",
        "<a b='",
        "</",
        "</a",
        "<!",
        "<!-",
        "<!--",
        "<!-->",
        "<![CDATA[",
        "<?",
        "é<é>é",
        "<a é=é>",
        "<a\u{0}>",
        "<title>",
        "<script",
        "&",
        "<a/",
        "<a =x>",
        "<a ==x>",
    ];
    for src in inputs {
        let doc = HtmlDoc::scan(src, &[]);
        for s in doc.text.iter().chain(doc.elements.iter().map(|e| &e.span)) {
            assert!(
                src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
                "{src}"
            );
        }
        // Bogus opaque spans are tolerated.
        HtmlDoc::scan(
            src,
            &[
                Span::new(3, 1),
                Span::new(0, 99),
                Span::new(0, 1),
                Span::new(0, 1),
            ],
        );
    }
}

#[test]
fn text_runs_point_at_raw_text() {
    let src = "<td>Dr&nbsp;Lee</td>\n  <td>\n</td>";
    let doc = HtmlDoc::scan(src, &[]);
    assert_eq!(doc.text, [Span::new(4, 15)]);
    let mut view = src.as_bytes().to_vec();
    decode_entities(&mut view, doc.text[0]);
    assert_eq!(&view[4..15], b"Dr      Lee");
}

#[test]
fn pathological_input_stays_linear() {
    for unit in ["<a b=\"", "<a ", "<!--", "<script>", "<![CDATA[", "</a"] {
        let src = unit.repeat(20_000);
        let doc = HtmlDoc::scan(&src, &[]);
        assert!(doc.issues.len() <= MAX_UNCLOSED + 1, "{unit}");
        // Nothing is hidden: the unparsed rest is text.
        assert_eq!(doc.text.last().map(|s| s.end), Some(src.len()), "{unit}");
    }
}
