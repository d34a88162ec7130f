//! Provider send payloads: SendGrid v3 Mail Send, Twilio Messages, Mailgun, Postmark and SES.
//!
//! A payload is read with the span-preserving JSON reader and split into *units*: each content
//! string (subject, HTML, text, SMS body, template data) and each metadata value (custom args,
//! categories, tags) becomes a message part of the right channel and origin, so the ordinary
//! rules judge it. Findings are mapped back to byte spans of the JSON document. Then the
//! payload's own switches are judged against what was found: click, open and analytics tracking
//! and link shortening over PHI-bearing links (`tracking`), and PHI routed through a provider
//! not declared BAA-covered (`compliance`).
//!
//! Metadata values are linted as `key: value`, so a key that names an identifier gives the
//! value its meaning (`"patient_mrn": "4829137"` reads as an MRN) and a key that names health
//! information is itself a finding when it has a value (`"hiv_status": "…"`).

mod sms;

use phi_lint_syntax::{
    Dialect, Span,
    formats::json::{JsonString, JsonValue},
    template,
};

use crate::compiled::Compiled;
use crate::engine::split_name;
use crate::finding::{Finding, Issue, Location, Report};
use crate::message::{Message, Origin, Part};
use crate::types::{Category, Channel, Provider, Severity};

impl Provider {
    /// The provider whose send payload `json` is, recognised by its shape; `None` for
    /// malformed JSON or an unknown shape.
    ///
    /// ```
    /// use phi_lint::Provider;
    ///
    /// let json = r#"{"To": "+15555550123", "From": "+15555550100", "Body": "Hi"}"#;
    /// assert_eq!(Provider::detect(json), Some(Provider::Twilio));
    /// assert_eq!(Provider::detect("{"), None);
    /// ```
    pub fn detect(json: &str) -> Option<Provider> {
        JsonValue::parse(json)
            .ok()
            .and_then(|root| detect(&root, json))
    }

    /// Like [`detect`](Self::detect), but also recognises a payload that is malformed after its
    /// identifying keys (what a file of a half-edited payload still is): used to decide how a
    /// `.json` file is read.
    pub(crate) fn sniff(json: &str) -> Option<Provider> {
        let (root, _) = JsonValue::parse_partial(json);
        detect(&root, json)
    }

    fn email(self) -> bool {
        !matches!(self, Provider::Twilio | Provider::WhatsApp)
    }
}

