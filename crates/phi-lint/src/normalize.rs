//! Text normalized for matching: ASCII lower case, accents and compatibility forms folded,
//! separator runs as one space, with a map back to original offsets. Rule loading folds terms
//! with it and the matcher folds every text with it, so both read text the same way.

use phi_lint_syntax::Span;

/// A text normalized for matching, with a map from each normalized byte to its original span.
pub(crate) struct Normalized {
    pub(crate) text: String,
    pub(crate) offsets: Offsets,
}

/// Where the bytes of a normalized text come from.
pub(crate) enum Offsets {
    /// Byte `i` is original byte `i`: ASCII text whose separators are single and inside.
    Identity,
    /// ASCII text: byte `i` starts at original offset `starts[i]` and is one byte long, except a
    /// space, which stands for the separator run up to the next byte's start.
    Ascii(Vec<u32>),
    /// Byte `i` is (part of the folding of) original `starts[i]..ends[i]`.
    Folded { starts: Vec<u32>, ends: Vec<u32> },
}

/// ASCII folding for matching: lower case, and a space for each separator (whitespace as
/// `char::is_whitespace` has it, `-`, `_`). One table lookup per byte on the common path.
const ASCII_FOLD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' | b'-' | b'_' => b' ',
            c => c.to_ascii_lowercase(),
        };
        b += 1;
    }
    table
};

/// True for a byte that separates words like a space does (and folds to one).
pub(crate) fn is_separator(b: u8) -> bool {
    ASCII_FOLD.get(usize::from(b)) == Some(&b' ')
}

impl Normalized {
    pub(crate) fn new(src: &str) -> Normalized {
        if src.is_ascii() {
            return Normalized::ascii(src.as_bytes());
        }
        Normalized::folded(src)
    }

    /// The ASCII path: no decoding, and no offset map at all when every separator run is one
    /// byte between two others (most SMS).
    pub(crate) fn ascii(bytes: &[u8]) -> Normalized {
        // Fold every byte first (a lookup per byte, no branch), then check for identity (no
        // separator first, last or next to another); only a text that fails it is folded again
        // with its offset map. The mask only drops the bounds check: the bytes are ASCII.
        let mut text: Vec<u8> = bytes
            .iter()
            .map(|&b| ASCII_FOLD[usize::from(b & 0x7f)])
            .collect();
        let identity = text.first() != Some(&b' ')
            && text.last() != Some(&b' ')
            && !text.windows(2).any(|pair| pair == b"  ");
        if identity {
            return Normalized {
                text: String::from_utf8(text).unwrap_or_default(),
                offsets: Offsets::Identity,
            };
        }
        text.clear();
        let mut starts = Vec::with_capacity(bytes.len());
        let mut pending = None;
        for (i, &b) in bytes.iter().enumerate() {
            let folded = ASCII_FOLD[usize::from(b)];
            if folded == b' ' {
                if !text.is_empty() {
                    pending = pending.or(Some(i as u32));
                }
                continue;
            }
            if let Some(at) = pending.take() {
                text.push(b' ');
                starts.push(at);
            }
            text.push(folded);
            starts.push(i as u32);
        }
        Normalized {
            text: String::from_utf8(text).unwrap_or_default(),
            offsets: Offsets::Ascii(starts),
        }
    }

    /// The general path: characters decoded, classified and folded.
    pub(crate) fn folded(src: &str) -> Normalized {
        let bytes = src.as_bytes();
        let mut text = Vec::with_capacity(src.len());
        let mut starts = Vec::with_capacity(src.len());
        let mut ends = Vec::with_capacity(src.len());
        let mut pending: Option<(u32, u32)> = None;
        let mut i = 0;
        while i < bytes.len() {
            // ASCII fast path: one table lookup (as in `ascii`); other characters are decoded
            // whole below.
            if let Some(&folded) = ASCII_FOLD.get(usize::from(bytes[i])) {
                let at = i as u32;
                i += 1;
                if folded == b' ' {
                    if !text.is_empty() {
                        pending = Some(pending.map_or((at, at + 1), |(s, _)| (s, at + 1)));
                    }
                    continue;
                }
                if let Some((s, e)) = pending.take() {
                    text.push(b' ');
                    starts.push(s);
                    ends.push(e);
                }
                text.push(folded);
                starts.push(at);
                ends.push(at + 1);
                continue;
            }
            let c = src[i..].chars().next().unwrap_or(' ');
            let len = c.len_utf8();
            let end = (i + len) as u32;
            let class = classify(c);
            match class {
                Class::Separator => {
                    if !text.is_empty() {
                        pending = Some(pending.map_or((i as u32, end), |(s, _)| (s, end)));
                    }
                    i += len;
                    continue;
                }
                // A combining mark belongs to the letter before it: folded away, its bytes
                // join that letter's span.
                Class::Mark => {
                    if pending.is_none() {
                        let at = i as u32;
                        for e in ends.iter_mut().rev().take_while(|e| **e == at) {
                            *e = end;
                        }
                    }
                    i += len;
                    continue;
                }
                _ => {}
            }
            if let Some((s, e)) = pending.take() {
                text.push(b' ');
                starts.push(s);
                ends.push(e);
            }
            let before = text.len();
            match class {
                Class::Ascii(b) => text.push(b.to_ascii_lowercase()),
                Class::Letter => fold_letter(c, |f| {
                    for l in f.to_lowercase() {
                        let mut buf = [0; 4];
                        text.extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
                    }
                }),
                _ => {}
            }
            let n = text.len() - before;
            starts.extend(std::iter::repeat_n(i as u32, n));
            ends.extend(std::iter::repeat_n(end, n));
            i += len;
        }
        // Only whole characters were copied, so the bytes are valid UTF-8.
        let text = String::from_utf8(text).unwrap_or_default();
        Normalized {
            text,
            offsets: Offsets::Folded { starts, ends },
        }
    }

