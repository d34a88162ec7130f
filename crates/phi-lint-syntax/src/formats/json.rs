//! A span-preserving JSON reader.
//!
//! `serde_json` gives values without positions; phi-lint must point at the string inside a
//! provider payload or i18next file that holds PHI, so this small recursive-descent reader keeps
//! the span of every key and value. It is strict about structure (RFC 8259) but lenient about
//! string escapes: an escape it cannot decode is kept raw instead of failing the document, since
//! a payload with a stray `\'` should still be linted.

use super::view::{ViewBuilder, hex_n};
use crate::{Span, SyntaxIssue};

/// Containers nested deeper than this are an error (and never overflow the stack).
pub const MAX_DEPTH: usize = 128;

/// A JSON value with its span.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue {
    /// `null`.
    Null(Span),
    /// `true` / `false`.
    Bool(bool, Span),
    /// A number, raw.
    Number(Span),
    /// A string.
    String(JsonString),
    /// An array.
    Array(Vec<JsonValue>, Span),
    /// An object: members in source order, duplicates kept.
    Object(Vec<(JsonString, JsonValue)>, Span),
}

/// A JSON string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonString {
    /// The raw content between the quotes.
    pub span: Span,
    /// A length-preserving decoded copy of the content: escapes are decoded and padded with
    /// spaces (`\"` → `"` + one space, `\u00e9` → `é` + four spaces), so `view.len() ==
    /// span.len()` and offsets into `view` are offsets into the source after `span.start`.
    pub view: String,
    /// The decoded value without padding; `None` when the string has no escapes (then it
    /// equals `view`), which keeps the common case to a single allocation.
    decoded: Option<String>,
}

impl JsonString {
    /// The decoded value (the view without escape padding).
    pub fn value(&self) -> String {
        self.decoded.clone().unwrap_or_else(|| self.view.clone())
    }

    /// True when the content contains escapes (so `view` differs from the raw source).
    pub fn has_escapes(&self) -> bool {
        self.decoded.is_some()
    }
}

impl JsonValue {
    /// Parses `src` as one JSON document. A leading byte-order mark is skipped.
    ///
    /// # Errors
    /// A [`SyntaxIssue`] at the first byte that is not valid JSON.
    pub fn parse(src: &str) -> Result<JsonValue, SyntaxIssue> {
        match JsonValue::parse_partial(src) {
            (value, None) => Ok(value),
            (_, Some(issue)) => Err(issue),
        }
    }

    /// Parses `src` like [`JsonValue::parse`], but also returns what was read before the first
    /// error: containers hold the members completed so far, so a truncated i18n file still
    /// yields its first strings.
    pub fn parse_partial(src: &str) -> (JsonValue, Option<SyntaxIssue>) {
        let mut p = Parser {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            err: None,
        };
        if src.starts_with('\u{feff}') {
            p.pos = '\u{feff}'.len_utf8();
        }
        let value = p.value(0);
        if p.err.is_none() {
            p.ws();
            if p.pos < p.bytes.len() {
                p.fail(p.pos, "unexpected characters after the JSON value");
            }
        }
        (value, p.err)
    }

    /// The span of the value.
    pub fn span(&self) -> Span {
        match self {
            JsonValue::Null(s) | JsonValue::Bool(_, s) | JsonValue::Number(s) => *s,
            JsonValue::String(s) => s.span,
            JsonValue::Array(_, s) | JsonValue::Object(_, s) => *s,
        }
    }

    /// The member `key` of an object (the first, if duplicated).
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        match self {
            JsonValue::Object(members, _) => {
                // Compares without allocating: this runs on the payload hot path.
                let matches = |k: &JsonString| k.decoded.as_deref().unwrap_or(&k.view) == key;
                members.iter().find(|(k, _)| matches(k)).map(|(_, v)| v)
            }
            _ => None,
        }
    }
}

/// Recursive descent over bytes. After the first error every routine unwinds promptly,
/// returning what it has built so far.
struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    err: Option<SyntaxIssue>,
}

