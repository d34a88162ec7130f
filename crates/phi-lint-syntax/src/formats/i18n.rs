//! i18n resource files whose strings are message bodies: Rails YAML, i18next JSON, Java
//! `.properties`, Android `strings.xml` and gettext `.po`. Each string comes out with its key path
//! and a length-preserving view, so findings point into the file.
//!
//! All five readers are hand-written and lenient. The YAML one in particular is a Rails-style
//! subset: the YAML crates either give no byte spans for scalars or give them for the decoded
//! event stream only (not the content of quoted or block scalars), and they reject whole files
//! over one bad line, whereas a linter must keep reading and point into the file.

use memchr::{memchr, memmem};

use super::json::JsonValue;
use super::view::{ViewBuilder, hex_n};
use crate::{Span, SyntaxIssue};

/// An i18n file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum I18nFormat {
    /// Rails-style nested YAML (`en: appointments: reminder: "…"`).
    Yaml,
    /// i18next / nested JSON.
    Json,
    /// Java `.properties`.
    Properties,
    /// Android `res/values/strings.xml`.
    AndroidXml,
    /// gettext `.po`.
    Po,
}

/// One translatable string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key path, segments joined with `.` (`en.appointments.reminder_sms`).
    pub key: String,
    /// The raw value in the file (quotes excluded).
    pub span: Span,
    /// A length-preserving decoded view of the value (`view.len() == span.len()`): escapes
    /// decoded and padded with spaces, continuation lines and indentation kept as whitespace.
    pub view: String,
}

/// Extracts every string of `src` in `format`. Malformed input yields issues and whatever
/// entries could still be read; never panics.
///
/// Keys per format:
/// - YAML: mapping keys joined with `.`, sequence items as `[i]` (`en.days[0]`). Every scalar
///   is reported, `true` and `42` included: the reader does not type scalars.
/// - JSON: the same; i18next plural suffixes (`_one`, `_other`) are ordinary keys.
/// - Properties: the (unescaped) key.
/// - Android: `name`, `name.quantity` for `<plurals>`, `name[i]` for `<string-array>`.
/// - Po: the msgctxt if present, else the msgid (control characters as spaces, at most 60
///   characters), then `#msgid`, `#msgid_plural`, `#msgstr` or `#msgstr[n]`: the source text
///   is message text too, so both sides are emitted. The header entry is skipped.
pub fn extract(src: &str, format: I18nFormat) -> (Vec<Entry>, Vec<SyntaxIssue>) {
    let mut out = Out::default();
    match format {
        I18nFormat::Yaml => Yaml::new(src, &mut out).run(),
        I18nFormat::Json => extract_json(src, &mut out),
        I18nFormat::Properties => extract_properties(src, &mut out),
        I18nFormat::AndroidXml => extract_android(src, &mut out),
        I18nFormat::Po => extract_po(src, &mut out),
    }
    // Issues are recorded at a byte position: cover the whole character there.
    for issue in &mut out.issues {
        issue.span = issue.span.snap(src);
    }
    (out.entries, out.issues)
}

#[derive(Default)]
struct Out {
    entries: Vec<Entry>,
    issues: Vec<SyntaxIssue>,
}

impl Out {
    fn entry(&mut self, key: String, span: Span, view: String) {
        debug_assert_eq!(view.len(), span.len(), "views are length-preserving");
        self.entries.push(Entry { key, span, view });
    }

    fn issue(&mut self, at: usize, message: &str) {
        self.issues
            .push(SyntaxIssue::new(Span::new(at, at + 1), message));
    }
}

/// `(start, end)` of every line, without its `\n` / `\r\n` terminator.
fn lines(src: &str) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', b) {
        let end = if nl > start && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        out.push((start, end));
        start = nl + 1;
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    out
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

// ---------------------------------------------------------------------------------------------
// i18next JSON

fn extract_json(src: &str, out: &mut Out) {
    let (root, err) = JsonValue::parse_partial(src);
    out.issues.extend(err);
    walk_json(&root, &mut String::new(), out);
}

fn walk_json(value: &JsonValue, path: &mut String, out: &mut Out) {
    let len = path.len();
    match value {
        JsonValue::String(s) => out.entry(path.clone(), s.span, s.view.clone()),
        JsonValue::Object(members, _) => {
            for (key, value) in members {
                push_key(path, &key.value());
                walk_json(value, path, out);
                path.truncate(len);
            }
        }
        JsonValue::Array(items, _) => {
            for (i, value) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                walk_json(value, path, out);
                path.truncate(len);
            }
        }
        JsonValue::Null(_) | JsonValue::Bool(..) | JsonValue::Number(_) => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Java .properties

fn is_prop_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\x0c')
}

/// If `pos` is a line continuation (a backslash ending the line), the offset after the line
/// break and the next line's leading whitespace.
fn prop_continuation(b: &[u8], pos: usize) -> Option<usize> {
    let mut p = match b.get(pos + 1..) {
        Some([b'\r', b'\n', ..]) => pos + 3,
        Some([b'\n' | b'\r', ..]) => pos + 2,
        _ => return None,
    };
    while b.get(p).copied().is_some_and(is_prop_ws) {
        p += 1;
    }
    Some(p)
}

/// Decodes the escape at `pos` (a backslash, not a continuation): the character and raw length.
fn prop_escape(src: &str, pos: usize) -> Option<(char, usize)> {
    let rest = src.get(pos + 1..)?;
    let next = rest.chars().next()?;
    let ch = match next {
        't' => '\t',
        'n' => '\n',
        'r' => '\r',
        'f' => '\x0c',
        'u' => return Some((char::from_u32(hex_n(rest.get(1..)?.as_bytes(), 4)?)?, 6)),
        other => other,
    };
    Some((ch, 1 + next.len_utf8()))
}

