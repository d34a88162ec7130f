//! Workflow integration tests for the `phi-lint` binary: configuration, inline suppressions,
//! baselines, reporters, git modes and exit codes. Every fixture is synthetic (555-01xx
//! phones, example.org, SSN 078-05-1120).

use std::{
    path::{Path, PathBuf},
    process::{Command, Output},
};

use serde_json::Value;

const SSN_LINE: &str = "Your SSN 078-05-1120 is on file.";
const HTTP_LINE: &str = "Visit http://example.org/portal today.";
const CLEAN: &str = "Hi {{first_name}}, your appointment is confirmed. Reply STOP to opt out.\n";

/// A temporary project: a directory with its own `.git` so discovery stops there.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        Project { dir }
    }

    /// A real git repository (for `--staged` / `--diff-base`).
    fn git() -> Project {
        let dir = tempfile::tempdir().unwrap();
        let p = Project { dir };
        p.run_git(&["init", "-q", "-b", "main"]);
        p.run_git(&["config", "user.email", "dev@example.org"]);
        p.run_git(&["config", "user.name", "Dev"]);
        p.run_git(&["config", "commit.gpgsign", "false"]);
        p
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    fn run_git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_phi-lint"));
        c.args(args)
            .current_dir(self.path())
            .env_remove("CI")
            .env_remove("GITHUB_STEP_SUMMARY")
            .env("NO_COLOR", "1");
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        Run(self.cmd(args).output().expect("run phi-lint"))
    }
}

struct Run(Output);

impl Run {
    fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.0.stdout).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}\nstderr: {}",
                self.stdout(),
                self.stderr()
            )
        })
    }
    /// Codes of the unsuppressed findings in `--format json` output.
    fn active_codes(&self) -> Vec<String> {
        self.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["suppressed"].is_null())
            .map(|f| f["rule"].as_str().unwrap().to_owned())
            .collect()
    }
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\nstdout:\n{}\nstderr:\n{}",
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration

