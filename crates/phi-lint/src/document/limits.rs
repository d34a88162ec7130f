//! Size bounds on what a document may hold: a file over one is refused with an error naming
//! the bound, never truncated (a compliance gate must not pass what it did not read).

use std::{
    fmt,
    fs::File,
    io::{self, Read},
    path::Path,
};

const MIB: u64 = 1 << 20;

/// The largest file and the longest line a document may hold.
///
/// Input over a bound is an error for that file ([`io::ErrorKind::FileTooLarge`], carrying a
/// [`LimitExceeded`]), never a silent cut. Checking is linear in the size either way; the
/// bounds cap the memory and time one hostile file can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest file, in bytes (default 16 MiB).
    pub max_file_size: u64,
    /// The longest line, in bytes of decoded text without its line ending (default 1 MiB).
    pub max_line_length: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_size: 16 * MIB,
            max_line_length: MIB,
        }
    }
}

impl Limits {
    /// No bounds (for a caller that bounds its input itself).
    pub const UNBOUNDED: Limits = Limits {
        max_file_size: u64::MAX,
        max_line_length: u64::MAX,
    };

    /// These limits with another maximum file size in bytes.
    #[must_use]
    pub fn max_file_size(mut self, bytes: u64) -> Limits {
        self.max_file_size = bytes;
        self
    }

    /// These limits with another maximum line length in bytes.
    #[must_use]
    pub fn max_line_length(mut self, bytes: u64) -> Limits {
        self.max_line_length = bytes;
        self
    }

    /// Reads the file at `path` within the size bound: a regular file's size is checked from
    /// its metadata before anything is read, and the read itself stops one byte past the
    /// bound (FIFOs, devices and files that grow while read).
    pub(crate) fn read_file(&self, path: &Path) -> io::Result<Vec<u8>> {
        let file = File::open(path)?;
        let meta = file.metadata()?;
        if meta.is_file() && meta.len() > self.max_file_size {
            return Err(LimitExceeded::FileSize {
                size: Some(meta.len()),
                limit: self.max_file_size,
            }
            .into());
        }
        self.read(file)
    }

    /// Reads `reader` to its end within the size bound (stops one byte past it).
    pub(crate) fn read(&self, reader: impl Read) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        reader
            .take(self.max_file_size.saturating_add(1))
            .read_to_end(&mut bytes)?;
        self.check_size(bytes.len())?;
        Ok(bytes)
    }

    /// Checks a size already in memory.
    pub(crate) fn check_size(&self, len: usize) -> io::Result<()> {
        if len as u64 > self.max_file_size {
            // Past the bound the reader stopped counting: the size is not known.
            return Err(LimitExceeded::FileSize {
                size: None,
                limit: self.max_file_size,
            }
            .into());
        }
        Ok(())
    }

    /// Checks every line of decoded `text` (one pass).
    pub(crate) fn check_lines(&self, text: &str) -> io::Result<()> {
        if text.len() as u64 <= self.max_line_length {
            return Ok(());
        }
        for (n, line) in text.split('\n').enumerate() {
            let length = line.strip_suffix('\r').unwrap_or(line).len() as u64;
            if length > self.max_line_length {
                return Err(LimitExceeded::LineLength {
                    line: n + 1,
                    length,
                    limit: self.max_line_length,
                }
                .into());
            }
        }
        Ok(())
    }
}

/// Which bound a file exceeds (the payload of the [`io::ErrorKind::FileTooLarge`] error).
/// Its message names the bound and the setting that raises it, never the content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitExceeded {
    /// The file is larger than [`Limits::max_file_size`].
    FileSize {
        /// The size, when known before reading (a regular file); `None` when the read was
        /// stopped at the bound.
        size: Option<u64>,
        /// The bound.
        limit: u64,
    },
    /// A line is longer than [`Limits::max_line_length`].
    LineLength {
        /// The 1-based line number.
        line: usize,
        /// Its length in bytes.
        length: u64,
        /// The bound.
        limit: u64,
    },
    /// One message part has more findings than
    /// [`LinterBuilder::max_findings`](crate::LinterBuilder::max_findings): only the first
    /// `limit` (in text order) are reported.
    Findings {
        /// How many findings the part has.
        found: usize,
        /// The bound.
        limit: usize,
    },
}

