//! Bounded fuzzy matching of misspelled terms ("sertaline", "colonscopy", "DIABETIS").
//!
//! A word of text matches a term one edit away (insertion, deletion, substitution or adjacent
//! transposition) when both are single words of at least [`MIN_TERM_LEN`] letters with the same
//! first letter, the word is not itself a term, and the word is not an English word: `rules/wordlists/
//! english-near-terms.txt` lists every English word one edit from a term (derived from Debian's
//! wamerican by `scripts/derive_wordlists.py`), so "lactose" never reads as "lactase".
//!
//! Lookups use a symmetric deletion index: every term and each of its one-letter deletions is
//! stored under a hash, and a text word is looked up the same way, so a word costs one hash per
//! letter and no scan over the terms. Hand-written: the crates that do this (symspell) bring a
//! dictionary format, frequencies and allocations per lookup that a per-message check can not
//! afford.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::rules::{Rule, Scope};

/// Terms shorter than this are never fuzzed: short words sit one edit from too many others.
pub(crate) const MIN_TERM_LEN: usize = 7;
/// The wordlist of English words one edit from a term.
pub(crate) const ENGLISH_LIST: &str = "english-near-terms";

/// Keys are already hashes: pass them through.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Map<V> = HashMap<u64, V, BuildHasherDefault<PassThrough>>;
type Set = HashSet<u64, BuildHasherDefault<PassThrough>>;

const BASE: u64 = 0x0100_0000_01b3;

/// A polynomial hash of `word` without the byte at `skip` (none when `skip >= len`).
fn hash_without(word: &[u8], skip: usize) -> u64 {
    word.iter()
        .enumerate()
        .filter(|&(i, _)| i != skip)
        .fold(0, |h, (_, &b)| {
            h.wrapping_mul(BASE).wrapping_add(u64::from(b))
        })
}

/// `hash_without(word, skip)` for every `skip` in `0..=len`, in O(len) and without allocating:
/// the hash of a deletion is the prefix hash shifted past the suffix plus the suffix hash.
fn deletion_hashes(word: &[u8], out: &mut Vec<u64>) {
    out.clear();
    // Forward: out[i] = hash of word[..i].
    let mut prefix = 0u64;
    for &b in word {
        out.push(prefix);
        prefix = prefix.wrapping_mul(BASE).wrapping_add(u64::from(b));
    }
    out.push(prefix);
    // Backward: shift each prefix past the suffix after the skipped byte, add that suffix.
    let (mut suffix, mut pow) = (0u64, 1u64); // hash of word[i + 1..], BASE^(len - i - 1)
    for i in (0..word.len()).rev() {
        out[i] = out[i].wrapping_mul(pow).wrapping_add(suffix);
        suffix = u64::from(word[i]).wrapping_mul(pow).wrapping_add(suffix);
        pow = pow.wrapping_mul(BASE);
    }
}

/// True when `a` and `b` are at most one insertion, deletion, substitution or adjacent
/// transposition apart.
fn one_edit(a: &[u8], b: &[u8]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let i = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        return i == a.len()
            || a[i + 1..] == b[i + 1..]
            || (i + 1 < a.len()
                && a[i] == b[i + 1]
                && a[i + 1] == b[i]
                && a[i + 2..] == b[i + 2..]);
    }
    let (long, short) = if a.len() > b.len() { (a, b) } else { (b, a) };
    long[i + 1..] == short[i..]
}

/// Whether `term` of a rule is fuzzed: long enough, and only ASCII lower-case letters.
fn eligible(term: &str) -> bool {
    term.len() >= MIN_TERM_LEN && term.bytes().all(|b| b.is_ascii_lowercase())
}

/// The fuzzy index of the single-word terms of the rules in one scope, one part per first
/// letter (a misspelling keeps its first letter, see [`Letter::near`]), each built when a word
/// with that letter is first looked up: checking one message builds the few letters its long
/// words start with, not the whole index.
#[derive(Debug)]
pub(crate) struct FuzzyIndex {
    scope: Scope,
    letters: [OnceLock<Letter>; 26],
}