#[test]
fn closest_config_wins_and_discovery_stops_at_the_repo_root() {
    // outer/ holds a broken config; outer/repo/ is the repository: the outer file is never read.
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join(".phi-lint.toml"), "not = valid").unwrap();
    let p = Project {
        dir: tempfile::tempdir_in(outer.path()).unwrap(),
    };
    std::fs::create_dir(p.path().join(".git")).unwrap();
    p.write(".phi-lint.toml", "ignore = [\"ID001\"]\n");
    p.write("templates/sms/a.txt", &format!("{SSN_LINE}\n"));
    p.write("legacy/phi-lint.toml", "ignore = [\"URL010\"]\n");
    p.write("legacy/sms/b.txt", &format!("{SSN_LINE}\n{HTTP_LINE}\n"));
    p.write("nested/sms/c.txt", &format!("{SSN_LINE}\n"));

    let r = p.run(&["check", "--format", "json", "templates"]);
    assert_eq!(r.code(), 0, "{r:?}");
    let r = p.run(&["check", "--format", "json", "legacy"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(
        r.active_codes(),
        ["ID001"],
        "the closest file wins, no merge"
    );
    // One run over every directory uses each file's own config.
    let r = p.run(&["check", "--format", "json", "."]);
    assert_eq!(r.active_codes(), ["ID001"], "{r:?}");
    // A file directly named, from inside a subdirectory, finds the root config too.
    let out = p
        .cmd(&["check", "c.txt"])
        .current_dir(p.path().join("nested/sms"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Without the repository's own config, the walk still stops at .git.
    std::fs::remove_file(p.path().join(".phi-lint.toml")).unwrap();
    assert_eq!(p.run(&["check", "templates"]).code(), 1);
}

#[test]
fn pyproject_table_is_discovered_and_dotfile_beats_it() {
    let p = Project::new();
    p.write("a/pyproject.toml", "[project]\nname = \"x\"\n");
    p.write("a/sms/x.txt", &format!("{SSN_LINE}\n"));
    // A pyproject.toml without [tool.phi-lint] is not a config.
    assert_eq!(p.run(&["check", "a"]).code(), 1);
    p.write(
        "a/pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.phi-lint]\nignore = [\"ID001\"]\n",
    );
    let r = p.run(&["check", "a"]);
    assert_eq!(r.code(), 0, "{r:?}");
    let show = p.run(&["config", "show", "a"]);
    assert!(show.stdout().contains("pyproject.toml"), "{show:?}");
    p.write("a/.phi-lint.toml", "ignore = []\n");
    assert_eq!(p.run(&["check", "a"]).code(), 1);
}

#[test]
fn config_flag_and_isolated() {
    let p = Project::new();
    p.write(".phi-lint.toml", "ignore = [\"ID001\"]\n");
    p.write("other.toml", "ignore = [\"URL010\"]\n");
    p.write("sms/a.txt", &format!("{SSN_LINE}\n{HTTP_LINE}\n"));
    let r = p.run(&["check", "--format", "json", "sms"]);
    assert_eq!(r.active_codes(), ["URL010"]);
    let r = p.run(&["check", "--format", "json", "--config", "other.toml", "sms"]);
    assert_eq!(r.active_codes(), ["ID001"]);
    let r = p.run(&["check", "--format", "json", "--isolated", "sms"]);
    assert_eq!(r.active_codes(), ["ID001", "URL010"]);
    // CLI flags beat the file.
    let r = p.run(&["check", "--format", "json", "--ignore", "URL010", "sms"]);
    assert_eq!(r.active_codes(), Vec::<String>::new());
}

/// `--config` and `--isolated` are one option group: every command that takes them refuses both.
#[test]
fn config_and_isolated_exclude_each_other_on_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        &["check"][..],
        &["scan"],
        &["server"],
        &["baseline", "create"],
    ] {
        let args = [command, &["--config", "other.toml", "--isolated"]].concat();
        let out = crate::util::phi_lint(&args, "", dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("cannot be used with"), "{args:?}: {stderr}");
    }
}

#[test]
fn unknown_key_is_a_diagnostic_with_line_and_suggestion() {
    let p = Project::new();
    p.write(".phi-lint.toml", "# comment\nselct = [\"ID\"]\n");
    p.write("sms/a.txt", CLEAN);
    let r = p.run(&["check", "sms"]);
    assert_eq!(r.code(), 2, "{r:?}");
    let err = r.stderr();
    assert!(err.contains(".phi-lint.toml:2"), "{err}");
    assert!(err.contains("did you mean `select`"), "{err}");
    assert!(err.contains("selct = "), "the source line is shown: {err}");
}

#[test]
fn semantic_config_errors_point_at_the_value() {
    let p = Project::new();
    p.write("sms/a.txt", CLEAN);
    let cases = [
        (
            "[severity]\nID01 = \"warning\"\n",
            ":2:",
            "did you mean `ID001`",
        ),
        ("[severity]\nID001 = \"loud\"\n", ":2:", "unknown severity"),
        (
            "ignore = [\n  \"ID001\",\n  \"nope\",\n]\n",
            ":3:",
            "matches no rule",
        ),
        (
            "[[allow]]\nterm = \"Example Clinic\"\n",
            ":2:",
            "needs a `reason`",
        ),
        (
            "baa-providers = [\"twillio\"]\n",
            ":1:",
            "did you mean `twilio`",
        ),
        ("fail-on = \"sometimes\"\n", ":1:", "unknown severity"),
        ("[channels]\nfax = [\"x/**\"]\n", ":2:", "unknown channel"),
        (
            "[[per-path]]\npaths = [\"a/**\"]\nsyntax = \"cobol\"\n",
            ":3:",
            "unknown syntax",
        ),
        (
            "rule-packs = [\"missing.toml\"]\n",
            ":1:",
            "cannot read rule pack",
        ),
        ("select = \"ID001\"\n", ":1:", "invalid type"),
    ];
    for (text, line, needle) in cases {
        p.write(".phi-lint.toml", text);
        let r = p.run(&["check", "sms"]);
        assert_eq!(r.code(), 2, "{text}: {r:?}");
        let err = r.stderr();
        assert!(err.contains(line), "{text}: want {line} in {err}");
        assert!(err.contains(needle), "{text}: want {needle} in {err}");
        let v = p.run(&["config", "validate"]);
        assert_eq!(v.code(), 2, "validate {text}: {v:?}");
    }
}

#[test]
fn severity_fail_on_per_path_channels_allow_and_exclude() {
    let p = Project::new();
    p.write("notices/a.txt", "MRN 00482913 is ready.\n");
    p.write("sms/b.txt", &format!("{SSN_LINE}\n{HTTP_LINE}\n"));
    p.write("vendor/c.txt", &format!("{SSN_LINE}\n"));
    p.write("internal/d.txt", &format!("{HTTP_LINE}\n"));
    p.write(
        ".phi-lint.toml",
        r#"
fail-on = "error"
exclude = ["vendor/**"]
baa-providers = ["twilio", "SendGrid"]

[severity]
URL010 = "warning"

[channels]
email_text = ["notices/**"]

[[per-path]]
paths = ["internal/**"]
ignore = ["insecure_link"]

[[allow]]
term = "Example Clinic"
reason = "our organisation's name"
"#,
    );
    let r = p.run(&["check", "--format", "json", "."]);
    let doc = r.json();
    let findings = doc["findings"].as_array().unwrap();
    let by = |path: &str| -> Vec<(String, String)> {
        findings
            .iter()
            .filter(|f| f["path"].as_str().unwrap().contains(path))
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // [channels]: MRN is an error on SMS but a warning in an email body.
    assert_eq!(by("notices/a.txt"), [("ID002".into(), "warning".into())]);
    // [severity]
    assert_eq!(
        by("sms/b.txt"),
        [
            ("ID001".into(), "error".into()),
            ("URL010".into(), "warning".into())
        ]
    );
    // exclude, per-path ignore by category
    assert!(by("vendor").is_empty(), "{r:?}");
    assert!(by("internal").is_empty(), "{r:?}");
    assert!(r.stderr().contains("1 excluded by config"), "{r:?}");
    // fail-on = "error" from the config: ID001 is an error → 1; without it → 0.
    assert_eq!(r.code(), 1);
    assert_eq!(p.run(&["check", "notices"]).code(), 0);
    assert_eq!(
        p.run(&["check", "--fail-on", "warning", "notices"]).code(),
        1
    );
    // An excluded file named explicitly is still checked, unless --force-exclude.
    assert_eq!(p.run(&["check", "vendor/c.txt"]).code(), 1);
    assert_eq!(
        p.run(&["check", "--force-exclude", "vendor/c.txt"]).code(),
        0
    );
    let show = p.run(&["config", "show"]).stdout();
    assert!(
        show.contains("baa-providers = [\"twilio\", \"sendgrid\"]"),
        "{show}"
    );
    assert!(show.contains("email_text = [\"notices/**\"]"), "{show}");
}

#[test]
fn user_rule_packs_and_use_default_rules() {
    let p = Project::new();
    p.write(
        "org-rules.toml",
        r#"[pack]
name = "org"
description = "Organisation rules"

[[rule]]
code = "ORG001"
name = "internal-ward-code"
category = "identifier"
message = "message contains an internal ward code"
help = "do not send ward codes"
severity = { default = "error" }
scope = ["text"]
patterns = ['''\b(?P<phi>WARD-\d{4})\b''']
"#,
    );
    p.write("sms/a.txt", &format!("Ward WARD-1234 today. {SSN_LINE}\n"));
    p.write(".phi-lint.toml", "rule-packs = [\"org-rules.toml\"]\n");
    let r = p.run(&["check", "--format", "json", "sms"]);
    let mut codes = r.active_codes();
    codes.sort();
    assert_eq!(codes, ["ID001", "ORG001"], "{r:?}");
    p.write(
        ".phi-lint.toml",
        "rule-packs = [\"org-rules.toml\"]\nuse-default-rules = false\n",
    );
    let r = p.run(&["check", "--format", "json", "sms"]);
    assert_eq!(r.active_codes(), ["ORG001"], "{r:?}");
    // A broken pack points at the pack's own line.
    p.write(
        "org-rules.toml",
        &p.read("org-rules.toml")
            .replace("category = \"identifier\"", "category = \"gossip\""),
    );
    let r = p.run(&["check", "sms"]);
    assert_eq!(r.code(), 2, "{r:?}");
    assert!(r.stderr().contains("org-rules.toml"), "{r:?}");
}

#[test]
fn config_init_and_validate() {
    let p = Project::new();
    let r = p.run(&["config", "validate"]);
    assert_eq!(r.code(), 2, "no config found: {r:?}");
    let r = p.run(&["config", "init"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(p.read(".phi-lint.toml").contains("fail-on"));
    let r = p.run(&["config", "init"]);
    assert_eq!(r.code(), 2, "refuses to overwrite: {r:?}");
    let r = p.run(&["config", "validate"]);
    assert_eq!(r.code(), 0, "the starter file is valid: {r:?}");
    let show = p.run(&["config", "show"]);
    assert!(show.stdout().contains(".phi-lint.toml"), "{show:?}");
}

// ---------------------------------------------------------------------------------------------
// Inline suppressions

#[test]
fn suppressions_in_each_dialects_comment() {
    let p = Project::new();
    let cases = [
        (
            "sms/a.hbs",
            "{{!-- phi-lint: ignore-next-line[URL010] -- legacy portal --}}\n",
        ),
        (
            "sms/b.hbs",
            "{{! phi-lint: ignore[URL010] -- legacy portal }}\n",
        ),
        (
            "sms/c.liquid",
            "{% # phi-lint: ignore[URL010] -- legacy portal %}\n",
        ),
        (
            "sms/d.liquid",
            "{% comment %}phi-lint: ignore-next-line[URL010] -- legacy portal{% endcomment %}\n",
        ),
        (
            "sms/e.j2",
            "{# phi-lint: ignore[URL010] -- legacy portal #}\n",
        ),
        (
            "sms/f.erb",
            "<%# phi-lint: ignore[URL010] -- legacy portal %>\n",
        ),
        (
            "sms/g.tmpl",
            "{{/* phi-lint: ignore[URL010] -- legacy portal */}}\n",
        ),
    ];
    for (path, comment) in cases {
        p.write(path, &format!("{comment}{HTTP_LINE}\n"));
        let r = p.run(&["check", "--format", "json", path]);
        assert_eq!(r.code(), 0, "{path}: {r:?}");
        let doc = r.json();
        let f = &doc["findings"][0];
        assert_eq!(f["rule"], "URL010", "{path}");
        assert_eq!(f["suppressed"]["kind"], "inline", "{path}");
        assert_eq!(f["suppressed"]["reason"], "legacy portal", "{path}: {f}");
        assert!(r.stderr().contains("1 suppressed"), "{path}: {r:?}");
        // --no-inline-ignores brings it back.
        let r = p.run(&["check", "--no-inline-ignores", path]);
        assert_eq!(r.code(), 1, "{path}: {r:?}");
    }
}

#[test]
fn same_line_suppression_applies_to_its_own_line_only() {
    let p = Project::new();
    p.write(
        "sms/a.hbs",
        &format!("{HTTP_LINE} {{{{!-- phi-lint: ignore[URL010] -- legacy --}}}}\n{HTTP_LINE}\n"),
    );
    let r = p.run(&["check", "--format", "json", "sms/a.hbs"]);
    let doc = r.json();
    let lines: Vec<(i64, bool)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["line"].as_i64().unwrap(), f["suppressed"].is_null()))
        .collect();
    // (line, active): the comment's own line is suppressed, the next one is not.
    assert_eq!(lines, [(1, false), (2, true)], "{r:?}");
    assert_eq!(r.code(), 1);
}

#[test]
fn disable_enable_ranges_and_file_ignore() {
    let p = Project::new();
    p.write(
        "sms/a.j2",
        &format!(
            "{{# phi-lint: disable[URL010, ID001] -- migration PRIV-7 #}}\n{HTTP_LINE}\n{SSN_LINE}\n{{# phi-lint: enable[URL010, ID001] #}}\n{HTTP_LINE}\n"
        ),
    );
    let r = p.run(&["check", "--format", "json", "sms/a.j2"]);
    assert_eq!(r.active_codes(), ["URL010"], "{r:?}");
    assert_eq!(r.json()["findings"][2]["line"], 5);

    p.write(
        "sms/b.j2",
        &format!("{{# phi-lint: disable[URL010] -- until the end #}}\n{HTTP_LINE}\n"),
    );
    let r = p.run(&["check", "--format", "json", "sms/b.j2"]);
    assert_eq!(r.active_codes(), ["PL904"], "unterminated disable: {r:?}");

    p.write(
        "sms/c.hbs",
        &format!(
            "{HTTP_LINE}\n{HTTP_LINE}\n{{{{!-- phi-lint: file-ignore[URL] -- whole file --}}}}\n"
        ),
    );
    let r = p.run(&["check", "--format", "json", "sms/c.hbs"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert_eq!(r.active_codes(), Vec::<String>::new());
}

#[test]
fn bad_suppressions_are_reported() {
    let p = Project::new();
    p.write(
        "sms/a.hbs",
        &format!(
            "{{{{! phi-lint: ignore-next-line[URL010] }}}}\n{HTTP_LINE}\n\
             {{{{! phi-lint: ignore-next-line[ID001] -- nothing here }}}}\nHello.\n\
             {{{{! phi-lint: ignore[XX999] -- typo }}}}\n\
             {{{{! phi-lint: ignore -- blanket }}}}\n"
        ),
    );
    let r = p.run(&["check", "--format", "json", "sms/a.hbs"]);
    assert_eq!(r.code(), 1, "{r:?}");
    let doc = r.json();
    let metas: Vec<(String, i64, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["category"] == "suppression")
        .map(|f| {
            assert_eq!(f["phi"], false);
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["line"].as_i64().unwrap(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        metas.contains(&("PL901".into(), 1, "warning".into())),
        "{metas:?}"
    );
    assert!(
        metas.contains(&("PL900".into(), 3, "warning".into())),
        "{metas:?}"
    );
    assert!(
        metas.contains(&("PL902".into(), 5, "error".into())),
        "{metas:?}"
    );
    assert!(
        metas.contains(&("PL905".into(), 6, "error".into())),
        "{metas:?}"
    );
    // The finding without a reason is still suppressed, and PHI counts exclude PL9xx.
    assert_eq!(doc["summary"]["phi"], 0, "{doc}");
    assert_eq!(doc["summary"]["suppression_problems"], 4);
    // PL9xx can be ignored in config like any code.
    p.write(".phi-lint.toml", "ignore = [\"PL900\", \"PL901\"]\n");
    let r = p.run(&["check", "--format", "json", "sms/a.hbs"]);
    let mut codes = r.active_codes();
    codes.sort();
    assert_eq!(codes, ["PL902", "PL905"], "{r:?}");
}

#[test]
fn html_comment_suppression_works_but_warns() {
    let p = Project::new();
    p.write(
        "email/a.html",
        "<p>Hello</p>\n<!-- phi-lint: ignore-next-line[URL010] -- legacy footer -->\n<p><a href=\"http://example.org/portal\">portal</a></p>\n",
    );
    let r = p.run(&["check", "--format", "json", "email/a.html"]);
    assert_eq!(r.active_codes(), ["PL903"], "{r:?}");
    let doc = r.json();
    let url = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "URL010")
        .expect("URL010 reported");
    assert_eq!(url["suppressed"]["reason"], "legacy footer");
}

// ---------------------------------------------------------------------------------------------
// Baselines

fn baseline_entries(p: &Project) -> Vec<Value> {
    let doc: Value = serde_json::from_str(&p.read(".phi-lint-baseline.json")).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["fingerprint-scheme"], "ctx-v1");
    doc["entries"].as_array().unwrap().clone()
}

#[test]
fn baseline_create_check_and_line_moves() {
    let p = Project::new();
    p.write(
        "sms/a.txt",
        &format!("{SSN_LINE}\n{HTTP_LINE}\n{HTTP_LINE}\n"),
    );
    assert_eq!(p.run(&["check", "sms"]).code(), 1);
    let r = p.run(&["baseline", "create", "--reason", "legacy PRIV-9", "sms"]);
    assert_eq!(r.code(), 0, "{r:?}");
    let entries = baseline_entries(&p);
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0]["path"], "sms/a.txt");
    assert_eq!(entries[0]["rule"], "ID001");
    assert_eq!(entries[1]["rule"], "URL010");
    assert_eq!(entries[1]["count"], 2, "duplicates are counted");
    assert_eq!(entries[0]["reason"], "legacy PRIV-9");
    assert!(
        entries[0]["fingerprint"]
            .as_str()
            .unwrap()
            .starts_with("ctx1:")
    );

    let r = p.run(&["check", "--baseline", ".phi-lint-baseline.json", "sms"]);
    assert_eq!(r.code(), 0, "{r:?}");
    assert!(
        r.stderr().contains("3 suppressed (0 inline, 3 baseline)"),
        "{r:?}"
    );

    // Lines move: still suppressed.
    p.write(
        "sms/a.txt",
        &format!("Hello!\n\n{HTTP_LINE}\n  {SSN_LINE}\n\n{HTTP_LINE}\n"),
    );
    let r = p.run(&["check", "--baseline", ".phi-lint-baseline.json", "sms"]);
    assert_eq!(r.code(), 0, "{r:?}");

    // A third insecure link is new.
    p.write(
        "sms/a.txt",
        &format!("{SSN_LINE}\n{HTTP_LINE}\n{HTTP_LINE}\n{HTTP_LINE}\n"),
    );
    let r = p.run(&[
        "check",
        "--format",
        "json",
        "--baseline",
        ".phi-lint-baseline.json",
        "sms",
    ]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(r.active_codes(), ["URL010"]);
    let suppressed = r.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"]["kind"] == "baseline")
        .count();
    assert_eq!(suppressed, 3);

    // create refuses to overwrite; update keeps reasons and adds the new one.
    assert_eq!(
        p.run(&["baseline", "create", "--reason", "x", "sms"])
            .code(),
        2
    );
    let r = p.run(&["baseline", "update", "--reason", "second batch", "sms"]);
    assert_eq!(r.code(), 0, "{r:?}");
    let entries = baseline_entries(&p);
    assert_eq!(entries[1]["count"], 3);
    assert_eq!(entries[0]["reason"], "legacy PRIV-9");
    // Fixed findings drop out on update, and the file is byte-stable when nothing changes.
    p.write("sms/a.txt", &format!("{SSN_LINE}\n"));
    p.run(&["baseline", "update", "--reason", "x", "sms"]);
    let first = p.read(".phi-lint-baseline.json");
    p.run(&["baseline", "update", "--reason", "y", "sms"]);
    assert_eq!(first, p.read(".phi-lint-baseline.json"));
    assert_eq!(baseline_entries(&p).len(), 1);
    // Stale entries are mentioned.
    p.write("sms/a.txt", "Hello.\n");
    let r = p.run(&["check", "--baseline", ".phi-lint-baseline.json", "sms"]);
    assert!(r.stderr().contains("no longer found"), "{r:?}");
}

#[test]
fn baseline_stores_no_phi_and_no_value_hash() {
    use sha2::{Digest, Sha256};
    let p = Project::new();
    p.write("sms/a.txt", "We have your SSN 078-05-1120 on file.\n");
    p.run(&["baseline", "create", "--reason", "legacy", "sms"]);
    let text = p.read(".phi-lint-baseline.json");
    let fp1 = baseline_entries(&p)[0]["fingerprint"].clone();
    // No substring of the matched value (any 4+ consecutive characters of it).
    let value = "078-05-1120";
    for len in 4..=value.len() {
        for start in 0..=value.len() - len {
            let piece = &value[start..start + len];
            assert!(!text.contains(piece), "baseline contains {piece:?}");
        }
    }
    for v in ["078051120", "078-05-1120"] {
        let hex: String = Sha256::digest(v.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(
            !text.contains(&hex[..8]),
            "baseline holds a hash of the value"
        );
    }
    // Changing only the matched value keeps the fingerprint: it cannot encode the value.
    p.write("sms/a.txt", "We have your SSN 219-09-9999 on file.\n");
    let r = p.run(&["check", "--format", "json", "sms"]);
    assert_eq!(r.json()["findings"][0]["fingerprint"], fp1, "{r:?}");
    let r = p.run(&["check", "--baseline", ".phi-lint-baseline.json", "sms"]);
    assert_eq!(r.code(), 0, "{r:?}");
    // CI refuses to write baselines unless told.
    let mut c = p.cmd(&["baseline", "update", "--reason", "x", "sms"]);
    let out = c.env("CI", "true").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------------
// Reporters

fn violating_project() -> Project {
    let p = Project::new();
    p.write(
        "sms/a.hbs",
        &format!(
            "{SSN_LINE}\n{{{{!-- phi-lint: ignore-next-line[URL010] -- legacy <portal> & \"co\" --}}}}\n{HTTP_LINE}\nSee https://example.org/r?patient_id=558120 now.\n"
        ),
    );
    p.write("sms/clean.txt", "Your appointment is confirmed.\n");
    p
}

#[test]
fn sarif_is_valid_and_complete() {
    let p = violating_project();
    let r = p.run(&["check", "--format", "sarif", "sms"]);
    assert_eq!(r.code(), 1, "{r:?}");
    let out = r.stdout();
    assert!(!out.contains("078-05"), "no matched text in SARIF");
    assert!(!out.contains("558120"), "no matched text in SARIF");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &doc["runs"][0];
    assert_eq!(run["automationDetails"]["id"], "phi-lint/");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "phi-lint");
    assert!(driver["version"].is_string());
    assert!(driver["informationUri"].is_string());
    let rules = driver["rules"].as_array().unwrap();
    for rule in rules {
        for key in ["id", "name"] {
            assert!(rule[key].is_string(), "{rule}");
        }
        for key in ["shortDescription", "fullDescription"] {
            let t = rule[key]["text"].as_str().unwrap();
            assert!(!t.is_empty() && t.len() <= 1024, "{rule}");
        }
        assert!(rule["help"]["text"].is_string() && rule["help"]["markdown"].is_string());
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap())
        );
        assert!(rule["properties"]["tags"].is_array());
        assert!(rule["properties"]["precision"].is_string());
    }
    let ssn_rule = rules.iter().find(|r| r["id"] == "ID001").unwrap();
    let sev: f64 = ssn_rule["properties"]["security-severity"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((0.1..=10.0).contains(&sev));
    let results = run["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"ID001") && codes.contains(&"URL010") && codes.contains(&"URL002"),
        "{codes:?}"
    );
    for res in results {
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().unwrap()));
        assert!(res["message"]["text"].is_string());
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "sms/a.hbs");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["region"][key].as_u64().unwrap() >= 1, "{res}");
        }
        assert!(loc["region"].get("snippet").is_none());
        assert!(
            res["partialFingerprints"]["phiLint/ctx/v1"]
                .as_str()
                .unwrap()
                .starts_with("ctx1:")
        );
    }
    let suppressed = results.iter().find(|r| r["ruleId"] == "URL010").unwrap();
    assert_eq!(suppressed["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        suppressed["suppressions"][0]["justification"],
        "legacy <portal> & \"co\""
    );
    let ssn = results.iter().find(|r| r["ruleId"] == "ID001").unwrap();
    assert_eq!(
        ssn["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert_eq!(
        ssn["locations"][0]["physicalLocation"]["region"]["startColumn"],
        10
    );
    assert_eq!(
        ssn["locations"][0]["physicalLocation"]["region"]["endColumn"],
        21
    );

    validate_against_schema(p.path(), &out);
}

/// Validates `sarif` against the vendored SARIF 2.1.0 schema with Python's `jsonschema`, when
/// python3 and the module are available (otherwise the structural checks above stand alone).
fn validate_against_schema(dir: &Path, sarif: &str) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/workflow/sarif-schema-2.1.0.json");
    let file = dir.join("out.sarif");
    std::fs::write(&file, sarif).unwrap();
    let script = "import json,sys\n\
        try:\n    import jsonschema\nexcept ImportError:\n    print('SKIP'); sys.exit(0)\n\
        schema=json.load(open(sys.argv[1])); doc=json.load(open(sys.argv[2]))\n\
        cls=jsonschema.validators.validator_for(schema)\n\
        errs=sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))\n\
        [print('/'.join(map(str,e.path)), e.message) for e in errs]\n\
        sys.exit(1 if errs else 0)\n";
    match Command::new("python3")
        .args(["-c", script])
        .arg(&schema)
        .arg(&file)
        .output()
    {
        Ok(out) => {
            let stdout = String::from_utf8_lossy(&out.stdout);
            if stdout.trim() == "SKIP" {
                eprintln!(
                    "note: python3 jsonschema not installed; SARIF schema validation skipped"
                );
                return;
            }
            assert!(
                out.status.success(),
                "SARIF fails the 2.1.0 schema:\n{stdout}{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Err(_) => eprintln!("note: python3 not found; SARIF schema validation skipped"),
    }
}

#[test]
fn json_and_jsonl_shapes() {
    let p = violating_project();
    let r = p.run(&["check", "--format", "json", "sms"]);
    let doc = r.json();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["tool"]["name"], "phi-lint");
    assert_eq!(doc["summary"]["files"], 2);
    assert_eq!(doc["summary"]["suppressed"]["inline"], 1);
    for f in doc["findings"].as_array().unwrap() {
        for key in [
            "path",
            "rule",
            "name",
            "category",
            "severity",
            "message",
            "line",
            "column",
            "fingerprint",
        ] {
            assert!(!f[key].is_null(), "{key} in {f}");
        }
    }
    assert!(!r.stdout().contains("078-05"));
    let r = p.run(&["check", "--format", "jsonl", "sms"]);
    let lines: Vec<Value> = r
        .stdout()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "{r:?}");
    assert!(lines.iter().any(|l| l["suppressed"]["kind"] == "inline"));
}

