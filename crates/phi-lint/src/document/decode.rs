//! Bytes to text: how a file's bytes are decoded, by byte-order mark and by format.
//!
//! A compliance gate must not pass what it could not read, so a file is either decoded into
//! text or refused with an error — never guessed at. Decoded text is what every span refers
//! to; see [`Encoding`] for how positions map back to the file.
//!
//! UTF-16 and ISO-8859-1 are decoded by hand: `std` decodes UTF-16 code units
//! (`char::decode_utf16`) and ISO-8859-1 is the first 256 code points, so neither needs a
//! general-purpose transcoding crate.

use std::{fmt, io, path::Path};

/// How a document's bytes were decoded into its text.
///
/// Spans ([`Span`](crate::Span), `start`/`end` of a finding) are byte offsets into the
/// decoded text ([`Document::text`](super::Document::text)), which is UTF-8 without a
/// byte-order mark. Lines and columns (1-based, columns count characters) are the same in the
/// file as in the decoded text for every encoding here, so they are the positions to show a
/// user or an editor; byte offsets equal file offsets only for [`Encoding::Utf8`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// UTF-8 without a byte-order mark: spans are file offsets.
    Utf8,
    /// UTF-8 after a byte-order mark (`EF BB BF`): file offset = span offset + 3.
    Utf8Bom,
    /// UTF-16 little-endian, detected by its byte-order mark (`FF FE`).
    Utf16Le,
    /// UTF-16 big-endian, detected by its byte-order mark (`FE FF`).
    Utf16Be,
    /// ISO-8859-1 (Latin-1): a `.properties` file that is not valid UTF-8 (the format's
    /// traditional encoding). Every byte is one character.
    Latin1,
}

impl Encoding {
    /// The name machine formats use: `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`,
    /// `iso-8859-1`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Latin1 => "iso-8859-1",
        }
    }
}

impl Encoding {
    /// `text` as bytes in this encoding, byte-order mark included: what a fixed document is
    /// written back as, so a file keeps its encoding. `None` when a character cannot be
    /// represented (above U+00FF in ISO-8859-1).
    pub fn encode(self, text: &str) -> Option<Vec<u8>> {
        Some(match self {
            Encoding::Utf8 => text.as_bytes().to_vec(),
            Encoding::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            Encoding::Utf16Le => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            Encoding::Utf16Be => [0xFE, 0xFF]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
                .collect(),
            Encoding::Latin1 => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).ok())
                .collect::<Option<Vec<u8>>>()?,
        })
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Bytes scanned for a NUL when deciding whether a file is binary.
const BINARY_SNIFF: usize = 8192;

/// Decodes `bytes` of the file `path`: a byte-order mark decides first (UTF-8, UTF-16 LE/BE,
/// for every format); then UTF-8; then, for `.properties` only, ISO-8859-1.
///
/// # Errors
/// [`io::ErrorKind::InvalidData`] with a message naming the problem (`binary file`,
/// `not UTF-8 text`, `invalid UTF-16 text`); the message never quotes the content.
pub(crate) fn decode(path: &Path, bytes: Vec<u8>) -> io::Result<(String, Encoding)> {
    let invalid = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_owned());
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec())
            .map(|t| (t, Encoding::Utf8Bom))
            .map_err(|_| invalid("not UTF-8 text (after a UTF-8 byte-order mark)"));
    }
    for (bom, encoding) in [
        (b"\xFF\xFE", Encoding::Utf16Le),
        (b"\xFE\xFF", Encoding::Utf16Be),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return utf16(rest, encoding == Encoding::Utf16Le)
                .map(|t| (t, encoding))
                .ok_or_else(|| invalid("invalid UTF-16 text"));
        }
    }
    if bytes.iter().take(BINARY_SNIFF).any(|&b| b == 0) {
        return Err(invalid("binary file"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Encoding::Utf8)),
        Err(e) if is_properties(path) => Ok((
            e.into_bytes().iter().map(|&b| char::from(b)).collect(),
            Encoding::Latin1,
        )),
        Err(_) => Err(invalid(
            "not UTF-8 text (save it as UTF-8, or with a UTF-16 byte-order mark)",
        )),
    }
}

fn is_properties(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("properties"))
}

/// UTF-16 code units to text; `None` for an odd length or an unpaired surrogate.
fn utf16(bytes: &[u8], little_endian: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|p| {
        if little_endian {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16_bytes(text: &str, little_endian: bool) -> Vec<u8> {
        let mut out = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in text.encode_utf16() {
            out.extend(if little_endian {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn byte_order_marks_decide_for_every_format() {
        let text = "Café visit: your results";
        for path in ["a.txt", "a.properties", "a.json"] {
            let p = Path::new(path);
            assert_eq!(
                decode(p, utf16_bytes(text, true)).unwrap(),
                (text.to_owned(), Encoding::Utf16Le)
            );
            assert_eq!(
                decode(p, utf16_bytes(text, false)).unwrap(),
                (text.to_owned(), Encoding::Utf16Be)
            );
            let mut bom = b"\xEF\xBB\xBF".to_vec();
            bom.extend(text.as_bytes());
            assert_eq!(
                decode(p, bom).unwrap(),
                (text.to_owned(), Encoding::Utf8Bom)
            );
        }
    }

    #[test]
    fn encoding_round_trips() {
        let text = "greeting=Café\nsms=ok\n";
        for (path, encoding) in [
            ("a.txt", Encoding::Utf8),
            ("a.txt", Encoding::Utf8Bom),
            ("a.txt", Encoding::Utf16Le),
            ("a.txt", Encoding::Utf16Be),
            ("a.properties", Encoding::Latin1),
        ] {
            let bytes = encoding.encode(text).unwrap();
            assert_eq!(
                decode(Path::new(path), bytes).unwrap(),
                (text.to_owned(), encoding)
            );
        }
        assert_eq!(Encoding::Latin1.encode("€"), None);
    }

    #[test]
    fn latin1_only_for_properties() {
        let latin1 = b"greeting=caf\xE9 results\n".to_vec();
        assert_eq!(
            decode(Path::new("m.properties"), latin1.clone()).unwrap(),
            ("greeting=café results\n".to_owned(), Encoding::Latin1)
        );
        // Valid UTF-8 wins for .properties too.
        assert_eq!(
            decode(Path::new("m.properties"), "café".as_bytes().to_vec())
                .unwrap()
                .1,
            Encoding::Utf8
        );
        let err = decode(Path::new("m.txt"), latin1).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().starts_with("not UTF-8"), "{err}");
    }

    #[test]
    fn broken_utf16_and_binary_are_errors() {
        let mut odd = utf16_bytes("ab", true);
        odd.push(b'x');
        assert!(decode(Path::new("a.txt"), odd).is_err());
        // An unpaired high surrogate.
        assert!(decode(Path::new("a.txt"), vec![0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]).is_err());
        let err = decode(Path::new("a.txt"), b"ab\0cd".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "binary file");
    }
}
