//! Android `res/values/strings.xml`: `<string>`, `<plurals>` and `<string-array>` resources.

use memchr::{memchr, memmem};

use super::Out;
use crate::Span;
use crate::formats::view::{ViewBuilder, hex_n};

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

pub(super) fn extract_android(src: &str, out: &mut Out) {
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

#[cfg(test)]
pub(super) mod tests {
    use super::super::I18nFormat;
    use super::super::tests::{check, get};

    pub(crate) const ANDROID: &str = r#"<?xml version="1.0" encoding="utf-8"?>
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
}
