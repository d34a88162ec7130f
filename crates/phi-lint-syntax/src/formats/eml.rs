//! `.eml` / MIME messages: the subject and every text or HTML part, with quoted-printable and
//! base64 bodies decoded.
//!
//! Hand-written rather than `mail-parser`: that crate does record part offsets, but it pulls in
//! proc-macro and SIMD dependencies for the full RFC 5322 surface (addresses, dates, charsets)
//! we do not need, while we do need raw spans of header values and of 7bit bodies, and
//! leniency for fragments written by hand as template fixtures. The subset here is small: header
//! blocks with folding, `Content-Type` parameters, boundaries, two transfer encodings, RFC 2047
//! words and three charsets.

use memchr::{memchr, memmem};

use crate::{Span, SyntaxIssue};

/// Multipart nesting deeper than this is reported and not descended into.
const MAX_DEPTH: usize = 16;

/// What a MIME part holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartKind {
    /// The `Subject:` header (decoded from RFC 2047 words when encoded).
    Subject,
    /// A `text/plain` body.
    Text,
    /// A `text/html` body.
    Html,
}

/// One lintable part of a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MimePart {
    /// What the part holds.
    pub kind: PartKind,
    /// Where the part's (encoded) content lies in the file.
    pub span: Span,
    /// The decoded text when the content is transfer- or header-encoded; `None` when the raw
    /// span *is* the text (7bit / 8bit), so findings can point straight into the file.
    pub decoded: Option<String>,
    /// A short label for reports: `subject`, `part 2 (text/html, base64)`.
    pub label: String,
}

/// Reads the lintable parts of a MIME message. Never panics; unreadable structure yields issues.
///
/// Text parts are numbered in document order (`part 1`, `part 2`, …) counting only the parts
/// returned; attachments (`Content-Disposition: attachment`) and non-text parts are skipped.
/// A 7bit / 8bit / binary body keeps its raw span (the input is already a `&str`); the subject
/// of an attached `message/rfc822` is not reported, its text parts are.
pub fn parse(src: &str) -> (Vec<MimePart>, Vec<SyntaxIssue>) {
    let mut reader = Reader {
        src,
        parts: Vec::new(),
        issues: Vec::new(),
        count: 0,
    };
    let (headers, body) = reader.headers(skip_mbox_line(src), src.len());
    if headers.is_empty() && !src.trim().is_empty() {
        reader.issue(0, "no message headers; reading the input as a text body");
    }
    if let Some(subject) = find_header(src, &headers, "subject") {
        let raw = subject.slice(src);
        let decoded = raw.contains("=?").then(|| decode_words(raw)).flatten();
        reader.parts.push(MimePart {
            kind: PartKind::Subject,
            span: subject,
            decoded,
            label: "subject".to_owned(),
        });
    }
    reader.entity(&headers, body, src.len(), 0);
    (reader.parts, reader.issues)
}

/// Skips an mbox `From ` separator line.
fn skip_mbox_line(src: &str) -> usize {
    if src.starts_with("From ") {
        memchr(b'\n', src.as_bytes()).map_or(src.len(), |nl| nl + 1)
    } else {
        0
    }
}

/// A header: name and value spans (the value runs over folded lines, without the final line
/// break).
struct Header {
    name: Span,
    value: Span,
}

