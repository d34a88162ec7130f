//! Checks of a whole SMS: opt-out instructions (`sms-opt-out`) and sender identification
//! (`sms-sender-id`). Both judge the message, not a span of it, so they run only for whole
//! messages (not [fragments](crate::Message::fragment)) and report the whole trimmed text.
//! Their vocabularies are the `terms`, `keywords` and `exceptions` of the rules that name them.

use phi_lint_syntax::{
    Dialect, Span,
    template::{Node, Template},
};

use crate::compiled::Compiled;
use crate::engine::split_name;
use crate::finding::{Finding, Location, Report};
use crate::message::{Message, Origin, Part};
use crate::rules::Rule;
use crate::types::Channel;

/// Words that join the words of an organisation's name.
const CONNECTORS: &[&str] = &[
    "of", "the", "and", "&", "at", "for", "from", "de", "la", "on",
];

/// The longest organisation name, in words.
const MAX_NAME_WORDS: usize = 6;

impl Compiled {
    /// Adds the whole-SMS findings of `message` (its SMS content parts) to `report`.
    pub(crate) fn check_whole_sms(&self, message: &Message<'_>, report: &mut Report) {
        let parts: Vec<(usize, Part<'_>)> = message
            .parts()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.channel == Channel::Sms && p.origin == Origin::Content)
            .map(|(i, p)| (i, *p))
            .collect();
        let found = self.whole_sms(&parts);
        if !found.is_empty() {
            report.findings.extend(found);
            report
                .findings
                .sort_by_key(|f| (f.part, f.span.start, f.span.end));
        }
    }