fn skip_eol(b: &[u8], pos: usize) -> usize {
    match b.get(pos..) {
        Some([b'\r', b'\n', ..]) => pos + 2,
        Some([b'\r' | b'\n', ..]) => pos + 1,
        _ => pos,
    }
}

fn extract_properties(src: &str, out: &mut Out) {
    let b = src.as_bytes();
    let mut pos = 0;
    while pos < b.len() {
        while b.get(pos).copied().is_some_and(is_prop_ws) {
            pos += 1;
        }
        match b.get(pos) {
            None => break,
            Some(b'\r' | b'\n') => {
                pos = skip_eol(b, pos);
                continue;
            }
            Some(b'#' | b'!') => {
                pos = memchr(b'\n', &b[pos..]).map_or(b.len(), |nl| pos + nl + 1);
                continue;
            }
            Some(_) => {}
        }

        // Key: up to an unescaped separator or whitespace.
        let mut key = String::new();
        let mut run = pos;
        loop {
            match b.get(pos) {
                None | Some(b'\n' | b'\r' | b'=' | b':' | b' ' | b'\t' | b'\x0c') => break,
                Some(b'\\') => {
                    key.push_str(&src[run..pos]);
                    if let Some(next) = prop_continuation(b, pos) {
                        pos = next;
                    } else if let Some((ch, raw)) = prop_escape(src, pos) {
                        key.push(ch);
                        pos += raw;
                    } else {
                        out.issue(pos, "malformed escape in key");
                        pos += 1;
                    }
                    run = pos;
                }
                Some(_) => pos += 1,
            }
        }
        key.push_str(&src[run..pos]);

        // Separator: whitespace, then at most one `=` or `:`, then whitespace.
        let skip_ws = |mut p: usize| loop {
            if b.get(p).copied().is_some_and(is_prop_ws) {
                p += 1;
            } else if b.get(p) == Some(&b'\\')
                && let Some(next) = prop_continuation(b, p)
            {
                p = next;
            } else {
                return p;
            }
        };
        pos = skip_ws(pos);
        if matches!(b.get(pos), Some(b'=' | b':')) {
            pos = skip_ws(pos + 1);
        }

        // Value: to the end of the logical line.
        let start = pos;
        let mut view = ViewBuilder::new(src, start);
        loop {
            match b.get(pos) {
                None | Some(b'\n' | b'\r') => break,
                Some(b'\\') => {
                    if let Some(next) = prop_continuation(b, pos) {
                        view.blank(pos, next);
                        pos = next;
                    } else if let Some((ch, raw)) = prop_escape(src, pos) {
                        view.decode(pos, pos + raw, ch);
                        pos += raw;
                    } else {
                        if b.get(pos + 1) == Some(&b'u') {
                            out.issue(pos, "malformed unicode escape");
                        }
                        pos += 1;
                    }
                }
                Some(_) => pos += 1,
            }
        }
        out.entry(key, Span::new(start, pos), view.finish(pos));
        pos = skip_eol(b, pos);
    }
}

// ---------------------------------------------------------------------------------------------
// Android strings.xml

/// A start tag: its name, attributes (name, raw value span) and the offset after `>`.
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, Span)>,
    end: usize,
    self_closing: bool,
}

impl Tag<'_> {
    fn attr<'s>(&self, src: &'s str, name: &str) -> Option<&'s str> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.slice(src))
    }
}

fn is_xml_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Parses the start tag at `lt` (a `<`); `None` when it is not closed.
fn start_tag(src: &str, lt: usize) -> Option<Tag<'_>> {
    let b = src.as_bytes();
    let name_end = (lt + 1..b.len())
        .find(|&i| is_xml_ws(b[i]) || b[i] == b'>' || b[i] == b'/')
        .unwrap_or(b.len());
    let name = &src[lt + 1..name_end];
    let mut attrs = Vec::new();
    let mut p = name_end;
    loop {
        while b.get(p).copied().is_some_and(is_xml_ws) {
            p += 1;
        }
        match b.get(p)? {
            b'>' => {
                return Some(Tag {
                    name,
                    attrs,
                    end: p + 1,
                    self_closing: false,
                });
            }
            b'/' if b.get(p + 1) == Some(&b'>') => {
                return Some(Tag {
                    name,
                    attrs,
                    end: p + 2,
                    self_closing: true,
                });
            }
            b'/' => p += 1,
            _ => {
                let an = p;
                while b
                    .get(p)
                    .is_some_and(|&c| !is_xml_ws(c) && !b"=>/".contains(&c))
                {
                    p += 1;
                }
                let attr_name = &src[an..p];
                while b.get(p).copied().is_some_and(is_xml_ws) {
                    p += 1;
                }
                if b.get(p) != Some(&b'=') {
                    continue;
                }
                p += 1;
                while b.get(p).copied().is_some_and(is_xml_ws) {
                    p += 1;
                }
                let value = match b.get(p)? {
                    &q @ (b'"' | b'\'') => {
                        let close = p + 1 + memchr(q, &b[p + 1..])?;
                        let span = Span::new(p + 1, close);
                        p = close + 1;
                        span
                    }
                    _ => {
                        let vs = p;
                        while b.get(p).is_some_and(|&c| !is_xml_ws(c) && c != b'>') {
                            p += 1;
                        }
                        Span::new(vs, p)
                    }
                };
                attrs.push((attr_name, value));
            }
        }
    }
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memmem::find(b.get(from..)?, needle).map(|i| from + i)
}