fn find_header(src: &str, headers: &[Header], name: &str) -> Option<Span> {
    headers
        .iter()
        .find(|h| h.name.slice(src).eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

struct Reader<'a> {
    src: &'a str,
    parts: Vec<MimePart>,
    issues: Vec<SyntaxIssue>,
    count: usize,
}

impl Reader<'_> {
    fn issue(&mut self, at: usize, message: &str) {
        self.issues.push(SyntaxIssue::new(
            Span::new(at, at + 1).snap(self.src),
            message,
        ));
    }

    /// Reads the header block at `start`: the headers and where the body starts (after the
    /// blank line, or at the first line that is not a header).
    fn headers(&mut self, start: usize, end: usize) -> (Vec<Header>, usize) {
        let b = self.src.as_bytes();
        let mut headers: Vec<Header> = Vec::new();
        let mut p = start;
        while p < end {
            let nl = memchr(b'\n', &b[p..end]).map_or(end, |i| p + i);
            let line_end = if nl > p && b[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            let next = (nl + 1).min(end);
            if line_end == p {
                return (headers, next); // the blank line
            }
            if matches!(b[p], b' ' | b'\t') {
                match headers.last_mut() {
                    Some(h) => h.value.end = line_end,
                    None => return (headers, p),
                }
            } else {
                let colon = memchr(b':', &b[p..line_end]).map(|i| p + i);
                let valid = colon.is_some_and(|c| {
                    c > p
                        && b[p..c]
                            .iter()
                            .all(|&ch| ch.is_ascii_graphic() && ch != b':')
                });
                let Some(colon) = colon.filter(|_| valid) else {
                    // Not a header: lenient readers take this as the start of the body.
                    if !headers.is_empty() {
                        self.issue(p, "header block not ended by a blank line");
                    }
                    return (headers, p);
                };
                let mut v = colon + 1;
                while v < line_end && matches!(b[v], b' ' | b'\t') {
                    v += 1;
                }
                headers.push(Header {
                    name: Span::new(p, colon),
                    value: Span::new(v, line_end),
                });
            }
            p = next;
        }
        (headers, end)
    }

    /// Reads one entity (a message or a part) whose body is `body..end`.
    fn entity(&mut self, headers: &[Header], body: usize, end: usize, depth: usize) {
        let src = self.src;
        let header = |name: &str| find_header(src, headers, name).map(|s| unfold(s.slice(src)));
        let (mime, params) = header("content-type")
            .map(|ct| content_type(&ct))
            .filter(|(mime, _)| !mime.is_empty())
            .unwrap_or_else(|| ("text/plain".to_owned(), Vec::new()));
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let encoding = header("content-transfer-encoding")
            .map(|e| e.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let attachment = header("content-disposition").is_some_and(|d| {
            d.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("attachment"))
        });
        let raw_encoding = matches!(encoding.as_str(), "" | "7bit" | "8bit" | "binary");

        if mime.starts_with("multipart/") || (mime == "message/rfc822" && raw_encoding) {
            if depth >= MAX_DEPTH {
                self.issue(body, "MIME parts nested too deeply");
                return;
            }
            if mime == "message/rfc822" {
                let (inner, inner_body) = self.headers(body, end);
                self.entity(&inner, inner_body, end, depth + 1);
                return;
            }
            let Some(boundary) = param("boundary").filter(|b| !b.is_empty()) else {
                self.issue(body, "multipart body without a boundary parameter");
                return;
            };
            for (start, stop) in self.split(body, end, boundary) {
                let (inner, inner_body) = self.headers(start, stop);
                self.entity(&inner, inner_body, stop, depth + 1);
            }
            return;
        }

        let kind = match mime.as_str() {
            "text/plain" => PartKind::Text,
            "text/html" => PartKind::Html,
            _ => return,
        };
        if attachment {
            return;
        }
        self.count += 1;
        let span = Span::new(body, end);
        let raw = span.slice(src).as_bytes();
        let charset = param("charset").unwrap_or("us-ascii");
        let decoded = match encoding.as_str() {
            "quoted-printable" => Some(to_utf8(&qp_decode(raw), charset)),
            "base64" => {
                let (bytes, clean) = base64_decode(raw);
                if !clean {
                    self.issue(body, "invalid characters in base64 body");
                }
                Some(to_utf8(&bytes, charset))
            }
            _ => None,
        };
        let label = if raw_encoding {
            format!("part {} ({mime})", self.count)
        } else {
            format!("part {} ({mime}, {encoding})", self.count)
        };
        self.parts.push(MimePart {
            kind,
            span,
            decoded,
            label,
        });
    }

    /// The content ranges of the parts of a multipart body. The line break before a delimiter
    /// belongs to the delimiter; preamble and epilogue are dropped.
    fn split(&mut self, body: usize, end: usize, boundary: &str) -> Vec<(usize, usize)> {
        let b = self.src.as_bytes();
        let delimiter = format!("--{boundary}");
        let finder = memmem::Finder::new(delimiter.as_bytes());
        let mut parts = Vec::new();
        let mut open: Option<usize> = None; // content start of the current part
        let mut p = body;
        let mut closed = false;
        while let Some(i) = finder.find(&b[p..end]) {
            let d = p + i;
            let at_line_start = d == body || b[d - 1] == b'\n';
            let line_end = memchr(b'\n', &b[d..end]).map_or(end, |nl| d + nl);
            let tail = &b[d + delimiter.len()..line_end];
            let is_close = tail.starts_with(b"--");
            let rest = if is_close { &tail[2..] } else { tail };
            p = (line_end + 1).min(end);
            if !at_line_start || !rest.iter().all(|c| c.is_ascii_whitespace()) {
                continue; // the boundary text inside a line or a longer boundary
            }
            if let Some(start) = open.take() {
                let mut stop = d;
                if stop > start && b[stop - 1] == b'\n' {
                    stop -= 1;
                    if stop > start && b[stop - 1] == b'\r' {
                        stop -= 1;
                    }
                }
                parts.push((start, stop.max(start)));
            }
            if is_close {
                closed = true;
                break;
            }
            open = Some(p);
        }
        if !closed {
            match open {
                Some(start) => {
                    self.issue(start, "multipart body without a closing boundary");
                    parts.push((start, end));
                }
                None => self.issue(body, "multipart body without any boundary"),
            }
        }
        parts
    }
}

/// Removes header folding (a line break before whitespace).
fn unfold(raw: &str) -> String {
    raw.replace("\r\n", "").replace('\n', "")
}

/// Parses `type/subtype; key=value; key="quoted value"`: the lowercased media type and the
/// parameters (names lowercased).
fn content_type(value: &str) -> (String, Vec<(String, String)>) {
    let mut pieces = Vec::new();
    let (mut current, mut quoted, mut escaped) = (String::new(), false, false);
    for ch in value.chars() {
        match ch {
            _ if escaped => {
                current.push(ch);
                escaped = false;
            }
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => pieces.push(std::mem::take(&mut current)),
            _ => current.push(ch),
        }
    }
    pieces.push(current);
    let mime = pieces[0].trim().to_ascii_lowercase();
    let params = pieces[1..]
        .iter()
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        })
        .collect();
    (mime, params)
}