/// The fuzzy index of the eligible terms that start with one letter.
#[derive(Debug)]
struct Letter {
    /// Hash of a term or of one of its deletions → a range of `variant_terms`.
    variants: Map<(u32, u32)>,
    /// Indexes into `terms`, grouped by variant hash, in term order within a group (one flat
    /// array: a vector per hash cost most of the build).
    variant_terms: Vec<u32>,
    /// Each term and the rules it belongs to.
    terms: Vec<(Box<[u8]>, Vec<u32>)>,
    /// Words never fuzzed: the terms themselves and the English words near them.
    exact: Set,
    /// The longest term: a word longer by two or more is no term's misspelling, and skipping it
    /// keeps a pathological run of letters from costing more than one scan.
    max_len: usize,
}

impl FuzzyIndex {
    /// The index of the eligible terms of `rules` in `scope`; `None` when there are none.
    pub(crate) fn new(rules: &[Rule], scope: Scope) -> Option<FuzzyIndex> {
        let fuzzed =
            |rule: &&Rule| rule.in_scope(scope) && !rule.case_sensitive && rule.detector.is_none();
        rules
            .iter()
            .filter(fuzzed)
            .any(|rule| rule.terms.iter().any(|t| eligible(t)))
            .then(|| FuzzyIndex {
                scope,
                letters: Default::default(),
            })
    }

    /// Calls `hit(rule, start, end)` for each word of `text` (normalized: ASCII lower case)
    /// one edit from a term, with the word's byte range in `text`. `rules` are the ones the
    /// index was made for.
    pub(crate) fn find(&self, rules: &[Rule], text: &str, mut hit: impl FnMut(u32, usize, usize)) {
        let bytes = text.as_bytes();
        let mut hashes = Vec::with_capacity(64);
        let mut found: Vec<u32> = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if !is_word_byte(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            let word = &bytes[start..i];
            if word.len() < MIN_TERM_LEN || !word.iter().all(u8::is_ascii_lowercase) {
                continue;
            }
            let first = word[0];
            let letter = self.letters[usize::from(first - b'a')]
                .get_or_init(|| Letter::new(rules, self.scope, first));
            if word.len() > letter.max_len + 1 {
                continue;
            }
            deletion_hashes(word, &mut hashes);
            if letter.exact.contains(&hashes[word.len()]) {
                continue;
            }
            // Every term one edit away, not only the first: "amoxicilin" is one edit from the
            // English "amoxicillin" and the Spanish "amoxicilina", and only the rules of the
            // text's language run.
            found.clear();
            for id in letter.near(word, &hashes) {
                found.extend_from_slice(&letter.terms[id as usize].1);
            }
            found.sort_unstable();
            found.dedup();
            for &rule in &found {
                hit(rule, start, i);
            }
        }
    }
}

impl Letter {
    /// The index of the eligible terms of `rules` in `scope` that start with `first`.
    fn new(rules: &[Rule], scope: Scope, first: u8) -> Letter {
        let mut ids: rustc_hash::FxHashMap<&str, u32> = Default::default();
        let mut terms: Vec<(Box<[u8]>, Vec<u32>)> = Vec::new();
        for (r, rule) in rules.iter().enumerate() {
            if !rule.in_scope(scope) || rule.case_sensitive || rule.detector.is_some() {
                continue;
            }
            for term in &rule.terms {
                if term.as_bytes().first() != Some(&first) || !eligible(term) {
                    continue;
                }
                let id = *ids.entry(term).or_insert_with(|| {
                    terms.push((term.as_bytes().into(), Vec::new()));
                    (terms.len() - 1) as u32
                });
                terms[id as usize].1.push(r as u32);
            }
        }
        let english: Vec<&str> = english()
            .iter()
            .filter(|w| w.as_bytes().first() == Some(&first))
            .map(String::as_str)
            .collect();
        let mut exact: Set = Set::with_capacity_and_hasher(
            terms.len() + english.len(),
            BuildHasherDefault::default(),
        );
        // Grouped by counting, not by sorting every (hash, term) pair: the sort cost most of
        // the build. Pass one counts each hash's terms, pass two places them, in term order.
        let mut variants: Map<(u32, u32)> =
            Map::with_capacity_and_hasher(terms.len() * 8, BuildHasherDefault::default());
        let mut term_hashes: Vec<u64> = Vec::new();
        let mut term_ends: Vec<usize> = Vec::with_capacity(terms.len());
        let mut hashes = Vec::new();
        for (term, _) in &terms {
            deletion_hashes(term, &mut hashes);
            exact.insert(hashes[term.len()]);
            // "aab" less either "a" is "ab": one entry per distinct hash.
            hashes.sort_unstable();
            hashes.dedup();
            for &h in &hashes {
                variants.entry(h).or_default().1 += 1;
            }
            term_hashes.extend_from_slice(&hashes);
            term_ends.push(term_hashes.len());
        }
        let mut placed = 0;
        for range in variants.values_mut() {
            let count = range.1;
            *range = (placed, placed);
            placed += count;
        }
        let mut variant_terms = vec![0; placed as usize];
        let mut start = 0;
        for (id, &end) in term_ends.iter().enumerate() {
            for h in &term_hashes[start..end] {
                if let Some(range) = variants.get_mut(h) {
                    variant_terms[range.1 as usize] = id as u32;
                    range.1 += 1;
                }
            }
            start = end;
        }
        exact.extend(
            english
                .iter()
                .map(|w| hash_without(w.as_bytes(), usize::MAX)),
        );
        let max_len = terms.iter().map(|(t, _)| t.len()).max().unwrap_or(0);
        Letter {
            variants,
            variant_terms,
            terms,
            exact,
            max_len,
        }
    }