impl fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            LimitExceeded::FileSize {
                size: Some(size),
                limit,
            } => write!(
                f,
                "file is {} bytes, over the {} limit (raise it with max-file-size)",
                size,
                Size(limit)
            ),
            LimitExceeded::FileSize { size: None, limit } => write!(
                f,
                "file is over the {} limit (raise it with max-file-size)",
                Size(limit)
            ),
            LimitExceeded::LineLength {
                line,
                length,
                limit,
            } => write!(
                f,
                "line {line} is {length} bytes, over the {} line-length limit (raise it with \
                 max-line-length)",
                Size(limit)
            ),
            LimitExceeded::Findings { found, limit } => write!(
                f,
                "{found} findings in one message, over the {limit} limit (raise it with \
                 max-findings)"
            ),
        }
    }
}

impl std::error::Error for LimitExceeded {}

impl From<LimitExceeded> for io::Error {
    fn from(e: LimitExceeded) -> io::Error {
        io::Error::new(io::ErrorKind::FileTooLarge, e)
    }
}

/// Parses a size: a number of bytes (`1048576`) or a number with a binary unit (`512 KiB`,
/// `16MiB`, `1 GiB`). Zero is refused (it would refuse every file).
///
/// # Errors
/// What is wrong, for a diagnostic.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let not_a_size = || format!("`{text}` is not a size (a number of bytes, or e.g. `16 MiB`)");
    let n: u64 = number.parse().map_err(|_| not_a_size())?;
    let scale = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        other => {
            return Err(format!(
                "unknown size unit `{other}` (use bytes, or KiB, MiB or GiB)"
            ));
        }
    };
    match n.checked_mul(scale) {
        Some(0) => Err("a size limit must be at least 1 byte".to_owned()),
        Some(bytes) => Ok(bytes),
        None => Err(format!("`{text}` is too large")),
    }
}

/// A size as people read it: `16 MiB`, `1536 KiB`, `1000 bytes`.
struct Size(u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (unit, scale) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
            if self.0 >= scale && self.0.is_multiple_of(scale) {
                return write!(f, "{} {unit}", self.0 / scale);
            }
        }
        if self.0 == u64::MAX {
            return f.write_str("unbounded");
        }
        write!(f, "{} bytes", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exceeded(e: &io::Error) -> LimitExceeded {
        assert_eq!(e.kind(), io::ErrorKind::FileTooLarge);
        *e.get_ref()
            .and_then(|e| e.downcast_ref::<LimitExceeded>())
            .expect("a LimitExceeded")
    }

    #[test]
    fn sizes_parse_with_binary_units_and_refuse_nonsense() {
        assert_eq!(parse_size("1048576"), Ok(MIB));
        assert_eq!(parse_size("16MiB"), Ok(16 * MIB));
        assert_eq!(parse_size(" 512 KiB "), Ok(512 << 10));
        assert_eq!(parse_size("1 GiB"), Ok(1 << 30));
        for bad in [
            "",
            "0",
            "0 MiB",
            "-1",
            "1.5 MiB",
            "16 MB",
            "MiB",
            "99999999999999 GiB",
        ] {
            assert!(parse_size(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_read_stops_one_byte_past_the_bound() {
        let limits = Limits::default().max_file_size(10);
        assert_eq!(limits.read(&[b'x'; 10][..]).unwrap().len(), 10);
        // An endless reader (a FIFO, /dev/zero) is not read past the bound.
        let e = limits.read(io::repeat(b'x')).unwrap_err();
        assert_eq!(
            exceeded(&e),
            LimitExceeded::FileSize {
                size: None,
                limit: 10
            }
        );
        assert_eq!(
            e.to_string(),
            "file is over the 10 bytes limit (raise it with max-file-size)"
        );
    }

    #[test]
    fn the_longest_line_is_measured_without_its_line_ending() {
        let limits = Limits::default().max_line_length(4);
        assert!(limits.check_lines("abcd\r\nabcd\n\nab").is_ok());
        let e = limits.check_lines("ab\nabcd\nabcde\r\n").unwrap_err();
        assert_eq!(
            exceeded(&e),
            LimitExceeded::LineLength {
                line: 3,
                length: 5,
                limit: 4
            }
        );
        assert_eq!(
            e.to_string(),
            "line 3 is 5 bytes, over the 4 bytes line-length limit (raise it with max-line-length)"
        );
    }

    #[test]
    fn sizes_print_in_the_largest_exact_unit() {
        assert_eq!(Size(16 * MIB).to_string(), "16 MiB");
        assert_eq!(Size(1536 << 10).to_string(), "1536 KiB");
        assert_eq!(Size(1000).to_string(), "1000 bytes");
    }
}