/// Decodes quoted-printable: `=XX` escapes and `=` soft line breaks; a stray `=` is kept.
fn qp_decode(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] != b'=' {
            out.push(raw[i]);
            i += 1;
            continue;
        }
        let hex = |j: usize| raw.get(j).and_then(|&c| (c as char).to_digit(16));
        if let (Some(hi), Some(lo)) = (hex(i + 1), hex(i + 2)) {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        let mut j = i + 1;
        while j < raw.len() && matches!(raw[j], b' ' | b'\t') {
            j += 1;
        }
        match raw.get(j..) {
            Some([]) => i = j,
            Some([b'\r', b'\n', ..]) => i = j + 2,
            Some([b'\n', ..]) => i = j + 1,
            _ => {
                out.push(b'=');
                i += 1;
            }
        }
    }
    out
}

/// Decodes base64 (standard or URL-safe alphabet), skipping whitespace and stopping at
/// padding. The flag is false when other characters were skipped.
fn base64_decode(raw: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(raw.len() / 4 * 3);
    let (mut acc, mut bits, mut clean) = (0u32, 0u32, true);
    for &c in raw {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            c if c.is_ascii_whitespace() => continue,
            _ => {
                clean = false;
                continue;
            }
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    (out, clean)
}

/// Converts `bytes` in `charset` to UTF-8: UTF-8 and ASCII directly, ISO-8859-1 (and
/// windows-1252, approximately) byte for byte, anything else lossily as UTF-8.
fn to_utf8(bytes: &[u8], charset: &str) -> String {
    match charset.trim().to_ascii_lowercase().as_str() {
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" | "windows-1252" | "cp1252" => {
            bytes.iter().map(|&b| char::from(b)).collect()
        }
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Decodes the RFC 2047 encoded words in a header value (also unfolding it); `None` when no
/// valid encoded word was found. Whitespace between adjacent encoded words is dropped.
fn decode_words(raw: &str) -> Option<String> {
    let text = unfold(raw);
    let mut out = String::new();
    let mut pending_ws = String::new();
    let (mut after_word, mut any) = (false, false);
    let mut rest = text.as_str();
    while let Some(ch) = rest.chars().next() {
        if rest.starts_with("=?")
            && let Some((word, len)) = encoded_word(rest)
        {
            if !after_word {
                out.push_str(&pending_ws);
            }
            pending_ws.clear();
            out.push_str(&word);
            (after_word, any) = (true, true);
            rest = &rest[len..];
            continue;
        }
        if ch == ' ' || ch == '\t' {
            pending_ws.push(ch);
        } else {
            out.push_str(&pending_ws);
            pending_ws.clear();
            out.push(ch);
            after_word = false;
        }
        rest = &rest[ch.len_utf8()..];
    }
    out.push_str(&pending_ws);
    any.then_some(out)
}

/// One `=?charset?B|Q?text?=` word at the start of `s`: its text and raw length.
fn encoded_word(s: &str) -> Option<(String, usize)> {
    let inner = &s[2..];
    let q1 = inner.find('?')?;
    let charset = inner[..q1].split('*').next().unwrap_or("");
    let encoding = inner.as_bytes().get(q1 + 1)?.to_ascii_uppercase();
    if inner.as_bytes().get(q1 + 2) != Some(&b'?') {
        return None;
    }
    let text_start = q1 + 3;
    let text_len = inner.get(text_start..)?.find("?=")?;
    let text = &inner[text_start..text_start + text_len];
    if text.contains([' ', '\t']) {
        return None;
    }
    let bytes = match encoding {
        b'B' => base64_decode(text.as_bytes()).0,
        b'Q' => {
            let underscores: Vec<u8> = text
                .bytes()
                .map(|b| if b == b'_' { b' ' } else { b })
                .collect();
            qp_decode(&underscores)
        }
        _ => return None,
    };
    Some((to_utf8(&bytes, charset), 2 + text_start + text_len + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body<'a>(src: &'a str, part: &'a MimePart) -> &'a str {
        part.span.slice(src)
    }

    #[test]
    fn single_part_7bit_lf() {
        let src = "From: clinic@example.org\nTo: ana@example.org\nSubject: Your visit\n\nHi Ana,\nsee you at 10.\n";
        let (parts, issues) = parse(src);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].kind, PartKind::Subject);
        assert_eq!(body(src, &parts[0]), "Your visit");
        assert_eq!(parts[0].decoded, None);
        assert_eq!(parts[1].kind, PartKind::Text);
        assert_eq!(parts[1].label, "part 1 (text/plain)");
        assert_eq!(body(src, &parts[1]), "Hi Ana,\nsee you at 10.\n");
        assert_eq!(parts[1].decoded, None);
    }

    const NESTED: &str = "From: clinic@example.org\r\n\
Subject: =?utf-8?B?UmVtaW5kZXIgZm9yIEpvc8Op?=\r\n =?iso-8859-1?Q?_Garc=EDa?=\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n\
\r\n\
This is a preamble.\r\n\
--outer\r\n\
Content-Type: multipart/alternative; boundary=inner\r\n\
\r\n\
--inner\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Hi Jos=C3=A9, your visit is on Monday. Call 555-0142 for a very long line=\r\n\
\x20that was soft-broken.\r\n\
--inner\r\n\
Content-Type: text/html; charset=\"UTF-8\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
PHA+SGkgSm9zw6k8L3A+\r\n\
--inner--\r\n\
--outer\r\n\
Content-Type: text/plain; name=\"results.txt\"\r\n\
Content-Disposition: attachment; filename=\"results.txt\"\r\n\
\r\n\
attached\r\n\
--outer\r\n\
Content-Type: image/png\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
iVBORw0KGgo=\r\n\
--outer\r\n\
\r\n\
Plain part without headers.\r\n\
--outer--\r\n\
epilogue\r\n";

    #[test]
    fn nested_multipart_with_encodings() {
        let (parts, issues) = parse(NESTED);
        assert!(issues.is_empty(), "{issues:?}");
        let labels: Vec<_> = parts.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "subject",
                "part 1 (text/plain, quoted-printable)",
                "part 2 (text/html, base64)",
                "part 3 (text/plain)"
            ]
        );
        assert_eq!(
            parts[0].decoded.as_deref(),
            Some("Reminder for José García")
        );
        assert!(body(NESTED, &parts[0]).starts_with("=?utf-8?B?"));
        assert!(body(NESTED, &parts[0]).ends_with("?="));
        assert_eq!(
            parts[1].decoded.as_deref(),
            Some(
                "Hi José, your visit is on Monday. Call 555-0142 for a very long line that was soft-broken."
            )
        );
        assert!(body(NESTED, &parts[1]).starts_with("Hi Jos=C3=A9"));
        assert_eq!(parts[2].kind, PartKind::Html);
        assert_eq!(parts[2].decoded.as_deref(), Some("<p>Hi José</p>"));
        assert_eq!(body(NESTED, &parts[2]), "PHA+SGkgSm9zw6k8L3A+");
        assert_eq!(body(NESTED, &parts[3]), "Plain part without headers.");
        assert_eq!(parts[3].decoded, None);
    }

    #[test]
    fn latin1_quoted_printable_and_q_subject() {
        let src = "Subject: =?ISO-8859-1?Q?Cita_de_Mar=EDa?= ok\n\
Content-Type: text/plain; charset=iso-8859-1\n\
Content-Transfer-Encoding: quoted-printable\n\n\
Mar=EDa, su cita =3D ma=F1ana\n";
        let (parts, _) = parse(src);
        assert_eq!(parts[0].decoded.as_deref(), Some("Cita de María ok"));
        assert_eq!(
            parts[1].decoded.as_deref(),
            Some("María, su cita = mañana\n")
        );
    }

    #[test]
    fn folded_plain_subject_is_not_decoded() {
        let src = "Subject: Your visit\r\n with Ana\r\n\r\nbody";
        let (parts, _) = parse(src);
        assert_eq!(body(src, &parts[0]), "Your visit\r\n with Ana");
        assert_eq!(parts[0].decoded, None);
    }

    #[test]
    fn malformed_structure_yields_issues() {
        let src = "Content-Type: multipart/alternative; boundary=b\n\n--b\n\nfirst\n--b\nContent-Type: text/html\n\n<p>second";
        let (parts, issues) = parse(src);
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert_eq!(parts.len(), 2);
        assert_eq!(body(src, &parts[0]), "first");
        assert_eq!(body(src, &parts[1]), "<p>second");

        let (parts, issues) = parse("Content-Type: multipart/mixed\n\nbody\n");
        assert!(parts.is_empty());
        assert_eq!(issues.len(), 1);

        let (parts, issues) = parse("just some text: with a colon\n");
        assert_eq!(issues.len(), 1);
        assert_eq!(parts.len(), 1);

        let (_, issues) =
            parse("Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n*not base64*\n");
        assert_eq!(issues.len(), 1);
    }

    #[test]
    fn depth_limit() {
        let mut src = String::new();
        for i in 0..40 {
            src.push_str(&format!(
                "Content-Type: multipart/mixed; boundary=x{i}\n\n--x{i}\n"
            ));
        }
        let (_, issues) = parse(&src);
        assert!(issues.iter().any(|i| i.message.contains("deeply")));
    }

    /// Parses `src` and checks that every span lies in it on character boundaries.
    fn parse_valid(src: &str) -> (Vec<MimePart>, Vec<SyntaxIssue>) {
        let (parts, issues) = parse(src);
        for p in &parts {
            assert!(p.span.is_valid_in(src), "part {} at {:?}", p.label, p.span);
        }
        for i in &issues {
            assert!(i.span.is_valid_in(src), "issue at {:?}", i.span);
        }
        (parts, issues)
    }

    #[test]
    fn issue_spans_stay_in_the_input() {
        // A header block that ends the input: the issue used to point one byte past it.
        for src in ["x", "é", "Subject", "—\n", "From a\n—"] {
            parse_valid(src);
        }
    }

    #[test]
    fn never_panics() {
        for (i, _) in NESTED.char_indices() {
            parse_valid(&NESTED[..i]);
            parse_valid(&NESTED[i..]);
        }
        let alphabet: Vec<char> = "=?Bq_:; -\r\n\"boundary=ab--é\tContent-Type"
            .chars()
            .collect();
        let mut rng = test_rng::TestRng::new(3);
        for _ in 0..3000 {
            let s = rng.text(&alphabet, 60);
            parse_valid(&s);
            parse_valid(&format!(
                "Content-Type: multipart/mixed; boundary=ab\n\n{s}"
            ));
        }
    }
}