    /// Whole-SMS findings over the SMS parts of one message (`(part index, part)`), reported
    /// on the first non-empty part.
    pub(crate) fn whole_sms(&self, parts: &[(usize, Part<'_>)]) -> Vec<Finding> {
        let parts: Vec<&(usize, Part<'_>)> = parts
            .iter()
            .filter(|(_, p)| !p.text.trim().is_empty())
            .collect();
        let (Some(&&(first, part)), Some(&&(_, last))) = (parts.first(), parts.last()) else {
            return Vec::new();
        };
        let trimmed = {
            let start = part.text.len() - part.text.trim_start().len();
            Span::new(start, part.text.trim_end().len())
        };
        let mut found = Vec::new();
        let mut report = |detector: &str, ok: &dyn Fn(&Rule) -> bool| {
            let Some(&index) = self.detectors.get(detector) else {
                return;
            };
            let rule = &self.rules[index as usize];
            let Some(severity) = rule.meta.severity_on(Channel::Sms) else {
                return;
            };
            if !ok(rule) {
                found.push(self.structural_finding(
                    index,
                    severity,
                    first,
                    part.text,
                    trimmed,
                    Location::Text,
                ));
            }
        };
        report("sms-opt-out", &|rule| {
            parts.iter().any(|(_, p)| has_opt_out(rule, p))
        });
        report("sms-sender-id", &|rule| {
            names_sender(rule, &part) || signed(rule, last.text)
        });
        found
    }
}

/// The words of `text`, lower case, separated and surrounded by single spaces.
fn plain_words(text: &str) -> String {
    let mut out = String::from(" ");
    for word in text
        .split(|c: char| !c.is_alphanumeric() && c != '&')
        .filter(|w| !w.is_empty())
    {
        out.push_str(&crate::normalize::fold(word));
        out.push(' ');
    }
    out
}

fn contains_term(words: &str, terms: &[crate::rules::Term]) -> bool {
    terms.iter().any(|t| words.contains(&plain_words(t)))
}

/// Template variables and tags of `part` (for a template), as words.
fn tag_words(part: &Part<'_>) -> Vec<(Span, String)> {
    if part.syntax == Dialect::Plain {
        return Vec::new();
    }
    Template::scan(part.text, part.syntax)
        .nodes
        .iter()
        .filter_map(|node| match node {
            Node::Var(v) => Some(v.span),
            Node::Tag(t) => Some(t.span),
            _ => None,
        })
        .map(|span| (span, format!(" {} ", split_name(span.slice(part.text)))))
        .collect()
}

/// The part carries an opt-out instruction, is exempt (a STOP confirmation), or includes a
/// variable or partial named like one.
fn has_opt_out(rule: &Rule, part: &Part<'_>) -> bool {
    if rule
        .exceptions
        .iter()
        .filter_map(crate::rules::Pattern::get_raw)
        .any(|re| re.is_match(part.text.as_bytes()))
    {
        return true;
    }
    contains_term(&plain_words(part.text), &rule.terms)
        || tag_words(part)
            .iter()
            .any(|(_, words)| contains_term(words, &rule.keywords))
}

/// The message starts by naming its sender.
fn names_sender(rule: &Rule, part: &Part<'_>) -> bool {
    let text = part.text.trim_start();
    let lead = part.text.len() - text.len();
    let sender_var = tag_words(part)
        .iter()
        .any(|(span, words)| span.start <= lead + 1 && contains_term(words, &rule.keywords));
    if sender_var {
        return true;
    }
    if let Some(rest) = text.strip_prefix('[')
        && let Some(end) = rest.find(']')
        && is_name(rule, &rest[..end])
    {
        return true;
    }
    let head: String = text.chars().take(100).collect();
    let cut = [": ", ":\n", ":\r", " - ", " \u{2014} ", " \u{2013} ", "|"]
        .iter()
        .filter_map(|sep| head.find(sep))
        .chain(head.ends_with(':').then(|| head.len() - 1))
        .min();
    if cut.is_some_and(|cut| is_name(rule, &head[..cut])) {
        return true;
    }
    // "Reminder from Riverside Health: …", "… unsubscribed from Riverside Health texts."
    let sentence = head.split(['.', '!', '?', ':']).next().unwrap_or("");
    let lower = sentence.to_ascii_lowercase();
    lower.match_indices("from ").any(|(at, _)| {
        let name: Vec<&str> = sentence[at + 5..]
            .split_whitespace()
            .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
            .collect();
        is_name(rule, &name.join(" "))
    })
}

/// The message ends with a signature: `… - Riverside Health`.
fn signed(rule: &Rule, text: &str) -> bool {
    let text = text.trim_end().trim_end_matches(['.', '!']);
    let tail_start = text.char_indices().rev().nth(60).map_or(0, |(i, _)| i);
    let tail = &text[tail_start..];
    let cut = ["- ", "\u{2014}", "\u{2013}", "~", "\n"]
        .iter()
        .filter_map(|sep| tail.rfind(sep).map(|i| i + sep.len()))
        .max();
    cut.is_some_and(|cut| is_name(rule, &tail[cut..]))
}

/// True when `text` reads as an organisation's name: 1–6 words in Title Case (connectors and
/// organisation nouns such as "office" may be lower case), not only generic words.
fn is_name(rule: &Rule, text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > MAX_NAME_WORDS {
        return false;
    }
    let lower = |w: &str| w.to_lowercase();
    let generic = |w: &str| rule.terms.iter().any(|t| *t == lower(w));
    let org_noun = |w: &str| rule.keywords.iter().any(|k| *k == lower(w));
    let mut distinctive = false;
    for w in &words {
        let first = w.chars().next().unwrap_or(' ');
        let connector = CONNECTORS.contains(&lower(w).as_str());
        let capital = first.is_uppercase() || first.is_ascii_digit();
        if !(capital || connector || org_noun(w)) {
            return false;
        }
        if first.is_uppercase() && !generic(w) && !connector {
            distinctive = true;
        }
    }
    distinctive
}

#[cfg(test)]
mod tests {
    use crate::{Linter, Message, Severity};

    fn codes(text: &str) -> Vec<String> {
        let linter = Linter::builder()
            .extend_select(["CMP002", "CMP003"])
            .build()
            .expect("default packs build");
        linter
            .check(&Message::sms(text))
            .findings()
            .iter()
            .filter(|f| f.code().starts_with("CMP00") && f.code() != "CMP004")
            .map(|f| f.code().to_owned())
            .collect()
    }

    #[test]
    fn opt_out_and_sender_are_recognised() {
        for ok in [
            "Riverside Health: your appt is tomorrow at 2pm. Reply STOP to opt out.",
            "[Riverside Health] Appt Tue 5/3 2pm. Txt STOP to end, HELP for help.",
            "Reminder from Riverside Health: visit confirmed. Reply \"STOP\" to unsubscribe.",
            "Dr. Lee's office: see you Tue. STOP to cancel.",
            "Your visit is confirmed. Text STOP to quit.\n- Riverside Health",
            "You have been unsubscribed from Riverside Health texts. No more messages will be sent.",
        ] {
            assert!(codes(ok).is_empty(), "{ok}: {:?}", codes(ok));
        }
        assert_eq!(
            codes("Reminder: appt Tue 5/3 at 2:15pm."),
            ["CMP002", "CMP003"]
        );
        assert_eq!(
            codes("Appointment Reminder: Tue 5/3. Reply STOP to opt out."),
            ["CMP003"]
        );
        assert_eq!(codes("Riverside Health: see you Tue."), ["CMP002"]);
        assert_eq!(
            codes("Hi Maria, your appt is at 2:15. Reply C to confirm."),
            ["CMP002", "CMP003"]
        );
    }

    #[test]
    fn templates_may_supply_sender_and_opt_out() {
        let linter = Linter::builder()
            .extend_select(["CMP002", "CMP003"])
            .build()
            .expect("default packs build");
        let message = Message::template(
            crate::Channel::Sms,
            crate::Dialect::Handlebars,
            "{{clinic_name}}: your appt is {{date}}. {{opt_out_text}}",
        );
        let report = linter.check(&message);
        assert!(
            !report
                .findings()
                .iter()
                .any(|f| f.code().starts_with("CMP")),
            "{:?}",
            report.findings()
        );
    }

    #[test]
    fn fragments_and_email_are_not_judged_as_whole_sms() {
        let linter = Linter::builder()
            .extend_select(["CMP002", "CMP003"])
            .build()
            .expect("default packs build");
        let fragment = Message::sms("your appt is tomorrow").fragment();
        assert!(linter.check(&fragment).is_clean());
        let email = Message::new().text("Your appt is tomorrow");
        assert!(linter.check(&email).is_clean());
        let report = linter.check(&Message::sms("Your appt is tomorrow."));
        assert!(
            report
                .findings()
                .iter()
                .all(|f| f.severity() == Severity::Info)
        );
        assert_eq!(report.findings()[0].span().range(), 0..22);
    }
}