impl Compiled {
    /// Checks a provider send payload (JSON).
    pub(crate) fn check_payload(&self, json: &str) -> Report {
        let (root, error) = JsonValue::parse_partial(json);
        let mut report = Report::default();
        if let Some(e) = error {
            report.issues.push(Issue {
                part: 0,
                span: e.span,
                message: e.message,
            });
        }
        let provider = detect(&root, json);
        if provider.is_none() && matches!(root, JsonValue::Object(..) | JsonValue::Array(..)) {
            report.issues.push(Issue {
                part: 0,
                span: Span::new(root.span().start, (root.span().start + 1).min(json.len())),
                message: "not a recognised provider payload (SendGrid, Twilio, Mailgun, \
                          Postmark, SES): every string is checked as email text"
                    .into(),
            });
        }
        let mut reader = Reader::new(json, provider);
        reader.read(&root);
        let Reader {
            units,
            settings,
            anchor,
            ..
        } = reader;

        let message = units
            .iter()
            .fold(Message::new().fragment(), |m, u| m.part(u.part()));
        let mut checked = self.check(&message);
        let sms: Vec<(usize, Part<'_>)> = units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.role == Role::Sms)
            .map(|(i, u)| (i, u.part()))
            .collect();
        checked.findings.extend(self.whole_sms(&sms));
        report
            .issues
            .extend(checked.issues.into_iter().map(|i| Issue {
                part: 0,
                span: units.get(i.part).map_or(i.span, |u| u.map.span(i.span)),
                message: i.message,
            }));

        let seen = self.exposure(&units, &checked.findings);
        let mut findings = checked.findings;
        if settings.click_html.is_some_and(|s| !s.on)
            && let Some(code) = self.detector_code("tracking-anchor")
        {
            findings.retain(|f| !(units[f.part].role == Role::Html && f.code() == code));
        }
        for f in &mut findings {
            f.span = units[f.part].map.span(f.span);
            f.part = 0;
            // Edits in a JSON string's decoded text would need re-escaping: not certain.
            f.fix = None;
        }
        if let Some(provider) = provider {
            let channel = if provider.email() {
                Channel::EmailHtml
            } else {
                Channel::Sms
            };
            let mut raise = |detector: &str, span: Span, severity: Option<Severity>, note| {
                if let Some(f) = self.payload_finding(json, channel, detector, span, severity, note)
                    && !findings
                        .iter()
                        .any(|g| g.code() == f.code() && g.span == f.span)
                {
                    findings.push(f);
                }
            };
            for (switch, links) in [
                (settings.click_html, seen.html_links),
                (settings.click_text, seen.text_links),
            ] {
                if let Some(s) = switch.filter(|s| s.on && links) {
                    raise("payload-click-tracking", s.span, None, None);
                }
            }
            if let Some(at) = settings.click_default
                && settings.click_html.is_none()
                && (seen.html_links || seen.text_links)
            {
                raise("payload-click-tracking-default", at, None, None);
            }
            if let Some(s) = settings.opens.filter(|s| s.on && seen.content) {
                raise("payload-open-tracking", s.span, None, None);
            }
            if let Some(s) = settings.ganalytics.filter(|s| s.on && seen.any_links) {
                raise("payload-ganalytics", s.span, None, None);
            }
            if let Some(s) = settings
                .shorten
                .filter(|s| s.on && (seen.sms_links || seen.data_links))
            {
                raise("payload-link-shortening", s.span, None, None);
            }
            if seen.any_phi && !self.baa.contains(&provider) {
                let note = match provider {
                    Provider::SendGrid => "SendGrid is not HIPAA-eligible".to_owned(),
                    Provider::WhatsApp => "Meta offers no BAA for WhatsApp".to_owned(),
                    p => format!("provider `{p}` is not declared BAA-covered"),
                };
                raise("non-baa-provider", anchor, None, Some(note));
            }
        }
        findings.sort_by_key(|f| (f.span.start, f.span.end));
        report.findings = findings;
        report.limit_exceeded = checked.limit_exceeded;
        report
    }

    /// The code of the enabled rule that reports `detector`.
    fn detector_code(&self, detector: &str) -> Option<&str> {
        let &rule = self.detectors.get(detector)?;
        Some(&self.rules[rule as usize].meta.code)
    }

    /// A payload-setting finding of the rule reporting `detector`, at its severity on
    /// `channel` (or `severity`), unless the rule is disabled.
    fn payload_finding(
        &self,
        json: &str,
        channel: Channel,
        detector: &str,
        span: Span,
        severity: Option<Severity>,
        note: Option<String>,
    ) -> Option<Finding> {
        let &rule = self.detectors.get(detector)?;
        let base = self.rules[rule as usize].meta.severity_on(channel)?;
        let severity = severity.map_or(base, |s| s.min(base));
        let mut finding = self.structural_finding(rule, severity, 0, json, span, Location::Payload);
        finding.note = note;
        Some(finding)
    }

    /// What the checked units expose: PHI-bearing links per part kind, PHI in content.
    fn exposure(&self, units: &[Unit], findings: &[Finding]) -> Exposure {
        let anchor = self.detector_code("tracking-anchor");
        let mut seen = Exposure::default();
        let mut html_url_phi = false;
        let mut html_anchors = false;
        for f in findings {
            let Some(unit) = units.get(f.part) else {
                continue;
            };
            if Some(f.code()) == anchor && unit.role == Role::Html {
                html_anchors = true;
            }
            if f.severity() < Severity::Warning {
                continue;
            }
            let category = f.category();
            if category == Category::UrlPhi {
                match unit.role {
                    Role::Html => html_url_phi = true,
                    Role::Text => seen.text_links = true,
                    Role::Sms => seen.sms_links = true,
                    Role::Data => seen.data_links = true,
                    _ => {}
                }
            }
            let content = category.is_phi()
                && !matches!(category, Category::InsecureLink | Category::Tracking);
            if content {
                seen.any_phi = true;
                if unit.origin == Origin::Content && unit.role != Role::Media {
                    seen.content = true;
                }
            }
        }
        // With the anchor rule on, only anchors not excluded by clicktracking="off" count.
        let html = if anchor.is_some() {
            html_anchors
        } else {
            html_url_phi
        };
        seen.html_links = html || seen.data_links;
        seen.text_links |= seen.data_links;
        seen.any_links = html_url_phi || seen.text_links || seen.sms_links;
        seen
    }
}

/// What a payload's content exposes.
#[derive(Debug, Default)]
struct Exposure {
    html_links: bool,
    text_links: bool,
    sms_links: bool,
    data_links: bool,
    any_links: bool,
    /// PHI in content parts.
    content: bool,
    /// PHI anywhere (content or metadata).
    any_phi: bool,
}

/// What a unit is in the payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Subject,
    Html,
    Text,
    Sms,
    /// Template data (SendGrid `dynamic_template_data`, Postmark `TemplateModel`, …).
    Data,
    /// Tags, custom args, headers, status callbacks.
    Meta,
    /// A media URL.
    Media,
}