impl Parser<'_> {
    /// Records the first error, spanning the character at `at`.
    fn fail(&mut self, at: usize, message: &str) {
        if self.err.is_none() {
            let len = self
                .src
                .get(at..)
                .and_then(|s| s.chars().next())
                .map_or(0, char::len_utf8);
            self.err = Some(SyntaxIssue::new(Span::new(at, at + len), message));
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> JsonValue {
        self.ws();
        let start = self.pos;
        match self.bytes.get(start) {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => JsonValue::String(self.string()),
            Some(b't') => self.literal(b"true", JsonValue::Bool(true, Span::new(start, start + 4))),
            Some(b'f') => self.literal(
                b"false",
                JsonValue::Bool(false, Span::new(start, start + 5)),
            ),
            Some(b'n') => self.literal(b"null", JsonValue::Null(Span::new(start, start + 4))),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                self.fail(start, "unexpected character, expected a JSON value");
                JsonValue::Null(Span::new(start, start))
            }
            None => {
                self.fail(start, "unexpected end of input, expected a JSON value");
                JsonValue::Null(Span::new(start, start))
            }
        }
    }

    fn literal(&mut self, word: &[u8], value: JsonValue) -> JsonValue {
        let start = self.pos;
        if self.bytes.get(start..start + word.len()) == Some(word) {
            self.pos += word.len();
            value
        } else {
            self.fail(start, "invalid literal, expected true, false or null");
            JsonValue::Null(Span::new(start, start))
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - from
    }

    fn number(&mut self) -> JsonValue {
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => self.fail(self.pos, "invalid number: expected a digit"),
        }
        if self.err.is_none() && self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                self.fail(
                    self.pos,
                    "invalid number: expected a digit after the decimal point",
                );
            }
        }
        if self.err.is_none() && matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                self.fail(self.pos, "invalid number: expected a digit in the exponent");
            }
        }
        JsonValue::Number(Span::new(start, self.pos))
    }

    fn array(&mut self, depth: usize) -> JsonValue {
        let start = self.pos;
        let mut items = Vec::new();
        if depth > MAX_DEPTH {
            self.fail(start, "JSON nested too deeply");
            return JsonValue::Array(items, Span::new(start, start));
        }
        self.pos += 1;
        self.ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return JsonValue::Array(items, Span::new(start, self.pos));
        }
        loop {
            items.push(self.value(depth));
            if self.err.is_some() {
                break;
            }
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {
                    self.fail(self.pos, "expected a comma or a closing bracket in array");
                    break;
                }
                None => {
                    self.fail(start, "unclosed array");
                    break;
                }
            }
        }
        JsonValue::Array(items, Span::new(start, self.pos))
    }

    fn object(&mut self, depth: usize) -> JsonValue {
        let start = self.pos;
        let mut members = Vec::new();
        if depth > MAX_DEPTH {
            self.fail(start, "JSON nested too deeply");
            return JsonValue::Object(members, Span::new(start, start));
        }
        self.pos += 1;
        self.ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return JsonValue::Object(members, Span::new(start, self.pos));
        }
        loop {
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b'"') => {}
                Some(_) => {
                    self.fail(self.pos, "expected a string key in object");
                    break;
                }
                None => {
                    self.fail(start, "unclosed object");
                    break;
                }
            }
            let key = self.string();
            if self.err.is_some() {
                break;
            }
            self.ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                self.fail(self.pos, "expected a colon after the object key");
                break;
            }
            self.pos += 1;
            let value = self.value(depth);
            members.push((key, value));
            if self.err.is_some() {
                break;
            }
            self.ws();
            match self.bytes.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    break;
                }
                Some(_) => {
                    self.fail(self.pos, "expected a comma or a closing brace in object");
                    break;
                }
                None => {
                    self.fail(start, "unclosed object");
                    break;
                }
            }
        }
        JsonValue::Object(members, Span::new(start, self.pos))
    }

    /// Reads a string; `self.pos` is at the opening quote.
    fn string(&mut self) -> JsonString {
        let open = self.pos;
        let start = open + 1;
        let bytes = self.bytes;
        let mut i = start;
        // Built lazily at the first escape: the view and the unpadded value.
        let mut escaped: Option<(ViewBuilder<'_>, String)> = None;
        let mut plain_from = start;
        let end = loop {
            match bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    break i;
                }
                Some(b'\\') => {
                    let Some((ch, raw)) = decode_escape(&bytes[i..]) else {
                        // Undecodable: keep the backslash; what follows is scanned normally.
                        i += 1;
                        continue;
                    };
                    let (view, value) = escaped
                        .get_or_insert_with(|| (ViewBuilder::new(self.src, start), String::new()));
                    view.decode(i, i + raw, ch);
                    value.push_str(self.src.get(plain_from..i).unwrap_or(""));
                    value.push(ch);
                    i += raw;
                    plain_from = i;
                }
                Some(&b) if b < 0x20 => {
                    self.fail(i, "unescaped control character in string");
                    self.pos = i;
                    break i;
                }
                Some(_) => i += 1,
                None => {
                    self.fail(open, "unterminated string");
                    self.pos = i;
                    break i;
                }
            }
        };
        let span = Span::new(start, end);
        match escaped {
            None => JsonString {
                span,
                view: span.slice(self.src).to_owned(),
                decoded: None,
            },
            Some((view, mut value)) => {
                value.push_str(self.src.get(plain_from..end).unwrap_or(""));
                JsonString {
                    span,
                    view: view.finish(end),
                    decoded: Some(value),
                }
            }
        }
    }
}

