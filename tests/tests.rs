//! Integration tests.
mod cli_workflow;
