//! Integration tests.
mod providers;