/// Decodes the JSON escape at the start of `s` (which begins with a backslash): the character
/// and the escape's raw length. `None` for an unknown escape or a lone surrogate.
fn decode_escape(s: &[u8]) -> Option<(char, usize)> {
    let ch = match s.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hi = hex_n(s.get(2..)?, 4)?;
            return match hi {
                0xD800..=0xDBFF => {
                    if s.get(6..8) != Some(b"\\u") {
                        return None;
                    }
                    let lo = hex_n(s.get(8..)?, 4)?;
                    if !(0xDC00..=0xDFFF).contains(&lo) {
                        return None;
                    }
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    Some((char::from_u32(cp)?, 12))
                }
                _ => Some((char::from_u32(hi)?, 6)),
            };
        }
        _ => return None,
    };
    Some((ch, 2))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn string_at(src: &str, path: &[&str]) -> JsonString {
        let mut v = JsonValue::parse(src).expect("valid JSON");
        for key in path {
            v = v.get(key).expect("key present").clone();
        }
        match v {
            JsonValue::String(s) => s,
            other => panic!("not a string: {other:?}"),
        }
    }

    #[test]
    fn spans_of_values_and_keys() {
        let src = r#" {"to": "+1-555-0142", "n": -1.5e3, "ok": true, "x": null, "a": [1, "b"]} "#;
        let v = JsonValue::parse(src).unwrap();
        let JsonValue::Object(members, span) = &v else {
            panic!("object expected")
        };
        assert_eq!(span.slice(src), &src[1..src.len() - 1]);
        assert_eq!(members.len(), 5);
        assert_eq!(members[0].0.span.slice(src), "to");
        assert_eq!(members[0].1.span().slice(src), "+1-555-0142");
        assert_eq!(members[1].1.span().slice(src), "-1.5e3");
        assert!(matches!(members[2].1, JsonValue::Bool(true, _)));
        assert!(matches!(members[3].1, JsonValue::Null(_)));
        let JsonValue::Array(items, aspan) = &members[4].1 else {
            panic!("array expected")
        };
        assert_eq!(aspan.slice(src), r#"[1, "b"]"#);
        assert_eq!(items[1].span().slice(src), "b");
    }

    #[test]
    fn escapes_are_length_preserving() {
        let src = r#"{"body": "Hi \"Ana\"\nCaf\u00e9 \ud83d\ude00 a\/b"}"#;
        let s = string_at(src, &["body"]);
        assert_eq!(s.view.len(), s.span.len());
        assert_eq!(s.view, "Hi \" Ana\" \n Café     😀         a/ b");
        assert_eq!(s.value(), "Hi \"Ana\"\nCafé 😀 a/b");
        assert!(s.has_escapes());
        // Un-escaped stretches are the source bytes.
        assert_eq!(&s.view[..3], &src[s.span.start..s.span.start + 3]);
    }

    #[test]
    fn invalid_escapes_are_kept_raw() {
        let src = r#"["a\'b \ud800 c \uZZ"]"#;
        let JsonValue::Array(items, _) = JsonValue::parse(src).unwrap() else {
            panic!()
        };
        let JsonValue::String(s) = &items[0] else {
            panic!()
        };
        assert_eq!(s.view, s.span.slice(src));
        assert_eq!(s.value(), s.span.slice(src));
        assert!(!s.has_escapes());
    }

    #[test]
    fn plain_strings_keep_source() {
        let src = r#"{"k": "José García, 555-0199"}"#;
        let s = string_at(src, &["k"]);
        assert_eq!(s.view, "José García, 555-0199");
        assert_eq!(s.value(), s.view);
    }

    #[test]
    fn errors_point_at_offending_byte() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("{", 0),
            ("[1,]", 3),
            (r#"{"a" 1}"#, 5),
            (r#"{"a": 1,}"#, 8),
            ("[01]", 2),
            ("[1.]", 3),
            ("tru", 0),
            (r#"["abc"#, 1),
            ("[\"a\nb\"]", 3),
            ("{} x", 3),
            ("[1 2]", 3),
        ];
        for &(src, at) in cases {
            let err = JsonValue::parse(src).expect_err(src);
            assert_eq!(err.span.start, at, "{src:?}: {}", err.message);
        }
    }

    #[test]
    fn error_messages_never_quote_input() {
        let err = JsonValue::parse(r#"{"secret": Ana}"#).unwrap_err();
        assert!(!err.message.contains("Ana"));
    }

    #[test]
    fn partial_parse_keeps_what_was_read() {
        let (v, err) = JsonValue::parse_partial(r#"{"a": "one", "b": ["two", "#);
        assert!(err.is_some());
        assert!(v.get("a").is_some());
        let Some(JsonValue::Array(items, _)) = v.get("b") else {
            panic!()
        };
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn depth_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(JsonValue::parse(&ok).is_ok());
        let deep = "[".repeat(100_000);
        let err = JsonValue::parse(&deep).unwrap_err();
        assert_eq!(err.span.start, MAX_DEPTH);
        let deep_obj = r#"{"a":"#.repeat(10_000);
        assert!(JsonValue::parse(&deep_obj).is_err());
    }

    #[test]
    fn bom_is_skipped() {
        assert!(JsonValue::parse("\u{feff}{\"a\": 1}").is_ok());
    }

    #[test]
    fn never_panics_on_truncated_or_random_input() {
        let doc = r#"{"en": {"sms": "Hi Ana, \"visit\" \u00e9\ud83d\ude00 \n", "n": [1, -2.5e-3, true, null, {}]}}"#;
        for (i, _) in doc.char_indices() {
            let _ = JsonValue::parse_partial(&doc[..i]);
            let _ = JsonValue::parse_partial(&doc[i..]);
        }
        let alphabet: Vec<char> = "{}[]\":,\\u0aeE.-+ tfnlrsé\n1dD8".chars().collect();
        let mut rng = test_rng::TestRng::new(7);
        for _ in 0..3000 {
            let s = rng.text(&alphabet, 40);
            if let Ok(v) = JsonValue::parse(&s) {
                assert!(v.span().end <= s.len());
            }
        }
    }
}
