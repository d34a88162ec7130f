//! Java `.properties`: `key = value` lines with backslash escapes and continuation lines.

use memchr::memchr;

use super::Out;
use crate::Span;
use crate::formats::view::{ViewBuilder, hex_n};

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

pub(super) fn extract_properties(src: &str, out: &mut Out) {
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

#[cfg(test)]
mod tests {
    use super::super::I18nFormat;
    use super::super::tests::{check, get};

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
}
