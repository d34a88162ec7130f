use std::fmt;

/// A half-open byte range `start..end` into a source string.
///
/// Spans are plain offsets: they never borrow the source and are `Copy`, so findings can carry
/// them cheaply. All constructors in this crate produce spans on UTF-8 character boundaries.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; `end` is clamped so the span is never inverted.
    pub const fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: if end < start { start } else { end },
        }
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub const fn is_empty(self) -> bool {
        self.end == self.start
    }

    /// The span as a `Range`, for slicing.
    pub const fn range(self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The text under the span, or `""` when the span is out of bounds or not on character
    /// boundaries (never panics).
    pub fn slice(self, src: &str) -> &str {
        src.get(self.range()).unwrap_or("")
    }

    /// True when `other` lies entirely within `self`.
    pub const fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span clamped to `src` and widened to whole characters: the start moves back and the
    /// end forward to the nearest UTF-8 character boundary. A span built from a byte position
    /// (`at..at + 1`) thus covers the character there, and slicing the result never panics.
    pub fn snap(self, src: &str) -> Span {
        let mut start = self.start.min(src.len());
        while !src.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = self.end.clamp(start, src.len());
        while !src.is_char_boundary(end) {
            end += 1;
        }
        Span { start, end }
    }

    /// True when the span lies within `src` and both ends are character boundaries.
    pub fn is_valid_in(self, src: &str) -> bool {
        self.end <= src.len() && src.is_char_boundary(self.start) && src.is_char_boundary(self.end)
    }

    /// The span shifted right by `offset` bytes (for spans relative to a sub-slice).
    pub const fn shift(self, offset: usize) -> Span {
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// A problem found while decomposing input: an unclosed tag, a bad escape. Never fatal; the rest
/// of the input is still decomposed. The message never quotes the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxIssue {
    /// Where the problem starts (often the opening delimiter).
    pub span: Span,
    /// What is wrong, in words that quote no input text.
    pub message: String,
}

impl SyntaxIssue {
    /// An issue at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> SyntaxIssue {
        SyntaxIssue {
            span,
            message: message.into(),
        }
    }
}

/// Converts byte offsets to 1-based line and column numbers.
///
/// Columns count Unicode scalar values (what editors and SARIF `charOffset`-less regions expect).
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// The number of characters before each multiple of [`CHECKPOINT`] bytes, so a column on a
    /// long line is counted from a nearby checkpoint, not from the line start (one-line files
    /// with many findings stay linear).
    chars_before: Vec<usize>,
}

/// Bytes between two character-count checkpoints of a [`LineIndex`].
const CHECKPOINT: usize = 4096;

/// Characters in `bytes`: every byte that does not continue a UTF-8 sequence starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    /// Indexes the line starts of `src` (`\n` ends a line; a preceding `\r` belongs to it).
    pub fn new(src: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1));
        let mut chars_before = vec![0];
        for block in src.as_bytes().chunks(CHECKPOINT) {
            chars_before.push(chars_before[chars_before.len() - 1] + count_chars(block));
        }
        LineIndex {
            line_starts,
            chars_before,
        }
    }

    /// Characters in `src[..offset]`.
    fn chars_to(&self, src: &str, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        self.chars_before[block] + count_chars(&src.as_bytes()[block * CHECKPOINT..offset])
    }

    /// 1-based `(line, column)` of byte `offset` in `src` (the same string given to
    /// [`LineIndex::new`]). Offsets past the end map to the end.
    pub fn line_col(&self, src: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(src.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        // (An offset inside a character counts the character's start.)
        let col = if offset - start <= CHECKPOINT {
            count_chars(&src.as_bytes()[start..offset])
        } else {
            self.chars_to(src, offset) - self.chars_to(src, start)
        };
        (line + 1, col + 1)
    }

    /// Byte span of the 1-based `line`, without its line terminator.
    pub fn line_span(&self, src: &str, line: usize) -> Span {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return Span::new(src.len(), src.len());
        };
        let mut end = self
            .line_starts
            .get(line)
            .map_or(src.len(), |&next| next - 1);
        if end > start && src.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Span::new(start, end)
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.line_starts.len()
    }

    /// Never true: every string has at least one (possibly empty) line.
    pub fn is_empty(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_not_bytes() {
        let src = "ab\ncé d\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_col(src, 0), (1, 1));
        assert_eq!(idx.line_col(src, 3), (2, 1));
        assert_eq!(idx.line_col(src, 7), (2, 4));
        assert_eq!(idx.line_span(src, 2).slice(src), "cé d");
    }

    #[test]
    fn snap_widens_to_whole_characters_within_the_source() {
        let src = "a—b";
        assert_eq!(Span::new(1, 2).snap(src), Span::new(1, 4));
        assert_eq!(Span::new(2, 3).snap(src), Span::new(1, 4));
        assert_eq!(Span::new(0, 7).snap(src), Span::new(0, 5));
        assert_eq!(Span::new(9, 12).snap(src), Span::new(5, 5));
        for start in 0..8 {
            for end in start..8 {
                let snapped = Span::new(start, end).snap(src);
                assert!(snapped.is_valid_in(src), "{start}..{end} → {snapped:?}");
            }
        }
    }

    #[test]
    fn columns_on_long_lines_count_chars() {
        let src = format!("x\n{}", "aé—💊".repeat(3000));
        let idx = LineIndex::new(&src);
        for (offset, _) in src.char_indices().step_by(97) {
            let line_start = src[..offset].rfind('\n').map_or(0, |n| n + 1);
            let expected = src[line_start..offset].chars().count() + 1;
            assert_eq!(idx.line_col(&src, offset).1, expected, "at {offset}");
        }
    }

    #[test]
    fn slice_never_panics() {
        assert_eq!(Span::new(1, 2).slice("é"), "");
        assert_eq!(Span::new(5, 9).slice("ab"), "");
        assert_eq!(Span::new(4, 2), Span::new(4, 4));
    }
}
