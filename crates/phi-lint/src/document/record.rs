//! The machine record of a document finding: the fields `phi-lint check --format json` prints
//! for it (less the path, which belongs to the file), for bindings and other callers that hand
//! findings on as data. No message text enters it.

use serde::{Serialize, Serializer, ser::SerializeStruct};

use super::{DocumentFinding, Problem};

impl Serialize for DocumentFinding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("DocumentFinding", 17)?;
        s.serialize_field("rule", self.code())?;
        s.serialize_field("name", self.name())?;
        s.serialize_field("category", self.category())?;
        s.serialize_field("phi", &self.is_phi())?;
        s.serialize_field("severity", &self.severity())?;
        s.serialize_field("message", &self.message())?;
        s.serialize_field("location", self.location())?;
        s.serialize_field("line", &self.start.0)?;
        s.serialize_field("column", &self.start.1)?;
        s.serialize_field("end_line", &self.end.0)?;
        s.serialize_field("end_column", &self.end.1)?;
        s.serialize_field("start", &self.span.start)?;
        s.serialize_field("end", &self.span.end)?;
        // The text-free key: a gettext msgid or natural-language i18n key is message text.
        s.serialize_field("part", &self.key)?;
        s.serialize_field("fingerprint", &self.fingerprint)?;
        // What a fix would do, never the edit itself: replacement text can be message text.
        s.serialize_field(
            "fix",
            &self.fix.as_ref().map(|f| FixRecord {
                applicability: f.applicability().as_str(),
                message: f.message(),
            }),
        )?;
        s.serialize_field(
            "suppressed",
            &self.suppressed.as_ref().map(|sup| Suppressed {
                kind: if sup.in_source { "inline" } else { "baseline" },
                reason: &sup.reason,
            }),
        )?;
        s.end()
    }
}

#[derive(Serialize)]
struct FixRecord<'a> {
    applicability: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct Suppressed<'a> {
    kind: &'static str,
    reason: &'a str,
}

impl Serialize for Problem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Problem", 3)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.serialize_field("message", &self.message)?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, Linter};

    #[test]
    fn a_document_finding_serializes_to_the_check_json_fields_without_text() {
        let linter = Linter::builder().build().expect("default rules build");
        let doc = Document::from_text(
            "config/locales/en.yml",
            "en:\n  reminders:\n    sms_body: \"Your HIV test results are ready\"\n",
        );
        let report = linter.check_document(&doc);
        let json = serde_json::to_value(report.findings()).expect("serializes");
        let first = &json[0];
        let keys: Vec<&str> = first
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected = [
            "rule",
            "name",
            "category",
            "phi",
            "severity",
            "message",
            "location",
            "line",
            "column",
            "end_line",
            "end_column",
            "start",
            "end",
            "part",
            "fingerprint",
            "fix",
            "suppressed",
        ];
        let mut keys_sorted = keys.clone();
        keys_sorted.sort_unstable();
        expected.sort_unstable();
        assert_eq!(keys_sorted, expected);
        assert_eq!(first["part"], "en.reminders.sms_body");
        assert_eq!(
            (first["line"].as_u64(), first["column"].as_u64()),
            (Some(3), Some(21))
        );
        assert!(first["suppressed"].is_null());
        assert!(!json.to_string().contains("HIV"), "no message text");
    }

    #[test]
    fn a_gettext_msgid_never_reaches_the_record() {
        let linter = Linter::builder().build().expect("default rules build");
        let doc = Document::from_text(
            "locale/en/messages.po",
            "msgid \"Your HIV test came back positive\"\nmsgstr \"\"\n",
        );
        let report = linter.check_document(&doc);
        assert!(!report.findings().is_empty());
        let json = serde_json::to_string(report.findings()).expect("serializes");
        assert!(!json.contains("HIV test"), "{json}");
    }
}
