//! The automaton over every term and keyword: the embedded packs' part built once by build.rs
//! and loaded here, the rest (user packs' words) built at run time.
//!
//! Both parts are double-array Aho-Corasick automata (`daachorse`): it serializes, and searches
//! faster than `aho-corasick`'s contiguous NFA. Building the default packs' ~10k words at run
//! time took most of a linter's build; loading them costs a copy and a bounds check.

use std::collections::HashMap;

use daachorse::DoubleArrayAhoCorasick;

use crate::error::BuildErrorKind;

/// The embedded packs' words (see build.rs): a little-endian `u32` word count, then the
/// serialized automaton whose values are the words' ranks.
static PREBUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/terms.daac"));

/// Gives each word an id (its automaton value) while a `TermIndex` is collected, then builds.
pub(crate) struct WordIds {
    prebuilt: Option<DoubleArrayAhoCorasick<u32>>,
    /// Words in `prebuilt`: the ids of the others start here.
    prebuilt_words: u32,
    extra: Vec<String>,
    extra_ids: HashMap<String, u32>,
}

impl WordIds {
    /// With `prebuilt`, the embedded packs' words come from the automaton build.rs made; without,
    /// every word is built at run time (no default packs, and the tests' reference).
    pub(crate) fn new(prebuilt: bool) -> WordIds {
        let loaded = prebuilt.then(load).flatten();
        let prebuilt_words = loaded.as_ref().map_or(0, |(_, n)| *n);
        WordIds {
            prebuilt: loaded.map(|(ac, _)| ac),
            prebuilt_words,
            extra: Vec::new(),
            extra_ids: HashMap::new(),
        }
    }

    /// The id of `word` (folded), `None` for the empty word (no automaton matches it).
    pub(crate) fn id(&mut self, word: &str) -> Option<usize> {
        if word.is_empty() {
            return None;
        }
        // The word itself is the longest match ending where it ends: the search need not list
        // the shorter words inside it.
        if let Some(ac) = &self.prebuilt
            && let Some(m) = ac
                .find_overlapping_no_suffix_iter(word)
                .find(|m| m.start() == 0 && m.end() == word.len())
        {
            return Some(m.value() as usize);
        }
        let next = self.prebuilt_words + self.extra.len() as u32;
        let id = *self.extra_ids.entry(word.to_owned()).or_insert_with(|| {
            self.extra.push(word.to_owned());
            next
        });
        Some(id as usize)
    }

    /// The automaton over every word given an id (and, when prebuilt, the default packs' others,
    /// which callers give no targets).
    ///
    /// # Errors
    /// [`BuildErrorKind::TooManyTerms`] when the words exceed what one automaton can hold
    /// (daachorse's limit of 2^24 states: user wordlists of many megabytes).
    pub(crate) fn build(self) -> Result<TermAutomaton, BuildErrorKind> {
        let first = self.prebuilt_words;
        let extra = if self.extra.is_empty() {
            None
        } else {
            let words = self.extra.iter().enumerate();
            let built =
                DoubleArrayAhoCorasick::with_values(words.map(|(i, w)| (w, first + i as u32)));
            Some(built.map_err(|e| BuildErrorKind::TooManyTerms(e.to_string()))?)
        };
        Ok(TermAutomaton {
            prebuilt: self.prebuilt,
            extra,
        })
    }
}

/// Loads the embedded packs' automaton: `None` (words built at run time) if it will not load.
/// The checked `deserialize` (bounds verified once, ~0.2 ms) rather than the unsafe unchecked
/// one: the bytes are ours, but a memory-safety bet is not worth 0.2 ms per linter.
fn load() -> Option<(DoubleArrayAhoCorasick<u32>, u32)> {
    let (count, bytes) = PREBUILT.split_first_chunk::<4>()?;
    let count = u32::from_le_bytes(*count);
    if count == 0 {
        return None;
    }
    let (ac, _) = DoubleArrayAhoCorasick::deserialize(bytes).ok()?;
    Some((ac, count))
}

/// Every term and keyword, searched with overlapping matches (every occurrence of every word).
pub(crate) struct TermAutomaton {
    prebuilt: Option<DoubleArrayAhoCorasick<u32>>,
    extra: Option<DoubleArrayAhoCorasick<u32>>,
}

impl TermAutomaton {
    /// Every occurrence of every word in `text`: `(start, end, word id)`.
    pub(crate) fn find<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        [&self.prebuilt, &self.extra]
            .into_iter()
            .flatten()
            .flat_map(move |ac| ac.find_overlapping_iter(text))
            .map(|m| (m.start(), m.end(), m.value() as usize))
    }

    /// The words of the prebuilt part (tests compare them with the packs' own reading).
    #[cfg(test)]
    pub(crate) fn prebuilt_words(&self) -> Vec<String> {
        let Some(ac) = &self.prebuilt else {
            return Vec::new();
        };
        let mut words: Vec<(u32, String)> = ac
            .iter()
            .map(|(bytes, id)| (id, String::from_utf8_lossy(&bytes).into_owned()))
            .collect();
        words.sort();
        words.into_iter().map(|(_, w)| w).collect()
    }

    /// Whether any word had to be built at run time.
    #[cfg(test)]
    pub(crate) fn has_extra(&self) -> bool {
        self.extra.is_some()
    }
}

