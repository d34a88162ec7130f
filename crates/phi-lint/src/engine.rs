//! Checking one message: decomposition into text, variables and URLs, matching, then severity,
//! overlap resolution and redaction.
//!
//! Every part is reduced to a *length-preserving text view*: a copy of its text in which
//! everything the recipient does not read as prose (template tags, HTML markup, URLs) is
//! replaced by spaces and HTML entities are decoded in place. Text rules run over that view, so
//! their hits are already spans of the original. Variables and URLs are analysed from the
//! original text, each by its own scope of rules.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};

use rustc_hash::FxHashMap;

use phi_lint_syntax::{
    Dialect, Span,
    formats::json::{JsonString, JsonValue},
    html::{self, HtmlDoc},
    template::{Node, Template, VarPath},
    url,
};

use crate::compiled::Compiled;
use crate::document::LimitExceeded;
use crate::finding::{Finding, Issue, Location, Redaction, Report};
use crate::matcher::{self, Hit, overlaps_any};
use crate::message::{Message, Origin, Part};
use crate::rules::Scope;
use crate::types::{Category, Channel, Severity};

/// How deep nested redirect URLs are followed.
const MAX_URL_DEPTH: usize = 3;

/// A finding before severity and overlap resolution.
#[derive(Debug)]
pub(crate) struct Candidate {
    pub(crate) rule: u32,
    pub(crate) span: Span,
    pub(crate) location: Location,
    pub(crate) context: bool,
    pub(crate) note: Option<String>,
}

/// A URL found in a part, and the HTML element it is an attribute of.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UrlSite {
    pub(crate) span: Span,
    pub(crate) element: Option<usize>,
}

impl Compiled {
    /// The hits of the `scope` rules in `text`, whatever its language (names, URL parts).
    fn hits(&self, text: &str, scope: Scope) -> Vec<Hit> {
        let mut hits = Vec::new();
        matcher::find(&self.terms, &self.rules, text, scope, None, &mut hits);
        hits
    }

    /// Checks every part of `message`.
    pub(crate) fn check(&self, message: &Message<'_>) -> Report {
        let mut report = Report::default();
        for (index, part) in message.parts().iter().enumerate() {
            let mut candidates = Vec::new();
            let mut issues = Vec::new();
            Checker {
                inner: self,
                part,
                candidates: &mut candidates,
                issues: &mut issues,
                url_hits: FxHashMap::default(),
            }
            .run();
            report
                .issues
                .extend(issues.into_iter().map(|(span, message)| Issue {
                    part: index,
                    span: span.snap(part.text),
                    message,
                }));
            let mut findings = self.resolve(index, part, candidates);
            let limit = self.max_findings;
            if findings.len() > limit {
                let exceeded = LimitExceeded::Findings {
                    found: findings.len(),
                    limit,
                };
                report.issues.push(Issue {
                    part: index,
                    span: findings[limit].span(),
                    message: exceeded.to_string(),
                });
                report.limit_exceeded.get_or_insert(exceeded);
                findings.truncate(limit);
            }
            report.findings.extend(findings);
        }
        if !message.is_fragment() {
            self.check_whole_sms(message, &mut report);
        }
        report
    }
}

struct Checker<'a, 'p> {
    inner: &'a Compiled,
    part: &'a Part<'p>,
    candidates: &'a mut Vec<Candidate>,
    issues: &'a mut Vec<(Span, String)>,
    /// The matcher's hits in URL components, by scope and text: a newsletter repeats the same
    /// components (`utm_source=newsletter`, the portal's path) in every link, and the hits of a
    /// text depend on the text alone.
    url_hits: FxHashMap<(Scope, String), Vec<Hit>>,
}

impl Checker<'_, '_> {
    fn run(&mut self) {
        let src = self.part.text;
        let template =
            (self.part.syntax != Dialect::Plain).then(|| Template::scan(src, self.part.syntax));
        // The text matched: the source with template tags and URLs blanked, copied only when
        // something is blanked (most SMS have neither).
        let mut view: Cow<'_, [u8]> = Cow::Borrowed(src.as_bytes());
        let mut opaque = Vec::new();
        if let Some(t) = &template {
            self.issues
                .extend(t.issues.iter().map(|i| (i.span, i.message.clone())));
            for node in &t.nodes {
                let span = match node {
                    Node::Text(_) | Node::Raw(_) => continue,
                    Node::Var(v) => v.span,
                    Node::Tag(t) => t.span,
                    Node::Comment(c) => c.span,
                };
                blank(view.to_mut(), span);
                opaque.push(span);
            }
        }
        // The text with template tags blanked: URL components are read from it, so a tag's
        // name is never mistaken for URL content (variables are analysed on their own).
        // Rendered text (no template) is its own untemplated form: no copy on the hot path.
        let untemplated: Cow<'_, str> = if template.is_some() {
            Cow::Owned(String::from_utf8(view.to_vec()).unwrap_or_default())
        } else {
            Cow::Borrowed(src)
        };
        // What a condition compares with is read as text (`{% when 'oncology' %}` reveals the
        // program whichever branch is sent); `cancer_care` reads as two words.
        for node in template.iter().flat_map(|t| &t.nodes) {
            if let Node::Tag(tag) = node {
                for literal in &tag.literals {
                    // The view is the source with tags blanked: same length, same offsets.
                    let Some(text) = src.as_bytes().get(literal.range()) else {
                        continue;
                    };
                    let bytes = &mut view.to_mut()[literal.range()];
                    bytes.copy_from_slice(text);
                    bytes
                        .iter_mut()
                        .filter(|b| **b == b'_')
                        .for_each(|b| *b = b' ');
                }
            }
        }

