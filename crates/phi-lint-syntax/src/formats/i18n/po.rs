//! gettext `.po`: msgctxt / msgid / msgstr messages, both sides emitted.

use memchr::memchr;

use super::{Out, lines};
use crate::Span;
use crate::formats::view::ViewBuilder;

/// A C-style escape in a PO string (a backslash at the start of `s`).
fn po_escape(s: &[u8]) -> Option<(char, usize)> {
    let ch = match s.get(1)? {
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'"' => '"',
        b'\\' => '\\',
        b'a' => '\x07',
        b'b' => '\x08',
        b'f' => '\x0c',
        b'v' => '\x0b',
        _ => return None,
    };
    Some((ch, 2))
}

/// One keyword of a PO message with the content spans of its strings.
struct PoField<'a> {
    keyword: &'a str,
    parts: Vec<Span>,
}

impl PoField<'_> {
    fn value(&self, src: &str) -> String {
        let mut value = String::new();
        for part in &self.parts {
            let s = part.slice(src);
            let b = s.as_bytes();
            let (mut i, mut run) = (0, 0);
            while let Some(off) = memchr(b'\\', &b[i..]) {
                i += off;
                if let Some((ch, raw)) = po_escape(&b[i..]) {
                    value.push_str(&s[run..i]);
                    value.push(ch);
                    i += raw;
                    run = i;
                } else {
                    i += 1;
                }
            }
            value.push_str(&s[run..]);
        }
        value
    }
}

