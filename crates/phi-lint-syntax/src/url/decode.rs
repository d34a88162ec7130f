//! On-demand decoders for URL components: percent-encoding, base64 / hex payloads, nested
//! redirect targets. Hand-written: each is a few lines, never fails, and needs no dependency.

use std::borrow::Cow;

/// Percent-decodes `raw` (and `+` as a space when `plus_as_space`). Invalid escapes are kept
/// as they are; invalid UTF-8 is replaced lossily. Borrows when there is nothing to decode.
pub fn percent_decode(raw: &str, plus_as_space: bool) -> Cow<'_, str> {
    let b = raw.as_bytes();
    if !b.iter().any(|&c| c == b'%' || (plus_as_space && c == b'+')) {
        return Cow::Borrowed(raw);
    }
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                match (
                    b.get(i + 1).and_then(|&c| hex_val(c)),
                    b.get(i + 2).and_then(|&c| hex_val(c)),
                ) {
                    (Some(h), Some(l)) => {
                        out.push(h << 4 | l);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Cow::Owned(match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

const fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

const fn b64_val(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    }
}

/// Decodes a value that hides text in base64 (standard or URL-safe, padded or not) or hex,
/// when it decodes to printable UTF-8 text; `None` otherwise (opaque tokens stay opaque).
///
/// "Text" means: valid UTF-8, at least 4 characters, at least 80 % of them letters, digits,
/// spaces or common punctuation, at least one letter, no control characters besides line
/// breaks and tabs. Short results (under 12 characters) must also be shaped like a name or
/// word (see `short_text`): random ids such as `R4t8Wq` decode to a few bytes that pass a
/// plain printable test far too often. Padding may be percent-encoded (`%3D`).
pub fn decode_opaque(value: &str) -> Option<String> {
    let value = value.trim();
    decode_payload(value).or_else(|| {
        // SendGrid's `upn=` payload: an optional `u001.` version, base64url whose `=` and `/`
        // are quoted-printable-mangled to `-3D` and `-2F`, then `_` and a signature that is not
        // part of the payload.
        let value = value.strip_prefix("u001.").unwrap_or(value);
        let payload = value
            .rsplit_once('_')
            .map_or(value, |(payload, _signature)| payload);
        decode_payload(&unmangle(payload)).or_else(|| decode_payload(payload))
    })
}

/// `-XX` (upper-case hex) back to the byte it stands for, as SendGrid writes `=3D` in links.
fn unmangle(s: &str) -> String {
    let b = s.as_bytes();
    let upper_hex = |c: u8| c.is_ascii_digit() || (b'A'..=b'F').contains(&c);
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'-'
            && i + 2 < b.len()
            && upper_hex(b[i + 1])
            && upper_hex(b[i + 2])
            && let (Some(h), Some(l)) = (hex_val(b[i + 1]), hex_val(b[i + 2]))
        {
            out.push(char::from(h << 4 | l));
            i += 3;
            continue;
        }
        out.push(char::from(b[i]));
        i += 1;
    }
    out
}

fn decode_payload(value: &str) -> Option<String> {
    let mut v = value.as_bytes();
    // Strip padding, literal or percent-encoded.
    loop {
        if let Some(rest) = v.strip_suffix(b"=") {
            v = rest;
        } else if v.len() >= 3
            && (v[v.len() - 3..].eq_ignore_ascii_case(b"%3D") || &v[v.len() - 3..] == b"-3D")
        {
            v = &v[..v.len() - 3];
        } else {
            break;
        }
    }
    if v.len() < 6 {
        return None;
    }
    let padded = v.len() != value.len();
    // Hex first: an even-length run of hex digits is also valid base64, but hex is likelier.
    if !padded && v.len().is_multiple_of(2) && v.iter().all(u8::is_ascii_hexdigit) {
        let bytes: Vec<u8> = v
            .chunks(2)
            .filter_map(|p| Some(hex_val(p[0])? << 4 | hex_val(p[1])?))
            .collect();
        if let Some(s) = as_text(bytes) {
            return Some(s);
        }
    }
    let standard = v.iter().any(|&c| c == b'+' || c == b'/');
    let url_safe = v.iter().any(|&c| c == b'-' || c == b'_');
    if (standard && url_safe) || v.len() % 4 == 1 {
        return None;
    }
    let mut bytes = Vec::with_capacity(v.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in v {
        acc = acc << 6 | u32::from(b64_val(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    as_text(bytes)
}

/// The bytes as a string when they look like human-readable text (see [`decode_opaque`]).
fn as_text(bytes: Vec<u8>) -> Option<String> {
    let s = String::from_utf8(bytes).ok()?;
    let mut total = 0usize;
    let mut texty = 0usize;
    let mut letters = 0usize;
    for c in s.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
            return None;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
        if c.is_alphanumeric() || c.is_whitespace() || ".,-_@:/'\"!?()&=+#;%*$~{}[]".contains(c) {
            texty += 1;
        }
    }
    if total < 4 || letters == 0 || texty * 5 < total * 4 {
        return None;
    }
    if total < SHORT && !short_text(&s) {
        return None;
    }
    Some(s)
}

/// Results shorter than this (in characters) get the stricter [`short_text`] check.
const SHORT: usize = 12;

/// A short decoded value must look like a name, word or e-mail-ish token: letters (ASCII or
/// Latin accented), digits, spaces and `.@_-'` only, mostly letters with a vowel, each word
/// lowercase, UPPERCASE or Capitalised, and at most one switch between letters and digits.
/// Random ids decode to short byte strings that pass a plain "printable" test far too often.
fn short_text(s: &str) -> bool {
    let is_letter = |c: char| {
        c.is_ascii_alphabetic() || (('\u{C0}'..='\u{17F}').contains(&c) && c.is_alphabetic())
    };
    if !s
        .chars()
        .all(|c| is_letter(c) || c.is_ascii_digit() || " .@_-'".contains(c))
    {
        return false;
    }
    let total = s.chars().count();
    let letters = s.chars().filter(|&c| is_letter(c)).count();
    if letters * 5 < total * 3
        || !s
            .chars()
            .any(|c| "aeiouyAEIOUY".contains(c) || !c.is_ascii())
    {
        return false;
    }
    let words_ok = s.split(|c: char| !is_letter(c)).all(|w| {
        let mut chars = w.chars();
        chars.next();
        chars.all(char::is_lowercase) || w.chars().all(char::is_uppercase)
    });
    let mut switches = 0;
    let mut prev: Option<bool> = None;
    for c in s.chars().filter(|&c| is_letter(c) || c.is_ascii_digit()) {
        let letter = is_letter(c);
        if prev.is_some_and(|p| p != letter) {
            switches += 1;
        }
        prev = Some(letter);
    }
    words_ok && switches <= 1
}

/// If the (raw) query value `value` is itself a URL — as is, or after percent-decoding once or
/// twice (`https%3A%2F%2F…`, `https%253A%252F%252F…`) — that URL; `None` otherwise. Redirect and
/// click-tracking wrappers carry their target this way; the result can be given to
/// [`find_urls`](super::find_urls) and [`parse`](super::parse) in turn. Base64-wrapped targets
/// can be found by passing the output of [`decode_opaque`].
pub fn nested_url(value: &str) -> Option<Cow<'_, str>> {
    let mut cur: Cow<'_, str> = Cow::Borrowed(value.trim());
    for round in 0..3 {
        if has_scheme(&cur) {
            return Some(cur);
        }
        if round == 2 {
            break;
        }
        let next = match &cur {
            Cow::Borrowed(s) => percent_decode(s, true),
            Cow::Owned(s) => Cow::Owned(percent_decode(s, true).into_owned()),
        };
        if next == cur {
            break;
        }
        cur = next;
    }
    None
}

/// If the (raw) path segment `segment` is a percent-encoded URL written without its scheme, as
/// Postmark's click wrapper carries its target (`click.pstmrk.it/3s/portal.example.org%2Fr%3Fmrn%3D1`),
/// that URL with `https://` put back; `None` otherwise. Only an encoded segment counts: a plain
/// host-like segment (`cdn.example.org`) is a path, not a wrapped link.
pub fn schemeless_url(segment: &str) -> Option<String> {
    let lower = segment.to_ascii_lowercase();
    if !(lower.contains("%2f") || lower.contains("%3f")) {
        return None;
    }
    let decoded = percent_decode(segment, false);
    if has_scheme(&decoded) {
        return Some(decoded.into_owned());
    }
    let host_end = decoded.find(['/', '?'])?;
    let host = &decoded[..host_end];
    let labels: Vec<&str> = host.split('.').collect();
    let host_like = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
    host_like.then(|| format!("https://{decoded}"))
}

/// True when `s` starts with `http://`, `https://` or `ftp://` (case-insensitive) and has
/// something after it.
fn has_scheme(s: &str) -> bool {
    let b = s.as_bytes();
    super::SCHEMES.iter().any(|scheme| {
        b.len() > scheme.len() + 3
            && b[..scheme.len()].eq_ignore_ascii_case(scheme)
            && &b[scheme.len()..scheme.len() + 3] == b"://"
    })
}
