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

/// A word of 1 to 7 bytes as an integer, distinct for distinct words.
fn word_key(word: &str) -> Option<u64> {
    if word.is_empty() || word.len() > 7 {
        return None;
    }
    let mut bytes = [0u8; 8];
    bytes[..word.len()].copy_from_slice(word.as_bytes());
    Some(u64::from_le_bytes(bytes))
}

/// The language of a normalized text (see [`STOPWORDS`]).
pub(crate) fn detect(normalized: &str) -> Language {
    // Every stopword has at most 7 bytes: a word is looked up as the integer its bytes spell
    // (zero-padded; a word holds no NUL), so a long text costs integer comparisons per word,
    // not string ones.
    static KEYS: std::sync::OnceLock<Vec<(u64, Language)>> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        let mut keys: Vec<(u64, Language)> = STOPWORDS
            .iter()
            .flat_map(|(lang, words)| words.iter().filter_map(|w| Some((word_key(w)?, *lang))))
            .collect();
        keys.sort_unstable_by_key(|&(key, _)| key);
        keys
    });
    let mut counts = [0usize; 2];
    for key in normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter_map(word_key)
    {
        let first = keys.partition_point(|&(k, _)| k < key);
        for &(_, lang) in keys[first..].iter().take_while(|&&(k, _)| k == key) {
            counts[lang as usize] += 1;
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

    #[test]
    fn stopword_keys_count_as_the_words_do() {
        // The integer look-up counts exactly the stopwords a word-by-word string look-up counts,
        // including words longer than any stopword and words one letter off one.
        let by_strings = |text: &str| {
            let mut counts = [0usize; 2];
            for word in text.split(|c: char| !c.is_alphanumeric()) {
                for (lang, words) in STOPWORDS {
                    counts[*lang as usize] += usize::from(words.contains(&word));
                }
            }
            let [en, es] = counts;
            if es >= en {
                Language::Spanish
            } else {
                Language::English
            }
        };
        for text in [
            "the cita de la clinica is for you",
            "y the y the y",
            "theory andes yours pleased nuestros thes",
            "por favor, the results are in; hola",
            "",
            "zzzzzzzz y",
            "mañana a las 3 with your team at the clinic",
        ] {
            assert_eq!(detect(text), by_strings(text), "{text:?}");
        }
    }
}