/// Reads the quoted string at `q` (a `"`) on the line ending at `end`: its content span.
fn po_string(b: &[u8], q: usize, end: usize, out: &mut Out) -> Span {
    let mut i = q + 1;
    while i < end {
        match b[i] {
            b'"' => return Span::new(q + 1, i),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
    out.issue(q, "unterminated string");
    Span::new(q + 1, end)
}

pub(super) fn extract_po(src: &str, out: &mut Out) {
    let b = src.as_bytes();
    let mut msg: Vec<PoField<'_>> = Vec::new();
    // False after a line that could not be read, so its continuation strings are not
    // appended to the previous keyword.
    let mut open = false;
    for (start, end) in lines(src) {
        let mut p = start;
        while p < end && matches!(b[p], b' ' | b'\t') {
            p += 1;
        }
        match b.get(p) {
            _ if p == end => {
                flush_po(src, &mut msg, out);
                continue;
            }
            Some(b'#') => continue,
            Some(b'"') => {
                let part = po_string(b, p, end, out);
                match msg.last_mut() {
                    Some(field) if open => field.parts.push(part),
                    _ => out.issue(p, "string without a keyword"),
                }
                continue;
            }
            _ => {}
        }
        let kw_end = (p..end)
            .find(|&i| !(b[i].is_ascii_alphanumeric() || b"_[]".contains(&b[i])))
            .unwrap_or(end);
        let keyword = &src[p..kw_end];
        let known = matches!(keyword, "msgctxt" | "msgid" | "msgid_plural" | "msgstr")
            || keyword
                .strip_prefix("msgstr[")
                .is_some_and(|n| n.ends_with(']'));
        if !known {
            out.issue(p, "unknown keyword");
            open = false;
            continue;
        }
        let mut q = kw_end;
        while q < end && matches!(b[q], b' ' | b'\t') {
            q += 1;
        }
        if b.get(q) != Some(&b'"') || q >= end {
            out.issue(p, "keyword without a string");
            open = false;
            continue;
        }
        // A msgctxt or msgid after a complete message starts the next one.
        let starts_message = match keyword {
            "msgctxt" => !msg.is_empty(),
            "msgid" => msg.iter().any(|f| f.keyword != "msgctxt"),
            _ => false,
        };
        if starts_message {
            flush_po(src, &mut msg, out);
        }
        let part = po_string(b, q, end, out);
        msg.push(PoField {
            keyword,
            parts: vec![part],
        });
        open = true;
    }
    flush_po(src, &mut msg, out);
}

fn flush_po(src: &str, msg: &mut Vec<PoField<'_>>, out: &mut Out) {
    let fields = std::mem::take(msg);
    let field = |kw: &str| {
        fields
            .iter()
            .find(|f| f.keyword == kw)
            .map(|f| f.value(src))
    };
    let ctxt = field("msgctxt");
    let msgid = field("msgid").unwrap_or_default();
    if ctxt.is_none() && msgid.is_empty() {
        return; // the header (or an empty message)
    }
    // A readable key: the context if any, else the source text, on one line and shortened.
    let base = ctxt.unwrap_or(msgid);
    let mut key: String = base
        .chars()
        .take(60)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if base.chars().nth(60).is_some() {
        key.push('…');
    }
    let b = src.as_bytes();
    for f in fields.iter().filter(|f| f.keyword != "msgctxt") {
        // `msgstr ""` opening a multi-line string adds nothing: start at the first content.
        let parts = match f.parts.iter().position(|p| !p.is_empty()) {
            Some(first) => {
                &f.parts[first..=f.parts.iter().rposition(|p| !p.is_empty()).unwrap_or(first)]
            }
            None => &f.parts[..f.parts.len().min(1)],
        };
        let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
            continue;
        };
        let mut view = ViewBuilder::new(src, first.start);
        let mut prev_end = first.start;
        for part in parts {
            view.blank(prev_end, part.start);
            let mut i = part.start;
            while let Some(off) = b.get(i..part.end).and_then(|s| memchr(b'\\', s)) {
                i += off;
                if let Some((ch, raw)) = po_escape(&b[i..part.end]) {
                    view.decode(i, i + raw, ch);
                    i += raw;
                } else {
                    i += 1;
                }
            }
            prev_end = part.end;
        }
        out.entry(
            format!("{key}#{}", f.keyword),
            Span::new(first.start, last.end),
            view.finish(last.end),
        );
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::I18nFormat;
    use super::super::tests::{check, get};

    pub(crate) const PO: &str = r#"# Translator comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#: app/reminders.py:12
msgctxt "appointment.reminder"
msgid "Your visit is on %s"
msgstr "Votre visite est le %s"

msgid ""
"Hi %(name)s,\n"
"your results are \"ready\"."
msgstr ""
"Bonjour %(name)s,\n"
"vos résultats sont prêts."

msgid "One visit"
msgid_plural "%d visits"
msgstr[0] "Une visite"
msgstr[1] "%d visites"
"#;

    #[test]
    fn po_entries() {
        let (entries, issues) = check(PO, I18nFormat::Po);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(entries.len(), 8);
        assert_eq!(
            get(&entries, "appointment.reminder#msgid").view,
            "Your visit is on %s"
        );
        assert_eq!(
            get(&entries, "appointment.reminder#msgstr").view,
            "Votre visite est le %s"
        );
        let multi = get(&entries, "Hi %(name)s, your results are \"ready\".#msgstr");
        assert_eq!(
            multi.view,
            "Bonjour %(name)s,\n    vos résultats sont prêts."
        );
        assert_eq!(
            multi.span.slice(PO),
            "Bonjour %(name)s,\\n\"\n\"vos résultats sont prêts."
        );
        let id = get(&entries, "Hi %(name)s, your results are \"ready\".#msgid");
        assert_eq!(id.view, "Hi %(name)s,\n    your results are \" ready\" .");
        assert_eq!(get(&entries, "One visit#msgid_plural").view, "%d visits");
        assert_eq!(get(&entries, "One visit#msgstr[1]").view, "%d visites");
    }

    #[test]
    fn po_long_keys_and_malformed() {
        let long = "x".repeat(80);
        let src = format!(
            "msgid \"{long}\"\nmsgstr \"y\"\nbogus \"z\"\n\"orphan\"\nmsgid \"open\nmsgstr\n"
        );
        let (entries, issues) = check(&src, I18nFormat::Po);
        assert_eq!(issues.len(), 4, "{issues:?}");
        let key = format!("{}…#msgstr", "x".repeat(60));
        assert_eq!(get(&entries, &key).view, "y");
        assert_eq!(get(&entries, "open#msgid").view, "open");
    }
}