        let mut sites = Vec::new();
        let mut doc = None;
        if self.part.channel == Channel::Url {
            let trimmed = src.trim();
            let start = src.len() - src.trim_start().len();
            sites.push(UrlSite {
                span: Span::new(start, start + trimmed.len()),
                element: None,
            });
            blank(view.to_mut(), Span::new(0, src.len()));
        } else if self.part.channel == Channel::EmailHtml {
            let d = HtmlDoc::scan(src, &opaque);
            self.issues
                .extend(d.issues.iter().map(|i| (i.span, i.message.clone())));
            let mut text_view = vec![b' '; view.len()];
            let keep = |span: Span, text_view: &mut Vec<u8>| {
                if let Some(bytes) = view.get(span.range()) {
                    text_view[span.range()].copy_from_slice(bytes);
                }
            };
            for &span in &d.text {
                keep(span, &mut text_view);
                sites.extend(
                    url::find_urls(span.slice(src))
                        .into_iter()
                        .map(|u| UrlSite {
                            span: u.shift(span.start),
                            element: None,
                        }),
                );
            }
            for (e, element) in d.elements.iter().enumerate() {
                // A form field or a meta tag names the value it carries, as a data-* attribute
                // does: `<input type="hidden" name="mrn" value="…">`, `<meta name="x-dx" content="…">`.
                let tag = element.name.slice(src);
                let is = |names: &[&str]| names.iter().any(|n| tag.eq_ignore_ascii_case(n));
                let named = if is(&["input", "param", "button", "option"]) {
                    Some(("value", "a form field"))
                } else if tag.eq_ignore_ascii_case("meta") {
                    Some(("content", "a meta tag"))
                } else {
                    None
                };
                let attr = |name: &str| {
                    element
                        .attrs
                        .iter()
                        .find(|a| a.name.slice(src).eq_ignore_ascii_case(name))
                        .and_then(|a| a.value)
                };
                if let Some((value_attr, note)) = named
                    && let Some(value) = attr(value_attr).filter(|v| !v.is_empty())
                {
                    keep(value, &mut text_view);
                    if let Some(name) = attr("name").or_else(|| attr("property")) {
                        self.check_named_value(name.slice(src), value, note);
                    }
                }
                for attr in &element.attrs {
                    let Some(value) = attr.value else { continue };
                    let name = attr.name.slice(src).to_ascii_lowercase();
                    match name.as_str() {
                        // Not shown, but sent: data-* attributes carry segment data, and the
                        // name says what the value is (`data-dx="E11.9"`), as a variable's does.
                        n if n.starts_with("data-") => {
                            keep(value, &mut text_view);
                            if !value.is_empty() {
                                self.check_named_value(
                                    &n["data-".len()..],
                                    value,
                                    "an HTML data attribute",
                                );
                            }
                        }
                        "alt" | "title" => keep(value, &mut text_view),
                        "href" | "src" | "background" | "action" => {
                            let raw = value.slice(src);
                            let lead = raw.len() - raw.trim_start().len();
                            let trimmed =
                                Span::new(value.start + lead, value.start + raw.trim_end().len());
                            if trimmed.slice(src).contains("://") {
                                sites.push(UrlSite {
                                    span: trimmed,
                                    element: Some(e),
                                });
                            }
                        }
                        _ => {}
                    }
                }
            }
            // A comment travels with the email to every relay and inbox, so its text is checked
            // like hidden text. Outlook's conditional comments (`<!--[if mso]> … <![endif]-->`)
            // hold markup shown in Outlook: only their text counts. phi-lint's own directives
            // hold rule codes and reasons, not message text.
            for comment in &d.comments {
                let body = comment.body.slice(src);
                let lead = body.trim_start();
                if lead.starts_with("phi-lint:") {
                    continue;
                }
                if lead.starts_with("[if") || lead.starts_with("<![endif]") {
                    let inner = HtmlDoc::scan(body, &[]);
                    for &span in &inner.text {
                        let span = Span::new(
                            span.start + comment.body.start,
                            span.end + comment.body.start,
                        );
                        keep(span, &mut text_view);
                        html::decode_entities(&mut text_view, span);
                    }
                } else {
                    keep(comment.body, &mut text_view);
                }
            }
            for &span in d.text.iter() {
                html::decode_entities(&mut text_view, span);
            }
            view = Cow::Owned(text_view);
            doc = Some(d);
        } else {
            for span in url::find_urls(&comment_free(src, template.as_ref())) {
                sites.push(UrlSite {
                    span,
                    element: None,
                });
            }
        }
        for site in &sites {
            blank(view.to_mut(), site.span);
        }