/// How a unit's offsets map to the JSON document.
#[derive(Clone, Copy, Debug)]
enum Map {
    /// The unit is a string's view starting at this offset.
    Direct(usize),
    /// The unit is `key words: value`: a hit in the key's words maps to the whole key string
    /// `key`; the value's view starts at `value` in the document and at `prefix` in the unit.
    Keyed {
        key: Span,
        prefix: usize,
        value: usize,
    },
}

impl Map {
    fn span(self, local: Span) -> Span {
        match self {
            Map::Direct(offset) => local.shift(offset),
            Map::Keyed { key, prefix, value } => {
                let start = if local.start < prefix {
                    key.start
                } else {
                    value + (local.start - prefix)
                };
                let end = if local.end <= prefix {
                    key.end
                } else {
                    value + (local.end - prefix)
                };
                Span::new(start, end.max(start))
            }
        }
    }
}

/// One lintable string of a payload.
#[derive(Debug)]
struct Unit {
    role: Role,
    channel: Channel,
    syntax: Dialect,
    origin: Origin,
    text: String,
    map: Map,
}

impl Unit {
    fn part(&self) -> Part<'_> {
        Part {
            channel: self.channel,
            syntax: self.syntax,
            text: &self.text,
            origin: self.origin,
            language: None,
        }
    }
}

/// A tracking switch and the span of its value.
#[derive(Clone, Copy, Debug)]
struct Switch {
    on: bool,
    span: Span,
}

/// The payload's tracking switches (`None`: not set in the payload).
#[derive(Debug, Default)]
struct Settings {
    click_html: Option<Switch>,
    click_text: Option<Switch>,
    /// Where to report click tracking left to the account default (SendGrid: on).
    click_default: Option<Span>,
    opens: Option<Switch>,
    ganalytics: Option<Switch>,
    shorten: Option<Switch>,
}

/// A member key, lower case without `_` (`dynamic_template_data` and `dynamicTemplateData`
/// read alike).
fn norm(key: &JsonString) -> String {
    key.value().to_ascii_lowercase().replace('_', "")
}

fn members(value: &JsonValue) -> &[(JsonString, JsonValue)] {
    match value {
        JsonValue::Object(members, _) => members,
        _ => &[],
    }
}

fn items(value: &JsonValue) -> &[JsonValue] {
    match value {
        JsonValue::Array(items, _) => items,
        _ => &[],
    }
}

/// The first member whose normalized key is `name`.
fn member<'v>(value: &'v JsonValue, name: &str) -> Option<(&'v JsonString, &'v JsonValue)> {
    members(value)
        .iter()
        .find(|(k, _)| norm(k) == name)
        .map(|(k, v)| (k, v))
}

fn string(value: &JsonValue) -> Option<&JsonString> {
    match value {
        JsonValue::String(s) => Some(s),
        _ => None,
    }
}

/// A switch value: JSON booleans, or strings `true`/`false`/`yes`/`no`.
fn switch(value: &JsonValue) -> Option<Switch> {
    let on = match value {
        JsonValue::Bool(b, _) => *b,
        JsonValue::String(s) => match s.value().trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => true,
            "false" | "no" | "0" => false,
            _ => return None,
        },
        _ => return None,
    };
    Some(Switch {
        on,
        span: value.span(),
    })
}