#[test]
fn github_annotations_escape_and_summarise() {
    let p = Project::new();
    p.write("sms/a,b:c.txt", &format!("{SSN_LINE}\n{HTTP_LINE}\n"));
    let summary = p.path().join("step-summary.md");
    let out = p
        .cmd(&["check", "--format", "github", "sms"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    // The help text after `%0Ahelp:` is the rule's own; the escaping before it is what's tested.
    assert!(
        lines[0].starts_with(
            "::error file=sms/a%2Cb%3Ac.txt,line=1,col=10,endLine=1,endColumn=21,title=phi-lint ID001::ID001 message contains a Social Security number [identifier]%0Ahelp: "
        ),
        "{}",
        lines[0]
    );
    assert!(!lines[0]["::error".len()..].contains(['\n', '\r']));
    assert!(lines[1].starts_with("::error file=sms/a%2Cb%3Ac.txt,line=2,col=7,"));
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("::notice title=phi-lint::phi-lint: checked 1 file; 2 findings")
    );
    assert!(!stdout.contains("078-05"));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("| ID001 | social-security-number | identifier | error | 1 | 0 |"),
        "{md}"
    );
}

#[test]
fn junit_is_well_formed_and_escaped() {
    let p = violating_project();
    let r = p.run(&[
        "check",
        "--format",
        "junit",
        "--output-file",
        "report.xml",
        "sms",
    ]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.stdout().is_empty(), "--output-file writes the file only");
    assert!(r.stderr().contains("phi-lint: checked 2 files"));
    let xml = p.read("report.xml");
    assert!(xml.starts_with("<?xml"));
    assert_eq!(xml.matches("<testsuite ").count(), 2);
    assert!(
        xml.contains(
            "<skipped message=\"suppressed: legacy &lt;portal&gt; &amp; &quot;co&quot;\"/>"
        ),
        "{xml}"
    );
    assert!(xml.contains("testcase name=\"no findings\""));
    assert!(!xml.contains("078-05"));
    // Parse it, when python3 is around.
    if let Ok(out) = Command::new("python3")
        .args(["-c", "import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); print(r.get('failures'))"])
        .arg(p.path().join("report.xml"))
        .output()
    {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "2");
    }
}

