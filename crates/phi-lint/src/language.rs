//! The language of a part: given by the caller (API, config, the locale of an i18n file) or
//! detected from stopwords. English packs run on every part (Spanglish is common); packs of
//! another language run only on parts in that language.

/// A language rule packs are written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// English: its packs run on every part.
    #[default]
    English,
    /// Spanish.
    Spanish,
}

impl Language {
    /// Every language, in a stable order.
    pub const ALL: [Language; 2] = [Language::English, Language::Spanish];

    /// The ISO 639-1 code (`es`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    /// Parses an ISO 639-1 code or a locale whose language is one (`es`, `es-MX`, `es_US`,
    /// `ES`).
    pub fn from_name(name: &str) -> Option<Language> {
        let lang = name.split(['-', '_', '.']).next()?;
        Language::ALL
            .into_iter()
            .find(|l| lang.eq_ignore_ascii_case(l.as_str()))
    }

    /// The locale an i18n file path or key path names, if any: a file stem that is a locale
    /// (`es.yml`, `es-MX.json`), a `_es` suffix (`messages_es.properties`, `strings_es_US.xml`),
    /// a locale folder (`locales/es/…`, `values-es/strings.xml`) or a leading key (`es.sms.body`).
    ///
    /// ```
    /// use phi_lint::Language;
    ///
    /// assert_eq!(Language::from_path_hint("config/locales/es.yml"), Some(Language::Spanish));
    /// assert_eq!(Language::from_path_hint("i18n/messages_es.properties"), Some(Language::Spanish));
    /// assert_eq!(Language::from_path_hint("public/locales/es-MX/sms.json"), Some(Language::Spanish));
    /// assert_eq!(Language::from_path_hint("res/values-es/strings.xml"), Some(Language::Spanish));
    /// assert_eq!(Language::from_path_hint("templates/sms/result_ready.txt"), None);
    /// assert_eq!(Language::from_path_hint("templates/estimates/es_fees.txt"), None);
    /// ```
    pub fn from_path_hint(path: &str) -> Option<Language> {
        // The most specific component names the locale: walk from the file name up.
        path.rsplit(['/', '\\']).find_map(|component| {
            let stem = component.split('.').next().unwrap_or(component);
            locale_of(stem).or_else(|| {
                // `messages_es`, `strings_es_US`, `values-es`: a locale after the last word.
                let (_, tail) = stem.split_once(['_', '-'])?;
                let mut pieces = tail.rsplit(['_', '-']);
                let last = pieces.next()?;
                locale_of(last)
                    .filter(|_| !stem.starts_with(last))
                    .or_else(|| {
                        let before = pieces.next()?;
                        locale_of(&format!("{before}_{last}"))
                    })
            })
        })
    }
}

/// `stem` read as a whole locale (`es`, `es-MX`, `es_419`), not a word that starts like one.
fn locale_of(stem: &str) -> Option<Language> {
    let mut pieces = stem.split(['-', '_']);
    let lang = pieces.next()?;
    let region_ok = pieces.all(|r| {
        (r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()))
            || (r.len() == 3 && r.bytes().all(|b| b.is_ascii_digit()))
    });
    if lang.len() != 2 || !region_ok {
        return None;
    }
    Language::from_name(lang)
}

/// Function words that tell the languages apart, already folded (no accents). The detector
/// counts whole-word occurrences of each list in one pass with the rule terms; a part is Spanish
/// when it has at least as many Spanish stopwords as English ones. English words of two
/// letters ("to", "at", "is") are left out, and so are Spanish ones that occur mostly inside
/// English words ("en", "se", "y"): every occurrence costs the automaton a match to check.
pub(crate) const STOPWORDS: &[(Language, &[&str])] = &[
    (
        Language::Spanish,
        &[
            "de", "del", "el", "es", "esta", "estan", "favor", "gracias", "hola", "hoy", "la",
            "las", "llame", "los", "manana", "nuestra", "nuestro", "para", "por", "que", "su",
            "sus", "una", "usted",
        ],
    ),
    (
        Language::English,
        &[
            "and", "are", "for", "from", "has", "have", "our", "please", "the", "this", "will",
            "with", "you", "your",
        ],
    ),
];

/// Decides a part's language from stopword counts (`counts[l as usize]`). A text with no
/// stopwords at all (a terse subject line, "Glucosa en ayunas: 180 mg/dl") runs the Spanish
/// packs too: English ones run anyway, and missing PHI costs more than a look-up.
pub(crate) fn decide(counts: [u16; 2]) -> Language {
    let (en, es) = (counts[0], counts[1]);
    if es >= en {
        Language::Spanish
    } else {
        Language::English
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_are_read_from_paths_and_keys() {
        for (path, want) in [
            ("config/locales/es.yml", Some(Language::Spanish)),
            ("locales/es/translation.json", Some(Language::Spanish)),
            (
                "src/i18n/messages_es_US.properties",
                Some(Language::Spanish),
            ),
            ("es.reminders.sms.body", Some(Language::Spanish)),
            ("config/locales/en.yml", Some(Language::English)),
            ("templates/espanol/sms.txt", None),
            ("templates/sms/estudio.txt", None),
            ("templates/es_fees/x.txt", None),
        ] {
            assert_eq!(Language::from_path_hint(path), want, "{path}");
        }
    }

    #[test]
    fn stopword_lists_are_folded_and_disjoint() {
        let [(_, es), (_, en)] = STOPWORDS else {
            unreachable!()
        };
        for w in es.iter().chain(en.iter()) {
            assert_eq!(crate::matcher::fold(w), *w);
        }
        assert!(es.iter().all(|w| !en.contains(w)));
    }
}