        let text: Cow<'_, str> = match view {
            Cow::Borrowed(_) => Cow::Borrowed(src),
            Cow::Owned(view) => Cow::Owned(
                String::from_utf8(view)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            ),
        };
        let location = match self.part.origin {
            Origin::Content => Location::Text,
            Origin::Metadata => Location::Metadata,
        };
        let mut hits = Vec::new();
        matcher::find(
            &self.inner.terms,
            &self.inner.rules,
            &text,
            Scope::Text,
            self.part.language.or(self.inner.language),
            &mut hits,
        );
        self.drop_clinical_hits_about_animals(&text, &mut hits);
        self.push_hits(&hits, location, None, None);

        if let Some(t) = &template {
            self.check_variables(src, t, &sites);
        }
        for site in &sites {
            self.check_url(src, &untemplated, *site, doc.as_ref());
        }
    }

    /// A veterinary message (the `non-human-subject` rule's patterns match the text) is about an
    /// animal, not the recipient: its clinical hits are dropped and the cue is reported instead.
    fn drop_clinical_hits_about_animals(&mut self, text: &str, hits: &mut Vec<Hit>) {
        let Some(&rule) = self.inner.detectors.get("non-human-subject") else {
            return;
        };
        let clinical = |c: Category| {
            matches!(
                c,
                Category::Diagnosis
                    | Category::TestResult
                    | Category::Medication
                    | Category::Procedure
                    | Category::SensitiveService
            )
        };
        if !hits
            .iter()
            .any(|h| clinical(self.inner.rules[h.rule as usize].meta.category))
        {
            return;
        }
        let ascii = matcher::AsciiView::new(text);
        let cue = self.inner.rules[rule as usize]
            .patterns
            .iter()
            .filter_map(crate::rules::Pattern::get)
            .find_map(|re| re.find(ascii.text.as_bytes()));
        if let Some(m) = cue {
            hits.retain(|h| !clinical(self.inner.rules[h.rule as usize].meta.category));
            self.candidates.push(Candidate {
                rule,
                span: ascii.original(Span::from(m.range())),
                location: Location::Text,
                context: true,
                note: None,
            });
        }
    }

    /// Candidates from term hits; `at` puts them all on one span (a variable or a URL judged
    /// as a whole), `note` says what that span is.
    fn push_hits(
        &mut self,
        hits: &[Hit],
        location: Location,
        at: Option<Span>,
        note: Option<&str>,
    ) {
        for hit in hits {
            self.candidates.push(Candidate {
                rule: hit.rule,
                span: at.unwrap_or(hit.span),
                location,
                context: hit.context,
                note: note.map(str::to_owned),
            });
        }
    }

    /// A value whose name says what it holds (an HTML `data-*` attribute, form field or meta
    /// tag, which `note` names): the name is judged like a template variable's, and a finding
    /// covers the value.
    fn check_named_value(&mut self, name: &str, span: Span, note: &str) {
        let hits = self.inner.hits(&split_name(name), Scope::Variable);
        self.push_hits(&hits, Location::Text, Some(span), Some(note));
    }

    /// Template variables, classified by what their names say they hold.
    fn check_variables(&mut self, src: &str, template: &Template, sites: &[UrlSite]) {
        let mut scopes = Scopes::default();
        for node in &template.nodes {
            let (span, paths) = match node {
                Node::Var(v) => (v.span, &v.paths),
                Node::Tag(t) => (t.span, &t.paths),
                _ => continue,
            };
            let in_url = sites
                .iter()
                .any(|s| s.span.contains(span) && s.span != span);
            let names: Vec<String> = paths.iter().map(|p| scopes.resolve(src, p)).collect();
            if let Node::Tag(t) = node {
                scopes.enter_or_leave(src, t);
            }
            for name in names {
                let mut hits = self.inner.hits(&name, Scope::Variable);
                // A collection is named in the plural (`surgeries`, `prescriptions`): read it
                // as its items when the name as written says nothing.
                if let Some(singular) = singular(&name).filter(|_| hits.is_empty()) {
                    hits = self.inner.hits(&singular, Scope::Variable);
                }
                if in_url {
                    let Some(&rule) = self.inner.detectors.get("url-variable") else {
                        continue;
                    };
                    let own = &self.inner.rules[rule as usize];
                    let padded = format!(" {name} ");
                    let named = own.terms.iter().any(|t| padded.contains(&format!(" {t} ")));
                    if let Some(first) = hits.first().filter(|_| !named) {
                        let inner = &self.inner.rules[first.rule as usize].meta;
                        let note = format!("a {} variable", inner.category);
                        self.push_url_detector(rule, span, Some(note));
                    } else if named {
                        self.push_url_detector(rule, span, None);
                    }
                } else {
                    self.push_hits(&hits, Location::Variable, Some(span), None);
                }
            }
        }
        if let Some(span) = scopes.too_deep {
            let message = format!(
                "blocks nested deeper than {MAX_NESTING} levels: variables inside are read \
                 without the loops around them"
            );
            self.issues.push((span, message));
        }
    }

    /// A URL: its scheme, the information its components carry, and whether a PHI-bearing
    /// link is exposed to click or open tracking.
    fn check_url(&mut self, src: &str, untemplated: &str, site: UrlSite, doc: Option<&HtmlDoc>) {
        let before = self.candidates.len();
        let carries = self.check_url_text(src, untemplated, site.span, None, 0);
        // Variables placed in the link were reported before the URL was analysed.
        let phi = carries
            || self.candidates[..before]
                .iter()
                .any(|c| c.location == Location::Url && site.span.contains(c.span));
        let (Some(doc), Some(e), true) = (doc, site.element, phi) else {
            return;
        };
        let element = &doc.elements[e];
        let detector = match element.name.slice(src).to_ascii_lowercase().as_str() {
            // SendGrid honours clicktracking="off" only when it comes before href.
            "a" => {
                let before_href = element
                    .attrs
                    .iter()
                    .take_while(|a| !a.name.slice(src).eq_ignore_ascii_case("href"));
                let off = before_href.into_iter().any(|a| {
                    a.name.slice(src).eq_ignore_ascii_case("clicktracking")
                        && a.value
                            .is_some_and(|v| v.slice(src).trim().eq_ignore_ascii_case("off"))
                });
                if off {
                    return;
                }
                "tracking-anchor"
            }
            "img" => "tracking-pixel",
            _ => return,
        };
        if let Some(&rule) = self.inner.detectors.get(detector) {
            self.push_url_detector(rule, site.span, None);
        }
    }

    /// A finding of a detector rule about a link.
    fn push_url_detector(&mut self, rule: u32, span: Span, note: Option<String>) {
        self.candidates.push(Candidate {
            rule,
            span,
            location: Location::Url,
            context: true,
            note,
        });
    }

    /// Analyses the URL at `span` of `src`. `raw` is the span to report instead of precise
    /// spans, for URLs that were decoded out of another URL. Returns whether it carries PHI.
    fn check_url_text(
        &mut self,
        src: &str,
        readable: &str,
        span: Span,
        raw: Option<Span>,
        depth: usize,
    ) -> bool {
        let parts = url::parse(src, span);
        let at = |s: Span| raw.unwrap_or(s);
        let mut phi = false;
        if let (Some(scheme), Some(&rule)) =
            (parts.scheme, self.inner.detectors.get("insecure-scheme"))
            && scheme.slice(src).eq_ignore_ascii_case("http")
            && raw.is_none()
        {
            // The scheme and the `://` (or as much of it as is there: `http:—x` has none).
            let separator = (src.as_bytes().get(scheme.end..span.end))
                .unwrap_or_default()
                .iter()
                .take(3)
                .take_while(|&&b| b == b':' || b == b'/')
                .count();
            self.push_url_detector(rule, Span::new(scheme.start, scheme.end + separator), None);
        }
        let own_host = parts.host.map(|h| h.slice(src));
        // A link that wraps a link to another host is a redirect: a click tracker's, whatever
        // its host is called.
        let mut redirects_elsewhere = false;
        let mut components: Vec<(Span, bool)> = Vec::new();
        if let (Some(first), Some(last)) = (parts.path.first(), parts.path.last()) {
            components.push((Span::new(first.start, last.end), false));
        }
        for pair in parts.query.iter().chain(&parts.fragment_query) {
            if let Some(value) = pair.value {
                components.push((value, true));
            }
            let key = url::percent_decode(pair.key.slice(src), true);
            let whole = Span::new(pair.key.start, pair.value.map_or(pair.key.end, |v| v.end));
            phi |= self.check_url_key(&key, at(whole));
        }
        if let Some(fragment) = parts.fragment.filter(|_| parts.fragment_query.is_empty()) {
            components.push((fragment, false));
        }
        for (component, is_query) in components {
            let readable_raw = component.slice(readable);
            let decoded = url::percent_decode(readable_raw, is_query);
            // Values hidden in base64 or hex, in a query value or in any one path segment:
            // decoded once, then read as wrapped links and as text.
            let hidden: Vec<String> = decoded.split('/').filter_map(url::decode_opaque).collect();
            let wrapped = if depth < MAX_URL_DEPTH {
                wrapped_urls(readable_raw, &decoded, &hidden)
            } else {
                Vec::new()
            };
            if !wrapped.is_empty() {
                for nested in wrapped {
                    redirects_elsewhere |= other_host(&nested, own_host);
                    let carries = self.check_url_text(
                        &nested,
                        &nested,
                        Span::new(0, nested.len()),
                        Some(at(component)),
                        depth + 1,
                    );
                    phi |= carries;
                }
                continue;
            }
            let exact = raw.is_none() && decoded == readable_raw;
            let mut texts = vec![decoded.into_owned()];
            for text in hidden {
                match JsonValue::parse(&text) {
                    Ok(JsonValue::Object(members, _)) => {
                        let (carries, wraps) =
                            self.check_hidden_object(&members, own_host, at(component), depth);
                        phi |= carries;
                        redirects_elsewhere |= wraps;
                    }
                    _ => texts.push(text),
                }
            }
            for (i, text) in texts.into_iter().enumerate() {
                for hit in self.url_component_hits(text, Scope::Url) {
                    let span = if exact && i == 0 {
                        hit.span.shift(component.start)
                    } else {
                        at(component)
                    };
                    phi |= self.push_url_hit(hit, span);
                }
            }
        }
        // A third-party click-tracking wrapper that carries PHI, in the link it wraps or in its
        // own parameters (Mailchimp's `e=` recipient address), hands that PHI to the tracker.
        if phi
            && raw.is_none()
            && (redirects_elsewhere || self.is_click_wrapper(src, &parts))
            && let Some(&rule) = self.inner.detectors.get("tracking-redirect")
        {
            self.push_url_detector(rule, span, None);
        }
        phi
    }

    /// A JSON object hidden in a URL component (base64 `token=eyJ…`): its keys are judged like
    /// query keys and its values like query values, all reported at `at`. Returns whether it
    /// carries PHI and whether it wraps a link to another host.
    fn check_hidden_object(
        &mut self,
        members: &[(JsonString, JsonValue)],
        own_host: Option<&str>,
        at: Span,
        depth: usize,
    ) -> (bool, bool) {
        let (mut phi, mut wraps) = (false, false);
        for (key, value) in members {
            phi |= self.check_url_key(&key.value(), at);
            let JsonValue::String(value) = value else {
                continue;
            };
            let value = value.value();
            if let Some(nested) = url::nested_url(&value).filter(|_| depth < MAX_URL_DEPTH) {
                wraps |= other_host(&nested, own_host);
                let nested = nested.into_owned();
                let span = Span::new(0, nested.len());
                phi |= self.check_url_text(&nested, &nested, span, Some(at), depth + 1);
                continue;
            }
            for hit in self.url_component_hits(value, Scope::Url) {
                phi |= self.push_url_hit(hit, at);
            }
        }
        (phi, wraps)
    }

    /// A query key (or a key of a JSON object hidden in a link), judged by its name and reported
    /// at `at`. Returns whether it names PHI.
    fn check_url_key(&mut self, key: &str, at: Span) -> bool {
        let hits = self.url_component_hits(split_name(key), Scope::UrlKey);
        self.push_hits(&hits, Location::Url, Some(at), None);
        !hits.is_empty()
    }

    /// The hits of the `scope` rules in the URL component `text` (in any language), found once
    /// per part and text.
    fn url_component_hits(&mut self, text: String, scope: Scope) -> Vec<Hit> {
        let inner = self.inner;
        self.url_hits
            .entry((scope, text))
            .or_insert_with_key(|(scope, text)| inner.hits(text, *scope))
            .clone()
    }

    /// True when the URL is a third-party click-tracking wrapper: its host and path contain one
    /// of the `tracking-redirect` rule's terms (`ct.sendgrid.net`, `/track/click`, …).
    fn is_click_wrapper(&self, src: &str, parts: &url::UrlParts) -> bool {
        let Some(&rule) = self.inner.detectors.get("tracking-redirect") else {
            return false;
        };
        let mut target = parts
            .host
            .map_or(String::new(), |h| h.slice(src).to_ascii_lowercase());
        for segment in &parts.path {
            target.push('/');
            target.push_str(&segment.slice(src).to_ascii_lowercase());
        }
        let target = crate::rules::normalize_term(&target);
        self.inner.rules[rule as usize]
            .terms
            .iter()
            .any(|t| target.contains(&**t))
    }

    /// A rule hit inside a URL: url_phi rules report as themselves, every other category is
    /// reported as health information in a URL (what sits in a link is `url_phi`).
    fn push_url_hit(&mut self, hit: Hit, span: Span) -> bool {
        let rule = &self.inner.rules[hit.rule as usize];
        if rule.meta.category == Category::UrlPhi {
            self.candidates.push(Candidate {
                rule: hit.rule,
                span,
                location: Location::Url,
                context: hit.context,
                note: None,
            });
            return true;
        }
        let Some(&embedded) = self.inner.detectors.get("url-embedded-phi") else {
            return false;
        };
        let note = format!("{} term, {}", rule.meta.category, rule.meta.code);
        self.candidates.push(Candidate {
            rule: embedded,
            span,
            location: Location::Url,
            context: hit.context,
            note: Some(note),
        });
        true
    }
}

