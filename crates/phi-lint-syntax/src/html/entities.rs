//! Length-preserving decoding of HTML character references.
//!
//! Hand-written rather than a dependency: the table needed for email is small, and decoding in
//! place (reference → UTF-8 bytes + ASCII spaces) keeps every byte offset valid, which no
//! general-purpose decoder does.

use memchr::memchr;

use crate::Span;

/// Decodes the HTML character references inside `span` of `view` in place, keeping the length:
/// each reference is replaced by its UTF-8 encoding followed by ASCII spaces (`&amp;` → `&` and
/// four spaces; `&nbsp;` → a space). `view` must be valid UTF-8 and stays valid UTF-8.
/// Unknown or malformed references are left as they are.
///
/// Supported: the named references common in email (about 150, case-sensitive as in HTML),
/// decimal `&#233;` and hex `&#xE9;` references. No-break and invisible characters (`&nbsp;`,
/// `&zwnj;`, `&#8203;`, `&shy;`, …) become a plain space. Numeric references in the C1 range
/// map to their Windows-1252 characters, as browsers do. A reference needs its `;`, except the
/// legacy `&amp`, `&lt`, `&gt`, `&quot` and `&nbsp`, which are decoded without one when not
/// followed by a letter, digit or `=` (so `?a=1&gt=2` in a URL stays untouched).
pub fn decode_entities(view: &mut [u8], span: Span) {
    let end = span.end.min(view.len());
    let mut i = span.start.min(end);
    while let Some(p) = memchr(b'&', &view[i..end]) {
        let amp = i + p;
        match reference(&view[amp..end]) {
            Some((c, len)) => {
                let mut buf = [0u8; 4];
                let enc = c.encode_utf8(&mut buf).as_bytes();
                let slot = &mut view[amp..amp + len];
                slot[..enc.len()].copy_from_slice(enc);
                slot[enc.len()..].fill(b' ');
                i = amp + len;
            }
            None => i = amp + 1,
        }
    }
}

/// Parses the reference at the start of `s` (which starts with `&`): the character and the
/// reference's length in bytes. The length is always at least the character's UTF-8 length.
fn reference(s: &[u8]) -> Option<(char, usize)> {
    if s.get(1) == Some(&b'#') {
        let (hex, digits_start) = match s.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut n: u32 = 0;
        let mut j = digits_start;
        while let Some(d) = s
            .get(j)
            .and_then(|&c| (c as char).to_digit(if hex { 16 } else { 10 }))
        {
            n = n
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            j += 1;
        }
        if j == digits_start || s.get(j) != Some(&b';') {
            return None;
        }
        let c = numeric_char(n)?;
        let len = j + 1;
        // `&#9;` is 4 bytes and any char needs at most 4; `&#65536;` (first 4-byte char) is 8.
        return (c.len_utf8() <= len).then_some((c, len));
    }
    let name_len = s[1..]
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    let name = std::str::from_utf8(&s[1..1 + name_len]).ok()?;
    if s.get(1 + name_len) == Some(&b';') {
        let c = named(name)?;
        let len = name_len + 2;
        return (c.len_utf8() <= len).then_some((c, len));
    }
    // Legacy references without `;`.
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "nbsp" => ' ',
        _ => return None,
    };
    if s.get(1 + name_len) == Some(&b'=') {
        return None;
    }
    Some((c, name_len + 1))
}

/// The character of a numeric reference; invisible and no-break characters become a space.
fn numeric_char(n: u32) -> Option<char> {
    const CP1252: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
        0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
        0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ];
    let n = match n {
        0 => return None,
        0x80..=0x9F => match CP1252[(n - 0x80) as usize] {
            0 => return None,
            m => u32::from(m),
        },
        _ => n,
    };
    let c = char::from_u32(n)?;
    Some(if is_invisible(c) { ' ' } else { c })
}

/// No-break, zero-width and other invisible characters that should read as a space.
const fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{A0}' | '\u{AD}' | '\u{2000}'
            ..='\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{034F}'
    )
}

