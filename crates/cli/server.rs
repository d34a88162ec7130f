//! `phi-lint server`: a Language Server over stdio (`lsp-server` + `lsp-types`, as ruff).
//!
//! Open documents are checked as `phi-lint check` checks files (same config discovery, the
//! library's `Document` API) on open and on every change (full text sync), and their findings
//! published as diagnostics; hovering a finding shows its rule's help and docs; the library's
//! fixes are quick-fix code actions, and `source.fixAll.phi-lint` applies every safe one.
//! Positions are UTF-16 code units, as the protocol requires by default. Nothing the server
//! logs or reports quotes the document's text.

use std::{
    collections::{HashMap, HashSet},
    path::PathBuf,
    sync::Arc,
};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, Hover, HoverContents, HoverParams,
    HoverProviderCapability, MarkupContent, MarkupKind, MessageType, NumberOrString, Position,
    PositionEncodingKind, PublishDiagnosticsParams, Range, ServerCapabilities, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
    notification::{
        DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
        Notification as LspNotification, PublishDiagnostics, ShowMessage,
    },
    request::{CodeActionRequest, HoverRequest, Request as LspRequest},
};
use miette::{Result, miette};
use phi_lint::document::{DocumentFinding, Item};
use phi_lint::{Applicability, Document, Fix, LineIndex, Severity, Span};

use crate::Status;
use crate::args::{LintArgs, ServerArgs};
use crate::lint::{self, Configs};

/// The code action kind of "apply every safe fix".
const FIX_ALL: &str = "source.fixAll.phi-lint";

/// Runs the server until the client says `exit`.
pub(crate) fn run(args: &ServerArgs) -> Result<Status> {
    let lint = LintArgs {
        rules: args.rules.clone(),
        config: args.config.clone(),
        ..LintArgs::default()
    };
    let (connection, io_threads) = Connection::stdio();
    let capabilities = ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(FIX_ALL),
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    };
    let (id, _params) = connection
        .initialize_start()
        .map_err(|e| miette!("LSP initialize: {e}"))?;
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "phi-lint", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| miette!("LSP initialize: {e}"))?;

    let mut server = Server {
        configs: Configs::new(&lint)?,
        lint: &lint,
        open: HashMap::new(),
        shown: HashSet::new(),
    };
    let send = |message: Message| {
        connection
            .sender
            .send(message)
            .map_err(|_| miette!("the client closed the connection"))
    };
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| miette!("LSP shutdown: {e}"))?
                {
                    break;
                }
                send(server.request(request).into())?;
            }
            Message::Notification(notification) => {
                for out in server.notify(notification) {
                    send(out.into())?;
                }
            }
            Message::Response(_) => {}
        }
    }
    drop(connection);
    io_threads
        .join()
        .map_err(|e| miette!("LSP connection: {e}"))?;
    Ok(Status::Clean)
}

/// An open document: its text and what was found in it.
struct Open {
    text: Arc<str>,
    index: LineIndex,
    findings: Vec<DocumentFinding>,
    /// The checked document (for fix-all); `None` when it is not a file phi-lint reads.
    doc: Option<Document>,
}

struct Server<'a> {
    lint: &'a LintArgs,
    configs: Configs<'a>,
    open: HashMap<Uri, Open>,
    /// Errors already shown: a broken config is shown once, not on every keystroke.
    shown: HashSet<String>,
}

