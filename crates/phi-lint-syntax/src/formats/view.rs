//! Building length-preserving views: a decoded copy of a source range in which every escape is
//! replaced by its character padded with ASCII spaces to the escape's raw length, so a byte
//! offset into the view is a byte offset into the source.

/// Accumulates a view of `src[start..end]`. Ranges must be given in increasing order and on
/// character boundaries; bytes between them are copied verbatim.
pub(crate) struct ViewBuilder<'a> {
    src: &'a str,
    /// Source offset up to which the view has been written.
    done: usize,
    out: String,
}

impl<'a> ViewBuilder<'a> {
    pub(crate) fn new(src: &'a str, start: usize) -> Self {
        ViewBuilder {
            src,
            done: start,
            out: String::new(),
        }
    }

    /// Copies the source up to `pos`.
    fn copy_to(&mut self, pos: usize) {
        if pos > self.done {
            self.out
                .push_str(self.src.get(self.done..pos).unwrap_or(""));
            self.done = pos;
        }
    }

    /// Replaces the raw escape `src[start..end]` by `ch` padded with spaces. When the character
    /// would not fit (never the case for the escapes we decode), the raw bytes are kept.
    pub(crate) fn decode(&mut self, start: usize, end: usize, ch: char) {
        self.copy_to(start);
        let raw = end.saturating_sub(start);
        if ch.len_utf8() <= raw {
            self.out.push(ch);
            pad(&mut self.out, raw - ch.len_utf8());
            self.done = end;
        }
    }

    /// Replaces `src[start..end]` (markup, line continuations) by spaces.
    pub(crate) fn blank(&mut self, start: usize, end: usize) {
        self.copy_to(start);
        pad(&mut self.out, end.saturating_sub(start));
        self.done = self.done.max(end);
    }

    /// The view, with the source copied up to `end`.
    pub(crate) fn finish(mut self, end: usize) -> String {
        self.copy_to(end);
        self.out
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// The value of one ASCII hex digit.
pub(crate) fn hex_val(b: u8) -> Option<u32> {
    (b as char).to_digit(16)
}

/// Parses exactly `n` hex digits at the start of `bytes`.
pub(crate) fn hex_n(bytes: &[u8], n: usize) -> Option<u32> {
    let digits = bytes.get(..n)?;
    digits
        .iter()
        .try_fold(0u32, |acc, &b| Some(acc * 16 + hex_val(b)?))
}
