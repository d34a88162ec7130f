//! i18n resource files whose strings are message bodies: Rails YAML, i18next JSON, Java
//! `.properties`, Android `strings.xml` and gettext `.po`. Each string comes out with its key path
//! and a length-preserving view, so findings point into the file.
//!
//! All five readers are hand-written and lenient. The YAML one in particular is a Rails-style
//! subset: the YAML crates either give no byte spans for scalars or give them for the decoded
//! event stream only (not the content of quoted or block scalars), and they reject whole files
//! over one bad line, whereas a linter must keep reading and point into the file.

use crate::{Span, SyntaxIssue};

mod android;
mod json;
mod po;
mod properties;
mod yaml;

/// An i18n file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum I18nFormat {
    /// Rails-style nested YAML (`en: appointments: reminder: "…"`).
    Yaml,
    /// i18next / nested JSON.
    Json,
    /// Java `.properties`.
    Properties,
    /// Android `res/values/strings.xml`.
    AndroidXml,
    /// gettext `.po`.
    Po,
}

/// One translatable string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key path, segments joined with `.` (`en.appointments.reminder_sms`).
    pub key: String,
    /// The raw value in the file (quotes excluded).
    pub span: Span,
    /// A length-preserving decoded view of the value (`view.len() == span.len()`): escapes
    /// decoded and padded with spaces, continuation lines and indentation kept as whitespace.
    pub view: String,
}

/// Extracts every string of `src` in `format`. Malformed input yields issues and whatever
/// entries could still be read; never panics.
///
/// Keys per format:
/// - YAML: mapping keys joined with `.`, sequence items as `[i]` (`en.days[0]`). Every scalar
///   is reported, `true` and `42` included: the reader does not type scalars.
/// - JSON: the same; i18next plural suffixes (`_one`, `_other`) are ordinary keys.
/// - Properties: the (unescaped) key.
/// - Android: `name`, `name.quantity` for `<plurals>`, `name[i]` for `<string-array>`.
/// - Po: the msgctxt if present, else the msgid (control characters as spaces, at most 60
///   characters), then `#msgid`, `#msgid_plural`, `#msgstr` or `#msgstr[n]`: the source text
///   is message text too, so both sides are emitted. The header entry is skipped.
pub fn extract(src: &str, format: I18nFormat) -> (Vec<Entry>, Vec<SyntaxIssue>) {
    let mut out = Out::default();
    match format {
        I18nFormat::Yaml => yaml::Yaml::new(src, &mut out).run(),
        I18nFormat::Json => json::extract_json(src, &mut out),
        I18nFormat::Properties => properties::extract_properties(src, &mut out),
        I18nFormat::AndroidXml => android::extract_android(src, &mut out),
        I18nFormat::Po => po::extract_po(src, &mut out),
    }
    // Issues are recorded at a byte position: cover the whole character there.
    for issue in &mut out.issues {
        issue.span = issue.span.snap(src);
    }
    (out.entries, out.issues)
}

#[derive(Default)]
struct Out {
    entries: Vec<Entry>,
    issues: Vec<SyntaxIssue>,
}

impl Out {
    fn entry(&mut self, key: String, span: Span, view: String) {
        debug_assert_eq!(view.len(), span.len(), "views are length-preserving");
        self.entries.push(Entry { key, span, view });
    }

    fn issue(&mut self, at: usize, message: &str) {
        self.issues
            .push(SyntaxIssue::new(Span::new(at, at + 1), message));
    }
}

/// `(start, end)` of every line, without its `\n` / `\r\n` terminator.
fn lines(src: &str) -> Vec<(usize, usize)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', b) {
        let end = if nl > start && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        out.push((start, end));
        start = nl + 1;
    }
    if start < b.len() {
        out.push((start, b.len()));
    }
    out
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Extracts and checks the invariants every entry must hold.
    pub(super) fn check(src: &str, format: I18nFormat) -> (Vec<Entry>, Vec<SyntaxIssue>) {
        let (entries, issues) = extract(src, format);
        for e in &entries {
            assert_eq!(
                e.view.len(),
                e.span.len(),
                "{format:?} {}: {:?}",
                e.key,
                e.view
            );
            assert!(
                src.get(e.span.range()).is_some(),
                "{format:?} {}: span off bounds",
                e.key
            );
        }
        for i in &issues {
            assert!(i.span.is_valid_in(src), "{format:?}: issue at {:?}", i.span);
        }
        (entries, issues)
    }

    pub(super) fn get<'e>(entries: &'e [Entry], key: &str) -> &'e Entry {
        entries.iter().find(|e| e.key == key).unwrap_or_else(|| {
            let keys: Vec<_> = entries.iter().map(|e| e.key.as_str()).collect();
            panic!("no key {key}; have {keys:?}")
        })
    }

    #[test]
    fn never_panics() {
        use super::{android::tests::ANDROID, po::tests::PO, yaml::tests::YAML};
        let props = "a = b \\\n  c\\u00e9\nk:v\n";
        let json = r#"{"a": {"b": ["c\n", "d"]}}"#;
        let docs = [
            (YAML, I18nFormat::Yaml),
            (ANDROID, I18nFormat::AndroidXml),
            (PO, I18nFormat::Po),
            (props, I18nFormat::Properties),
            (json, I18nFormat::Json),
        ];
        for (doc, format) in docs {
            for (i, _) in doc.char_indices() {
                check(&doc[..i], format);
                check(&doc[i..], format);
            }
        }
        // Issues at a multi-byte character cover all of it (they used to split it).
        check("k\\—=v\n", I18nFormat::Properties);
        check("{\"a\": —}", I18nFormat::Json);
        check("msgid —\n", I18nFormat::Po);
        check("<resources><string name=\"a\">—<—", I18nFormat::AndroidXml);
        let alphabet: Vec<char> = "ab -:#|>\"'\\\n\r\t[]{}&*!<>/=u0é;x?".chars().collect();
        let mut rng = test_rng::TestRng::new(11);
        for _ in 0..2000 {
            let s = rng.text(&alphabet, 48);
            for (_, format) in docs {
                check(&s, format);
            }
        }
    }
}