impl Server<'_> {
    fn notify(&mut self, n: Notification) -> Vec<Notification> {
        let (uri, text) = match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                match n.extract::<DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD) {
                    Ok(p) => (p.text_document.uri, p.text_document.text),
                    Err(_) => return Vec::new(),
                }
            }
            DidChangeTextDocument::METHOD => {
                match n.extract::<DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD) {
                    // Full sync: the last change is the whole text.
                    Ok(mut p) => match p.content_changes.pop() {
                        Some(change) => (p.text_document.uri, change.text),
                        None => return Vec::new(),
                    },
                    Err(_) => return Vec::new(),
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = n.extract::<DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                else {
                    return Vec::new();
                };
                self.open.remove(&p.text_document.uri);
                return vec![publish(p.text_document.uri, Vec::new())];
            }
            _ => return Vec::new(),
        };
        let mut out = Vec::new();
        let open = match self.check(&uri, text.into()) {
            Ok(open) => open,
            Err(error) => {
                let message = format!("phi-lint: {error}");
                if self.shown.insert(message.clone()) {
                    out.push(Notification::new(
                        ShowMessage::METHOD.to_owned(),
                        ShowMessageParams {
                            typ: MessageType::ERROR,
                            message,
                        },
                    ));
                }
                Open {
                    index: LineIndex::new(""),
                    text: Arc::from(""),
                    findings: Vec::new(),
                    doc: None,
                }
            }
        };
        let diagnostics = open.findings.iter().map(|f| diagnostic(&open, f)).collect();
        self.open.insert(uri.clone(), open);
        out.push(publish(uri, diagnostics));
        out
    }

    /// Checks `text` as the file `uri` names, with that file's configuration.
    fn check(&mut self, uri: &Uri, text: Arc<str>) -> Result<Open> {
        let path = path_of(uri);
        let mut open = Open {
            index: LineIndex::new(&text),
            text: text.clone(),
            findings: Vec::new(),
            doc: None,
        };
        // What `check` would not read when walking a directory (source code, images) is not
        // a message file: no diagnostics, as an editor attaches servers by language broadly.
        if !crate::files::is_candidate(&path) {
            return Ok(open);
        }
        let cfg = self.configs.for_path(&path)?;
        let rel = path.to_string_lossy().replace('\\', "/");
        let doc = lint::configure(self.lint, &cfg, Document::from_text(path, text), &rel);
        let report = cfg.linter.check_document(&doc);
        open.findings = report
            .findings
            .into_iter()
            .filter(DocumentFinding::active)
            .collect();
        open.doc = Some(doc);
        Ok(open)
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            HoverRequest::METHOD => match request.extract::<HoverParams>(HoverRequest::METHOD) {
                Ok((id, p)) => {
                    let at = &p.text_document_position_params;
                    Response::new_ok(id, self.hover(&at.text_document.uri, at.position))
                }
                Err(e) => invalid(id, e),
            },
            CodeActionRequest::METHOD => {
                match request.extract::<CodeActionParams>(CodeActionRequest::METHOD) {
                    Ok((id, p)) => Response::new_ok(id, self.code_actions(&p)),
                    Err(e) => invalid(id, e),
                }
            }
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("unsupported request {}", request.method),
            ),
        }
    }

    fn hover(&self, uri: &Uri, position: Position) -> Option<Hover> {
        let open = self.open.get(uri)?;
        let at = offset(&open.text, &open.index, position);
        let found: Vec<String> = open
            .findings
            .iter()
            .filter(|f| f.file_span.start <= at && at <= f.file_span.end)
            .map(|f| {
                let docs = match &f.item {
                    Item::Rule(rule) => rule.rule().docs.trim(),
                    _ => "",
                };
                format!(
                    "**{}** `{}` ({}): {}\n\n*help:* {}\n\n{docs}",
                    f.code(),
                    f.name(),
                    f.category(),
                    f.message(),
                    f.help()
                )
            })
            .collect();
        (!found.is_empty()).then(|| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: found.join("\n\n---\n\n"),
            }),
            range: None,
        })
    }

    fn code_actions(&mut self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &p.text_document.uri;
        let Some(open) = self.open.get(uri) else {
            return Vec::new();
        };
        let wanted = |kind: &CodeActionKind| {
            p.context
                .only
                .as_ref()
                .is_none_or(|only| only.iter().any(|o| kind.as_str().starts_with(o.as_str())))
        };
        let (start, end) = (
            offset(&open.text, &open.index, p.range.start),
            offset(&open.text, &open.index, p.range.end),
        );
        let mut actions = Vec::new();
        if wanted(&CodeActionKind::QUICKFIX) {
            for f in &open.findings {
                let Some(fix) = &f.fix else { continue };
                let span = f.file_span;
                if span.end < start || span.start > end {
                    continue;
                }
                let unsafe_fix = fix.applicability() == Applicability::Unsafe;
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!(
                        "{}: {}{}",
                        f.code(),
                        fix.message(),
                        if unsafe_fix { " (unsafe)" } else { "" }
                    ),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(open, f)]),
                    edit: Some(workspace_edit(uri, edits(open, fix))),
                    is_preferred: Some(!unsafe_fix),
                    ..CodeAction::default()
                }));
            }
        }
        let fix_all = CodeActionKind::from(FIX_ALL);
        if wanted(&fix_all)
            && let Some(doc) = &open.doc
            && open.findings.iter().any(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability() == Applicability::Safe)
            })
            && let Ok(cfg) = self.configs.for_path(doc.path())
        {
            let fixed = cfg.linter.fix_document(doc, Applicability::Safe);
            if fixed.fixed > 0 {
                let whole = Range::new(
                    Position::new(0, 0),
                    position(&open.text, &open.index, open.text.len()),
                );
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "phi-lint: apply every safe fix".into(),
                    kind: Some(fix_all),
                    edit: Some(workspace_edit(
                        uri,
                        vec![TextEdit::new(whole, fixed.document.text().to_owned())],
                    )),
                    ..CodeAction::default()
                }));
            }
        }
        actions
    }
}