fn detect(root: &JsonValue, src: &str) -> Option<Provider> {
    let keys: Vec<String> = members(root).iter().map(|(k, _)| norm(k)).collect();
    let has = |k: &str| keys.iter().any(|key| key == k);
    if has("personalizations") {
        return Some(Provider::SendGrid);
    }
    let content_shape = member(root, "content")
        .is_some_and(|(_, c)| member(c, "simple").is_some() || member(c, "template").is_some());
    if content_shape || has("fromemailaddress") || (has("message") && has("destination")) {
        return Some(Provider::Ses);
    }
    if [
        "htmlbody",
        "textbody",
        "tracklinks",
        "trackopens",
        "templatemodel",
    ]
    .iter()
    .any(|k| has(k))
    {
        return Some(Provider::Postmark);
    }
    let raw_keys: Vec<String> = members(root)
        .iter()
        .map(|(k, _)| k.value().to_ascii_lowercase())
        .collect();
    let mailgun_option = raw_keys
        .iter()
        .any(|k| ["o:", "v:", "h:", "t:"].iter().any(|p| k.starts_with(p)));
    if mailgun_option || (has("to") && has("subject") && (has("text") || has("html"))) {
        return Some(Provider::Mailgun);
    }
    let twilio = (has("body") && (has("to") || has("from") || has("messagingservicesid")))
        || has("shortenurls")
        || has("contentsid");
    if twilio {
        let whatsapp = ["to", "from"].iter().any(|k| {
            member(root, k)
                .and_then(|(_, v)| string(v))
                .is_some_and(|s| s.span.slice(src).trim().starts_with("whatsapp:"))
        });
        return Some(if whatsapp {
            Provider::WhatsApp
        } else {
            Provider::Twilio
        });
    }
    None
}

/// Splits a payload into units and reads its switches.
struct Reader<'j> {
    src: &'j str,
    provider: Option<Provider>,
    units: Vec<Unit>,
    settings: Settings,
    /// Where provider-level findings point: the member that identifies the provider.
    anchor: Span,
}