/// Named references used in email (HTML names are case-sensitive).
fn named(name: &str) -> Option<char> {
    let c = match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" | "ensp" | "emsp" | "thinsp" | "hairsp" | "numsp" | "puncsp" | "MediumSpace"
        | "NoBreak" | "zwnj" | "zwj" | "lrm" | "rlm" | "shy" | "ZeroWidthSpace"
        | "NonBreakingSpace" => ' ',
        "Tab" => '\t',
        "NewLine" => '\n',
        "copy" | "COPY" => '©',
        "reg" | "REG" => '®',
        "trade" | "TRADE" => '™',
        "hellip" | "mldr" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "minus" => '−',
        "lsquo" => '‘',
        "rsquo" | "rsquor" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" | "rdquor" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" | "bullet" => '•',
        "middot" | "centerdot" => '·',
        "dagger" => '†',
        "Dagger" => '‡',
        "permil" => '‰',
        "prime" => '′',
        "Prime" => '″',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" | "half" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "para" => '¶',
        "sect" => '§',
        "cent" => '¢',
        "pound" => '£',
        "yen" => '¥',
        "euro" => '€',
        "curren" => '¤',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordf" => 'ª',
        "ordm" => 'º',
        "not" => '¬',
        "macr" => '¯',
        "acute" => '´',
        "cedil" => '¸',
        "uml" => '¨',
        "brvbar" => '¦',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "harr" => '↔',
        "check" | "checkmark" => '✓',
        "cross" => '✗',
        "star" => '☆',
        "starf" | "bigstar" => '★',
        "hearts" => '♥',
        "spades" => '♠',
        "clubs" => '♣',
        "diams" => '♦',
        "loz" => '◊',
        "phone" => '☎',
        "infin" => '∞',
        "ne" => '≠',
        "le" => '≤',
        "ge" => '≥',
        "asymp" => '≈',
        "num" => '#',
        "commat" => '@',
        "period" => '.',
        "comma" => ',',
        "colon" => ':',
        "semi" => ';',
        "excl" => '!',
        "quest" => '?',
        "sol" => '/',
        "bsol" => '\\',
        "lpar" => '(',
        "rpar" => ')',
        "lsqb" | "lbrack" => '[',
        "rsqb" | "rbrack" => ']',
        "lcub" | "lbrace" => '{',
        "rcub" | "rbrace" => '}',
        "verbar" | "vert" => '|',
        "ast" => '*',
        "plus" => '+',
        "equals" => '=',
        "percnt" => '%',
        "dollar" => '$',
        "lowbar" => '_',
        "hyphen" | "dash" => '‐',
        "grave" => '`',
        "Hat" => '^',
        "tilde" => '˜',
        "circ" => 'ˆ',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "eth" => 'ð',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "thorn" => 'þ',
        "szlig" => 'ß',
        "oelig" => 'œ',
        "scaron" => 'š',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Atilde" => 'Ã',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Euml" => 'Ë',
        "Igrave" => 'Ì',
        "Iacute" => 'Í',
        "Icirc" => 'Î',
        "Iuml" => 'Ï',
        "ETH" => 'Ð',
        "Ntilde" => 'Ñ',
        "Ograve" => 'Ò',
        "Oacute" => 'Ó',
        "Ocirc" => 'Ô',
        "Otilde" => 'Õ',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Ugrave" => 'Ù',
        "Uacute" => 'Ú',
        "Ucirc" => 'Û',
        "Uuml" => 'Ü',
        "Yacute" => 'Ý',
        "Yuml" => 'Ÿ',
        "THORN" => 'Þ',
        "OElig" => 'Œ',
        "Scaron" => 'Š',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(s: &str) -> String {
        let mut v = s.as_bytes().to_vec();
        let n = v.len();
        decode_entities(&mut v, Span::new(0, n));
        assert_eq!(v.len(), s.len());
        String::from_utf8(v).expect("stays UTF-8")
    }

    #[test]
    fn named_references_keep_length() {
        assert_eq!(decode("a&amp;b"), "a&    b");
        assert_eq!(decode("&lt;p&gt;"), "<   p>   ");
        assert_eq!(decode("Jos&eacute;"), "José      ");
        assert_eq!(decode("&copy; 2026 &mdash; x"), "©     2026 —     x");
        assert_eq!(decode("&ldquo;hi&rdquo;"), "“    hi”    ");
        assert_eq!(decode("a&nbsp;b&zwnj;c"), "a      b      c");
    }

    #[test]
    fn numeric_references() {
        assert_eq!(decode("&#64;"), "@    ");
        assert_eq!(decode("&#x40;&#X41;"), "@     A     ");
        assert_eq!(decode("&#233;"), "é    ");
        assert_eq!(decode("&#128512;"), "😀     ");
        assert_eq!(decode("&#x1F600;"), "😀     ");
        assert_eq!(decode("&#8203;x"), "       x");
        assert_eq!(decode("&#160;"), "      ");
        assert_eq!(decode("&#146;"), "’   ");
    }

    #[test]
    fn unknown_and_malformed_untouched() {
        for s in [
            "&bogus;",
            "&#;",
            "&#x;",
            "&#0;",
            "&#xD800;",
            "&#x110000;",
            "&#99999999999999;",
            "& amp;",
            "&",
            "&#65",
            "&eacute",
            "&#;x",
            "&ampx;",
        ] {
            assert_eq!(decode(s), s, "{s}");
        }
    }

    #[test]
    fn legacy_without_semicolon() {
        assert_eq!(decode("a &amp b"), "a &    b");
        assert_eq!(decode("1 &lt 2"), "1 <   2");
        assert_eq!(decode("?a=1&gt=2"), "?a=1&gt=2");
        assert_eq!(decode("&copy 2026"), "&copy 2026");
    }

    #[test]
    fn only_inside_span_and_utf8_safe() {
        let s = "é&amp;é&amp;";
        let mut v = s.as_bytes().to_vec();
        decode_entities(&mut v, Span::new(0, 8));
        assert_eq!(std::str::from_utf8(&v).unwrap(), "é&    é&amp;");
        // Out-of-range spans never panic.
        decode_entities(&mut v, Span::new(5, 100));
        decode_entities(&mut v, Span::new(100, 200));
        // A reference cut by the span end is left alone.
        let mut v = b"x&amp;".to_vec();
        decode_entities(&mut v, Span::new(0, 4));
        assert_eq!(v, b"x&amp;");
    }
}