    /// The terms one edit from `word` that start with the same letter: misspellings rarely
    /// change the first letter, while texting shorthand one edit from an unrelated term often
    /// does ("watever"). A term may come more than once.
    fn near<'a>(&'a self, word: &'a [u8], hashes: &'a [u64]) -> impl Iterator<Item = u32> + 'a {
        hashes
            .iter()
            .filter_map(|h| self.variants.get(h))
            .flat_map(|&(start, end)| &self.variant_terms[start as usize..end as usize])
            .copied()
            .filter(move |&id| {
                let term = &self.terms[id as usize].0;
                term.first() == word.first() && one_edit(word, term)
            })
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// The English guard list, parsed once from the embedded wordlist.
fn english() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        crate::builtin::WORDLISTS
            .iter()
            .find(|(name, _)| *name == ENGLISH_LIST)
            .map(|(_, src)| {
                src.lines()
                    .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                    .map(|l| l.trim().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_hashes_match_the_direct_hash() {
        let long = "abcdefghij".repeat(8);
        let mut hashes = vec![7]; // cleared first
        let lengths = [0, 1, 2, 10, 63, 64, 65, 80].map(|n| &long.as_bytes()[..n]);
        for word in lengths
            .into_iter()
            .chain([&b"sertraline"[..], b"a", b"aab", b"\xff\x00z"])
        {
            deletion_hashes(word, &mut hashes);
            let direct: Vec<u64> = (0..=word.len()).map(|s| hash_without(word, s)).collect();
            assert_eq!(hashes, direct, "{word:?}");
        }
    }

    #[test]
    fn one_edit_covers_each_kind_of_edit() {
        let t = b"sertraline";
        assert!(one_edit(b"sertaline", t)); // deletion
        assert!(one_edit(b"sertrraline", t)); // insertion
        assert!(one_edit(b"sertroline", t)); // substitution
        assert!(one_edit(b"setrraline", t)); // transposition
        assert!(one_edit(t, t));
        assert!(!one_edit(b"sertalin", t));
        assert!(!one_edit(b"strealine", t));
    }

    #[test]
    fn misspellings_of_long_terms_match_but_english_words_and_short_terms_do_not() {
        let linter = crate::Linter::builder().build().unwrap();
        let rules = &linter.inner.rules;
        let index = FuzzyIndex::new(rules, Scope::Text).unwrap();
        let found = |text: &str| {
            let mut words = Vec::new();
            index.find(rules, text, |_, s, e| words.push(text[s..e].to_owned()));
            words.dedup();
            words
        };
        assert_eq!(found("your sertaline refill"), ["sertaline"]);
        assert_eq!(found("ur colonscopy is friday"), ["colonscopy"]);
        assert_eq!(found("the diabetis checkup"), ["diabetis"]);
        // Exact terms are the automaton's; English words near a term are never misspellings.
        assert!(found("your sertraline refill").is_empty());
        assert!(found("an addition to the ability").is_empty());
        assert!(found("a short note").is_empty());
        // Texting shorthand one edit from a term with another first letter is left alone.
        assert!(found("watever u shared").is_empty());
    }
}