impl<'j> Reader<'j> {
    fn new(src: &'j str, provider: Option<Provider>) -> Reader<'j> {
        Reader {
            src,
            provider,
            units: Vec::new(),
            settings: Settings::default(),
            anchor: Span::new(0, src.len().min(1)),
        }
    }

    fn email(&self) -> bool {
        self.provider.is_none_or(Provider::email)
    }

    fn read(&mut self, root: &JsonValue) {
        let start = root.span().start;
        self.anchor = Span::new(start, (start + 1).min(self.src.len()));
        match self.provider {
            Some(Provider::SendGrid) => self.sendgrid(root),
            Some(Provider::Twilio | Provider::WhatsApp) => self.twilio(root),
            Some(Provider::Mailgun) => self.mailgun(root),
            Some(Provider::Postmark) => self.postmark(root),
            Some(Provider::Ses) => self.ses(root),
            None => self.data(root, None, Role::Data),
        }
    }

    /// Points provider-level findings at the first of these members present.
    fn anchor_at(&mut self, root: &JsonValue, keys: &[&str]) {
        if let Some((k, _)) = keys.iter().find_map(|k| member(root, k)) {
            self.anchor = k.span;
        }
    }

    /// A content string of `role`.
    fn content(&mut self, role: Role, value: &JsonValue) {
        let Some(s) = string(value) else {
            return;
        };
        let channel = match role {
            Role::Subject => Channel::EmailSubject,
            Role::Html => Channel::EmailHtml,
            Role::Text => Channel::EmailText,
            Role::Media => Channel::Url,
            _ => Channel::Sms,
        };
        let syntax = if role == Role::Media {
            Dialect::Plain
        } else {
            template::sniff(&s.view)
        };
        self.units.push(Unit {
            role,
            channel,
            syntax,
            origin: Origin::Content,
            text: s.view.clone(),
            map: Map::Direct(s.span.start),
        });
    }

    /// A leaf's text and span: strings and numbers.
    fn leaf(&self, value: &JsonValue) -> Option<(String, Span)> {
        match value {
            JsonValue::String(s) => Some((s.view.clone(), s.span)),
            JsonValue::Number(span) => Some((span.slice(self.src).to_owned(), *span)),
            _ => None,
        }
    }

    /// Every leaf of `value` as metadata (`role` Meta) or template data (`role` Data), read
    /// with its nearest key.
    fn data(&mut self, value: &JsonValue, key: Option<&JsonString>, role: Role) {
        match value {
            JsonValue::Object(members, _) => {
                for (k, v) in members {
                    self.data(v, Some(k), role);
                }
            }
            JsonValue::Array(items, _) => {
                for v in items {
                    self.data(v, key, role);
                }
            }
            _ => {
                let Some((view, span)) = self.leaf(value) else {
                    return;
                };
                if view.trim().is_empty() {
                    return;
                }
                self.keyed(role, key, view, span);
            }
        }
    }

    fn keyed(&mut self, role: Role, key: Option<&JsonString>, view: String, span: Span) {
        let (channel, syntax, origin) = if role == Role::Meta {
            let channel = if self.email() {
                Channel::EmailText
            } else {
                Channel::Sms
            };
            (channel, Dialect::Plain, Origin::Metadata)
        } else {
            let key_says_subject = key.is_some_and(|k| norm(k).contains("subject"));
            let channel = if !self.email() {
                Channel::Sms
            } else if key_says_subject {
                Channel::EmailSubject
            } else if phi_lint_syntax::html::looks_like_html(&view) {
                Channel::EmailHtml
            } else {
                Channel::EmailText
            };
            (channel, template::sniff(&view), Origin::Content)
        };
        let (text, map) = match key {
            Some(k) => {
                // Words, so that `patient_mrn` and `patientMrn` read as "patient mrn".
                let words = split_name(&k.value());
                let prefix = words.len() + 2;
                (
                    format!("{words}: {view}"),
                    Map::Keyed {
                        key: k.span,
                        prefix,
                        value: span.start,
                    },
                )
            }
            None => (view, Map::Direct(span.start)),
        };
        self.units.push(Unit {
            role,
            channel,
            syntax,
            origin,
            text,
            map,
        });
    }

    /// A list of `{Name, Value}` objects (SES tags, Postmark headers): metadata keyed by name.
    fn name_values(&mut self, value: &JsonValue) {
        for item in items(value) {
            let name = member(item, "name").and_then(|(_, n)| string(n));
            match member(item, "value") {
                Some((_, v)) => {
                    if let Some((view, span)) = self.leaf(v) {
                        self.keyed(Role::Meta, name, view, span);
                    }
                }
                None => self.data(item, None, Role::Meta),
            }
        }
    }

    fn sendgrid(&mut self, root: &JsonValue) {
        self.anchor_at(root, &["personalizations"]);
        for (k, v) in members(root) {
            match norm(k).as_str() {
                "personalizations" => {
                    for p in items(v) {
                        for (pk, pv) in members(p) {
                            match norm(pk).as_str() {
                                "subject" => self.content(Role::Subject, pv),
                                "dynamictemplatedata" | "substitutions" => {
                                    self.data(pv, None, Role::Data)
                                }
                                "customargs" | "headers" => self.data(pv, None, Role::Meta),
                                _ => {}
                            }
                        }
                    }
                }
                "subject" => self.content(Role::Subject, v),
                "from" => {
                    if let Some((_, name)) = member(v, "name") {
                        self.content(Role::Subject, name);
                    }
                }
                "content" => {
                    for item in items(v) {
                        let kind = member(item, "type")
                            .and_then(|(_, t)| string(t))
                            .map(|t| t.value().to_ascii_lowercase())
                            .unwrap_or_default();
                        let role = if kind.contains("html") {
                            Role::Html
                        } else {
                            Role::Text
                        };
                        if let Some((_, value)) = member(item, "value") {
                            self.content(role, value);
                        }
                    }
                }
                "customargs" | "uniqueargs" | "categories" | "headers" => {
                    self.data(v, None, Role::Meta)
                }
                "trackingsettings" => self.sendgrid_tracking(k, v),
                _ => {}
            }
        }
        if member(root, "trackingsettings").is_none() {
            self.settings.click_default = Some(self.anchor);
        }
    }

    fn sendgrid_tracking(&mut self, key: &JsonString, v: &JsonValue) {
        let enable = |v: &JsonValue, name: &str| {
            member(v, name)
                .and_then(|(_, s)| member(s, "enable"))
                .and_then(|(_, e)| switch(e))
        };
        self.settings.click_html = enable(v, "clicktracking");
        if self.settings.click_html.is_none() {
            self.settings.click_default = Some(key.span);
        }
        self.settings.click_text = member(v, "clicktracking")
            .and_then(|(_, c)| member(c, "enabletext"))
            .and_then(|(_, e)| switch(e))
            .filter(|_| self.settings.click_html.is_none_or(|s| s.on));
        self.settings.opens = enable(v, "opentracking");
        self.settings.ganalytics = enable(v, "ganalytics");
        if let Some((_, ga)) = member(v, "ganalytics") {
            for (k, value) in members(ga) {
                if norm(k).starts_with("utm") {
                    self.data(value, Some(k), Role::Meta);
                }
            }
        }
    }

    fn twilio(&mut self, root: &JsonValue) {
        self.anchor_at(root, &["body", "contentsid", "to"]);
        if self.provider == Some(Provider::WhatsApp)
            && let Some(s) = ["to", "from"]
                .iter()
                .filter_map(|k| member(root, k).and_then(|(_, v)| string(v)))
                .find(|s| s.view.trim().starts_with("whatsapp:"))
        {
            self.anchor = s.span;
        }
        for (k, v) in members(root) {
            match norm(k).as_str() {
                "body" => self.content(Role::Sms, v),
                "tags" => self.data(v, None, Role::Meta),
                "statuscallback" => {
                    if let Some(s) = string(v) {
                        self.units.push(Unit {
                            role: Role::Meta,
                            channel: Channel::Url,
                            syntax: Dialect::Plain,
                            origin: Origin::Metadata,
                            text: s.view.clone(),
                            map: Map::Direct(s.span.start),
                        });
                    }
                }
                "mediaurl" => match v {
                    JsonValue::Array(list, _) => {
                        for item in list {
                            self.content(Role::Media, item);
                        }
                    }
                    _ => self.content(Role::Media, v),
                },
                "contentvariables" => self.data(v, None, Role::Data),
                "shortenurls" => self.settings.shorten = switch(v),
                _ => {}
            }
        }
    }

    fn mailgun(&mut self, root: &JsonValue) {
        self.anchor_at(root, &["html", "text", "template", "subject"]);
        let mut all: Option<Switch> = None;
        let mut clicks: Option<(Switch, bool)> = None; // (switch, text links too)
        let mut opens: Option<Switch> = None;
        for (k, v) in members(root) {
            let key = k.value().to_ascii_lowercase();
            match key.as_str() {
                "subject" => self.content(Role::Subject, v),
                "text" => self.content(Role::Text, v),
                "html" | "amp-html" => self.content(Role::Html, v),
                "o:tag" => self.data(v, None, Role::Meta),
                "t:variables" | "recipient-variables" => self.data(v, Some(k), Role::Data),
                "o:tracking" => all = switch(v),
                "o:tracking-opens" => opens = switch(v),
                "o:tracking-clicks" => {
                    let html_only = string(v)
                        .is_some_and(|s| s.value().trim().eq_ignore_ascii_case("htmlonly"));
                    clicks = if html_only {
                        Some((
                            Switch {
                                on: true,
                                span: v.span(),
                            },
                            false,
                        ))
                    } else {
                        switch(v).map(|s| (s, true))
                    };
                }
                _ if key.starts_with("v:") || key.starts_with("h:") => {
                    self.data(v, Some(k), Role::Meta)
                }
                _ => {}
            }
        }
        if let Some((s, text)) = clicks.or(all.map(|s| (s, true))) {
            self.settings.click_html = Some(s);
            self.settings.click_text = Some(Switch {
                on: s.on && text,
                span: s.span,
            });
        }
        self.settings.opens = opens.or(all);
    }

    fn postmark(&mut self, root: &JsonValue) {
        self.anchor_at(root, &["htmlbody", "textbody", "templatemodel", "subject"]);
        for (k, v) in members(root) {
            match norm(k).as_str() {
                "subject" => self.content(Role::Subject, v),
                "htmlbody" => self.content(Role::Html, v),
                "textbody" => self.content(Role::Text, v),
                "tag" | "metadata" => self.data(v, None, Role::Meta),
                "headers" => self.name_values(v),
                "templatemodel" => self.data(v, None, Role::Data),
                "trackopens" => self.settings.opens = switch(v),
                "tracklinks" => {
                    let Some(s) = string(v) else { continue };
                    let mode = s.value().trim().to_ascii_lowercase();
                    let (html, text) = match mode.as_str() {
                        "htmlandtext" => (true, true),
                        "htmlonly" => (true, false),
                        "textonly" => (false, true),
                        "none" => (false, false),
                        _ => continue,
                    };
                    let span = v.span();
                    self.settings.click_html = Some(Switch { on: html, span });
                    self.settings.click_text = Some(Switch { on: text, span });
                }
                _ => {}
            }
        }
    }

    fn ses(&mut self, root: &JsonValue) {
        self.anchor_at(root, &["content", "message"]);
        for (k, v) in members(root) {
            match norm(k).as_str() {
                "content" => {
                    if let Some((_, simple)) = member(v, "simple") {
                        self.ses_message(simple);
                    }
                    if let Some((_, t)) = member(v, "template")
                        && let Some((dk, data)) = member(t, "templatedata")
                    {
                        self.data(data, Some(dk), Role::Data);
                    }
                }
                "message" => self.ses_message(v),
                "emailtags" | "tags" => self.name_values(v),
                _ => {}
            }
        }
    }

    /// SES `{Subject: {Data}, Body: {Text: {Data}, Html: {Data}}}`.
    fn ses_message(&mut self, message: &JsonValue) {
        let data = |v: &JsonValue| member(v, "data").map(|(_, d)| d.clone());
        if let Some(subject) = member(message, "subject").and_then(|(_, s)| data(s)) {
            self.content(Role::Subject, &subject);
        }
        if let Some((_, body)) = member(message, "body") {
            if let Some(text) = member(body, "text").and_then(|(_, t)| data(t)) {
                self.content(Role::Text, &text);
            }
            if let Some(html) = member(body, "html").and_then(|(_, h)| data(h)) {
                self.content(Role::Html, &html);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Linter;

    fn linter() -> Linter {
        Linter::builder().build().expect("default packs build")
    }

    #[test]
    fn providers_are_recognised_by_shape() {
        let cases = [
            (r#"{"personalizations": []}"#, Some(Provider::SendGrid)),
            (
                r#"{"To": "+15555550123", "Body": "x"}"#,
                Some(Provider::Twilio),
            ),
            (
                r#"{"to": "whatsapp:+15555550123", "body": "x"}"#,
                Some(Provider::WhatsApp),
            ),
            (
                r#"{"to": "a@example.org", "o:tag": "x"}"#,
                Some(Provider::Mailgun),
            ),
            (
                r#"{"From": "a@example.org", "HtmlBody": "x"}"#,
                Some(Provider::Postmark),
            ),
            (r#"{"Content": {"Simple": {}}}"#, Some(Provider::Ses)),
            (r#"{"greeting": "hello"}"#, None),
            (r#"["x"]"#, None),
            ("", None),
        ];
        for (json, want) in cases {
            assert_eq!(Provider::detect(json), want, "{json}");
        }
    }

    #[test]
    fn names_parse() {
        assert_eq!(Provider::from_name("SendGrid"), Some(Provider::SendGrid));
        assert_eq!(Provider::from_name("amazon-ses"), Some(Provider::Ses));
        assert_eq!(Provider::from_name("mailchimp"), None);
    }

    #[test]
    fn keyed_spans_map_into_key_and_value() {
        // {"patientMrn": "123"}: key at 2..12, value at 16..19; unit "patient mrn: 123".
        let map = Map::Keyed {
            key: Span::new(2, 12),
            prefix: 13,
            value: 16,
        };
        assert_eq!(map.span(Span::new(13, 16)), Span::new(16, 19));
        assert_eq!(map.span(Span::new(8, 11)), Span::new(2, 12));
        assert_eq!(map.span(Span::new(0, 16)), Span::new(2, 19));
        assert_eq!(map.span(Span::new(12, 14)), Span::new(2, 17));
    }

    #[test]
    fn malformed_and_odd_inputs_never_panic() {
        let linter = linter();
        for json in [
            "",
            "{",
            "[",
            "null",
            "\"x\"",
            "{\"personalizations\": [1, null, {\"subject\": 5}], \"content\": {}}",
            "{\"Body\": \"\\u00e9\\n\", \"To\": 5, \"ShortenUrls\": \"maybe\"}",
            "{\"o:tag\": {\"a\": [[[\"b\"]]]}, \"to\": \"x\"}",
            "{\"personalizations\":[{\"custom_args\":{\"\":\"\"}}]}",
            &"[".repeat(500),
        ] {
            let report = linter.check_payload(json);
            for f in report.findings() {
                assert!(f.span().end <= json.len(), "{json}");
            }
        }
        assert!(!linter.check_payload("{").issues().is_empty());
    }
}