    /// The original span of normalized bytes `start..end`.
    pub(crate) fn original(&self, start: usize, end: usize) -> Span {
        if start >= end || end > self.text.len() {
            return Span::new(0, 0);
        }
        match &self.offsets {
            Offsets::Identity => Span::new(start, end),
            Offsets::Ascii(starts) => {
                // A space is never last: it is pushed only before the byte that ends its run.
                let last_end = if self.text.as_bytes()[end - 1] == b' ' {
                    starts.get(end).copied().unwrap_or(starts[end - 1] + 1)
                } else {
                    starts[end - 1] + 1
                };
                Span::new(starts[start] as usize, last_end as usize)
            }
            Offsets::Folded { starts, ends } => {
                Span::new(starts[start] as usize, ends[end - 1] as usize)
            }
        }
    }
}

/// How a non-ASCII character reads for matching. Word boundaries follow Unicode (UAX #29):
/// letters and digits are word characters; punctuation, symbols, spaces and the zero-width
/// space separate words; combining marks and the invisible format characters that rule WB4
/// ignores (soft hyphen, joiners, word joiner, BOM, direction marks) fold into the letter
/// before them, so "hypo\u{AD}thyroidism" is one word, as a reader sees it.
#[derive(Clone, Copy)]
pub(crate) enum Class {
    Separator,
    Ascii(u8),
    Letter,
    Mark,
}

pub(crate) fn classify(c: char) -> Class {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => Class::Ascii(b'\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' | '\u{2033}' => {
            Class::Ascii(b'"')
        }
        '\u{2026}' => Class::Ascii(b'.'),
        // Format characters other than the zero-width space (a break opportunity).
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200C}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}' => Class::Mark,
        c if unicode_normalization::char::is_combining_mark(c) => Class::Mark,
        c if c.is_alphanumeric() => Class::Letter,
        _ => Class::Separator,
    }
}

/// Calls `f` with the base letters of `c` (NFKD without its combining marks): "é" → "e",
/// full-width "Ｈ" → "H", "ﬁ" → "fi", "²" → "2". Case is kept. The decomposition tables are
/// the `unicode-normalization` crate's (std has none); a letter without one is itself.
fn fold_letter(c: char, mut f: impl FnMut(char)) {
    unicode_normalization::char::decompose_compatible(c, |d| {
        if d.is_alphanumeric() && !unicode_normalization::char::is_combining_mark(d) {
            f(d);
        }
    });
}

/// The single ASCII letter or digit `c` folds to, case kept ("É" → 'E', "５" → '5').
pub(crate) fn ascii_letter(c: char) -> Option<char> {
    let (mut first, mut count) = (None, 0);
    fold_letter(c, |f| {
        first = Some(f);
        count += 1;
    });
    first.filter(|f| count == 1 && f.is_ascii())
}

/// `text` folded for matching as terms are: ASCII lower case, accents and compatibility forms
/// folded, separator runs as one space.
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii()
        && !text
            .bytes()
            .any(|b| b == b'-' || b == b'_' || b.is_ascii_whitespace())
    {
        return text.to_ascii_lowercase();
    }
    Normalized::new(text).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_format_characters_inside_a_word_join_it() {
        for src in [
            "hypo\u{00AD}thyroidism",
            "hypo\u{200D}thyroidism",
            "hypo\u{2060}thyroidism",
            "hypo\u{FEFF}thyroidism",
        ] {
            let n = Normalized::new(src);
            assert_eq!(n.text, "hypothyroidism", "{src:?}");
            assert_eq!(n.original(0, n.text.len()).slice(src), src);
        }
        // The zero-width space is a break opportunity: it still separates words.
        assert_eq!(Normalized::new("HIV\u{200B}test").text, "hiv test");
        // Leading and trailing ones vanish without a trace in the spans.
        let src = "\u{00AD}cancer\u{00AD} clinic";
        let n = Normalized::new(src);
        assert_eq!(n.text, "cancer clinic");
        assert_eq!(n.original(0, 6).slice(src), "cancer\u{00AD}");
    }
}
