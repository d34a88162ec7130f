//! Integration tests: one binary, one module per concern.

/// Adoption: failing closed on stdin, pipes and encodings; defaults that fit real repositories.
mod adopt;
/// Library guarantees: auto traits, redaction, no panics on arbitrary input.
mod api;
/// The CLI: exit codes, the `scan` contract, output shapes, a snapshot of the human report.
mod cli;
/// `check --fix`, `--unsafe-fixes` and `--diff` on scratch files.
mod cli_fix;
/// The CI workflow: configuration, suppressions, baselines, reporters, git modes.
mod cli_workflow;
/// Every file kind and template dialect, with exact expected findings.
mod files;
/// Automatic fixes: which findings carry one, applying them, fixing a document.
mod fix;
/// Precision and recall on the project's own labeled fixtures, gated.
mod labeled;
/// File size and line length bounds: refused with an error, never cut; the run goes on.
mod limits;
/// `phi-lint server`: a scripted Language Server session.
mod lsp;
/// House style and contracts of the rule packs.
mod meta;
/// The library's document pipeline and configuration.
mod pipeline;
/// Provider payloads: tracking settings, metadata, BAA coverage.
mod providers;
/// No crash and no leak on hostile input (issue 16's reproducers).
mod reliability;
/// Every rule's inline `bad` / `good` examples.
mod rule_examples;
/// `phi-lint scan` as a sidecar: one record per input line, in order, flushed, exit codes.
mod scan;
/// Spanish and Unicode text: boundaries, accent folding, the language of a part.
mod spanish;
/// Shared helpers.
mod util;