// ---------------------------------------------------------------------------------------------
// Git

#[test]
fn staged_mode_reads_the_index_not_the_working_tree() {
    let p = Project::git();
    p.write("sms/a.txt", CLEAN);
    p.write("sms/b.txt", CLEAN);
    p.run_git(&["add", "."]);
    p.run_git(&["commit", "-qm", "init"]);
    // Stage a violation, then clean the working tree again.
    p.write("sms/a.txt", &format!("{SSN_LINE}\n"));
    p.run_git(&["add", "sms/a.txt"]);
    p.write("sms/a.txt", CLEAN);
    // Unstaged violation in another file: not part of --staged.
    p.write("sms/b.txt", &format!("{HTTP_LINE}\n"));
    let r = p.run(&["check", "--staged", "--format", "json"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert_eq!(r.active_codes(), ["ID001"]);
    assert_eq!(r.json()["summary"]["files"], 1);
    let r = p.run(&["check", "--format", "json", "sms"]);
    assert_eq!(r.active_codes(), ["URL010"], "working tree: {r:?}");
    // Nothing staged → clean.
    p.run_git(&["reset", "-q"]);
    assert_eq!(p.run(&["check", "--staged"]).code(), 0);
}

#[test]
fn diff_base_reports_only_changed_lines() {
    let p = Project::git();
    p.write("sms/a.txt", &format!("{SSN_LINE}\nHello.\n"));
    p.write("sms/old.txt", &format!("{HTTP_LINE}\n"));
    p.run_git(&["add", "."]);
    p.run_git(&["commit", "-qm", "init"]);
    p.write("sms/a.txt", &format!("{SSN_LINE}\nHello.\n{HTTP_LINE}\n"));
    let r = p.run(&["check", "--diff-base", "HEAD", "--format", "json", "sms"]);
    assert_eq!(r.code(), 1, "{r:?}");
    let doc = r.json();
    let found: Vec<(String, i64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().into(),
                f["line"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("URL010".to_owned(), 3)]);
    assert_eq!(p.run(&["check", "sms"]).code(), 1);
    let r = p.run(&["check", "--diff-base", "no-such-ref", "sms"]);
    assert_eq!(r.code(), 2, "{r:?}");
}

// ---------------------------------------------------------------------------------------------
// Exit codes

#[test]
fn exit_codes() {
    let p = Project::new();
    p.write("sms/clean.txt", CLEAN);
    p.write("email/mrn.txt", "MRN 00482913 is ready.\n");
    assert_eq!(p.run(&["check", "sms"]).code(), 0);
    assert_eq!(
        p.run(&["check", "email"]).code(),
        1,
        "warning ≥ default fail-on"
    );
    assert_eq!(p.run(&["check", "--fail-on", "error", "email"]).code(), 0);
    assert_eq!(p.run(&["check", "--exit-zero", "email"]).code(), 0);
    assert_eq!(p.run(&["check", "--exit-zero", "missing-dir"]).code(), 2);
    assert_eq!(p.run(&["check", "--format", "nope"]).code(), 2);
    assert_eq!(
        p.run(&["check", "--baseline", "missing.json", "sms"])
            .code(),
        2
    );
    let r = p.run(&["check", "email"]);
    assert!(
        r.stderr()
            .contains("phi-lint: checked 1 file; 1 finding (0 error, 1 warning, 0 info)"),
        "{r:?}"
    );
}

#[test]
fn one_scan_several_reports() {
    let p = violating_project();
    let r = p.run(&[
        "check",
        "--format",
        "concise",
        "--report",
        "sarif=out/phi-lint.sarif",
        "--report",
        "junit=phi-lint.xml",
        "sms",
    ]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(
        r.stdout().contains("sms/a.hbs:1:10: ID001 [error]"),
        "{r:?}"
    );
    let r2 = p.run(&["check", "--report", "sarif", "sms"]);
    assert_eq!(r2.code(), 2, "FORMAT=FILE is required: {r2:?}");
    let sarif: Value = serde_json::from_str(&p.read("out/phi-lint.sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(p.read("phi-lint.xml").contains("<testsuites"));
}

#[test]
fn baseline_check_reports_stale_entries() {
    let p = Project::new();
    p.write("sms/a.txt", &format!("{SSN_LINE}\n"));
    p.run(&["baseline", "create", "--reason", "legacy", "sms"]);
    let r = p.run(&["baseline", "check", "sms"]);
    assert_eq!(r.code(), 0, "{r:?}");
    p.write("sms/a.txt", "Hello.\n");
    let r = p.run(&["baseline", "check", "sms"]);
    assert_eq!(r.code(), 1, "{r:?}");
    assert!(r.stderr().contains("no longer found"));
}

#[test]
fn allowed_terms_drop_findings_inside_them() {
    let p = Project::new();
    p.write(
        "org.toml",
        r#"[pack]
name = "org"
description = "Organisation rules"

[[rule]]
code = "ORG100"
name = "oncology-term"
category = "diagnosis"
message = "message names a cancer"
help = "refer to the visit, not the condition"
severity = { default = "error" }
scope = ["text"]
terms = ["cancer"]
"#,
    );
    p.write(
        "sms/a.txt",
        "Example Cancer Center: your visit is confirmed.\nYour cancer screening is due.\n",
    );
    p.write(
        ".phi-lint.toml",
        "rule-packs = [\"org.toml\"]\n\n[[allow]]\nterm = \"Example Cancer Center\"\nreason = \"our organisation's name\"\n",
    );
    let r = p.run(&["check", "--format", "json", "sms"]);
    let doc = r.json();
    let lines: Vec<i64> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["line"].as_i64().unwrap())
        .collect();
    // The allowed organisation name on line 1 silences every rule inside it (the org pack's and
    // the built-in service rule); "cancer screening" on line 2 is still reported.
    assert!(lines.iter().all(|&l| l == 2) && !lines.is_empty(), "{r:?}");
}

#[test]
fn language_comes_from_the_locale_path_and_the_config() {
    let p = Project::new();
    // English stopwords outnumber Spanish ones: on its own the text reads as English, where
    // Spanish rules do not run.
    let text = "Your quimio: martes 9am\n";
    p.write(
        "config/locales/es.yml",
        &format!("es:\n  sms:\n    prep: \"{}\"\n", text.trim()),
    );
    p.write("sms/a.txt", text);
    let r = p.run(&["check", "--format", "json", "config"]);
    assert_eq!(r.active_codes(), ["ESPR001"]);
    let r = p.run(&["check", "--format", "json", "sms"]);
    assert_eq!(r.active_codes(), Vec::<String>::new());
    p.write(".phi-lint.toml", "language = \"es\"\n");
    let r = p.run(&["check", "--format", "json", "sms"]);
    assert_eq!(r.active_codes(), ["ESPR001"]);
    p.write(".phi-lint.toml", "language = \"fr\"\n");
    let r = p.run(&["check", "--format", "json", "sms"]);
    assert_eq!(r.code(), 2);
    assert!(r.stderr().contains("unknown language"), "{r:?}");
}
