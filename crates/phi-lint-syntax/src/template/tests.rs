use super::*;

/// Scans and checks the structural invariants every result must satisfy.
fn scan(src: &str, d: Dialect) -> Template {
    let t = Template::scan(src, d);
    check_invariants(src, &t);
    t
}

fn ok_span(src: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= src.len()
        && src.is_char_boundary(s.start)
        && src.is_char_boundary(s.end)
}

fn check_path(src: &str, outer: Span, p: &VarPath) {
    assert!(
        ok_span(src, p.span) && outer.contains(p.span),
        "path {:?} in {outer:?} of {src:?}",
        p.span
    );
    for s in &p.segments {
        assert!(
            ok_span(src, *s) && p.span.contains(*s),
            "segment {s:?} of {:?} in {src:?}",
            p.span
        );
    }
}

fn check_invariants(src: &str, t: &Template) {
    let mut pos = 0;
    for node in &t.nodes {
        let span = node_span(node);
        assert!(ok_span(src, span), "bad span {span:?} in {src:?}");
        assert_eq!(
            span.start, pos,
            "gap or overlap at {pos} in {src:?}: {:?}",
            t.nodes
        );
        pos = span.end;
        match node {
            Node::Var(v) => {
                assert!(ok_span(src, v.expr) && span.contains(v.expr));
                v.paths.iter().for_each(|p| check_path(src, span, p));
            }
            Node::Tag(tag) => {
                if let Some(k) = tag.keyword {
                    assert!(ok_span(src, k) && span.contains(k));
                }
                tag.paths.iter().for_each(|p| check_path(src, span, p));
                if let Some(b) = &tag.binding {
                    assert!(ok_span(src, b.alias) && span.contains(b.alias));
                    check_path(src, span, &b.source);
                }
                for l in &tag.literals {
                    assert!(ok_span(src, *l) && span.contains(*l) && !l.is_empty());
                }
            }
            Node::Comment(c) => assert!(ok_span(src, c.body) && span.contains(c.body)),
            Node::Text(s) | Node::Raw(s) => assert!(!s.is_empty() || src.is_empty()),
        }
    }
    assert_eq!(pos, src.len(), "nodes do not cover {src:?}: {:?}", t.nodes);
    for issue in &t.issues {
        assert!(ok_span(src, issue.span));
    }
}

fn node_span(node: &Node) -> Span {
    match node {
        Node::Text(s) | Node::Raw(s) => *s,
        Node::Var(v) => v.span,
        Node::Tag(t) => t.span,
        Node::Comment(c) => c.span,
    }
}