/// The links a click-tracking wrapper carries in one URL component: the component itself as a
/// URL (percent-encoded once or twice), a path segment that is a percent-encoded URL without
/// its scheme (Postmark), or a base64 payload that decodes to a URL (SendGrid's `upn=`);
/// `hidden` holds the component's segments decoded from base64 or hex.
fn wrapped_urls(raw: &str, decoded: &str, hidden: &[String]) -> Vec<String> {
    if let Some(nested) = url::nested_url(decoded) {
        return vec![nested.into_owned()];
    }
    let mut found: Vec<String> = raw.split('/').filter_map(url::schemeless_url).collect();
    found.extend(
        hidden
            .iter()
            .filter_map(|text| url::nested_url(text).map(Cow::into_owned)),
    );
    found
}

/// True when `nested` is a link to a host other than `own` (case-insensitive).
fn other_host(nested: &str, own: Option<&str>) -> bool {
    let host = url::parse(nested, Span::new(0, nested.len())).host;
    host.is_some_and(|h| own.is_none_or(|own| !h.slice(nested).eq_ignore_ascii_case(own)))
}

/// `name` with its plural words made singular (`lab surgeries` → `lab surgery`,
/// `prescriptions` → `prescription`), or `None` when it has none. English plurals only: a
/// variable name is an identifier, and identifiers are written in English.
fn singular(name: &str) -> Option<String> {
    let word = |w: &str| -> String {
        if let Some(stem) = w.strip_suffix("ies").filter(|s| s.len() >= 3) {
            format!("{stem}y")
        } else if w.len() > 4
            && w.ends_with('s')
            && !["ss", "us", "is"].iter().any(|e| w.ends_with(e))
        {
            w[..w.len() - 1].to_owned()
        } else {
            w.to_owned()
        }
    };
    let one = name.split(' ').map(word).collect::<Vec<_>>().join(" ");
    (one != name).then_some(one)
}