/// A file path for `uri`: the decoded path of a `file:` URI, else the URI's path as a hint
/// (an unsaved `untitled:` buffer).
fn path_of(uri: &Uri) -> PathBuf {
    let path = uri.path().as_estr().decode();
    let path = path
        .into_string()
        .map_or_else(|_| uri.path().as_str().to_owned(), |p| p.into_owned());
    PathBuf::from(path)
}

fn publish(uri: Uri, diagnostics: Vec<Diagnostic>) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_owned(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        },
    )
}

fn invalid(id: RequestId, e: impl std::fmt::Display) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
}

fn diagnostic(open: &Open, f: &DocumentFinding) -> Diagnostic {
    let severity = match f.severity() {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let mut message = format!("{} [{}]", f.message(), f.category());
    if let Some(label) = &f.label {
        message.push_str(&format!(" in {label}"));
    }
    Diagnostic {
        range: range(open, f.file_span),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.code().to_owned())),
        source: Some("phi-lint".into()),
        message,
        ..Diagnostic::default()
    }
}

fn edits(open: &Open, fix: &Fix) -> Vec<TextEdit> {
    fix.edits()
        .iter()
        .map(|e| TextEdit::new(range(open, e.span()), e.content().to_owned()))
        .collect()
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

fn range(open: &Open, span: Span) -> Range {
    let span = span.snap(&open.text);
    Range::new(
        position(&open.text, &open.index, span.start),
        position(&open.text, &open.index, span.end),
    )
}

/// The LSP position of byte `at`: 0-based line, and UTF-16 code units from the line start.
fn position(text: &str, index: &LineIndex, at: usize) -> Position {
    let at = Span::new(at, at).snap(text).start;
    let (line, _) = index.line_col(text, at);
    let start = index.line_span(text, line).start;
    let character = text[start..at].encode_utf16().count();
    Position::new(
        u32::try_from(line - 1).unwrap_or(u32::MAX),
        u32::try_from(character).unwrap_or(u32::MAX),
    )
}

/// The byte offset of an LSP position (clamped to its line, and to the text).
fn offset(text: &str, index: &LineIndex, position: Position) -> usize {
    let line = position.line as usize + 1;
    if line > index.len() {
        return text.len();
    }
    let span = index.line_span(text, line);
    let mut units = 0;
    for (i, c) in span.slice(text).char_indices() {
        if units >= position.character as usize {
            return span.start + i;
        }
        units += c.len_utf16();
    }
    span.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_code_units() {
        // "é" is 2 bytes and 1 unit, "😀" 4 bytes and 2 units, "\r\n" ends a line.
        let text = "é😀x\r\nab😀c\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(position(text, &index, x), Position::new(0, 3));
        let c = text.find('c').unwrap();
        assert_eq!(position(text, &index, c), Position::new(1, 4));
        for at in [0, x, c, text.len()] {
            assert_eq!(offset(text, &index, position(text, &index, at)), at);
        }
        // Inside a character: the next boundary; past the end of a line: the line end.
        assert_eq!(position(text, &index, 1), Position::new(0, 0));
        assert_eq!(offset(text, &index, Position::new(5, 0)), text.len());
    }
}
