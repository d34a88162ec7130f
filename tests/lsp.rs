//! `phi-lint server`: a scripted Language Server session over the binary's stdio —
//! initialize, open templates, receive diagnostics (UTF-16 positions), hover, request code
//! actions, apply their edits as an editor would, change the document, see the diagnostics
//! go, shut down and exit.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_phi-lint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary runs");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = mpsc::channel();
        // Reads framed messages on a thread, so a silent server fails the test by timeout.
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if stdout.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length")];
                stdout.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn recv(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers")
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result (notifications in between are dropped).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let message = self.recv();
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.recv();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }
}

/// The byte offset of an LSP position, counting UTF-16 code units as the protocol does.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let character = position["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Applies a WorkspaceEdit's edits for `uri` to `text`, back to front.
fn apply(text: &str, edit: &Value, uri: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = edit["changes"][uri]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"]),
                offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    edits.sort();
    let mut out = text.to_owned();
    for (start, end, new) in edits.into_iter().rev() {
        out.replace_range(start..end, &new);
    }
    out
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect()
}

fn file_uri(path: &Path) -> String {
    // Percent-encode the space in the folder name, as editors do.
    format!("file://{}", path.display().to_string().replace(' ', "%20"))
}

#[test]
fn a_scripted_session_publishes_hovers_and_fixes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    // The config sits in a folder whose name the URI percent-encodes: only a decoded path
    // finds it.
    let project = dir.path().join("my templates");
    std::fs::create_dir_all(project.join("email")).unwrap();
    std::fs::create_dir_all(project.join("sms")).unwrap();
    std::fs::write(
        project.join(".phi-lint.toml"),
        "[severity]\nTRK001 = \"warning\"\n",
    )
    .unwrap();

    let mut client = Client::start(dir.path());
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["textDocumentSync"], 1, "full sync");
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    client.notify("initialized", json!({}));

    // An HTML email with a PHI-bearing tracked link, after non-ASCII text on the same line.
    let html_uri = file_uri(&project.join("email/intake.html"));
    let prefix = "<p>Olá 😀 <a href=\"";
    let mut html = format!(
        "<h1>Intake</h1>\n{prefix}https://forms.example.org/q?patient_id=558120\">Open</a></p>\n"
    );
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": html_uri, "languageId": "html", "version": 1, "text": html}}),
    );
    let diagnostics = client.diagnostics(&html_uri);
    assert_eq!(codes(&diagnostics), ["TRK001", "URL002"]);
    let tracked = &diagnostics[0];
    assert_eq!(
        tracked["severity"], 2,
        "a warning, as the folder's config says"
    );
    assert_eq!(tracked["source"], "phi-lint");
    // UTF-16 code units: "á" is 1 unit (2 bytes), "😀" 2 units (4 bytes, 1 character).
    let units = prefix.encode_utf16().count();
    assert_ne!(units, prefix.len());
    assert_ne!(units, prefix.chars().count());
    assert_eq!(
        tracked["range"]["start"],
        json!({"line": 1, "character": units})
    );

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": html_uri}, "position": tracked["range"]["start"]}),
    );
    let markdown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        markdown.contains("TRK001") && markdown.contains("clicktracking"),
        "{markdown}"
    );
    assert!(!markdown.contains("558120"), "no document text in a hover");

    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": html_uri}, "range": tracked["range"],
               "context": {"diagnostics": [tracked]}}),
    );
    let quickfix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    assert_eq!(quickfix["isPreferred"], true);
    html = apply(&html, &quickfix["edit"], &html_uri);
    assert!(html.contains("<a clicktracking=\"off\" href="), "{html}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": html_uri, "version": 2}, "contentChanges": [{"text": html}]}),
    );
    // The tracking finding is fixed; the identifier in the link is the author's to remove.
    assert_eq!(codes(&client.diagnostics(&html_uri)), ["URL002"]);

    // An SMS template: an unused suppression (safe fix) and a plain-http link (unsafe fix).
    let sms_uri = file_uri(&project.join("sms/visit.hbs"));
    let mut sms = "{{!-- phi-lint: ignore-next-line[DX001] -- reviewed --}}\nLakeview Health: join at http://telehealth.example.org/j/4Kx9Q Reply STOP to opt out.\n".to_owned();
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": sms_uri, "languageId": "handlebars", "version": 1, "text": sms}}),
    );
    let diagnostics = client.diagnostics(&sms_uri);
    assert_eq!(codes(&diagnostics), ["PL900", "URL010"]);
    // Fix all applies the safe fix only.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": sms_uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    sms = apply(&sms, &actions[0]["edit"], &sms_uri);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": sms_uri, "version": 2}, "contentChanges": [{"text": sms}]}),
    );
    let diagnostics = client.diagnostics(&sms_uri);
    assert_eq!(codes(&diagnostics), ["URL010"]);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": sms_uri}, "range": diagnostics[0]["range"],
               "context": {"diagnostics": diagnostics}}),
    );
    let https = &actions.as_array().unwrap()[0];
    assert_eq!(https["isPreferred"], false, "unsafe");
    assert!(https["title"].as_str().unwrap().contains("(unsafe)"));
    sms = apply(&sms, &https["edit"], &sms_uri);
    assert_eq!(
        sms,
        "Lakeview Health: join at https://telehealth.example.org/j/4Kx9Q Reply STOP to opt out.\n"
    );
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": sms_uri, "version": 3}, "contentChanges": [{"text": sms}]}),
    );
    assert_eq!(client.diagnostics(&sms_uri), Vec::<Value>::new());

    // Closing clears; files that are not messages get no diagnostics.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": html_uri}}),
    );
    assert_eq!(client.diagnostics(&html_uri), Vec::<Value>::new());
    let code_uri = file_uri(&project.join("app.py"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": code_uri, "languageId": "python", "version": 1,
               "text": "msg = 'Your HIV test came back positive'\n"}}),
    );
    assert_eq!(client.diagnostics(&code_uri), Vec::<Value>::new());

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

#[test]
fn a_bad_configuration_is_shown_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("sms")).unwrap();
    std::fs::write(dir.path().join(".phi-lint.toml"), "ignor = [\"URL010\"]\n").unwrap();
    let mut client = Client::start(dir.path());
    client.request("initialize", json!({"processId": null, "capabilities": {}}));
    client.notify("initialized", json!({}));
    let uri = file_uri(&dir.path().join("sms/visit.txt"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
               "text": "Your HIV test came back positive"}}),
    );
    let shown = client.recv();
    assert_eq!(shown["method"], "window/showMessage", "{shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.starts_with("phi-lint: "), "{message}");
    assert!(!message.contains("HIV"), "{message}");
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // Shown once, not on every change.
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": "See you"}]}),
    );
    let next = client.recv();
    assert_eq!(next["method"], "textDocument/publishDiagnostics", "{next}");
    // An unsupported request is an error response, not the end of the session.
    client.send(json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/formatting",
                       "params": {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}}));
    let reply = client.recv();
    assert_eq!(reply["id"], 99);
    assert_eq!(reply["error"]["code"], -32601);
    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    assert!(client.child.wait().unwrap().success());
}