/// The text with template comments blanked (URLs in comments are not sent).
fn comment_free<'s>(src: &'s str, template: Option<&Template>) -> Cow<'s, str> {
    let comments: Vec<Span> = template
        .map(|t| {
            t.nodes
                .iter()
                .filter_map(|n| {
                    if let Node::Comment(c) = n {
                        Some(c.span)
                    } else {
                        None
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    if comments.is_empty() {
        return Cow::Borrowed(src);
    }
    let mut bytes = src.as_bytes().to_vec();
    for span in comments {
        blank(&mut bytes, span);
    }
    Cow::Owned(String::from_utf8(bytes).unwrap_or_default())
}

/// Replaces the bytes of `span` with spaces, keeping line breaks (and UTF-8 validity: whole
/// characters are replaced, byte for byte).
fn blank(bytes: &mut [u8], span: Span) {
    if let Some(slice) = bytes.get_mut(span.range()) {
        for b in slice {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
}

/// The block scopes of a template, for reading variable paths by what they refer to: a loop
/// alias stands for its source (`r.value` in `for r in results` → `results value`), and inside
/// an implicit-context block (`{{#each results}}`, Go `{{range .Results}}`) a relative path is a
/// field of the block's source (`{{value}}`, `{{.Value}}` → `results value`).
#[derive(Default)]
struct Scopes {
    /// One entry per open block: its alias (empty for an implicit context) and source words,
    /// or `None` for a block that binds nothing (`if`, `unless`, `capture`, …).
    stack: Vec<Option<(String, String)>>,
    /// Blocks open beyond [`MAX_NESTING`]: counted, not tracked, so their closing tags match.
    overflow: usize,
    /// The first block opened beyond [`MAX_NESTING`], reported as an issue.
    too_deep: Option<Span>,
}

/// How deep template blocks are tracked. Every lookup walks the open blocks and a nested
/// implicit context repeats its parent's words, so unbounded depth would cost depth² time and
/// memory; real templates nest a handful of levels.
const MAX_NESTING: usize = 64;

/// Block keywords that open a scope without binding anything; their closing tag pops it.
const BLOCK_OPENERS: &[&str] = &[
    "if", "unless", "with", "each", "for", "range", "case", "capture", "block", "define", "macro",
    "call", "filter", "tablerow", "while", "until", "^",
];

impl Scopes {
    /// The words of `path` as read in the current scope.
    fn resolve(&self, src: &str, path: &VarPath) -> String {
        let written = path.span.slice(src);
        let mut out = String::new();
        let bound = self.stack.iter().rev().flatten().next();
        let rooted = ["@root", "../", "$", "root.", "self."]
            .iter()
            .any(|p| written.starts_with(p));
        if let Some((alias, source)) = bound
            && alias.is_empty()
            && !rooted
        {
            out.push_str(source);
        }
        for (i, segment) in path.segments.iter().enumerate() {
            let name = segment.slice(src);
            if i == 0
                && let Some((_, source)) = self
                    .stack
                    .iter()
                    .rev()
                    .flatten()
                    .find(|(alias, _)| !alias.is_empty() && alias == name)
            {
                out.clear();
                out.push_str(source);
                continue;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&split_name(name));
        }
        out
    }

    /// Opens or closes a block at tag `tag`.
    fn enter_or_leave(&mut self, src: &str, tag: &phi_lint_syntax::template::Tag) {
        let keyword = tag
            .keyword
            .map_or("", |k| k.slice(src))
            .trim_start_matches('#')
            .to_ascii_lowercase();
        let closes = keyword.starts_with('/') || keyword.starts_with("end");
        let opens = tag.binding.is_some() || BLOCK_OPENERS.contains(&keyword.as_str());
        if closes && self.overflow > 0 {
            self.overflow -= 1;
        } else if closes {
            self.stack.pop();
        } else if opens && self.stack.len() >= MAX_NESTING {
            self.overflow += 1;
            self.too_deep.get_or_insert(tag.span);
        } else if let Some(binding) = &tag.binding {
            let source = self.resolve(src, &binding.source);
            self.stack
                .push(Some((binding.alias.slice(src).to_owned(), source)));
        } else if BLOCK_OPENERS.contains(&keyword.as_str()) {
            self.stack.push(None);
        }
    }
}

/// Splits an identifier into lower-case words: `dateOfBirth` → `date of birth`,
/// `HIV_status` → `hiv status`, `patientMRN` → `patient mrn`.
pub(crate) fn split_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            continue;
        }
        if i > 0 && c.is_uppercase() {
            let prev = chars[i - 1];
            let next = chars.get(i + 1);
            let next_lower = next.is_some_and(|n| n.is_lowercase());
            // A digit ends a word before a capitalised one (`line2Address`, `PHQ9SCORE`), but
            // one capital closing a name belongs to the token (`A1C`, `HBA1C`, `T4_FREE`).
            let lone_capital = !next.is_some_and(|n| n.is_alphabetic());
            if (prev.is_lowercase()
                || (prev.is_ascii_digit() && !lone_capital)
                || (prev.is_uppercase() && next_lower))
                && !out.ends_with(' ')
                && !out.is_empty()
            {
                out.push(' ');
            }
        }
        out.extend(c.to_lowercase());
    }
    out.trim_end().to_owned()
}

impl Compiled {
    /// Severity, allowed terms, overlap resolution and redaction: candidates become findings.
    fn resolve(&self, index: usize, part: &Part<'_>, candidates: Vec<Candidate>) -> Vec<Finding> {
        let mut scored: Vec<(Candidate, Severity)> = Vec::new();
        let mut allowed_spans: Option<Vec<Span>> = None;
        for mut c in candidates {
            // Every span a caller gets slices the text: detectors must produce such spans
            // (checked in debug builds and by the fuzz targets); release builds snap to them.
            debug_assert!(
                c.span.is_valid_in(part.text),
                "rule {} span {:?} off character boundaries",
                self.rules[c.rule as usize].meta.code,
                c.span
            );
            c.span = c.span.snap(part.text);
            let meta = &self.rules[c.rule as usize].meta;
            let Some(mut severity) = meta.severity_on(part.channel) else {
                continue;
            };
            if meta.sensitive.is_some() {
                severity = Severity::Error;
            }
            if c.location == Location::Metadata && meta.category.is_phi() {
                severity = Severity::Error; // providers log metadata as not-PHI
            }
            if !c.context {
                severity = Severity::Info;
            }
            if let Some(allowed) = &self.allowed {
                // The allowed terms are found once per part, not once per candidate.
                let spans = allowed_spans.get_or_insert_with(|| {
                    allowed
                        .find_iter(part.text)
                        .map(|m| Span::from(m.range()))
                        .collect()
                });
                if overlaps_any(spans, c.span) {
                    continue;
                }
            }
            scored.push((c, severity));
        }
        // One span is reported once: the longest wins, then the most severe, then pack order.
        scored.sort_by(|(a, sa), (b, sb)| {
            b.span
                .len()
                .cmp(&a.span.len())
                .then(sb.cmp(sa))
                .then(a.rule.cmp(&b.rule))
                .then(a.span.cmp(&b.span))
        });
        // Tracking, transport and compliance findings describe the link or message, not its
        // content: they coexist with content findings on the same bytes.
        let structural = |c: &Candidate| {
            let category = self.rules[c.rule as usize].meta.category;
            matches!(
                category,
                Category::Tracking | Category::InsecureLink | Category::Compliance
            )
        };
        // n log n: exact repeats are looked up in a set, and the content spans kept so far never
        // overlap one another, so one ordered-set probe finds a clash.
        let mut kept: Vec<(Candidate, Severity)> = Vec::new();
        let mut seen: HashSet<(Span, u32)> = HashSet::new();
        let mut content = ContentSpans::default();
        for (c, s) in scored {
            if seen.contains(&(c.span, c.rule)) {
                continue;
            }
            let is_content = !structural(&c);
            if is_content && content.overlaps(c.span) {
                continue;
            }
            seen.insert((c.span, c.rule));
            if is_content {
                content.insert(c.span);
            }
            kept.push((c, s));
        }
        kept.sort_by_key(|(c, _)| (c.span.start, c.span.end, c.rule));
        let masked = if self.redaction == Redaction::Mask {
            Masked::by_value(part.text, kept.iter().map(|(c, _)| c.span))
        } else {
            Masked::default()
        };
        kept.into_iter()
            .map(|(c, severity)| {
                let rule = &self.rules[c.rule as usize].meta;
                Finding {
                    excerpt: excerpt(self.redaction, part.text, c.span, &masked, rule.category),
                    rule: rule.clone(),
                    severity,
                    part: index,
                    location: c.location,
                    fix: rule.fix.as_ref().and_then(|f| f.fix_for(part.text, c.span)),
                    span: c.span,
                    note: c.note,
                }
            })
            .collect()
    }
}

impl Compiled {
    /// A finding of a structural rule (payload settings, whole-message checks) that bypasses
    /// candidate resolution: `severity` is already decided; the excerpt follows the linter's
    /// redaction over `text`, the text `span` indexes.
    pub(crate) fn structural_finding(
        &self,
        rule: u32,
        severity: Severity,
        part: usize,
        text: &str,
        span: Span,
        location: Location,
    ) -> Finding {
        let meta = &self.rules[rule as usize].meta;
        debug_assert!(span.is_valid_in(text), "{} span {span:?}", meta.code);
        let span = span.snap(text);
        Finding {
            excerpt: excerpt(
                self.redaction,
                text,
                span,
                &Masked::new([span]),
                meta.category,
            ),
            rule: meta.clone(),
            severity,
            part,
            location,
            fix: meta.fix.as_ref().and_then(|f| f.fix_for(text, span)),
            span,
            note: None,
        }
    }
}

/// The excerpt a finding may show under `redaction`.
fn excerpt(
    redaction: Redaction,
    text: &str,
    span: Span,
    masked: &Masked,
    category: Category,
) -> String {
    const AROUND: usize = 32;
    if redaction == Redaction::Label {
        return format!("[{category}]");
    }
    let floor = |mut i: usize| {
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start.saturating_sub(AROUND));
    let end = {
        let mut i = (span.end + AROUND).min(text.len());
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let mut out = String::new();
    let mut masks = masked.from(start).peekable();
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        while masks.next_if(|m| m.end <= at).is_some() {}
        let masked = redaction == Redaction::Mask && masks.peek().is_some_and(|m| m.start <= at);
        out.push(if masked {
            '*'
        } else if c.is_control() {
            ' '
        } else {
            c
        });
    }
    out
}

/// The spans of kept content findings: pairwise non-overlapping, so ordered by start their ends
/// never decrease and the last span starting before a probe's end is the only one to check.
#[derive(Default)]
struct ContentSpans(BTreeSet<(usize, usize)>);

impl ContentSpans {
    fn overlaps(&self, span: Span) -> bool {
        self.0
            .range(..(span.end, 0))
            .next_back()
            .is_some_and(|&(start, end)| Span::new(start, end).overlaps(span))
    }

    fn insert(&mut self, span: Span) {
        self.0.insert((span.start, span.end));
    }
}

/// The union of the spans a masked excerpt hides, as sorted disjoint ranges: masking a
/// character is a walk along them, not a scan of every finding.
#[derive(Default)]
struct Masked(Vec<Span>);

impl Masked {
    /// The findings' `spans` and every other occurrence of their text in `text`, ignoring ASCII
    /// case: a repeat the rules missed (a word run into the next one, say) is the same PHI, and
    /// a window that shows it would undo the mask. One Aho-Corasick pass over the distinct
    /// finding texts keeps this linear in the text however many findings there are.
    fn by_value(text: &str, spans: impl IntoIterator<Item = Span> + Clone) -> Masked {
        let mut needles: Vec<&str> = spans
            .clone()
            .into_iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.slice(text))
            .collect();
        needles.sort_unstable();
        needles.dedup();
        let repeats = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&needles)
            .map(|ac| {
                ac.find_iter(text)
                    .map(|m| Span::from(m.range()))
                    .collect::<Vec<_>>()
            })
            // Too many or too long needles for the automaton: the spans alone still mask.
            .unwrap_or_default();
        Masked::new(spans.into_iter().chain(repeats))
    }

    fn new(spans: impl IntoIterator<Item = Span>) -> Masked {
        let mut spans: Vec<Span> = spans.into_iter().filter(|s| !s.is_empty()).collect();
        spans.sort();
        let mut union: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans {
            match union.last_mut() {
                Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
                _ => union.push(s),
            }
        }
        Masked(union)
    }

    /// The ranges that end after `offset`, in order.
    fn from(&self, offset: usize) -> impl Iterator<Item = Span> + '_ {
        let first = self.0.partition_point(|s| s.end <= offset);
        self.0[first..].iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    #[test]
    fn plural_names_read_as_their_items() {
        assert_eq!(
            singular("patient surgeries").as_deref(),
            Some("patient surgery")
        );
        assert_eq!(singular("prescriptions").as_deref(), Some("prescription"));
        assert_eq!(
            singular("lab results name").as_deref(),
            Some("lab result name")
        );
        // Singular words and short or Latin-looking endings stay.
        assert_eq!(singular("diagnosis status"), None);
        assert_eq!(singular("address lens gas"), None);
        assert_eq!(singular(""), None);
    }

    #[test]
    fn names_split_into_words() {
        assert_eq!(split_name("dateOfBirth"), "date of birth");
        assert_eq!(split_name("HIV_status"), "hiv status");
        assert_eq!(split_name("patientMRN"), "patient mrn");
        assert_eq!(split_name("RX_NAME"), "rx name");
        assert_eq!(split_name("a1c-value"), "a1c value");
        // A capital after a digit starts a word only when a word follows.
        assert_eq!(split_name("A1C"), "a1c");
        assert_eq!(split_name("HBA1C_VALUE"), "hba1c value");
        assert_eq!(split_name("HbA1c"), "hb a1c");
        assert_eq!(split_name("PHQ9SCORE"), "phq9 score");
        assert_eq!(split_name("line2Address"), "line2 address");
    }

    fn resolved(src: &str, dialect: Dialect) -> Vec<String> {
        let template = Template::scan(src, dialect);
        let mut scopes = Scopes::default();
        let mut out = Vec::new();
        for node in &template.nodes {
            let paths = match node {
                Node::Var(v) => &v.paths,
                Node::Tag(t) => &t.paths,
                _ => continue,
            };
            out.extend(paths.iter().map(|p| scopes.resolve(src, p)));
            if let Node::Tag(t) = node {
                scopes.enter_or_leave(src, t);
            }
        }
        out
    }

    #[test]
    fn deep_nesting_is_bounded_and_reported() {
        let linter = Linter::builder().build().unwrap();
        let cases = [
            (
                "{{#each a}}".repeat(5000) + "{{ssn}}" + &"{{/each}}".repeat(5000),
                Dialect::Handlebars,
            ),
            (
                "{{range .A}}".repeat(5000) + "{{.SSN}}" + &"{{end}}".repeat(5000),
                Dialect::GoTemplate,
            ),
            ("{{#if x}}".repeat(20_000) + "{{ssn}}", Dialect::Handlebars),
        ];
        for (src, dialect) in cases {
            let part = Part::new(Channel::Sms, &src).syntax(dialect);
            let report = linter.check(&Message::new().part(part));
            let issues: Vec<_> = report
                .issues()
                .iter()
                .filter(|i| i.message.contains("nested deeper than 64"))
                .collect();
            assert_eq!(issues.len(), 1, "{dialect:?}: {:?}", report.issues());
            // The variable deep inside is still checked.
            assert!(
                report
                    .findings()
                    .iter()
                    .any(|f| f.location() == Location::Variable),
                "{dialect:?}"
            );
        }
        // Scopes within the bound still resolve, and closing tags past it match their blocks.
        let src = "{{#each a}}".repeat(70) + &"{{/each}}".repeat(70) + "{{#each r}}{{v}}{{/each}}";
        assert_eq!(resolved(&src, Dialect::Handlebars).last().unwrap(), "r v");
    }

    #[test]
    fn loop_aliases_and_implicit_contexts_resolve_to_their_source() {
        let hbs = "{{#each results}}{{value}} {{this.units}}{{/each}}{{first_name}}";
        assert_eq!(
            resolved(hbs, Dialect::Handlebars),
            ["results", "results value", "results units", "first name"]
        );
        let go = "{{range .Results}}{{.Value}}{{$.FirstName}}{{end}}{{if .A}}{{.B}}{{end}}";
        assert_eq!(
            resolved(go, Dialect::GoTemplate),
            ["results", "results value", "first name", "a", "b"]
        );
        let jinja = "{% for r in lab_results %}{{ r.flag }}{% endfor %}{{ r.flag }}";
        assert_eq!(
            resolved(jinja, Dialect::Jinja),
            ["lab results", "lab results flag", "r flag"]
        );
        let erb = "<% @patient.meds.each do |m| %><%= m.name %><% end %>";
        assert_eq!(
            resolved(erb, Dialect::Erb),
            ["patient meds", "patient meds name"]
        );
    }
}

#[cfg(test)]
mod resolution_tests {
    use super::*;

    /// Random spans from a fixed seed (failures reproduce).
    fn spans(seed: u64, n: usize, max: usize) -> Vec<Span> {
        let mut rng = test_rng::TestRng::new(seed);
        (0..n)
            .map(|_| {
                let start = rng.below(max);
                Span::new(start, start + rng.below(12))
            })
            .collect()
    }

    #[test]
    fn ordered_set_probe_agrees_with_pairwise_overlap() {
        for seed in 1..200 {
            let mut kept: Vec<Span> = Vec::new();
            let mut set = ContentSpans::default();
            for span in spans(seed, 60, 80) {
                let naive = kept.iter().any(|k| k.overlaps(span));
                assert_eq!(set.overlaps(span), naive, "seed {seed}, {span:?}");
                if !naive {
                    kept.push(span);
                    set.insert(span);
                }
            }
        }
    }

    #[test]
    fn sorted_match_probe_agrees_with_pairwise_overlap() {
        for seed in 1..200 {
            let mut matches = Vec::new();
            let mut at = 0;
            for s in spans(seed, 20, 6) {
                matches.push(Span::new(at + s.start, at + s.end));
                at = matches.last().unwrap().end;
            }
            for span in spans(seed + 1000, 40, at + 5) {
                let naive = matches.iter().any(|m| m.overlaps(span));
                assert_eq!(overlaps_any(&matches, span), naive, "seed {seed}, {span:?}");
            }
        }
    }

    #[test]
    fn masked_excerpt_hides_exactly_the_union_of_spans() {
        let text = "abcdefghijklmnopqrstuvwxyz".repeat(4);
        for seed in 1..100 {
            let all = spans(seed, 8, text.len());
            let masked = Masked::new(all.iter().copied());
            let out = excerpt(
                Redaction::Mask,
                &text,
                Span::new(40, 60),
                &masked,
                Category::Diagnosis,
            );
            let expected: String = text[8..92]
                .char_indices()
                .map(|(i, c)| {
                    let at = 8 + i;
                    if all.iter().any(|s| s.start <= at && at < s.end) {
                        '*'
                    } else {
                        c
                    }
                })
                .collect();
            assert_eq!(out, expected, "seed {seed}");
        }
    }
}
