//! Inline suppression directives, written in each template dialect's own comment:
//!
//! ```text
//! phi-lint: ignore[ID001, URL002] -- reason        this line (the next, when alone on its line)
//! phi-lint: ignore-next-line[ID001] -- reason
//! phi-lint: disable[ID001] -- reason  …  phi-lint: enable[ID001]
//! phi-lint: file-ignore[URL010] -- reason
//! ```
//!
//! Template comments are stripped at render time; HTML comments (`<!-- -->`) are accepted but
//! reach recipients, so they raise PL903. Problems with directives are reported as `PL9xx`
//! findings in the `suppression` category (never PHI):
//!
//! | Code  | Name                         | Severity |
//! |-------|------------------------------|----------|
//! | PL900 | unused-suppression           | warning  |
//! | PL901 | suppression-without-reason   | warning  |
//! | PL902 | suppression-unknown-code     | error    |
//! | PL903 | suppression-in-html-comment  | warning  |
//! | PL904 | unterminated-disable         | warning  |
//! | PL905 | malformed-suppression        | error    |

use phi_lint_syntax::{
    Dialect, LineIndex, Span,
    html::HtmlDoc,
    template::{Node, Template},
};

use super::{DirectiveFinding, DocumentFinding, FileKind, Item, Suppression};
use crate::fix::{Applicability, Edit, Fix};
use crate::rules::RuleMeta;
use crate::selector;
use crate::types::Severity;

/// The suppression findings: `(code, name, severity, help)`, for listings and SARIF rules.
pub const SUPPRESSION_CODES: &[(&str, &str, Severity, &str)] = &[
    (
        "PL900",
        "unused-suppression",
        Severity::Warning,
        "remove the directive or the codes it no longer needs",
    ),
    (
        "PL901",
        "suppression-without-reason",
        Severity::Warning,
        "add `-- reason` after the code list so reviewers know why",
    ),
    (
        "PL902",
        "suppression-unknown-code",
        Severity::Error,
        "`phi-lint rules` lists the rule codes",
    ),
    (
        "PL903",
        "suppression-in-html-comment",
        Severity::Warning,
        "HTML comments are delivered to recipients; use the template engine's comment instead",
    ),
    (
        "PL904",
        "unterminated-disable",
        Severity::Warning,
        "add `phi-lint: enable[…]` where the exception ends",
    ),
    (
        "PL905",
        "malformed-suppression",
        Severity::Error,
        "write `phi-lint: ignore[CODE, …] -- reason` (also ignore-next-line, disable, enable, file-ignore)",
    ),
];

fn meta(code: &'static str, message: String) -> DirectiveFinding {
    let (code, name, severity, help) = SUPPRESSION_CODES
        .iter()
        .find(|m| m.0 == code)
        .copied()
        .unwrap_or(SUPPRESSION_CODES[5]);
    DirectiveFinding {
        code,
        name,
        severity,
        message,
        help,
        fix: None,
    }
}

/// The fix of an unused code `i` of directive `d`: the whole comment goes when the directive
/// suppresses nothing (with its line when it is alone on it), else the code leaves the list.
/// `disable` is left alone: its `enable` would dangle.
fn unused_code_fix(src: &str, d: &Directive, i: usize) -> Option<Fix> {
    if !matches!(
        d.kind,
        Kind2::Ignore | Kind2::IgnoreNextLine | Kind2::FileIgnore
    ) {
        return None;
    }
    let known = d.codes.iter().filter(|(_, known, _)| *known);
    let edit = if known.clone().all(|(_, _, used)| !used) && d.codes.iter().all(|c| c.1) {
        Edit::delete(comment_removal(src, d.comment))
    } else {
        let spans = code_spans(d.body.slice(src));
        if spans.len() != d.codes.len() {
            return None;
        }
        let at = |k: usize| spans[k].shift(d.body.start);
        // `A, B, C`: drop `B, ` (up to the next code), or `, C` for the last one.
        let span = if i + 1 < spans.len() {
            Span::new(at(i).start, at(i + 1).start)
        } else if i > 0 {
            Span::new(at(i - 1).end, at(i).end)
        } else {
            return None;
        };
        Edit::delete(span)
    };
    Some(Fix::new(
        "remove the unused suppression",
        Applicability::Safe,
        vec![edit],
    ))
}