impl std::fmt::Debug for TermAutomaton {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TermAutomaton")
            .field("prebuilt", &self.prebuilt.is_some())
            .field("extra", &self.extra.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use crate::matcher::{TermIndex, find};
    use crate::rules::{Rule, Scope};

    /// A linter with every default rule enabled, opt-in ones too (the prebuilt automaton holds
    /// their words, so any selection can use it).
    fn every_default_rule() -> crate::Linter {
        let codes: Vec<String> = crate::Linter::builder()
            .catalog()
            .unwrap()
            .into_iter()
            .map(|m| m.code)
            .collect();
        crate::Linter::builder().select(codes).build().unwrap()
    }

    /// build.rs reads the packs' words on its own: they must be exactly the library's.
    #[test]
    fn the_prebuilt_automaton_holds_exactly_the_default_packs_words() {
        let linter = every_default_rule();
        let rules = &linter.inner.rules;
        assert!(rules.iter().any(|r| r.meta.opt_in), "opt-in rules included");
        let words: BTreeSet<String> = rules
            .iter()
            .filter(|r| r.detector.is_none())
            .flat_map(|r| r.terms.iter().chain(&r.keywords))
            .filter(|w| !w.is_empty())
            .map(|w| w.to_string())
            .collect();
        let index = TermIndex::new(rules, true).unwrap();
        let prebuilt = index.automaton().prebuilt_words();
        assert!(prebuilt.len() > 5_000, "{}", prebuilt.len());
        assert_eq!(prebuilt.iter().cloned().collect::<BTreeSet<_>>(), words);
        assert!(
            !index.automaton().has_extra(),
            "no default word built at run time"
        );
    }

    fn hits(
        index: &TermIndex,
        rules: &[Rule],
        text: &str,
        scope: Scope,
    ) -> Vec<(u32, usize, usize, bool)> {
        let mut out = Vec::new();
        find(index, rules, text, scope, None, &mut out);
        out.iter()
            .map(|h| (h.rule, h.span.start, h.span.end, h.context))
            .collect()
    }

    /// The loaded automaton finds exactly what one built at run time from the same rules finds,
    /// on every rule example in every scope (the default selection, so some prebuilt words
    /// belong to no enabled rule).
    #[test]
    fn the_prebuilt_automaton_finds_what_a_run_time_one_finds() {
        let linter = crate::Linter::builder().build().unwrap();
        let rules = &linter.inner.rules;
        let (loaded, built) = (
            TermIndex::new(rules, true).unwrap(),
            TermIndex::new(rules, false).unwrap(),
        );
        assert!(loaded.automaton().has_extra() != built.automaton().has_extra());
        let texts = rules
            .iter()
            .flat_map(|r| r.examples.bad.iter().chain(&r.examples.good))
            .map(|e| e.text.replace(['«', '»'], ""));
        let mut found = 0;
        for text in texts {
            for scope in [Scope::Text, Scope::Url, Scope::Variable, Scope::UrlKey] {
                let expected = hits(&built, rules, &text, scope);
                assert_eq!(
                    hits(&loaded, rules, &text, scope),
                    expected,
                    "{scope:?} {text:?}"
                );
                found += expected.len();
            }
        }
        assert!(found > 1_000, "{found}");
    }

    /// A user pack's new words are built at run time next to the prebuilt ones; its words that
    /// are default words too use the prebuilt ids.
    #[test]
    fn user_words_are_built_at_run_time_beside_the_prebuilt_ones() {
        let pack = "[pack]\nname = \"extra\"\ndescription = \"d\"\n[[rule]]\ncode = \"XX001\"\n\
                    name = \"extra-words\"\ncategory = \"diagnosis\"\nmessage = \"m\"\nhelp = \"h\"\n\
                    severity = { default = \"error\" }\nterms = [\"zorblax fever\", \"diabetes\"]\n";
        for defaults in [true, false] {
            let mut builder = crate::Linter::builder().pack("extra.toml", pack);
            if !defaults {
                builder = builder.no_default_rules();
            }
            let linter = builder.build().unwrap();
            let rules = &linter.inner.rules;
            let code = |h: &(u32, usize, usize, bool)| rules[h.0 as usize].meta.code.clone();
            let text = "Your zorblax fever and diabetes";
            let mut found: Vec<(String, usize)> =
                hits(&linter.inner.terms, rules, text, Scope::Text)
                    .iter()
                    .filter(|h| code(h) == "XX001")
                    .map(|h| (code(h), h.1))
                    .collect();
            found.sort();
            assert_eq!(
                found,
                [("XX001".into(), 5), ("XX001".into(), 23)],
                "{defaults}"
            );
            assert!(linter.inner.terms.automaton().has_extra());
        }
    }
}
