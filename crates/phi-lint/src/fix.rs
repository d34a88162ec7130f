//! Automatic fixes, ruff-style: a [`Fix`] is a set of byte-range [`Edit`]s with an
//! [`Applicability`] and a short message. The library attaches one to a finding only where the
//! fix is certain; which rules fix what is data (`[rule.fix]` in the rule packs, read into a
//! [`FixSpec`]), the edit logic here is generic. [`apply_fixes`] applies a set of them to a
//! text, and [`Linter::fix_document`] fixes a whole file and checks it again.
//!
//! ```
//! use phi_lint::{Applicability, Document, Linter};
//!
//! let linter = Linter::builder().build()?;
//! let doc = Document::from_text("templates/sms/visit.txt", "Join at http://telehealth.example.org/j/4Kx9Q");
//! let fixed = linter.fix_document(&doc, Applicability::Unsafe);
//! assert_eq!(fixed.document.text(), "Join at https://telehealth.example.org/j/4Kx9Q");
//! assert_eq!(fixed.fixed, 1);
//! assert!(fixed.report.findings().is_empty());
//! # Ok::<(), phi_lint::BuildError>(())
//! ```

use std::sync::Arc;

use phi_lint_syntax::Span;
use serde::{Deserialize, Serialize};

/// Whether a fix may be applied without review.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The fix keeps the message's meaning and removes the problem: applied by `--fix`.
    #[default]
    Safe,
    /// The fix may change behaviour (a link that has no `https://` version breaks): applied
    /// only when unsafe fixes are asked for.
    Unsafe,
}

impl Applicability {
    /// The lower-case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One edit: replace the bytes of `span` with `content` (an empty span inserts, empty content
/// deletes). The content comes from rule data, never from the message.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Edit {
    span: Span,
    content: Arc<str>,
}

impl Edit {
    /// Replaces `span` with `content`.
    pub fn replace(span: Span, content: impl Into<Arc<str>>) -> Edit {
        Edit {
            span,
            content: content.into(),
        }
    }

    /// Inserts `content` at byte `at`.
    pub fn insert(at: usize, content: impl Into<Arc<str>>) -> Edit {
        Edit::replace(Span::new(at, at), content)
    }

    /// Deletes `span`.
    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }

    /// The bytes replaced.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The replacement text.
    pub fn content(&self) -> &str {
        &self.content
    }

    /// True when the two edits touch the same bytes, or insert at the same place (their order
    /// would be ambiguous).
    fn conflicts(&self, other: &Edit) -> bool {
        self.span.overlaps(other.span)
            || (self.span.start == other.span.start
                && (self.span.is_empty() || other.span.is_empty()))
    }
}

/// A fix for one finding: edits to its text, how safe they are, and what they do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    message: Arc<str>,
    applicability: Applicability,
    edits: Vec<Edit>,
}

impl Fix {
    /// A fix of `edits` (sorted here by position).
    pub fn new(
        message: impl Into<Arc<str>>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            message: message.into(),
            applicability,
            edits,
        }
    }

    /// What the fix does (`use https://`); quotes no message text.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Safe or unsafe.
    pub fn applicability(&self) -> Applicability {
        self.applicability
    }

    /// The edits, sorted by position.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
    }

    /// The fix with every edit moved right by `offset` bytes (unit text to file text).
    pub(crate) fn shift(mut self, offset: usize) -> Fix {
        for e in &mut self.edits {
            e.span = e.span.shift(offset);
        }
        self
    }

    /// True when every edit lies in `text` on character boundaries and no two overlap.
    fn is_valid_in(&self, text: &str) -> bool {
        self.edits.iter().all(|e| e.span.is_valid_in(text))
            && self.edits.windows(2).all(|w| !w[0].conflicts(&w[1]))
    }
}

/// Applies `fixes` to `text` and returns the new text and the number of fixes applied.
///
/// A fix whose edits fall outside `text`, off character boundaries, or over an edit of a fix
/// applied before it (fixes are taken in order of position) is skipped, so the result is
/// well-defined for any input; a fix identical to one already applied counts as applied (two
/// findings may share a fix). The kept edits are applied back to front, so each one's offsets
/// are those of the original text. Checking the result again finds no problem a fix removed,
/// and so yields no fix for it: applying again changes nothing.
///
/// ```
/// use phi_lint::{Applicability, Edit, Fix, Span, apply_fixes};
///
/// let https = Fix::new("use https://", Applicability::Unsafe, vec![Edit::replace(Span::new(0, 7), "https://")]);
/// let (text, applied) = apply_fixes("http://example.org", [&https, &https]);
/// assert_eq!((text.as_str(), applied), ("https://example.org", 2));
/// ```
pub fn apply_fixes<'f>(text: &str, fixes: impl IntoIterator<Item = &'f Fix>) -> (String, usize) {
    let mut fixes: Vec<&Fix> = fixes
        .into_iter()
        .filter(|f| !f.edits.is_empty() && f.is_valid_in(text))
        .collect();
    fixes.sort_by_key(|f| (f.edits[0].span.start, f.edits[0].span.end));
    let mut accepted: Vec<&Fix> = Vec::new();
    let mut applied = 0;
    for fix in fixes {
        if accepted.iter().any(|a| a.edits == fix.edits) {
            applied += 1;
        } else if !accepted
            .iter()
            .flat_map(|a| &a.edits)
            .any(|e| fix.edits.iter().any(|f| f.conflicts(e)))
        {
            accepted.push(fix);
            applied += 1;
        }
    }
    let mut edits: Vec<&Edit> = accepted.iter().flat_map(|f| &f.edits).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = text.to_owned();
    for e in edits.iter().rev() {
        out.replace_range(e.span.range(), &e.content);
    }
    (out, applied)
}