/// The comment's span widened to its whole line (terminator included) when nothing else is
/// on that line, else to the spaces before it.
fn comment_removal(src: &str, comment: Span) -> Span {
    let line_start = src[..comment.start].rfind('\n').map_or(0, |i| i + 1);
    let rest = &src[comment.end..];
    let line_end = comment.end + rest.find('\n').map_or(rest.len(), |i| i + 1);
    if alone_on_line(src, comment) {
        return Span::new(line_start, line_end);
    }
    let spaces = src[line_start..comment.start].len()
        - src[line_start..comment.start]
            .trim_end_matches([' ', '\t'])
            .len();
    Span::new(comment.start - spaces, comment.end)
}

/// The spans of the codes in a directive's `[…]` list, relative to `body` (as [`parse`] reads
/// them: trimmed, empty items skipped).
fn code_spans(body: &str) -> Vec<Span> {
    let Some(open) = body
        .find("phi-lint:")
        .and_then(|at| body[at..].find('[').map(|o| at + o + 1))
    else {
        return Vec::new();
    };
    let Some(close) = body[open..].find(']').map(|c| open + c) else {
        return Vec::new();
    };
    let mut spans = Vec::new();
    let mut start = open;
    for item in body[open..close].split(',') {
        let lead = item.len() - item.trim_start().len();
        let code = item.trim();
        if !code.is_empty() {
            spans.push(Span::new(start + lead, start + lead + code.len()));
        }
        start += item.len() + 1;
    }
    spans
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind2 {
    Ignore,
    IgnoreNextLine,
    Disable,
    Enable,
    FileIgnore,
}

#[derive(Debug)]
struct Directive {
    kind: Kind2,
    /// Codes with whether each is a known rule and whether it suppressed something.
    codes: Vec<(String, bool, bool)>,
    reason: Option<String>,
    comment: Span,
    /// The comment's body (where the code list is).
    body: Span,
    /// 1-based inclusive line range the directive covers.
    lines: (usize, usize),
    html: bool,
}

/// A comment that may hold a directive.
struct CommentAt {
    span: Span,
    body: Span,
    html: bool,
}

fn comments(src: &str, kind: FileKind, html: bool) -> Vec<CommentAt> {
    let mut out = Vec::new();
    let mut opaque = Vec::new();
    if let FileKind::Template(dialect) = kind
        && dialect != Dialect::Plain
    {
        let t = Template::scan(src, dialect);
        for node in &t.nodes {
            match node {
                Node::Comment(c) => {
                    out.push(CommentAt {
                        span: c.span,
                        body: c.body,
                        html: false,
                    });
                    opaque.push(c.span);
                }
                Node::Var(v) => opaque.push(v.span),
                Node::Tag(t) => opaque.push(t.span),
                _ => {}
            }
        }
    }
    if html && matches!(kind, FileKind::Template(_)) {
        opaque.sort_by_key(|s| s.start);
        for c in HtmlDoc::scan(src, &opaque).comments {
            out.push(CommentAt {
                span: c.span,
                body: c.body,
                html: true,
            });
        }
    }
    out.sort_by_key(|c| c.span.start);
    out
}

/// Parses `phi-lint: KIND[codes] -- reason` in a comment body. `Err` for a malformed directive.
/// A parsed directive: kind, codes, reason.
type Parsed = (Kind2, Vec<String>, Option<String>);

fn parse(body: &str) -> Option<Result<Parsed, String>> {
    let at = body.find("phi-lint:")?;
    let rest = body[at + "phi-lint:".len()..].trim_start();
    let word_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let kind = match &rest[..word_end] {
        "ignore" => Kind2::Ignore,
        "ignore-next-line" => Kind2::IgnoreNextLine,
        "disable" => Kind2::Disable,
        "enable" => Kind2::Enable,
        "file-ignore" => Kind2::FileIgnore,
        other => {
            return Some(Err(format!(
                "unknown suppression directive `{other}` (expected ignore, ignore-next-line, disable, enable or file-ignore)"
            )));
        }
    };
    let rest = rest[word_end..].trim_start();
    let Some(list) = rest.strip_prefix('[') else {
        return Some(Err(
            "a suppression must list the codes it suppresses, e.g. `ignore[ID001]`".into(),
        ));
    };
    let Some(close) = list.find(']') else {
        return Some(Err("unclosed `[` in suppression".into()));
    };
    let codes: Vec<String> = list[..close]
        .split(',')
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    if codes.iter().any(|c| c == "ALL" || c == "*") {
        return Some(Err(
            "blanket suppressions are not allowed; list the codes, e.g. `ignore[ID001]`".into(),
        ));
    }
    if codes.is_empty() {
        return Some(Err(
            "a suppression must list at least one code; blanket suppressions are not allowed"
                .into(),
        ));
    }
    let tail = list[close + 1..].trim();
    let reason = tail
        .strip_prefix("--")
        .map(|r| {
            r.trim()
                .trim_end_matches("--")
                .trim_end_matches('#')
                .trim_end_matches('-')
                .trim()
                .to_owned()
        })
        .filter(|r| !r.is_empty());
    Some(Ok((kind, codes, reason)))
}

/// True when only whitespace surrounds `span` on its first and last lines.
fn alone_on_line(src: &str, span: Span) -> bool {
    let before = &src[..span.start];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let after = &src[span.end..];
    let line_end = after.find('\n').unwrap_or(after.len());
    before[line_start..].trim().is_empty() && after[..line_end].trim().is_empty()
}

/// Applies the directives in `src`: marks suppressed findings and appends the `PL9xx`
/// findings. `rules` is the full rule catalogue (unknown codes are those matching none).
pub(crate) fn apply<'r>(
    findings: &mut Vec<DocumentFinding>,
    src: &str,
    index: &LineIndex,
    kind: FileKind,
    html: bool,
    rules: impl Iterator<Item = &'r RuleMeta> + Clone,
) {
    let line_of = |offset: usize| index.line_col(src, offset).0;
    let last_line = index.len().max(1);
    let mut directives: Vec<Directive> = Vec::new();
    let mut metas: Vec<(Span, DirectiveFinding)> = Vec::new();
    let mut open: Vec<(usize, String)> = Vec::new(); // (directive index, code)

    for c in comments(src, kind, html) {
        let body = c.body.slice(src);
        let Some(parsed) = parse(body) else { continue };
        let (kind, codes, reason) = match parsed {
            Ok(p) => p,
            Err(message) => {
                metas.push((c.span, meta("PL905", message)));
                continue;
            }
        };
        let (first, last) = (line_of(c.span.start), line_of(c.span.end.saturating_sub(1)));
        let lines = match kind {
            Kind2::Ignore if alone_on_line(src, c.span) => (last + 1, last + 1),
            Kind2::Ignore => (first, last),
            Kind2::IgnoreNextLine => (last + 1, last + 1),
            Kind2::Disable => (first, last_line),
            Kind2::Enable => (first, last),
            Kind2::FileIgnore => (1, last_line),
        };
        let codes: Vec<(String, bool, bool)> = codes
            .into_iter()
            .map(|code| {
                let known = rules
                    .clone()
                    .any(|r| selector::matches(&code, &r.code, &r.name, None));
                (code, known, false)
            })
            .collect();
        let idx = directives.len();
        if kind == Kind2::Enable {
            for (code, _, _) in &codes {
                match open.iter().rposition(|(_, c)| c == code) {
                    Some(pos) => {
                        let (d, _) = open.remove(pos);
                        // The range ends at the enable comment. Several codes of one disable
                        // may close at different places: keep the furthest.
                        let end = &mut directives[d].lines.1;
                        if *end == last_line || *end < last {
                            *end = last;
                        }
                    }
                    None => metas.push((
                        c.span,
                        meta(
                            "PL905",
                            format!("`enable[{code}]` without a matching `disable[{code}]`"),
                        ),
                    )),
                }
            }
        }
        if kind == Kind2::Disable {
            for (code, _, _) in &codes {
                open.push((idx, code.clone()));
            }
        }
        directives.push(Directive {
            kind,
            codes,
            reason,
            comment: c.span,
            body: c.body,
            lines,
            html: c.html,
        });
    }
    for (d, code) in &open {
        metas.push((
            directives[*d].comment,
            meta(
                "PL904",
                format!("`disable[{code}]` is never re-enabled; it covers the rest of the file"),
            ),
        ));
    }

    for f in findings.iter_mut() {
        let Item::Rule(finding) = &f.item else {
            continue;
        };
        let line = f.start.0;
        for d in directives.iter_mut() {
            if d.kind == Kind2::Enable || line < d.lines.0 || line > d.lines.1 {
                continue;
            }
            for (code, known, used) in d.codes.iter_mut() {
                if *known
                    && selector::matches(code, finding.code(), finding.name(), None)
                    && f.suppressed.is_none()
                {
                    *used = true;
                    f.suppressed = Some(Suppression {
                        in_source: true,
                        reason: d
                            .reason
                            .clone()
                            .unwrap_or_else(|| "(no reason given)".into()),
                    });
                }
            }
        }
    }

    for d in &directives {
        if d.kind != Kind2::Enable && d.reason.is_none() {
            metas.push((
                d.comment,
                meta(
                    "PL901",
                    "suppression without a reason (`-- why this is safe`)".into(),
                ),
            ));
        }
        if d.html {
            metas.push((
                d.comment,
                meta(
                    "PL903",
                    "suppression in an HTML comment, which is delivered to recipients".into(),
                ),
            ));
        }
        for (i, (code, known, used)) in d.codes.iter().enumerate() {
            if !known {
                metas.push((
                    d.comment,
                    meta("PL902", format!("`{code}` is not a rule code")),
                ));
            } else if !used && d.kind != Kind2::Enable {
                let mut m = meta(
                    "PL900",
                    format!("unused suppression: no `{code}` finding here"),
                );
                m.fix = unused_code_fix(src, d, i);
                metas.push((d.comment, m));
            }
        }
    }

    for (span, mut m) in metas {
        let fix = m.fix.take();
        findings.push(DocumentFinding {
            fix,
            item: Item::Meta(m),
            label: None,
            key: None,
            span,
            decoded: None,
            file_span: span,
            start: index.line_col(src, span.start),
            end: index.line_col(src, span.end),
            suppressed: None,
            fingerprint: String::new(),
        });
    }
    findings.sort_by_key(|l| (l.start, l.end));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_directives() {
        let (k, codes, reason) = parse(" phi-lint: ignore[ID001, URL002] -- legacy ")
            .unwrap()
            .unwrap();
        assert_eq!(k, Kind2::Ignore);
        assert_eq!(codes, ["ID001", "URL002"]);
        assert_eq!(reason.as_deref(), Some("legacy"));
        let (_, _, reason) = parse("phi-lint: disable[ID001]").unwrap().unwrap();
        assert_eq!(reason, None);
        assert!(parse("phi-lint: ignore -- x").unwrap().is_err());
        assert!(parse("phi-lint: ignore[] -- x").unwrap().is_err());
        assert!(parse("just a comment").is_none());
    }
}