/// A compact rendering of the nodes, for readable assertions:
/// `T"text"`, `V"span"[a.b,c]`, `V!` (unescaped), `G"span"<kw>[paths]{alias=source}`, `C"body"`,
/// `R"raw"`. Paths render their segments joined with `.`.
fn render(src: &str, t: &Template) -> Vec<String> {
    let paths = |ps: &[VarPath]| {
        ps.iter()
            .map(|p| {
                p.segments
                    .iter()
                    .map(|s| s.slice(src))
                    .collect::<Vec<_>>()
                    .join(".")
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    t.nodes
        .iter()
        .map(|n| match n {
            Node::Text(s) => format!("T{:?}", s.slice(src)),
            Node::Raw(s) => format!("R{:?}", s.slice(src)),
            Node::Comment(c) => format!("C{:?}", c.body.slice(src)),
            Node::Var(v) => {
                format!(
                    "V{}{:?}[{}]",
                    if v.unescaped { "!" } else { "" },
                    v.span.slice(src),
                    paths(&v.paths)
                )
            }
            Node::Tag(tag) => {
                let mut s = format!(
                    "G{:?}<{}>[{}]",
                    tag.span.slice(src),
                    tag.keyword.map_or("", |k| k.slice(src)),
                    paths(&tag.paths)
                );
                if let Some(b) = &tag.binding {
                    s += &format!("{{{}={}}}", b.alias.slice(src), b.source.span.slice(src));
                }
                s
            }
        })
        .collect()
}

fn r(src: &str, d: Dialect) -> Vec<String> {
    render(src, &scan(src, d))
}

fn vars(t: &Template) -> Vec<&Var> {
    t.nodes
        .iter()
        .filter_map(|n| if let Node::Var(v) = n { Some(v) } else { None })
        .collect()
}

fn tags(t: &Template) -> Vec<&Tag> {
    t.nodes
        .iter()
        .filter_map(|n| if let Node::Tag(v) = n { Some(v) } else { None })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Plain

#[test]
fn plain_is_one_text_node() {
    assert_eq!(
        r("Hi {{name}} *|FNAME|* <%= x %>", Dialect::Plain),
        ["T\"Hi {{name}} *|FNAME|* <%= x %>\""]
    );
    assert!(scan("", Dialect::Plain).nodes.is_empty());
    for d in Dialect::ALL {
        assert!(scan("", d).nodes.is_empty(), "{d:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Handlebars / Mustache

#[test]
fn hbs_variables() {
    let src = "Hi {{name}}, {{ patient.first_name }} {{{raw_html}}} {{&amp_raw}} {{~trim~}}!";
    assert_eq!(
        r(src, Dialect::Handlebars),
        [
            "T\"Hi \"",
            "V\"{{name}}\"[name]",
            "T\", \"",
            "V\"{{ patient.first_name }}\"[patient.first_name]",
            "T\" \"",
            "V!\"{{{raw_html}}}\"[raw_html]",
            "T\" \"",
            "V!\"{{&amp_raw}}\"[amp_raw]",
            "T\" \"",
            "V\"{{~trim~}}\"[trim]",
            "T\"!\"",
        ]
    );
    let t = scan(src, Dialect::Handlebars);
    let v = vars(&t);
    assert_eq!(v[1].expr.slice(src), "patient.first_name");
    assert_eq!(v[1].paths[0].span.slice(src), "patient.first_name");
    assert_eq!(v[2].expr.slice(src), "raw_html");
    assert_eq!(v[4].expr.slice(src), "trim");
    // Triple-stash with whitespace control.
    assert_eq!(r("{{~{x}~}}", Dialect::Handlebars), ["V!\"{{~{x}~}}\"[x]"]);
}

#[test]
fn hbs_context_paths() {
    let src = "{{this}} {{this.name}} {{@index}} {{../parent.mrn}} {{@root.phone}} {{people.[0].name}} {{a/b}}";
    let t = scan(src, Dialect::Handlebars);
    let v = vars(&t);
    assert_eq!(v[0].paths[0].span.slice(src), "this");
    assert!(v[0].paths[0].segments.is_empty());
    let segs = |k: usize| {
        v[k].paths[0]
            .segments
            .iter()
            .map(|s| s.slice(src))
            .collect::<Vec<_>>()
    };
    assert_eq!(segs(1), ["name"]);
    assert_eq!(segs(2), ["index"]);
    assert_eq!(segs(3), ["parent", "mrn"]);
    assert_eq!(v[3].paths[0].span.slice(src), "../parent.mrn");
    assert_eq!(segs(4), ["phone"]);
    assert_eq!(segs(5), ["people", "name"]);
    assert_eq!(segs(6), ["a", "b"]);
}

#[test]
fn hbs_helpers_subexpressions_and_hash_args() {
    assert_eq!(
        r(r#"{{formatDate appt_date "MM/DD"}}"#, Dialect::Handlebars),
        [r#"V"{{formatDate appt_date \"MM/DD\"}}"[appt_date]"#]
    );
    assert_eq!(
        r("{{#greaterThan (length cart) 1}}", Dialect::Handlebars),
        ["G\"{{#greaterThan (length cart) 1}}\"<greaterThan>[cart]"]
    );
    assert_eq!(
        r(
            "{{link text=label url=patient.portal_url}}",
            Dialect::Handlebars
        ),
        ["V\"{{link text=label url=patient.portal_url}}\"[label,patient.portal_url]"]
    );
    assert_eq!(
        r("{{insert name \"default=there\"}}", Dialect::Handlebars)[0],
        "V\"{{insert name \\\"default=there\\\"}}\"[name]"
    );
    // Literals are not paths.
    assert_eq!(
        r("{{helper true null 3 'x'}}", Dialect::Handlebars),
        ["V\"{{helper true null 3 'x'}}\"[]"]
    );
    // Hyphens are identifier characters in Handlebars.
    assert_eq!(
        r("{{first-name}}", Dialect::Handlebars),
        ["V\"{{first-name}}\"[first-name]"]
    );
}

#[test]
fn hbs_blocks() {
    let src = "{{#each results as |r i|}}{{r.name}}{{else}}none{{/each}}";
    assert_eq!(
        r(src, Dialect::Handlebars),
        [
            "G\"{{#each results as |r i|}}\"<each>[results]{r=results}",
            "V\"{{r.name}}\"[r.name]",
            "G\"{{else}}\"<else>[]",
            "T\"none\"",
            "G\"{{/each}}\"</each>[]",
        ]
    );
    assert_eq!(
        r(
            "{{#if hiv_positive}}x{{else if other}}y{{/if}}",
            Dialect::Handlebars
        ),
        [
            "G\"{{#if hiv_positive}}\"<if>[hiv_positive]",
            "T\"x\"",
            "G\"{{else if other}}\"<else>[other]",
            "T\"y\"",
            "G\"{{/if}}\"</if>[]",
        ]
    );
    assert_eq!(
        r(
            "{{#unless opted_in}}{{/unless}}{{^diagnoses}}none{{/diagnoses}}{{^}}",
            Dialect::Handlebars
        ),
        [
            "G\"{{#unless opted_in}}\"<unless>[opted_in]",
            "G\"{{/unless}}\"</unless>[]",
            "G\"{{^diagnoses}}\"<^>[diagnoses]",
            "T\"none\"",
            "G\"{{/diagnoses}}\"</diagnoses>[]",
            "G\"{{^}}\"<^>[]",
        ]
    );
    // Implicit context: an empty alias at the end of the tag.
    let src = "{{#with patient}}{{mrn}}{{/with}}{{#person}}{{/person}}";
    let t = scan(src, Dialect::Handlebars);
    let tg = tags(&t);
    let b = tg[0].binding.as_ref().unwrap();
    assert_eq!(
        (b.alias, b.source.span.slice(src)),
        (Span::new(17, 17), "patient")
    );
    assert_eq!(tg[2].paths[0].span.slice(src), "person");
    assert_eq!(
        tg[2].binding.as_ref().unwrap().alias,
        Span::new(tg[2].span.end, tg[2].span.end)
    );
    // Whitespace control on blocks.
    assert_eq!(
        r("{{~#each items~}}", Dialect::Handlebars)[0],
        "G\"{{~#each items~}}\"<each>[items]{=items}"
    );
}

#[test]
fn hbs_partials_comments_raw_and_escapes() {
    assert_eq!(
        r("{{> footer clinic=clinic.name}}", Dialect::Handlebars),
        ["G\"{{> footer clinic=clinic.name}}\"<>>[clinic.name]"]
    );
    assert_eq!(
        r("a{{! note }}b", Dialect::Handlebars),
        ["T\"a\"", "C\" note \"", "T\"b\""]
    );
    // Long comments may contain `}}`.
    let src = "{{!-- has }} inside --}}{{x}}";
    assert_eq!(
        r(src, Dialect::Handlebars),
        ["C\" has }} inside \"", "V\"{{x}}\"[x]"]
    );
    assert_eq!(r("{{~!-- c --~}}", Dialect::Handlebars), ["C\" c \""]);
    // Raw blocks.
    let src = "{{{{raw}}}}{{not_a_var}}{{{{/raw}}}}!";
    assert_eq!(
        r(src, Dialect::Handlebars),
        [
            "G\"{{{{raw}}}}\"<raw>[]",
            "R\"{{not_a_var}}\"",
            "G\"{{{{/raw}}}}\"</raw>[]",
            "T\"!\""
        ]
    );
    // `\{{x}}` is literal text; `\\{{x}}` is a backslash then a tag.
    assert_eq!(
        r("a \\{{escaped}} {{y}}", Dialect::Handlebars),
        ["T\"a \\\\{{escaped}} \"", "V\"{{y}}\"[y]"]
    );
    assert_eq!(
        r("\\\\{{x}}", Dialect::Handlebars),
        ["T\"\\\\\\\\\"", "V\"{{x}}\"[x]"]
    );
}

#[test]
fn hbs_string_literal_containing_close() {
    let src = r#"{{helper "}}" name}} after"#;
    assert_eq!(
        r(src, Dialect::Handlebars),
        [r#"V"{{helper \"}}\" name}}"[name]"#, "T\" after\""]
    );
    // An apostrophe in text-like content is not a string.
    let src = "{{don't}} it's {{y}}";
    let t = scan(src, Dialect::Handlebars);
    assert_eq!(vars(&t).len(), 2);
}

#[test]
fn unclosed_tags_are_issues_and_rest_is_text() {
    for (src, d) in [
        ("Hi {{", Dialect::Handlebars),
        ("Hi {{name", Dialect::Liquid),
        ("Hi {% if x", Dialect::Jinja),
        ("Hi {# c", Dialect::Jinja),
        ("Hi <%= x", Dialect::Erb),
        ("Hi {{.X", Dialect::GoTemplate),
        ("Hi *|FNAME", Dialect::Mailchimp),
        ("Hi ${name", Dialect::Placeholder),
        ("Hi {{!-- c }}", Dialect::Handlebars),
        ("Hi {{1", Dialect::TwilioContent),
    ] {
        let t = scan(src, d);
        assert_eq!(t.issues.len(), 1, "{src:?}");
        assert_eq!(t.issues[0].span.start, 3, "{src:?}");
        assert!(!t.issues[0].message.contains("name") && !t.issues[0].message.contains("FNAME"));
        assert_eq!(render(src, &t), [format!("T{src:?}")], "{src:?}");
    }
    // An earlier tag survives.
    let t = scan("{{a}} {{b", Dialect::Handlebars);
    assert_eq!(vars(&t).len(), 1);
    let t = scan("{% raw %}{{ x }}", Dialect::Liquid);
    assert_eq!(t.issues.len(), 1);
    assert!(t.issues[0].message.contains("raw"));
}

// ---------------------------------------------------------------------------------------------
// Liquid

#[test]
fn liquid_output_and_filters() {
    assert_eq!(
        r(
            "{{ patient.name | upcase }} {{- appt | date: fmt, tz: clinic.tz -}}",
            Dialect::Liquid
        ),
        [
            "V\"{{ patient.name | upcase }}\"[patient.name]",
            "T\" \"",
            "V\"{{- appt | date: fmt, tz: clinic.tz -}}\"[appt,fmt,clinic.tz]",
        ]
    );
    let src = "{{- x -}}";
    assert_eq!(vars(&scan(src, Dialect::Liquid))[0].expr.slice(src), "x");
    // Braze attributes and loop variables.
    assert_eq!(
        r(
            "{{${first_name}}} {{custom_attribute.${dx}}} {{ forloop.index }}",
            Dialect::Liquid
        ),
        [
            "V\"{{${first_name}}}\"[first_name]",
            "T\" \"",
            "V\"{{custom_attribute.${dx}}}\"[custom_attribute.dx]",
            "T\" \"",
            "V\"{{ forloop.index }}\"[]"
        ]
    );
    // Twilio Studio namespaces.
    assert_eq!(
        r("{{widgets.http_1.parsed.result}}", Dialect::Liquid),
        ["V\"{{widgets.http_1.parsed.result}}\"[widgets.http_1.parsed.result]"]
    );
}

#[test]
fn liquid_tags() {
    let src = "{% for r in results limit: 3 %}{{ r.code }}{% endfor %}";
    assert_eq!(
        r(src, Dialect::Liquid),
        [
            "G\"{% for r in results limit: 3 %}\"<for>[results]{r=results}",
            "V\"{{ r.code }}\"[r.code]",
            "G\"{% endfor %}\"<endfor>[]"
        ]
    );
    assert_eq!(
        r("{%- if a == b and c contains 'x' -%}", Dialect::Liquid),
        ["G\"{%- if a == b and c contains 'x' -%}\"<if>[a,b,c]"]
    );
    assert_eq!(
        r(
            "{% assign dx = patient.diagnosis | downcase %}",
            Dialect::Liquid
        ),
        [
            "G\"{% assign dx = patient.diagnosis | downcase %}\"<assign>[patient.diagnosis]{dx=patient.diagnosis}"
        ]
    );
    assert_eq!(
        r("{% capture msg %}Hi{% endcapture %}", Dialect::Liquid),
        [
            "G\"{% capture msg %}\"<capture>[]",
            "T\"Hi\"",
            "G\"{% endcapture %}\"<endcapture>[]"
        ]
    );
    assert_eq!(
        r("{% render 'card', name: patient.name %}", Dialect::Liquid),
        ["G\"{% render 'card', name: patient.name %}\"<render>[patient.name]"]
    );
}

#[test]
fn liquid_comments_raw_and_liquid_tag() {
    assert_eq!(
        r(
            "a{% comment %}phi-lint-disable {{ x }}{% endcomment %}b",
            Dialect::Liquid
        ),
        ["T\"a\"", "C\"phi-lint-disable {{ x }}\"", "T\"b\""]
    );
    assert_eq!(
        r("{%- comment -%}c{%- endcomment -%}", Dialect::Liquid),
        ["C\"c\""]
    );
    assert_eq!(
        r(
            "{% # phi-lint-disable-next-line PHI-SVC %}",
            Dialect::Liquid
        ),
        ["C\"phi-lint-disable-next-line PHI-SVC\""]
    );
    assert_eq!(
        r("{% raw %}{{ not_a_var }}{% endraw %}", Dialect::Liquid),
        [
            "G\"{% raw %}\"<raw>[]",
            "R\"{{ not_a_var }}\"",
            "G\"{% endraw %}\"<endraw>[]"
        ]
    );
    let src = "{% liquid\n  # a comment mentioning secret\n  assign x = patient.mrn\n  echo x | upcase\n  if lab.hiv\n  endif\n%}";
    assert_eq!(
        r(src, Dialect::Liquid),
        [format!("G{src:?}<liquid>[patient.mrn,x,lab.hiv]")]
    );
}

// ---------------------------------------------------------------------------------------------
// Jinja

#[test]
fn jinja_output() {
    assert_eq!(
        r("{{ x|e }} {{ note | safe }} {{ body|raw }}", Dialect::Jinja),
        [
            "V\"{{ x|e }}\"[x]",
            "T\" \"",
            "V!\"{{ note | safe }}\"[note]",
            "T\" \"",
            "V!\"{{ body|raw }}\"[body]"
        ]
    );
    assert_eq!(
        r("{{ url_for('results', id=patient.id) }}", Dialect::Jinja),
        ["V\"{{ url_for('results', id=patient.id) }}\"[patient.id]"]
    );
    assert_eq!(
        r("{{ patient.name.upper() }}", Dialect::Jinja),
        ["V\"{{ patient.name.upper() }}\"[patient.name]"]
    );
    assert_eq!(
        r("{{ loop.index }} {{ x if y else none }}", Dialect::Jinja),
        [
            "V\"{{ loop.index }}\"[]",
            "T\" \"",
            "V\"{{ x if y else none }}\"[x,y]"
        ]
    );
    assert_eq!(
        r("{{ items[0].name }} {{ p['ssn'] }}", Dialect::Jinja),
        [
            "V\"{{ items[0].name }}\"[items.name]",
            "T\" \"",
            "V\"{{ p['ssn'] }}\"[p.ssn]"
        ]
    );
    assert_eq!(
        r(
            "{{ value|date:\"D d M\" }} {{ x|default(fallback) }}",
            Dialect::Jinja
        ),
        [
            "V\"{{ value|date:\\\"D d M\\\" }}\"[value]",
            "T\" \"",
            "V\"{{ x|default(fallback) }}\"[x,fallback]"
        ]
    );
    // `}}` inside a string literal does not close the tag.
    let src = "{{ \"}}\" ~ name }}x";
    assert_eq!(
        r(src, Dialect::Jinja),
        ["V\"{{ \\\"}}\\\" ~ name }}\"[name]", "T\"x\""]
    );
    assert_eq!(
        r("{{ {'a': b} }}", Dialect::Jinja),
        ["V\"{{ {'a': b} }}\"[b]"]
    );
}

#[test]
fn jinja_statements() {
    assert_eq!(
        r(
            "{% for r in results if r.ok %}{{ loop.index }}{% endfor %}",
            Dialect::Jinja
        ),
        [
            "G\"{% for r in results if r.ok %}\"<for>[results,r.ok]{r=results}",
            "V\"{{ loop.index }}\"[]",
            "G\"{% endfor %}\"<endfor>[]"
        ]
    );
    assert_eq!(
        r("{% for k, v in d.items() %}", Dialect::Jinja),
        ["G\"{% for k, v in d.items() %}\"<for>[d]{k=d}"]
    );
    assert_eq!(
        r("{%- set dx = patient.dx -%}", Dialect::Jinja),
        ["G\"{%- set dx = patient.dx -%}\"<set>[patient.dx]{dx=patient.dx}"]
    );
    assert_eq!(
        r("{%+ if x is not none and y is defined %}", Dialect::Jinja),
        ["G\"{%+ if x is not none and y is defined %}\"<if>[x,y]"]
    );
    assert_eq!(
        r(
            "{% include 'footer.html' %}{% macro f(a) %}",
            Dialect::Jinja
        ),
        [
            "G\"{% include 'footer.html' %}\"<include>[]",
            "G\"{% macro f(a) %}\"<macro>[]"
        ]
    );
}

#[test]
fn jinja_comments_and_raw() {
    assert_eq!(
        r("a{# note #}b{#- t -#}", Dialect::Jinja),
        ["T\"a\"", "C\" note \"", "T\"b\"", "C\" t \""]
    );
    assert_eq!(
        r("{% raw %}{{ not_a_var }}{% endraw %}", Dialect::Jinja),
        [
            "G\"{% raw %}\"<raw>[]",
            "R\"{{ not_a_var }}\"",
            "G\"{% endraw %}\"<endraw>[]"
        ]
    );
    assert_eq!(
        r("{% verbatim %}{{ x }}{% endverbatim %}", Dialect::Jinja),
        [
            "G\"{% verbatim %}\"<verbatim>[]",
            "R\"{{ x }}\"",
            "G\"{% endverbatim %}\"<endverbatim>[]"
        ]
    );
    assert_eq!(
        r("{% comment %}django{% endcomment %}", Dialect::Jinja),
        ["C\"django\""]
    );
}

// ---------------------------------------------------------------------------------------------
// ERB

#[test]
fn erb_output_and_code() {
    assert_eq!(
        r(
            "Hi <%= @patient.first_name %>, <%== @note %> <%- if @show -%>",
            Dialect::Erb
        ),
        [
            "T\"Hi \"",
            "V\"<%= @patient.first_name %>\"[patient.first_name]",
            "T\", \"",
            "V!\"<%== @note %>\"[note]",
            "T\" \"",
            "G\"<%- if @show -%>\"<if>[show]",
        ]
    );
    let src = "<%= @patient.date_of_birth.strftime('%m/%d/%Y') %>";
    let t = scan(src, Dialect::Erb);
    let v = vars(&t);
    assert_eq!(
        v[0].expr.slice(src),
        "@patient.date_of_birth.strftime('%m/%d/%Y')"
    );
    assert_eq!(v[0].paths[0].span.slice(src), "@patient.date_of_birth");
    assert_eq!(
        render(src, &t),
        [format!("V{src:?}[patient.date_of_birth]")]
    );
    assert_eq!(
        r(
            "<%= t('.reminder', name: @patient.first_name) %>",
            Dialect::Erb
        ),
        ["V\"<%= t('.reminder', name: @patient.first_name) %>\"[patient.first_name]"]
    );
    assert_eq!(
        r("<%= link_to \"Portal\", portal_url %>", Dialect::Erb),
        ["V\"<%= link_to \\\"Portal\\\", portal_url %>\"[portal_url]"]
    );
    assert_eq!(
        r(
            "<%= Time.now.year %> <%= appointment.provider.name.upcase %>",
            Dialect::Erb
        ),
        [
            "V\"<%= Time.now.year %>\"[]",
            "T\" \"",
            "V\"<%= appointment.provider.name.upcase %>\"[appointment.provider.name]"
        ]
    );
    assert_eq!(
        r("<%= raw @html %> <%= @x.html_safe %>", Dialect::Erb),
        [
            "V!\"<%= raw @html %>\"[html]",
            "T\" \"",
            "V!\"<%= @x.html_safe %>\"[x]"
        ]
    );
}

#[test]
fn erb_blocks_comments_literals_interpolation() {
    assert_eq!(
        r(
            "<% @results.each do |r| %><%= r.name %><% end %>",
            Dialect::Erb
        ),
        [
            "G\"<% @results.each do |r| %>\"<each>[results]{r=@results}",
            "V\"<%= r.name %>\"[r.name]",
            "G\"<% end %>\"<end>[]"
        ]
    );
    assert_eq!(
        r("<% for r in @labs %>", Dialect::Erb),
        ["G\"<% for r in @labs %>\"<for>[labs]{r=@labs}"]
    );
    assert_eq!(
        r("a<%# phi-lint-disable PHI-DX -%>b", Dialect::Erb),
        ["T\"a\"", "C\" phi-lint-disable PHI-DX \"", "T\"b\""]
    );
    assert_eq!(
        r("<%% literal %> #{self.name} at #{time_str}", Dialect::Erb),
        [
            "T\"<%% literal %> \"",
            "V\"#{self.name}\"[name]",
            "T\" at \"",
            "V\"#{time_str}\"[time_str]"
        ]
    );
    // `%>` inside a string, and interpolation inside a string in code.
    assert_eq!(
        r("<%= \"%> #{@mrn}\" %>", Dialect::Erb),
        ["V\"<%= \\\"%> #{@mrn}\\\" %>\"[mrn]"]
    );
    assert_eq!(
        r("<% if @patient.hiv_positive? %>", Dialect::Erb),
        ["G\"<% if @patient.hiv_positive? %>\"<if>[patient.hiv_positive?]"]
    );
    // `#` in ordinary HTML is text.
    assert_eq!(
        r("<a href=\"#top\" style=\"color:#fff\">", Dialect::Erb),
        ["T\"<a href=\\\"#top\\\" style=\\\"color:#fff\\\">\""]
    );
}

// ---------------------------------------------------------------------------------------------
// Go

#[test]
fn go_actions() {
    assert_eq!(
        r(
            "{{.Patient.MRN}} {{ .FirstName }} {{- .X -}} {{.Date | printf \"%s\"}} {{printf \"%s\" .Name}}",
            Dialect::GoTemplate
        ),
        [
            "V\"{{.Patient.MRN}}\"[Patient.MRN]",
            "T\" \"",
            "V\"{{ .FirstName }}\"[FirstName]",
            "T\" \"",
            "V\"{{- .X -}}\"[X]",
            "T\" \"",
            "V\"{{.Date | printf \\\"%s\\\"}}\"[Date]",
            "T\" \"",
            "V\"{{printf \\\"%s\\\" .Name}}\"[Name]",
        ]
    );
    let src = "{{ .FirstName }}";
    let t = scan(src, Dialect::GoTemplate);
    assert_eq!(vars(&t)[0].paths[0].span.slice(src), ".FirstName");
    assert_eq!(vars(&t)[0].expr.slice(src), ".FirstName");
}

#[test]
fn go_control() {
    let src = "{{if .HasLab}}{{else if eq .A \"b\"}}{{else}}{{end}}";
    assert_eq!(
        r(src, Dialect::GoTemplate),
        [
            "G\"{{if .HasLab}}\"<if>[HasLab]",
            "G\"{{else if eq .A \\\"b\\\"}}\"<else>[A]",
            "G\"{{else}}\"<else>[]",
            "G\"{{end}}\"<end>[]"
        ]
    );
    let src = "{{range .Results}}{{.Code}}{{end}}";
    let t = scan(src, Dialect::GoTemplate);
    let tg = tags(&t);
    let b = tg[0].binding.as_ref().unwrap();
    assert_eq!(b.alias, Span::new(18, 18));
    assert_eq!(b.source.span.slice(src), ".Results");
    assert_eq!(
        r(
            "{{range $i, $r := .Results}}{{$r.Name}}{{end}}",
            Dialect::GoTemplate
        ),
        [
            "G\"{{range $i, $r := .Results}}\"<range>[Results]{r=.Results}",
            "V\"{{$r.Name}}\"[r.Name]",
            "G\"{{end}}\"<end>[]"
        ]
    );
    assert_eq!(
        r("{{with $p := .Patient}}", Dialect::GoTemplate),
        ["G\"{{with $p := .Patient}}\"<with>[Patient]{p=.Patient}"]
    );
    assert_eq!(
        r("{{$v := .X}}", Dialect::GoTemplate),
        ["G\"{{$v := .X}}\"<>[X]{v=.X}"]
    );
    let t = scan("{{template \"footer\" .}}{{.}}", Dialect::GoTemplate);
    assert_eq!(tags(&t)[0].paths.len(), 1);
    assert!(tags(&t)[0].paths[0].segments.is_empty());
    assert_eq!(vars(&t)[0].paths[0].span, Span::new(25, 26));
}

#[test]
fn go_comments() {
    assert_eq!(
        r("a{{/* c }} */}}b", Dialect::GoTemplate),
        ["T\"a\"", "C\" c }} \"", "T\"b\""]
    );
    assert_eq!(
        r("{{- /* trim */ -}}", Dialect::GoTemplate),
        ["C\" trim \""]
    );
    assert_eq!(
        r("{{`}}` | .X}}", Dialect::GoTemplate),
        ["V\"{{`}}` | .X}}\"[X]"]
    );
}

// ---------------------------------------------------------------------------------------------
// Mailchimp, Twilio, Placeholder

#[test]
fn mailchimp_merge_tags() {
    assert_eq!(
        r(
            "Hi *|FNAME|*, *|IF:RX_NAME|*your *|RX_NAME|* *|ELSE:|*x*|END:IF|* *|UNSUB|* *|MC:SUBJECT|*",
            Dialect::Mailchimp
        ),
        [
            "T\"Hi \"",
            "V\"*|FNAME|*\"[FNAME]",
            "T\", \"",
            "G\"*|IF:RX_NAME|*\"<IF>[RX_NAME]",
            "T\"your \"",
            "V\"*|RX_NAME|*\"[RX_NAME]",
            "T\" \"",
            "G\"*|ELSE:|*\"<ELSE>[]",
            "T\"x\"",
            "G\"*|END:IF|*\"<END>[]",
            "T\" \"",
            "V\"*|UNSUB|*\"[UNSUB]",
            "T\" \"",
            "V\"*|MC:SUBJECT|*\"[MC.SUBJECT]",
        ]
    );
    assert_eq!(
        r(
            "*|ELSEIF:AGE == \"30\"|**|UPPER:LNAME|**|DATE:Y|**|INTERESTED:Group:Name|*",
            Dialect::Mailchimp
        ),
        [
            "G\"*|ELSEIF:AGE == \\\"30\\\"|*\"<ELSEIF>[AGE]",
            "V\"*|UPPER:LNAME|*\"[LNAME]",
            "V\"*|DATE:Y|*\"[]",
            "G\"*|INTERESTED:Group:Name|*\"<INTERESTED>[]"
        ]
    );
    // A stray opener before a real tag stays text.
    assert_eq!(
        r("a *| b *|FNAME|*", Dialect::Mailchimp),
        ["T\"a *| b \"", "V\"*|FNAME|*\"[FNAME]"]
    );
}

#[test]
fn twilio_numbered() {
    let src = "Your code {{1}} for {{2}} {{IdName}}";
    assert_eq!(
        r(src, Dialect::TwilioContent),
        [
            "T\"Your code \"",
            "V\"{{1}}\"[1]",
            "T\" for \"",
            "V\"{{2}}\"[2]",
            "T\" \"",
            "V\"{{IdName}}\"[IdName]"
        ]
    );
}

#[test]
fn placeholders() {
    assert_eq!(
        r(
            "Hi {name}, {0} {patient.mrn} {name!r:>10} {} {items[0]} {{literal}} %(mrn)s %s %% ${appt.time} ${fmt(when)} %{date}",
            Dialect::Placeholder
        ),
        [
            "T\"Hi \"",
            "V\"{name}\"[name]",
            "T\", \"",
            "V\"{0}\"[0]",
            "T\" \"",
            "V\"{patient.mrn}\"[patient.mrn]",
            "T\" \"",
            "V\"{name!r:>10}\"[name]",
            "T\" \"",
            "V\"{}\"[]",
            "T\" \"",
            "V\"{items[0]}\"[items]",
            "T\" {{literal}} \"",
            "V\"%(mrn)s\"[mrn]",
            "T\" %s %% \"",
            "V\"${appt.time}\"[appt.time]",
            "T\" \"",
            "V\"${fmt(when)}\"[when]",
            "T\" \"",
            "V\"%{date}\"[date]",
        ]
    );
    // CSS and JSON braces are text.
    let src = "p { color: red } a {color: blue} {\"k\": 1} %(x) 50%";
    assert_eq!(r(src, Dialect::Placeholder), [format!("T{src:?}")]);
    assert_eq!(r(src, Dialect::Plain), [format!("T{src:?}")]);
    assert_eq!(
        r("{when:%Y-%m-%d} %(n)05.2f", Dialect::Placeholder),
        ["V\"{when:%Y-%m-%d}\"[when]", "T\" \"", "V\"%(n)05.2f\"[n]"]
    );
}

// ---------------------------------------------------------------------------------------------
// sniff

#[test]
fn sniff_dialects() {
    let cases = [
        ("Hi <%= @patient.name %>", Dialect::Erb),
        ("<% if x %>y<% end %>", Dialect::Erb),
        ("{% if x %}{{ x | upcase }}{% endif %}", Dialect::Liquid),
        ("{% assign a = b %}", Dialect::Liquid),
        ("{% comment %}x{% endcomment %}", Dialect::Liquid),
        ("{{ name | upcase }}", Dialect::Liquid),
        ("{% if x %}{{ x }}{% endif %}", Dialect::Jinja),
        ("{# c #}{{ x }}", Dialect::Jinja),
        ("{{ x|e }}", Dialect::Jinja),
        (
            "{% for r in rs %}{{ loop.index }}{% endfor %}",
            Dialect::Jinja,
        ),
        ("{{ note | safe }}", Dialect::Jinja),
        ("{{.Patient.MRN}}", Dialect::GoTemplate),
        ("{{ .FirstName }}", Dialect::GoTemplate),
        ("{{range .R}}x{{end}}", Dialect::GoTemplate),
        ("{{#if x}}y{{/if}}", Dialect::Handlebars),
        ("{{! c }}", Dialect::Handlebars),
        ("{{{raw}}}", Dialect::Handlebars),
        ("Hi {{name}}", Dialect::Handlebars),
        ("Code {{1}} at {{2}}", Dialect::TwilioContent),
        ("Hi *|FNAME|*", Dialect::Mailchimp),
        ("Hi ${name}", Dialect::Placeholder),
        ("Hi %(name)s", Dialect::Placeholder),
        (
            "Your appointment is tomorrow. 50% off {color: red}",
            Dialect::Plain,
        ),
        ("", Dialect::Plain),
    ];
    for (src, want) in cases {
        assert_eq!(sniff(src), want, "{src:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Robustness

use test_rng::TestRng;

const PIECES: &[&str] = &[
    "{",
    "}",
    "{{",
    "}}",
    "{{{",
    "}}}",
    "{{{{",
    "}}}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "<%",
    "%>",
    "<%=",
    "<%#",
    "<%%",
    "#{",
    "${",
    "*|",
    "|*",
    "%(",
    ")s",
    "\\",
    "\"",
    "'",
    "`",
    "~",
    "-",
    "!",
    "!--",
    "--",
    "/*",
    "*/",
    "#",
    "^",
    "/",
    ">",
    "&",
    "|",
    ":",
    "=",
    ":=",
    "(",
    ")",
    "[",
    "]",
    ".",
    "..",
    "$",
    "@",
    " ",
    "\n",
    "x",
    "name",
    "if",
    "else",
    "end",
    "each",
    "as",
    "raw",
    "endraw",
    "comment",
    "endcomment",
    "verbatim",
    "liquid",
    "do",
    "é",
    "日本",
    "🎉",
    "\u{0301}",
    "0",
    "1",
    "this",
];

#[test]
fn never_panics_on_random_input() {
    let mut rng = TestRng::new(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let src = rng.text(PIECES, 24);
        for d in Dialect::ALL {
            scan(&src, d);
        }
        sniff(&src);
    }
}

#[test]
fn never_panics_on_truncated_samples() {
    let samples = [
        "Hi {{#each results as |r|}}{{r.name}} {{{raw}}} {{!-- c }} --}}{{/each}} {{{{raw}}}}{{x}}{{{{/raw}}}}",
        "{% liquid\nassign x = y\n%}{% raw %}{{ a }}{% endraw %}{% comment %}c{% endcomment %}{{ ${n} | f: a }}",
        "{# c #}{{ url_for('x', id=p.id) | safe }}{%- for k, v in d.items() -%}{% verbatim %}{% endverbatim %}",
        "<%= @p.dob.strftime('%m') %><% @r.each do |r| %><%# c %><%% #{self.name} <%== \"#{x}\" %>",
        "{{- /* c */ -}}{{range $i, $r := .Results}}{{.X | printf \"%s\"}}{{end}}",
        "*|IF:A == \"é\"|**|FNAME|**|END:IF|*{{1}}{{2}}",
        "{name!r:>10} {0} %(mrn)s ${a.b} {{x}} %{d} 日本 🎉",
    ];
    for sample in samples {
        for (end, _) in sample.char_indices() {
            for d in Dialect::ALL {
                scan(&sample[..end], d);
                scan(&sample[end..], d);
            }
        }
    }
}

#[test]
fn multibyte_names_keep_char_boundaries() {
    let src = "{{ paciente.año }} {{é}} *|NOMBRÉ|* {nombré}";
    for d in Dialect::ALL {
        scan(src, d);
    }
    let t = scan("{{ paciente.año }}", Dialect::Liquid);
    assert_eq!(
        render("{{ paciente.año }}", &t),
        ["V\"{{ paciente.año }}\"[paciente.año]"]
    );
}

#[test]
fn pathological_inputs_stay_linear() {
    // Each would take minutes if a failed search were repeated for every opener.
    let n = 20_000;
    let cases = [
        ("{{/* ".repeat(n) + "}}", Dialect::GoTemplate),
        ("{{ ' }}".repeat(n), Dialect::Jinja),
        ("{{ { }}".repeat(n), Dialect::Liquid),
        ("*|".repeat(n) + "|*", Dialect::Mailchimp),
        ("{% raw %}".repeat(n), Dialect::Liquid),
        ("{".repeat(n * 4), Dialect::Placeholder),
        ("#{".repeat(n), Dialect::Erb),
        ("{{!-- ".repeat(n), Dialect::Handlebars),
        ("{{x}} é ".repeat(n * 4), Dialect::Handlebars),
    ];
    let start = std::time::Instant::now();
    for (src, d) in &cases {
        scan(src, *d);
    }
    assert!(
        start.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn more_dialect_edge_cases() {
    let cases: &[(&str, Dialect, &[&str])] = &[
        (
            "{{#each (filter items \"x\") as |r|}}",
            Dialect::Handlebars,
            &["G\"{{#each (filter items \\\"x\\\") as |r|}}\"<each>[items]{r=items}"],
        ),
        (
            "{{person.[first name]}}",
            Dialect::Handlebars,
            &["V\"{{person.[first name]}}\"[person.first name]"],
        ),
        (
            "{{{{raw-helper}}}} {{bar}} {{{{/raw-helper}}}}",
            Dialect::Handlebars,
            &[
                "G\"{{{{raw-helper}}}}\"<raw-helper>[]",
                "R\" {{bar}} \"",
                "G\"{{{{/raw-helper}}}}\"</raw-helper>[]",
            ],
        ),
        (
            "{% render 'y' for items as item %}",
            Dialect::Liquid,
            &["G\"{% render 'y' for items as item %}\"<render>[items]"],
        ),
        (
            "{% cio_link url:customer.portal track:true %}",
            Dialect::Liquid,
            &["G\"{% cio_link url:customer.portal track:true %}\"<cio_link>[customer.portal]"],
        ),
        (
            "{% trans user=user.username %}",
            Dialect::Jinja,
            &["G\"{% trans user=user.username %}\"<trans>[user.username]"],
        ),
        (
            "<%= f.text_field :name %>",
            Dialect::Erb,
            &["V\"<%= f.text_field :name %>\"[f.text_field]"],
        ),
        (
            "<%= @items.map(&:name).join(', ') %>",
            Dialect::Erb,
            &["V\"<%= @items.map(&:name).join(', ') %>\"[items]"],
        ),
        (
            "<%= @appt.starts_at&.strftime('%b') %>",
            Dialect::Erb,
            &["V\"<%= @appt.starts_at&.strftime('%b') %>\"[appt.starts_at]"],
        ),
        (
            "{{ index .Items 0 }}",
            Dialect::GoTemplate,
            &["V\"{{ index .Items 0 }}\"[Items]"],
        ),
        (
            "{{ $.Root }}",
            Dialect::GoTemplate,
            &["V\"{{ $.Root }}\"[Root]"],
        ),
        (
            "*|LIST:COMPANY|**|IFNOT:PHONE|*",
            Dialect::Mailchimp,
            &[
                "V\"*|LIST:COMPANY|*\"[LIST.COMPANY]",
                "G\"*|IFNOT:PHONE|*\"<IFNOT>[PHONE]",
            ],
        ),
        (
            "${ this.name }${ obj?.a?.b }",
            Dialect::Placeholder,
            &["V\"${ this.name }\"[name]", "V\"${ obj?.a?.b }\"[obj.a.b]"],
        ),
        (
            "{0:{w}} {name:{fill}<{width}}",
            Dialect::Placeholder,
            &[
                "V\"{0:{w}}\"[0,w]",
                "T\" \"",
                "V\"{name:{fill}<{width}}\"[name,fill,width]",
            ],
        ),
    ];
    for (src, d, want) in cases {
        assert_eq!(r(src, *d), *want, "{src:?}");
    }
}

/// The literals every dialect's conditions compare with; other tags and outputs have none.
#[test]
fn conditions_expose_the_literals_they_compare_with() {
    let cases: &[(&str, Dialect, &[&str])] = &[
        ("{% when 'oncology' %}x", Dialect::Liquid, &["oncology"]),
        (
            "{% if p.tags contains \"cancer_care\" %}x{% endif %}",
            Dialect::Liquid,
            &["cancer_care"],
        ),
        (
            "{% elif visit.kind == 'dialysis' %}",
            Dialect::Jinja,
            &["dialysis"],
        ),
        (
            "{{if eq .Dept \"Psychiatry\"}}x{{end}}",
            Dialect::GoTemplate,
            &["Psychiatry"],
        ),
        (
            "{{else if eq .Dept \"Sleep\"}}",
            Dialect::GoTemplate,
            &["Sleep"],
        ),
        (
            "{{#if (eq dept \"behavioral_health\")}}x{{/if}}",
            Dialect::Handlebars,
            &["behavioral_health"],
        ),
        (
            "{{else if (eq dept 'fertility')}}",
            Dialect::Handlebars,
            &["fertility"],
        ),
        (
            "<% if @p.status == 'positive' %>x<% end %>",
            Dialect::Erb,
            &["positive"],
        ),
        ("<% when \"hiv\" %>", Dialect::Erb, &["hiv"]),
        // Not conditions: assignments, partials, loops, output.
        (
            "{% assign greeting = 'Hi' %}{% include 'footer' %}",
            Dialect::Liquid,
            &[],
        ),
        (
            "{{> footer}}{{#each items}}{{/each}}",
            Dialect::Handlebars,
            &[],
        ),
        ("{{ 'oncology' | upcase }}", Dialect::Liquid, &[]),
        ("<%= render 'hiv_footer' %>", Dialect::Erb, &[]),
    ];
    for (src, dialect, want) in cases {
        let t = scan(src, *dialect);
        let got: Vec<&str> = t
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Tag(tag) => Some(tag),
                _ => None,
            })
            .flat_map(|tag| tag.literals.iter().map(|l| l.slice(src)))
            .collect();
        assert_eq!(&got, want, "{src:?} as {dialect:?}");
    }
}
