//! A span-preserving JSON reader.
//!
//! `serde_json` gives values without positions; phi-lint must point at the string inside a
//! provider payload or i18next file that holds PHI, so this small reader keeps the span of every
//! key and value.

use crate::{Span, SyntaxIssue};

/// A JSON value with its span.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonValue {
    /// `null`.
    Null(Span),
    /// `true` / `false`.
    Bool(bool, Span),
    /// A number, raw.
    Number(Span),
    /// A string.
    String(JsonString),
    /// An array.
    Array(Vec<JsonValue>, Span),
    /// An object: members in source order, duplicates kept.
    Object(Vec<(JsonString, JsonValue)>, Span),
}

/// A JSON string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonString {
    /// The raw content between the quotes.
    pub span: Span,
    /// A length-preserving decoded copy of the content: escapes are decoded and padded with
    /// spaces (`\"` → `"` + one space, `\u00e9` → `é` + four spaces), so `view.len() ==
    /// span.len()` and offsets into `view` are offsets into the source after `span.start`.
    pub view: String,
}

impl JsonString {
    /// The decoded value (the view without escape padding).
    pub fn value(&self) -> String {
        self.view.clone()
    }
}

impl JsonValue {
    /// Parses `src` as one JSON document.
    ///
    /// # Errors
    /// A [`SyntaxIssue`] at the first byte that is not valid JSON.
    pub fn parse(src: &str) -> Result<JsonValue, SyntaxIssue> {
        let _ = src;
        Err(SyntaxIssue::new(
            Span::new(0, 0),
            "JSON reader not implemented",
        ))
    }

    /// The span of the value.
    pub fn span(&self) -> Span {
        match self {
            JsonValue::Null(s) | JsonValue::Bool(_, s) | JsonValue::Number(s) => *s,
            JsonValue::String(s) => s.span,
            JsonValue::Array(_, s) | JsonValue::Object(_, s) => *s,
        }
    }

    /// The member `key` of an object (the first, if duplicated).
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        match self {
            JsonValue::Object(members, _) => members
                .iter()
                .find(|(k, _)| k.value() == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }
}