/// True when `b[at..]` opens a tag named `name` (`<name>`, `<name `, `</name`…).
fn is_tag(b: &[u8], at: usize, name: &str) -> bool {
    b.get(at..at + name.len()) == Some(name.as_bytes())
        && b.get(at + name.len())
            .is_none_or(|&c| is_xml_ws(c) || c == b'>' || c == b'/')
}

/// The end of the content of element `name` starting at `from`: the offset of its end tag and
/// the offset after it. `None` when the element is not closed before the next element of the
/// same name (Android strings do not nest) or the end of the resources.
fn content_end(b: &[u8], from: usize, name: &str) -> Option<(usize, usize)> {
    let mut p = from;
    loop {
        let lt = p + memchr(b'<', b.get(p..)?)?;
        if b[lt..].starts_with(b"<![CDATA[") {
            p = find(b, lt, b"]]>")? + 3;
        } else if b[lt..].starts_with(b"<!--") {
            p = find(b, lt, b"-->")? + 3;
        } else if b.get(lt + 1) == Some(&b'/') && is_tag(b, lt + 2, name) {
            return Some((lt, memchr(b'>', &b[lt..]).map_or(b.len(), |gt| lt + gt + 1)));
        } else if is_tag(b, lt + 1, name) || is_tag(b, lt + 2, "resources") {
            return None;
        } else {
            p = lt + 1;
        }
    }
}

/// An XML character or entity reference at the start of `s` (`&amp;`, `&#233;`, `&#xE9;`).
fn xml_entity(s: &[u8]) -> Option<(char, usize)> {
    let semi = memchr(b';', &s[..s.len().min(12)])?;
    let name = &s[1..semi];
    let ch = match name {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"quot" => '"',
        b"apos" => '\'',
        [b'#', b'x' | b'X', hex @ ..] => char::from_u32(hex_n(hex, hex.len())?)?,
        [b'#', dec @ ..] if !dec.is_empty() && dec.iter().all(u8::is_ascii_digit) => {
            char::from_u32(std::str::from_utf8(dec).ok()?.parse().ok()?)?
        }
        _ => return None,
    };
    Some((ch, semi + 1))
}

/// An Android resource escape at the start of `s` (a backslash).
fn android_escape(s: &[u8]) -> Option<(char, usize)> {
    let ch = match s.get(1)? {
        b'\'' => '\'',
        b'"' => '"',
        b'\\' => '\\',
        b'@' => '@',
        b'?' => '?',
        b'n' => '\n',
        b't' => '\t',
        b'u' => return Some((char::from_u32(hex_n(s.get(2..)?, 4)?)?, 6)),
        _ => return None,
    };
    Some((ch, 2))
}

/// The view of element content `start..end`: entities and escapes decoded, CDATA markers and
/// comments blanked, inline markup (`<b>`, `<xliff:g>`) kept as written.
fn android_view(src: &str, start: usize, end: usize) -> String {
    let b = &src.as_bytes()[..end];
    let mut view = ViewBuilder::new(src, start);
    let mut in_cdata = false;
    let mut p = start;
    while p < end {
        let rest = &b[p..];
        if in_cdata && rest.starts_with(b"]]>") {
            view.blank(p, p + 3);
            in_cdata = false;
            p += 3;
        } else if !in_cdata && rest.starts_with(b"<![CDATA[") {
            view.blank(p, p + 9);
            in_cdata = true;
            p += 9;
        } else if !in_cdata && rest.starts_with(b"<!--") {
            let close = find(b, p, b"-->").map_or(end, |c| c + 3);
            view.blank(p, close);
            p = close;
        } else if let Some((ch, raw)) = match rest[0] {
            b'&' if !in_cdata => xml_entity(rest),
            b'\\' => android_escape(rest),
            _ => None,
        } {
            view.decode(p, p + raw, ch);
            p += raw;
        } else {
            p += 1;
        }
    }
    view.finish(end)
}

