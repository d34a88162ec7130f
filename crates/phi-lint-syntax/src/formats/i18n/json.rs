//! i18next / nested JSON: the reader is the span-preserving JSON parser of `formats::json`.

use super::{Out, push_key};
use crate::formats::json::JsonValue;

pub(super) fn extract_json(src: &str, out: &mut Out) {
    let (root, err) = JsonValue::parse_partial(src);
    out.issues.extend(err);
    walk_json(&root, &mut String::new(), out);
}

fn walk_json(value: &JsonValue, path: &mut String, out: &mut Out) {
    let len = path.len();
    match value {
        JsonValue::String(s) => out.entry(path.clone(), s.span, s.view.clone()),
        JsonValue::Object(members, _) => {
            for (key, value) in members {
                push_key(path, &key.value());
                walk_json(value, path, out);
                path.truncate(len);
            }
        }
        JsonValue::Array(items, _) => {
            for (i, value) in items.iter().enumerate() {
                path.push_str(&format!("[{i}]"));
                walk_json(value, path, out);
                path.truncate(len);
            }
        }
        JsonValue::Null(_) | JsonValue::Bool(..) | JsonValue::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::I18nFormat;
    use super::super::tests::{check, get};

    #[test]
    fn json_i18next() {
        let src = r#"{"en": {"reminder_one": "Hi {{name}}, 1 visit", "reminder_other": "Tab\there",
            "list": ["a", {"b": "c"}], "n": 3}}"#;
        let (entries, issues) = check(src, I18nFormat::Json);
        assert!(issues.is_empty());
        assert_eq!(
            get(&entries, "en.reminder_one").view,
            "Hi {{name}}, 1 visit"
        );
        assert_eq!(get(&entries, "en.reminder_other").view, "Tab\t here");
        assert_eq!(get(&entries, "en.list[0]").view, "a");
        assert_eq!(get(&entries, "en.list[1].b").view, "c");
        assert_eq!(entries.len(), 4);

        let (entries, issues) = check(r#"{"a": "one", "b": "tw"#, I18nFormat::Json);
        assert_eq!(issues.len(), 1);
        assert_eq!(get(&entries, "a").view, "one");
    }
}