/// How a rule fixes its findings: the `[rule.fix]` table of a rule pack.
///
/// ```toml
/// [rule.fix]
/// message = "use https://"
/// applicability = "unsafe"                          # default "safe"
/// replace = [{ from = "http://", to = "https://" }]   # the finding's exact text (ASCII case
///                                                     # ignored) → its replacement; `key`
///                                                     # limits an entry to a JSON member
/// # or: insert = { before-attribute = "href", text = 'clicktracking="off" ' }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixSpec {
    /// What the fix does.
    pub message: Arc<str>,
    /// Safe or unsafe.
    pub applicability: Applicability,
    edit: EditSpec,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum EditSpec {
    Replace(Vec<Replacement>),
    InsertAttribute(InsertDef),
}

/// `[rule.fix]` as written in a pack.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct FixDef {
    message: String,
    #[serde(default)]
    applicability: Applicability,
    #[serde(default)]
    replace: Vec<Replacement>,
    #[serde(default)]
    insert: Option<InsertDef>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Replacement {
    from: String,
    to: String,
    /// Only when the finding is the value of this JSON member (ASCII case ignored).
    #[serde(default)]
    key: Option<String>,
}

/// Insert an attribute into the HTML tag whose attribute value the finding is.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct InsertDef {
    /// The attribute to insert before (`href`).
    before_attribute: String,
    /// The text inserted (`clicktracking="off" `); the tag must not have its attribute yet.
    text: String,
}

impl FixDef {
    /// The spec, or what is wrong with the table.
    pub(crate) fn into_spec(self) -> Result<FixSpec, String> {
        let edit = match (self.replace.is_empty(), self.insert) {
            (false, None) => EditSpec::Replace(self.replace),
            (true, Some(insert)) if attribute_name(&insert.text).is_some() => {
                EditSpec::InsertAttribute(insert)
            }
            (true, Some(_)) => {
                return Err("`fix.insert.text` must start with an attribute name and `=`".into());
            }
            _ => return Err("`fix` needs exactly one of `replace` or `insert`".into()),
        };
        Ok(FixSpec {
            message: self.message.into(),
            applicability: self.applicability,
            edit,
        })
    }
}

/// `clicktracking` of `clicktracking="off" `.
fn attribute_name(text: &str) -> Option<&str> {
    let name = text.trim_start().split('=').next()?.trim();
    (!name.is_empty() && name.bytes().all(is_attribute_byte)).then_some(name)
}

fn is_attribute_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
}

impl FixSpec {
    /// The fix for a finding at `span` of `text`, when the text there is what the spec fixes.
    pub(crate) fn fix_for(&self, text: &str, span: Span) -> Option<Fix> {
        let found = text.get(span.range())?;
        let edit = match &self.edit {
            EditSpec::Replace(entries) => {
                let entry = entries.iter().find(|r| {
                    found.eq_ignore_ascii_case(&r.from)
                        && r.key.as_ref().is_none_or(|key| {
                            member_key(text, span.start)
                                .is_some_and(|k| k.eq_ignore_ascii_case(key))
                        })
                })?;
                Edit::replace(span, entry.to.as_str())
            }
            EditSpec::InsertAttribute(insert) => {
                Edit::insert(attribute_start(text, span, insert)?, insert.text.as_str())
            }
        };
        Some(Fix::new(
            self.message.clone(),
            self.applicability,
            vec![edit],
        ))
    }
}

/// The key of the JSON member whose value (or string value's content) starts at `at`
/// (`"key": value`); `None` for a key with escapes, which no fix relies on.
fn member_key(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?;
    let before = before.strip_suffix('"').unwrap_or(before);
    let before = before.trim_end().strip_suffix(':')?.trim_end();
    let before = before.strip_suffix('"')?;
    let open = before.rfind('"')?;
    let key = &before[open + 1..];
    (!key.contains('\\')).then_some(key)
}

