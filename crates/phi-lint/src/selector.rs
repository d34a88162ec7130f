//! Rule selectors, one matcher for every place that takes them (builder selection and
//! severities, configuration validation, `[[per-path]]` filters, suppression directives).
//!
//! A selector is a rule code (`DX001`), a code prefix (`DX`), a rule name (`condition-name`), a
//! category (`diagnosis`) or `ALL`. The suppression findings (`PL9xx`, category `suppression`)
//! are selected the same way.

/// The category name of the suppression findings.
pub(crate) const SUPPRESSION_CATEGORY: &str = "suppression";

/// True when `sel` names the rule `code`/`name` (code, name, code prefix, `ALL`, or — when
/// `category` is given — the category).
pub(crate) fn matches(sel: &str, code: &str, name: &str, category: Option<&str>) -> bool {
    sel == "ALL"
        || sel == code
        || sel == name
        || category == Some(sel)
        || (!sel.is_empty()
            && sel.len() < code.len()
            && code.starts_with(sel)
            && sel.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// True for a selector naming the suppression findings (`PL`, `PL9`, `PL900`, `suppression`).
pub(crate) fn is_suppression(sel: &str) -> bool {
    sel == SUPPRESSION_CATEGORY
        || sel == "PL"
        || (sel.len() <= 5
            && sel.starts_with("PL9")
            && sel.bytes().skip(3).all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suppression_selectors() {
        for s in ["PL", "PL9", "PL90", "PL900", "PL905", "suppression"] {
            assert!(is_suppression(s), "{s}");
        }
        for s in ["P", "PL9000", "PLX", "ID001", "PL8"] {
            assert!(!is_suppression(s), "{s}");
        }
    }

    #[test]
    fn codes_prefixes_names_and_categories() {
        let m = |s| matches(s, "DX001", "condition-name", Some("diagnosis"));
        assert!(m("DX001") && m("DX") && m("DX0") && m("condition-name") && m("diagnosis"));
        assert!(m("ALL"));
        assert!(!m("DX001X") && !m("D-") && !m("medication") && !m(""));
        assert!(!matches("diagnosis", "DX001", "condition-name", None));
    }
}
