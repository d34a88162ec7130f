//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use phi_lint::{Category, Channel, Dialect, Linter, Message, Part, Severity};

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The default linter, built once per test binary.
pub(crate) fn linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| Linter::builder().build().expect("the embedded rules load"))
}

/// Runs the `phi-lint` binary with `args`, feeding `stdin`.
pub(crate) fn phi_lint(args: &[&str], stdin: &str, dir: &Path) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_phi-lint"))
        .args(args)
        .current_dir(dir)
        // As a developer runs it: CI=true changes behaviour (baselines refuse to be written).
        .env_remove("CI")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // A command that fails before reading its input (a usage error) closes the pipe early.
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

/// One labeled case (the schema of `tests/fixtures/labeled/*.jsonl`).
#[derive(Debug, serde::Deserialize)]
pub(crate) struct Case {
    pub(crate) id: String,
    pub(crate) channel: String,
    #[serde(default)]
    pub(crate) syntax: Option<String>,
    pub(crate) text: String,
    pub(crate) expect: Vec<String>,
}

/// The categories a message is flagged for (error or warning; compliance excluded), as the
/// evaluation counts them.
pub(crate) fn flagged(
    linter: &Linter,
    channel: Channel,
    syntax: Dialect,
    text: &str,
) -> Vec<Category> {
    let report = linter.check(&Message::new().part(Part::new(channel, text).syntax(syntax)));
    let mut cats: Vec<Category> = report
        .findings()
        .iter()
        .filter(|f| f.severity() >= Severity::Warning && f.category().is_phi())
        .map(|f| f.category())
        .collect();
    cats.sort();
    cats.dedup();
    cats
}
