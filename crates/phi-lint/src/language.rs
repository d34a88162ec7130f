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

/// Function words that tell the languages apart, folded (no accents) and sorted. A part is
/// Spanish when it has at least as many Spanish stopwords as English ones; a text with none at
/// all (a terse subject line, "Glucosa en ayunas: 180 mg/dl") runs the Spanish packs too:
/// English ones run anyway, and missing PHI costs more than a look-up.
pub(crate) const STOPWORDS: &[(Language, &[&str])] = &[
    (
        Language::Spanish,
        &[
            "al", "con", "de", "del", "el", "en", "es", "esta", "estan", "favor", "gracias",
            "hola", "hoy", "la", "las", "le", "llame", "los", "manana", "nuestra", "nuestro",
            "para", "por", "que", "se", "su", "sus", "una", "usted", "y",
        ],
    ),
    (
        Language::English,
        &[
            "and", "are", "at", "be", "for", "from", "has", "have", "hi", "in", "is", "it", "of",
            "on", "our", "please", "the", "this", "to", "we", "will", "with", "you", "your",
        ],
    ),
];

/// The language of a normalized text (see [`STOPWORDS`]).
pub(crate) fn detect(normalized: &str) -> Language {
    let mut counts = [0usize; 2];
    for word in normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= 7)
    {
        for (lang, words) in STOPWORDS {
            if words.binary_search(&word).is_ok() {
                counts[*lang as usize] += 1;
            }
        }
    }
    let [en, es] = counts;
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
    fn stopword_lists_are_folded_sorted_and_disjoint() {
        let [(_, es), (_, en)] = STOPWORDS else {
            unreachable!()
        };
        for list in [es, en] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(list.iter().all(|w| crate::normalize::fold(w) == *w));
        }
        assert!(es.iter().all(|w| !en.contains(w)));
    }

    #[test]
    fn detection_counts_stopwords() {
        let detect = |text: &str| detect(&crate::normalize::fold(text));
        assert_eq!(
            detect("Hola José, su prueba de VIH salió positiva."),
            Language::Spanish
        );
        assert_eq!(
            detect("Your quimio schedule changed: see the portal."),
            Language::English
        );
        assert_eq!(detect("Glucosa: 180 mg/dl"), Language::Spanish);
        assert_eq!(detect("Hi Maria, your cita is at 3 PM"), Language::English);
    }
}