fn extract_android(src: &str, out: &mut Out) {
    enum Group {
        None,
        Plurals(String),
        Array(String, usize),
    }
    const UNNAMED: &str = "(unnamed)";
    let b = src.as_bytes();
    let mut group = Group::None;
    let mut pos = 0;
    while let Some(off) = b.get(pos..).and_then(|rest| memchr(b'<', rest)) {
        let lt = pos + off;
        let rest = &b[lt..];
        let closer: Option<(&[u8], &str)> = if rest.starts_with(b"<!--") {
            Some((b"-->", "unclosed comment"))
        } else if rest.starts_with(b"<![CDATA[") {
            Some((b"]]>", "unclosed CDATA section"))
        } else if rest.starts_with(b"<?") {
            Some((b"?>", "unclosed processing instruction"))
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") {
            if is_tag(b, lt + 2, "plurals") || is_tag(b, lt + 2, "string-array") {
                group = Group::None;
            }
            Some((b">", "unclosed tag"))
        } else {
            None
        };
        if let Some((close, what)) = closer {
            match find(b, lt, close) {
                Some(c) => {
                    pos = c + close.len();
                    continue;
                }
                None => {
                    // Nothing after an unclosed comment or tag can be read reliably.
                    out.issue(lt, what);
                    break;
                }
            }
        }
        // A start tag.
        let Some(tag) = start_tag(src, lt) else {
            out.issue(lt, "unclosed tag");
            break;
        };
        pos = tag.end;
        let name = tag.attr(src, "name").unwrap_or(UNNAMED).to_owned();
        let key = match tag.name {
            _ if tag.self_closing => continue,
            "string" => name,
            "plurals" => {
                group = Group::Plurals(name);
                continue;
            }
            "string-array" => {
                group = Group::Array(name, 0);
                continue;
            }
            "item" => match &mut group {
                Group::Plurals(k) => {
                    format!("{k}.{}", tag.attr(src, "quantity").unwrap_or(UNNAMED))
                }
                Group::Array(k, i) => {
                    *i += 1;
                    format!("{k}[{}]", *i - 1)
                }
                Group::None => continue,
            },
            _ => continue,
        };
        match content_end(b, pos, tag.name) {
            Some((end, after)) => {
                out.entry(key, Span::new(pos, end), android_view(src, pos, end));
                pos = after;
            }
            None => out.issue(lt, "element is not closed"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// gettext .po

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

fn extract_po(src: &str, out: &mut Out) {
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

// ---------------------------------------------------------------------------------------------
// Rails-style YAML

/// Deeper `- - -` nesting on one line is reported and skipped.
const MAX_YAML_INLINE_DEPTH: usize = 32;

#[derive(PartialEq, Eq)]
enum FrameKind {
    /// A mapping key whose value is nested below it.
    Key,
    /// A sequence whose items sit at `indent`; `next` is the next item's index.
    Seq { next: usize },
    /// The current sequence item (`[i]`).
    Item,
}

/// One level of the key path, with the column that opened it.
struct Frame {
    indent: usize,
    seg: String,
    kind: FrameKind,
}

/// A line-oriented reader of the YAML subset Rails locale files use: block mappings and
/// sequences by indentation, plain / quoted / block scalars, comments and document markers.
/// Tags and anchors are skipped (the value under an anchor is read normally); aliases and flow
/// collections are reported and skipped.
struct Yaml<'a> {
    src: &'a str,
    b: &'a [u8],
    lines: Vec<(usize, usize)>,
    out: &'a mut Out,
    stack: Vec<Frame>,
    /// Lines before this offset have had their tab indentation reported (lines are looked
    /// at more than once).
    tabs_reported: usize,
}

impl<'a> Yaml<'a> {
    fn new(src: &'a str, out: &'a mut Out) -> Self {
        Yaml {
            src,
            b: src.as_bytes(),
            lines: lines(src),
            out,
            stack: Vec::new(),
            tabs_reported: 0,
        }
    }

    /// Indentation width of line `li` and the offset of its first other byte.
    fn indent(&mut self, li: usize) -> (usize, usize) {
        let (start, end) = self.lines[li];
        let mut p = start;
        while p < end && matches!(self.b[p], b' ' | b'\t') {
            p += 1;
        }
        if start >= self.tabs_reported && self.b[start..p].contains(&b'\t') {
            self.out.issue(start, "tab in indentation");
            self.tabs_reported = start + 1;
        }
        (p - start, p)
    }

    fn run(mut self) {
        let mut li = 0;
        while li < self.lines.len() {
            let (_, end) = self.lines[li];
            let (indent, cs) = self.indent(li);
            let content = &self.b[cs..end];
            if content.is_empty() || content[0] == b'#' {
                li += 1;
            } else if indent == 0 && (is_marker(content, b"---") || is_marker(content, b"...")) {
                self.stack.clear();
                li += 1;
            } else if indent == 0 && content[0] == b'%' {
                li += 1; // a directive
            } else {
                li = self.node(li, indent, cs, None, 0);
            }
        }
    }

    /// The key path of the current frames, plus `key`.
    fn path(&self, key: Option<&str>) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            match frame.kind {
                FrameKind::Key => push_key(&mut path, &frame.seg),
                FrameKind::Item => path.push_str(&frame.seg),
                FrameKind::Seq { .. } => {}
            }
        }
        if let Some(key) = key {
            push_key(&mut path, key);
        }
        path
    }

    /// Reads the node starting at `cs` (column `col`) of line `li`; `item` is the column of the
    /// `- ` this node follows on the same line. Returns the next line to read.
    fn node(
        &mut self,
        li: usize,
        col: usize,
        cs: usize,
        item: Option<usize>,
        depth: usize,
    ) -> usize {
        let end = self.lines[li].1;
        let b = self.b;
        if depth > MAX_YAML_INLINE_DEPTH {
            self.out.issue(cs, "sequence nested too deeply on one line");
            return li + 1;
        }
        if b[cs] == b'-' && (cs + 1 == end || matches!(b[cs + 1], b' ' | b'\t')) {
            // A sequence item at `col`: close deeper levels and the previous item.
            while self
                .stack
                .last()
                .is_some_and(|f| f.indent > col || (f.indent == col && f.kind == FrameKind::Item))
            {
                self.stack.pop();
            }
            let index = match self.stack.last_mut() {
                Some(Frame {
                    indent,
                    kind: FrameKind::Seq { next },
                    ..
                }) if *indent == col => {
                    *next += 1;
                    *next - 1
                }
                _ => {
                    let seq = Frame {
                        indent: col,
                        seg: String::new(),
                        kind: FrameKind::Seq { next: 1 },
                    };
                    self.stack.push(seq);
                    0
                }
            };
            self.stack.push(Frame {
                indent: col,
                seg: format!("[{index}]"),
                kind: FrameKind::Item,
            });
            let mut p = cs + 1;
            while p < end && matches!(b[p], b' ' | b'\t') {
                p += 1;
            }
            if p == end || b[p] == b'#' {
                return li + 1; // the item's content follows on deeper lines
            }
            return self.node(li, col + (p - cs), p, Some(col), depth + 1);
        }
        if let Some((key, vpos)) = self.mapping_key(cs, end) {
            while self.stack.last().is_some_and(|f| f.indent >= col) {
                self.stack.pop();
            }
            let path = self.path(Some(&key));
            let next = self.value(li, col, vpos, path);
            if next.is_none() {
                self.stack.push(Frame {
                    indent: col,
                    seg: key,
                    kind: FrameKind::Key,
                });
            }
            return next.unwrap_or(li + 1);
        }
        match item {
            Some(dash) => {
                let path = self.path(None);
                self.value(li, dash, cs, path).unwrap_or(li + 1)
            }
            None => {
                self.out.issue(cs, "line is neither a key nor a list item");
                li + 1
            }
        }
    }

    /// A `key:` at `cs`: the decoded key and the offset of the value after the colon.
    fn mapping_key(&self, cs: usize, end: usize) -> Option<(String, usize)> {
        let b = self.b;
        let colon = if matches!(b[cs], b'"' | b'\'') {
            let close = quoted_end(b, cs, end)?;
            let mut p = close + 1;
            while p < end && b[p] == b' ' {
                p += 1;
            }
            (b.get(p) == Some(&b':')).then_some(p)?
        } else if b"[{?&*!|>%@`".contains(&b[cs]) {
            return None;
        } else {
            (cs..end)
                .take_while(|&i| !(b[i] == b'#' && i > cs && matches!(b[i - 1], b' ' | b'\t')))
                .find(|&i| b[i] == b':' && (i + 1 == end || matches!(b[i + 1], b' ' | b'\t')))?
        };
        if colon + 1 < end && !matches!(b[colon + 1], b' ' | b'\t') {
            return None;
        }
        let raw = self.src[cs..colon].trim_end();
        let key = match raw.as_bytes().first() {
            Some(b'"' | b'\'') if raw.len() >= 2 => {
                let inner = Span::new(cs + 1, cs + raw.len() - 1);
                quoted_decode(self.src, inner, raw.as_bytes()[0]).1
            }
            _ => raw.to_owned(),
        };
        let mut vpos = colon + 1;
        while vpos < end && matches!(b[vpos], b' ' | b'\t') {
            vpos += 1;
        }
        Some((key, vpos))
    }

    /// Reads the scalar value at `vpos` on line `li` owned by column `owner` and emits it under
    /// `path`. Returns the next line to read, or `None` when the value is empty (a nested node
    /// follows).
    fn value(&mut self, li: usize, owner: usize, mut vpos: usize, path: String) -> Option<usize> {
        let b = self.b;
        let end = self.lines[li].1;
        // Tags (`!ruby/object`, `!!str`) and anchors (`&defaults`) are skipped.
        while vpos < end && matches!(b[vpos], b'!' | b'&') {
            while vpos < end && !matches!(b[vpos], b' ' | b'\t') {
                vpos += 1;
            }
            while vpos < end && matches!(b[vpos], b' ' | b'\t') {
                vpos += 1;
            }
        }
        let next = match b.get(vpos) {
            _ if vpos >= end => return None,
            Some(b'#') => return None,
            Some(b'|' | b'>') => self.block_scalar(li, owner, path),
            Some(&q @ (b'"' | b'\'')) => self.quoted_scalar(li, vpos, q, path),
            Some(b'*') => {
                self.out.issue(vpos, "alias is not expanded");
                self.skip_deeper(li + 1, owner)
            }
            Some(b'[' | b'{') => {
                self.out.issue(vpos, "flow collection is not read");
                self.skip_deeper(li + 1, owner)
            }
            _ => self.plain_scalar(li, owner, vpos, path),
        };
        Some(next)
    }

    /// Skips lines indented deeper than `owner` (and blank lines); returns the next line.
    fn skip_deeper(&mut self, mut li: usize, owner: usize) -> usize {
        while li < self.lines.len() {
            let (ind, cs) = self.indent(li);
            if cs < self.lines[li].1 && ind <= owner {
                break;
            }
            li += 1;
        }
        li
    }

    fn plain_scalar(&mut self, li: usize, owner: usize, vpos: usize, path: String) -> usize {
        let mut span_end = plain_end(self.b, vpos, self.lines[li].1);
        let mut next = li + 1;
        // Continuation lines: deeper than the owner, not comments, not keys or items.
        let mut j = li + 1;
        while j < self.lines.len() {
            let (ind, cs) = self.indent(j);
            let end = self.lines[j].1;
            if cs == end {
                j += 1;
                continue;
            }
            let starts_item = self.b[cs] == b'-' && (cs + 1 == end || self.b[cs + 1] == b' ');
            if ind <= owner
                || self.b[cs] == b'#'
                || starts_item
                || self.mapping_key(cs, end).is_some()
            {
                break;
            }
            span_end = plain_end(self.b, cs, end);
            j += 1;
            next = j;
        }
        let span = Span::new(vpos, span_end);
        self.out.entry(path, span, span.slice(self.src).to_owned());
        next
    }

    fn quoted_scalar(&mut self, li: usize, q: usize, quote: u8, path: String) -> usize {
        // Quoted scalars may span lines: search to the end of the input.
        let Some(close) = quoted_end(self.b, q, self.b.len()) else {
            self.out.issue(q, "unterminated quoted string");
            let span = Span::new(q + 1, self.lines[li].1);
            self.out
                .entry(path, span, quoted_view(self.src, span, quote));
            return li + 1;
        };
        let span = Span::new(q + 1, close);
        self.out
            .entry(path, span, quoted_view(self.src, span, quote));
        self.lines.partition_point(|&(start, _)| start <= close)
    }

    fn block_scalar(&mut self, li: usize, owner: usize, path: String) -> usize {
        let mut content_indent = None;
        let (mut first, mut last, mut next) = (None, None, li + 1);
        for j in li + 1..self.lines.len() {
            let (ind, cs) = self.indent(j);
            if cs == self.lines[j].1 {
                continue; // blank lines belong to the block
            }
            let min = *content_indent.get_or_insert(ind);
            if ind < min || ind <= owner {
                break;
            }
            first.get_or_insert(self.lines[j].0 + min);
            last = Some(self.lines[j].1);
            next = j + 1;
        }
        if let (Some(first), Some(last)) = (first, last) {
            let span = Span::new(first, last);
            self.out.entry(path, span, span.slice(self.src).to_owned());
        }
        next
    }
}

fn is_marker(content: &[u8], marker: &[u8]) -> bool {
    content.starts_with(marker) && content.get(3).is_none_or(|&c| c == b' ' || c == b'\t')
}

/// The end of a plain scalar starting at `start`: before a ` #` comment, trailing blanks trimmed.
fn plain_end(b: &[u8], start: usize, end: usize) -> usize {
    let mut stop = (start..end)
        .find(|&i| b[i] == b'#' && i > start && matches!(b[i - 1], b' ' | b'\t'))
        .unwrap_or(end);
    while stop > start && matches!(b[stop - 1], b' ' | b'\t') {
        stop -= 1;
    }
    stop
}

/// The offset of the quote closing the quoted scalar opened at `q`, searching up to `end`.
fn quoted_end(b: &[u8], q: usize, end: usize) -> Option<usize> {
    let quote = b[q];
    let mut i = q + 1;
    while i < end {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// A YAML double-quoted escape at the start of `s` (a backslash).
fn yaml_escape(s: &[u8]) -> Option<(char, usize)> {
    let ch = match s.get(1)? {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' | b'\t' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'x' => return Some((char::from_u32(hex_n(s.get(2..)?, 2)?)?, 4)),
        b'u' => return Some((char::from_u32(hex_n(s.get(2..)?, 4)?)?, 6)),
        b'U' => return Some((char::from_u32(hex_n(s.get(2..)?, 8)?)?, 10)),
        _ => return None,
    };
    Some((ch, 2))
}

/// The view of quoted content `span` (escapes or `''` decoded, escaped line breaks blanked)
/// and the plain decoded value. Raw line breaks and indentation stay in the view as they are:
/// they are whitespace already.
fn quoted_decode(src: &str, span: Span, quote: u8) -> (String, String) {
    let b = &src.as_bytes()[..span.end];
    let mut view = ViewBuilder::new(src, span.start);
    let mut value = String::new();
    let (mut i, mut run) = (span.start, span.start);
    while i < span.end {
        let (skip_to, ch) = match b[i] {
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => (i + 2, Some('\'')),
            b'\\' if quote == b'"' => {
                if matches!(b.get(i + 1), Some(b'\n' | b'\r')) {
                    let mut j = i + 1;
                    while j < span.end && matches!(b[j], b'\r' | b'\n' | b' ' | b'\t') {
                        j += 1;
                    }
                    (j, None)
                } else if let Some((ch, raw)) = yaml_escape(&b[i..]) {
                    (i + raw, Some(ch))
                } else {
                    i += 1;
                    continue;
                }
            }
            _ => {
                i += 1;
                continue;
            }
        };
        value.push_str(&src[run..i]);
        match ch {
            Some(ch) => {
                view.decode(i, skip_to, ch);
                value.push(ch);
            }
            None => view.blank(i, skip_to),
        }
        i = skip_to;
        run = i;
    }
    value.push_str(&src[run..span.end]);
    (view.finish(span.end), value)
}

fn quoted_view(src: &str, span: Span, quote: u8) -> String {
    quoted_decode(src, span, quote).0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Extracts and checks the invariants every entry must hold.
    fn check(src: &str, format: I18nFormat) -> (Vec<Entry>, Vec<SyntaxIssue>) {
        let (entries, issues) = extract(src, format);
        for e in &entries {
            assert_eq!(
                e.view.len(),
                e.span.len(),
                "{format:?} {}: {:?}",
                e.key,
                e.view
            );
            assert!(
                src.get(e.span.range()).is_some(),
                "{format:?} {}: span off bounds",
                e.key
            );
        }
        for i in &issues {
            assert!(i.span.is_valid_in(src), "{format:?}: issue at {:?}", i.span);
        }
        (entries, issues)
    }

    fn get<'e>(entries: &'e [Entry], key: &str) -> &'e Entry {
        entries.iter().find(|e| e.key == key).unwrap_or_else(|| {
            let keys: Vec<_> = entries.iter().map(|e| e.key.as_str()).collect();
            panic!("no key {key}; have {keys:?}")
        })
    }

    const YAML: &str = r#"# Reminder texts
---
en:
  appointments:
    reminder_sms: Hi %{first_name}, your visit is on %{date}. # not part of it
    confirm: "Reply \"YES\" to confirm\u00e9"
    cancel: 'It''s cancelled'
    "quoted key": plain
    long: |
      Dear Ana,
        your results are ready.

      Call 555-0142.
    folded: >-
      Line one
      line two
    after: done
    plain_multi: first line
      second line
  days:
    - Monday
    - "Tuesday"
  contacts:
  - name: Ana
    phone: 555-0100
  - name: Bo
...
fr:
  x: y
"#;

    #[test]
    fn yaml_key_paths_and_scalars() {
        let (entries, issues) = check(YAML, I18nFormat::Yaml);
        assert!(issues.is_empty(), "{issues:?}");
        let sms = get(&entries, "en.appointments.reminder_sms");
        assert_eq!(sms.view, "Hi %{first_name}, your visit is on %{date}.");
        assert_eq!(sms.span.slice(YAML), sms.view);
        let confirm = get(&entries, "en.appointments.confirm");
        assert_eq!(confirm.view, r#"Reply " YES"  to confirmé    "#);
        assert_eq!(
            get(&entries, "en.appointments.cancel").view,
            "It' s cancelled"
        );
        assert_eq!(get(&entries, "en.appointments.quoted key").view, "plain");
        let long = get(&entries, "en.appointments.long");
        assert_eq!(
            long.view,
            "Dear Ana,\n        your results are ready.\n\n      Call 555-0142."
        );
        assert_eq!(
            get(&entries, "en.appointments.folded").view,
            "Line one\n      line two"
        );
        assert_eq!(get(&entries, "en.appointments.after").view, "done");
        assert_eq!(
            get(&entries, "en.appointments.plain_multi").view,
            "first line\n      second line"
        );
        assert_eq!(get(&entries, "en.days[0]").view, "Monday");
        assert_eq!(get(&entries, "en.days[1]").view, "Tuesday");
        assert_eq!(get(&entries, "en.contacts[0].name").view, "Ana");
        assert_eq!(get(&entries, "en.contacts[0].phone").view, "555-0100");
        assert_eq!(get(&entries, "en.contacts[1].name").view, "Bo");
        assert_eq!(get(&entries, "fr.x").view, "y");
        assert_eq!(entries.len(), 14);
    }

    #[test]
    fn yaml_multiline_quoted_and_sequence_blocks() {
        let src = "en:\n  dq: \"first\n    second \\\n    third\"\n  sq: 'a\n    b'\n  items:\n    - |\n      Dear Ana,\n      bye\n    -\n      nested: x\n  empty:   \n    child: c\n  tail: >\n    end";
        let (entries, issues) = check(src, I18nFormat::Yaml);
        assert!(issues.is_empty(), "{issues:?}");
        let dq = get(&entries, "en.dq");
        assert_eq!(dq.span.slice(src), "first\n    second \\\n    third");
        assert_eq!(dq.view, "first\n    second       third");
        assert_eq!(get(&entries, "en.sq").view, "a\n    b");
        assert_eq!(get(&entries, "en.items[0]").view, "Dear Ana,\n      bye");
        assert_eq!(get(&entries, "en.items[1].nested").view, "x");
        assert_eq!(get(&entries, "en.empty.child").view, "c");
        assert_eq!(get(&entries, "en.tail").view, "end");
        assert_eq!(entries.len(), 6);
    }

    #[test]
    fn yaml_crlf_and_escaped_keys() {
        let src = "en:\r\n  \"a\\\"b\": \"x\\ty\"\r\n  c: |\r\n    one\r\n    two\r\n  d: e\r\n";
        let (entries, issues) = check(src, I18nFormat::Yaml);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(get(&entries, "en.a\"b").view, "x\t y");
        assert_eq!(get(&entries, "en.c").view, "one\r\n    two");
        assert_eq!(get(&entries, "en.d").view, "e");
    }

    #[test]
    fn yaml_anchors_aliases_and_flow() {
        let src = "defaults: &defaults\n  greeting: Hi Ana\nen:\n  <<: *defaults\n  list: [a, b]\n  map: {a: b,\n    c: d}\n  tagged: !ruby/string Hello\n  ok: yes\n";
        let (entries, issues) = check(src, I18nFormat::Yaml);
        assert_eq!(issues.len(), 3, "{issues:?}");
        assert_eq!(get(&entries, "defaults.greeting").view, "Hi Ana");
        assert_eq!(get(&entries, "en.tagged").view, "Hello");
        assert_eq!(get(&entries, "en.ok").view, "yes");
        assert_eq!(entries.len(), 3);
    }

    #[test]
    fn yaml_malformed_keeps_reading() {
        let src = "en:\n  a: \"unterminated\n  stray line\n\tb: tab\n  c: fine\n";
        let (entries, issues) = check(src, I18nFormat::Yaml);
        let messages: Vec<_> = issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "unterminated quoted string",
                "line is neither a key nor a list item",
                "tab in indentation"
            ]
        );
        assert_eq!(get(&entries, "en.a").view, "unterminated");
        assert_eq!(get(&entries, "en.c").view, "fine");
        let (entries, _) = check("- - - - x\n", I18nFormat::Yaml);
        assert_eq!(entries[0].key, "[0][0][0][0]");
    }

    #[test]
    fn json_i18next() {
        let src = r#"{"en": {"reminder_one": "Hi {{name}}, 1 visit", "reminder_other": "Tab\there",
            "list": ["a", {"b": "c"}], "n": 3}}"#;
        let (entries, issues) = check(src, I18nFormat::Json);
        assert!(issues.is_empty());
        assert_eq!(
            get(&entries, "en.reminder_one").view,
            "Hi {{name}}, 1 visit"
        );
        assert_eq!(get(&entries, "en.reminder_other").view, "Tab\t here");
        assert_eq!(get(&entries, "en.list[0]").view, "a");
        assert_eq!(get(&entries, "en.list[1].b").view, "c");
        assert_eq!(entries.len(), 4);

        let (entries, issues) = check(r#"{"a": "one", "b": "tw"#, I18nFormat::Json);
        assert_eq!(issues.len(), 1);
        assert_eq!(get(&entries, "a").view, "one");
    }

    #[test]
    fn properties() {
        let src = "# comment\n! also\nreminder.sms = Hi Ana, visit at 10\\:30\n\
                   key2:value\nkey3 value with spaces  \nmulti = first \\\n    second\\\r\n\tthird\n\
                   esc=caf\\u00e9\\tTab\\nNL\nkey\\ with\\=sep = v\nempty\n  \nbad=\\uZZ\n";
        let (entries, issues) = check(src, I18nFormat::Properties);
        assert_eq!(issues.len(), 1, "{issues:?}");
        let sms = get(&entries, "reminder.sms");
        assert_eq!(sms.view, "Hi Ana, visit at 10: 30");
        assert_eq!(&sms.view[..6], &src[sms.span.start..sms.span.start + 6]);
        assert_eq!(get(&entries, "key2").view, "value");
        assert_eq!(get(&entries, "key3").view, "value with spaces  ");
        let multi = get(&entries, "multi");
        assert_eq!(multi.view, "first       second    third");
        assert_eq!(multi.span.slice(src), "first \\\n    second\\\r\n\tthird");
        assert_eq!(get(&entries, "esc").view, "café    \t Tab\n NL");
        assert_eq!(get(&entries, "key with=sep").view, "v");
        assert_eq!(get(&entries, "empty").view, "");
        assert_eq!(get(&entries, "bad").view, "\\uZZ");
    }

    const ANDROID: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<resources xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">
    <!-- <string name="commented">no</string> -->
    <string name="reminder">Hi %1$s, don\'t miss your visit &amp; call 555-0101</string>
    <string name="cdata"><![CDATA[<b>Dear</b> Ana]]></string>
    <string name="xliff" translatable="false">Hello <xliff:g id="name" example="Ana">%1$s</xliff:g>!\n</string>
    <string name="num">&#233;&#xE9;</string>
    <plurals name="visits">
        <item quantity="one">%d visit</item>
        <item quantity="other">%d visits</item>
    </plurals>
    <string-array name="days">
        <item>Mon</item>
        <item>"Tue"</item>
    </string-array>
    <string name="empty"/>
</resources>
"#;

    #[test]
    fn android_strings() {
        let (entries, issues) = check(ANDROID, I18nFormat::AndroidXml);
        assert!(issues.is_empty(), "{issues:?}");
        let r = get(&entries, "reminder");
        assert_eq!(
            r.view,
            "Hi %1$s, don' t miss your visit &     call 555-0101"
        );
        assert_eq!(get(&entries, "cdata").view, "         <b>Dear</b> Ana   ");
        assert_eq!(
            get(&entries, "xliff").view,
            r#"Hello <xliff:g id="name" example="Ana">%1$s</xliff:g>!
 "#
        );
        assert_eq!(get(&entries, "num").view, "é    é    ");
        assert_eq!(get(&entries, "visits.one").view, "%d visit");
        assert_eq!(get(&entries, "visits.other").view, "%d visits");
        assert_eq!(get(&entries, "days[0]").view, "Mon");
        assert_eq!(get(&entries, "days[1]").view, "\"Tue\"");
        assert_eq!(entries.len(), 8);
    }

    #[test]
    fn android_unclosed_string_keeps_the_rest() {
        let src = "<resources><string name=\"a\">open\n<string name=\"b\">fine</string>\n";
        let (entries, issues) = check(src, I18nFormat::AndroidXml);
        assert_eq!(issues.len(), 1);
        assert_eq!(entries.len(), 1);
        assert_eq!(get(&entries, "b").view, "fine");
    }

    const PO: &str = r#"# Translator comment
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

    #[test]
    fn never_panics() {
        use crate::formats::json::tests::lcg;
        let props = "a = b \\\n  c\\u00e9\nk:v\n";
        let json = r#"{"a": {"b": ["c\n", "d"]}}"#;
        let docs = [
            (YAML, I18nFormat::Yaml),
            (ANDROID, I18nFormat::AndroidXml),
            (PO, I18nFormat::Po),
            (props, I18nFormat::Properties),
            (json, I18nFormat::Json),
        ];
        for (doc, format) in docs {
            for (i, _) in doc.char_indices() {
                check(&doc[..i], format);
                check(&doc[i..], format);
            }
        }
        // Issues at a multi-byte character cover all of it (they used to split it).
        check("k\\—=v\n", I18nFormat::Properties);
        check("{\"a\": —}", I18nFormat::Json);
        check("msgid —\n", I18nFormat::Po);
        check("<resources><string name=\"a\">—<—", I18nFormat::AndroidXml);
        let alphabet: Vec<char> = "ab -:#|>\"'\\\n\r\t[]{}&*!<>/=u0é;x?".chars().collect();
        let mut seed = 11;
        for _ in 0..2000 {
            let len = (lcg(&mut seed) % 48) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[lcg(&mut seed) as usize % alphabet.len()])
                .collect();
            for (_, format) in docs {
                check(&s, format);
            }
        }
    }
}