/// Where to insert `insert.text`: the start of the attribute `insert.before_attribute` whose
/// value is `span`, inside a tag that has no attribute of the inserted name yet.
fn attribute_start(text: &str, span: Span, insert: &InsertDef) -> Option<usize> {
    let before = text.get(..span.start)?;
    let before = before
        .strip_suffix(['"', '\''])
        .unwrap_or(before)
        .trim_end()
        .strip_suffix('=')?
        .trim_end();
    let name_len = before
        .bytes()
        .rev()
        .take_while(|&b| is_attribute_byte(b))
        .count();
    let start = before.len() - name_len;
    if !before[start..].eq_ignore_ascii_case(&insert.before_attribute)
        || !before[..start].ends_with(|c: char| c.is_ascii_whitespace())
    {
        return None;
    }
    let tag_start = before[..start].rfind('<')?;
    if before[tag_start..start].contains('>') {
        return None;
    }
    let after = text.get(span.end..)?;
    let tag_end = span.end + after.find('>')?;
    let name = attribute_name(&insert.text)?.to_ascii_lowercase();
    let has = |s: &str| s.to_ascii_lowercase().contains(&name);
    if has(&text[tag_start..span.start]) || has(&text[span.end..tag_end]) {
        return None;
    }
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(toml: &str) -> FixSpec {
        toml::from_str::<FixDef>(toml).unwrap().into_spec().unwrap()
    }

    #[test]
    fn replaces_only_the_listed_text_and_keys() {
        let s = spec(
            r#"message = "off"
            replace = [{ from = "true", to = "false" }, { from = "HtmlOnly", to = "None", key = "TrackLinks" }]"#,
        );
        let json = r#"{"TrackLinks": "HtmlOnly", "o:tracking-clicks": "HtmlOnly", "x": true}"#;
        let at = |needle: &str, nth: usize| {
            let start = json.match_indices(needle).nth(nth).unwrap().0;
            Span::new(start, start + needle.len())
        };
        let fix = s.fix_for(json, at("HtmlOnly", 0)).unwrap();
        assert_eq!(fix.edits()[0].content(), "None");
        // The same value under another key is not this rule's to fix.
        assert!(s.fix_for(json, at("HtmlOnly", 1)).is_none());
        assert_eq!(
            s.fix_for(json, at("true", 0)).unwrap().edits()[0].content(),
            "false"
        );
        assert!(s.fix_for(json, Span::new(0, 1)).is_none());
    }

    #[test]
    fn inserts_before_the_attribute_unless_the_tag_has_it() {
        let s = spec(
            r#"message = "m"
            insert = { before-attribute = "href", text = 'clicktracking="off" ' }"#,
        );
        let fixed = |html: &str, url: &str| {
            let start = html.find(url).unwrap();
            s.fix_for(html, Span::new(start, start + url.len()))
                .map(|f| apply_fixes(html, [&f]).0)
        };
        assert_eq!(
            fixed(
                "<a class=\"x\" HREF='https://e.org/?mrn=1'>",
                "https://e.org/?mrn=1"
            )
            .as_deref(),
            Some("<a class=\"x\" clicktracking=\"off\" HREF='https://e.org/?mrn=1'>")
        );
        assert_eq!(
            fixed("<a href=https://e.org/?mrn=1>", "https://e.org/?mrn=1").as_deref(),
            Some("<a clicktracking=\"off\" href=https://e.org/?mrn=1>")
        );
        assert_eq!(fixed("<a href=\"u\" clicktracking=\"on\">", "u"), None);
        assert_eq!(fixed("<img src=\"u\">", "u"), None);
        assert_eq!(fixed("href=\"u\"", "u"), None);
    }

    #[test]
    fn bad_specs_are_errors() {
        for toml in [
            r#"message = "m""#,
            r#"message = "m"
            replace = [{ from = "a", to = "b" }]
            insert = { before-attribute = "href", text = 'x="y"' }"#,
            r#"message = "m"
            insert = { before-attribute = "href", text = '"' }"#,
        ] {
            assert!(
                toml::from_str::<FixDef>(toml).unwrap().into_spec().is_err(),
                "{toml}"
            );
        }
    }

    #[test]
    fn apply_skips_conflicts_and_bad_edits_and_dedupes() {
        let fix = |start, end, content: &str| {
            Fix::new(
                "m",
                Applicability::Safe,
                vec![Edit::replace(Span::new(start, end), content)],
            )
        };
        let text = "abcdef";
        let (out, n) = apply_fixes(
            text,
            [
                &fix(0, 2, "X"),
                &fix(1, 3, "Y"), // overlaps the first: skipped
                &fix(4, 4, "I"), // insertion
                &fix(4, 4, "J"), // insertion at the same place: ambiguous, skipped
                &fix(5, 9, "Z"), // outside the text: skipped
                &fix(0, 2, "X"), // identical to an applied fix: counts, applied once
                &fix(2, 3, ""),  // adjacent deletion: fine
            ],
        );
        assert_eq!((out.as_str(), n), ("XdIef", 4));
        let multi = "é";
        assert_eq!(apply_fixes(multi, [&fix(1, 2, "e")]), (multi.to_owned(), 0));
    }
}
