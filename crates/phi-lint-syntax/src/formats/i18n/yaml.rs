//! Rails-style YAML locale files.

use super::{Out, lines, push_key};
use crate::Span;
use crate::formats::view::{ViewBuilder, hex_n};

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
pub(super) struct Yaml<'a> {
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
    pub(super) fn new(src: &'a str, out: &'a mut Out) -> Self {
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

    pub(super) fn run(mut self) {
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
pub(super) mod tests {
    use super::super::I18nFormat;
    use super::super::tests::{check, get};

    pub(crate) const YAML: &str = r#"# Reminder texts
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
}
