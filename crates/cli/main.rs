//! The `phi-lint` binary: everything is in the `phi_lint_cli` library (`lib.rs`).

fn main() -> std::process::ExitCode {
    phi_lint_cli::main()
}
